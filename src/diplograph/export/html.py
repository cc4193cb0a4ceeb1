"""A self-contained interactive HTML view of the graph: our template, vis-network from pyvis.

The vis-network script and style are read from the installed pyvis package and inlined, so the
page loads nothing from the network. Graph data travels as JSON inside a non-executable script
element with ``<``, ``>`` and ``&`` escaped, and the page's own script inserts article text with
``textContent`` only: article text can never become markup.

Small graphs keep live physics; large ones get a layout computed here (a seeded, vectorised
Fruchterman-Reingold) and physics off, and lose their edge labels when edges are many.
:func:`reduce_graph` trims a graph for the page (minimum document count, top-N by degree, ego graph).
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
from collections import Counter
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from diplograph.atomic import atomic_write
from diplograph.errors import ExportError
from diplograph.model import Document, EntityType, Modality
from diplograph.resources import normalize, strip_accents
from diplograph.vocab import pref_label, symmetric_relation_types

if TYPE_CHECKING:
    from diplograph.graph import KnowledgeGraph


def _fr(etype: EntityType) -> str:
    """The ontology's French label of an entity class, capitalised for the legend."""
    label = pref_label(etype.value)
    return label[:1].upper() + label[1:]


#: entity type -> (French label, colour, vis shape, legend glyph); labels are the ontology's (skos:prefLabel
#: of a relation type or modality, rdfs:label of a class)
TYPE_STYLES: dict[EntityType, tuple[str, str, str, str]] = {
    EntityType.STATE: (_fr(EntityType.STATE), "#1f77b4", "dot", "●"),
    EntityType.PERSON: (_fr(EntityType.PERSON), "#ff7f0e", "diamond", "◆"),
    EntityType.INTERNATIONAL_ORGANIZATION: (_fr(EntityType.INTERNATIONAL_ORGANIZATION), "#2ca02c", "square", "■"),
    EntityType.GOVERNMENT_BODY: (_fr(EntityType.GOVERNMENT_BODY), "#17becf", "triangleDown", "▼"),
    EntityType.THINK_TANK: (_fr(EntityType.THINK_TANK), "#9467bd", "hexagon", "⬢"),
    EntityType.MEDIA_OUTLET: (_fr(EntityType.MEDIA_OUTLET), "#8c564b", "triangle", "▲"),
    EntityType.CITY: (_fr(EntityType.CITY), "#7f7f7f", "dot", "●"),
    EntityType.REGION: (_fr(EntityType.REGION), "#bcbd22", "dot", "●"),
    EntityType.ARMED_GROUP: (_fr(EntityType.ARMED_GROUP), "#d62728", "star", "★"),
    EntityType.COMPANY: (_fr(EntityType.COMPANY), "#e377c2", "square", "■"),
    EntityType.AGREEMENT: (_fr(EntityType.AGREEMENT), "#6b8fb3", "hexagon", "⬢"),
}
#: relation type -> (French label, colour); unknown types get a grey line and their own name
RELATION_STYLES: dict[str, tuple[str, str]] = {
    "alliance": (pref_label("alliance"), "#2ca02c"),
    "arms_supply": (pref_label("arms_supply"), "#d62728"),
    "sanctions": (pref_label("sanctions"), "#9467bd"),
    "sanctions_relief": (pref_label("sanctions_relief"), "#b39ddb"),
    "military_cooperation": (pref_label("military_cooperation"), "#ff7f0e"),
    "criticism": (pref_label("criticism"), "#8c564b"),
    "support": (pref_label("support"), "#17becf"),
    "meeting": (pref_label("meeting"), "#1f77b4"),
    "conflict": (pref_label("conflict"), "#222222"),
    "violation": (pref_label("violation"), "#e377c2"),
    "membership": (pref_label("membership"), "#7f7f7f"),
    "agreement_party": (pref_label("agreement_party"), "#bcbd22"),
    "post": ("poste / affiliation", "#b0b0b0"),
}
MODALITY_LABELS: dict[Modality, str] = {modality: pref_label(modality.value) for modality in Modality}
#: above these sizes the layout is computed here, physics is off, and edge labels are dropped
LAYOUT_MIN_NODES = 150
LAYOUT_MIN_EDGES = 400
EDGE_LABELS_MAX = 250
SAMPLE_SIZE = 300
_LAYOUT_ROWS = 512  # nodes whose repulsion is computed at once (memory: rows x SAMPLE_SIZE floats per array)

