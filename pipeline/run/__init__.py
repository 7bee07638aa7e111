"""Run: one batch job, end to end. ``batch`` turns what the user named (files, WARC,
URLs, a sources file) into one stream of items; ``process`` is the run loop (store each
result in its own transaction, record failures, write ``runs``); ``engine`` maps
batches over a local process pool (workers forked from a server that has preloaded
``warm``: start-up once per run) and ``engine_ray`` over Ray Data.

May import: the base, ``pipeline.extract``, ``pipeline.ner``, crawl, analysis and
storage. Never browse or the CLI.
"""
