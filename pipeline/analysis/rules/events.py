"""Events: the activities an article reports, built after every other family has run.

The data and documented examples are in rules/data/events.yml. In short: an article
reports one main activity and describes it many times, so every mention joins the
main event unless its sentence states a different event date; plans and advice
("akan mengadakan pelatihan") are not events. ``pipeline.analysis.assemble`` calls
``build_events``; this family is not in ``ORDER`` because it reads every other
family's findings.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.analysis.rules import load_data, phrases
from pipeline.records import Doc, Event, Place, Sentence

NAME = "events"
VERSION = 7
EVENTS_RULE = f"{NAME}@{VERSION}"

# Finer places first when an event could be placed at several: the kecamatan, kota or
# kabupaten as named (issue 12); a desa only when none of those is named, the province last.
_LEVEL_RANK = {"kecamatan": 4, "kota": 3, "kabupaten": 3, "desa": 2, "kelurahan": 2, "provinsi": 1}


def extract(doc: Doc, found: dict[str, tuple]) -> tuple[Event, ...]:
    """The article's events, built from what the rule families found."""
    return build_events(doc, found)


@dataclass(frozen=True)
class _Mention:
    type: str
    start: int
    end: int
    sentence: int  # index into doc.sentences
    planned: bool


# An election body's own stage (debate, plenary, registration): the least specific kind,
# last in events.yml's types, the event only where no police work is reported.
STAGE = "stage"


@dataclass(frozen=True)
class _EventRules:
    types: tuple[str, ...]  # most specific first
    trigger: re.Pattern
    type_of: dict[str, str]
    not_happened: re.Pattern
    clause_break: re.Pattern
    venue: re.Pattern
    venue_ends: frozenset[str]
    sectors: frozenset[str]
    on_voting_day_types: frozenset[str]  # work dated by the voting day when it has no date
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def event_rules() -> _EventRules:
    """events.yml, compiled once."""
    data = load_data("events")
    type_of = {w.lower(): t for t, words in data["types"].items() for w in words}

    words = phrases
    # main_type is the lead's most specific kind: a stage must lose to any activity
    if list(data["types"])[-1] != STAGE:
        raise ValueError(f"events.yml: '{STAGE}' must be the last of types")
    return _EventRules(
        types=tuple(data["types"]),
        trigger=re.compile(rf"(?<![\w-])({words(type_of)})(?![\w-])", re.I),
        type_of=type_of,
        not_happened=re.compile(rf"(?<![\w-])({words(data['not_happened'])})(?![\w-])", re.I),
        clause_break=re.compile(rf"(?<![\w-])({words(data['clause_breaks'])})(?![\w-])", re.I),
        venue=re.compile(
            rf"(?<![\w-])(?:{words(data['venue_prepositions'])})\s+"
            rf"(?=(?:{words(data['venue_words'])})(?![\w-]))",
            re.I,
        ),
        venue_ends=frozenset(data["venue_ends"]),
        sectors=frozenset(data["sectors"]),
        on_voting_day_types=frozenset(data["on_voting_day_types"]),
        confidence=data["confidence"],
    )


