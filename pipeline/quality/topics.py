"""Topic and gate quality: per-class precision and recall, and the gate's recall.

Scores the same code a run uses (``pipeline.analysis.gate.decide``: language, topic rule
family, gate) on every article a gold file names. It needs no tagger, so it is cheap
enough to run on every gold set each time. Gold files carry ``topic`` (and ``lang``);
older gold sets were all election articles: a file without ``topic`` counts as
election-related (any of the three election topics is right for it), except their
police-news decoys (named ``*_non_election``, or notes starting "Not about an election").

The gate's recall is the share of election-related Indonesian articles the gate lets
through to the model; it must stay 1.0 (tests/test_topics.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.records import ELECTION_TOPICS

LABELS = ("election_security", "election", "pilkades", "police_other", "other")
ELECTION = "election*"  # gold that says "one of the election topics" without which


def gold_topic(data: dict[str, Any]) -> str:
    """The gold topic of one gold file (``ELECTION`` when only "election-related" is known)."""
    if data.get("topic"):
        return data["topic"]
    if "non_election" in data.get("source", "") or str(data.get("notes", "")).startswith(
        "Not about an election"
    ):
        return "police_other"
    return ELECTION


@dataclass
class TopicReport:
    """Counts behind the topic scores of one gold set."""

    gold_dir: str
    tp: dict[str, int] = field(default_factory=lambda: {k: 0 for k in LABELS})
    fp: dict[str, int] = field(default_factory=lambda: {k: 0 for k in LABELS})
    fn: dict[str, int] = field(default_factory=lambda: {k: 0 for k in LABELS})
    gate_kept: int = 0  # election-related Indonesian articles the gate passed
    gate_total: int = 0
    gated_out: int = 0  # articles of any topic the gate held back from the model
    non_election: int = 0  # Indonesian articles whose gold topic is police_other or other
    leaked: int = 0  # ... of them given an election topic: they may get events and elections
    lang_right: int = 0
    lang_total: int = 0
    articles: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def precision(self, label: str) -> float | None:
        d = self.tp[label] + self.fp[label]
        return self.tp[label] / d if d else None

    def recall(self, label: str) -> float | None:
        d = self.tp[label] + self.fn[label]
        return self.tp[label] / d if d else None

    def evidence_extremes(self) -> tuple[dict | None, dict | None]:
        """The election article with the least election evidence, the other one with the most.

        The gate's margin: the first should stay above ``thresholds.gate`` and, ideally,
        above the second.
        """
        ours = [a for a in self.articles if a["gold_lang"] == "id"]
        election = [a for a in ours if a["gold"] == ELECTION or a["gold"] in ELECTION_TOPICS]
        others = [a for a in ours if a not in election]
        low = min(election, key=lambda a: a["evidence"], default=None)
        high = max(others, key=lambda a: a["evidence"], default=None)
        return low, high

    @property
    def gate_recall(self) -> float | None:
        return self.gate_kept / self.gate_total if self.gate_total else None

    def as_dict(self) -> dict[str, Any]:
        r = lambda x: None if x is None else round(x, 4)  # noqa: E731
        return {
            "gold": self.gold_dir,
            "topics": {k: {"precision": r(self.precision(k)), "recall": r(self.recall(k)),
                           "tp": self.tp[k], "fp": self.fp[k], "fn": self.fn[k]}
                       for k in LABELS},
            "articles_scored": len(self.articles),
            "gate_recall": r(self.gate_recall), "gate_total": self.gate_total,
            "gated_out": self.gated_out,
            "non_election": self.non_election, "leaked": self.leaked,
            "lang_accuracy": r(self.lang_right / self.lang_total) if self.lang_total else None,
            "gate_margin": {k: a and {"source": a["source"], "evidence": a["evidence"]}
                            for k, a in zip(("lowest_election", "highest_other"),
                                            self.evidence_extremes())},
            "articles": self.articles, "skipped": self.skipped,
        }


def _score(report: TopicReport, gold: str, predicted: str) -> None:
    if gold == ELECTION:  # any election topic is right; a miss is a miss of "election"
        if predicted in ELECTION_TOPICS:
            report.tp[predicted] += 1
        else:
            report.fn["election"] += 1
            report.fp[predicted] += 1
        return
    if gold == predicted:
        report.tp[gold] += 1
    else:
        report.fn[gold] += 1
        report.fp[predicted] += 1


def score_articles(gold_dir: str, wanted: list[tuple[dict[str, Any], Path | None]]) -> TopicReport:
    """Language, topic and gate decisions for gold articles (data, file), scored.

    ``pipeline.quality.evaluate.score_topics`` loads a gold set and calls this.
    """
    from pipeline import extract
    from pipeline.analysis import gate as gate_mod
    from pipeline.analysis.nlp import split_sentences

    report = TopicReport(str(gold_dir))
    for data, path in wanted:
        if path is None:
            report.skipped.append(data["source"])
            continue
        article = extract.read_article(path)
        article, topic, gated = gate_mod.decide(article, split_sentences(article.text))
        gold_lang = data.get("lang", "id")
        report.lang_total += 1
        report.lang_right += article.lang == gold_lang
        want = gold_topic(data)
        report.gated_out += gated is not None
        row = {"source": data["source"], "gold": want, "topic": topic.label,
               "score": topic.score, "evidence": topic.election_evidence,
               "lang": article.lang, "gold_lang": gold_lang, "gated": gated}
        report.articles.append(row)
        if gold_lang != "id":  # topics are read from Indonesian text; others are not analysed
            continue
        _score(report, want, topic.label)
        if want == ELECTION or want in ELECTION_TOPICS:
            report.gate_total += 1
            report.gate_kept += gated is None
        else:
            report.non_election += 1
            report.leaked += topic.label in ELECTION_TOPICS
    return report


def format_topics(report: TopicReport) -> str:
    """Per-class precision and recall, the gate's recall, language accuracy."""
    def cell(x: float | None) -> str:
        return f"{'-':>8}" if x is None else f"{x:>8.3f}"

    lines = [f"{'topic':<20}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}"]
    for k in LABELS:
        lines.append(f"{k:<20}{report.tp[k]:>5}{report.fp[k]:>5}{report.fn[k]:>5}"
                     f"{cell(report.precision(k))}{cell(report.recall(k))}")
    d = report.as_dict()
    lines.append(
        f"gate recall {cell(report.gate_recall).strip()} ({report.gate_kept}/{report.gate_total} "
        f"election articles analysed); {report.gated_out} of {len(report.articles)} gated out; "
        f"language accuracy {cell(d['lang_accuracy']).strip()}"
    )
    if report.non_election:
        lines.append(
            f"non-election articles given an election topic (events and election records "
            f"possible): {report.leaked}/{report.non_election} "
            f"({100 * report.leaked / report.non_election:.1f} per 100)"
        )
    low, high = report.evidence_extremes()
    if low or high:  # numbers only: which articles is in the JSON (unseen sets print totals)
        def side(a: dict | None) -> str:
            return "-" if a is None else f"{a['evidence']:g}"

        from pipeline.analysis.rules import load_data

        bar = load_data("topic")["thresholds"]["gate"]
        lines.append(f"gate margin (bar {bar:g}): lowest election evidence of an election "
                     f"article {side(low)}, highest of a non-election one {side(high)}")
    lines += [f"skipped: {s}: source file not found" for s in report.skipped]
    return "\n".join(lines)


def check_topic_floors(report: TopicReport, floors: dict[str, Any]) -> list[str]:
    """What fell below its floor (per-class precision/recall, gate recall), one line each."""
    out = []
    gate = report.gate_recall
    if "gate_recall" in floors and (gate is None or gate + 1e-9 < floors["gate_recall"]):
        out.append(f"gate recall {gate} < floor {floors['gate_recall']}")
    for label in LABELS:
        for measure, floor in (floors.get(label) or {}).items():
            got = getattr(report, measure)(label)
            if got is None or got + 1e-9 < floor:
                out.append(f"{label} {measure} {got} < floor {floor}")
    return out
