"""Data flows one way: every module imports only modules below it in :data:`ORDER`, so there is no import circle.

Imports inside functions count (a lazy import is still a dependency); imports under
``if TYPE_CHECKING:`` do not (they never run). Every module of the package must have a place.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "diplograph"

# Lowest first. A package (extract, export) is one unit: its modules may import each other.
ORDER = [
    "__init__",  # the package root: its public names load lazily, by name (PEP 562)
    "errors", "settings", "model", "dates", "schema", "vocab", "atomic", "resources",
    "ingest", "nlp", "extract", "resolve", "pipeline", "cache", "distributed",
    "export", "stores", "sparql", "validate",
    "graph",  # the KnowledgeGraph's notebook façade (kg.to_rdf(), kg.write(), kg.query()) calls the exporters
    "api", "evaluate", "cli", "__main__",
]


def _unit(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    return rel.parts[0]


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    return skipped


def _imports(path: Path) -> set[str]:
    """The units of diplograph that ``path`` imports at run time (at the top or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "diplograph":
                found.update(a.name if (SRC / f"{a.name}.py").exists() or (SRC / a.name).is_dir() else "__init__"
                             for a in node.names)
            elif node.module.startswith("diplograph."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("diplograph."))
    return found


def test_layers_every_module_has_a_place():
    units = {_unit(p) for p in SRC.rglob("*.py")}
    assert units <= set(ORDER), sorted(units - set(ORDER))
    assert len(ORDER) == len(set(ORDER))


def test_layers_flow_one_way():
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        unit = _unit(path)
        below = set(ORDER[: ORDER.index(unit)])
        for imported in sorted(_imports(path) - below - {unit}):
            bad.append(f"{path.relative_to(SRC)} imports diplograph.{imported}")
    assert not bad, bad


def test_layers_no_seed_entity_in_code():
    names = re.compile(r"poutine|putin|hayashi|pyongyang|kim jong|stoltenberg|blinken|carnegie|gabuev|acton|jenkins",
                       re.IGNORECASE)
    hits = [f"{p.relative_to(SRC)}:{n}" for p in SRC.rglob("*.py")
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if names.search(line)]
    assert not hits, hits
