"""Why a figure the grammar found near TPS/DPT is only a candidate, not the article's total.

Each helper reads one shape seen in real reports (counts.yml names the words); ``refusal``
returns the first reason that applies, None for a total.
"""

from __future__ import annotations

import re

from pipeline.analysis.rules.counts.lexicon import Lexicon, parse_number_words

def _subset(lex: Lexicon, text: str, kind: str, num_start: int, tail_start: int, sentence) -> str | None:
    """Why words near the figure make it part of a total (or an official's round), if they do."""
    s_start, s_end = sentence
    before = text[max(s_start, num_start - 25):num_start]
    terms = list(lex.term.finditer(before))
    if terms:  # "setiap TPS, jadi untuk 2.608 TPS": the word before a term is that term's
        term_at = max(s_start, num_start - 25) + terms[-1].start()
        if _CHANGE_NOUN.search(text, max(s_start, term_at - 30), term_at):
            return "subset"  # v9: "bertambahnya jumlah TPS sebanyak 68", "penambahan DPT sebanyak 1.200"
        before = before[terms[-1].end():]
    after = text[tail_start:min(s_end, tail_start + 30)].split(",")[0]
    # v9: up to the next figure ("3.759 TPS reguler dan 1 TPS khusus": "khusus" is the next one's)
    after = _NEXT_FIGURE.split(after, maxsplit=1)[0]
    for reason, pattern in lex.refuse_before.items():
        if pattern.search(before):
            return reason
    if _DIVIDED.search(after):  # "1.234 TPS dibagi dalam tiga kategori": the whole that is divided
        after = ""
    if lex.became.search(before):  # "berkurang menjadi 1.814 TPS": the value now
        return "subset" if lex.subset_after.search(after) else None
    if lex.subset_before.search(before) or lex.subset_after.search(after) or _RISE.search(before):
        return "subset"  # _RISE: "Jumlah pemilih tahun ini meningkat 1.200 orang" (a change amount)
    if _SAFE.match(text, tail_start) and not _WHOLE.search(before):
        return "subset"  # "1.100 TPS aman, 120 TPS rawan": a category ("TPS berjalan aman" is not)
    if kind == "dpt" and lex.gender_before.search(before):
        return "subset"  # "laki-laki 95.100 pemilih"; never a TPS count ("... perempuan, tersebar di 1.432 TPS")
    return None


_EACH_LIST = re.compile(
    r"(?<!\w)masing-masing\s+(?:sebanyak\s+|sejumlah\s+|berjumlah\s+|ada\s+|memiliki\s+)?"
    r"(?:\d[\d.,]*\s+(?:TPS|pemilih|orang|jiwa)\s*(?:,\s*|\s+dan\s+|\s+serta\s+))*$", re.IGNORECASE)
_NEXT_FIGURE = re.compile(r"\s(?:dan|serta|atau)\s+(?=\d)|\d")


def clause_start(text: str, s_start: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: after the last turn to another subject or
    time in its sentence ("Pada Pemilu lalu ada 2.718 TPS, kini hanya 1.296 TPS"; "DPT
    Provinsi X ..., sedangkan Surabaya ...")."""
    turns = list(_TURN.finditer(text, s_start, pos))
    return turns[-1].end() if turns else s_start


def _clause_before(text: str, s_start: int, num_start: int) -> str:
    """The figure's clause up to its number (see ``clause_start``)."""
    return text[clause_start(text, s_start, num_start):num_start]


_TURN = re.compile(r"[,;]\s*(?:kini|sekarang|saat ini|sedangkan|sementara|namun|tetapi|tapi)\b",
                   re.IGNORECASE)
_BREAKDOWN = re.compile(r"[A-Z][\w'-]*\s*\(\s*$")
_CLAUSE_START = re.compile(r"[,;:]")
_BASE = re.compile(r"(?<!\w)dari\s+(?:total\s+|jumlah\s+)?(?:DPT\s+|daftar\s+pemilih\s+tetap\s+)?$",
                   re.IGNORECASE)


def _of_larger(lex: Lexicon, text: str, kind: str, s_start: int, num_start: int) -> bool:
    """"dari (total) 2.317 TPS di Kabupaten X, sebanyak 418 TPS ...": a figure after a larger
    one of its kind introduced by "dari" is a part of it; one right after "menjadi" is the
    value it changed to ("menyusut dari 2.412 TPS ... menjadi 1.310 TPS")."""
    if lex.became.search(text, max(s_start, num_start - 25), num_start):
        return False
    for d in re.finditer(r"(?<!\w)dari\s+(?:total\s+|jumlah\s+|keseluruhan\s+|seluruh\s+)?",
                         text[s_start:num_start], re.IGNORECASE):
        at = s_start + d.end()
        for pattern in (lex.number_then_term, lex.voters):
            m = pattern.match(text, at)
            if not m or m.end() > num_start:
                continue
            term = m.groupdict().get("term")
            if (lex.term_kind.get(" ".join(term.split()).lower()) if term else "dpt") == kind:
                return True
    return False


def _ratio(lex: Lexicon, text: str, value: int, s_start: int, num_start: int) -> bool:
    """A handful of people set against stations: "2 personel menjaga 10 TPS", "pola 2-4-8,
    artinya dua anggota ... delapan TPS", "seorang personel untuk 12 TPS"."""
    before = text[s_start:num_start]
    clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0):][-80:]
    for m in lex.ratio_people.finditer(clause):
        if m.group("one"):
            return True
        n = m.group("n")
        people = int(n) if n.isdigit() else parse_number_words(n, lex)
        if people and people <= lex.ratio_most:
            return True
    return value < 25 and bool(lex.ratio_words.search(before))


