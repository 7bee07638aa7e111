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
