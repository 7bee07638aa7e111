"""Quality measured, not guessed: score the real pipeline against annotated gold.

A gold file (``corpus/gold/*.json``, guide in docs/gold.md) names one article by its
``source`` (``samples/<file>``, ``heldout/<file>`` or ``heldout2/<file>`` under ``corpus/``,
``seeds/<file>`` under ``../shared/seeds``) and states what a careful reader finds in it.
``evaluate`` runs the whole pipeline (inputs, extraction, NER, rules, store) over those
articles into a throw-away SQLite database, reads them back through the JSONL export
record, and compares field by field.

Scores are micro-averaged: true positives, false positives and false negatives are
summed over articles before precision, recall and F1. Officials are compared after
merging mentions, so "AKP Wagiyono" later in an article does not count against
"Kapolsek Seruyan Hilir AKP Wagiyono"; two different tuples for one name do count.
Positions and orgs of gold and output alike go through the rules' alias tables (a
position's canonical short form, a province written in full), so a fact written two
ways counts once.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pipeline.analysis import standoff
from pipeline.analysis.rules.officials.lexicons import lexicon
from pipeline.analysis.rules.places import canonical_org
from pipeline.quality import conventions, seedgold
from pipeline.errors import InputError

# The chair of a village's own Pilkades committee: officials.yml gives his org as the village
# ("Desa Kualu"), some gold as the committee ("Panitia Pilkades Kualu", "Panitia Pilkades Desa Kualu",
# bare "Panitia Pilkades"); one unit either way (officials 8, issue 12).
_PILKADES_COMMITTEE = re.compile(r"^Panitia Pilkades(?: Desa)?\b")


def _official_org(org: str) -> str:
    """An official's org as scored: kabupaten and province short forms in full, a Pilkades committee as its village."""
    return canonical_org(_PILKADES_COMMITTEE.sub("Desa", org), kabupaten=True)

FIELDS = (
    "officials",           # the whole tuple: name, rank, position, org
    "official_names",      # name only
    "official_ranks",      # rank, for names found in both
    "official_positions",  # position, for names found in both
    "official_orgs",       # org, for names found in both
    "event_dates",
    "elections",           # type + year
    "election_days",       # type + year + voting day, where the gold states one
    "tps_count",
    "dpt_count",
)
FLOORS_FILE = "floors.json"
# A gold set whose non-election articles carry topic-level gold only (no officials,
# elections, events or counts annotated) says so in this file; see ``field_scope``.
SCOPE_FILE = "scope.json"
SCOPES = ("election_topics",)
TOPICS = ("election_security", "election", "pilkades", "police_other", "other")