def _one_station(lex: Lexicon, text: str, s_start: int, num_start: int, end: int,
                 s_end: int) -> bool:
    """A DPT counted for one polling station named just before the number or right after
    it: "DPT di TPS 57 sebanyak 274 pemilih", "TPS 03 memiliki DPT 287 pemilih", "271
    pemilih dalam DPT TPS itu". Several stations together ("DPT di ketiga TPS tersebut
    sebanyak 812 pemilih", a PSU's) are the article's subject: their DPT stays a total."""
    windows = ((max(s_start, num_start - 60), num_start, True),
               (end, min(s_end, end + 40), False))
    for lo, hi, before in windows:
        found = list(lex.station.finditer(text, lo, hi))
        if not found:
            continue
        m = found[-1] if before else found[0]
        between = text[m.end():num_start] if before else text[end:m.start()]
        # "TPS 03 Desa Gunung Maddah yang memiliki DPT 286 pemilih": a village's name is the
        # station's address; a coarser level starts another area's figure
        levels = [lex.levels.get(w.group().lower().rstrip(".")) for w in lex.level_word.finditer(between)]
        if (any(level != 3 for level in levels) or levels and (not before or "," in between)
                or (not before and "," in between)):
            continue
        if lex.total_frame.search(text, max(s_start, m.start() - 15), m.start()):
            continue
        digits = re.match(r"TPS\s*(\d+)([.,]\d)?", m.group(), re.IGNORECASE)
        if digits:
            if len(digits.group(1)) <= 3 and not digits.group(2):
                return True
            continue
        if re.match(r"TPS", m.group(), re.IGNORECASE):  # "TPS itu": one, unless counted before
            counted = re.search(rf"(?:\d+|(?<!\w)(?:{lex.number})|(?<!\w)ke\w+)\s+$",
                                text[max(s_start, m.start() - 15):m.start()], re.IGNORECASE)
            if not counted:
                return True
    return False


def turnout(lex: Lexicon, text: str, start: int, end: int, sentence) -> bool:
    """Voters who turned out, not the list: "sebanyak 180.000 pemilih menggunakan hak pilih",
    "partisipasi ... 180.000 pemilih"; not "DPT ... pemilih yang akan menggunakan hak pilih"."""
    after = text[end:min(sentence[1], end + 60)].split(",")[0]
    m = lex.turnout.search(after)
    if m and _SHARE_AFTER.match(text, end + m.end()):
        m = None  # v11: "DPT Kota X 116.880 pemilih dengan partisipasi 81,4 persen": the share's base
    if m and _DONE.search(after[:m.start()]):
        return True  # v10: "Tercatat 12.300 pemilih telah mencoblos", "27.493 pemilih yang sudah hadir"
    if _BASE.search(text, max(sentence[0], start - 30), start):
        # "partisipasi 68 persen dari DPT 592.118 pemilih": the base; v10: not "81 persen dari
        # 27.493 pemilih yang hadir" (a share of those who came)
        return bool(m and m.start() <= 2 and m.group().lower().startswith("yang"))
    if m and not lex.turnout_modal.search(after[:m.start()]) and not _REGISTERED.search(
            _clause_before(text, sentence[0], start)) and not _STANDING.match(text, end):
        return True  # not "jumlah pemilih yang terdaftar ... 14.872 orang yang memberikan suara di ..." 
    before = text[sentence[0]:start]
    clause = before[max((c.end() for c in _CLAUSE_START.finditer(before)), default=0):]
    return any(not _SPEAKER_AFTER.search(clause, m.end()) for m in lex.turnout.finditer(clause))


