"""Rule data files hold each key once.

YAML keeps the last of two equal keys without a word: two branches that both added
"Sidrap" to places.yml's abbreviations merged into a file whose first entry was dead
(session 13). Every YAML file under pipeline/ is read here with a loader that refuses that.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

FILES = sorted((REPO / "pipeline").rglob("*.yml"))


class _Strict(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor` may repeat and be overridden
                continue
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def test_there_are_rule_files():
    assert any(p.parent.name == "data" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_key_twice(path: Path):
    yaml.load(path.read_text(encoding="utf-8"), Loader=_Strict)


def test_the_check_catches_a_repeated_key():
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key 'Sidrap'"):
        yaml.load("a:\n  Sidrap: 1\n  Sidrap: 2\n", Loader=_Strict)
