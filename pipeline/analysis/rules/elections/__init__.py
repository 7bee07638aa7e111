"""Rule family 'elections': which elections an article names, their year, voting day and region.

The names, region words and examples live in ``data/elections.yml``; its description is
the reference for how years, dates and regions are chosen. ``lexicon`` compiles the YAML,
``mentions`` finds each place the text names an election (``regions`` reads the year and
place after a name, ``offices`` the contests named by their office alone, ``ballots`` the
ballots said not to be there), ``days`` ties
voting days to mentions; this module groups the mentions into one record per (type, year).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from pipeline.analysis import rules
from pipeline.records import Doc, Election
from pipeline.analysis.rules.elections.days import (
    attach_days, calendar_year, from_voting_days, reference_date, repeated_by, voted_before, votes_on,
)
from pipeline.analysis.rules.elections.lexicon import NAME, Mention, load_lexicon
from pipeline.analysis.rules.elections.mentions import find_mentions, year_published
from pipeline.analysis.rules.elections.regions import region_after

__all__ = ["NAME", "VERSION", "extract"]

VERSION = 15

# "Pileg ini", "Pilkades kali ini", "Pemilu mendatang": a mention that says it is the current one
_CURRENT_AFTER = re.compile(r"\s*(?:ini|kali\s+ini|tahun\s+ini|mendatang|nanti|yang\s+akan)\b", re.IGNORECASE)


def _anaphors_of_past(text: str, mentions: list[Mention], owner: dict) -> list[Mention]:
    """"Pada Pileg April lalu DPT kita 136.587 ... 498 TPS pada Pileg" in a Pilpres article:
    a later mention with no year and no voting day of its own, of a type named so far only as
    past, refers back to that past election (elections 10). Not one saying it is the current
    one ("Pilkades kali ini"), and not once the type has had a current mention."""
    out = list(mentions)
    named_past: set[str] = set()
    current: set[str] = set()
    for k, m in enumerate(out):
        if m.past:
            named_past.add(m.type)
        elif (m.year is None and k not in owner and m.type in named_past and m.type not in current
              and not _CURRENT_AFTER.match(text, m.end)):
            out[k] = replace(m, past=True)
        else:
            current.add(m.type)
    return out


def extract(doc: Doc, found: dict) -> tuple[Election, ...]:
    """One Election per distinct (type, year) the article is about."""
    lex = load_lexicon()
    rule = rules.rule_id(NAME)
    places = found.get("places", ())
    mentions = find_mentions(lex, doc, places)
    dates = found.get("dates", ())
    if not mentions:
        return from_voting_days(lex, rule, dates)
    starts = [s.start for s in doc.sentences]
    dated = [(d, max(0, bisect.bisect_right(starts, d.start) - 1)) for d in dates]
    # (elections 15: not the day of a vote continued later at some stations, told before it in its
    # sentence: "menggelar pemungutan suara lanjutan Pemilu 2024, Minggu (18/2/2024)")
    voting = [(d, i) for d, i in dated if d.kind == "election_day" and not lex.continued_vote.search(
        doc.text, starts[i] if starts else 0, d.start)]
    voting_years = {int(d.date[:4]) for d, _ in voting}
    owner = attach_days(lex, doc.text, mentions, voting)
    # "Pilkada serentak yang digelar 9 Desember 2020 lalu": a past voting day makes its
    # election past.
    mentions = [replace(m, past=True) if k in owner and lex.past_after_day.match(
                    doc.text, owner[k].end, owner[k].end + 40) else m
                for k, m in enumerate(mentions)]
    mentions = _anaphors_of_past(doc.text, mentions, owner)
    owned = {d.start: lex.family.get(mentions[k].type) for k, d in owner.items()}
    # Indexes so that each mention looks only at its own sentence and nearest siblings.
    voting_in: dict[int, list] = {}
    for d, i in voting:
        voting_in.setdefault(i, []).append(d)
    dated_in: dict[int, list] = {}
    for d, i in dated:
        dated_in.setdefault(i, []).append(d)
    siblings_of: dict[str, list[Mention]] = {}  # in text order, as found
    for n in mentions:
        if n.year is not None and not n.past:
            siblings_of.setdefault(n.type, []).append(n)
    sibling_starts = {t: [n.start for n in ns] for t, ns in siblings_of.items()}
    now = reference_date(doc, dates)

    def year_of(k: int, m: Mention) -> tuple[int | None, str]:
        """The mention's year and where it came from: own | voting | sibling | sentence | article."""
        if m.year is not None:
            return m.year, "own"
        if k in owner:
            return int(owner[k].date[:4]), "voting"
        if m.past:
            return None, "none"  # "pada Pilkada sebelumnya": some earlier one
        if repeated_by(doc.text, mentions, k) != k:
            # "PSU Pemilihan Gubernur ... Kalimantan Selatan" in June 2021 beside "hari
            # pencoblosan 9 Desember lalu": the contest a PSU repeats is the one voted on
            # the article's one stated voting day of its family, not the PSU's year
            kin_days = {int(d.date[:4]) for d, _ in voting
                        if lex.day_family.get(d.date) == lex.family.get(m.type) is not None}
            if len(kin_days) == 1:
                return kin_days.pop(), "voting"
        # a day of its sentence that no nearer election of another family took
        # ("pengawas pemilu dalam menghadapi Pilkada ... 27 November 2024" is the Pilkada's)
        family = lex.family.get(m.type)
        same = [int(d.date[:4]) for d in voting_in.get(m.sentence, ())
                if owned.get(d.start, family) in (None, family)
                and lex.day_family.get(d.date, family) in (None, family)]
        if same:
            return same[0], "voting"
        siblings = siblings_of.get(m.type)
        if siblings:  # the nearest; on a tie the earlier one
            at = bisect.bisect_left(sibling_starts[m.type], m.start)
            near = siblings[max(0, at - 1):at + 1]
            return min(near, key=lambda n: abs(n.start - m.start)).year, "sibling"
        # "PSU digelar berdasarkan putusan MK atas sengketa hasil Pilkada 9 Desember 2020"
        # after "menggelar PSU ..., Sabtu (24/4/2021)": the year of the one voting day its
        # type's other mentions hold, before a day of its own sentence that is another's
        voted = {int(owner[j].date[:4]) for j, n in enumerate(mentions)
                 if n.type == m.type and j in owner and not n.past}
        if len(voted) == 1:
            return voted.pop(), "sibling"
        if m.type == lex.generic:
            # "pemilu" in general takes no year from around it, only the article's one
            # stated national voting day ("... pada hari pemungutan suara, Rabu (14/2)")
            days = {int(d.date[:4]) for d, _ in voting if lex.day_family.get(d.date) == family}
            return (days.pop(), "article") if len(days) == 1 and family else (None, "none")
        in_sentence = [int(d.date[:4]) for d in dated_in.get(m.sentence, ())]
        if in_sentence:
            return in_sentence[0], "sentence"
        if len(voting_years) == 1:
            return next(iter(voting_years)), "article"
        # "DPT Pilkada Bukittinggi" beside "Pemilihan Gubernur ... 2024": the one year the
        # other contests of its simultaneous family have
        kin = {n.year for n in mentions if n.year is not None and not n.past
               and lex.family.get(n.type) == family}
        if family and len(kin) == 1:
            return kin.pop(), "family"
        if year := calendar_year(lex, m.type, now):
            return year, "calendar"
        if m.type in lex.village and now is not None:
            # "Deklarasi Damai Pilkades di Moyo Hilir" over a report dated Rabu (7/9/2022): a
            # village vote has no national calendar; the year of the article's "now"
            return now.year, "calendar"
        return None, "none"

    groups: dict[tuple[str, int | None], list[tuple[int, Mention, str]]] = {}
    for k, m in enumerate(mentions):
        year, source = year_of(k, m)
        groups.setdefault((m.type, year), []).append((k, m, source))
    # "Pilkades serentak" in the title, "Pilkades ... Minggu (10/11/2019)" in the body: a
    # yearless mention joins its type's one dated record, whatever gave that one its year
    for etype in {t for t, y in groups if y is None}:
        years = [y for t, y in groups if t == etype and y is not None]
        if len(years) == 1:
            groups[(etype, years[0])].extend(groups.pop((etype, None)))
    others = {t for t, _ in groups if t != lex.generic}
    if others:
        groups.pop((lex.generic, None), None)
    elif (lex.generic, None) in groups and (year := calendar_year(lex, lex.generic, now)):
        # "pemilu" is the only election named and none has a year: the national vote
        # nearest the article's "now"
        members = [(k, m, "calendar") for k, m, _ in groups.pop((lex.generic, None))]
        groups.setdefault((lex.generic, year), []).extend(members)
    # Past elections ("Pemilu 2019 lalu", "pengalaman Pilkada 2018") are mentioned for
    # comparison: gone when the article names a current one, else kept and flagged.
    # (a .txt with no publication date: the year of its "now", its latest event date —
    # "DPT Pilgub 2011" beside a December 2016 pleno is a comparison)
    published_year = year_published(doc) or (now.year if now else None)

    def is_past(key, members) -> bool:
        stale = (key[1] is not None and published_year is not None
                 and key[1] <= published_year - lex.stale_years)
        return stale or all(m.past for _, m, _ in members)

    past = {key for key, members in groups.items() if is_past(key, members)}
    # An election whose national voting day lies well before the article's "now" (the
    # publication date, else its latest event date) is over: "Pemilu 2024" in an October
    # 2024 article about the Pilkada. It goes like a past one when a current election is
    # named, but is not flagged when kept; a PSU keeps the elections of its year current.
    psu_years = {y for t, y in groups if t == "PSU"}
    # (and the contest a PSU names as the one it repeats stays, whatever its year)
    repeated = {k for k in range(len(mentions)) if repeated_by(doc.text, mentions, k) != k}
    over = {key for key in groups if key not in past and key[1] not in psu_years
            and not any(k in repeated for k, _, _ in groups[key])
            and voted_before(lex, key, now)}
    # "Kabupaten Bogor sendiri menggelar pilkades serentak tahun 2021" beside the village's
    # Pilkades of 2022: a village vote of an earlier year, when the same kind of vote has a
    # later year no later than the article's "now", is background
    over |= {(t, y) for t, y in groups if t in lex.village and y is not None and any(
        t2 == t and y2 is not None and y < y2 and (now is None or y2 <= now.year) for t2, y2 in groups)}
    # (an election over by now still lends its stated day to a contest of its family and
    # year that stays: "PSU Pilbup" in April 2021 beside "hasil Pilkada 9 Desember 2020";
    # so does one told as past: "saat Pilgub Maluku Utara yang digelar bersamaan pada 27
    # November lalu" gives the day to the Pilwalkot of 2024 a PSU repeats; elections 11)
    over_days = {key: next((owner[k] for k, _, _ in sorted(groups[key], key=lambda x: x[1].start)
                            if k in owner), None) for key in over | past}
    if len(past | over) < len(groups):
        for key in past | over:
            del groups[key]
    else:
        over_days = {}

    # A group's voting day: the one attached to its own mentions; else the day of a
    # simultaneous contest of its year (Pilkada serentak: one day for every contest);
    # else the article's only unclaimed voting day of its year and family.
    own_day = {key: next((owner[k] for k, _, _ in sorted(members, key=lambda x: x[1].start)
                          if k in owner), None)
               for key, members in groups.items()}
    claimed = {d.date for d in owner.values()}
    for key, day in list(own_day.items()):
        etype, year = key
        if day is not None or year is None or lex.family.get(etype) is None:
            continue
        shared = {d.date: d for (t, y), d in [*own_day.items(), *over_days.items()]
                  if d is not None and y == year and lex.family.get(t) == lex.family[etype]
                  and votes_on(lex, etype, d.date)}
        if len(shared) == 1:
            own_day[key] = next(iter(shared.values()))
    # else an activity dated on the known voting day of its family and year: the vote was
    # that day ("Pemungutan suara di TPS lokasi khusus itu dipantau Kapolsek ..., Rabu, 14
    # Februari 2024" under "Pemilu 2024"; "Usai penghitungan suara Pilkada X, Rabu, 9 Desember 2020")
    for key, day in list(own_day.items()):
        etype, year = key
        family = lex.family.get(etype)
        if day is not None or year is None or family is None:
            continue
        known = {d.date: d for d, i in dated if d.kind == "event" and d.date[:4] == str(year)
                 and lex.day_family.get(d.date) == family and votes_on(lex, etype, d.date)
                 and lex.vote_told.search(doc.text, starts[i] if starts else 0, d.start)
                 # ("ikut mencoblos pada 27 November lalu": a vote recalled, not an activity on it)
                 and not lex.past_after_day.match(doc.text, d.end, d.end + 40)}
        if len(known) == 1:
            own_day[key] = next(iter(known.values()))

    # elections 15: a PSU with no day of its own, told in a sentence that dates its activity ("PSU
    # Pemilu 2024 di TPS 007 ... dijaga ketat aparat gabungan, Sabtu (24/2/2024)"): the re-vote was
    # held, and secured, that day (blind writers give it: dev4 d4d_13, dev15 d15e_15, dev17 d17e_17,
    # dev23 d23e_20); not where its sentence puts the PSU ahead ("tiba ... untuk ... PSU", psu_ahead)
    for key, day in list(own_day.items()):
        if day is not None or key[0] != "PSU":
            continue
        held = {d.date: d for d, i in dated if d.kind == "event" and (key[1] is None or d.date[:4] == str(key[1]))
                and any(m.sentence == i and m.start < d.start and not lex.psu_ahead.search(
                    doc.text, starts[i] if starts else 0, m.start) for _, m, _ in groups[key])}
        if len(held) == 1:
            own_day[key] = next(iter(held.values()))

    records = []
    for (etype, year), members in groups.items():
        voting_day = own_day[(etype, year)]
        day = voting_day.date if voting_day else None
        if day is None and year is not None:
            of_year = sorted({d.date for d, _ in voting if int(d.date[:4]) == year
                              and d.date not in claimed and votes_on(lex, etype, d.date)
                              and lex.day_family.get(d.date, lex.family.get(etype)) == lex.family.get(etype)})
            day = of_year[0] if len(of_year) == 1 else None

        def specificity(item: tuple[int, Mention, str]) -> tuple:
            k, m, _ = item
            has_day = k in owner or any(i == m.sentence for _, i in voting)
            return (-(2 * (m.year is not None) + (m.region is not None) + m.spelled + has_day), m.start)

        _, best, source = min(members, key=specificity)
        region = best.region or next((m.region for _, m, _ in members if m.region), None)
        if region is None and voting_day is not None and any(k in owner for k, _, _ in members):
            region = region_after(lex, doc.text, voting_day.end, len(doc.text), places)
        confidence = {"own": 1.0, "voting": 1.0, "none": 0.6, "calendar": 0.7}.get(source, 0.8)
        flags = ["not_kpu"] if etype in lex.village else []
        if source == "calendar":
            flags.append("year_from_calendar")
        if (etype, year) in past:
            confidence = min(confidence, 0.7)
            flags.append("past")
        records.append(Election(
            type=etype, year=year, date=day, start=best.start, end=best.end, rule=rule,
            region=region, confidence=confidence, flags=tuple(flags),
        ))
    # "PSU di dua TPS ..." beside "pada hari pencoblosan Rabu (14/2/2024)": a PSU is listed
    # with the election it repeats; with none of a family named, its stated family day names it
    if any(r.type == "PSU" for r in records):
        named = {lex.family.get(r.type) for r in records}
        records += [e for e in from_voting_days(lex, rule, dates) if lex.family.get(e.type) not in named]
    return tuple(sorted(records, key=lambda e: e.start))
