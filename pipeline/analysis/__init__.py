"""Analysis: an ``Article`` in, an ``Extraction`` out, with evidence on every value.

``nlp`` (spaCy sentences and tokens) -> names (``pipeline.ner``: the rule tagger or
pantau's own Stanza model in ``stanza_ner``, trained by ``train_ner``) -> the rule
families in ``rules/`` (places, organisations, dates, elections, counts, officials,
events; documented data in ``rules/data/``) -> ``assemble`` (one Extraction, review
flags). ``analyse`` runs that on a batch; ``regions`` is the Kemendagri gazetteer the
rules resolve places against; ``examples`` runs the rules' documented examples.

May import: the base (``records``, ``errors``, ``text``), ``pipeline.extract`` and
``pipeline.ner``. Never crawl, storage, run, browse or the CLI: analysis is pure, so the
same code runs in a local worker, a Ray actor or a test.
"""