def build_events(doc: Doc, found: dict[str, tuple]) -> tuple[Event, ...]:
    """Events reported in the article: usually one, more only for activities on other dates."""
    r = event_rules()
    mentions = [m for m in _mentions(doc) if not m.planned]
    if not mentions:
        return ()
    lead_end = _lead_end(doc)
    # an activity done "di hari yang sama" is told beside the main one, never the main one
    same_day = {m for m in mentions if _SAME_DAY.search(doc.text[doc.sentences[m.sentence].start:m.start])}
    in_lead = [m for m in mentions if m.start < lead_end and m not in same_day]
    if in_lead:
        main_type = min({m.type for m in in_lead}, key=r.types.index)
        of_type = [m for m in in_lead if m.type == main_type]
        # The evidence is the first body sentence that reports it; headlines are terse.
        anchor = next((m for m in of_type if m.start >= doc.article.body_offset), of_type[0])
    else:
        anchor = mentions[0]
        main_type = anchor.type
    if main_type != STAGE:
        # A stage beside a police activity is that activity's topic
        # ("mengunjungi PPK terkait tahapan penetapan DPT"): its sentences say nothing
        # more about the activity and may name other places.
        mentions = [m for m in mentions if m.type != STAGE]
    event_dates = [d for d in found.get("dates", ()) if d.kind == "event"]

    def dates_in(i: int) -> list:
        s = doc.sentences[i]
        return [d for d in event_dates if s.start <= d.start < s.end]

    main_date = _main_date(doc, anchor, [m for m in mentions if m.type == main_type], dates_in, event_dates)
    voting_day = None
    if main_date is None and main_type in r.on_voting_day_types:
        voting_day = _voting_day_of(doc, found, lead_end)
    main_key = (main_type, main_date.date if main_date else None)
    groups: dict[tuple[str, str | None], list[_Mention]] = {main_key: []}
    for m in mentions:
        # the other days of the main date's own span ("Minggu hingga Selasa (6-8/12)") are
        # the same activity, not a second one
        other = [d.date for d in dates_in(m.sentence) if main_date and d.date != main_date.date
                 and d.start != main_date.start]
        key = (m.type, other[0]) if other else main_key
        if not other and main_date and m.type not in (main_type, STAGE) and m in same_day:
            key = (m.type, main_date.date)  # "Di hari yang sama, Kapolsek memimpin patroli"
        groups.setdefault(key, []).append(m)

    events = []
    for n, ((etype, date), group) in enumerate(groups.items()):
        is_main = n == 0
        if etype == STAGE and date is None:
            continue  # an undated stage is an announcement or a window ("rekrutmen KPPS dibuka")
        first = anchor if is_main else group[0]
        sentences = {m.sentence for m in group}
        date_record = (main_date or voting_day) if is_main else next(
            (d for m in group for d in dates_in(m.sentence) if d.date == date), None)
        if date_record is not None:
            sentences.add(_sentence_of(doc, date_record.start))
        else:  # done "di hari yang sama": the main event's date, not its sentence
            date_record = main_date or voting_day
        lead: set[int] = set()
        if is_main:
            sentences |= {i for i, s in enumerate(doc.sentences) if s.start < lead_end and
                          s.start >= doc.article.body_offset and _paragraph_no(doc, s.start) == 0}
            # units named in the headline and the lead took part in the main activity
            lead = {i for i, s in enumerate(doc.sentences) if s.start < lead_end}
        order = [first.sentence] + sorted(sentences - {first.sentence})
        events.append(_event(doc, found, etype, date_record, first, order,
                             from_body=is_main and not in_lead, lead=sorted(lead - sentences),
                             is_main=is_main, lead_end=lead_end))
    return tuple(events[:1] + [_as_main_did(e, events[0]) for e in events[1:]])


def _as_main_did(event: Event, main: Event) -> Event:
    """A further activity whose sentences name no place or no unit ("Rakor ini lanjutan dari
    pertemuan serupa pada Senin, 22 Januari"): held where the main one was, by its first
    unit, the one that holds it (flagged "place_from_main", "units_from_main")."""
    flags = list(event.flags)
    place, units = event.place, event.organizations
    if place is None and main.place is not None:
        place = main.place
        flags = [f for f in flags if f != "no_place"] + ["place_from_main"]
    if not units and main.organizations:
        units = main.organizations[:1]
        flags.append("units_from_main")
    return replace(event, place=place, organizations=units, flags=tuple(flags))


def _event(doc: Doc, found: dict, etype: str, date, anchor: _Mention, order: list[int],
           from_body: bool, lead: list[int] = (), is_main: bool = False, lead_end: int = 0) -> Event:
    r = event_rules()
    spans = [doc.sentences[i] for i in order]
    unit_spans = spans + [doc.sentences[i] for i in lead]
    venue = next((v for s in spans if (v := _venue(doc.text[s.start:s.end]))), None)
    place = _place(doc, found.get("places", ()), venue, spans)
    place_name = _place_name(place, found.get("places", ())) if place else None
    flags = []
    conf = r.confidence["base"]
    if date is None:
        flags.append("no_date")
        conf -= r.confidence["no_date"]
    elif date.kind == "election_day":
        flags.append("date_from_voting_day")
    if place is None:
        flags.append("no_place")
        conf -= r.confidence["no_place"]
    if from_body:
        flags.append("type_from_body")
        conf -= r.confidence["type_from_body"]
    organizations = _organizations(doc, found, unit_spans, is_main, lead_end)
    officials = _officials(doc, found, spans)
    if not is_main and not organizations:
        # "Di hari yang sama, Kapolsek AKP X memimpin patroli": the unit of the official who
        # led it, known from the article, took part though its sentence names none
        organizations = tuple(dict.fromkeys(
            _unit_name(o.org, doc.text) for o in found.get("officials", ())
            if o.name in officials and o.org and o.role != "former" and _sector(o.org) in r.sectors))
    if not is_main and not organizations:
        organizations = _headquarters_units(doc, found, spans)
    sentence = doc.sentences[anchor.sentence]
    return Event(
        type=etype, start=sentence.start, end=sentence.end, rule=EVENTS_RULE,
        date=date.date if date else None,
        place=place_name,
        organizations=organizations,
        officials=officials,
        election=_election(found.get("elections", ())),
        confidence=round(max(conf, r.confidence["floor"]), 2),
        flags=tuple(flags),
        venue=venue,
    )


