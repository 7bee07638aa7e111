"""Rule-based name finder behind ``--ner rules`` (placeholder until its rules land)."""

NAME = "names"
VERSION = 0


def find_entities(doc, source):
    return []
