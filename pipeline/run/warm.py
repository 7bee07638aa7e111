"""Start-up paid once per run, not once per worker: what the pool's fork server preloads.

Workers are forked from a server process (``multiprocessing``'s ``forkserver``) that
imports this module first. Importing it does the one-off work every worker would
otherwise repeat (about 4.5 s CPU each on this kind of machine): importing spaCy (and
with it torch) and building its Indonesian tokenizer (its hyphenated special cases are
added as texts need them, ``pipeline.analysis.nlp``), the region
gazetteer with its villages and the kabupaten seats, the language identifier, the rule
families' data, trafilatura and dateparser's expressions (htmldate's fallback for pages
without a dated meta tag); an invented article (no real text) is extracted and
analysed with the rules tagger to touch the rest. Workers inherit all of it.

Not preloaded: the NER model. Its load (and its int8 quantisation) runs torch code, and
a process that has run torch's thread pools must not fork; a worker loads it when the
gate first lets an article through (``pipeline.analysis.analyse``). What loading it
*imports* is preloaded, unless the run uses the rules tagger (``PANTAU_WARM_NER``, set
by ``engine.map_batches``): Stanza's modules (~0.3 s per worker; the ``torch._dynamo``
import its trainer's unused optimiser used to pull in is skipped at load, see
``stanza_ner._no_optimizer``). Importing them starts no thread (checked: one task in
/proc/self/task after all of the above). Threads are held
to one per process (``engine.limit_threads``) before torch is imported.

Nothing here may stop the server: a failure only means workers load it themselves.
"""

from __future__ import annotations

_PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Polres Amankan Rapat Pleno Rekapitulasi Suara</title>
<meta property="article:published_time" content="2024-02-20T08:00:00+07:00"></head><body>
<article><h1>Polres Amankan Rapat Pleno Rekapitulasi Suara</h1>
<p>SUKAMAJU - Sebanyak 120 personel Polres Sukamaju diterjunkan untuk mengamankan rapat
pleno rekapitulasi suara tingkat kecamatan di Kecamatan Sukamaju, Selasa (20/2/2024).</p>
<p>Kapolres Sukamaju AKBP Budi Santoso mengatakan pengamanan dilakukan bersama TNI dan
Satpol PP hingga seluruh kotak suara dari 45 TPS tiba di gudang logistik KPU.</p>
<p>"Kami pastikan tahapan Pemilu 2024 berjalan aman dan lancar," ujar Budi.</p>
</article></body></html>"""



def warm() -> None:
    """Do the one-off loads; each step on its own, none fatal."""
    import os
    import tempfile
    from pathlib import Path

    from pipeline.run.engine import limit_threads

    limit_threads()  # OMP/MKL threads = 1 before anything imports torch
    steps = []

    def step(fn):
        steps.append(fn)
        return fn

    @step
    def tokenizer():
        from pipeline.analysis import nlp

        nlp.split_sentences("Ini kalimat pertama. Ini kalimat kedua.")

    @step
    def gazetteer():
        from pipeline.analysis import regions

        regions._idx(villages=True)
        regions._seat_index()

    @step
    def language():
        from pipeline.analysis import lang

        lang.identify("Polisi mengamankan tempat pemungutan suara di desa itu.")

    @step
    def article():
        from pipeline import extract
        from pipeline.analysis.analyse import analyse_doc_batch

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "warm.html"
            path.write_text(_PAGE, encoding="utf-8")
            art = extract.read_article(path)
        analyse_doc_batch([art], "rules")

    @step
    def dates():
        # A page whose meta tags carry no date may send htmldate to dateparser, whose
        # first call builds its patterns for pantau's three date languages (~0.1 s CPU;
        # extract._date_parser); done here, every worker inherits them.
        from pipeline import extract

        extract.warm_up()

    @step
    def month_names():
        # htmldate's month names of all dateparser locales (lru-cached, ~0.15 s: it reads
        # every locale's data), asked of a date-like string with no year.
        from htmldate.extractors import month_words

        month_words()

    @step
    def ner_imports():
        if os.environ.get("PANTAU_WARM_NER", "auto") == "rules":
            return
        import importlib

        for name in ("torch", "torch.ao.quantization", "stanza",
                     "stanza.pipeline.core", "stanza.pipeline.ner_processor",
                     "stanza.pipeline.tokenize_processor", "stanza.models.ner.trainer",
                     "pipeline.analysis.stanza_ner", "pipeline.analysis.ner_fast"):
            importlib.import_module(name)

    try:
        for fn in steps:
            try:
                fn()
            except Exception:  # noqa: BLE001 - a worker will do it (and report it) itself
                if os.environ.get("PANTAU_DEBUG_WARM"):
                    raise
    finally:
        # The run's process extracts pages while this runs (engine.prefetch): tell it
        # the server is ready to fork workers.
        flag = os.environ.get("PANTAU_WARM_READY")
        if flag:
            try:
                Path(flag).touch()
            except OSError:
                pass


warm()
