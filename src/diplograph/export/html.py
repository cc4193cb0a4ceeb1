"""A self-contained interactive HTML view of the graph: our template, vis-network from pyvis.

The vis-network script and style are read from the installed pyvis package and inlined, so the
page loads nothing from the network. Graph data travels as JSON inside a non-executable script
element with ``<``, ``>`` and ``&`` escaped, and the page's own script inserts article text with
``textContent`` only: article text can never become markup.

Small graphs keep live physics; large ones get a layout computed here (networkx's spring layout,
seeded, component by component) and physics off. The page opens on a default view, the
best-connected entities by ``rank``; the rest is one filter away. :func:`fit_budget` keeps a graph
within what the page opens quickly; :func:`reduce_graph` trims it further (minimum document count,
top-N by degree, ego graph).

Article addresses reach the page only when they are http(s) URLs. Fields that richer records may
carry (a relation's ``date``, ``confidence`` and ``rule``, an entity's ``wikidata``) are read when
present, so the page shows them as soon as the records have them.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import unicodedata
from collections import Counter
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from diplograph.atomic import atomic_write
from diplograph.errors import ExportError
from diplograph.model import Document, Entity, EntityType, Modality
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
    EntityType.ORGANIZATION: (_fr(EntityType.ORGANIZATION), "#aec7e8", "square", "■"),
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
#: above these sizes the layout is computed here and physics is off
LAYOUT_MIN_NODES = 150
LAYOUT_MIN_EDGES = 400
#: edges drawn with their label (the default view's, when the whole page has more)
EDGE_LABELS_MAX = 120
#: the default view: the best-connected entities, at most this many, with at most VIEW_EDGES linked pairs among them
VIEW_NODES = 80
VIEW_EDGES = 100
#: the spring layout (networkx, quadratic) places at most this many nodes of a component; the rest go beside them
SPRING_MAX = 400
SPRING_ITERATIONS = 50
SPRING_K = 2.0  # times the spring layout's default optimal distance
NODE_SPACING = 55.0  # page pixels between neighbours
#: the page draws nodes with a radius and a label font scaled by their value between these (page.js, options.nodes)
NODE_RADIUS = (7.0, 30.0)
LABEL_FONT = (13.0, 22.0)
LABEL_EM = 0.56  # average width of a character, in font sizes
#: distinct evidence sentences of one edge shown per page of its panel (grouped by document)
EVIDENCE_PAGE = 8

#: the size the page was measured to open within 3 s (benchmarks/bench_html.py); the page keeps at most this much
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


def _neighbours(kg: KnowledgeGraph) -> Any:
    """The graph of who is linked to whom (relations and posts), as an undirected networkx graph."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(kg.entities))
    graph.add_edges_from((r.source, r.target) for r in kg.relations.values())
    graph.add_edges_from((p, o) for p, _t, o in kg.posts)
    return graph


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
        import networkx as nx

        centre = find_entity(kg, ego)
        keep &= set(nx.ego_graph(_neighbours(kg), centre, radius=max(0, radius)))
    if top is not None:
        degree = _degrees(kg)
        keep = set(sorted(keep, key=lambda key: (-degree[key], key))[: max(0, top)])
    return _restricted(kg, keep)


def _restricted(kg: KnowledgeGraph, keep: set[str], relations: set[tuple[str, str, str, str]] | None = None) -> KnowledgeGraph:
    return type(kg)(
        documents=dict(kg.documents),
        entities={k: e for k, e in kg.entities.items() if k in keep},
        posts={k: p for k, p in kg.posts.items() if k[0] in keep and k[2] in keep},
        relations={
            k: r
            for k, r in kg.relations.items()
            if r.source in keep and r.target in keep and (relations is None or k in relations)
        },
        warnings=list(kg.warnings),
    )


