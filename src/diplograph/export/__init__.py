"""Exporters by name: ``EXPORTERS[name]`` writes a KnowledgeGraph to a path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from diplograph.errors import ExportError
from diplograph.graph import KnowledgeGraph

Writer = Callable[[KnowledgeGraph, Path], Path]


def _turtle(kg: KnowledgeGraph, path: Path) -> Path:
    from diplograph.export.rdf import write_turtle

    return write_turtle(kg, path)


def _html(kg: KnowledgeGraph, path: Path) -> Path:
    from diplograph.export.html import write_html

    return write_html(kg, path)


EXPORTERS: dict[str, Writer] = {"turtle": _turtle, "html": _html}
SUFFIXES: dict[str, str] = {".ttl": "turtle", ".html": "html", ".htm": "html"}


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
