"""Browse: what people read. ``serve`` opens the database in Datasette (metadata,
canned queries, the map, the search plugin in ``datasette/``), ``export`` writes JSONL
and CSV, ``report`` prints what a run found.

May import: the base, storage and analysis (the gazetteer). Never crawl, run or the CLI.
"""
