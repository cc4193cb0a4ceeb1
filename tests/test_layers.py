"""Data flows one way: a stage imports only from stages to its left and from the shared modules."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "diplograph"
ORDER = ["ingest", "nlp", "extract", "resolve", "graph", "export"]
SHARED = {"model", "vocab", "errors", "settings", "resources", "dates"}


def _stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


# The graph's façade for notebook users (kg.to_rdf(), kg.write(), kg.relations_df()...) delegates to the
# exporters from inside its methods, as pandas' DataFrame.to_csv imports its writer: allowed there only.
LAZY_FACADE = {"graph": {"export", "sparql"}}


def _imports(path: Path, in_functions: bool = True) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
              for n in ast.walk(f)}
    found = set()
    for node in ast.walk(tree):
        if not in_functions and id(node) in nested:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("diplograph."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("diplograph."))
    return found


def test_layers_flow_one_way():
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).with_suffix("")
        stage = rel.parts[0]
        if stage not in ORDER:
            continue
        allowed = SHARED | set(ORDER[: ORDER.index(stage) + 1])
        lazy = _imports(path) - _imports(path, in_functions=False)
        for imported in _imports(path) - allowed - (lazy & LAZY_FACADE.get(str(rel), set())):
            bad.append(f"{rel} imports diplograph.{imported}")
    assert not bad, bad


def test_layers_no_seed_entity_in_code():
    import re

    names = re.compile(r"poutine|putin|hayashi|pyongyang|kim jong|stoltenberg|blinken|carnegie|gabuev|acton|jenkins",
                       re.IGNORECASE)
    hits = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if names.search(line)]
    assert not hits, hits