def _turnout_before(lex: Lexicon, text: str, s_start: int, num_start: int) -> bool:
    """The figure's clause names those who voted before it, with no figure of theirs between
    ("Pengguna hak pilih dari DPT sebanyak 940.100 orang", "Pemilih DPT yang menggunakan hak
    pilih sebanyak ...", "Pengguna hak pilih terdiri dari DPT 300.100, DPTb ..."); not a modal's
    list ("DPT ... yang akan menggunakan hak pilih") nor the base of a share ("dari DPT 592.118")."""
    listed = lex.breakdown_after.search(text, max(s_start, num_start - 40), num_start)
    if not listed and _BASE.search(text, max(s_start, num_start - 30), num_start):
        return False
    lo = clause_start(text, s_start, num_start)
    for m in lex.turnout.finditer(text, lo, num_start):
        if _SHARE_WORDS.match(m.group()):
            continue  # "Untuk mendorong partisipasi, KPU ... DPT sebanyak ..." names no voters who voted
        if _SPEAKER_AFTER.search(text, m.end(), num_start):
            continue  # v12: "Ketua KPU, yang hadir dalam apel, menyebut DPT ...": the speaker came
        if lex.turnout_modal.search(text, max(lo, m.start() - 20), m.start()) or _AIM.search(
                text, max(lo, m.start() - 20), m.start()):
            continue  # "Warga yang ingin menggunakan hak pilih harus terdaftar dalam DPT ..."
        digits = list(DIGIT.finditer(text, m.end(), num_start))
        # "... yang menggunakan hak pilih 250.300 orang, terdiri dari DPT 240.100, DPTb ...": its parts
        if not digits or lex.breakdown_after.search(text, digits[-1].end(), num_start):
            return True
    return False


DIGIT = re.compile(r"\d")
_OTHER_AREAS = re.compile(
    r"(?<!\w)(?:desa|kelurahan|kecamatan|distrik|nagari|kampung|gampong|kabupaten|daerah|wilayah)\s+"
    r"(?:lain|lainnya|yang\s+lain)(?!\w)", re.IGNORECASE)
_AT_STATION = re.compile(
    r"\s+(?:orang\s+|pemilih\s+|jiwa\s+)?(?:di|dalam|pada|untuk)\s+(?:satu\s+|suatu\s+|sebuah\s+|setiap\s+|"
    r"tiap\s+|masing-masing\s+)?TPS(?!\w)(?!\s*(?:\d|se-|di\s|yang\s+(?:ada|tersebar)))", re.IGNORECASE)
_AIM = re.compile(r"(?<!\w)(?:ingin|hendak|mau|untuk|agar|supaya|guna|harus|wajib|berhak|bisa|dapat)\s+(?:\w+\s+)?$",
                  re.IGNORECASE)
_RECEIVED_AFTER = re.compile(
    r"\s+(?:pemilih\s+)?(?:yang\s+)?(?:sudah|telah)\s+(?:menerima|mendapat|mendapatkan|memperoleh)(?!\w)",
    re.IGNORECASE)
# v12: a reporting verb after a turnout word: the one who came ("yang hadir dalam apel menyebut
# DPT ...") is the speaker, not voters who turned out
_SPEAKER_AFTER = re.compile(
    r"(?<!\w)(?:menyebut(?:kan)?|mengatakan|menjelaskan|menyampaikan|mengungkapkan|menuturkan|"
    r"menerangkan|memaparkan|melaporkan|menegaskan|merinci|membeberkan)(?!\w)", re.IGNORECASE)
# v12: a ranking of areas right after the figure names it one area's among others
_RANKED_AFTER = re.compile(
    r"(?:[^.]|\.(?=\d)){0,60}?(?<!\w)(?:menjadikan(?:nya)?|merupakan|sebagai)\s+(?:kecamatan|distrik|desa|kelurahan|kapanewon|"
    r"daerah|wilayah)\s+(?:[\w-]+\s+){0,3}?(?:terbanyak|terbesar|tertinggi|terendah|tersedikit|terkecil|paling)(?!\w)",
    re.IGNORECASE)
_SHARE_WORDS = re.compile(r"partisipasi|tingkat\s+kehadiran", re.IGNORECASE)
_NEIGHBOUR = re.compile(r"(?<!\w)(?:tetangga|bersebelahan|berbatasan|di\s+sebelahnya|sebelahnya)(?!\w)", re.IGNORECASE)
# v9: stations and voters abroad (PPLN, TPSLN, KSK) are never a region's
_ABROAD = re.compile(r"(?<!\w)(?:PPLN|TPSLN|KSK|luar\s+negeri)(?!\w)", re.IGNORECASE)
_NATIONWIDE = re.compile(r"(?<!\w)(?:se-?Indonesia|seluruh\s+Indonesia|nasional|dalam\s+dan\s+luar\s+negeri)(?!\w)",
                         re.IGNORECASE)
_HELP = re.compile(r"(?<!\w)(?:personel|pasukan|bantuan|dibantu|BKO|anggota|petugas)(?!\w)", re.IGNORECASE)