def _mentions(doc: Doc) -> list[_Mention]:
    """Every trigger word in the article's sentences, marked when it is a plan or advice."""
    r = event_rules()
    from pipeline.analysis.rules.places import rules as place_rules

    skip_line = place_rules().skip_line
    planned_paragraphs = _planned_list_paragraphs(doc)
    out = []
    text = doc.text
    for i, s in enumerate(doc.sentences):
        line_start = text.rfind("\n", 0, s.start) + 1
        if skip_line.match(text[line_start:s.end]):
            continue
        sentence = text[s.start:s.end]
        previous_end = None
        for m in r.trigger.finditer(sentence):
            # "Rakor Pengamanan": a trigger right after another is its topic. A stage word
            # never makes the next trigger a topic: the activities were
            # read the same way before stages were events ("pengamanan pleno rekapitulasi").
            topic = previous_end is not None and len(sentence[previous_end:m.start()].split()) <= 1
            etype = r.type_of[" ".join(m.group(1).lower().split())]
            if etype != STAGE:
                previous_end = m.end()
            if topic:
                continue
            before = sentence[: m.start()]
            breaks = list(r.clause_break.finditer(before))
            clause = before[breaks[-1].end():] if breaks else before
            window = " ".join(clause.split()[-12:])
            planned = bool(r.not_happened.search(window)) or _paragraph_no(doc, s.start) in planned_paragraphs
            out.append(_Mention(etype, s.start + m.start(), s.start + m.end(), i, planned))
    return out