def fit_budget(
    kg: KnowledgeGraph, entities: int | None = None, relations: int | None = None
) -> KnowledgeGraph:
    """``kg`` itself when it fits the page's budget, else its best-connected part that does.

    Relations are kept by the number of their sources (then their key), up to ``relations``;
    entities by their degree in what is kept, then by how many documents mention them, up to
    ``entities``; the relations of a dropped entity go with it. So a corpus of thousands of
    entities opens with every linked entity and the most-cited of the others.

    Args:
        kg: the graph (not modified).
        entities: most entities (default: :data:`COMFORT_ENTITIES`).
        relations: most relations (default: :data:`COMFORT_RELATIONS`).

    Returns:
        ``kg``, or a new KnowledgeGraph within the budget, with all documents.
    """
    entities = COMFORT_ENTITIES if entities is None else entities
    relations = COMFORT_RELATIONS if relations is None else relations
    if len(kg.entities) <= entities and len(kg.relations) <= relations:
        return kg
    kept_relations = sorted(kg.relations.items(), key=lambda kv: (-len(kv[1].documents), -len(kv[1].evidence), kv[0]))
    chosen = {key for key, _r in kept_relations[: max(0, relations)]}
    degree: Counter[str] = Counter()
    for key in chosen:
        degree[kg.relations[key].source] += 1
        degree[kg.relations[key].target] += 1
    for person, _title, organization in kg.posts:
        degree[person] += 1
        degree[organization] += 1
    ranked = sorted(
        kg.entities.values(), key=lambda e: (-degree[e.key], -len(e.documents), -e.mention_count, e.key)
    )
    return _restricted(kg, {e.key for e in ranked[: max(0, entities)]}, chosen)