def _neighbour(text: str, lo: int, num_start: int) -> bool:
    """A neighbouring area named shortly before the figure in its clause ("Kabupaten tetangga,
    Agam, juga menggelar Pilbup ... dengan 1.006 TPS", "tetangga kita, Pinrang, yang punya 796
    TPS"); not help from a neighbour ("personel dari Polres tetangga mengamankan 900 TPS")."""
    lo = max(lo, num_start - 120)
    found = list(_NEIGHBOUR.finditer(text, lo, num_start))
    return bool(found) and not _HELP.search(text, max(lo, found[-1].start() - 40), num_start)


def _several_areas(lex: Lexicon, text: str, s_start: int, num_start: int) -> bool:
    """"meliputi tiga kecamatan, yakni A, B dan C, dengan total 612 TPS": a sum of areas."""
    # v14: "198 TPS yang tersebar di empat desa, yakni A, B, C dan D, dengan jumlah DPT 82.415": the
    # areas a figure before is spread over are the whole's, not a sum the next figure is of
    return any(not lex.spread_before.search(text, max(s_start, m.start() - 20), m.start())
               for m in lex.several_areas.finditer(text, s_start, num_start))


def _counts_described(lex: Lexicon, text: str, kind: str, s_start: int, num_start: int) -> bool:
    """The clause before the figure names a described part of the term ("TPS lokasi khusus
    di Kabupaten X hanya 6 TPS", "TPS rawan ... mencapai 47"): the figure counts that part,
    unless a total's frame stands right before it ("dari total 1.500 TPS")."""
    clause = _clause_before(text, s_start, num_start)
    offset = num_start - len(clause)
    for t in lex.term.finditer(text, offset, num_start):
        # "Pemilih disabilitas yang terdaftar dalam DPT sebanyak 1.122 orang"
        if (kind == "dpt" and lex.term_kind[" ".join(t.group().split()).lower()] == kind
                and lex.voter_group.search(text, offset, t.start())):
            return True
        # "TPS yang ada KPPS ikut kampanye sebanyak 6 TPS", unless a total is named between
        if (kind == "tps" and lex.term_kind[" ".join(t.group().split()).lower()] == kind
                and _described_term(lex, text, t.end(), num_start)
                and not _WHOLE.search(text, t.end(), num_start)):
            return True
    frame = _WHOLE if kind == "tps" else lex.total_frame  # "total DPT di TPS khusus lapas sebanyak 640"
    if frame.search(text, max(offset, num_start - 20), num_start) or _FROM.search(
            text, max(offset, num_start - 10), num_start):
        return False  # "412 TPS rawan dari 2.310 TPS": the whole the part is taken from
    # (a plain cue counts the part: "indikator TPS rawan yang ... berjumlah 84 TPS")
    for t in lex.term.finditer(text, offset, num_start):
        if lex.term_kind[" ".join(t.group().split()).lower()] != kind:
            continue
        tail = text[t.end():min(num_start, t.end() + 25)]
        if lex.subset_after.match(tail.lstrip()) or lex.subset_after.search(tail[:15]) or (
                _SAFE.match(text, t.end(), num_start)):
            return True
    return False


# v9: a change named right before the term ("bertambahnya jumlah TPS sebanyak 68"): the figure
# is the change, not the count
_CHANGE_NOUN = re.compile(
    r"(?<!\w)(?:bertambah(?:nya)?|berkurang(?:nya)?|penambahan|pengurangan|kenaikan|penurunan|"
    r"peningkatan|selisih|tambahan)\s+(?:jumlah\s+)?$", re.IGNORECASE)
_RISE = re.compile(r"(?<!\w)(?:meningkat|menurun|naik|turun|bertambah|berkurang|menyusut)\s+"
                   r"(?:sebanyak\s+|sejumlah\s+|sebesar\s+)?$", re.IGNORECASE)
_SAFE = re.compile(r"\s+(?:kategori\s+|kategorinya\s+)?aman(?!\w)", re.IGNORECASE)
_DIVIDED = re.compile(r"(?<!\w)(?:dibagi|terbagi|dikelompokkan|dibedakan|diklasifikasikan)(?!\w)", re.IGNORECASE)
_VISITED_AFTER = re.compile(
    r"\s+(?:yang\s+)?(?:sudah\s+|telah\s+)?(?:diperiksa|dicek|dikunjungi|didatangi|disambangi|ditinjau|"
    r"disidak|kami\s+cek|kami\s+kunjungi|kami\s+tinjau)(?!\w)", re.IGNORECASE)
_MORE_THAN = re.compile(r"\s+lebih(?=\s*[.,;:)\"]|\s*$|\s+(?:pemilih|jiwa|orang|warga|TPS)(?!\w))",
                        re.IGNORECASE)
_FROM_THAT = re.compile(
    r"(?<!\w)dari\s+(?:jumlah\s+|total\s+)?(?:(?:DPT|TPS|daftar\s+pemilih\s+tetap|pemilih)\s+)?(?:itu|tersebut|ini)(?!\w)",
    re.IGNORECASE)