def _paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines of the body."""
    return _paragraph_bounds(doc)[0]


_PARAGRAPHS: dict[int, tuple] = {}


def _paragraph_bounds(doc: Doc) -> tuple[list[tuple[int, int]], list[int]]:
    """Paragraphs and their starts, computed once per article (asked for again and again)."""
    hit = _PARAGRAPHS.get(id(doc.article))
    if hit is not None and hit[0] is doc.article:
        return hit[1]
    out, offset = [], 0
    for line in doc.text.split("\n"):
        if line.strip() and offset >= doc.article.body_offset:
            out.append((offset, offset + len(line)))
        offset += len(line) + 1
    _PARAGRAPHS.clear()
    _PARAGRAPHS[id(doc.article)] = (doc.article, (out, [start for start, _ in out]))
    return out, [start for start, _ in out]


def _paragraph_no(doc: Doc, pos: int) -> int:
    """Which body paragraph ``pos`` is in (-1 in the title)."""
    paragraphs, starts = _paragraph_bounds(doc)
    n = bisect.bisect_right(starts, pos) - 1
    return n if n >= 0 and paragraphs[n][0] <= pos <= paragraphs[n][1] else -1


def _planned_list_paragraphs(doc: Doc) -> set[int]:
    """Short list items under a "... yang akan dilakukan antara lain:" line."""
    r = event_rules()
    planned: set[int] = set()
    in_list = False
    for n, (start, end) in enumerate(_paragraphs(doc)):
        line = doc.text[start:end].strip()
        if in_list and len(line.split()) <= 25:
            planned.add(n)
            continue
        in_list = line.endswith(":") and bool(r.not_happened.search(line))
    return planned


def _lead_end(doc: Doc) -> int:
    """End of the lead: the title and the first two body paragraphs, not counting short
    lines that report nothing ("Diterbitkan: Jumat, 22 November 2024", a stamp line)."""
    paragraphs = _paragraphs(doc)
    if not paragraphs:
        return len(doc.text)
    full = [p for p in paragraphs if len(doc.text[p[0]:p[1]].split()) >= _LEAD_MIN_WORDS]
    counted = full or paragraphs
    return counted[min(1, len(counted) - 1)][1]


# A paragraph shorter than this is a stamp, a byline or a dateline, not part of the lead.
_LEAD_MIN_WORDS = 8


_STARTS: dict[int, tuple] = {}


def _sentence_of(doc: Doc, pos: int) -> int:
    hit = _STARTS.get(id(doc.sentences))
    if hit is None or hit[0] is not doc.sentences:  # one doc's starts kept: bisect, not a scan
        _STARTS.clear()
        hit = _STARTS[id(doc.sentences)] = (doc.sentences, [s.start for s in doc.sentences])
    i = bisect.bisect_right(hit[1], pos) - 1
    return i if i >= 0 and pos < doc.sentences[i].end else 0


def _voting_day_of(doc: Doc, found: dict, lead_end: int = 0):
    """The article's one stated voting day, when it is not after the publication date:
    security work reported with no date of its own ("PSU ... berlangsung lancar, Sabtu
    (19/12/2020). ... Pengamanan dilakukan personel Polsek ...") was done on it. With
    several (a PSU and the vote it repeats), the one the title and first paragraph state,
    else the one the lead states, when they state one."""
    stated = [d for d in found.get("dates", ()) if d.kind == "election_day"]
    days = {d.date: d for d in stated}
    for narrower in (lambda d: _paragraph_no(doc, d.start) <= 0, lambda d: d.start < lead_end):
        if len(days) > 1:  # the title and first paragraph first, then the lead
            days = {d.date: d for d in stated if narrower(d)} or days
    if len(days) != 1:
        return None
    day = next(iter(days.values()))
    published = doc.article.published_date
    return day if published is None or day.date <= published.isoformat() else None


def _main_date(doc: Doc, anchor: _Mention, same_type: list[_Mention], dates_in, event_dates):
    """The event date in the anchor's sentence (a span's first day), else in another sentence
    of the type, else the nearest one in the title or first paragraph (they date the news:
    an activity first named in the body was done on that day, not on the day of an
    earlier stage told beside it), else the nearest."""
    for m in [anchor] + same_type:
        here = dates_in(m.sentence)
        if here:
            return min((d for d in here if d.start == here[0].start), key=lambda d: d.date)
    if not event_dates:
        return None
    opening = [d for d in event_dates if _paragraph_no(doc, d.start) <= 0]
    return min(opening or event_dates, key=lambda d: abs(d.start - anchor.start))


def _venue(sentence: str) -> str | None:
    """The building or room after "di" in a sentence, as written."""
    r = event_rules()
    for m in r.venue.finditer(sentence):
        kept: list[str] = []
        seen_capital = False
        for token in sentence[m.end():].split()[:12]:
            core = token.rstrip(".,;:!?\"'”")
            if not core or core in r.venue_ends or (seen_capital and core[0].islower()):
                break
            kept.append(core)
            seen_capital = seen_capital or core[0].isupper() or core.startswith("(")
            if core != token:
                break
        if seen_capital and len(kept) >= 2:
            return " ".join(kept)
    return None


def _contains(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I) is not None


def _place(doc: Doc, places: tuple[Place, ...], venue: str | None, spans: list[Sentence]) -> Place | None:
    """The finest place named in the venue (a kecamatan, kota or kabupaten), else in the
    event's sentences (a desa, the venue's included, only when they name none of those)."""
    text = doc.text

    def finest(cands: list[Place]) -> Place | None:
        cands = [p for p in cands if p.level in _LEVEL_RANK]
        if not cands:
            return None
        # at one rank, a place written with its level ("di Kota Gorontalo") before a
        # same-named one that is not ("KPU Provinsi Gorontalo")
        return max(cands, key=lambda p: (_LEVEL_RANK[p.level], p.code is not None,
                                         text[p.start:p.end].lower().startswith(p.level), -p.start))

    hit = finest([p for p in places if _contains(venue, p.name)]) if venue else None
    if hit and _LEVEL_RANK[hit.level] >= _LEVEL_RANK["kabupaten"]:
        return hit
    # A place inside one of the spans, or named in one (each name looked up once).
    span_at = _span_finder(spans)
    named: dict[str, bool] = {}

    def inside(p: Place) -> bool:
        if span_at(p.start) is not None:
            return True
        if p.name not in named:
            named[p.name] = any(_contains(text[s.start:s.end], p.name) for s in spans)
        return named[p.name]

    return finest([p for p in places if inside(p)] + ([hit] if hit else []))


def _place_name(place: Place, places: tuple[Place, ...]) -> str:
    """The place's name, with its level ("Kota Gorontalo") where the article names another
    region of that name (Provinsi and Kabupaten Gorontalo), so the two are not mixed up."""
    twins = [p for p in places if p.name.lower() == place.name.lower() and p.level != place.level]
    if twins and place.level in ("kota", "kabupaten", "kecamatan"):
        return f"{place.level.capitalize()} {place.name}"
    return place.name


def _span_finder(spans: list[Sentence]):
    """A lookup of the span holding a position (None between spans), by bisect."""
    ordered = sorted(spans, key=lambda s: s.start)
    starts = [s.start for s in ordered]

    def span_at(pos: int) -> Sentence | None:
        k = bisect.bisect_right(starts, pos) - 1
        return ordered[k] if k >= 0 and pos < ordered[k].end else None

    return span_at


def _organizations(doc: Doc, found: dict, spans: list[Sentence], is_main: bool = False,
                   lead_end: int = 0) -> tuple[str, ...]:
    """Police, military and election units taking part: those named in the event's
    sentences, less units only mentioned there (a parent set after its Polsek, one quoted,
    compared with, absent, counted in bulk, or named in a later sentence about an earlier
    time), and, for the main event, the bodies of election officials acting in the article
    and units that witnessed or attended it ("disaksikan Panwascam X")."""
    from pipeline.analysis.rules.organizations import find_mentions

    r = event_rules()
    text = doc.text
    orgs = found.get("organizations", ())
    names = {o.name: o for o in orgs}
    by_kind: dict[str, list[str]] = {}  # the units of each kind named with their place
    for o in orgs:
        if o.name != o.kind:
            by_kind.setdefault(o.kind, []).append(o.name)
    mentions = find_mentions(doc, found)
    in_quote = _quote_finder(doc)
    span_at = _span_finder(spans)
    picked: list[tuple[int, str]] = []

    def only_mentioned(i: int, s: Sentence) -> bool:
        m = mentions[i]
        before = text[s.start:m.start]
        if i and m.kind in _PARENTS.get(mentions[i - 1].kind, ()) and \
                _ADJACENT.match(text[mentions[i - 1].end:m.start]):
            return True  # "Polsek Jonggat, Polres Lombok Tengah", "Kapolsek X Polres Y": its parent
        if m.kind in _BARE_SKIPPED and m.name == m.kind:
            return True  # "Polri", "ke PPS": the force, or every village's committee, not one unit
        if m.name == m.kind and (_IN_BULK.search(before) or (
                before.endswith("dari ") and text.startswith(" ke ", m.end))):
            return True  # "tiba di 19 PPK", "seluruh PPK", "dari PPK ke PPS": every committee
        if m.name == m.kind and m.kind in _KECAMATAN_BODIES and _ROUTE.search(before):
            return True  # "kotak suara dibawa ke PPK", "dari PPK kami kawal": where the boxes go
        if m.kind == "KPPS" and _KPPS_TOPIC.search(before):
            return True  # "pembentukan KPPS", "APD untuk petugas KPPS": the crews talked about
        if m.kind == "Polda" and _BRIMOB_OF.search(before):
            return True  # "Brimob Polda Sulselbar", "SSK Brimob yang diperbantukan dari Polda
            # Papua": the detachment's home, lent to the Polres; the Polda did not take part
        return bool(_REPRESENTED_BEFORE.search(before) or _NOT_THERE.search(before)
                    or in_quote(m.start)
                    or (is_main and s.start >= lead_end and _EARLIER.search(text[s.start:s.end])))

    for i, m in enumerate(mentions):
        s = span_at(m.start)
        if s is None and is_main and m.start >= lead_end:
            s = _witness_sentence(doc, m.start)
        if s is None or only_mentioned(i, s):
            continue
        name = m.name if m.name in names else None
        if m.name == m.kind:
            name = _bare_name(m, mentions[i + 1] if i + 1 < len(mentions) else None, by_kind, doc, found)
        if name and (names[name].sector if name in names else _sector(name)) in r.sectors:
            picked.append((m.start, name))
    if is_main:
        picked += _officials_bodies(doc, found, in_quote, lead_end)
    out: list[str] = []
    for _, name in sorted(picked):
        name = _unit_name(name, text)
        if name not in out:
            out.append(name)
    return tuple(n for n in out if not _short_twin(n, out, text))


def _headquarters_units(doc: Doc, found: dict, spans: list[Sentence]) -> tuple[str, ...]:
    """Units whose headquarters the event's sentences name bare ("usai apel di Mapolres"):
    the article's one unit of that kind."""
    kinds: dict[str, set[str]] = {}
    for o in found.get("organizations", ()):
        if o.name != o.kind:
            kinds.setdefault(o.kind.lower(), set()).add(o.name)
    out = []
    for s in spans:
        for m in _HEADQUARTERS.finditer(doc.text[s.start:s.end]):
            named = kinds.get(m.group(1).lower(), set())
            if len(named) == 1:
                out.append(_unit_name(next(iter(named)), doc.text))
    return tuple(dict.fromkeys(out))


