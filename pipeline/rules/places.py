"""Rule family 'places' (placeholder until its rules land)."""

NAME = "places"
VERSION = 0


def extract(doc, found):
    return ()
