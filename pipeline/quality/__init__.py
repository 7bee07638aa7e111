"""Quality: pantau measured and described. ``evaluate`` scores extraction against the
gold annotations (``pantau eval``, the floors); ``docs`` generates README's and
docs/'s blocks (CLI help, schema, rules, score and speed tables) with cog.

May import: every package below it (crawl, analysis, storage, run, browse). Never the
CLI: ``docs.cli_help`` is handed the click group by the cog block that calls it.
"""