@dataclass
class Score:
    """True positives, false positives and false negatives for one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def empty(self) -> bool:
        """Nothing to find and nothing found: the scores are undefined, not perfect."""
        return not (self.tp or self.fp or self.fn)

    @property
    def precision(self) -> float | None:
        if self.empty:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float | None:
        if self.empty:
            return None
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float | None:
        if self.empty:
            return None
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": r(self.precision), "recall": r(self.recall), "f1": r(self.f1)}


@dataclass(frozen=True)
class GoldArticle:
    """One gold file: the article it names and what should be found in it."""

    path: Path
    source: str
    data: dict[str, Any]


@dataclass
class Report:
    """Scores per field, the per-article differences, and what could not be scored."""

    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    articles: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    ner: str = "auto"
    events: dict[str, Any] | None = None  # event and incident scores (pipeline.quality.events)
    topics: Any = None  # pipeline.quality.topics.TopicReport: topics and the gate
    field_scope: str | None = None  # the gold set's scope.json "fields" (None: every article)

    def scored_articles(self) -> list[dict[str, Any]]:
        """The articles whose fields are scored (all, unless the gold set has a scope)."""
        return [a for a in self.articles if a.get("fields_scored", True)]

    def subtotals(self, prefix: str) -> dict[str, Score]:
        """Scores over the articles whose source starts with ``prefix`` (samples/, seeds/)."""
        totals = {f: Score() for f in FIELDS}
        for article in self.scored_articles():
            if article["source"].startswith(prefix):
                for name, s in article["scores"].items():
                    totals[name].add(Score(s["tp"], s["fp"], s["fn"]))
        return totals

    def count_false_positives(self) -> dict[str, int]:
        """TPS/DPT totals stated where the gold has none or another value: a wrong total
        is worse than none, so it is reported on its own (the issue 12 target: at most 1)."""
        tps, dpt = self.scores["tps_count"].fp, self.scores["dpt_count"].fp
        return {"tps": tps, "dpt": dpt, "total": tps + dpt}

    def as_dict(self) -> dict[str, Any]:
        return {
            "ner": self.ner,
            "articles_scored": len(self.scored_articles()),
            **({"field_scope": {
                "fields": self.field_scope,
                "scored": [a["source"] for a in self.scored_articles()],
                "not_scored": [a["source"] for a in self.articles if not a["fields_scored"]],
            }} if self.field_scope else {}),
            "scores": {f: s.as_dict() for f, s in self.scores.items()},
            "count_false_positives": self.count_false_positives(),
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],
            "articles": self.articles,
            **({"events": self.events} if self.events else {}),
            **({"topics": self.topics.as_dict()} if self.topics is not None else {}),
        }


# --- normalisation and matching ----------------------------------------------------


def clean(value: Any) -> Any:
    """Strings NFKC-normalised with whitespace collapsed; empty strings become None."""
    if not isinstance(value, str):
        return value
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    return text or None


def name_key(name: str | None) -> str | None:
    """Names match case- and space-insensitively."""
    text = clean(name)
    return text.casefold() if text else None


Official = tuple[str, str | None, str | None, str | None]  # name key, rank, position, org


def _subsumed(a: tuple, b: tuple) -> bool:
    """True when b says everything a says and more (same name)."""
    return a != b and all(x is None or x == y for x, y in zip(a, b))


def merge_mentions(rows: Iterable[tuple]) -> set[tuple]:
    """Distinct tuples, dropping any that a more complete tuple for the same key covers."""
    distinct = set(rows)
    return {t for t in distinct if not any(t[0] == u[0] and _subsumed(t, u) for u in distinct)}


def official_tuples(officials: Iterable[dict[str, Any]]) -> set[Official]:
    """Officials as merged (name key, rank, position, org) tuples."""
    rows = []
    for o in officials:
        key = name_key(o.get("name"))
        if key:
            org, position = clean(o.get("org")), clean(o.get("position"))
            # Gold and output read through the rules' own alias tables, so one fact written two
            # ways scores once: "Kombes Pol" is "Kombes", "KPU Kota Jambi" is "KPU Jambi"
            # (conventions.py, docs/gold.md), "KPU Sumsel" is "KPU Sumatera Selatan" (places.yml
            # abbreviations), "Anggota KPU" is "Komisioner KPU" (officials.yml canonical_positions).
            position = conventions.position(position, org)
            org = conventions.org(org)
            rows.append((key, conventions.rank(clean(o.get("rank"))),
                         lexicon().canonical_positions.get(position, position),
                         _official_org(org) if org else None))
    return merge_mentions(rows)


def election_tuples(elections: Iterable[dict[str, Any]]) -> set[tuple]:
    """Elections as merged (type, year, voting day) tuples."""
    rows = [(clean(e.get("type")), e.get("year"), clean(e.get("date"))) for e in elections]
    # Merge on (type, year): a mention without a voting day is covered by one with it.
    keyed = merge_mentions(((t, y), d) for t, y, d in rows if t)
    return {(t, y, d) for (t, y), d in keyed}


# An umbrella and the contests under it: "Pilkada 2024" of "Pilbup 2024", "Pemilu 2019" of "Pilpres 2019".
UMBRELLAS = {"Pilkada": {"Pilgub", "Pilbup", "Pilwalkot"}, "Pemilu": {"Pileg", "Pilpres"}}


def _optional_umbrellas(gold: set[tuple], predicted: set[tuple]) -> tuple[set[tuple], set[tuple]]:
    """Gold and output without an umbrella that only one side lists beside a contest under it
    that both sides list (its voting day passing to those contests that state none).

    docs/gold.md lists the umbrella "Pilkada" next to "Pilbup" only when the text uses the
    word; gold writers who never read it list it or not as they please (round 6, issue 12).
    Where both name the contest, the umbrella beside it says nothing more: it is neither found
    nor missed. Listed by both, it counts; an umbrella alone, or a contest, always counts."""
    def without(side: set[tuple], other: set[tuple]) -> set[tuple]:
        side = set(side)
        for t, y, d in sorted(side, key=str):
            contests = UMBRELLAS.get(t, set())
            shared = {(c, yy) for c, yy, _ in side if c in contests and yy == y} & {
                (c, yy) for c, yy, _ in other if c in contests and yy == y}
            if shared and not any(o[0] == t and o[1] == y for o in other):
                side.discard((t, y, d))
                for c, yy, dd in list(side):
                    if (c, yy) in shared and dd is None and d is not None:
                        side.discard((c, yy, dd))
                        side.add((c, yy, d))
        return side

    return without(gold, predicted), without(predicted, gold)


def set_score(gold: set, predicted: set) -> Score:
    return Score(len(gold & predicted), len(predicted - gold), len(gold - predicted))


def value_score(gold: Any, predicted: Any) -> Score:
    """One value per article (a count): a wrong value is both a false positive and a miss."""
    if predicted is None:
        return Score(fn=int(gold is not None))
    if predicted == gold:
        return Score(tp=1)
    return Score(fp=1, fn=int(gold is not None))


def _attribute_score(gold: set[Official], predicted: set[Official], index: int) -> Score:
    score = Score()
    names = {t[0] for t in gold} & {t[0] for t in predicted}
    for name in names:
        g = {t[index] for t in gold if t[0] == name and t[index] is not None}
        p = {t[index] for t in predicted if t[0] == name and t[index] is not None}
        score.add(set_score(g, p))
    return score


def score_article(gold: dict[str, Any], predicted: dict[str, Any] | None) -> dict[str, Score]:
    """Scores of one article's export record (None when it was not produced) against gold."""
    predicted = predicted or {}
    g_off = official_tuples(gold.get("officials", []))
    p_off = official_tuples(predicted.get("officials", []))
    g_el, p_el = _optional_umbrellas(election_tuples(gold.get("elections", [])),
                                     election_tuples(predicted.get("elections", [])))
    return {
        "officials": set_score(g_off, p_off),
        "official_names": set_score({t[0] for t in g_off}, {t[0] for t in p_off}),
        "official_ranks": _attribute_score(g_off, p_off, 1),
        "official_positions": _attribute_score(g_off, p_off, 2),
        "official_orgs": _attribute_score(g_off, p_off, 3),
        "event_dates": set_score(set(gold.get("event_dates", [])),
                                 set(predicted.get("event_dates", []))),
        "elections": set_score({(t, y) for t, y, _ in g_el}, {(t, y) for t, y, _ in p_el}),
        "election_days": set_score({e for e in g_el if e[2]}, {e for e in p_el if e[2]}),
        "tps_count": value_score(gold.get("tps_count"), predicted.get("tps_count")),
        "dpt_count": value_score(gold.get("dpt_count"), predicted.get("dpt_count")),
    }


