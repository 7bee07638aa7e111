"""pantau's own Indonesian Stanza NER model (placeholder until the model lands)."""

from pathlib import Path

MODEL_DIR = Path(__file__).parent / "models" / "ner"


def model_available() -> bool:
    return False


class StanzaTagger:
    def __init__(self):
        from pipeline.errors import ModelMissing

        raise ModelMissing("the Stanza NER model is not built yet")
