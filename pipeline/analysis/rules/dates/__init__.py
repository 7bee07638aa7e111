"""Rule family 'dates': calendar dates in the text and what each is the date of.

The lexicons, cue words and examples live in ``data/dates.yml``; its description is the
reference for the kinds (event, election_day, report, caption, deadline, schedule, other)
and the flags (year_inferred, weekday_mismatch, year_corrected, implausible_year).
This module classifies each stated date from where it stands and the words around it;
``lexicon`` compiles the YAML, ``stated`` finds the dates and settles their years, and the
other modules hold the finer tests (voting days, quotes, statements, the past and the future).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from pipeline.analysis import rules
from pipeline.analysis.rules.dates.background import (
    drop_recalled_votes, mark_ahead, mark_far_past, past_spans, secured_vote, since_weekday,
)
from pipeline.analysis.rules.dates.context import speech_after
from pipeline.analysis.rules.dates.layout import Layout, opens_lead, page_kind, stamp_date
from pipeline.analysis.rules.dates.lexicon import NAME, Lexicon, load_lexicon
from pipeline.analysis.rules.dates.quotes import closed_quote, outside_quotes, quote_start
from pipeline.analysis.rules.dates.stated import (
    Found, Stated, direction_after, find_stated, infer_year, resolve_stated_year, safe_date, toward,
)
from pipeline.analysis.rules.dates.times import attach_times
from pipeline.analysis.rules.dates.voting import YEARS_IN as _YEARS_IN
from pipeline.analysis.rules.dates.voting import alongside_vote_next
from pipeline.analysis.rules.dates.voting import ends_clause as _ends_clause
from pipeline.analysis.rules.dates.voting import cue as _cue
from pipeline.analysis.rules.dates.voting import on_voting_day as _on_voting_day
from pipeline.analysis.rules.dates.voting import voting_day as _voting_day
from pipeline.analysis.rules.dates.voting import voting_today as _voting_today
from pipeline.analysis.rules.dates.voting import work_on_vote_next as _work_on_vote_next
from pipeline.analysis.rules.dates.weekdays import beside_statement, yesterday
from pipeline.records import DateMention, Doc

VERSION = 18

_REGULATION_YEAR = re.compile(r"(?:nomor|no\.?)\s*\d+\s+tahun\s+$", re.IGNORECASE)
_COINCIDING = re.compile(r"\b(?:bertepatan|bersamaan)\s+dengan\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_WINDOW = re.compile(r"\b(?:pendaftaran|penerimaan|pengajuan|pengumuman|masa|jadwal|batas)\b", re.IGNORECASE)
_TOLD = re.compile(r"\b(?:mengatakan|menyebut|menyebutkan|menjelaskan|menyampaikan|mengungkapkan|"
                   r"menuturkan|menegaskan|bahwa)\b", re.IGNORECASE)
_MUST_AFTER = re.compile(r"^[\s)]*,?\s*(?:\S+\s+){0,3}?(?:harus|wajib|mesti|sudah\s+harus)\b", re.IGNORECASE)
_LOCAL_OFFSET = re.compile(r"T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?\+0[789]:?00$")


def _voting_candidates(lex: Lexicon, f: Found, before: str, direction: str | None,
                       published: date | None) -> list[date]:
    """The dates a stated voting day may be: a year-less one takes the election's year.

    For "Pilkada 2024 ... tanggal 27 November nanti" the year the sentence states comes
    first; then the year already inferred; then a known national voting day with that day
    and month (within a year of the publication date, on the side "lalu"/"nanti" points to).
    """
    if f.stated.year is not None:
        return [f.date]
    s = f.stated

    def fits(d: date | None) -> bool:
        return d is not None and (s.weekday is None or d.weekday() == s.weekday)

    out: list[date] = []
    for y in reversed(_YEARS_IN.findall(before)):
        d = safe_date(int(y), s.month, s.day)
        if fits(d) and d not in out:
            out.append(d)
    if f.date not in out:
        out.append(f.date)
    known = [k for k in sorted(lex.known_dates) if (k.month, k.day) == (s.month, s.day) and fits(k)]
    if published:
        known = [k for k in known if abs(k.year - published.year) <= 1]
    return out + [k for k in toward(known, published, direction) if k not in out]


def _known_day(lex: Lexicon, s: Stated) -> Found | None:
    """The one national voting day with this day, month (and weekday), for a year-less date."""
    days = [k for k in lex.known_dates if (k.month, k.day) == (s.month, s.day)
            and (s.weekday is None or k.weekday() == s.weekday)]
    return Found(s, days[0], {"year_inferred"}, 0.6) if len(days) == 1 else None


def _planned(lex: Lexicon, before: str, d: date, published: date | None) -> bool:
    """A future cue before the date, unless it sits in a relative clause the date is set off
    from ("meninjau TPS yang akan menggelar PSU di Desa Nggela, Jumat (23/2)") and the
    publication date shows the date is no later than the report."""
    before = outside_quotes(before)  # "“... nanti,” tegas Kapolres, Senin (4/11)": not planned
    cue = _cue(lex, "future", before)
    if cue is None:
        return False
    relative = re.search(r"\byang\s+(?:\S+\s+)?$", before[:cue.start()], re.IGNORECASE)
    set_off = "," in before[cue.end():]
    # (a .txt with no publication date: "mengecek kesiapan Babinsa yang akan bertugas di
    # sejumlah TPS rawan, Senin 15/4/2019" when nothing before the relative clause is future)
    undated = published is None and relative is not None and _cue(lex, "future", before[:relative.start()]) is None
    return not (relative and set_off and (undated or published is not None and d <= published))


_DONE = re.compile(r"\b(?:sudah|telah)\s+$", re.IGNORECASE)
_SINCE = re.compile(r"\bsejak\s+(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)
# "Masa tenang berlangsung hingga Selasa (26/11/2024)": the end of a state (a word before
# "hingga": a sentence opening "Hingga Kamis (28/11) pukul 12.00, ..." dates the report)
_UNTIL = re.compile(r"\w\s+(?:hingga|sampai(?:\s+dengan)?)\s+(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)
# "hasil pemutakhiran per 20 September 2024": the date data stand at, not an activity
# A letter's date: right after its number ("Nomor: 07/PP.06-Und/610805/2023, tanggal 29 Maret
# 2023"), or "surat ... tanggal <date>"
_LETTER_NUMBER = re.compile(r"\b(?:nomor|no\.?)\s*:?\s*[\w./-]*\d[\w./-]*\s*,?\s*$", re.IGNORECASE)
_LETTER = re.compile(r"\bsurat\b[^.,;]{0,50}$", re.IGNORECASE)
_AS_OF = re.compile(r"\bper\s+(?:tanggal\s+)?$", re.IGNORECASE)
_IF = re.compile(r"\b(?:kalau|jika|jikalau|apabila|bila|seandainya)\b", re.IGNORECASE)
_POLLING = re.compile(r"\b(?:TPS|KPPS|pencoblosan|pemungutan\s+suara|hak\s+pilih|pemilih)\b", re.IGNORECASE)
_AMID = re.compile(r"\b(?:di\s*sela|disela)(?:-sela)?\b", re.IGNORECASE)
_AHEAD = re.compile(r"\b(?:menjelang|jelang)\s+(?:hari\s+|tanggal\s+)?$", re.IGNORECASE)


def _classify(lex: Lexicon, text: str, layout: Layout, f: Found, published: date | None,
              direction: str | None = None) -> None:
    """Set the kind of one date from where it stands and the words around it."""
    if on_page := page_kind(lex, text, layout, f.stated):
        f.kind = on_page
        return
    p_start, p_end = layout.paragraph(f.stated.start)
    if f.stated.in_range:
        f.kind = "schedule"
        return
    s_start, s_end = layout.sentences[layout.sentence(f.stated.start)]
    before = text[max(s_start, p_start):f.stated.start]
    after = text[f.stated.end:max(f.stated.end, min(s_end, p_end))]
    if _cue(lex, "document", before) or _LETTER_NUMBER.search(before) or (
            text.startswith(("tanggal", "tgl"), f.stated.start) and _LETTER.search(before)):
        f.kind = "other"  # "surat KPU RI tertanggal 20 November 2024", "Nomor: 07/PP/2023, tanggal ..."
        return
    if deadline := _cue(lex, "deadline", before):
        # "paling lambat Selasa (26/11), sehari sebelum pemungutan suara pada Rabu, 27
        # November": voting words after the deadline's own date still date the vote
        before = before[deadline.end():]
        if not any(_voting_day(lex, before, after, c, published) is not None
                   for c in _voting_candidates(lex, f, before, direction, published)):
            f.kind = "deadline"
            return
    # a day of a span or a range's end is never a voting day: a vote is held on one day ("penyortiran
    # surat suara Pilkada 2020 yang berlangsung tiga hari, Kamis hingga Sabtu (12-14/11/2020)", dates 17)
    candidates = () if f.stated.span_day or f.stated.in_range else _voting_candidates(lex, f, before, direction, published)
    for candidate in candidates:
        pos = _voting_day(lex, before, after, candidate, published)
        if pos is not None:
            if candidate != f.date:
                f.date = candidate
                f.flags = (f.flags - {"weekday_mismatch"}) | {"year_inferred"}
            f.kind = "election_day"
            f.on_voting_day = (_on_voting_day(lex, before, after, pos, f.date, published, direction)
                               or (_ends_clause(lex, after) and direction != "future"
                                   and not (published and f.date > published)
                                   # (the day is not after the report's, or none is known:
                                   # a purpose after it was carried out)
                                   and _work_on_vote_next(lex, text[s_end:s_end + 250], done=True))
                               # "Kegiatan tersebut dilakukan ..., bertepatan dengan puncak pesta
                               # demokrasi tahun 2019, Rabu (17/4)": the work coincided with the vote
                               or (bool(_COINCIDING.search(before, max(0, pos - 40), pos))
                                   and direction != "future" and not (published and f.date > published)))
            return
    if after.strip(" .)") == "" and alongside_vote_next(lex, text[s_end:s_end + 250]):
        f.kind = "election_day"  # "..., Rabu (27/11/2024). Peninjauan dilakukan bersamaan dengan pemungutan suara"
        f.on_voting_day = (direction != "future" and not (published and f.date > published)
                           and bool(lex.on_day_activities.search(before)))
        return
    quote = quote_start(text, p_start, f.stated.start)
    plan = _cue(lex, "plan", before)
    if plan and _DONE.search(before[max(0, plan.start() - 12):plan.start()]):
        plan = None  # "pengamanan PSU sudah dimulai sejak Jumat (6/12)": begun, not planned
    if (plan and " ".join(plan.group().lower().split()) in ("dimulai", "berakhir")
            # (a .txt with no publication date: only in its lead, the article's own activity)
            and (f.date <= published if published is not None else layout.sentence(f.stated.start) <= 1)
            and direction != "future"
            and _cue(lex, "future", before) is None and not _WINDOW.search(before, 0, plan.start())
            and not _TOLD.search(before, 0, plan.start())):
        # "Rapat pleno rekapitulasi ... tingkat Kecamatan Leihitu dimulai Senin (19/2/2024)",
        # "Tahapan coklit ... berakhir Rabu (24/7/2024)": a stage reported as begun or ended
        # on a day not after the report is that activity's day; a window (pendaftaran, masa
        # kampanye) opening or closing stays a schedule, and so does a stage someone tells of
        # ("Ketua PPK mengatakan pleno tingkat kecamatan dimulai Sabtu (17/2/2024)") (dates 10)
        plan = None
    if _cue(lex, "report", before):
        f.kind = "report"
    elif _AS_OF.search(before):
        f.kind = "other"
    elif (_SINCE.search(before) or _UNTIL.search(before)) and not f.stated.span_day and not (
            lex.on_day_activities.search(before[max(0, len(before) - 80):] + " " + after[:60])):
        # "logistik sudah tiba di 19 PPK sejak Sabtu (5/12)": the start of a state or of
        # another body's work, not the reported activity ("personel disiagakan sejak
        # Selasa (15/11) malam" is the police's work, and stays an event; so does each day of
        # "mengawal pengiriman logistik ... sejak Rabu hingga Jumat (10-12/4/2019)")
        f.kind = "schedule"
    elif _AHEAD.search(before):
        # "menjelang 9 Desember": the date lies ahead; a national voting day is named for
        # its vote ("pengawasan masa tenang menjelang 9 Desember" in November 2020)
        f.kind = "election_day" if f.date in lex.known_dates else "schedule"
    elif plan:
        f.kind = "schedule"
    elif quote is not None and (lex.cues["future"][1].search(text, quote, f.stated.start)
                                or _MUST_AFTER.match(after)
                                # '"Kalau air pasang bersamaan hujan deras tanggal 14 Februari,
                                # warga bisa kesulitan," ujar Kapolsek': a condition (dates 11)
                                or _IF.search(text, quote, f.stated.start)):
        # a date inside a quote about what will be done ('"Tanggal 27 Juni 2018 semua harus
        # siap," ujar Camat': what must be ready by then, dates 10)
        f.kind = "schedule"
    elif _cue(lex, "speech", before) or _cue(lex, "press", before) or speech_after(after):
        f.speech = True
        # "kata Kapolres di sela patroli, Senin (12/2) malam": said while the activity went on,
        # so the report may be written after its last day (dates 13)
        f.amid = bool(_AMID.search(before[-60:]))
    elif _planned(lex, before, f.date, published) or direction == "future":
        f.kind = "schedule"
    elif published and f.date > published + timedelta(days=1):
        f.kind = "schedule"
    if (f.kind == "event" and not f.speech and f.date in lex.known_dates
            and _WILL_VOTE.search(outside_quotes(before))):
        # "Para pemilih tersebut akan menyalurkan hak pilihnya di 690 TPS yang tersebar di 13
        # kecamatan ... pada 9 Desember 2020": the vote told as ahead, however far from "akan"
        f.kind = "election_day"
    if (f.kind == "schedule" and f.date in lex.known_dates and published and f.date > published
            and lex.ahead_contest.search(before)):
        # "mewaspadai politik uang menjelang pemilihan Bupati ... Sungai Lebar, Rabu (9/12)" in a
        # report of 5 December: a national voting day still ahead, right after the contest it is
        # ahead of, is that contest's day (dates 17; not "apel menjelang Pilkada, Sabtu (5/12)",
        # the apel's own day, which is not ahead of the report)
        f.kind = "election_day"
    if (f.kind == "schedule" and f.date in lex.known_dates and not f.stated.in_range
            and _POLLING.search(text, p_start, p_end)):
        # a national voting day ahead, in a paragraph about the polling stations ("hujan deras
        # tanggal 14 Februari" beside "lokasi TPS cadangan"): the vote's day (dates 11)
        f.kind = "election_day"


def extract(doc: Doc, found: dict) -> tuple[DateMention, ...]:
    """Dates stated in the article, each with its kind, time and doubts."""
    lex = load_lexicon()
    rule = rules.rule_id(NAME)
    text = doc.text
    published = doc.article.published_date
    stated = find_stated(text, lex)
    if not stated:  # no date written: "Rabu kemarin" or a bare "kemarin" may still date it
        bare = beside_statement(lex.weekdays, text, [], published)
        mentions = (_weekday_only(bare, rule) if bare else
                    _relative_days(yesterday(lex.weekdays, lex.yesterday, text, [], published), rule))
        return tuple(_with_vote_days(lex, text, Layout(doc), mentions, published))
    anchors = Counter(s.year for s in stated if s.year is not None and not s.in_range)
    stated_years = Counter(
        int(m.group(1)) for m in lex.year.finditer(text)
        if not _REGULATION_YEAR.search(text[max(0, m.start() - 30):m.start()])
    )
    layout = Layout(doc)
    # the publication day is local (not a UTC timestamp a day behind): a stamp line, or an
    # Indonesian offset (+07:00 to +09:00)
    local = bool(_LOCAL_OFFSET.search(str(doc.article.published or "")))
    if published is None:  # a .txt article: its stamp line is its publication date
        published = stamp_date(lex, text, layout, stated)
        local = published is not None
    # The year a typo is measured against: the publication year, else the article's years.
    refs = {published.year} if published else set(anchors) | set(stated_years)
    results: list[Found] = []
    for s in stated:
        direction = direction_after(lex, text, s.end)
        if s.year is not None:
            f = resolve_stated_year(s, refs, published)
        else:
            f = infer_year(s, published, anchors, stated_years, direction)
        if f is None and s.year is None:
            # Nothing to take a year from: a national voting day may still fill it, but
            # only where the words make the date a voting day.
            f = _known_day(lex, s)
            if f is not None:
                _classify(lex, text, layout, f, published, direction)
                if f.kind != "election_day":
                    f = None
        elif f is not None:
            _classify(lex, text, layout, f, published, direction)
        if f is not None:
            results.append(f)
    sentence_of = lambda pos: (lambda b: (b[0], text[b[0]:b[1]]))(layout.sentences[layout.sentence(pos)])  # noqa: E731
    named_day = re.compile(rf"\b(?:{'|'.join(map(re.escape, lex.weekdays))})\b\W*$", re.IGNORECASE)
    for end, day in past_spans(results, sentence_of, published,
                               lambda pos: bool(named_day.search(text, max(0, pos - 40), pos))):
        results.append(Found(end.stated, day, set(end.flags), end.confidence, kind="event"))
    for end, day in since_weekday(results, text, lex.weekdays):
        results.append(Found(end.stated, day, set(end.flags), end.confidence, kind="event"))
    _named_vote_days(lex, text, layout, results)
    attach_times(lex, text, layout, results)
    drop_recalled_votes(results, lambda pos: text[slice(*layout.sentences[layout.sentence(pos)])],
                        lex.on_day_activities)
    # a .txt with no publication date: the latest day a statement was given or reported
    said = [f.date for f in results if f.speech or f.kind == "report"]
    mark_far_past(results, published or (max(said) if said else None))
    mark_ahead(results, published, local)
    if published is None:
        _vote_after_lead(lex, text, layout, results)
    has_event = any((f.kind == "event" and not f.speech) or f.on_voting_day for f in results)
    # "pada Senin lalu" beside a dated statement: the activity's day, from the weekday
    bare = [] if has_event else beside_statement(lex.weekdays, text, results, published)
    relative = [] if has_event or bare else yesterday(lex.weekdays, lex.yesterday, text, results, published)
    if not (has_event or bare or relative):  # the held vote the police secured, if any
        secured_vote(results, text, published, lambda f: _told_held(lex, text, layout, f))
        has_event = any(f.on_voting_day for f in results)
    if not (has_event or bare or relative or any(f.speech for f in results)):
        # "SUMBAWA BESAR, Selasa (27/2/2024) - Personel Polsek Alas mengawal pergeseran kotak
        # suara ...": the dateline's day is the only date the lead's activity has; it was
        # reported the day it was done, like a statement's only date (dates 16)
        for f in results:
            if f.kind == "report" and opens_lead(text, layout, f.stated):
                f.kind = "event"
                f.confidence, f.flags = min(f.confidence, 0.7), f.flags | {"dateline_date"}
                break
    for f in results:
        if f.speech:
            if has_event or bare or relative:
                f.kind = "report"
            else:  # the statement's date is the only one: the event's, flagged
                f.confidence, f.flags = min(f.confidence, 0.7), f.flags | {"statement_date"}
    mentions = _with_vote_days(lex, text, layout,
                               _weekday_only(bare, rule) + _relative_days(relative, rule), published)
    for f in sorted(results, key=lambda f: (f.stated.start, f.date)):
        mention = DateMention(
            date=f.date.isoformat(), kind=f.kind, start=f.stated.start, end=f.stated.end,
            rule=rule, time=f.time, confidence=f.confidence, flags=tuple(sorted(f.flags)),
        )
        mentions.append(mention)
        if f.speech and _voting_today(lex, _closed_quote(text, layout, f.stated.start)):
            mentions.append(replace(mention, kind="election_day"))
        if f.kind != "election_day" and (rel := lex.relative_to_vote.match(text, f.stated.end)):
            # "Selasa (13/2/2024), sehari menjelang pemungutan suara": the vote's day too
            if rel.group("h"):  # "H-1": the vote a day after the date; "H+1": a day before
                n, sign = int(rel.group("h")), (-1 if rel.group("sign") == "+" else 1)
            else:
                n = lex.relative_days[" ".join(rel.group("n").lower().split())]
                sign = -1 if rel.group("way").lower() in lex.relative_after else 1
            day = f.date + timedelta(days=sign * n)
            # not when the day is stated right after ("sehari sebelum pemungutan suara pada
            # Rabu, 27 November"): that date is the record
            if not any(g.kind == "election_day" and g.date == day
                       and 0 <= g.stated.start - rel.end() < 150 for g in results):
                mentions.append(DateMention(
                    date=day.isoformat(), kind="election_day",
                    start=rel.start("n"), end=rel.end(), rule=rule, confidence=0.8,
                    flags=tuple(sorted({"relative_to_vote"} | (f.flags & {"year_inferred"})))))
        if f.on_voting_day:  # the police worked on voting day: the same words date the event
            mentions.append(replace(mention, kind="event",
                                    flags=tuple(sorted(f.flags | {"voting_day"}))))
    mentions += _relative_vote_unstated(lex, text, layout, results, published, mentions, rule)
    return tuple(sorted(mentions, key=lambda m: (m.start, m.date)))


# dates 18: the vote told as tomorrow with no date of its own ("Pemungutan suara ... digelar besok.",
# "... pemungutan suara Pilbup X esok hari."). (Days before the vote ahead of the sentence's date,
# "Dua hari menjelang pemungutan suara ..., Polres X menggelar apel, Senin (7/12/2015)", are not
# read: blind writers leave that day null 4 to 1, dev6 d6d_17, dev7 d7d_29, dev9 d9e_12, dev11 d11v_23)
_TOMORROW = re.compile(r"\b(?:besok|esok(?:\s+hari)?)\b(?!\s*,?\s*(?:\(|senin|selasa|rabu|kamis|jumat|sabtu|minggu|\d))",
                       re.IGNORECASE)


def _relative_vote_unstated(lex: Lexicon, text: str, layout: Layout, results: list[Found],
                            published: date | None, mentions: list, rule: str) -> list[DateMention]:
    """The vote told as tomorrow where no date states it ("digelar besok"): the report's day, else the
    activity's day stated before it in its paragraph, plus one; only a known national voting day is
    taken (a wrong day is worse than none). Blind writers give that day 6 to 2 (dev20 d20g_28, dev23
    d23e_11, dev6 d6o_18, dev8 d8c_38, dev9 d9c_04, d9c_39; not dev4 d4o_11, dev9 d9e_12)."""
    have = {m.date for m in mentions if m.kind == "election_day"}
    out: list[DateMention] = []
    for lo, hi in layout.sentences:
        vote = lex.relative_vote_terms.search(text, lo, hi)
        tomorrow = _TOMORROW.search(text, vote.end(), hi) if vote else None
        if tomorrow is None or any(lo <= f.stated.start < hi for f in results):
            continue  # (a date of the sentence's own is read by the voting-day rules)
        before = [f for f in results if f.stated.start < lo and f.kind == "event"
                  and layout.paragraph(f.stated.start) == layout.paragraph(lo)]
        anchor = published or (before[-1].date if before else None)
        day = anchor + timedelta(days=1) if anchor is not None else None
        if day is None or day not in lex.known_dates or day.isoformat() in have:
            continue
        have.add(day.isoformat())
        out.append(DateMention(date=day.isoformat(), kind="election_day", start=tomorrow.start(),
                               end=tomorrow.end(), rule=rule, confidence=0.7, flags=("relative_to_vote",)))
    return out


def _vote_after_lead(lex: Lexicon, text: str, layout: Layout, results: list[Found]) -> None:
    """A .txt with no publication date, its lead dating an activity (Senin (18/6/2018)): a
    national voting day after that day is the vote still ahead, not a day of the work
    ("untuk dua pemilihan yang digelar bersamaan pada 27 Juni 2018 itu pihaknya menurunkan
    1.140 personel"; "pengamanan pemungutan suara yang digelar Rabu (27/6) menggunakan pola
    dua personel untuk lima TPS") (dates 11)."""
    lead = [f for f in results if f.kind == "event" and not f.speech
            and not f.on_voting_day and layout.sentence(f.stated.start) <= 1]
    if not lead:
        return
    first = min(lead, key=lambda f: f.stated.start)
    for f in results:
        s_start, s_end = layout.sentences[layout.sentence(f.stated.start)]
        if _AGE.search(text, max(s_start, f.stated.start - 60), f.stated.start):
            continue  # "pemilih pemula yang genap 17 tahun pada 27 November": an age's day
        if lex.went_safely.search(text, s_start, s_end):
            continue  # "Pengamanan Pemilu 17 April 2019 di 540 TPS berjalan aman": told as held
        if f.date in lex.known_dates and f.date > first.date and f.stated.start > first.stated.start:
            if f.on_voting_day:
                f.on_voting_day = False
            elif f.kind == "event" and not f.speech:
                f.kind = "election_day"


def _named_vote_days(lex: Lexicon, text: str, layout: Layout, results: list[Found]) -> None:
    """"Polres mulai mengawal distribusi logistik Pemilu Legislatif 9 April 2014 ke 18
    kecamatan, Sabtu, 5 April 2014"; "Pertemuan membahas kesiapan pengamanan Pemilu serentak
    17 April 2019" after a meeting dated Kamis (21/3/2019): a voting day written as part of
    the election's name (the election word right before it, no comma, "pada" or "hari"
    between) is no day of the work when the article dates an activity earlier than it and
    nothing tells the vote as held and secured (dates 11)."""
    for f in results:
        if not f.on_voting_day:
            continue
        if _RECALLED.match(text, f.stated.end) and any(
                g is not f and g.kind == "event" and not g.speech and not g.on_voting_day
                and g.date > f.date for g in results):
            # '"Kita pernah sukses mengamankan Pileg 9 April lalu"' in the report of a July
            # apel: a vote recalled, not a day of the reported work
            f.on_voting_day = False
            continue
        s_start, s_end = layout.sentences[layout.sentence(f.stated.start)]
        before = text[s_start:f.stated.start]
        after = text[f.stated.end:s_end]
        if lex.went_safely.search(after):
            continue
        named = list(lex.election_terms.finditer(before[-60:]))
        # ("Para pemilih akan menyalurkan hak pilihnya di 690 TPS ... pada 9 Desember 2020":
        # the vote told as ahead, however far the date stands from "akan")
        if not (named and _NAME_THEN_DAY.fullmatch(before[-60:][named[-1].start():])
                or _WILL_VOTE.search(outside_quotes(before))):
            continue
        if any(g is not f and g.kind == "event" and not g.speech and not g.on_voting_day
               and g.date < f.date for g in results):
            f.on_voting_day = False


_AGE = re.compile(r"\b(?:berusia|berumur|usia|umur|genap)\b", re.IGNORECASE)
_WILL_VOTE = re.compile(r"\b(?:akan|bakal)\s+(?:\S+\s+){0,2}?(?:menyalurkan|memberikan|menggunakan|mencoblos|"
                        r"memilih|digelar|dilaksanakan|berlangsung)\b", re.IGNORECASE)
_RECALLED = re.compile(r"\s*(?:yang\s+)?lalu\b", re.IGNORECASE)
# an election's name then at most three words, straight into the date
_NAME_THEN_DAY = re.compile(r"\w+(?:\s+(?!pada\b|hari\b|tanggal\b|tgl\b)[A-Za-z]+){0,3}\s+$", re.IGNORECASE)


def _told_held(lex: Lexicon, text: str, layout: Layout, f: Found) -> bool:
    """The sentence tells the vote as held on the date: a holding verb, "berjalan lancar" or a
    voting term before it ("Pilkades ... berlangsung lancar, Minggu (18/6/2023)"), outside a
    quotation, with no future word and no "lalu" after it (a vote recalled)."""
    s_start, s_end = layout.sentences[layout.sentence(f.stated.start)]
    before = text[s_start:f.stated.start]
    return bool((_cue(lex, "holding", before) or lex.went_well.search(before)
                 or lex.voting_terms.search(before))
                and quote_start(text, layout.paragraph(f.stated.start)[0], f.stated.start) is None
                and _cue(lex, "future", text[s_start:s_end]) is None
                and direction_after(lex, text, f.stated.end) is None)


def _with_vote_days(lex: Lexicon, text: str, layout: Layout, mentions: list[DateMention],
                    published: date | None) -> list[DateMention]:
    """The days read from a bare weekday or "kemarin", each also the vote's day where its words
    make it one ("memantau pemungutan suara di ... Distrik Abepura, Rabu.", "Pelaksanaan
    pemilihan kepala desa serentak di Kabupaten X kemarin berlangsung aman")."""
    out = list(mentions)
    for m in mentions:
        s_start, s_end = layout.sentences[layout.sentence(m.start)]
        d = date.fromisoformat(m.date)
        if _voting_day(lex, text[s_start:m.start], text[m.end:s_end], d, published) is not None:
            out.append(replace(m, kind="election_day"))
    return out


def _closed_quote(text: str, layout: Layout, pos: int) -> str:
    """The quotation closed last before ``pos`` in its paragraph ("" when none)."""
    p_start, _ = layout.paragraph(pos)
    return closed_quote(text[p_start:pos])


def _weekday_only(days: list[tuple[date, int, int]], rule: str) -> list[DateMention]:
    """Event dates read from a bare weekday (weekdays.beside_statement), flagged as such."""
    return [DateMention(date=d.isoformat(), kind="event", start=a, end=b, rule=rule,
                        confidence=0.7, flags=("weekday_only",)) for d, a, b in days]


def _relative_days(days: list[tuple[date, int, int]], rule: str) -> list[DateMention]:
    """Event dates read from a bare "kemarin" (weekdays.yesterday), flagged as such."""
    return [DateMention(date=d.isoformat(), kind="event", start=a, end=b, rule=rule,
                        confidence=0.6, flags=("relative_day",)) for d, a, b in days]