def differences(gold: dict[str, Any], predicted: dict[str, Any] | None) -> dict[str, Any]:
    """What the pipeline missed and added, per field, for one article (for people to read)."""
    predicted = predicted or {}

    def diff(g: set, p: set) -> dict[str, list]:
        return {"missed": sorted(map(list, g - p), key=str),
                "extra": sorted(map(list, p - g), key=str)}

    pairs = {
        "officials": (official_tuples(gold.get("officials", [])),
                      official_tuples(predicted.get("officials", []))),
        "elections": _optional_umbrellas(election_tuples(gold.get("elections", [])),
                                         election_tuples(predicted.get("elections", []))),
        "event_dates": ({(d,) for d in gold.get("event_dates", [])},
                        {(d,) for d in predicted.get("event_dates", [])}),
    }
    out: dict[str, Any] = {}
    for name, (g, p) in pairs.items():
        if g != p:
            out[name] = diff(g, p)
    for kind in ("tps_count", "dpt_count"):
        if gold.get(kind) != predicted.get(kind):
            out[kind] = {"gold": gold.get(kind), "predicted": predicted.get(kind)}
    return out


# --- gold files and sources ----------------------------------------------------------


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# samples/, seeds/, heldout/ and further held-out sets written later (heldout2/, ...);
# dev2/, multi/ (multi-outlet reports with incident gold) and the labelled news stream
# (stream/, stream_heldout/, stream_heldout2/) keep their gold inside.
SOURCE_PREFIX = re.compile(r"^(samples|seeds|heldout\d*|dev\d*|multi|stream|stream_heldout\d*)$")
EVENT_KEYS = {"date", "kind", "region", "police_units", "election_bodies"}


