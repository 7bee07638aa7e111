"""Rule family 'elections' (placeholder until its rules land)."""

NAME = "elections"
VERSION = 0


def extract(doc, found):
    return ()
