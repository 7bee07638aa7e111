"""What makes a stated date a voting day, and when that day is also the reported activity's.

Part of the 'dates' family (``dates/__init__.py`` classifies every date; the words live in
``data/dates.yml``): the voting words before a date, the gap of names and fillers allowed
between them, and the work done on voting day itself. ``lex`` is the compiled dates.yml
(``dates.lexicon.Lexicon``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from pipeline.analysis.rules.dates.context import election_after, purpose_words, voters_after, voters_around
from pipeline.analysis.rules.dates.quotes import outside_quotes

YEARS_IN = re.compile(r"\b(?:19|20)\d{2}\b")

_GAP_TOKEN = re.compile(r"[^\s(),/:“”\"'‘’-]+")  # "se-Kabupaten", "H-1": word by word
_EARLIER = re.compile(r"\b(?:sebelumnya|lalu|silam)\b", re.IGNORECASE)
_SENTENCE_STOP = re.compile(r"[.;!?](?:\s|$)")
# "Sehari setelah pemungutan suara, Kamis (28/11/2024)": the day after the vote, set off by a
# comma, is not its day ("Dua hari setelah pemungutan suara Rabu (27/11)" names the vote's).
_AFTER_VOTE = re.compile(r"\b(?:setelah|sesudah|usai|seusai|pasca)\s*$", re.IGNORECASE)
# "Pilgub Kalbar dan Pilbup Landak": contests joined with names only between them.
_JOINED = re.compile(r"(?:,|\bdan|\bserta)\s*$", re.IGNORECASE)
# ("Pemilihan Bupati dan Wakil Bupati Subang serta ...": the running mate's office too)
_NAMES_ONLY = re.compile(r"^(?:\s+(?:[A-Z0-9][\w.-]*|tahun|\d{4}|dan(?=\s+Wakil\b)))*\s*$")
# Words that end the noun phrase before a voting term or election word: an activity
# before one of them does not modify the vote ("logistik tiba sebelum pemungutan suara").
_PHRASE_BREAK = re.compile(
    r"\b(?:sebelum|setelah|sesudah|usai|jelang|menjelang|menghadapi|saat|ketika|untuk|guna|"
    r"dalam|pada|terkait|tentang|yang|dan|serta|di|ke|dari|"
    # a speech verb starts what is said: "yang hadir dalam apel menyebut pemungutan suara"
    r"bahwa|menyebut|menyebutkan|mengatakan|menjelaskan|mengungkapkan|menuturkan|menegaskan)\b"
    r"|[,;:“”\"–—]|\s-\s",
    re.IGNORECASE,
)


def cue(lex, family: str, before: str) -> re.Match | None:
    """The last cue word of a family within its window before the date."""
    window, pattern = lex.cues[family]
    last = None
    for last in pattern.finditer(before, max(0, len(before) - window)):
        pass
    return last


def _last(pattern: re.Pattern, text: str, start: int = 0) -> re.Match | None:
    last = None
    for last in pattern.finditer(text, max(0, start)):
        pass
    return last


def _years_agree(gap: str, d: date) -> bool:
    return all(int(y) == d.year for y in YEARS_IN.findall(gap))


def gap_ok(lex, gap: str, d: date, limit: int = 80) -> bool:
    """Only filler words, election names, numbers and names between a voting phrase and its date.

    "pemungutan suara Pilkada Bintan yang tinggal dua hari lagi, Rabu (27/11/2024)" passes;
    "pemungutan suara selesai, Polres menggelar apel, Kamis (28/11/2024)" does not.
    """
    if len(gap) > limit or not _years_agree(gap, d) or _SENTENCE_STOP.search(gap):
        return False
    for m in _GAP_TOKEN.finditer(gap):
        token = m.group().strip(".-")
        if token and not (token[0].isdigit() or token[0].isupper() or token.lower() in lex.gap_words):
            return False
    return True


def _last_voting(lex, before: str) -> re.Match | None:
    """The last voting term in ``before`` that names the vote ("tempat pemungutan suara" does not)."""
    voting = None
    for m in lex.voting_terms.finditer(before, max(0, len(before) - 220)):
        if not lex.not_voting_after.search(before, 0, m.start()):
            voting = m
    return voting


def _manner_before(lex, before: str, voting: re.Match) -> tuple[int, int] | None:
    """The "tanpa ..." phrase between the voter's act of voting and the "pada" that ends
    ``before`` ("mencoblos| tanpa formulir pindah memilih| pada"), when the last voting term
    is that act or lies inside the phrase."""
    m = lex.manner_after_vote.search(before, max(0, voting.start() - 60))
    if m and m.start() <= voting.start() < m.end():
        return m.start("manner"), m.end("manner")
    return None


def _activity_of(lex, lead: str, words: int = 4) -> bool:
    """An activity held before the vote heads the phrase: "simulasi pengamanan pemungutan suara"."""
    breaks = list(_PHRASE_BREAK.finditer(lead))
    phrase = lead[breaks[-1].end():] if breaks else lead
    # four words: "apel pergeseran pasukan pengamanan pemungutan suara" (dates 9; was three)
    words = phrase.split()[-words:]
    return bool(words) and bool(lex.activities.search(" ".join(words)))


def _chain_start(lex, text: str, start: int) -> int:
    """Where a run of contests joined by "dan"/"serta"/"," that ends with the election word
    at ``start`` begins: "Apel pergeseran pasukan Pilgub Kalbar dan Pilbup Landak digelar"
    is headed by what stands before "Pilgub", not by the "dan" before "Pilbup"."""
    while (joined := _JOINED.search(text, 0, start)):
        earlier = text[:joined.start()]
        term = _last(lex.election_terms, earlier, len(earlier) - 60)
        if term is None or not _NAMES_ONLY.match(earlier[term.end():]):
            break
        start = term.start()
    return start


_AHEAD_RELATIVE = re.compile(r"\byang\s+(?:akan|bakal)\s+$", re.IGNORECASE)
_ARRIVED_FOR = re.compile(
    r"\b(?:tiba|datang|berangkat|diberangkatkan|dikirim|bergeser|digeser)\b[^.,;]*\b(?:untuk|guna)\b[^.,;]*$",
    re.IGNORECASE)
_QUALIFIED = re.compile(r"\b(?:pada|dalam)\s+$", re.IGNORECASE)


def _election_heads(lex, lead: str) -> bool:
    """The election itself is what is held: nothing but voting words before its name in the
    phrase ("pelaksanaan Pilkada ... digelar"), not an activity ("Deklarasi Kampanye Damai
    Pilkada 2024 digelar", "Rapat pleno rekapitulasi Pilkada digelar")."""
    breaks = list(_PHRASE_BREAK.finditer(lead))
    phrase = lead[breaks[-1].end():] if breaks else lead
    return all(w.lower() in lex.gap_words or w.lower() in lex.election_heads
               or lex.election_terms.fullmatch(w)  # "Pemungutan suara ulang (PSU) Pemilihan Bupati"
               for w in re.findall(r"[^\s()]+", phrase))


def voting_day(lex, before: str, after: str, d: date, published: date | None = None
                ) -> int | None:
    """Where the words that make ``d`` a voting day start in ``before``, or None.

    A voting term ("pemungutan suara", "hari pencoblosan") with only fillers up to the date,
    not right after an activity held before the vote ("simulasi pemungutan suara"); an
    election word with a holding verb ("Pilkada ... yang jatuh pada"), unless an activity
    is the subject ("Rapat pleno Pilkada digelar"), or as the object of an active one ("desa
    menggelar pemilihan kepala desa, Kamis (12/12/2019)"); a known national voting day right
    after an election word or "TPS pada"; or the date followed by "merupakan hari pemungutan
    suara".
    """
    voting = _last_voting(lex, before)
    if voting and (manner := _manner_before(lex, before, voting)):
        # "ikut mencoblos tanpa formulir pindah memilih pada 27 November lalu": how the vote was
        # cast stands between the vote and its date; the date is the vote's
        before = before[:manner[0]] + before[manner[1]:]
        voting = _last_voting(lex, before)
    if voting:
        lead = before[max(0, voting.start() - 30):voting.start()]
        gap = before[voting.end():]
        # "..., Jumat (23/2)" after "yang akan menggelar pemungutan suara ulang" dates the
        # report of work done ahead of the vote, unless it lies after the publication date
        # ("saat pencoblosan, Rabu (27/11)" names the vote's own day all the same)
        # ("untuk mengawal pemungutan suara ulang ..., Rabu (4/12/2024)" reported that day or
        # later: the purpose was carried out, as in on_voting_day)
        done = published is not None and d <= published
        # ("294 TPS untuk pemungutan suara Pemilu Legislatif, Rabu (9/4/2014)": a known
        # national voting day is the vote's own, whatever the purpose before it)
        # ("100 personel Brimob tiba di Mapolres untuk membantu pengamanan pemungutan suara
        # ulang (PSU), Kamis (4/3/2021)": arriving for it is ahead of the vote, done or not)
        arrived = _ARRIVED_FOR.search(before, max(0, voting.start() - 120), voting.start())
        ahead = (d.isoformat() not in lex.known_voting_days and "," in gap and (arrived or any(
                     not (done and m.group().lower() in purpose_words())
                     for m in lex.ahead_of_voting.finditer(lead)))
                 and not lex.on_day.search(lead[-15:])
                 and not (published and d > published))
        # "memantau langsung pelaksanaan pemungutan suara Pemilihan Presiden ... di sejumlah
        # TPS di Kecamatan X, Rabu (17/4/2019)": work on the vote itself, dated at the end of
        # its clause, may name the contests and places at length
        limit = 200 if lex.on_day_activities.search(lead) and "," not in gap.rstrip(" ,(") else 80
        # "KPU Garut menggelar pemungutan suara ulang (PSU) Pemilu 2024 di dua TPS di
        # Kecamatan Tarogong, yakni TPS 02 Desa Sukajaya dan TPS 07 ..., Sabtu (24/2/2024)":
        # the vote held by the verb right before it; its places may run long, commas and all
        if _HELD_BY.search(lead):
            limit = 200
        # "warga akan memilih Gubernur dan Wakil Gubernur Kalimantan Barat sekaligus Bupati
        # dan Wakil Bupati Sanggau pada Rabu (27/6)": the offices chosen, at length
        if voting.group().lower() == "memilih" and _OFFICES_CHOSEN.fullmatch(gap):
            limit = 160
        if (gap_ok(lex, gap, d, limit) and not ahead
                and not _activity_of(lex, before[max(0, voting.start() - 50):voting.start()])
                and not ("," in gap and _AFTER_VOTE.search(lead))):
            return voting.start()
    holding = cue(lex, "holding", before)
    # "Pilkades ... yang digelar di 96 desa di Kabupaten X, Kamis (12/12/2019)": the relative
    # clause says the election itself was held then, whatever governs it
    relative = bool(holding and re.search(r"\byang\s+(?:(?:akan|bakal|telah|sudah)\s+)?$",
                                          before[:holding.start()], re.IGNORECASE))
    # "PSU Pemilihan Bupati ... digelar di 2 TPS di Nagari Kambang, Kecamatan Lengayang,
    # Sabtu (7/12/2024)": the places where it was held may run long; gap_ok still allows
    # only names and fillers
    if holding and gap_ok(lex, before[holding.end():], d, 80):
        head_start = max(0, holding.start() - 100)
        head = before[head_start:holding.start()]
        term = _last(lex.election_terms, head)
        # the chain and the words before it read from the whole sentence, not the window:
        # a window cut inside "Pemilihan Bupati ... serta Pemilihan Gubernur" would leave
        # "serta" heading the last contest
        first = _chain_start(lex, before[:holding.start()], head_start + term.start()) if term else 0
        # "pengamanan hari ke-2 Rapat Pleno Rekapitulasi ... pada PSU Dapil 1 yang dilaksanakan
        # di Kantor FKUB, Senin (15-07-2024)": the election only qualifies an activity (after
        # "pada"/"dalam"), and the clause tells where that activity was held
        qualifies = bool(term and _QUALIFIED.search(before, max(0, first - 90), first)
                         and lex.activities.search(before[max(0, first - 90):first].rsplit(",", 1)[-1]))
        # ("rapat pleno rekapitulasi DPS Pemilihan Gubernur ... dan Pemilihan Bupati ... yang
        # digelar PPK Ngabang, Sabtu (17/3/2018)": the relative clause tells of the activity
        # that heads the contests, not of the vote; "persiapan pemilihan kepala desa yang akan
        # di gelar Minggu 04/12/2022" is still the vote ahead; dates 12)
        headed = (relative and not _AHEAD_RELATIVE.search(before, 0, holding.start())
                  and _activity_of(lex, before[max(0, first - 80):first], words=8))
        if (term and not qualifies and not headed and gap_ok(lex, head[term.end():], d)
                and (relative or _election_heads(lex, before[max(0, first - 40):first])
                     or d.isoformat() in lex.known_voting_days)):
            return head_start + term.start()
    term = _last(lex.election_terms, before, len(before) - 100)
    if (term and lex.voting_head.search(before, 0, term.start()) and "," not in before[term.end():]
            and lex.date_intro.search(before[term.end():]) and gap_ok(lex, before[term.end():], d)
            and not _activity_of(lex, before[max(0, term.start() - 40):term.start()])):
        return term.start()  # "Pelaksanaan Pilkades di Kabupaten Kampar pada Rabu (16/11/2022)"
    if lex.went_well.match(after.lstrip(" ,)")):
        # "Pilkades serentak di lima desa ..., Rabu (16/11/2022), berjalan aman"
        term = _last(lex.election_terms, before, len(before) - 120)
        first = _chain_start(lex, before, term.start()) if term else 0
        if (term and gap_ok(lex, before[term.end():], d, 120)
                and _election_heads(lex, before[max(0, first - 40):first])):
            return term.start()
    if (went := _went_well_before(lex, before, d)) is not None:  # 0: the sentence opens with it
        return went
    # "sejumlah desa menggelar pemilihan kepala desa, Kamis (12/12/2019)": the election is
    # what was held (its word right after the verb), only names and fillers up to the date
    # ("TPS yang akan menggelar pemungutan suara ulang ..., Jumat (23/2)" dates the visit:
    # the same "ahead" test as for voting terms)
    held = _last(lex.holding_active, before, len(before) - 150)
    if (held and gap_ok(lex, before[held.end():], d, 80)
            and not ("," in before[held.end():] and lex.ahead_of_voting.search(
                before[max(0, held.start() - 30):held.start("term")])
                and not (published and d > published))):
        return held.start("term")
    secured = _last(lex.securing_village_vote, before, len(before) - 200)
    if (secured and not (published and d > published) and gap_ok(lex, before[secured.end():], d, 200)
            and not lex.on_day_not.search(outside_quotes(before[max(0, secured.start() - 40):]))):
        return secured.start()  # "Polsek Tambang mengamankan pemilihan kepala desa ..., Kamis (28/10/2021)"
    if d.isoformat() in lex.known_voting_days and (place := lex.known_day_places.search(before)):
        return place.start()  # "mengamankan 1.171 TPS pada 9 Desember 2020"
    if d.isoformat() in lex.known_voting_days:
        # Only when the date belongs to the election word ("Pilkada serentak 27 November
        # 2024"); after a comma it dates the report ("usai Pilkada, Rabu (9/12/2020)"),
        # unless the clause says the work was done then ("saat Pilkada, Rabu (9/12/2020)").
        term = _last(lex.election_terms, before, len(before) - 60)
        if term:
            gap = before[term.end():]
            # up to 40 characters anything but a comma; further ("Pemilihan Bupati dan Wakil
            # Bupati Badung 9 Desember mendatang") only names and fillers
            if "," not in gap and (len(gap) <= 40 or gap_ok(lex, gap, d, 60)):
                return term.start()
            if lex.on_day.search(before[max(0, term.start() - 25):term.start()]) and gap_ok(lex, gap, d):
                return term.start()
            # "mengamankan pelaksanaan Pilgub Sulsel dan Pilbup Luwu Timur, Rabu (27/6/2018)":
            # the contests secured (or held) on the national voting day set off after them
            first = _chain_start(lex, before, term.start())
            lead = before[max(0, first - 30):first]
            if ((lex.on_day_activities.search(lead) or lex.voting_head.search(lead))
                    and not lex.activities.search(lead) and gap_ok(lex, gap, d)):
                return first
        if election_after(after):  # "pada tanggal 27 November 2024 kontestasi Pilkada ..."
            return len(before)
        # "Sebelumnya pada 14 Februari, seluruh TPS di Kabupaten X telah melaksanakan pemungutan
        # suara": the clause after a known voting day holds the vote itself (dates 10)
        if ((held := _HOLDS.search(after, 0, 120)) and after.lstrip(" )").startswith(",")
                and not _SENTENCE_STOP.search(after, 0, held.start())
                and (lex.voting_terms.match(after, held.end()) or lex.election_terms.match(after, held.end()))):
            return len(before)
        if _AT_TPS_AFTER.match(after):  # '"Rabu, 15 Februari, seluruh personel sudah di TPS'
            return len(before)
    if lex.voting_after.match(after) or voters_after(after) or voters_around(before, after):
        return len(before)
    # "Minggu 27 Oktober 2019, Kabupaten Cirebon menggelar pemilihan kepala desa ...": the
    # date opens a clause whose named subject holds the election itself
    if (subject := _SUBJECT_AFTER.match(after)) and lex.holding_active.match(after, subject.end()):
        return len(before)
    # "KPU Kabupaten X, Kamis (9/6), sukses menggelar pemungutan suara ulang (PSU) di sembilan
    # TPS": the date set off between the subject and the verb that holds the election itself
    if (held := _HELD_AFTER.match(after)) and lex.holding_active.match(after, held.end()):
        return len(before)
    # "Hari ini, Rabu (27/11/2024), Kapolres Pasaman memantau pemungutan suara di TPS 02":
    # the clause after the date tells work on the vote itself
    if after.lstrip(" )").startswith(",") and work_on_vote_next(lex, after.lstrip(" ),"), tps=False):
        return len(before)
    return None


_SUBJECT_AFTER = re.compile(r"^[\s),]*(?:[A-Z][\w.'-]*\s+){1,4}")
_HELD_AFTER = re.compile(r"^[\s)]*,\s*(?:(?:sukses|berhasil|telah|sudah|resmi|kembali)\s+)?", re.IGNORECASE)

# A known voting day followed by the people it puts at the polling stations.
_AT_TPS_AFTER = re.compile(
    r"^[\s),]*(?:[a-z]+\s+){1,4}(?:(?:sudah|telah|akan|harus|wajib|siap)\s+)?"
    r"(?:(?:berada|berjaga|bersiaga|bertugas|siaga)\s+)?(?:di|ke)\s+(?:(?:setiap|seluruh|semua|tiap)\s+)?TPS\b")
_OFFICES_CHOSEN = re.compile(
    r"(?:\s+(?:[A-Z][\w.-]*|dan|serta|sekaligus|,))+\s+(?:pada|tanggal|hari)?\s*(?:\(\s*)?$")
_COMPARED = re.compile(r"\b(?:seperti|sama\s+dengan|dibanding(?:kan)?|ketimbang|daripada)\s+$",
                       re.IGNORECASE)
_HOLDS = re.compile(r"\b(?:menggelar|melaksanakan|menyelenggarakan|menghelat)\s+", re.IGNORECASE)
_HELD_BY = re.compile(r"\b(?:menggelar|melaksanakan|menyelenggarakan|menghelat)\s*$", re.IGNORECASE)
_HELD_RELATIVE = re.compile(r"\byang\s+(?:digelar|dilaksanakan|diselenggarakan|berlangsung)\b",
                            re.IGNORECASE)
# The voting day as the subject of a guarding verb right after it.
_GUARDED_AFTER = re.compile(  # ", dijaga 20 personel" too
    r"^[\s),]*(?:pagi|siang|sore|malam)?\s*(?:itu|tersebut)?\s*"
    r"(?:dijaga|diamankan|dipantau|diawasi|dikawal|ditinjau)\b",
    re.IGNORECASE,
)
# ("berjalan aman dan tertib, Sabtu, 9 September 2023": a second predicate joined on, dates 10)
# ("berlangsung lancar di bawah pengamanan ketat aparat gabungan, Sabtu (24/2/2024)")
# ("berlangsung lancar meski sempat diguyur hujan, Minggu, 20 Oktober 2019": a concession
# joined on, dates 12)
_SET_OFF_DATE = re.compile(r"^(?:\s+(?:dan|serta)\s+\w+)?(?:\s+(?:di\s+bawah|dengan|meski|meskipun|walau|"
                           r"walaupun|kendati|biarpun)\s+[^,.;]{0,50})?"
                           r"[\s,]*(?:pada\s+)?(?:hari\s+)?$", re.IGNORECASE)


def _went_well_before(lex, before: str, d: date) -> int | None:
    """"PSU Pemilihan Bupati Poso di 2 TPS di Kecamatan Poso Pesisir berlangsung lancar,
    Sabtu (19/12/2020)": the election heading the sentence was held on the date set off
    after its "went well" predicate. Where the election's words start, or None."""
    went = _last(lex.went_well, before, len(before) - 100)
    if not went or not _SET_OFF_DATE.match(before[went.end():]):
        return None
    head = before[:went.start()]
    term = lex.election_terms.search(head) or lex.voting_terms.search(head)
    if (term is None or len(head) - term.start() > 200 or not _years_agree(head[term.end():], d)
            or not _election_heads(lex, head[max(0, term.start() - 40):term.start()])
            or lex.activities.search(head[:term.start()])):
        return None
    return term.start()


def on_voting_day(lex, before: str, after: str, pos: int, d: date,
                   published: date | None, direction: str | None) -> bool:
    """A voting day that is also the reported activity's day: police securing TPS on it,
    or the vote itself reported as held and secured ("Pilkades ... berjalan aman")."""
    if pos < len(before) and _COMPARED.search(before, max(0, pos - 40), pos):
        return False  # '"Pengamanan sama seperti hari pencoblosan 9 Desember lalu"': a comparison
    if pos < len(before) and lex.on_day_until.search(before, max(0, pos - 30), pos):
        return False  # "penjagaan ... hingga hari pemungutan suara, Kamis 18 November 2021"
    if (_GUARDED_AFTER.match(after) and direction != "future"
            and not (published and d > published + timedelta(days=1))):
        return True  # "Hari pemungutan suara ulang (PSU) Sabtu (24/2/2024) itu dijaga personel"
    said = before[pos:] + " " + after
    if (lex.went_safely.search(said) and direction != "future" and not lex.on_day_not.search(said)
            and not _EARLIER.search(said)  # "Pemilu 2024 sebelumnya berlangsung ... aman"
            and not (published and d > published + timedelta(days=1))):
        return True
    if (pos < len(before) and direction != "future" and not (published and d > published)
            and lex.on_day_activities.search(before[max(0, pos - 60):pos])
            and _HELD_RELATIVE.search(before, pos)):
        # "menerjunkan 515 personel untuk mengamankan Pilkades ... yang digelar di 96 desa,
        # Kamis (12/12/2019)": the security work on the election held that (past) day
        return True
    if (pos < len(before) and direction != "future" and published and d <= published
            and _HELD_BY.search(before[max(0, pos - 30):pos])
            and lex.voting_terms.match(before, pos)):
        # "KPU Garut menggelar pemungutan suara ulang (PSU) ... di dua TPS ..., Sabtu
        # (24/2/2024)" reported that day or later: the vote held (and secured) is the
        # reported activity
        return True
    if pos < len(before):  # the voting words come before the date
        lead = before[max(0, pos - 30):pos + 12]  # "pada hari" may end inside "hari pemungutan"
        if not (lex.on_day.search(lead) or lex.on_day_activities.search(lead)):
            return False
    if direction == "future" or (published and d > published + timedelta(days=1)):
        return False
    # the work may be told before the date or after it ("Pada hari pemungutan suara,
    # Rabu (27/11/2024), Kapolres mengunjungi TPS")
    said = outside_quotes(before) + " " + after
    # "mengerahkan 400 personel untuk mengamankan pelaksanaan Pilgub ..., Rabu (27/6/2018)"
    # reported that day or later: the purpose ("untuk", "guna") was carried out
    done = published is not None and d <= published
    if any(not (done and m.group().lower() in purpose_words())
           for m in lex.on_day_not.finditer(said)):
        return False
    return bool(lex.on_day_activities.search(said))


# "dikerahkan ke dua TPS tersebut", "berkeliling memantau TPS sejak pagi"
_TO_THE_TPS = re.compile(r"\s+(?:(?:ke|di)\s+(?:\S+\s+){0,2})?TPS\b")
_DATE_LIKE = re.compile(r"\(\s*\d{1,2}/\d{1,2}|\b\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\b")


def work_on_vote_next(lex, following: str, tps: bool = True, done: bool = False) -> bool:
    """"... menggelar pemilihan kepala desa, Kamis (12/12/2019). Kapolres memantau pemungutan
    suara di Desa X": the sentence right after a voting day that ends its own sentence tells
    work done on the vote itself (a voting-day activity right before a voting word), with no
    date of its own and nothing saying it is still ahead — so the day is the work's too.
    ``done``: the day is not after the report's, so a purpose ("personel dikerahkan untuk
    mengamankan jalannya PSU") was carried out."""
    # the next line, up to 200 characters ("S.I.K." has stops that end no sentence)
    first = following.lstrip().split("\n", 1)[0][:200]
    ahead = [m for m in lex.on_day_not.finditer(outside_quotes(first))
             if not (done and m.group().lower() in purpose_words())]
    if _DATE_LIKE.search(first) or ahead:
        return False
    for act in lex.on_day_activities.finditer(first):
        tail = first[act.end():act.end() + 40]
        if lex.voting_terms.match(tail.lstrip()) or re.match(
                r"\s*(?:jalannya|pelaksanaan|proses)\s+", tail) and (
                lex.voting_terms.search(tail) or lex.election_terms.search(tail)):
            return True
        if tps and _TO_THE_TPS.match(tail):  # "24 personel ... dikerahkan ke dua TPS tersebut"
            return True
    return False


# "hari ini", and "saat ini" (the vote going on as the speaker talks: "“Saat ini pencoblosan
# berlangsung, warga sudah datang ke TPS,” ujarnya, Rabu (27/6/2018)")
_TODAY = re.compile(r"\b(?:hari|saat)\s+ini\b", re.IGNORECASE)


def voting_today(lex, quote: str) -> bool:
    """A closed quotation that says the vote is today ("“Hari ini kami memantau ...
    pemungutan suara di beberapa TPS,” ujar Kapolres, Rabu (27/11/2024)"): the statement's
    date is the voting day. Not when the vote is still ahead ("hari ini kami siapkan
    logistik jelang pemungutan suara")."""
    if not _TODAY.search(quote):
        return False
    for m in lex.voting_terms.finditer(quote):
        lead = quote[max(0, m.start() - 30):m.start()]
        if not (lex.not_voting_after.search(quote, 0, m.start()) or lex.ahead_of_voting.search(lead)
                or lex.activities.search(lead)):
            return True
    return False



# "Peninjauan dilakukan bersamaan dengan pemungutan suara Pemilihan Bupati ...": the next
# sentence sets the dated activity alongside the vote.
_ALONGSIDE = re.compile(r"\s*(?:\S+\s+){0,3}?(?:bersamaan|bertepatan)\s+dengan\s+"
                        r"(?:(?:hari|pelaksanaan|tahapan|proses|puncak)\s+)*", re.IGNORECASE)


def alongside_vote_next(lex, following: str) -> bool:
    """The sentence right after a date that ends its own sentence opens by setting the
    activity alongside the vote ("... , Rabu (27/11/2024). Peninjauan dilakukan bersamaan
    dengan pemungutan suara ..."): the date is the voting day."""
    first = following.lstrip().split("\n", 1)[0][:200]
    m = _ALONGSIDE.match(first)
    return bool(m and lex.voting_terms.match(first, m.end()))


_CLAUSE_TAIL = re.compile(r"^\s*\)?\s*(?:kemarin|lalu)?\s*,?\s*(?P<rest>.*?)\s*\.?\s*$", re.IGNORECASE)


def ends_clause(lex, after: str) -> bool:
    """Nothing after the date in its sentence but "kemarin"/"lalu" and the vote having gone
    well: "Rabu (14/2) kemarin, berlangsung lancar." (the next sentence may tell the work)."""
    rest = _CLAUSE_TAIL.match(after).group("rest")
    return not rest or bool(lex.went_well.fullmatch(rest))
