"""Docs that cannot go stale: every command documented, generated blocks up to date."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from pipeline.cli import cli
from tests.conftest import REPO

GENERATED = ["README.md", "docs/rules.md", "docs/architecture.md"]


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_example_and_documented_options(name):
    command = cli.commands[name]
    assert command.help and "Example:" in command.help, f"`pantau {name}` needs an Example: block"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"`pantau {name} {param.opts[0]}` has no help text"


def test_generated_docs_are_current():
    """Fails when README/docs blocks differ from the code: run `make docs`."""
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", *GENERATED],
        cwd=REPO, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr + "\n(run `make docs`)"


def test_readme_shows_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme


def test_ner_gain_table_lists_only_the_fields_where_the_taggers_differ(tmp_path, monkeypatch):
    import json

    from pipeline.quality import docs

    def scores(officials: float) -> str:
        return json.dumps({"scores": {"officials": {"f1": officials}, "tps_count": {"f1": 1.0}}})

    (tmp_path / "eval-dev2-rules.json").write_text(scores(0.90), encoding="utf-8")
    (tmp_path / "eval-dev2-stanza.json").write_text(scores(0.95), encoding="utf-8")
    (tmp_path / "eval-heldout-rules.json").write_text(scores(0.90), encoding="utf-8")  # no stanza run: left out
    monkeypatch.setattr(docs, "SCORES_DIR", tmp_path)
    table = docs.ner_gain_table()
    assert "| dev 2 | officials | 0.900 | 0.950 | +0.050 |" in table
    assert "tps_count" not in table and "held-out 1" not in table
    (tmp_path / "eval-dev2-stanza.json").write_text(scores(0.90), encoding="utf-8")
    assert "score the same on every field" in docs.ner_gain_table()
