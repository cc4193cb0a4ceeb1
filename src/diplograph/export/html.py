"""A self-contained interactive HTML view: pyvis builds the network, our template renders it.

The vis-network script and style are read from the installed pyvis package and inlined, so the
page loads nothing from the network. Graph data travels as JSON inside a non-executable script
element with ``<``, ``>`` and ``&`` escaped, and the page inserts text with ``textContent`` only:
article text can never become markup.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from diplograph.export._atomic import atomic_write
from diplograph.graph import KnowledgeGraph
from diplograph.model import EntityType, Modality

TYPE_COLORS = {
    EntityType.STATE: "#1f77b4", EntityType.PERSON: "#ff7f0e", EntityType.INTERNATIONAL_ORGANIZATION: "#2ca02c",
    EntityType.GOVERNMENT_BODY: "#17becf", EntityType.THINK_TANK: "#9467bd", EntityType.MEDIA_OUTLET: "#8c564b",
    EntityType.CITY: "#7f7f7f", EntityType.REGION: "#bcbd22", EntityType.ARMED_GROUP: "#d62728",
    EntityType.COMPANY: "#e377c2", EntityType.AGREEMENT: "#aec7e8",
}
RELATION_COLORS = {
    "alliance": "#2ca02c", "arms_supply": "#d62728", "sanctions": "#9467bd", "sanctions_relief": "#c5b0d5",
    "military_cooperation": "#ff7f0e", "criticism": "#8c564b", "support": "#17becf", "meeting": "#1f77b4",
    "conflict": "#000000", "violation": "#e377c2", "membership": "#7f7f7f", "agreement_party": "#bcbd22",
}


@cache
def _vis_assets() -> tuple[str, str]:
    root = importlib_resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (root / "vis-network.min.js").read_text(encoding="utf-8"), (root / "vis-network.css").read_text(encoding="utf-8")


def _template() -> str:
    return (importlib_resources.files("diplograph") / "data" / "html" / "page.html").read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def graph_data(kg: KnowledgeGraph) -> dict[str, Any]:
    """Nodes, edges, options and side-panel details of the page (plain data, not markup)."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    names = {doc_id: doc.title or doc.file_name for doc_id, doc in kg.documents.items()}
    labels = {key: entity.label for key, entity in kg.entities.items()}
    net.nodes = [
        {"id": key, "label": e.label, "color": TYPE_COLORS[e.type], "shape": "dot",
         "value": max(1, e.mention_count), "group": e.type.value}
        for key, e in sorted(kg.entities.items())
    ]
    posts_of: dict[str, list[str]] = {}
    for post in kg.posts.values():
        org = labels.get(post.organization, post.organization)
        posts_of.setdefault(post.person, []).append(f"{post.title}, {org}" if post.title else f"membre de {org}")
    details = {
        key: {"label": e.label, "type": e.type.value, "aliases": list(e.aliases), "posts": sorted(posts_of.get(key, [])),
              "documents": [names.get(d, d) for d in e.documents]}
        for key, e in kg.entities.items()
    }
    edges, edge_details = [], {}
    for number, relation in enumerate(kg.iter_relations()):
        if relation.source not in labels or relation.target not in labels:
            continue
        edge_id = f"r{number}"
        edges.append({"id": edge_id, "from": relation.source, "to": relation.target,
                      "color": RELATION_COLORS.get(relation.type, "#999"), "label": relation.type,
                      "dashes": relation.modality is not Modality.ASSERTED, "arrows": "to",
                      "title": relation.evidence[0].text if relation.evidence else relation.type})
        edge_details[edge_id] = {
            "title": f"{labels[relation.source]} — {relation.type} → {labels[relation.target]}",
            "modality": relation.modality.value,
            "attributed": ", ".join(labels.get(s, s) for s in relation.attributed_to),
            "evidence": [{"text": ev.text, "document": names.get(ev.doc_id, ev.doc_id)} for ev in relation.evidence],
        }
    net.edges = edges
    options = {"physics": {"stabilization": {"iterations": 200}}, "interaction": {"hover": True},
               "nodes": {"font": {"size": 14}}, "edges": {"smooth": False, "font": {"size": 10}}}
    summary = kg.summary()
    return {"nodes": net.nodes, "edges": net.edges, "options": options, "details": details,
            "edge_details": edge_details, "colors": {t.value: c for t, c in TYPE_COLORS.items()},
            "summary": f"{summary['documents']} documents, {summary['entities']} entités, {summary['relations']} relations"}


def to_html(kg: KnowledgeGraph) -> str:
    """The whole page as a string (no external resource)."""
    js, css = _vis_assets()
    page = _template()
    # data first: the vis script itself may contain the placeholder strings of later steps
    page = page.replace("/*GRAPH_DATA*/", _json_for_script(graph_data(kg)))
    page = page.replace("/*VIS_CSS*/", css.replace("</style", "<\\/style"))
    return page.replace("/*VIS_JS*/", js.replace("</script", "<\\/script"))


def write_html(kg: KnowledgeGraph, path: str | Path) -> Path:
    """Write the page atomically; returns the path written."""
    page = to_html(kg)
    with atomic_write(path) as handle:
        handle.write(page)
    return Path(path)
