"""Rule family 'counts' (placeholder until its rules land)."""

NAME = "counts"
VERSION = 0


def extract(doc, found):
    return ()
