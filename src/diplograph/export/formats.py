"""Graph exports for Gephi and other network tools: GraphML and GEXF (via networkx).

Both formats accept only scalar attribute values: lists and tuples become ``|``-joined strings,
dicts JSON, None an empty string (:func:`flatten`); characters XML cannot hold are replaced
(:func:`xml_safe`), so that the file always parses. The RDF formats (N-Triples, TriG, JSON-LD)
live in :mod:`diplograph.export.rdf`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplograph.atomic import atomic_write

if TYPE_CHECKING:
    import networkx as nx

    from diplograph.graph import KnowledgeGraph

Scalar = str | int | float | bool

# XML 1.0 cannot hold these at all, not even as character references: C0 controls other than tab and
# line breaks become a space (a form feed from pdftotext), surrogates and non-characters U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|[\ud800-\udfff\ufffe\uffff]")


def _xml_char(match: re.Match[str]) -> str:
    return " " if match.group() < " " else "\ufffd"


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced.

    >>> xml_safe("page 1\x0cpage 2\ufffe")
    'page 1 page 2\ufffd'
    """
    return _NOT_XML.sub(_xml_char, text) if _NOT_XML.search(text) else text


def flatten(value: Any) -> Scalar:
    """A GraphML/GEXF-safe attribute value.

    >>> flatten(["a", "b"]), flatten(None), flatten({"k": 1}), flatten(3)
    ('a|b', '', '{"k": 1}', 3)
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return "|".join(str(flatten(item)) for item in items)
    if isinstance(value, dict):
        return xml_safe(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    return xml_safe(str(value))


def to_flat_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """``kg.to_networkx()`` with every node, edge and graph attribute flattened to str/int/float/bool."""
    graph = kg.to_networkx()
    flat = type(graph)()
    flat.graph.update({k: flatten(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        flat.add_node(xml_safe(node), **{k: flatten(v) for k, v in data.items()})
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(xml_safe(source), xml_safe(target), key=xml_safe(key), **{k: flatten(v) for k, v in data.items()})
    return flat


# GEXF reserves these edge attributes (``type`` is directed/undirected, ``id``, ``label``, ``weight``...)
GEXF_RESERVED = ("type", "id", "label", "weight", "start", "end")


def gexf_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Rename edge attributes GEXF reserves (``type`` -> ``relation_type``); label edges with it for Gephi."""
    for *_edge, data in graph.edges(keys=True, data=True):
        for name in GEXF_RESERVED:
            if name in data:
                data[f"relation_{name}" if name == "type" else f"{name}_"] = data.pop(name)
        if "relation_type" in data:
            data["label"] = data["relation_type"]
    return graph


def _write_with(writer: Callable[[Any, Any], None], kg: KnowledgeGraph, path: str | Path,
                prepare: Callable[[Any], Any] = lambda g: g) -> Path:
    graph = prepare(to_flat_networkx(kg))
    with atomic_write(path, "wb") as handle:
        writer(graph, handle)
    return Path(path)


def write_graphml(kg: KnowledgeGraph, path: str | Path) -> Path:
    """Write GraphML (entities as nodes, posts and relations as edges) atomically; returns the path."""
    import networkx as nx

    return _write_with(lambda g, h: nx.write_graphml(g, h, encoding="utf-8"), kg, path)


def write_gexf(kg: KnowledgeGraph, path: str | Path) -> Path:
    """Write GEXF 1.2 for Gephi atomically (edge ``type`` as ``relation_type``, see :func:`gexf_safe`)."""
    import networkx as nx

    return _write_with(lambda g, h: nx.write_gexf(g, h, encoding="utf-8"), kg, path, gexf_safe)
