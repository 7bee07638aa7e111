"""The gold sets under corpus/: one list, read by ``make scores``, the README tables and the tests.

A new gold set is added here once; `make scores` scores it, README's tables show it, and the
tests that must never read an unseen set skip it. ``tests/test_goldsets.py`` fails when a
``corpus/<folder>/gold`` is missing here (or listed but absent).

``python -m pipeline.quality.goldsets fields`` prints ``name:gold folder`` for every set whose fields
are scored (the Makefile loops over it); ``topics`` for every set with a topic score;
``unseen`` the folders nobody tuning rules may read.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

DEV, TUNED, UNSEEN = "dev", "tuned", "unseen"  # read by the rule writers / written blind, then tuned on / never read
BLIND = "blind"  # written blind and run once; the next round tunes on it (then TUNED)


@dataclass(frozen=True)
class GoldSet:
    name: str          # docs/scores/eval-<name>-<ner>.json, topics-<name>.json
    folder: str        # corpus/<folder>/gold ("gold": corpus/gold itself, samples + seeds)
    label: str
    kind: str          # DEV, TUNED, BLIND or UNSEEN
    written: str = ""  # when and how, for the events table
    fields: bool = True    # fields scored (`pantau eval`); False: topics only (streams)
    stanza: bool = False   # also scored with --ner stanza

    @property
    def gold_dir(self) -> str:
        """The gold folder, relative to the repository root."""
        return "corpus/gold" if self.folder == "gold" else f"corpus/{self.folder}/gold"

    @property
    def title(self) -> str:
        """The label with its kind, as the tables print it."""
        if self.kind == UNSEEN:
            return f"{self.label} (unseen)"
        if self.kind == TUNED:
            return f"{self.label} (written blind, then tuned on)"
        if self.kind == BLIND:
            return f"{self.label} (written blind, not yet tuned on)"
        return self.label


SETS: tuple[GoldSet, ...] = (
    GoldSet("dev", "gold", "dev (seeds + samples)", DEV, stanza=True),
    GoldSet("heldout", "heldout", "held-out 1", DEV, stanza=True),
    GoldSet("heldout2", "heldout2", "held-out 2", DEV, stanza=True),
    GoldSet("dev2", "dev2", "dev 2", DEV, "events gold", stanza=True),
    GoldSet("dev3", "dev3", "dev 3", DEV, "round 4, read by the rule writers"),
    GoldSet("dev4", "dev4", "dev 4", DEV, "round 5, read by the rule writers"),
    GoldSet("dev5", "dev5", "dev 5", TUNED, "round 5b"),
    GoldSet("dev6", "dev6", "dev 6", TUNED, "round 5c"),
    GoldSet("dev7", "dev7", "dev 7", TUNED, "round 6"),
    GoldSet("dev8", "dev8", "dev 8", TUNED, "round 6b"),
    GoldSet("dev9", "dev9", "dev 9", TUNED, "round 7, session 13"),
    GoldSet("dev10", "dev10", "dev 10", TUNED, "round 7b, session 13"),
    GoldSet("dev11", "dev11", "dev 11", TUNED, "voter figures; round 8, session 14"),
    GoldSet("dev12", "dev12", "dev 12", TUNED, "TPS/DPT figures; round 8b, session 14"),
    GoldSet("dev13", "dev13", "dev 13", TUNED, "officials and events; round 8, session 14"),
    GoldSet("dev14", "dev14", "dev 14", TUNED, "TPS/DPT figures; round 9, session 15"),
    GoldSet("dev15", "dev15", "dev 15", TUNED, "dates, voting days, elections and events; round 9, session 15"),
    GoldSet("dev16", "dev16", "dev 16", TUNED, "TPS/DPT figures of provinces, cities, kecamatan, villages; round 10, session 15"),
    GoldSet("dev17", "dev17", "dev 17", BLIND, "how articles name the contest (elections); session 15"),
    GoldSet("dev18", "dev18", "dev 18", TUNED, "TPS/DPT figures and every number beside them; round 11, session 16"),
    GoldSet("dev19", "dev19", "dev 19", TUNED, "election logistics, written unprimed on ballot-named contests; round 11, session 16"),
    GoldSet("dev20", "dev20", "dev 20", BLIND, "the general stream with TPS/DPT figures; session 16"),
    GoldSet("dev21", "dev21", "dev 21", TUNED, "TPS/DPT totals in ordinary regional news; round 11, session 17"),
    GoldSet("dev22", "dev22", "dev 22", BLIND, "the general stream; blind check of round 11, session 17"),
    GoldSet("dev23", "dev23", "dev 23", TUNED, "how articles name contests and voting days; round 11b, session 17"),
    GoldSet("heldout3", "heldout3", "held-out 3", UNSEEN, "written 2026-12-04", stanza=True),
    GoldSet("heldout4", "heldout4", "held-out 4", UNSEEN, "written 2026-12-05", stanza=True),
    GoldSet("heldout5", "heldout5", "held-out 5", UNSEEN, "written 2026-12-05, session 10", stanza=True),
    GoldSet("heldout6", "heldout6", "held-out 6", UNSEEN, "written 2026-12-05, session 11", stanza=True),
    GoldSet("heldout7", "heldout7", "held-out 7", UNSEEN, "written 2026-12-05, session 12", stanza=True),
    GoldSet("heldout8", "heldout8", "held-out 8", UNSEEN, "written 2026-12-05, session 12", stanza=True),
    GoldSet("heldout9", "heldout9", "held-out 9", UNSEEN, "written 2026-12-06, session 13", stanza=True),
    GoldSet("heldout10", "heldout10", "held-out 10", UNSEEN, "written 2026-12-06, session 13", stanza=True),
    GoldSet("heldout11", "heldout11", "held-out 11", UNSEEN, "written 2026-12-06, session 14", stanza=True),
    GoldSet("heldout12", "heldout12", "held-out 12", UNSEEN, "written 2026-12-06, session 14", stanza=True),
    GoldSet("heldout13", "heldout13", "held-out 13", UNSEEN, "written 2026-12-06, session 15", stanza=True),
    GoldSet("heldout14", "heldout14", "held-out 14", UNSEEN, "written 2026-12-06, session 16", stanza=True),
    GoldSet("heldout15", "heldout15", "held-out 15", UNSEEN, "written 2026-12-06, end of session 16", stanza=True),
    GoldSet("heldout16", "heldout16", "held-out 16", UNSEEN, "written 2026-12-06, start of session 17", stanza=True),
    GoldSet("heldout17", "heldout17", "held-out 17", UNSEEN, "written 2026-12-06, end of session 17", stanza=True),
    GoldSet("multi", "multi", "multi-outlet", DEV, "multi-outlet reports and decoys; issue 11"),
    GoldSet("stream", "stream", "stream", DEV, fields=False),
    GoldSet("stream_heldout", "stream_heldout", "stream_heldout", DEV,
            "unseen until 2026-12-05", fields=False),
    GoldSet("stream_heldout2", "stream_heldout2", "stream_heldout2", UNSEEN, fields=False),
)


def unseen_folders() -> set[str]:
    return {s.folder for s in SETS if s.kind == UNSEEN}


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "fields"
    if what == "fields":
        print("\n".join(f"{s.name}:{s.gold_dir}" for s in SETS if s.fields))
    elif what == "stanza":
        print("\n".join(f"{s.name}:{s.gold_dir}" for s in SETS if s.fields and s.stanza))
    elif what == "topics":
        print("\n".join(f"{s.name}:{s.gold_dir}" for s in SETS))
    elif what == "unseen":
        print("\n".join(sorted(unseen_folders())))
    else:
        print(f"unknown list {what!r}: fields, stanza, topics or unseen", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