_UP_TO = re.compile(r"(?<!\w)(?:hingga|sampai\s+dengan|sampai|s\.d\.?|s/d)\s+$", re.IGNORECASE)
_WHOLE = re.compile(r"(?<!\w)(?:total|keseluruhan|seluruhnya|seluruh)(?!\w)", re.IGNORECASE)


_HAS = re.compile(r"\s+yang\s+(?:ada|terdapat|memiliki|punya)\s+(?!(?:di|se|dalam|pada|sebanyak|sejumlah)\b)\w",
                  re.IGNORECASE)


def _described_term(lex: Lexicon, text: str, term_end: int, num_start: int) -> bool:
    """The term is followed by a "yang" clause that picks some of them out ("TPS yang
    berdekatan dengan ...", "TPS yang ada pemilih DPTb ..."), not one that describes them
    all ("TPS yang tersebar di ...", "TPS yang ada di Kabupaten X")."""
    return bool(lex.described.match(text, term_end, num_start) or _HAS.match(text, term_end, num_start))


def _incident(lex: Lexicon, text: str, s_start: int, num_start: int, end: int, s_end: int) -> bool:
    """Stations where something happened: "dugaan pelanggaran di 12 TPS", "listrik padam di 17
    TPS", "9 TPS terendam banjir"; not "tidak ada pelanggaran di ..." nor "di seluruh 612 TPS"."""
    window = max(s_start, num_start - 60)
    before = lex.incident_before.search(text, window, num_start)
    if before and not lex.negation.search(text, max(s_start, before.start() - 20), num_start):
        return True
    return bool(lex.incident_after.match(text, end, s_end))


def _changed_from(text: str, s_start: int, num_start: int, end: int, s_end: int) -> bool:
    """"menyusut dari 2.412 TPS pada Pemilu 2019 menjadi 1.310 TPS", "yang tadinya 702 TPS
    menjadi 369 TPS": the figure after "dari"/"tadinya"/"semula" is the value before a change
    stated later in its clause; "berkurang menjadi 640 TPS, dari (sebelumnya) 812 TPS": the one
    after "dari sebelumnya", or after "dari" once the change was stated earlier in the sentence."""
    if _BEFORE_NOW.search(text, max(s_start, num_start - 25), num_start):
        return True
    if not _FROM.search(text, max(s_start, num_start - 10), num_start):
        return False
    return bool(_TO.search(text[end:min(s_end, end + 60)].split(",")[0])
                or _CHANGE_BEFORE.search(text, s_start, num_start)
                or _CHANGED_AFTER.match(text, end, s_end))  # v9: "Dari 3.420 TPS bertambah 68"


def _corrected(text: str, s_start: int, num_start: int, end: int, s_end: int) -> bool:
    """v10: a figure a correction takes back. "Dalam pemberitaan sebelumnya disebutkan jumlah TPS 192.
    Yang benar ... 190 TPS", "Sebelumnya sempat beredar angka 674 TPS. Itu salah ketik": an earlier
    report's figure, with a correction word in its sentence or the next; "674 TPS itu salah ketik";
    "yang benar 190 TPS, bukan 192". Not "Sebelumnya, KPU menetapkan 812 TPS" (no correction), nor
    the figure after "yang benar" / "seharusnya" (the corrected value)."""
    clause = text[clause_start(text, s_start, num_start):num_start]
    if _RIGHT_VALUE.search(clause[-40:]) and not _NOT_VALUE.search(clause[-15:]):
        return False
    if _WRONG_AFTER.match(text, end, s_end):
        return True
    if _NOT_VALUE.search(text, max(s_start, num_start - 15), num_start) and _CORRECTION.search(text, s_start, num_start):
        return True
    if not _EARLIER_REPORT.search(text, s_start, num_start):
        return False
    if _CORRECTION.search(text, end, s_end):
        return True
    # the next sentence opens with the correction ("Itu salah ketik, yang benar 647 TPS"), not a
    # word of it anywhere ("... agar tidak keliru mengisi formulir")
    return bool(_STRONG_CORRECTION.search(text, s_end, min(len(text), s_end + 50)))


_EARLIER_REPORT = re.compile(
    r"(?<!\w)(?:(?:sebelumnya|semula)(?:\s+[\w,]+){0,3}?\s+(?:disebut(?:kan)?|beredar|tertulis|ditulis|diberitakan|dikabarkan"
    r"|diinformasikan)|(?:pemberitaan|berita|informasi|tulisan)\s+sebelumnya)(?!\w)", re.IGNORECASE)
_CORRECTION = re.compile(r"(?<!\w)(?:yang\s+benar|salah\s+(?:ketik|tulis|input)|keliru|kekeliruan|ralat|diralat|"
                         r"koreksi|dikoreksi|seharusnya|harusnya)(?!\w)", re.IGNORECASE)
