"""Events: the activities an article reports, built after every other family has run.

The data and documented examples are in rules/data/events.yml. In short: an article
reports one main activity and describes it many times, so every mention joins the
main event unless its sentence states a different event date; plans and advice
("akan mengadakan pelatihan") are not events. ``pipeline.analysis.assemble`` calls
``build_events``; this family is not in ``ORDER`` because it reads every other
family's findings.

This module finds the activities and groups their mentions into events; ``lexicon`` compiles
the YAML, ``layout`` knows paragraphs, the lead and quotations, ``when`` dates an event,
``where`` places it, and ``participants`` names the units and officials taking part.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.analysis.rules.events.layout import (
    lead_end_of, paragraph_no, planned_list_paragraphs, quote_finder, sentence_of,
)
from pipeline.analysis.rules.events.lexicon import STAGE, Mention, event_rules
from pipeline.analysis.rules.events.participants import (
    election_named, headquarters_units, officials_in, sector_of, unit_name, units_taking_part,
)
from pipeline.analysis.rules.events.when import main_date_of, not_after_publication, voting_day_of
from pipeline.analysis.rules.events.where import finest_place, place_name_of, venue_in
from pipeline.records import Doc, Event

NAME = "events"
VERSION = 11
EVENTS_RULE = f"{NAME}@{VERSION}"


def extract(doc: Doc, found: dict[str, tuple]) -> tuple[Event, ...]:
    """The article's events, built from what the rule families found."""
    return build_events(doc, found)


