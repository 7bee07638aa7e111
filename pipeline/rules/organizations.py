"""Rule family 'organizations' (placeholder until its rules land)."""

NAME = "organizations"
VERSION = 0


def extract(doc, found):
    return ()
