"""Exporters by name: ``EXPORTERS[name]`` writes a KnowledgeGraph to a path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from diplograph.atomic import check_destination, write_set
from diplograph.errors import ExportError

if TYPE_CHECKING:
    from diplograph.graph import KnowledgeGraph

Writer = Callable[["KnowledgeGraph", Path], Path]

__all__ = ["EXPORTERS", "SUFFIXES", "check_destination", "format_for", "write", "write_all"]


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


def write_all(folder: str | Path, exports: Sequence[tuple[KnowledgeGraph, str]],
              on_wait: Callable[[str], None] | None = None) -> list[Path]:
    """Write each ``(kg, file name)`` into ``folder`` as one set: they all replace the old files, or none does.

    The format of each file is the one its suffix names. See :func:`diplograph.atomic.write_set`
    for what a crash or a concurrent build leaves behind (never a mix of two builds).

    Args:
        folder: the output folder.
        exports: the graph to write and the file name (``graph.ttl``...), per export.
        on_wait: told when another build is writing into ``folder`` (this one then waits).

    Returns:
        The paths written.

    Raises:
        ExportError: an unknown suffix (before anything is written), or a file that cannot be written.

    >>> import tempfile
    >>> from diplograph.graph import KnowledgeGraph
    >>> [p.name for p in write_all(tempfile.mkdtemp(), [(KnowledgeGraph(), "graph.ttl"), (KnowledgeGraph(), "graph.nt")])]
    ['graph.ttl', 'graph.nt']
    """
    jobs = [(name, partial(_write_one, EXPORTERS[format_for(name)], kg)) for kg, name in exports]
    return write_set(folder, jobs, on_wait)


def _write_one(writer: Writer, kg: KnowledgeGraph, path: Path) -> None:
    writer(kg, path)