#: the size the page was measured to open within 3 s (benchmarks/bench_html.py); the CLI warns above it
COMFORT_ENTITIES = 2000
COMFORT_RELATIONS = 10000

_PLACEHOLDER = re.compile(r"/\*(GRAPH_DATA|VIS_CSS|VIS_JS|PAGE_CSS|PAGE_JS)\*/")


@cache
def _vis_assets() -> tuple[str, str]:
    # the package's folder, found without importing pyvis (which imports IPython, networkx and more: ~0.2 s)
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ExportError("pyvis is not installed: it provides the vis-network script the page inlines")
    root = Path(next(iter(spec.submodule_search_locations))) / "templates" / "lib" / "vis-9.1.2"
    return (root / "vis-network.min.js").read_text(encoding="utf-8"), (root / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _own_asset(name: str) -> str:
    return (importlib_resources.files("diplograph") / "data" / "html" / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _degrees(kg: KnowledgeGraph) -> Counter[str]:
    degree: Counter[str] = Counter()
    for relation in kg.relations.values():
        degree[relation.source] += 1
        degree[relation.target] += 1
    for person, _title, organization in kg.posts:
        degree[person] += 1
        degree[organization] += 1
    return degree


def find_entity(kg: KnowledgeGraph, name: str) -> str:
    """The key of the entity called ``name`` (key, label or alias; case and accents ignored).

    Args:
        kg: the graph.
        name: an entity key, canonical name or alias.

    Returns:
        The entity key; the best-connected entity when several share the name.

    Raises:
        ExportError: no entity has that name.
    """
    if name in kg.entities:
        return name
    wanted = strip_accents(normalize(name))
    degree = _degrees(kg)
    matches = [
        key for key, e in kg.entities.items() if wanted in {strip_accents(normalize(n)) for n in (e.label, *e.aliases)}
    ]
    if not matches:
        raise ExportError(f"--ego: no entity named {name!r} in the graph")
    return max(sorted(matches), key=lambda key: degree[key])


def reduce_graph(
    kg: KnowledgeGraph, *, min_documents: int = 0, top: int | None = None, ego: str | None = None, radius: int = 1
) -> KnowledgeGraph:
    """A smaller graph for the page: the reductions apply in order documents, ego, top-N.

    Args:
        kg: the full graph (not modified).
        min_documents: keep entities mentioned in at least this many documents.
        top: keep the ``top`` entities of highest degree (relations and posts), ties by key.
        ego: keep this entity (see :func:`find_entity`) and its neighbours up to ``radius`` hops.
        radius: hops of the ego graph.

    Returns:
        A new KnowledgeGraph with the kept entities, the relations and posts between them, and
        all documents.
    """
    keep = {key for key, e in kg.entities.items() if len(e.documents) >= min_documents}
    if ego is not None:
        centre = find_entity(kg, ego)
        neighbours: dict[str, set[str]] = {}
        pairs = [(r.source, r.target) for r in kg.relations.values()] + [(p, o) for p, _t, o in kg.posts]
        for a, b in pairs:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
        reached, frontier = {centre}, {centre}
        for _ in range(max(0, radius)):
            frontier = {n for f in frontier for n in neighbours.get(f, ())} - reached
            reached |= frontier
        keep &= reached | {centre}
    if top is not None:
        degree = _degrees(kg)
        keep = set(sorted(keep, key=lambda key: (-degree[key], key))[: max(0, top)])
    return type(kg)(
        documents=dict(kg.documents),
        entities={k: e for k, e in kg.entities.items() if k in keep},
        posts={k: p for k, p in kg.posts.items() if k[0] in keep and k[2] in keep},
        relations={k: r for k, r in kg.relations.items() if r.source in keep and r.target in keep},
        warnings=list(kg.warnings),
    )


def layout(
    node_ids: list[str], pairs: list[tuple[str, str]], iterations: int = 80, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """Positions for the nodes: Fruchterman-Reingold with gravity, vectorised with numpy.

    Deterministic for a given input (seeded), so two exports of one graph are identical.

    Args:
        node_ids: the nodes.
        pairs: edges as (source, target) node ids; unknown ids are ignored.
        iterations: cooling steps.
        seed: random seed of the initial positions.

    Returns:
        node id -> (x, y) in page pixels, centred on 0.
    """
    import numpy as np

    n = len(node_ids)
    if n == 0:
        return {}
    index = {key: i for i, key in enumerate(node_ids)}
    edges = np.array(
        [(index[a], index[b]) for a, b in pairs if a in index and b in index and a != b], dtype=np.int64
    ).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2), dtype=np.float32) - 0.5
    k = float(np.sqrt(1.0 / n))
    temperature, cooling = 0.1, 0.1 / (iterations + 1)
    # repulsion against a fresh random sample of nodes each step (scaled up): O(n * sample), not O(n²)
    sample = min(n, SAMPLE_SIZE)
    for _ in range(iterations):
        others = pos if sample == n else pos[rng.choice(n, sample, replace=False)]
        disp = np.empty_like(pos)
        for start in range(0, n, _LAYOUT_ROWS):  # rows in blocks: the n x sample temporaries stay small
            block = pos[start : start + _LAYOUT_ROWS]
            dx, dy = block[:, 0, None] - others[None, :, 0], block[:, 1, None] - others[None, :, 1]
            weight = (k * k * n / sample) / np.maximum(dx * dx + dy * dy, 1e-6)
            disp[start : start + _LAYOUT_ROWS] = np.stack([(dx * weight).sum(1), (dy * weight).sum(1)], axis=1)
        if len(edges):
            delta = pos[edges[:, 0]] - pos[edges[:, 1]]
            force = delta * (np.sqrt((delta * delta).sum(-1)) / k)[:, None]
            np.add.at(disp, edges[:, 0], -force)
            np.add.at(disp, edges[:, 1], force)
        disp -= pos * (4.0 * k * np.sqrt(n))  # gravity keeps isolated nodes and small components close
        length = np.maximum(np.sqrt((disp * disp).sum(-1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(0)
    scale = 60.0 * np.sqrt(n) / max(float(np.abs(pos).max()), 1e-9)
    return {
        key: (round(float(x * scale), 1), round(float(y * scale), 1)) for key, (x, y) in zip(node_ids, pos, strict=True)
    }


def _evidence(evidence: Any, doc_index: dict[str, int], labels: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "text": ev.text,
            "doc": doc_index.get(ev.doc_id, -1),
            "speaker": labels.get(ev.speaker or "", ev.speaker or ""),
        }
        for ev in evidence
    ]


def document_title(document: Document, width: int = 100) -> str:
    """The title to show: the document's own, else its first line of four words or more, else its file name.

    >>> document_title(Document("d", "a.txt", "Monde\\n\\nLe Ghana et le Togo signent un accord\\n", "h"))
    'Le Ghana et le Togo signent un accord'
    """
    if document.title:
        return document.title
    for line in document.text.splitlines():
        if len(line.split()) >= 4:
            line = " ".join(line.split())
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return document.file_name


def graph_data(kg: KnowledgeGraph) -> dict[str, Any]:
    """Everything the page shows, as plain data (never markup).

    Args:
        kg: the graph.

    Returns:
        ``documents``, ``nodes``, ``edges`` (relations, then posts as ``post`` edges), the
        styles of types, relation types and modalities, ``summary`` and the view ``settings``.
    """
    doc_ids = sorted(kg.documents)
    doc_index = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    documents = [
        {"title": document_title(d), "file": d.file_name, "date": d.date or "", "url": d.url or ""}
        for d in (kg.documents[i] for i in doc_ids)
    ]
    labels = {key: e.label for key, e in kg.entities.items()}
    degree = _degrees(kg)
    nodes = [
        {
            "id": key,
            "label": e.label,
            "type": e.type.value,
            "aliases": [a for a in e.aliases if a != e.label],
            "iso3": e.iso3 or "",
            "docs": sorted(doc_index[d] for d in e.documents if d in doc_index),
            "mentions": e.mention_count,
            "degree": degree[key],
            "value": e.mention_count + 2 * degree[key] + 1,
        }
        for key, e in sorted(kg.entities.items())
    ]
    edges: list[dict[str, Any]] = []
    for relation in kg.iter_relations():
        if relation.source in labels and relation.target in labels:
            edges.append(
                {
                    "from": relation.source,
                    "to": relation.target,
                    "type": relation.type,
                    "modality": relation.modality.value,
                    "directed": relation.type not in symmetric_relation_types(),
                    "attributed": [labels.get(s, s) for s in relation.attributed_to],
                    "evidence": _evidence(relation.evidence, doc_index, labels),
                }
            )
    for (person, title, organization), post in sorted(
        kg.posts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])
    ):
        if person in labels and organization in labels:
            edges.append(
                {
                    "from": person,
                    "to": organization,
                    "type": "post",
                    "modality": Modality.ASSERTED.value,
                    "directed": True,
                    "attributed": [],
                    "title": title or "membre",
                    "evidence": _evidence(post.evidence, doc_index, labels),
                }
            )
    parallel: Counter[tuple[str, str]] = Counter()
    for number, edge in enumerate(edges):
        edge["id"] = f"e{number}"
        pair = (min(edge["from"], edge["to"]), max(edge["from"], edge["to"]))
        edge["rank"] = parallel[pair]
        parallel[pair] += 1
    big = len(nodes) >= LAYOUT_MIN_NODES or len(edges) >= LAYOUT_MIN_EDGES
    if big:
        positions = layout([node["id"] for node in nodes], [(e["from"], e["to"]) for e in edges])
        for node in nodes:
            node["x"], node["y"] = positions[node["id"]]
    used_types = {e["type"] for e in edges}
    summary = kg.summary()
    return {
        "documents": documents,
        "nodes": nodes,
        "edges": edges,
        "types": [
            {"id": t.value, "label": s[0], "color": s[1], "shape": s[2], "glyph": s[3]} for t, s in TYPE_STYLES.items()
        ],
        "relation_types": [
            {"id": t, "label": RELATION_STYLES.get(t, (t, ""))[0], "color": RELATION_STYLES.get(t, ("", "#999999"))[1]}
            for t in [*[t for t in RELATION_STYLES if t in used_types], *sorted(used_types - set(RELATION_STYLES))]
        ],
        "modalities": [{"id": m.value, "label": label} for m, label in MODALITY_LABELS.items()],
        "summary": {
            "documents": summary["documents"],
            "entities": summary["entities"],
            "relations": summary["relations"],
            "asserted": sum(r.modality is Modality.ASSERTED for r in kg.relations.values()),
            "posts": summary["posts"],
        },
        "settings": {"physics": not big, "edge_labels": len(edges) <= EDGE_LABELS_MAX, "big": big},
    }


def to_html(kg: KnowledgeGraph) -> str:
    """The whole page as a string (no external resource).

    Args:
        kg: the graph to show (see :func:`reduce_graph` to trim it first).

    Returns:
        The HTML page.
    """
    page = io.StringIO()
    _write_page(kg, page)
    return page.getvalue()


def _write_page(kg: KnowledgeGraph, handle: IO[str]) -> None:
    """Write the page to ``handle`` piece by piece: the graph's data (every evidence sentence) is
    never held as one JSON string nor as one page, only one item of it at a time."""
    js, css = _vis_assets()
    parts = {
        "VIS_CSS": css.replace("</style", "<\\/style"),
        "VIS_JS": js.replace("</script", "<\\/script"),
        "PAGE_CSS": _own_asset("page.css"),
        "PAGE_JS": _own_asset("page.js"),
    }
    template = _own_asset("page.html")
    done = 0
    # one pass: text put in for a placeholder is never scanned again for placeholders
    for match in _PLACEHOLDER.finditer(template):
        handle.write(template[done : match.start()])
        if match.group(1) == "GRAPH_DATA":
            _write_json_for_script(graph_data(kg), handle)
        else:
            handle.write(parts[match.group(1)])
        done = match.end()
    handle.write(template[done:])


def _write_json_for_script(data: dict[str, Any], handle: IO[str]) -> None:
    """``_json_for_script(data)``, written one top-level value (one list item) at a time."""
    handle.write("{")
    for number, key in enumerate(sorted(data)):
        handle.write(("," if number else "") + _json_for_script(key) + ":")
        value = data[key]
        if isinstance(value, list):
            handle.write("[")
            for index, item in enumerate(value):
                handle.write(("," if index else "") + _json_for_script(item))
            handle.write("]")
        else:
            handle.write(_json_for_script(value))
    handle.write("}")


def write_html(kg: KnowledgeGraph, path: str | Path) -> Path:
    """Write the page atomically.

    Args:
        kg: the graph.
        path: the output file.

    Returns:
        The path written.
    """
    with atomic_write(path) as handle:
        _write_page(kg, handle)
    return Path(path)