def _sector(name: str) -> str | None:
    from pipeline.analysis.rules.organizations import rules as org_rules

    unit = org_rules().unit_of.get(name.split()[0].lower()) if name else None
    return unit.sector if unit else None


def _bare_name(m, following, by_kind: dict[str, list[str]], doc: Doc, found: dict) -> str | None:
    """The one unit a bare "KPU", "PPK" stands for: the article's one unit of the kind; the
    place of the body named right after it ("KPU dan Bawaslu Sumba Timur"); for a kabupaten
    body ("KPU setempat") the place of the article's one Polres; for a kecamatan committee
    the article's one kecamatan unit's place."""
    if len(by_kind.get(m.kind, ())) == 1:
        return by_kind[m.kind][0]  # "Ketua PPK" in an article about PPK Betung
    if by_kind.get(m.kind):
        return None  # several units of the kind: which one is not said
    text = doc.text
    if following is not None and following.name != following.kind and following.sector == m.sector \
            and _LISTED.match(text[m.end:following.start]):
        return f"{m.kind} {following.name[len(following.kind) + 1:]}"
    level_kinds = _KABUPATEN_POLICE if m.kind in _KABUPATEN_BODIES else (
        _KECAMATAN_UNITS if m.kind in _KECAMATAN_BODIES else ())
    places = {o.name[len(o.kind) + 1:] for o in found.get("organizations", ())
              if o.kind in level_kinds and o.name != o.kind}
    if not places and m.kind in _KECAMATAN_BODIES:  # "... salah satunya di Kecamatan Perbaungan"
        places = {p.name for p in found.get("places", ()) if p.level == "kecamatan"}
    if len(places) == 1:
        return f"{m.kind} {places.pop()}"
    return m.name