_STRONG_CORRECTION = re.compile(r"(?<!\w)(?:yang\s+benar|salah\s+(?:ketik|tulis|input)|ralat|diralat)(?!\w)", re.IGNORECASE)
_RIGHT_VALUE = re.compile(r"(?<!\w)(?:yang\s+benar|seharusnya|harusnya|diralat\s+menjadi|dikoreksi\s+menjadi)(?!\w)",
                          re.IGNORECASE)
_NOT_VALUE = re.compile(r"(?<!\w)bukan\s+(?:sebanyak\s+|lagi\s+)?$", re.IGNORECASE)
_WRONG_AFTER = re.compile(r"(?:\s+\w+){0,2}?[\s,]+(?:itu\s+|tersebut\s+)?(?:adalah\s+|merupakan\s+)?"
                          r"(?:salah\s+(?:ketik|tulis|input)|keliru)(?!\w)", re.IGNORECASE)


# v9: "2.416 pemilih tetap yang memberikan suara di lima TPS": the standing list's voters, who vote
# there (registered, not turnout)
# a share right after a turnout word: the figure before is what it is a share of
_SHARE_AFTER = re.compile(r"\s+(?:(?:pemilih|mencapai|sebesar|sekitar|hanya)\s+){0,2}\d+(?:[.,]\d+)?\s*(?:persen|%)",
                          re.IGNORECASE)
_DONE = re.compile(r"(?<!\w)(?:telah|sudah)\s+$", re.IGNORECASE)
_STANDING = re.compile(r"\s+tetap(?!\w)", re.IGNORECASE)
_REGISTERED = re.compile(r"(?<!\w)(?:terdaftar|tercatat|berhak)(?!\w)", re.IGNORECASE)
_BEFORE_NOW = re.compile(r"(?<!\w)(?:dari\s+)?(?:sebelumnya|semula|tadinya)\s+(?:sebanyak\s+|berjumlah\s+|hanya\s+)?$",
                         re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"(?<!\w)(?:menjadi|berkurang|bertambah|naik|turun|menyusut)(?!\w)", re.IGNORECASE)
_CHANGED_AFTER = re.compile(r"\s+(?:kini\s+|sekarang\s+)?(?:bertambah|berkurang|naik|turun|menyusut|meningkat|menurun)\s+"
                            r"(?:sebanyak\s+|sejumlah\s+)?\d", re.IGNORECASE)
_SHARE = re.compile(r"(?:persen|%)\s+dari\s+$", re.IGNORECASE)  # "97 persen dari 5.431 TPS": the base
_FROM = re.compile(r"(?<!\w)(?:dari|tadinya|semula)\s+$", re.IGNORECASE)
_TO = re.compile(r"(?<!\w)(?:menjadi|jadi)\s+(?:sebanyak\s+|sejumlah\s+)?\d", re.IGNORECASE)


def anaphoric_subset(lex: Lexicon, text: str, sentence, previous) -> bool:
    """"Bawaslu mencatat TPS yang berada dekat rumah sakit. Jumlahnya mencapai 47 TPS.": a
    sentence opening with "Jumlahnya" counts what the sentence before described."""
    if previous is None or not lex.anaphora.match(text, sentence[0]):
        return False
    for t in lex.term.finditer(text, *previous):
        tail = text[t.end():min(previous[1], t.end() + 30)]
        if lex.subset_after.search(tail) or lex.described_verb.search(tail) or (
                lex.described.match(text, t.end(), previous[1])):
            return True
    return False


def past_then(lex: Lexicon, text: str, sentence, previous) -> bool:
    """Round 11: "Dibanding Pemilu 2019, jumlah pemilih naik. Saat itu DPT tercatat 377.240 pemilih
    dengan 1.950 TPS.": a sentence opening with "at that time" after one that names an earlier
    election or compares with one holds that election's figures."""
    if previous is None or not lex.then_opening.match(text, sentence[0]):
        return False
    return bool(lex.past.search(text, *previous) or lex.past_before.search(text, *previous))


def anaphoric_list(lex: Lexicon, text: str, sentence, previous) -> bool:
    """"KPU menetapkan DPTb sebanyak 18.420 pemilih. Itu tersebar di 3.917 TPS.": a sentence
    opening that refers back to a partial list (and no DPT) in the sentence before."""
    if not lex.list_anaphora.match(text, sentence[0]):
        return False
    names_dpt = (lambda lo, hi: any(lex.term_kind[" ".join(t.group().split()).lower()] == "dpt"
                                    for t in lex.term.finditer(text, lo, hi)))
    return (bool(lex.partial_list.search(text, *previous))
            and not names_dpt(*previous) and not names_dpt(*sentence))