def build_events(doc: Doc, found: dict[str, tuple]) -> tuple[Event, ...]:
    """Events reported in the article: usually one, more only for activities on other dates."""
    r = event_rules()
    mentions = [m for m in _mentions(doc) if not m.planned]
    if not mentions:
        return ()
    lead_end = lead_end_of(doc)
    # an activity done "di hari yang sama" is told beside the main one, never the main one
    in_quote = quote_finder(doc)
    same_day = {m for m in mentions if _SAME_DAY.search(doc.text[doc.sentences[m.sentence].start:m.start])
                or (_AFTER_MAIN.search(doc.text[doc.sentences[m.sentence].start:m.start]) and not in_quote(m.start)
                    # (in its own clause: "..., mengingat cuaca di Kota X" names no place it went to)
                    and _ELSEWHERE.search(doc.text[m.end:doc.sentences[m.sentence].end].split(",")[0]))}
    in_lead = [m for m in mentions if m.start < lead_end and m not in same_day]
    if in_lead:
        main_type = min({m.type for m in in_lead}, key=r.types.index)
        of_type = [m for m in in_lead if m.type == main_type]
        # The evidence is the first body sentence that reports it; headlines are terse.
        anchor = next((m for m in of_type if m.start >= doc.article.body_offset), of_type[0])
    else:
        anchor = mentions[0]
        main_type = anchor.type
    event_dates = [d for d in found.get("dates", ()) if d.kind == "event"]

    def dates_in(i: int) -> list:
        s = doc.sentences[i]
        return [d for d in event_dates if s.start <= d.start < s.end]

    with_activity = {m.sentence for m in mentions}  # sentences that tell an activity, a stage included
    main_date = main_date_of(doc, anchor, [m for m in mentions if m.type == main_type], dates_in, event_dates)
    if main_type != STAGE:
        # A stage beside a police activity is that activity's topic
        # ("mengunjungi PPK terkait tahapan penetapan DPT"): its sentences say nothing
        # more about the activity and may name other places. One whose sentence states
        # a later event date is a further stage the police were at ("Keesokan harinya,
        # Minggu (1/12), pleno serupa digelar di PPK Kasimbar", dev13).
        # Not one dated after the publication: a stage still ahead ("Hasil rekapitulasi dibawa
        # ke KPU provinsi pada Senin (4/3/2024)" in a page published on the 3rd) was not attended.
        mentions = [m for m in mentions if m.type != STAGE or (
            main_date and any(d.date > main_date.date and not_after_publication(doc, d.date)
                              for d in dates_in(m.sentence))
            and not _RECALLED.search(doc.text[doc.sentences[m.sentence].start:doc.sentences[m.sentence].end]))]
        # (a recalled one, "Sebelumnya pada penetapan DPT 5 September lalu", is background)
    voting_day = None
    if main_date is None and main_type in r.on_voting_day_types:
        voting_day = voting_day_of(doc, found, lead_end)
    main_key = (main_type, main_date.date if main_date else None)
    groups: dict[tuple[str, str | None], list[Mention]] = {main_key: []}
    further: dict[str, tuple[str, str]] = {}  # a further date -> its event's key
    for m in mentions:
        # the other days of the main date's own span ("Minggu hingga Selasa (6-8/12)") are
        # the same activity, not a second one
        other = _other_dates(doc, dates_in(m.sentence), main_date, in_quote)
        if not other and not dates_in(m.sentence) and m.type != main_type and m.type in r.on_voting_day_types \
                and m.start >= doc.article.body_offset and not in_quote(m.start) \
                and (before := _sentence_before(doc, m.sentence)) is not None:
            # "Pilkades ... berlangsung aman, Sabtu (16/10). Pengamanan dilakukan oleh Bhabinkamtibmas ...":
            # undated security work told right after the held vote was done on that day (dev13)
            other = _other_dates(doc, [d for d in dates_in(before) if "voting_day" in d.flags],
                                 main_date, in_quote)[:1]
        if other:  # one further event per date, whatever words tell it ("Sehari setelah apel, ... patroli")
            key = further.setdefault(other[0], (m.type, other[0]))
        elif not dates_in(m.sentence) and (told := _dated_before(doc, m.sentence, dates_in)) is not None \
                and (back := _other_dates(doc, dates_in(told), main_date, in_quote)) and back[0] in further:
            # "Sehari setelah apel, Selasa (14/2), Wakapolres memimpin patroli ... Dalam patroli itu
            # Wakapolres didampingi Kapolsek X": the paragraph goes on telling the further event (dev13)
            key = further[back[0]]
        elif not dates_in(m.sentence) and m.type != main_type and m.start >= doc.article.body_offset \
                and not in_quote(m.start) and (before := _sentence_before(doc, m.sentence)) is not None \
                and before not in with_activity \
                and not _RECALLED.search(doc.text[doc.sentences[before].start:doc.sentences[before].end]) \
                and (back := _other_dates(doc, dates_in(before), main_date, in_quote)):
            # "Pilhut di 52 desa berlangsung aman, Rabu (29/11/2023). Kapolres menyambangi sejumlah TPS":
            # the day a sentence with no activity of its own states is the next sentence's activity's
            # (not an earlier stage recalled: "Sebelumnya, pleno PPK rampung pada Kamis (29/2). Kotak
            # suara kemudian dibawa ke gudang KPU dengan pengawalan polisi")
            key = further.setdefault(back[0], (m.type, back[0]))
        else:
            key = main_key
        if not other and main_date and m.type not in (main_type, STAGE) and m in same_day:
            key = (m.type, main_date.date)  # "Di hari yang sama, Kapolsek memimpin patroli"
        groups.setdefault(key, []).append(m)
    # a further date's event is of its own kind, not the main one a sentence looks back on
    renamed = {}
    for (etype, date), group in groups.items():
        if (etype, date) in further.values():
            own = {m.type for m in group if m.type != main_type}  # the most specific of its own kinds
            etype = min(own, key=r.types.index) if own else etype
        renamed.setdefault((etype, date), []).extend(group)
    groups = renamed

    events = []
    for n, ((etype, date), group) in enumerate(groups.items()):
        is_main = n == 0
        if etype == STAGE and date is None:
            continue  # an undated stage is an announcement or a window ("rekrutmen KPPS dibuka")
        first = anchor if is_main else group[0]
        sentences = {m.sentence for m in group}
        told_in = [i for m in group for i in (m.sentence, _sentence_before(doc, m.sentence)) if i is not None]
        date_record = (main_date or voting_day) if is_main else next(
            (d for i in told_in for d in dates_in(i) if d.date == date), None)
        if date_record is not None:
            sentences.add(sentence_of(doc, date_record.start))
        else:  # done "di hari yang sama": the main event's date, not its sentence
            date_record = main_date or voting_day
        lead: set[int] = set()
        if is_main:
            sentences |= {i for i, s in enumerate(doc.sentences) if s.start < lead_end and
                          s.start >= doc.article.body_offset and paragraph_no(doc, s.start) == 0}
            # units named in the headline and the lead took part in the main activity
            lead = {i for i, s in enumerate(doc.sentences) if s.start < lead_end}
        order = [first.sentence] + sorted(sentences - {first.sentence})
        events.append(_event(doc, found, etype, date_record, first, order,
                             from_body=is_main and not in_lead, lead=sorted(lead - sentences),
                             is_main=is_main, lead_end=lead_end))
    return tuple(events[:1] + [_as_main_did(e, events[0]) for e in events[1:]])


def _other_dates(doc: Doc, here: list, main_date, in_quote) -> list[str]:
    """The event dates of a sentence other than the main event's (and not another day of its span)."""
    return [d.date for d in here if main_date and d.date != main_date.date
            and d.start != main_date.start and not _vote_told(doc, d, main_date, in_quote)]


def _sentence_before(doc: Doc, i: int) -> int | None:
    """The sentence before sentence ``i`` in the same paragraph, if any."""
    if i == 0 or paragraph_no(doc, doc.sentences[i - 1].start) != paragraph_no(doc, doc.sentences[i].start):
        return None
    return i - 1


def _dated_before(doc: Doc, i: int, dates_in) -> int | None:
    """The nearest sentence before sentence ``i`` in its paragraph that states an event date."""
    while (i := _sentence_before(doc, i)) is not None:
        if dates_in(i):
            return i
    return None


