"""Exporters by name: ``EXPORTERS[name]`` writes a KnowledgeGraph to a path."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from diplograph.errors import ExportError

if TYPE_CHECKING:
    from diplograph.graph import KnowledgeGraph

Writer = Callable[["KnowledgeGraph", Path], Path]


def _rdf(format_name: str, kg: KnowledgeGraph, path: Path) -> Path:
    from diplograph.export.rdf import write_rdf

    return write_rdf(kg, path, format_name)


def _html(kg: KnowledgeGraph, path: Path) -> Path:
    from diplograph.export.html import write_html

    return write_html(kg, path)


def _graphml(kg: KnowledgeGraph, path: Path) -> Path:
    from diplograph.export.formats import write_graphml

    return write_graphml(kg, path)


def _gexf(kg: KnowledgeGraph, path: Path) -> Path:
    from diplograph.export.formats import write_gexf

    return write_gexf(kg, path)


EXPORTERS: dict[str, Writer] = {
    "turtle": partial(_rdf, "turtle"),
    "ntriples": partial(_rdf, "ntriples"),
    "trig": partial(_rdf, "trig"),        # one named graph per document; the union is the Turtle export
    "nquads": partial(_rdf, "nquads"),
    "jsonld": partial(_rdf, "jsonld"),
    "graphml": _graphml,
    "gexf": _gexf,
    "html": _html,
}
SUFFIXES: dict[str, str] = {
    ".ttl": "turtle", ".nt": "ntriples", ".trig": "trig", ".nq": "nquads", ".jsonld": "jsonld",
    ".graphml": "graphml", ".gexf": "gexf", ".html": "html", ".htm": "html",
}


def format_for(path: str | Path, format: str | None = None) -> str:
    """The exporter name for ``path`` (``format`` wins over the suffix)."""
    if format is not None:
        if format not in EXPORTERS:
            raise ExportError(f"{path}: unknown format {format!r} (expected one of: {', '.join(sorted(EXPORTERS))})")
        return format
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r} "
                          f"(expected one of: {', '.join(sorted(SUFFIXES))})")
    return SUFFIXES[suffix]


def write(kg: KnowledgeGraph, path: str | Path, format: str | None = None) -> Path:
    """Write ``kg`` to ``path`` in ``format`` or the format its suffix names."""
    return EXPORTERS[format_for(path, format)](kg, Path(path))
