"""Indonesian page furniture removed from every body (rules/data/boilerplate.yml), and the
test for prose that tells an article from a page of headlines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

@dataclass(frozen=True)
class BoilerplateRule:
    """One documented pattern from rules/data/boilerplate.yml."""

    name: str
    pattern: re.Pattern
    list_header: bool = False

    def matches(self, line: str) -> bool:
        return self.pattern.fullmatch(line) is not None


@lru_cache(maxsize=1)
def boilerplate_rules() -> tuple[BoilerplateRule, ...]:
    """The boilerplate rules, compiled once."""
    from pipeline.analysis.rules import load_data

    return tuple(
        BoilerplateRule(r["name"], re.compile(r["pattern"]), bool(r.get("list_header")))
        for r in load_data("boilerplate")["rules"]
    )


def boilerplate_rule(line: str) -> BoilerplateRule | None:
    """The first rule that matches the whole (stripped) line, if any."""
    line = line.strip()
    return next((r for r in boilerplate_rules() if r.matches(line)), None)


_SENTENCE_END = re.compile(r"[.!?:;,\"')\]]$")


def _headline_like(line: str) -> bool:
    """A related-story headline: short and without sentence-final punctuation."""
    return len(line.split()) <= 16 and not _SENTENCE_END.search(line)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def has_prose(text: str) -> bool:
    """Some sentence of six words or more ends in . ! or ?; menus and headlines have none."""
    return any(len(m.group().split()) >= 6 for m in _SENTENCE.finditer(text))


def remove_boilerplate(text: str) -> str:
    """Text without the boilerplate lines (and related-headline lists after a header)."""
    kept: list[str] = []
    in_list = False
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        rule = boilerplate_rule(stripped)
        if rule is not None:
            in_list = in_list or rule.list_header
            continue
        if in_list and _headline_like(stripped):
            continue
        in_list = False
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
