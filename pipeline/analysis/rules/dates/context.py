"""Words right after a date that say what the date is: a statement's, or the vote's.

Part of the 'dates' family (``dates/__init__.py`` classifies every date; the words live in
``data/dates.yml`` under ``speech_after`` and ``voters_after``):

- "Kapolsek Sungai Raya Iptu Hadi Wirawan, Kamis (15/2/2024) mengatakan ...": a speech verb
  right after the date makes it the statement's date, as a speech verb before it does.
- "Besok, Rabu (27/11/2024), warga Bangli akan memilih gubernur dan bupati": voters choosing
  right after the date make it the voting day.
- "pada tanggal 27 November 2024 kontestasi Pilkada di Kabupaten X bisa berjalan sukses":
  an election word right after a known national voting day (only its head words between)
  makes it the voting day.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.analysis import rules


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    data = rules.load_data("dates")
    flags = re.IGNORECASE
    speech = re.compile(rf"^[\s),]*(?:{rules.phrases(data['speech_after'])})\b", flags)
    voters = data["voters_after"]
    voting = re.compile(
        rf"^[\s),]*(?:{rules.phrases(voters['who'])})\s+(?:[A-Z][\w-]*\s+){{0,3}}"
        rf"(?:(?:{rules.phrases(voters['fillers'])})\s+)?(?:{rules.phrases(voters['verbs'])})\b")
    heads = rules.phrases(data["election_heads"] + ["kontestasi"])
    # ("Besok, Rabu 9 Desember, pemungutan suara dimulai pukul 07.00": the vote itself, dates 10)
    election = re.compile(
        rf"^[\s),]*(?:(?:{heads})\s+)?(?:{rules.phrases(data['election_terms'] + data['voting_terms'])})\b", flags)
    # "warga yang besok, Rabu (9/12), menggunakan hak pilih": the voters before the date, their
    # choosing right after it (dates 10)
    who_before = re.compile(rf"\b(?:{rules.phrases(voters['who'])})\s+(?:yang\s+)?(?:\S+\s*,?\s*){{0,2}}$", flags)
    verb_after = re.compile(
        rf"^[\s),]*(?:(?:{rules.phrases(voters['fillers'])})\s+)?(?:{rules.phrases(voters['verbs'])})\b", flags)
    return speech, voting, election, who_before, verb_after


def speech_after(after: str) -> bool:
    """A speech verb right after the date: "..., Kamis (15/2/2024) mengatakan"."""
    return bool(_patterns()[0].match(after))


def voters_after(after: str) -> bool:
    """Voters choosing right after the date: "Rabu (27/11/2024), warga X akan memilih"."""
    return bool(_patterns()[1].match(after))


def voters_around(before: str, after: str) -> bool:
    """Voters named right before the date, their choosing right after it: "warga yang besok,
    Rabu (9/12), menggunakan hak pilih"."""
    _, _, _, who_before, verb_after = _patterns()
    return bool(verb_after.match(after) and who_before.search(before[-40:]))


def election_after(after: str) -> bool:
    """An election word right after the date: "27 November 2024 kontestasi Pilkada"."""
    return bool(_patterns()[2].match(after))


@lru_cache(maxsize=1)
def purpose_words() -> frozenset:
    """Words of purpose ("untuk", "guna") that leave voting-day work done when the report is
    not earlier than the day (dates.yml ``on_voting_day.purpose``)."""
    return frozenset(w.lower() for w in rules.load_data("dates")["on_voting_day"]["purpose"])