def _officials_bodies(doc: Doc, found: dict, in_quote, lead_end: int) -> list[tuple[int, str]]:
    """The election bodies of officials acting in the article (chairing, speaking, attending):
    their bodies took part in the main activity, unless the sentence is about an earlier
    time, the person stands in for someone or no longer holds the post."""
    text = doc.text
    out = []
    for o in found.get("officials", ()):
        if not o.org or o.role == "former" or _sector(o.org) != "election":
            continue
        if o.org.split()[0] == "KPPS" or len(o.org.split()) < 2 or in_quote(o.start):
            continue
        s = doc.sentences[_sentence_of(doc, o.start)]
        if s.start >= lead_end and _EARLIER.search(text[s.start:s.end]):
            continue
        if _REPRESENTED_BEFORE.search(text[s.start:o.start]) or _NOT_THERE.search(text[s.start:o.start]):
            continue
        kind, _, place = o.org.partition(" ")
        # Aceh: the officials family files a KIP commissioner under the KPU; the unit
        # the article names is the KIP ("KIP Bireuen"), the Panwaslih likewise.
        local = next((f"{k} {place}" for k in _LOCAL_NAMES.get(kind, ())
                      if f"{k} {place}" in {g.name for g in found.get("organizations", ())}), o.org)
        out.append((o.start, local))
    return out


