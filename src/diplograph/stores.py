"""Loading exports into Oxigraph or rdflib, from files, KnowledgeGraphs or each other; on-disk store cache."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from diplograph.errors import DiplographError

# file suffix -> (pyoxigraph RdfFormat attribute, rdflib parser name)
RDF_SUFFIXES: dict[str, tuple[str, str]] = {
    ".ttl": ("TURTLE", "turtle"),
    ".nt": ("N_TRIPLES", "nt"),
    ".trig": ("TRIG", "trig"),
    ".nq": ("N_QUADS", "nquads"),
    ".jsonld": ("JSON_LD", "json-ld"),
    ".rdf": ("RDF_XML", "xml"),
    ".owl": ("RDF_XML", "xml"),
}


def _is_knowledge_graph(source: Any) -> bool:
    """A :class:`~diplograph.graph.KnowledgeGraph` (told by its records: the graph sits above this module)."""
    return all(hasattr(source, name) for name in ("documents", "entities", "relations", "posts"))


def _suffix_format(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    if suffix not in RDF_SUFFIXES:
        raise DiplographError(f"{path}: cannot tell the RDF format from the suffix {suffix or '(none)'!r} "
                              f"(expected one of: {', '.join(sorted(RDF_SUFFIXES))})")
    return RDF_SUFFIXES[suffix]


def load_store(source: Any) -> Any:
    """An Oxigraph store holding ``source`` (a path, a KnowledgeGraph, an rdflib graph or a store).

    Args:
        source: a file path (format from the suffix), a KnowledgeGraph, an rdflib Graph/Dataset,
            or a ``pyoxigraph.Store`` (returned as is).

    Returns:
        A ``pyoxigraph.Store``.
    """
    import pyoxigraph as ox

    if isinstance(source, ox.Store):
        return source
    store = ox.Store()
    if _is_knowledge_graph(source):
        from diplograph.export.rdf import to_oxigraph

        store.bulk_extend(to_oxigraph(source, named_graphs=False))
        return store
    if isinstance(source, str | Path):
        path = Path(source)
        fmt = getattr(ox.RdfFormat, _suffix_format(path)[0])
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise DiplographError(f"{path}:{_ox_line(exc)}: not valid {fmt.name}: {exc.msg}") from None
        except OSError as exc:
            raise DiplographError(f"{path}: cannot read: {_os_reason(exc)}") from None
        return store
    data = source.serialize(format="nquads" if hasattr(source, "contexts") else "nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    return store


def _os_reason(exc: OSError) -> str:
    return exc.strerror or re.sub(r" \(os error \d+\)$", "", str(exc))


def cache_dir() -> Path:
    """Where on-disk Oxigraph stores of exports are kept (``$XDG_CACHE_HOME/diplograph/stores``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diplograph" / "stores"


def cached_store(path: str | Path) -> Any:
    """A read-only on-disk Oxigraph store of the export at ``path``, built on first use.

    Parsing a million triples takes about 5 s; opening the store again about 1 s (but queries that scan
    much of the graph run several times slower on disk than in memory). The store is keyed by the
    file's absolute path, size and modification time; a changed file gets a new store and the old one
    is removed.

    Args:
        path: an RDF file (format from its suffix).

    Returns:
        A read-only ``pyoxigraph.Store``.
    """
    import gc
    import shutil

    import pyoxigraph as ox

    from diplograph.model import short_hash

    source = Path(path)
    try:
        stat = source.stat()
    except OSError as exc:
        raise DiplographError(f"{source}: cannot read: {_os_reason(exc)}") from None
    owner = short_hash(str(source.resolve()))
    final = cache_dir() / f"{owner}-{short_hash(stat.st_size, stat.st_mtime_ns)}"
    if not (final / "COMPLETE").is_file():
        fmt = getattr(ox.RdfFormat, _suffix_format(source)[0])
        building = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        try:
            building.parent.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(building))
            store.bulk_load(path=str(source), format=fmt)
            store.flush()
            del store
            gc.collect()  # closes the store before it moves
            if (final / "COMPLETE").is_file():  # another process finished first
                shutil.rmtree(building, ignore_errors=True)
            else:
                for old in building.parent.glob(f"{owner}-*"):
                    shutil.rmtree(old, ignore_errors=True)
                os.replace(building, final)
                (final / "COMPLETE").touch()
        except SyntaxError as exc:
            shutil.rmtree(building, ignore_errors=True)
            raise DiplographError(f"{source}:{_ox_line(exc)}: not valid {fmt.name}: {exc.msg}") from None
        except OSError as exc:
            shutil.rmtree(building, ignore_errors=True)
            raise DiplographError(f"{source}: cannot cache the store in {building.parent}: {_os_reason(exc)}") from None
    return ox.Store.read_only(str(final))


def _ox_line(exc: SyntaxError) -> str:
    return str(exc.lineno) if exc.lineno else "1"


def parse_rdflib(data: str | bytes | Path, fmt: str) -> Any:
    """Parse RDF with rdflib into one flat Graph (the named graphs of TriG/N-Quads merged).

    Args:
        data: the document, or a path.
        fmt: an rdflib parser name (``turtle``, ``nt``, ``trig``, ``nquads``, ``json-ld``, ``xml``).

    Returns:
        An rdflib Graph.
    """
    import warnings

    import rdflib

    kwargs: dict[str, Any] = {"source": data} if isinstance(data, Path) else {
        "data": data.decode("utf-8") if isinstance(data, bytes) else data}
    with warnings.catch_warnings():  # rdflib 7's TriG, N-Quads and JSON-LD parsers use its own deprecated API
        warnings.simplefilter("ignore", DeprecationWarning)
        if fmt not in ("trig", "nquads"):
            return rdflib.Graph().parse(format=fmt, **kwargs)
        dataset = rdflib.Dataset()
        dataset.parse(format=fmt, **kwargs)
        flat = rdflib.Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            flat.add((s, p, o))
    return flat


def load_rdflib(source: Any) -> Any:
    """An rdflib Graph holding ``source`` (named graphs merged, as in Oxigraph's default-graph union).

    Args:
        source: a file path, a KnowledgeGraph, an rdflib Graph (returned as is) or an Oxigraph store.

    Returns:
        An rdflib Graph.
    """
    import rdflib

    if isinstance(source, rdflib.Graph):
        return source
    if _is_knowledge_graph(source):
        from diplograph.export.rdf import to_rdf

        return to_rdf(source)
    if isinstance(source, str | Path):
        path = Path(source)
        fmt = _suffix_format(path)[1]
        try:
            return parse_rdflib(path, fmt)
        except OSError as exc:
            raise DiplographError(f"{path}: cannot read: {_os_reason(exc)}") from None
        except Exception as exc:  # rdflib raises many unrelated types on bad input
            raise DiplographError(f"{path}: not valid RDF: {exc}") from None
    import pyoxigraph as ox

    return parse_rdflib(ox.serialize(source, format=ox.RdfFormat.N_QUADS), "nquads")