def gold_problems(data: Any) -> list[str]:
    """What is malformed in one gold record (empty when it follows docs/gold.md)."""
    if not isinstance(data, dict):
        return ["not a JSON object"]
    problems = []
    source = data.get("source")
    if not isinstance(source, str) or not SOURCE_PREFIX.match(source.split("/")[0]):
        problems.append("source must be 'samples/<file>', 'heldout/<file>' (or a numbered "
                        "held-out set, 'heldout2/<file>'), 'dev2/<file>', 'multi/<file>', "
                        "'stream/<file>', 'stream_heldout/<file>' (or 'stream_heldout2/<file>') or 'seeds/<file>'")
    for i, e in enumerate(data.get("events") or []):
        if not isinstance(e, dict) or set(e) != EVENT_KEYS:
            problems.append(f"events[{i}] must have exactly {', '.join(sorted(EVENT_KEYS))}")
    if data.get("topic") is not None and data["topic"] not in TOPICS:
        problems.append(f"topic must be one of {', '.join(TOPICS)}")
    problems += seedgold.placement_problems(data)
    for i, o in enumerate(data.get("officials", [])):
        if set(o) != {"name", "rank", "position", "org"}:
            problems.append(f"officials[{i}] must have exactly name, rank, position, org")
        elif not clean(o["name"]) or any(  # a seed's name may be a reference (seedgold)
            v is not None and not isinstance(v, str) and not standoff.is_ref(v) for v in o.values()
        ):
            problems.append(f"officials[{i}] needs a name; other fields are text or null")
    for d in data.get("event_dates", []):
        if not isinstance(d, str) or not ISO_DATE.match(d):
            problems.append(f"event date {d!r} is not YYYY-MM-DD")
    for i, e in enumerate(data.get("elections", [])):
        if set(e) != {"type", "year", "date"} or not isinstance(e.get("type"), str):
            problems.append(f"elections[{i}] must have exactly type, year, date")
        elif e["date"] is not None and not ISO_DATE.match(str(e["date"])):
            problems.append(f"elections[{i}] date {e['date']!r} is not YYYY-MM-DD")
    for kind in ("tps_count", "dpt_count"):
        if kind not in data:
            problems.append(f"{kind} missing (use null when the text states none)")
        elif data[kind] is not None and not standoff.is_ref(data[kind]) and (
                type(data[kind]) is not int or data[kind] < 0):
            problems.append(f"{kind} must be a non-negative integer or null")
    return problems


def load_gold(gold_dir: Path, seeds_dir: Path | None = None) -> list[GoldArticle]:
    """Every gold file in ``gold_dir`` (floors.json skipped); a malformed one is an error.

    Stand-off references (seed gold) are resolved against ``seeds_dir`` (default
    ``../shared/seeds``) when the seed is there."""
    seeds_dir = Path(seeds_dir) if seeds_dir else default_seeds_dir(gold_dir)
    out = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        if path.name in (FLOORS_FILE, SCOPE_FILE):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"gold file {path} is not valid JSON: {exc}") from None
        problems = gold_problems(data)
        if problems:
            raise InputError(f"gold file {path}: {'; '.join(problems)}")
        if standoff.has_refs(data):  # seed gold: read the seed when it is there
            text_path = resolve_source(data["source"], Path(gold_dir).parent, seeds_dir)
            data = seedgold.resolve(data, text_path, path) if text_path else data
        out.append(GoldArticle(path, data["source"], data))
    return out