def _witness_sentence(doc: Doc, pos: int) -> Sentence | None:
    """The sentence of ``pos`` when a unit there witnessed or attended the activity
    ("disaksikan Panwascam Kertek", "turut hadir ... PPK"), and it says nothing of a plan."""
    s = doc.sentences[_sentence_of(doc, pos)]
    before = doc.text[s.start:pos]
    if _WITNESS.search(before[-80:]) and not event_rules().not_happened.search(doc.text[s.start:s.end]):
        return s
    return None


def _unit_name(name: str, text: str) -> str:
    """A unit's name in the events' form: provinces in full ("Polda Kalbar" -> "Polda
    Kalimantan Barat"), the KPPS without a place (a crew per polling station)."""
    from pipeline.analysis.rules.places import canonical_org

    if name.startswith("KPPS"):
        return "KPPS"
    return canonical_org(name)


def _short_twin(name: str, names: list[str], text: str) -> bool:
    """"Polres Kotim" beside "Polres Kotawaringin Timur" where the text writes
    "Kotawaringin Timur (Kotim)" or places.yml knows the short form: the same unit, kept
    once under its full name."""
    from pipeline.analysis.rules.places import canonical_org

    kind, _, place = name.partition(" ")
    full = canonical_org(name, kabupaten=True)
    if full != name and full in names:
        return True  # "KPU Taput" beside "KPU Tapanuli Utara": places.yml's short form
    if _NUMBER_ONLY.match(name) and any(o.startswith(name + "/") for o in names):
        return True  # "Koramil 1208-03" ("Danramil 1208-03 Tebas") beside "Koramil 1208-03/Tebas"
    for other in names:
        okind, _, oplace = other.partition(" ")
        if other != name and okind == kind and place and oplace and \
                re.search(rf"{re.escape(oplace)}\s*\(\s*{re.escape(place)}\s*\)", text):
            return True
    return False


_QUOTES: dict[int, tuple] = {}


def _quote_finder(doc: Doc):
    """Whether a position lies inside a quotation (“...” or "..." within one paragraph)."""
    hit = _QUOTES.get(id(doc.article))
    if hit is None or hit[0] is not doc.article:
        spans = []
        for m in re.finditer(r"“[^”\n]*”?|\"[^\"\n]*\"?", doc.text):
            spans.append((m.start(), m.end()))
        _QUOTES.clear()
        hit = _QUOTES[id(doc.article)] = (doc.article, spans, [a for a, _ in spans])
    _, spans, starts = hit

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and spans[k][0] < pos < spans[k][1]

    return inside


# A unit set right after its subordinate unit names where that unit belongs ("Polsek
# Jonggat, Polres Lombok Tengah,", "Kapolsek Pelaihari Polres Tanah Laut", "Koramil 0815/16
# Pacet Kodim 0815/Mojokerto"), not a second unit taking part.
_PARENTS = {"Polsek": {"Polres", "Polresta", "Polrestabes", "Polda"},
            "Polres": {"Polda"}, "Polresta": {"Polda"}, "Polrestabes": {"Polda"},
            "Koramil": {"Kodim", "Korem"}, "Kodim": {"Korem"}}
_ADJACENT = re.compile(r"^\s*,?\s*$")
# Bare names that stand for no one unit: the national forces, and "PPS"/"Panwaslu" with no
# place (logistics go "ke PPS": the committees of every village).
_BARE_SKIPPED = {"Polri", "TNI", "PPS", "Panwaslu"}
_REPRESENTED_BEFORE = re.compile(r"\bmewakili\s+(?:\S+\s+){0,4}$", re.I)
_REPRESENTED_AFTER = re.compile(r"^\W*(?:yang\s+)?diwakili\b", re.I)
# Before a unit in its sentence: the unit is compared with ("di hari yang sama dengan
# Polresta Manado") or somewhere else ("berhalangan hadir karena mengikuti rapat di KPU ...").
_NOT_THERE = re.compile(
    r"(?:\byang\s+sama\s+dengan|\bsama\s+halnya\s+dengan|\bseperti\s+halnya)\s+(?:\S+\s+){0,2}$"
    r"|\b(?:berhalangan|absen|tidak\s+(?:dapat\s+|bisa\s+)?hadir)\b", re.I)
