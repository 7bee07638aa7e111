"""Storage: the SQLite file analysts query. ``store`` holds the schema (numbered
migrations), the views, runs and failures, and writes one ``Extraction`` per
transaction; ``search`` stems Indonesian text for full-text search; ``dedup`` finds
near-duplicate texts; ``region_rows`` writes the ``regions`` table the map and views join.

May import: the base and ``pipeline.analysis`` (the gazetteer for region rows).
Never crawl, run, browse or the CLI.
"""