def layout(
    node_ids: list[str],
    pairs: list[tuple[str, str]],
    core: frozenset[str] | set[str] = frozenset(),
    seed: int = 7,
    labels: dict[str, str] | None = None,
    scales: dict[str, float] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for the nodes, by networkx's spring layout (Fruchterman-Reingold), component by component.

    Each connected component is laid out on its own: the ``core`` nodes first (the default view
    of the page, so that it reads well on its own), then up to :data:`SPRING_MAX` nodes more with
    the core held fixed, then the rest of a very large component next to the neighbours already
    placed (networkx's spring layout is quadratic). Components are packed in rows, largest first,
    and the isolated nodes in a grid below them. Deterministic for a given input (seeded), so two
    exports of one graph are identical.

    Args:
        node_ids: the nodes.
        pairs: edges as (source, target) node ids; unknown ids and loops are ignored.
        core: nodes laid out first; their labels are then pushed apart until none overlap (see :func:`spread_labels`).
        seed: random seed of the spring layout.
        labels: the label of each node (default: its id), for the room it takes.
        scales: where each node is, in [0, 1], between the smallest and the largest drawn (default: 0.5).

    Returns:
        node id -> (x, y) in page pixels, centred on 0.
    """
    import networkx as nx

    known = set(node_ids)
    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from((a, b) for a, b in pairs if a in known and b in known and a != b)
    order = {key: i for i, key in enumerate(node_ids)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(graph)), key=lambda c: (-len(c), order[c[0]])
    )
    labels, scales = labels or {}, scales or {}
    blocks = [
        _component_layout(_sub(graph, c), [n for n in c if n in core], seed, labels, scales)
        for c in components
        if len(c) > 1
    ]
    alone = [c[0] for c in components if len(c) == 1]
    return _pack(blocks, alone)


def _spring(graph: Any, seed: int, pos: dict[str, Any] | None = None, fixed: list[str] | None = None) -> dict[str, Any]:
    import networkx as nx
    import numpy as np

    if pos is None:
        # k above its default (1/sqrt(n)) spreads the leaves of a hub apart, where labels would overlap
        raw = nx.spring_layout(graph, seed=seed, iterations=SPRING_ITERATIONS, k=SPRING_K / np.sqrt(len(graph)))
        return {n: np.asarray(p) * NODE_SPACING * np.sqrt(len(graph)) for n, p in raw.items()}
    return nx.spring_layout(graph, pos=pos, fixed=fixed, seed=seed, iterations=SPRING_ITERATIONS, k=NODE_SPACING)


def label_box(label: str, scale: float = 0.5) -> tuple[float, float, float]:
    """The room (page pixels) of a node and its label drawn below it: width, height, and how far
    below the node's centre the middle of that room is. ``scale`` in [0, 1] places the node between
    the smallest and the largest the page draws (vis scales radius and font by value)."""
    radius = NODE_RADIUS[0] + (NODE_RADIUS[1] - NODE_RADIUS[0]) * scale
    font = LABEL_FONT[0] + (LABEL_FONT[1] - LABEL_FONT[0]) * scale
    text = font * 1.3 + 4  # the label's line, and the gap above it
    return max(2 * radius, LABEL_EM * font * len(label) + 6), 2 * radius + text, text / 2


def value_scales(values: dict[str, float]) -> dict[str, float]:
    """Each value's place in [0, 1] between the smallest and the largest, as vis scales nodes (0.5 if all equal)."""
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    return {k: 0.5 if high == low else (v - low) / (high - low) for k, v in values.items()}


def spread_labels(
    pos: dict[str, Any], nodes: list[str], labels: dict[str, str], scales: dict[str, float] | None = None, steps: int = 2000
) -> None:
    """Move ``nodes`` (in ``pos``, in place) until the room of each with its label (:func:`label_box`)
    overlaps no other's: each overlapping pair is pushed apart along the axis where it overlaps least."""
    import numpy as np

    if len(nodes) < 2:
        return
    scales = scales or {}
    boxes = np.array([label_box(labels.get(n, n), scales.get(n, 0.5)) for n in nodes])
    size, below = boxes[:, :2], np.stack([np.zeros(len(nodes)), boxes[:, 2]], axis=1)
    xy = np.array([pos[n] for n in nodes], dtype=float) + below  # the middle of each room
    index = np.arange(len(nodes))
    tie = np.sign(index[:, None] - index[None, :]).astype(float)  # who goes which way when two share a coordinate
    for _ in range(steps):
        delta = xy[:, None, :] - xy[None, :, :]
        overlap = (size[:, None, :] + size[None, :, :]) / 2 - np.abs(delta)
        hit = (overlap[..., 0] > 0) & (overlap[..., 1] > 0)
        np.fill_diagonal(hit, False)
        if not hit.any():
            break
        along_x = overlap[..., 0] < overlap[..., 1]
        sign = np.where(delta != 0, np.sign(delta), tie[..., None])
        push = np.zeros_like(delta)
        push[..., 0] = np.where(hit & along_x, (overlap[..., 0] / 2 + 0.5) * sign[..., 0], 0.0)
        push[..., 1] = np.where(hit & ~along_x, (overlap[..., 1] / 2 + 0.5) * sign[..., 1], 0.0)
        # a node pushed by several others moves by the largest push on each axis, not their sum
        xy += np.where(np.abs(push.max(1)) > np.abs(push.min(1)), push.max(1), push.min(1))
    for node, point in zip(nodes, xy - below, strict=True):
        pos[node] = point


def _sub(graph: Any, nodes: list[str]) -> Any:
    """The subgraph of ``nodes``, in that order (networkx's subgraph views iterate a set: their order,
    and so a seeded layout, would change with the interpreter's hash seed)."""
    import networkx as nx

    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_edges_from((a, b) for a in nodes for b in graph[a] if b in keep)
    return sub


def _component_layout(
    graph: Any, core: list[str], seed: int, labels: dict[str, str], scales: dict[str, float]
) -> dict[str, Any]:
    import numpy as np

    nodes = list(graph)
    if len(nodes) <= 2:  # one above the other: labels are drawn below the nodes and are wider than tall
        return {n: np.array([0.0, i * NODE_SPACING * 1.3]) for i, n in enumerate(nodes)}
    by_degree = sorted(nodes, key=lambda n: -graph.degree(n))  # stable: ties keep the input order
    core = core[:SPRING_MAX]
    if len(core) < 2 or len(core) == len(nodes):
        first = core
        core = by_degree[: min(len(nodes), SPRING_MAX)]
        pos = _spring(_sub(graph, core), seed)
        spread_labels(pos, first if len(first) >= 2 else [], labels, scales)
    else:
        pos = _spring(_sub(graph, core), seed)
        spread_labels(pos, core, labels, scales)
        taken = set(core)
        ring = core + [n for n in by_degree if n not in taken][: SPRING_MAX - len(core)]
        pos = _spring(_sub(graph, ring), seed, pos, core)
    # the rest (a component larger than SPRING_MAX): beside the neighbours already placed, layer by layer
    step, golden = NODE_SPACING, np.pi * (3 - np.sqrt(5))
    for number, node in enumerate(n for n in nodes if n not in pos):
        placed = [pos[m] for m in graph[node] if m in pos]
        centre = np.mean(placed, axis=0) if placed else np.zeros(2)
        angle = number * golden
        pos[node] = centre + step * (1 + number % 3) * np.array([np.cos(angle), np.sin(angle)])
    return pos


def _pack(blocks: list[dict[str, Any]], alone: list[str]) -> dict[str, tuple[float, float]]:
    """Components side by side in rows (largest first), then the isolated nodes in a grid below."""
    import numpy as np

    gap, across = NODE_SPACING * 2, NODE_SPACING * 3  # labels are wide: more room side by side than above
    boxes = []
    for block in blocks:
        points = np.array(list(block.values()), dtype=float)
        low, high = points.min(0), points.max(0)
        boxes.append((block, points - low, high - low))
    total = sum((w + across) * (h + gap) for _b, _p, (w, h) in boxes) or len(alone) * across * gap
    # rows about as wide as the screen is to the height of the first (largest) component: the first rows,
    # which hold the default view, then fill a landscape window rather than one long strip
    first = boxes[0][2] if boxes else np.zeros(2)
    width = max(float(np.sqrt(total)) * 1.1, float(first[0]) + float(first[1]) * 0.6, *[float(size[0]) for _b, _p, size in boxes])
    out: dict[str, tuple[float, float]] = {}
    x = y = row = 0.0
    for block, points, (w, h) in boxes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        for node, (px, py) in zip(block, points, strict=True):
            out[node] = (x + float(px), y + float(py))
        x, row = x + float(w) + across, max(row, float(h))
    if alone:
        y = y + row + gap if out else 0.0
        per_row = max(1, int(width // across) + 1)
        for number, node in enumerate(alone):
            out[node] = ((number % per_row) * across, y + (number // per_row) * gap)
    if not out:
        return {}
    points = np.array(list(out.values()))
    middle = (points.min(0) + points.max(0)) / 2
    return {node: (round(float(px - middle[0]), 1), round(float(py - middle[1]), 1)) for node, (px, py) in out.items()}


def _safe_url(url: str | None) -> str:
    """``url`` when it is an absolute http(s) address, else "" (a ``javascript:`` link never reaches the page)."""
    url = (url or "").strip()
    return url if re.fullmatch(r"https?://[^\s\x00-\x1f\"<>]+", url, re.IGNORECASE) else ""


class _FoldTable(dict[int, str]):
    """For ``str.translate``: a character -> its base letter in lower case (one character), computed once."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = "'" if char in "\u2019\u02bc" else (unicodedata.normalize("NFD", char)[:1].lower()[:1] or char)
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def _fold(text: str) -> str:
    """Lower case without accents, one character for one: offsets in the result are offsets in ``text``.

    >>> _fold("Côte d’Ivoire")
    "cote d'ivoire"
    """
    return text.translate(_FOLD)


class _Highlighter:
    """Where the names of an entity (label and aliases, case and accents ignored) occur in a sentence."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self._entities = kg.entities
        self._patterns: dict[str, re.Pattern[str] | None] = {}

    def _pattern(self, key: str) -> re.Pattern[str] | None:
        if key not in self._patterns:
            entity = self._entities.get(key)
            names = {_fold(n) for n in ((entity.label, *entity.aliases) if entity else ()) if len(n.strip()) >= 2}
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
            self._patterns[key] = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)") if alternatives else None
        return self._patterns[key]

    def spans(self, text: str, source: str, target: str) -> list[list[Any]]:
        """``[start, end, "s" | "t"]`` of the source's and the target's names in ``text``: sorted, no overlap."""
        folded = _fold(text)
        found: list[list[Any]] = []
        for key, role in ((source, "s"), (target, "t")):
            pattern = self._pattern(key)
            if pattern is not None:
                found.extend([m.start(), m.end(), role] for m in pattern.finditer(folded))
        found.sort(key=lambda span: (span[0], -span[1]))
        kept: list[list[Any]] = []
        for span in found:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        return kept


def _wikidata(value: Any) -> str:
    """A Wikidata item id (``Q42``, or its IRI) as the item's address, when the records carry one; else ""."""
    match = re.fullmatch(r"(?:https?://www\.wikidata\.org/(?:wiki|entity)/)?(Q[1-9]\d*)", str(value or "").strip())
    return f"https://www.wikidata.org/wiki/{match.group(1)}" if match else ""


def _date(value: Any) -> str:
    """An ISO date, year-month or year as text (a ``date`` object too); anything else is ""."""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value or "")
    match = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", text)
    return match.group(0) if match else ""


def _confidence(value: Any) -> float | None:
    """A confidence in [0, 1], rounded; None when absent or out of range."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 3) if 0.0 <= number <= 1.0 else None


def _evidence(
    record: Any,
    doc_index: dict[str, int],
    doc_dates: list[str],
    labels: dict[str, str],
    marks: _Highlighter,
) -> list[dict[str, Any]]:
    """The evidence of a relation or post as page data. A date or confidence that the records carry
    (on the evidence or the relation) is read if present; the date falls back to the document's."""
    record_date = _date(getattr(record, "date", None))
    ends = (getattr(record, "source", None) or getattr(record, "person", "")), (
        getattr(record, "target", None) or getattr(record, "organization", "")
    )
    out = []
    for ev in record.evidence:
        doc = doc_index.get(ev.doc_id, -1)
        doc_date = doc_dates[doc] if doc >= 0 else ""
        own = _date(getattr(ev, "date", None)) or record_date
        item: dict[str, Any] = {
            "text": ev.text,
            "doc": doc,
            "speaker": labels.get(ev.speaker or "", ev.speaker or ""),
            "date": own or doc_date,
            "hl": marks.spans(ev.text, *ends),
        }
        if own and own != doc_date:
            item["event_date"] = True  # the sentence dates the event itself, not only its article
        confidence = _confidence(getattr(ev, "confidence", None))
        if confidence is not None:
            item["confidence"] = confidence
        out.append(item)
    return out


def _contradictions(edges: list[dict[str, Any]], kg: KnowledgeGraph) -> None:
    """Give ``contradicts`` (edge ids) to the edges the graph records as contradicting each other
    (:meth:`KnowledgeGraph.contradictions`: stated in one document, negated in another)."""
    by_key = {tuple(e["key"]): e for e in edges if "key" in e}
    found = getattr(kg, "contradictions", None)
    for pair in (found() if callable(found) else found) or ():  # pairs of relations or merge keys
        try:
            first, second = (tuple(getattr(x, "merge_key", x)) for x in pair)
        except (TypeError, ValueError):
            continue
        if first in by_key and second in by_key:
            for mine, theirs in ((by_key[first], by_key[second]), (by_key[second], by_key[first])):
                mine.setdefault("contradicts", [])
                if theirs["id"] not in mine["contradicts"]:
                    mine["contradicts"].append(theirs["id"])


def _ranked(kg: KnowledgeGraph, degree: Counter[str]) -> list[Entity]:
    """Entities best connected first: by the size of their connected part, then relations, links, mentions.

    So the page's default view (a prefix of this order) shows whole parts of the graph, the largest
    first, rather than the hubs of many parts without their neighbours.
    """
    import networkx as nx

    relations: Counter[str] = Counter()
    for relation in kg.relations.values():
        relations[relation.source] += 1
        relations[relation.target] += 1
    size: dict[str, int] = {}
    for part in nx.connected_components(_neighbours(kg)):
        for key in part:
            size[key] = len(part)
    return sorted(
        kg.entities.values(),
        key=lambda e: (-size.get(e.key, 1), -relations[e.key], -degree[e.key], -e.mention_count, e.key),
    )


def _view_size(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> int:
    """How many of the best-connected entities (by ``rank``) the page shows first: only linked ones,
    at most :data:`VIEW_NODES`, with at most :data:`VIEW_EDGES` linked pairs between them (but 10 at least)."""
    rank = {n["id"]: n["rank"] for n in nodes}
    linked = sum(1 for n in nodes if n["degree"])
    later: Counter[int] = Counter()  # each linked pair counted at the rank of its later end
    for a, b in {(min(e["from"], e["to"]), max(e["from"], e["to"])) for e in edges}:
        later[max(rank[a], rank[b])] += 1
    size = shown = 0
    for position in range(min(linked, VIEW_NODES)):
        if shown + later[position] > VIEW_EDGES and size >= 10:
            break
        shown += later[position]
        size = position + 1
    return size


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
        ``documents`` (with a safe ``url`` and a ``date``), ``nodes`` (with their ``rank`` by
        links), ``edges`` (relations, then posts as ``post`` edges; each evidence with its
        document, speaker, date and the spans of the two ends in the sentence), the styles of
        types, relation types and modalities, ``summary`` and the view ``settings`` (``view``:
        how many of the best-connected entities the page shows first).
    """
    doc_ids = sorted(kg.documents)
    doc_index = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    documents = [
        {"title": document_title(d), "file": d.file_name, "date": _date(d.date), "url": _safe_url(d.url)}
        for d in (kg.documents[i] for i in doc_ids)
    ]
    doc_dates = [d["date"] for d in documents]
    labels = {key: e.label for key, e in kg.entities.items()}
    degree = _degrees(kg)
    ranked = _ranked(kg, degree)
    rank = {e.key: i for i, e in enumerate(ranked)}
    nodes = [
        {
            "id": key,
            "label": e.label,
            "type": e.type.value,
            "aliases": [a for a in e.aliases if a != e.label],
            "iso3": e.iso3 or "",
            "wikidata": _wikidata(getattr(e, "wikidata", None)),
            "docs": sorted(doc_index[d] for d in e.documents if d in doc_index),
            "mentions": e.mention_count,
            "degree": degree[key],
            "rank": rank[key],
            "value": e.mention_count + 2 * degree[key] + 1,
        }
        for key, e in sorted(kg.entities.items())
    ]
    marks = _Highlighter(kg)
    edges: list[dict[str, Any]] = []
    for relation in kg.iter_relations():
        if relation.source in labels and relation.target in labels:
            evidence = _evidence(relation, doc_index, doc_dates, labels, marks)
            edge = {
                "from": relation.source,
                "to": relation.target,
                "type": relation.type,
                "modality": relation.modality.value,
                "directed": relation.type not in symmetric_relation_types(),
                "attributed": [labels.get(s, s) for s in relation.attributed_to],
                "evidence": evidence,
                "sources": len({ev["doc"] for ev in evidence}),
                "speakers": len({ev["speaker"] for ev in evidence if ev["speaker"]}),
                "key": relation.merge_key,
            }
            confidence = _confidence(getattr(relation, "confidence", None))
            if confidence is not None:
                edge["confidence"] = confidence
            rules = getattr(relation, "rules", ())
            if rules:
                edge["rule"] = " | ".join(str(r) for r in rules)
            edges.append(edge)
    for (person, title, organization), post in sorted(
        kg.posts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])
    ):
        if person in labels and organization in labels:
            evidence = _evidence(post, doc_index, doc_dates, labels, marks)
            edges.append(
                {
                    "from": person,
                    "to": organization,
                    "type": "post",
                    "modality": Modality.ASSERTED.value,
                    "directed": True,
                    "attributed": [],
                    "title": title or "membre",
                    "evidence": evidence,
                    "sources": len({ev["doc"] for ev in evidence}),
                    "speakers": 0,
                }
            )
    parallel: Counter[tuple[str, str]] = Counter()
    for number, edge in enumerate(edges):
        edge["id"] = f"e{number}"
        pair = (min(edge["from"], edge["to"]), max(edge["from"], edge["to"]))
        edge["rank"] = parallel[pair]
        parallel[pair] += 1
    for edge in edges:
        pair = (min(edge["from"], edge["to"]), max(edge["from"], edge["to"]))
        edge["pair"] = parallel[pair]
    _contradictions(edges, kg)
    for edge in edges:
        edge.pop("key", None)
    view = _view_size(nodes, edges)
    big = len(nodes) >= LAYOUT_MIN_NODES or len(edges) >= LAYOUT_MIN_EDGES
    if big:
        core = {e.key for e in ranked[:view]}
        scales = value_scales({n["id"]: n["value"] for n in nodes if n["id"] in core})
        positions = layout([e.key for e in ranked], [(e["from"], e["to"]) for e in edges], core, labels=labels, scales=scales)
        for node in nodes:
            node["x"], node["y"] = positions[node["id"]]
    used_types = {e["type"] for e in edges}
    dates = sorted(
        {d for d in doc_dates if d} | {ev["date"] for e in edges for ev in e["evidence"] if ev["date"]}
    )
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
        "settings": {
            "physics": not big,
            "big": big,
            "view": view,
            "edge_labels_max": EDGE_LABELS_MAX,
            "evidence_page": EVIDENCE_PAGE,
            "dates": [dates[0], dates[-1]] if dates else [],
            "confidence": any("confidence" in e or any("confidence" in ev for ev in e["evidence"]) for e in edges),
        },
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
