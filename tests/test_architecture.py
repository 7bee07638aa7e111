"""The house plan holds: no import cycle in pipeline/, dependencies point one way.

Imports are read with ``ast`` (inside functions too), so a lazy import cannot hide a
cycle. The layers are documented in docs/architecture.md and in each package's
``__init__`` docstring.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIPELINE = ROOT / "pipeline"

# What each package may import, besides the shared base (records, errors, text, the
# package root) and itself. The two stage modules the product asked for live at the
# top: extract (analysis side, used by crawl) and ner (the tagger seam).
BASE = {"pipeline", "pipeline.records", "pipeline.errors", "pipeline.text"}
MAY_IMPORT = {
    "pipeline.extract": {"pipeline.analysis"},
    "pipeline.ner": {"pipeline.analysis"},
    "pipeline.crawl": {"pipeline.extract"},
    "pipeline.analysis": {"pipeline.extract", "pipeline.ner"},
    "pipeline.storage": {"pipeline.analysis"},
    "pipeline.run": {"pipeline.crawl", "pipeline.analysis", "pipeline.storage",
                     "pipeline.extract", "pipeline.ner"},
    "pipeline.browse": {"pipeline.storage", "pipeline.analysis"},
    "pipeline.quality": {"pipeline.crawl", "pipeline.analysis", "pipeline.storage",
                         "pipeline.run", "pipeline.browse", "pipeline.extract", "pipeline.ner"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PIPELINE.rglob("*.py")}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """pipeline modules that ``path`` imports, at any depth in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from pkg import module` imports the module
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    return {m for m in out if m in known and m != name}


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(path, known) for name, path in mods.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_cycle_finder_sees_a_cycle_and_a_lazy_import(tmp_path):
    # the finder itself must be able to fail
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from pipeline.storage import store\n")
    fake = PIPELINE / "zz_probe.py"
    assert not fake.exists()
    # an import inside a function counts
    tree = ast.parse(src.read_text())
    found = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert found == {"pipeline.storage"}


def layer_of(module: str) -> str:
    for layer in sorted(MAY_IMPORT, key=len, reverse=True):
        if module == layer or module.startswith(layer + "."):
            return layer
    return module


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_dependencies_point_one_way(layer):
    allowed = BASE | MAY_IMPORT[layer] | {layer}
    bad = []
    for mod, deps in graph().items():
        if layer_of(mod) != layer:
            continue
        for dep in deps:
            if layer_of(dep) not in allowed and dep not in BASE:
                bad.append(f"{mod} imports {dep}")
    assert not bad, "\n".join(bad)


def test_nothing_imports_the_cli():
    users = [m for m, deps in graph().items() if "pipeline.cli" in deps and m != "pipeline.__main__"]
    assert users == []


def test_base_imports_nothing_above_it():
    edges = graph()
    for mod in BASE - {"pipeline"}:
        assert edges[mod] <= BASE, f"{mod} imports {edges[mod] - BASE}"


def test_every_package_says_what_it_holds_and_may_import():
    for init in PIPELINE.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "May import" in doc, f"{init.relative_to(ROOT)} docstring lacks 'May import'"


MAX_LINES = 800


def test_modules_a_reader_can_hold_in_mind():
    long = {
        str(p.relative_to(ROOT)): n
        for p in PIPELINE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