def field_scope(gold_dir: Path) -> str | None:
    """Which articles a gold set annotates fields for, from its ``scope.json`` (None: all).

    ``{"fields": "election_topics"}``: officials, elections, TPS/DPT counts and event
    dates are annotated only for the Indonesian articles whose gold topic is an election
    topic, the ones a default run analyses (the labelled streams write topic-level gold
    for police_other/other and for pages in other languages); the fields are scored on
    those articles only, so a Kapolres named in a traffic story is not a false positive.
    """
    path = Path(gold_dir) / SCOPE_FILE
    if not path.is_file():
        return None
    try:
        fields = json.loads(path.read_text(encoding="utf-8")).get("fields")
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
        raise InputError(f"{path} is not a JSON object: {exc}") from None
    if fields not in SCOPES:
        raise InputError(f"{path}: \"fields\" must be one of {', '.join(SCOPES)}")
    return fields


def fields_annotated(data: dict[str, Any], scope: str | None) -> bool:
    """Whether a gold article's fields are annotated (and so scored) under ``scope``."""
    if scope is None:
        return True
    from pipeline.quality.topics import ELECTION, gold_topic
    from pipeline.records import ELECTION_TOPICS

    return data.get("lang", "id") == "id" and gold_topic(data) in (ELECTION, *ELECTION_TOPICS)


def default_seeds_dir(gold_dir: Path) -> Path:
    """../shared/seeds next to the checkout that holds ``<repo>/corpus/gold``.

    A gold folder too near the file system's root to sit in such a checkout (``/tmp/g``)
    has no seeds beside it: seed sources then resolve to nothing and are reported skipped."""
    parents = Path(gold_dir).resolve().parents
    root = parents[2] if len(parents) > 2 else parents[-1]
    return root / "shared" / "seeds"


def resolve_source(source: str, corpus_dir: Path, seeds_dir: Path) -> Path | None:
    """The file a gold ``source`` names: samples/ (and heldout/) under corpus/, seeds/ under
    the seeds dir. Gold kept inside its corpus folder (``corpus/heldout/gold`` naming
    ``heldout/<file>``) resolves too: ``corpus_dir`` is then ``corpus/heldout`` itself."""
    prefix, _, rest = source.partition("/")
    if prefix == "seeds":
        path = Path(seeds_dir) / rest
    else:
        path = Path(corpus_dir) / source
        if not path.is_file() and Path(corpus_dir).name == prefix:
            path = Path(corpus_dir).parent / source
    return path if path.is_file() else None


# --- running the pipeline --------------------------------------------------------------


def predict(paths: list[Path], ner: str = "auto") -> dict[Path, dict[str, Any]]:
    """Run the real pipeline over ``paths`` into a temporary database; export records by path.

    Every article is analysed (``--analyse all``): these fields score extraction, and
    the gold sets hold police-news decoys whose officials are annotated too; the topic
    gate is scored on its own (``pipeline.quality.topics``).
    """
    from pipeline.analysis.gate import Gate
    from pipeline.browse import export
    from pipeline.crawl import inputs
    from pipeline.quality import events
    from pipeline.run import process
    from pipeline.storage import store

    with tempfile.TemporaryDirectory(prefix="pantau-eval-") as tmp:
        db = store.open_db(Path(tmp) / "eval.db")
        try:
            process.run(
                db, inputs.iter_files(paths), ner=ner, command="eval",
                options={"paths": [str(p) for p in paths], "ner": ner},
                echo=lambda _line: None, workers=1, gate=Gate(analyse_all=True),
            )
            stored = events.stored_events(db)  # with their incidents, for the events scores
            return {Path(r["source"]).resolve(): {**r, "stored_events": stored.get(r["source"], [])}
                    for r in export.article_records(db)}
        finally:
            db.conn.close()


