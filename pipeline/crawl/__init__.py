"""Crawl: pages in. Feeds, sitemaps and home pages discovered (``sources``), fetched
politely (``fetch``: per-host delay, retries, size caps; ``robots``: robots.txt; ``crawler``:
one request per host at a time, hosts in parallel) over httpx from public addresses only
(``transport``, ``address``), what came back read (``responses``: feed, sitemap or page,
and its article), captured to and read back from WARC (``warc``), and local files and
folders (``inputs``).

Yields ``Article`` and ``Failure`` records (``pipeline.records``); pages become articles
through ``pipeline.extract``.

May import: the base (``records``, ``errors``, ``text``) and ``pipeline.extract``.
Never storage, browse, run or the CLI: what is already stored is passed in by the run.
"""