# A bare kind counted or taken as a whole: "19 PPK", "seluruh PPK", "se-Kabupaten".
_IN_BULK = re.compile(r"(?:\b\d+|\bseluruh|\bsemua|\bsetiap|\btiap|\bmasing-masing|\bpara|\bse-?)\s*$", re.I)
# A later sentence about an earlier time ("rapat koordinasi pekan lalu", "Bulan lalu Kapolsek
# juga sudah bertemu ...", "sebelumnya menginstruksikan"): its units took part in that, not in
# the main event (an event of its own, dated in that sentence, keeps them).
_EARLIER = re.compile(r"\b(?:bulan|pekan|minggu|tahun)\s+lalu\b|\bsebelumnya\b", re.I)
# Attending or witnessing the activity, anywhere in the article.
_WITNESS = re.compile(r"\b(?:disaksikan|diawasi|dihadiri|turut\s+hadir|ikut\s+serta|ikut\s+dalam)\b"
                      r"(?:(?!\b(?:pada|saat|ketika)\b)[^.;])*$", re.I)
# The polling-station crews as a topic (formed, recruited, supplied), not as people present.
_KPPS_TOPIC = re.compile(r"\b(?:pembentukan|rekrutmen|perekrutan|seleksi|pendaftaran|calon|untuk|bagi)"
                         r"\s+(?:(?:petugas|anggota|ketua)\s+)?$", re.I)
# A territorial unit named by its number only.
_NUMBER_ONLY = re.compile(r"^(?:Kodim|Koramil|Korem) [\d.\-]+$")
# A bare committee as the place ballot boxes come from or go to, not a unit there.
_ROUTE = re.compile(r"\b(?:ke|dari)\s+$", re.I)
# A Brimob detachment named with the Polda it comes from, right before that Polda.
_BRIMOB_OF = re.compile(r"\bBrimob\b(?:\s+(?!dan\b|serta\b)\S+){0,3}\s+$", re.I)
_LOCAL_NAMES = {"KPU": ("KIP",), "Panwaslu": ("Panwaslih",), "Bawaslu": ("Panwaslih",)}
_LISTED = re.compile(r"^\s*(?:dan|serta|,)\s*$")
# A unit's headquarters named bare, with no place after it ("di Mapolres.", "ke Makodim untuk").
_HEADQUARTERS = re.compile(r"\bMa(polres|polresta|polsek|polda|kodim|koramil)\b(?!\s+[A-Z0-9])", re.I)
# Before another activity in its sentence: done on the main event's day, a second event.
_SAME_DAY = re.compile(r"\b(?:di|pada)\s+hari\s+yang\s+sama\b|\bhari\s+itu\s+juga\b", re.I)
_KABUPATEN_BODIES = {"KPU", "Bawaslu", "KIP", "Panwaslih"}
_KABUPATEN_POLICE = {"Polres", "Polresta", "Polrestabes"}
_KECAMATAN_BODIES = {"PPK", "Panwascam"}
_KECAMATAN_UNITS = {"Polsek", "PPK", "Panwascam", "PPD"}


def _officials(doc: Doc, found: dict, spans: list[Sentence]) -> tuple[str, ...]:
    """People in the event's sentences, less former holders and those someone stood in for."""
    text = doc.text
    picked: list[tuple[int, str]] = []
    for o in found.get("officials", ()):
        if o.role == "former" or o.name in {n for _, n in picked}:
            continue
        # The officials family keeps one record per person: a later mention of the
        # same full name in an event sentence counts too.
        hits = [(o.start, o.end, s) for s in spans if s.start <= o.start < s.end]
        hits += [(s.start + m.start(), s.start + m.end(), s) for s in spans
                 for m in re.finditer(rf"(?<![\w-]){re.escape(o.name)}(?![\w-])", text[s.start:s.end])]
        for start, end, s in sorted(hits, key=lambda h: h[0]):
            represented = (_REPRESENTED_BEFORE.search(text[s.start:start])
                           or _REPRESENTED_AFTER.match(text[end:s.end]))
            if not represented:
                picked.append((start, o.name))
                break
    return tuple(n for _, n in sorted(picked))


def _election(elections: tuple) -> str | None:
    """The election the article names most (first named on a tie), with its year."""
    if not elections:
        return None
    counts = Counter(e.type for e in elections)
    first = {}
    for e in sorted(elections, key=lambda e: e.start):
        first.setdefault(e.type, e.start)
    etype = max(counts, key=lambda t: (counts[t], -first[t]))
    years = Counter(e.year for e in elections if e.type == etype and e.year)
    return f"{etype} {years.most_common(1)[0][0]}" if years else etype