def evaluate(
    gold_dir: Path,
    ner: str = "auto",
    seeds_dir: Path | None = None,
    only: str | None = None,
) -> Report:
    """Score the pipeline against every gold file in ``gold_dir`` (``only``: a source prefix)."""
    gold_dir = Path(gold_dir)
    seeds_dir = Path(seeds_dir) if seeds_dir else default_seeds_dir(gold_dir)
    report = Report(ner=ner, field_scope=field_scope(gold_dir))
    wanted: list[tuple[GoldArticle, Path]] = []
    for g in load_gold(gold_dir, seeds_dir):
        if only and not g.source.startswith(only):
            continue
        path = resolve_source(g.source, gold_dir.parent, seeds_dir)
        if path is None:
            report.skipped.append((g.source, "source file not found"))
        else:
            wanted.append((g, path.resolve()))
    records = predict([p for _, p in wanted], ner=ner) if wanted else {}
    if not only:
        report.topics = score_topics(gold_dir, seeds_dir)
    for g, path in wanted:
        record = records.get(path)
        per_field = score_article(g.data, record)
        scored = fields_annotated(g.data, report.field_scope)
        for name, score in per_field.items():
            if scored:
                report.scores[name].add(score)
        report.articles.append({
            "source": g.source,
            "processed": record is not None,
            "fields_scored": scored,
            "scores": {name: s.as_dict() for name, s in per_field.items()},
            "differences": differences(g.data, record),
        })
    from pipeline.quality import events

    report.events = events.score(
        [(g.source, g.data, str(path)) for g, path in wanted],
        {str(path): (records.get(path) or {}).get("stored_events", []) for _, path in wanted})
    return report


def score_topics(gold_dir: Path, seeds_dir: Path | None = None):
    """Topics and the gate on one gold set (``pipeline.quality.topics``; no tagger needed)."""
    from pipeline.quality import topics

    gold_dir = Path(gold_dir)
    seeds_dir = Path(seeds_dir) if seeds_dir else default_seeds_dir(gold_dir)
    wanted = [(g.data, resolve_source(g.source, gold_dir.parent, seeds_dir))
              for g in load_gold(gold_dir, seeds_dir)]
    return topics.score_articles(str(gold_dir), wanted)


def _short(source: str) -> str:
    """st_001 for stream/st_001_kendal_..., the id part of a corpus file name."""
    stem = Path(source).stem
    m = re.match(r"[a-z0-9]+_(?:lang_)?[0-9]+", stem)
    return m.group() if m else stem


def _cell(x: float | None) -> str:
    return f"{'-':>8}" if x is None else f"{x:>8.3f}"


def format_table(report: Report) -> str:
    """The scores as a fixed-width table, with a line per article that could not be used."""
    lines = [f"{'field':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}"]
    for name in FIELDS:
        s = report.scores[name]
        lines.append(f"{name:<20}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
                     f"{_cell(s.precision)}{_cell(s.recall)}{_cell(s.f1)}")
    scored = [a["source"] for a in report.scored_articles()]
    missing = [a["source"] for a in report.scored_articles() if not a["processed"]]
    fp = report.count_false_positives()
    lines.append(f"false or wrong TPS/DPT totals: {fp['total']} "
                 f"(tps {fp['tps']}, dpt {fp['dpt']})")
    lines.append(f"{len(scored)} articles scored (ner: {report.ner}); "
                 "micro-averaged; '-' where there was nothing to compare")
    if report.field_scope:
        lines.append(
            f"fields scored on {len(scored)} of {len(report.articles)} articles, the Indonesian "
            f"ones whose gold topic is an election topic ({SCOPE_FILE}: the others' gold is "
            f"topic-level; events and topics below cover all): "
            + " ".join(_short(s) for s in scored))
    lines += [f"not processed: {s} (counted as misses)" for s in missing]
    lines += [f"skipped: {s}: {reason}" for s, reason in report.skipped]
    if report.events:
        from pipeline.quality import events

        lines.append(events.format_scores(report.events))
    if report.topics is not None:
        from pipeline.quality import topics

        lines += ["", topics.format_topics(report.topics)]
    return "\n".join(lines)


def check_floors(scores: dict[str, Score], floors: dict[str, float]) -> list[str]:
    """The fields whose F1 fell below its floor, each as one readable line."""
    out = []
    for name, floor in floors.items():
        f1 = scores[name].f1 or 0.0  # undefined counts as zero: a floor needs something found
        if f1 + 1e-9 < floor:
            out.append(f"{name}: F1 {f1:.3f} < floor {floor:.3f}")
    return out


def check_ceilings(report: Report, ceilings: dict[str, int]) -> list[str]:
    """The error counts above their ceiling (``count_false_positives``), one line each."""
    out = []
    limit = ceilings.get("count_false_positives")
    got = report.count_false_positives()["total"]
    if limit is not None and got > limit:
        out.append(f"count_false_positives: {got} > ceiling {limit}")
    return out