def _vote_told(doc: Doc, day, main_date, in_quote) -> bool:
    """A voting day that security work is said to be for, not work reported done on it: one
    still ahead of the main activity in an article with no publication date ("apel ...
    Senin (25/6). ... pengamanan pemungutan suara yang digelar Rabu (27/6)"), or one a
    speaker recalls ("Kita pernah sukses mengamankan Pileg 9 April lalu")."""
    if "voting_day" not in day.flags:
        return False
    ahead = doc.article.published_date is None and day.date > main_date.date
    if ahead and paragraph_no(doc, day.start) <= 0 < paragraph_no(doc, main_date.start):
        # the opening paragraph reports the vote, the main activity is told after it ("Pilkades
        # ... berlangsung aman, Sabtu (16/10). ... Sehari sebelumnya, Jumat (15/10), Kapolsek
        # meninjau TPS", dev13): the news is the vote, not ahead of it
        ahead = False
    return ahead or in_quote(day.start)


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


def _event(doc: Doc, found: dict, etype: str, date, anchor: Mention, order: list[int],
           from_body: bool, lead: list[int] = (), is_main: bool = False, lead_end: int = 0) -> Event:
    r = event_rules()
    spans = [doc.sentences[i] for i in order]
    unit_spans = spans + [doc.sentences[i] for i in lead]
    venue = next((v for s in spans if (v := venue_in(doc.text[s.start:s.end]))), None)
    place = finest_place(doc, found.get("places", ()), venue, spans)
    place_name = place_name_of(place, found.get("places", ())) if place else None
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
    organizations = units_taking_part(doc, found, unit_spans, is_main, lead_end)
    officials = officials_in(doc, found, spans)
    if not is_main:
        # "Di hari yang sama, Kapolsek AKP X memimpin patroli": the unit of the official who
        # led it, known from the article, took part though its sentence names none; so does
        # a village post's ("Pengamanan dilakukan oleh Bhabinkamtibmas Desa X", his Polsek: dev13)
        organizations = tuple(dict.fromkeys(organizations + tuple(
            unit_name(o.org, doc.text) for o in found.get("officials", ())
            if o.name in officials and o.org and o.role != "former" and sector_of(o.org) in r.sectors)
            + _bare_posts_units(doc, found, spans)))
    if not is_main and not organizations:
        organizations = headquarters_units(doc, found, spans)
    sentence = doc.sentences[anchor.sentence]
    return Event(
        type=etype, start=sentence.start, end=sentence.end, rule=EVENTS_RULE,
        date=date.date if date else None,
        place=place_name,
        organizations=organizations,
        officials=officials,
        election=election_named(found.get("elections", ())),
        confidence=round(max(conf, r.confidence["floor"]), 2),
        flags=tuple(flags),
        venue=venue,
    )


def _bare_posts_units(doc: Doc, found: dict, spans) -> tuple[str, ...]:
    """Units of posts named bare in a further event's sentences ("Usai rakor, Kapolres bersama Ketua KPU
    meninjau gudang"): the one holder of that post the article names took part (dev9, dev13)."""
    r = event_rules()
    holders: dict[str, list] = {}
    for o in found.get("officials", ()):
        if o.position and o.org and o.role != "former" and sector_of(o.org) in r.sectors:
            holders.setdefault(o.position, []).append(o)
    text = " ".join(doc.text[s.start:s.end] for s in spans)
    return tuple(unit_name(held[0].org, doc.text) for post, held in holders.items()
                 if len(held) == 1 and re.search(rf"(?<![\w-]){re.escape(post)}(?![\w-])", text))


def _mentions(doc: Doc) -> list[Mention]:
    """Every trigger word in the article's sentences, marked when it is a plan or advice."""
    r = event_rules()
    from pipeline.analysis.rules.places import rules as place_rules

    skip_line = place_rules().skip_line
    planned_paragraphs = planned_list_paragraphs(doc)
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
            planned = bool(r.not_happened.search(window)) or paragraph_no(doc, s.start) in planned_paragraphs
            out.append(Mention(etype, s.start + m.start(), s.start + m.end(), i, planned))
    return out


# Before another activity in its sentence: done on the main event's day, a second event.
_RECALLED = re.compile(r"\b(?:sebelumnya|lalu)\b", re.I)
_SAME_DAY = re.compile(r"\b(?:di|pada)\s+hari\s+yang\s+sama\b|\bhari\s+itu\s+juga\b", re.I)
# "Usai apel, Wakapolres memimpin patroli ke Kecamatan Ngapa", "Usai rakor, Kapolres meninjau gudang KPU
# di Andoolo" (dev13, dev9): right after the activity and somewhere else, so a second one on its day.
# Checking vehicles and gear after an apel ("Usai apel, Kapolres mengecek kendaraan") is the apel's own.
_AFTER_MAIN = re.compile(r"^\W*(?:usai|seusai|selepas|sesudah|setelah|selesai)\s+(?:melaksanakan\s+|mengikuti\s+|"
                         r"memimpin\s+|menggelar\s+)?(?:kegiatan|acara|apel|rapat|rakor|pleno|kunjungan|pertemuan|upacara)\b",
                         re.I)
_ELSEWHERE = re.compile(r"\b(?:ke|di)\s+[A-Z][a-z]")  # a named place, not "ke TPS" nor "di halaman Setda"
