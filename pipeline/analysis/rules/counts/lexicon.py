"""The counts family's YAML compiled once per process, number parsing, and the figure record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.analysis import rules

NAME = "counts"

_CAPITALISED = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}"
YEARS = re.compile(r"\b(?:19|20)\d{2}\b")
DIGITS = re.compile(r"\d")


alternation = rules.phrases  # longest first, any run of spaces inside a phrase


def words_pattern(words) -> re.Pattern:
    """Any of ``words`` as whole words, any case."""
    return re.compile(rf"(?<!\w)(?:{alternation(words)})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """counts.yml compiled once per process."""

    term_kind: dict  # lower-case term (single spaces) -> tps | dpt
    unit_kind: dict
    term: re.Pattern
    number_then_term: re.Pattern
    after_term: re.Pattern
    voters: re.Pattern
    multipliers: dict
    number_words: dict
    number_scales: dict
    teen_word: str
    dpt_context: re.Pattern
    voters_context: re.Pattern
    subset_after: re.Pattern
    subset_before: re.Pattern
    refuse_before: dict  # reason -> pattern of words shortly before the number
    psu: re.Pattern
    not_on_list: re.Pattern
    total_frame: re.Pattern
    described: re.Pattern
    range_before: re.Pattern
    small_tps: int
    most: dict  # kind -> the largest figure that can be a count of that kind
    most_regional: dict  # kind -> the largest figure one province has
    voters_per_station: dict  # fewest, most, most_village: the DPT over the TPS that can be one area's
    conflicts: dict  # versions, comparable: two totals of one scope that are one count's readings
    people: re.Pattern
    other_list: re.Pattern
    levels: dict  # lower-case level word -> rank (0 province ... 3 village)
    year_words: frozenset
    place: re.Pattern
    place_after: re.Pattern
    place_stopwords: frozenset
    foreign: re.Pattern  # right after a number: it counts something else
    ratio_people: re.Pattern  # a handful of people just before a TPS figure
    ratio_most: int
    ratio_words: re.Pattern
    past: re.Pattern  # an election word then "lalu"/"sebelumnya" (last election's figure)
    past_before: re.Pattern
    station: re.Pattern  # one polling station named before a DPT figure
    level_word: re.Pattern
    described_verb: re.Pattern
    number: str  # the number pattern (digits or words)
    partial_list: re.Pattern  # lists of part of the voters (DPTb, DPK ...)
    office: re.Pattern  # an office word right before a place: a contest's name
    anaphora: re.Pattern  # a sentence opening that refers back ("Jumlahnya ...")
    then_opening: re.Pattern  # "Saat itu ...": back to the time the sentence before named (round 11)
    several_areas: re.Pattern  # "tiga kecamatan, yakni ..."
    attendance: re.Pattern
    small_dpt: int
    subject_stations: int
    turnout: re.Pattern
    turnout_modal: re.Pattern
    framed_term: re.Pattern  # "jumlah TPS di Distrik Abepura 143": a total without a cue
    national: re.Pattern  # the whole country's figure ("secara nasional")
    surroundings: re.Pattern  # right after "N TPS": "berada di dekat ...", a described part
    progress_before: re.Pattern
    progress_after: re.Pattern
    several_villages: re.Pattern
    village_after: re.Pattern  # right after a figure: "... di desa tersebut"
    became: re.Pattern  # "menjadi" right before a number: the current value
    list_anaphora: re.Pattern
    voter_group: re.Pattern  # "pemilih disabilitas" before the term
    special_after: re.Pattern  # "... pemilih terdaftar di 17 TPS lokasi khusus"
    special_title: re.Pattern
    in_list: re.Pattern  # "398.289 dalam daftar pemilih tetap"
    incident_before: re.Pattern  # "dugaan pelanggaran di " right before the number
    incident_after: re.Pattern  # "terendam banjir" right after "N TPS"
    negation: re.Pattern
    not_yet_after: re.Pattern  # "N pemilih belum menerima ..."
    not_yet_before: re.Pattern  # "Pemilih yang belum ... sebanyak N"
    earlier: re.Pattern  # "Sebelumnya, ..." opening a sentence: an earlier value
    voters_framed: re.Pattern  # "dengan total pemilih 3.431.582" (no unit after the number)
    breakdown_after: re.Pattern
    new_after: re.Pattern  # right after "N pemilih": "baru" (new voters, part of the list)
    voters_gap: re.Pattern
    ranked: re.Pattern  # "TPS terbanyak berada di ...": the area that ranks first
    ordinal_areas: re.Pattern  # right after a figure: "di keempat distrik"
    changed_later: re.Pattern  # after a past figure: ", namun ... menyusut"
    counted_areas: re.Pattern  # "di lima desa itu": several areas counted
    psu_totals: re.Pattern  # "PSU ... dengan total 52 TPS": the PSU's own total
    other_list_after: re.Pattern  # "... pemilih dalam DPS" (v7)
    listed_term: re.Pattern  # "terdiri dari DPT 400.100, DPTb ..." (v7)
    listed_item: re.Pattern  # "Kecamatan Alas memiliki 41 TPS": an area listed with its figure (v6, v13)
    base_before: re.Pattern  # "... dari " right before "DPT 651.020": the base of a part (v13)
    village_before: re.Pattern  # "Di desa itu, ..." before a figure (v7)
    gender_before: re.Pattern  # "laki-laki 95.100 pemilih" (v7: DPT only)
    struck_after: re.Pattern  # "3.315 pemilih yang kami coret" (v7)
    province_level: re.Pattern  # "Untuk skala provinsi, ..." (v7)
    regency_level: re.Pattern  # "Secara kabupaten, ..." (v10)
    below_regency: re.Pattern  # a title's organ below a kabupaten: "Kapolsek", "PPK" (v10)
    regency_title: re.Pattern  # a title's organ of a kabupaten or wider: "Polres", "Bupati" (v10)
    election_kinds: dict  # kind -> pattern of its names (v7)
    near_after: re.Pattern  # "462 TPS dekat lembaga pendidikan" (v7)
    voters_frame: re.Pattern  # "jumlah/total pemilih" (v7)
    village_vote: re.Pattern  # "Pilkades", "pemilihan kepala desa" (v7)
    counted_villages: re.Pattern  # "di tujuh desa tersebut" (v7)
    one_village_vote: re.Pattern  # a title's "Pilkades Desa Mekarsari": one village's vote (v12)
    areas: re.Pattern  # "di 27 kecamatan", "dari dua puluh distrik": a figure spread over areas (v12)
    spread_before: re.Pattern  # "tersebar di" right before a count of areas (v14)
    indicator: re.Pattern  # "indikator" before a TPS figure: stations an indicator is found at (v14)
    body_levels: dict  # an organisation's kind -> the level of the place it is named after (v14)
    kecamatan_count: re.Pattern  # "17 kecamatan", "dua puluh distrik": several kecamatan counted (v14)
    kecamatan_after: re.Pattern  # "... tersebar di 16 kecamatan" right after a figure (v14)
    election_year: re.Pattern  # "Pilkada 2018": an election and its year  # between a TPS term and its cue: the number counts voters


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = rules.load_data(NAME)
    term_kind = {t.lower(): k for k, terms in data["terms"].items() for t in terms}
    unit_kind = {u.lower(): k for k, units in data["units"].items() for u in units}
    word_list = list(data["number_words"]) + list(data["number_scales"]) + [data["teen_word"]]
    words = alternation(word_list)
    number = (
        rf"(?<![\w.,/-])(?:(?P<digits>\d+(?:[.,]\d+)*(?![.,]\d))|(?P<words>(?:{words})(?:\s+(?:{words}))*))"
        rf"(?!\w)(?:\s*(?P<mult>{alternation(data['multipliers'])})(?!\w)\.?)?"
        # v11: digits glossed in words ("2.314 (dua ribu tiga ratus empat belas) orang") are one figure
        rf"(?:(?<=\d)\s*\((?:{words})(?:\s+(?:{words}))*\))?"
    )
    terms = alternation(term_kind)
    flags = re.IGNORECASE
    levels = alternation([w for ws in data["scope_levels"] for w in ws])
    # areas counted in words: two to ten ("di dua kecamatan"; one area is not several), or a
    # teen or tens phrase ("di dua puluh lima distrik"), its first word unchecked
    few = alternation(w for w, v in data["number_words"].items() if 2 <= v <= 10)
    teen = re.escape(data["teen_word"])
    tens = re.escape(next(w for w, v in data["number_scales"].items() if v == 10))
    several = rf"(?:[2-9]|\d\d+|{few}|[a-z]+\s+{teen}|[a-z]+\s+{tens}(?:\s+[a-z]+)?)"  # two or more, digits too
    return Lexicon(
        term_kind=term_kind,
        unit_kind=unit_kind,
        term=re.compile(rf"(?<!\w)(?:{terms})(?!\w)", flags),
        number_then_term=re.compile(
            rf"{number}(?:\s+(?P<unit>{alternation(data['units']['tps'])}))?"
            rf"\s+(?P<term>{terms})(?!\w)",
            flags,
        ),
        after_term=re.compile(
            rf"(?P<gap>[^.;!?\n]{{0,60}}?)(?:(?<!\w)(?:{alternation(data['cues'])})(?!\w)\s*:?|:)"
            rf"\s*{number}(?:\s+(?P<unit>{alternation(unit_kind)})(?!\w))?",
            flags,
        ),
        voters=re.compile(
            rf"{number}\s+(?P<unit>{alternation(data['units']['dpt'])})(?!\w)", flags
        ),
        multipliers={k.lower(): v for k, v in data["multipliers"].items()},
        number_words={k.lower(): v for k, v in data["number_words"].items()},
        number_scales={k.lower(): v for k, v in data["number_scales"].items()},
        teen_word=data["teen_word"].lower(),
        dpt_context=words_pattern(data["dpt_context"]),
        voters_context=words_pattern(data["voters_context"]),
        subset_after=words_pattern(data["subset_after"]),
        subset_before=words_pattern(data["subset_before"]),
        refuse_before={reason: words_pattern(ws) for reason, ws in data["refuse_before"].items()},
        psu=words_pattern(data["psu_words"]),
        not_on_list=words_pattern(data["not_on_list"]),
        total_frame=words_pattern(data["total_frame"]),
        described=re.compile(
            rf"(?:\s+di\s+[^,.;:!?\n]{{0,40}}?)?\s+yang\s+(?!(?:{alternation(data['described_ok'])})(?!\w))",
            flags,
        ),
        range_before=re.compile(
            rf"(?:\d+|(?<!\w)(?:{words}))\s*(?:-|–|hingga|sampai|s\.d\.?|atau)\s*$", flags
        ),
        small_tps=int(data["small_tps"]),
        most={k: int(v) for k, v in data["most"].items()},
        most_regional={k: int(v) for k, v in data["most_regional"].items()},
        voters_per_station={k: int(v) for k, v in data["voters_per_station"].items()},
        conflicts={k: float(v) for k, v in data["conflicts"].items()},
        other_list=words_pattern(data["other_lists"]),
        people=re.compile(rf"\s+(?:{alternation(data['people_nouns'])})(?!\w)", flags),
        levels={w.lower().rstrip("."): rank for rank, ws in enumerate(data["scope_levels"])
                for w in ws},
        year_words=frozenset(w.lower() for w in data["year_words"]),
        place=re.compile(rf"(?<!\w)(?P<lvl>{levels})\s+(?P<name>{_CAPITALISED})"),
        place_after=re.compile(
            rf"\s+(?:yang\s+)?(?:tersebar\s+|berada\s+|ada\s+)?(?:di|se-?)\s*(?P<lvl>{levels})\s+(?P<name>{_CAPITALISED})"
        ),
        place_stopwords=frozenset(w.lower() for w in data["place_stopwords"])
        | frozenset(w.lower().rstrip(".") for ws in data["scope_levels"] for w in ws),
        foreign=re.compile(rf"\s*(?:{alternation(data['foreign_nouns'])})(?!\w)", flags),
        ratio_people=re.compile(
            rf"(?:(?<![\w.,])(?P<n>\d+|{words})\s+(?:orang\s+)?|(?<!\w)(?P<one>seorang)\s+)"
            rf"(?:{alternation(data['ratio_people'])})(?!\w)", flags),
        ratio_most=int(data["ratio_most"]),
        ratio_words=words_pattern(data["ratio_words"]),
        past=re.compile(
            rf"(?<!\w)(?:{alternation(data['year_words'])}|pemilihan)(?:\s+[\w/()-]+){{0,2}}?"
            rf"\s+(?:{alternation(data['past_after'])})(?!\w)", flags),
        past_before=words_pattern(data["past_before"]),
        station=re.compile(
            rf"(?<!\w)(?:TPS\s*(?:\d+|(?:{alternation(data['station_refs'])})(?!\w))"
            rf"|(?:{alternation(data['station_words'])})(?!\w))", flags),
        level_word=re.compile(rf"(?<!\w)(?:{levels})(?!\w)", flags),
        described_verb=re.compile(rf"\s+(?:{alternation(data['described_verbs'])})(?!\w)", flags),
        number=words,
        partial_list=words_pattern(data["partial_lists"]),
        # case-sensitive: an office before a capitalised name ("Gubernur Sulawesi Tengah")
        office=re.compile(
            rf"(?<!\w)(?:{alternation(data['office_words'])})\s+(?P<name>[A-Z][\w'-]*)"),
        anaphora=re.compile(rf"\W*(?:{alternation(data['anaphora'])})(?!\w)", flags),
        several_areas=re.compile(
            rf"(?<!\w)(?:\d+|{words}|beberapa|sejumlah|{alternation(data['ordinal_areas'])})\s+"
            rf"(?:{alternation(data['area_nouns'])})\s*,?\s*(?:{alternation(data['list_words'])})(?!\w)", flags),
        attendance=words_pattern(data["attendance_verbs"]),
        small_dpt=int(data["small_dpt"]),
        subject_stations=int(data["subject_stations"]),
        turnout=words_pattern(data["turnout_words"]),
        turnout_modal=re.compile(
            rf"(?<!\w)(?:{alternation(data['turnout_modals'])})\s+(?:\w+\s+)?$", flags),
        framed_term=re.compile(
            rf"(?<!\w)(?P<frame>(?:jumlah|total|banyaknya)\s+)?(?P<term>{terms})(?P<own>\s+(?:kita|kami)|-?nya)?"
            rf"(?:\s+(?:{alternation(data['year_words'])})(?:\s+(?:19|20)\d\d)?)?"
            rf"(?:\s+(?:(?:di|se-?)\s*(?:(?i:{levels})\s+)?|(?i:{levels})\s+)"
            rf"(?:(?-i:[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){{0,3}})|itu|tersebut|ini))?"
            # v12: "Jumlah DPT Kota X untuk pilkada ini 251.300": the vote the figure is for
            rf"(?:\s+(?:untuk|pada|dalam)\s+(?:{alternation(data['year_words'])})(?:\s+(?:kali\s+)?ini|\s+(?:19|20)\d\d)?)?"
            rf"(?:\s+(?:itu|tersebut|ini|setempat))?\s+{number}"
            rf"(?:\s+(?P<unit>{alternation(unit_kind)})(?!\w))?(?=\s*[.,;)]|\s+(?:yang|dan|dengan|di|se|untuk|pada)\b)",
            flags),
        national=words_pattern(data["national_words"]),
        surroundings=re.compile(
            rf"\s+(?:yang\s+)?(?:{alternation(data['place_verbs'])})\s+di\s+"
            rf"(?:{alternation(data['surroundings'])})(?!\w)", flags),
        progress_before=re.compile(rf"(?<!\w)(?:{alternation(data['progress_before'])})\s+$", flags),
        progress_after=words_pattern(data["progress_after"]),
        several_villages=re.compile(
            rf"(?<!\w)(?:{alternation(data['several_villages'])}|(?:\d+|{words})\s+desa)(?!\w)", flags),
        village_after=re.compile(  # "1.306 pemilih terdaftar di DPT desa itu"
            rf"\s+(?:[\w-]+\s+){{0,3}}?(?:di|dalam|untuk)\s+(?:DPT\s+)?"
            rf"(?:{alternation(data['village_refs'])})(?!\w)", flags),
        became=re.compile(rf"(?<!\w)(?:{alternation(data['became'])})\s+(?:sebanyak\s+|sejumlah\s+)?$",
                          flags),
        special_after=re.compile(
            rf"[^,.;:!?\n]{{0,30}}?(?<!\w)(?:di|pada|dalam)\s+(?:\d+|{words})\s+"
            rf"(?:{alternation(data['special_stations'])})(?!\w)", flags),
        special_title=re.compile(
            rf"(?<!\w)(?:{alternation(data['special_stations'] + data['station_words'])})(?!\w)", flags),
        in_list=re.compile(
            rf"{number}\s+(?:pemilih\s+)?(?:dalam|di|masuk)\s+(?:{alternation(data['terms']['dpt'])})(?!\w)",
            flags),
        incident_before=re.compile(
            rf"(?<!\w)(?:{alternation(data['incident_words'])})(?!\w)[^,.;:!?\n]{{0,40}}?(?<!\w)di\s+$",
            flags),
        incident_after=re.compile(
            rf"(?:\s+di\s+[^,.;:!?\n]{{0,40}}?)?\s+(?:yang\s+)?(?:{alternation(data['incident_after'])})(?!\w)",
            flags),
        negation=words_pattern(data["negations"]),
        not_yet_after=re.compile(rf"\s+(?:[\w-]+\s+)?(?:{alternation(data['not_yet'])})\s+\w", flags),
        not_yet_before=re.compile(
            rf"(?<!\w)pemilih\s+(?:[\w-]+\s+){{0,3}}?yang\s+(?:{alternation(data['not_yet'])})(?!\w)", flags),
        earlier=re.compile(rf"\W*(?:{alternation(data['earlier_openings'])})\s*,", flags),
        then_opening=re.compile(rf"\W*(?:{alternation(data['then_openings'])})(?!\w)", flags),
        voters_framed=re.compile(
            rf"(?<!\w)(?:total|jumlah)\s+pemilih(?:nya)?\s+(?:(?:{alternation(data['cues'])})\s+)?(?=\d)"
            rf"{number}(?!\s*(?:persen|%|{alternation(unit_kind)})(?!\w))", flags),
        voter_group=re.compile(
            rf"(?<!\w)pemilih\s+(?:{alternation(data['voter_groups'])})(?!\w)", flags),
        breakdown_after=words_pattern(data["breakdown_words"]),
        new_after=re.compile(rf"\s+(?:{alternation(data['new_voters'])})(?!\w)", flags),
        voters_gap=words_pattern(data["voters_nouns"]),
        ranked=words_pattern(data["ranked_words"]),
        ordinal_areas=re.compile(
            rf"\s+(?:yang\s+ada\s+)?(?:di|untuk|pada|dari)\s+(?:{alternation(data['ordinal_areas'])})\s+"
            rf"(?:{alternation(data['area_nouns'])})(?!\w)", flags),
        counted_areas=re.compile(
            rf"(?<!\w)(?:\d+|{words}|{alternation(data['ordinal_areas'])})\s+"
            rf"(?:{alternation(data['area_nouns'])})(?!\w)", flags),
        psu_totals=words_pattern(data["psu_totals"]),
        other_list_after=re.compile(
            rf"\s+(?:(?:(?:pemilih|terdaftar|tercatat)\s+)?(?:dalam|di|pada|masuk|masuk\s+dalam|sesuai|"
            rf"berdasarkan|menurut)\s+(?:data\s+)?"
            rf"(?:{alternation(data['other_lists'])})|(?:pemilih\s+)?(?:yang\s+)?(?:pindah\s+memilih|pindahan))(?!\w)",
            flags),
        listed_term=re.compile(
            rf"(?<!\w)(?P<term>{alternation(data['terms']['dpt'])})\s+{number}(?:\s+(?P<unit>{alternation(unit_kind)})(?!\w))?(?=\s*[,;.)]|\s+dan\b)",
            flags),
        listed_item=re.compile(
            rf"(?P<name>{_CAPITALISED})\s*(?:\(|:)?\s*(?:(?:{alternation(data['item_links'])})\s+)?"
            r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+)\s+(?:unit\s+|buah\s+|titik\s+)?(?P<unit>TPS|pemilih|jiwa)(?!\w)"),
        base_before=re.compile(rf"(?<!\w)(?:{alternation(data['base_before'])})\s+$", flags),
        village_before=re.compile(
            rf"(?<!\w)(?:di|dalam|untuk)\s+(?:{alternation(data['village_refs'])})(?!\w)", flags),
        gender_before=words_pattern(data["gender_words"]),
        struck_after=re.compile(
            rf"\s+(?:yang\s+)?(?:[\w-]+\s+)?(?:{alternation(data['struck_after'])})(?!\w)", flags),
        province_level=words_pattern(data["province_level"]),
        regency_level=words_pattern(data["regency_level"]),
        below_regency=words_pattern(data["below_regency"]),
        regency_title=words_pattern(data["regency_title"]),
        election_kinds={k: words_pattern(v) for k, v in data["election_kinds"].items()},
        near_after=re.compile(
            rf"\s+(?:yang\s+)?(?:{alternation(data['near_after'])})(?!\w)", flags),
        voters_frame=re.compile(r"(?<!\w)(?:jumlah|total)\s+pemilih(?:nya)?(?!\w)", flags),
        village_vote=words_pattern(data["village_votes"]),
        counted_villages=re.compile(
            rf"(?<!\w)(?!satu\s)(?:\d+|{words}|{alternation(data['ordinal_areas'])})\s+"
            rf"(?:{alternation(data['village_nouns'])})(?!\w)", flags),
        # case-sensitive but for the words: a capitalised village name must follow
        one_village_vote=re.compile(
            r"(?<!\w)(?i:pilkades|pemilihan\s+kepala\s+desa)\s+"
            rf"(?:(?i:{alternation(data['village_nouns'])})\s+)?"
            r"(?!(?i:serentak|antarwaktu|PAW)(?!\w))[A-Z][\w'-]*"),
        areas=re.compile(
            rf"(?<!\w)(?:di|dari)\s+(?:\d+|{few}|[a-z]+\s+{teen}|[a-z]+\s+{tens}(?:\s+[a-z]+)?)"
            r"\s+(?:kecamatan|distrik|kapanewon)(?!\w)", flags),
        election_year=re.compile(
            rf"(?<!\w)(?:{alternation(data['election_words'])})(?:\s+serentak)?\s+(?P<year>(?:19|20)\d{{2}})(?!\w)",
            flags),
        changed_later=re.compile(
            rf"(?<!\w)(?:{alternation(data['turn_words'])})(?!\w).{{0,60}}?(?<!\w)"
            rf"(?:{alternation(data['change_words'])})(?!\w)", flags),
        list_anaphora=re.compile(rf"\W*(?:{alternation(data['list_anaphora'])})(?!\w)", flags),
        spread_before=re.compile(rf"(?<!\w)(?:{alternation(data['spread_before'])})\s+$", flags),
        indicator=words_pattern(data["indicator_words"]),
        body_levels={k.lower(): int(v) for k, v in data["body_levels"].items()},
        kecamatan_count=re.compile(rf"(?<!\w){several}\s+(?:kecamatan|distrik|kapanewon)(?!\w)", flags),
        kecamatan_after=re.compile(
            rf"\s+(?:yang\s+)?(?:tersebar\s+|berada\s+)?(?:di|pada|dari)\s+{several}\s+(?:kecamatan|distrik)(?!\w)", flags),
    )


def place_name(lex: Lexicon, m: re.Match) -> str | None:
    """A ``place`` match as a scope ("Kabupaten Blora"), its name cut at a stop word."""
    kept = []
    for word in m.group("name").split():
        if word.lower().rstrip(".,") in lex.place_stopwords or _HEADLINE_VERB.fullmatch(word):
            break  # "KPU Kabupaten Sorong Selatan Siapkan 164 TPS": a headline's verb ends the name
        kept.append(word)
    name = " ".join(kept).rstrip(".,")
    if len(kept) >= 3:
        name = _without_person(m.group("lvl"), kept, name)
    return f"{m.group('lvl')} {name}" if name else None


# the level words of a scope as the region codes name them
_REGION_LEVEL = {"desa": "desa", "kelurahan": "kelurahan", "kel.": "kelurahan", "kecamatan": "kecamatan",
                 "kec.": "kecamatan", "distrik": "kecamatan", "kabupaten": "kabupaten", "kab.": "kabupaten",
                 "kota": "kota", "provinsi": "provinsi"}


@lru_cache(maxsize=4096)
def _known(name: str, level: str) -> bool:
    from pipeline.analysis import regions
    return bool(regions.candidates(name, level))


def _without_person(lvl: str, words: list[str], name: str) -> str:
    """v12: "Ketua KPU Kota Bitung Rinto Manoppo Sahiri menyebut ...": a known region's name followed
    by two or more capitalised words that make no region with it is the region, the rest a person's
    name (not "Kota Bitung Rinto Manoppo Sahiri")."""
    level = _REGION_LEVEL.get(lvl.lower())
    if level is None or _known(name, level):
        return name
    for k in range(len(words) - 2, 0, -1):
        if _known(" ".join(words[:k]), level):
            return " ".join(words[:k])
    return name


_HEADLINE_VERB = re.compile(r"[A-Z][a-z]{2,}kan")  # Siapkan, Tetapkan, Amankan, Kerahkan


def parse_number_words(words: str, lex: Lexicon | None = None) -> int | None:
    """The value of Indonesian number words ("dua puluh lima" is 25), None when ill-formed."""
    lex = lex or load_lexicon()
    total = current = last = 0
    for w in words.lower().split():
        if w in lex.number_words:
            value = lex.number_words[w]
            if value >= 1000:
                total += value
            elif value == 100:
                current += value
            elif last:
                return None  # "dua tiga" is two numbers, not one
            else:
                last = value
        elif w == lex.teen_word:
            if not 0 < last < 10:
                return None
            current, last = current + last + 10, 0
        elif w in lex.number_scales:
            scale = lex.number_scales[w]
            if scale >= 1000:
                if not (current or last):
                    return None
                total, current, last = total + (current + last) * scale, 0, 0
            else:
                if not last:
                    return None
                current, last = current + last * scale, 0
        else:
            return None
    return (total + current + last) or None


def parse_number(digits: str | None, words: str | None, mult: str | None,
                 lex: Lexicon | None = None) -> int | None:
    """A count from digits or words and an optional "ribu"/"juta"; None when not a whole count."""
    lex = lex or load_lexicon()
    if words:
        value = parse_number_words(words, lex)
        return value * lex.multipliers[mult.lower()] if value and mult else value
    if mult:
        scale = lex.multipliers[mult.lower()]
        if re.fullmatch(r"\d+[.,]\d{1,2}", digits):
            return round(float(digits.replace(",", ".")) * scale)  # "1,2 juta"
        if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*", digits):
            return int(re.sub(r"[.,]", "", digits)) * scale
        return None
    if digits.isdigit():
        return int(digits)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+", digits):
        return int(re.sub(r"[.,]", "", digits))  # "18.452"
    return None  # a decimal without a multiplier counts nothing


@dataclass(frozen=True)
class Figure:
    kind: str
    value: int
    start: int  # the evidence: number through term (or term through number)
    end: int
    number: int  # where the number starts: places before it may be the scope
    confidence: float
    scope: str | None = None
    reason: str | None = None  # why it is only a candidate; None for a total
    flags: tuple[str, ...] = ()
