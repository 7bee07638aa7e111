"""Rule family 'officials' (placeholder until its rules land)."""

NAME = "officials"
VERSION = 0


def extract(doc, found):
    return ()
