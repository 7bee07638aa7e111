"""Events as a documented family: the data and examples in rules/data/events.yml.

Events are assembled after every rule family has run (pipeline/assemble.py), so this
family is not in ``ORDER``; it exists so that events.yml's examples run through
``example_records`` like every other family's.
"""

from __future__ import annotations

NAME = "events"
VERSION = 2


def extract(doc, found):
    """The article's events, built from what the rule families found."""
    from pipeline.assemble import build_events

    return build_events(doc, found)