def _combined(lex: Lexicon, text: str, s_start: int, num_start: int) -> bool:
    """The clause names the DPT and a partial list (DPTb, DPK) together before the figure, or a
    combined count ("DPT gabungan"): the figure counts them all, not the DPT."""
    clause = _clause_before(text, s_start, num_start)
    terms = [t for t in lex.term.finditer(clause)
             if lex.term_kind[" ".join(t.group().split()).lower()] == "dpt"]
    if not terms:
        return False
    after_term = clause[terms[0].end():]
    return bool(_GABUNGAN.match(after_term) or (lex.partial_list.search(after_term)
                                                 and _JOINED.search(after_term)))


_GABUNGAN = re.compile(r"\s*(?:gabungan|total\s+gabungan)(?!\w)", re.IGNORECASE)
_JOINED = re.compile(r"(?<!\w)(?:dan|ditambah|plus|serta)(?!\w)|[+,]", re.IGNORECASE)


def _psu_stations(lex: Lexicon, after_psu: str) -> bool:
    """The words between a PSU and a TPS figure leave the figure the PSU's stations: no total's
    frame ("PSU ... dari total 63 TPS" counts the area's), or only the PSU's own ("dengan total")."""
    frames = [m for m in lex.total_frame.finditer(after_psu)
              if not any(p.start() <= m.start() < p.end() for p in lex.psu_totals.finditer(after_psu))]
    return not frames


