"""Rule family 'dates' (placeholder until its rules land)."""

NAME = "dates"
VERSION = 0


def extract(doc, found):
    return ()
