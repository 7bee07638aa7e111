"""Crawl: pages in. Feeds, sitemaps and home pages discovered (``sources``), fetched
politely (``fetch``: robots.txt, per-host delay, retries, size caps) from public
addresses only (``address``), captured to and read back from WARC (``warc``), and local
files and folders (``inputs``).

Yields ``Article`` and ``Failure`` records (``pipeline.records``); pages become articles
through ``pipeline.extract``.

May import: the base (``records``, ``errors``, ``text``) and ``pipeline.extract``.
Never storage, browse, run or the CLI: what is already stored is passed in by the run.
"""