def refusal(lex: Lexicon, text: str, kind: str, value: int, num_start: int, end: int,
             sentence, cue: bool) -> str | None:
    """Why a figure the grammar found is not a total (None: it is one). ``cue``: the figure
    is the term's size ("jumlah TPS sebanyak 63"), the strongest grammar there is."""
    s_start, s_end = sentence
    reason = _subset(lex, text, kind, num_start, end, sentence)
    if reason:
        return reason
    if _MORE_THAN.match(text, end, s_end):
        return "approximate"  # "DPT ... sebanyak 400 ribu lebih": more than, not the count
    if _UP_TO.search(text, max(s_start, num_start - 20), num_start) and not lex.range_before.search(
            text[max(s_start, num_start - 20):num_start]):
        return "approximate"  # "jumlah pemilih hingga 1.200.000 orang": up to, not the count
    before = text[s_start:num_start]
    near = text[max(s_start, num_start - 40):num_start]
    if lex.progress_before.search(text, max(s_start, num_start - 20), num_start) and not _SHARE.search(
            text, max(s_start, num_start - 20), num_start) and (
            lex.progress_after.search(text[end:min(s_end, end + 40)].split(",")[0])):
        return "progress"  # "data dari 150 TPS sudah masuk ke Sirekap": results in so far
    if kind == "tps" and not cue and (lex.surroundings.match(text, end, s_end)
                                      or lex.near_after.match(text, end, s_end)):
        return "described_subset"  # "23 TPS berada di dekat rumah pasangan calon"
    if kind == "tps" and _VISITED_AFTER.match(text, end, s_end):
        return "visited"  # "Sebanyak 27 TPS yang diperiksa Bawaslu ...": the stations of a round
    if kind == "tps" and _incident(lex, text, s_start, num_start, end, s_end):
        return "incident"  # "dugaan pelanggaran di 12 TPS", "9 TPS terendam banjir"
    if kind == "tps" and lex.psu.search(before) and _psu_stations(
            lex, before[max(p.end() for p in lex.psu.finditer(before)):]):
        return "psu_subject"  # "PSU ... di 2 TPS": the stations re-voting, not the area's
    if kind == "tps" and lex.psu.search(text[end:min(s_end, end + 80)].split(",")[0]):
        return "psu_subject"  # "Sebanyak 3 TPS di Desa X akan menggelar PSU"
    if kind == "dpt" and _combined(lex, text, s_start, num_start):
        return "other_list"  # "Jumlah pemilih (DPT, DPTb dan DPK) mencapai 412.000 orang": combined lists
    if (m := _FROM_THAT.search(text, s_start, num_start)) and not DIGIT.search(text, m.end(), num_start):
        return "subset"  # "Dari jumlah DPT itu, 12.500 pemilih tercatat sebagai ...": a part of it
    if kind == "dpt" and _turnout_before(lex, text, s_start, num_start):
        return "turnout"  # "Pengguna hak pilih dari DPT sebanyak 940.100 orang": voters who voted
    if _neighbour(text, clause_start(text, s_start, num_start), num_start):
        return "other_area"  # "Kabupaten tetangga, Kabupaten Cilacap, memiliki 3.400 TPS"
    if (_ABROAD.search(text, max(clause_start(text, s_start, num_start), num_start - 80), num_start)
            or _ABROAD.match(text[end:min(s_end, end + 30)].lstrip())) and not _NATIONWIDE.search(text, s_start, num_start):
        return "other_area"  # v9: "memilih di TPS luar negeri yang diselenggarakan PPLN Tawau dengan 73 TPS"
    if kind == "dpt" and lex.not_on_list.search(text[end:min(s_end, end + 40)]):
        return "not_on_list"  # "12 pemilih tidak terdaftar di DPT"
    if _OTHER_AREAS.search(text, max(s_start, num_start - 40), num_start):
        return "subset"  # v9: "PPS Guwosari 31 TPS dan desa lainnya hanya 26 TPS": each other area's
    if kind == "dpt" and _AT_STATION.match(text, end, s_end):
        return "subset"  # v9: "jumlah pemilih menjadi 600 orang di TPS": a station's voters (its capacity)
    if kind == "dpt" and _RECEIVED_AFTER.match(text, end, s_end):
        return "subset"  # "38.000 pemilih yang sudah menerima undangan": voters picked out by what they did
    if kind == "dpt" and lex.new_after.match(text, end, s_end):
        return "subset"  # "67.459 pemilih baru yang masuk dalam DPT": new voters, part of the list
    if kind == "dpt" and (lex.not_yet_after.match(text, end, s_end) or lex.not_yet_before.search(
            _clause_before(text, s_start, num_start))):
        return "subset"  # "1.200 pemilih belum menerima undangan": voters picked out, not the list
    if lex.range_before.search(text[max(s_start, num_start - 20):num_start]):
        return "range"  # "satu personel untuk dua hingga tiga TPS"
    if _BREAKDOWN.search(text[max(s_start, num_start - 40):num_start]):
        return "breakdown"  # "Grabag (3 TPS), Secang (11 TPS)": one area of a list
    if kind == "dpt" and _one_station(lex, text, s_start, num_start, end, s_end):
        return "one_station"  # "DPT di TPS 57 sebanyak 274 pemilih"
    if kind == "tps" and _ratio(lex, text, value, s_start, num_start):
        return "ratio"  # "2 personel menjaga 10 TPS"
    if _EACH_LIST.search(text, max(s_start, num_start - 80), num_start):
        return "several_areas"  # v9: "Kabupaten A dan Kabupaten B dengan masing-masing 812 TPS dan 540 TPS"
    if _several_areas(lex, text, s_start, num_start) or lex.ordinal_areas.match(text, end, s_end):
        return "several_areas"  # "tiga kecamatan, yakni A, B dan C, dengan total 612 TPS"
    if _counts_described(lex, text, kind, s_start, num_start):
        return "subset"  # "TPS lokasi khusus di Kabupaten X hanya 6 TPS"
    if kind == "tps" and lex.indicator.search(before) and not (
            _WHOLE.search(text, max(s_start, num_start - 20), num_start)
            or _FROM.search(text, max(s_start, num_start - 10), num_start)):
        return "subset"  # v14: "indikator ... yang tercatat di 1.120 TPS" (not "dari total 3.000 TPS")
    if kind == "tps" and lex.partial_list.search(before) and not any(
            lex.term_kind[" ".join(t.group().split()).lower()] == "dpt"
            for t in lex.term.finditer(before)):
        return "other_list"  # "Pemilih DPTb itu tersebar di 1.117 TPS"
    if _changed_from(text, s_start, num_start, end, s_end):
        return "changed_from"  # "dari 2.412 TPS ... menjadi 1.310 TPS": the value before
    if _corrected(text, s_start, num_start, end, s_end):
        return "changed_from"  # v10: "Sebelumnya beredar angka 674 TPS. Itu salah ketik, yang benar 647"
    if _of_larger(lex, text, kind, s_start, num_start) and not lex.place_after.match(text, end, s_end):
        return "subset"  # "dari total 2.317 TPS, sebanyak 418 TPS masuk kategori rawan"
    if _RANKED_AFTER.match(text, end, s_end):
        return "ranked"  # v12: "... 146 TPS, menjadikannya distrik dengan pemilih terbanyak": one area's
    clause = _clause_before(text, s_start, num_start)
    after = text[end:min(s_end, end + 40)].split(",")[0]
    if (lex.past.search(clause) or lex.past_before.search(clause) or lex.earlier.match(text, s_start)
            or re.match(r"\s*(?:pada|di|saat|dalam)\s", after) and lex.past.search(after)):
        return "past_figure"  # last election's figure (kept as a total when it is the only one)
    if kind == "dpt" and value < lex.small_dpt:
        return "small_figure"  # no area's voter list is that small: people, struck voters
    framed = bool(lex.total_frame.search(near))
    if kind == "tps" and value <= lex.subject_stations and (cue or framed):
        return "one_or_two"  # "desa itu memiliki 1 TPS": the station is the subject, not a count
    if cue:
        return None
    if kind == "tps" and value < lex.small_tps and not framed:
        return "small_figure"  # "2 TPS di Desa Puyung ...": a handful named, not counted
    if kind == "tps" and not framed and (lex.described.match(text, end, s_end) or (
            (v := lex.described_verb.match(text, end, s_end))
            and not re.match(r"\s+di\b", text[v.end():v.end() + 4]))):
        return "described_subset"  # "ada 16 TPS yang berdekatan ...", "160 TPS terdapat ..."
    return None
