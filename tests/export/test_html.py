"""The HTML page: escaping, self-containment, the data it carries, layout and reductions.

Graphs are built from records directly (no spaCy), with entities and sentences written for these
tests about many countries.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from diplograph.errors import ExportError
from diplograph.export import html
from diplograph.export.html import graph_data, layout, reduce_graph, to_html, write_html
from diplograph.graph import KnowledgeGraph
from diplograph.model import Document, Entity, EntityType, Evidence, Modality, Post, Relation

DATA_SCRIPT = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.DOTALL)


def doc(doc_id: str, title: str | None = None) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "", f"hash-{doc_id}", title=title)


def ent(
    key: str,
    label: str,
    kind: EntityType,
    docs: tuple[str, ...] = ("d1",),
    aliases: tuple[str, ...] = (),
    mentions: int = 1,
) -> Entity:
    return Entity(key, label, kind, aliases=aliases, documents=docs, mention_count=mentions)


def rel(
    kind: str,
    source: str,
    target: str,
    modality: Modality = Modality.ASSERTED,
    text: str = "",
    doc_id: str = "d1",
    speakers: tuple[str, ...] = (),
) -> Relation:
    evidence = Evidence(doc_id, 0, len(text), text or f"{source} {kind} {target}.", speakers[0] if speakers else None)
    return Relation(kind, source, target, modality, (evidence,), speakers)


def make_kg(
    entities: list[Entity],
    relations: list[Relation] = (),
    posts: list[Post] = (),
    documents: list[Document] | None = None,
) -> KnowledgeGraph:
    documents = documents or [doc("d1", "Dépêche du matin"), doc("d2", "Analyse du soir")]
    return KnowledgeGraph(
        documents={d.id: d for d in documents},
        entities={e.key: e for e in entities},
        posts={(p.person, p.title, p.organization): p for p in posts},
        relations={r.merge_key: r for r in relations},
    )


@pytest.fixture
def small_kg() -> KnowledgeGraph:
    entities = [
        ent("state/BRA", "Brésil", EntityType.STATE, ("d1", "d2"), ("brésilien", "Brasilia"), 9),
        ent("state/ARG", "Argentine", EntityType.STATE, ("d1",), ("argentin",), 4),
        ent("state/KEN", "Kenya", EntityType.STATE, ("d2",), (), 3),
        ent("state/ETH", "Éthiopie", EntityType.STATE, ("d2",), ("éthiopien",), 2),
        ent("org/AU", "Union africaine", EntityType.INTERNATIONAL_ORGANIZATION, ("d2",), ("UA",), 2),
        ent("person/amina-diallo", "Amina Diallo", EntityType.PERSON, ("d2",), ("Mme Diallo",), 2),
        ent("media/radio-sud", "Radio Sud", EntityType.MEDIA_OUTLET, ("d1",), (), 1),
    ]
    relations = [
        rel(
            "arms_supply",
            "state/BRA",
            "state/ARG",
            Modality.HYPOTHETICAL,
            "Le Brésil pourrait livrer des blindés à l'Argentine, selon Radio Sud.",
            speakers=("media/radio-sud",),
        ),
        rel(
            "criticism",
            "state/KEN",
            "state/ETH",
            Modality.REPORTED,
            "Nairobi aurait dénoncé les manœuvres éthiopiennes.",
            "d2",
        ),
        rel("conflict", "state/ETH", "state/KEN", Modality.NEGATED, "L'Éthiopie n'a jamais menacé le Kenya.", "d2"),
        rel(
            "alliance", "state/ARG", "state/BRA", Modality.ASSERTED, "Buenos Aires et Brasilia ont signé une alliance."
        ),
        rel("membership", "state/KEN", "org/AU", Modality.ASSERTED, "Le Kenya siège à l'Union africaine.", "d2"),
    ]
    posts = [
        Post(
            "person/amina-diallo",
            "commissaire",
            "org/AU",
            (Evidence("d2", 0, 40, "Amina Diallo, commissaire de l'Union africaine"),),
        )
    ]
    return make_kg(entities, relations, posts)


def embedded(page: str) -> dict:
    match = DATA_SCRIPT.search(page)
    assert match, "the page has no graph-data script"
    return json.loads(match.group(1))


HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '"><img src=x onerror="window.__pwned = 2">',
    "</script><script>alert(3)</script>",
    "<!--<script>",
    "&lt;b&gt; déjà échappé &amp; ré-échappé",
    "/*GRAPH_DATA*/ /*VIS_JS*/ /*PAGE_JS*/",
    "\u2028 séparateur de ligne \u2029",
]


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("where", ["title", "label", "alias", "evidence", "post"])
def test_untrusted_text_stays_data(where: str, hostile: str) -> None:
    documents = [doc("d1", hostile if where == "title" else "Dépêche")]
    entities = [
        ent(
            "state/PER",
            hostile if where == "label" else "Pérou",
            EntityType.STATE,
            aliases=(hostile,) if where == "alias" else (),
        ),
        ent("state/CHL", "Chili", EntityType.STATE),
        ent("person/x", "Rosa Quispe", EntityType.PERSON),
    ]
    relations = [
        rel("support", "state/PER", "state/CHL", text=hostile if where == "evidence" else "Lima soutient Santiago.")
    ]
    posts = [Post("person/x", hostile if where == "post" else "ministre", "state/PER")]
    page = to_html(make_kg(entities, relations, posts, documents))
    benign = to_html(make_kg(entities[1:], [], [], [doc("d1", "Dépêche")]))
    # no script or element more than in a benign page, and none of the hostile markup survives as markup
    for tag in (r"<script\b", r"</script", r"<img\b", r"<!--"):
        assert len(re.findall(tag, page, re.IGNORECASE)) == len(re.findall(tag, benign, re.IGNORECASE)), tag
    for fragment in ("<script>window", "<img src=x", "</script><script>alert", "<!--<script>"):
        assert fragment not in page
    data = embedded(page)
    carried = json.dumps(data, ensure_ascii=False)
    assert hostile in carried or json.dumps(hostile, ensure_ascii=False)[1:-1] in carried


def test_placeholders_in_article_text_are_not_expanded() -> None:
    text = "Note : /*VIS_JS*/ et /*GRAPH_DATA*/ ne sont que du texte."
    kg = make_kg(
        [ent("state/NOR", "Norvège", EntityType.STATE), ent("state/SWE", "Suède", EntityType.STATE)],
        [rel("meeting", "state/NOR", "state/SWE", text=text)],
    )
    page = to_html(kg)
    assert embedded(page)["edges"][0]["evidence"][0]["text"] == text
    assert len(page) < len(to_html(make_kg([]))) + 5_000  # the vis script was not pasted into the data


def test_page_loads_nothing_from_the_network(small_kg: KnowledgeGraph) -> None:
    page = to_html(small_kg)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"""\b(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import", page)
    for url in re.findall(r"url\(\s*['\"]?([^'\")]*)", page):
        assert url.startswith("data:"), url
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp and "default-src 'none'" in csp.group(1) and "connect-src 'none'" in csp.group(1)
    assert "vis.Network" in page  # vis-network is inlined, not linked


def test_edges_carry_type_modality_evidence_and_speaker(small_kg: KnowledgeGraph) -> None:
    data = graph_data(small_kg)
    edges = {(e["type"], e["from"], e["to"]): e for e in data["edges"]}
    supply = edges[("arms_supply", "state/BRA", "state/ARG")]
    assert supply["modality"] == "hypothetical" and supply["directed"]
    assert supply["attributed"] == ["Radio Sud"]
    assert supply["evidence"][0]["text"].startswith("Le Brésil pourrait livrer")
    assert data["documents"][supply["evidence"][0]["doc"]]["title"] == "Dépêche du matin"
    assert supply["evidence"][0]["speaker"] == "Radio Sud"
    assert edges[("conflict", "state/ETH", "state/KEN")]["modality"] == "negated"
    assert not edges[("alliance", "state/ARG", "state/BRA")]["directed"]  # symmetric: no arrow
    post = edges[("post", "person/amina-diallo", "org/AU")]
    assert post["title"] == "commissaire" and post["evidence"][0]["text"].startswith("Amina Diallo")
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_nodes_carry_type_aliases_documents_and_size(small_kg: KnowledgeGraph) -> None:
    data = graph_data(small_kg)
    nodes = {n["id"]: n for n in data["nodes"]}
    brazil = nodes["state/BRA"]
    assert brazil["type"] == "State" and brazil["aliases"] == ["brésilien", "Brasilia"]
    assert [data["documents"][i]["title"] for i in brazil["docs"]] == ["Dépêche du matin", "Analyse du soir"]
    assert brazil["value"] > nodes["media/radio-sud"]["value"]  # more mentions and links, bigger node
    assert {t["id"] for t in data["types"]} == {t.value for t in EntityType}
    assert [m["id"] for m in data["modalities"]] == [m.value for m in Modality]
    assert {r["id"] for r in data["relation_types"]} == {
        "arms_supply",
        "criticism",
        "conflict",
        "alliance",
        "membership",
        "post",
    }


def test_summary_counts_asserted_relations_apart(small_kg: KnowledgeGraph) -> None:
    summary = graph_data(small_kg)["summary"]
    assert (summary["relations"], summary["asserted"], summary["posts"]) == (5, 2, 1)


def test_parallel_edges_are_ranked(small_kg: KnowledgeGraph) -> None:
    ranks = sorted(
        e["rank"] for e in graph_data(small_kg)["edges"] if {e["from"], e["to"]} == {"state/KEN", "state/ETH"}
    )
    assert ranks == [0, 1]


def big_graph(nodes: int, edges: int) -> KnowledgeGraph:
    entities = [ent(f"state/X{i}", f"Pays {i}", EntityType.STATE) for i in range(nodes)]
    relations = [
        rel("meeting", f"state/X{i % nodes}", f"state/X{(i + 1 + i // nodes) % nodes}", text=f"Rencontre {i}.")
        for i in range(edges)
    ]  # distinct pairs while edges < nodes²
    return make_kg(entities, relations)


def test_small_graph_keeps_physics(small_kg: KnowledgeGraph) -> None:
    settings = graph_data(small_kg)["settings"]
    assert settings["physics"] and not settings["big"]
    assert all("x" not in n for n in graph_data(small_kg)["nodes"])


def test_large_graph_gets_a_computed_layout_without_physics() -> None:
    data = graph_data(big_graph(html.LAYOUT_MIN_NODES, html.EDGE_LABELS_MAX + 50))
    assert len(data["edges"]) == html.EDGE_LABELS_MAX + 50
    assert not data["settings"]["physics"] and data["settings"]["big"]
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) == len(data["nodes"]) and all(math.isfinite(x) and math.isfinite(y) for x, y in points)


def test_layout_is_deterministic_and_pulls_neighbours_together() -> None:
    ids = [f"n{i}" for i in range(60)]
    ring = [(ids[i], ids[(i + 1) % 30]) for i in range(30)]  # a 30-ring, and 30 nodes linked to nothing
    pos = layout(ids, ring)
    assert pos == layout(ids, ring)

    def dist(a: str, b: str) -> float:
        return math.dist(pos[a], pos[b])

    linked = sum(dist(a, b) for a, b in ring) / len(ring)
    unlinked = sum(dist(ids[i], ids[(i + 15) % 30]) for i in range(30)) / 30
    assert linked < unlinked
    assert layout([], []) == {}
    assert layout(["alone"], []) == {"alone": (0.0, 0.0)}


def test_reduce_by_document_count(small_kg: KnowledgeGraph) -> None:
    reduced = reduce_graph(small_kg, min_documents=2)
    assert set(reduced.entities) == {"state/BRA"}
    assert not reduced.relations and not reduced.posts
    assert reduced.documents == small_kg.documents
    assert len(small_kg.entities) == 7  # the input is not modified


def test_reduce_to_top_degree(small_kg: KnowledgeGraph) -> None:
    reduced = reduce_graph(small_kg, top=2)
    assert set(reduced.entities) == {"state/KEN", "org/AU"}  # degree 3, then the first key among degree 2
    degree = html._degrees(small_kg)
    kept = sorted(degree[k] for k in reduced.entities)
    dropped = max(degree[k] for k in small_kg.entities if k not in reduced.entities)
    assert min(kept) >= dropped
    assert all(r.source in reduced.entities and r.target in reduced.entities for r in reduced.relations.values())


@pytest.mark.parametrize(
    ("name", "radius", "expected"),
    [
        ("ethiopie", 1, {"state/ETH", "state/KEN"}),  # accents and case ignored
        ("Éthiopie", 2, {"state/ETH", "state/KEN", "org/AU"}),
        ("UA", 1, {"org/AU", "state/KEN", "person/amina-diallo"}),  # an alias; posts count as links
        ("brasilia", 0, {"state/BRA"}),
    ],
)
def test_reduce_to_ego_graph(small_kg: KnowledgeGraph, name: str, radius: int, expected: set[str]) -> None:
    assert set(reduce_graph(small_kg, ego=name, radius=radius).entities) == expected


def test_unknown_ego_is_one_clear_error(small_kg: KnowledgeGraph) -> None:
    with pytest.raises(ExportError, match="no entity named 'Atlantide'"):
        reduce_graph(small_kg, ego="Atlantide")


def test_write_html_is_atomic_and_reports_unwritable_paths(small_kg: KnowledgeGraph, tmp_path: Path) -> None:
    out = write_html(small_kg, tmp_path / "sub" / "graph.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_html(small_kg, blocker / "graph.html")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_reductions_apply_to_the_page_only(small_kg: KnowledgeGraph, tmp_path: Path, monkeypatch, capsys) -> None:
    import diplograph.api
    from diplograph import cli

    monkeypatch.setattr(diplograph.api, "build", lambda *args, **kwargs: small_kg)
    monkeypatch.setattr(diplograph.api, "count_documents", lambda inputs: 2)
    code = cli.main(["build", "anything", "--out", str(tmp_path), "--formats", "html", "--ego", "kenya", "-q"])
    assert code == 0
    data = embedded((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == {"state/KEN", "state/ETH", "org/AU"}
    code = cli.main(
        ["build", "anything", "--out", str(tmp_path / "none"), "--formats", "html", "--ego", "Atlantide", "-q"]
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and err == ["diplograph: error: --ego: no entity named 'Atlantide' in the graph"]
    assert not (tmp_path / "none" / "graph.html").exists()


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("Titre fourni", "Une autre ligne de quatre mots", "Titre fourni"),
        (
            None,
            "Afrique\n\n  Le Sénégal   accueille un sommet régional\nSuite.",
            "Le Sénégal accueille un sommet régional",
        ),
        (None, "Rubrique\nTrois mots seulement", "d9.txt"),
        (None, "", "d9.txt"),
    ],
)
def test_document_title_falls_back_to_the_first_real_line(title: str | None, text: str, expected: str) -> None:
    assert html.document_title(Document("d9", "d9.txt", text, "h", title=title)) == expected


def test_long_first_lines_are_cut() -> None:
    line = "Le parlement du Chili adopte " + "une très longue phrase " * 20
    cut = html.document_title(Document("d", "d.txt", line, "h"), width=60)
    assert len(cut) == 60 and cut.endswith("…") and line.startswith(cut[:-1])


def test_cli_keeps_the_page_within_its_budget(small_kg: KnowledgeGraph, tmp_path: Path, monkeypatch, capsys) -> None:
    import diplograph.api
    from diplograph import cli

    monkeypatch.setattr(diplograph.api, "build", lambda *args, **kwargs: small_kg)
    monkeypatch.setattr(diplograph.api, "count_documents", lambda inputs: 2)
    monkeypatch.setattr(html, "COMFORT_ENTITIES", 3)
    assert cli.main(["build", "x", "--out", str(tmp_path), "--formats", "html", "ttl"]) == 0
    captured = capsys.readouterr()
    assert "above the page's 3/10000: it keeps the best-connected" in captured.err
    assert "page:      3 of 7 entities" in captured.out
    assert len(embedded((tmp_path / "graph.html").read_text(encoding="utf-8"))["nodes"]) == 3
    assert "Radio Sud" in (tmp_path / "graph.ttl").read_text(encoding="utf-8")  # the Turtle keeps everything
    assert cli.main(["build", "x", "--out", str(tmp_path), "--formats", "html", "--top", "3", "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_fit_budget_keeps_the_best_connected(small_kg: KnowledgeGraph) -> None:
    assert html.fit_budget(small_kg) is small_kg
    fitted = html.fit_budget(small_kg, entities=3, relations=2)
    assert len(fitted.entities) == 3 and len(fitted.relations) <= 2
    assert all(r.source in fitted.entities and r.target in fitted.entities for r in fitted.relations.values())
    # the ends of the kept relations first, then a linked entity; the unlinked media outlet is dropped
    ends = {r.source for r in fitted.relations.values()} | {r.target for r in fitted.relations.values()}
    assert len(ends) == 2 and ends < set(fitted.entities)
    assert "media/radio-sud" not in fitted.entities
    assert fitted.documents == small_kg.documents and len(small_kg.entities) == 7


def test_entities_are_ranked_by_their_connected_part_then_links(small_kg: KnowledgeGraph) -> None:
    nodes = sorted(graph_data(small_kg)["nodes"], key=lambda n: n["rank"])
    # Kenya, Ethiopia, the AU and its commissioner form the larger part; Brazil-Argentina the smaller; Radio Sud none
    assert [n["id"] for n in nodes][:4] == ["state/KEN", "state/ETH", "org/AU", "person/amina-diallo"]
    assert {n["id"] for n in nodes[4:6]} == {"state/BRA", "state/ARG"}
    assert nodes[-1]["id"] == "media/radio-sud" and nodes[-1]["degree"] == 0
    assert graph_data(small_kg)["settings"]["view"] == 6  # every linked entity: the graph is small


def test_the_default_view_stops_before_too_many_pairs() -> None:
    data = graph_data(big_graph(200, 4000))
    view = data["settings"]["view"]
    ranked = {n["id"] for n in data["nodes"] if n["rank"] < view}
    pairs = {tuple(sorted((e["from"], e["to"]))) for e in data["edges"] if e["from"] in ranked and e["to"] in ranked}
    assert 10 <= view < 200 and len(pairs) <= html.VIEW_EDGES


def test_evidence_marks_the_names_of_both_ends(small_kg: KnowledgeGraph) -> None:
    edges = {(e["from"], e["type"]): e for e in graph_data(small_kg)["edges"]}
    supply = edges[("state/BRA", "arms_supply")]["evidence"][0]
    marked = [(supply["text"][a:b], role) for a, b, role in supply["hl"]]
    assert marked == [("Brésil", "s"), ("Argentine", "t")]
    denial = edges[("state/ETH", "conflict")]["evidence"][0]  # accents and case do not hide a name
    assert [(denial["text"][a:b], role) for a, b, role in denial["hl"]] == [("Éthiopie", "s"), ("Kenya", "t")]
    post = edges[("person/amina-diallo", "post")]["evidence"][0]
    assert [post["text"][a:b] for a, b, _r in post["hl"]] == ["Amina Diallo", "Union africaine"]


def test_dates_come_from_the_documents_and_urls_are_kept_only_when_safe() -> None:
    documents = [
        Document("d1", "d1.txt", "", "h1", title="Sommet", url="https://example.org/a?b=1", date="2024-03-05"),
        Document("d2", "d2.txt", "", "h2", title="Piège", url="javascript:alert(1)", date="2023-11"),
        Document("d3", "d3.txt", "", "h3", title="Sans date", url="ftp://example.org/x"),
    ]
    entities = [ent("state/PER", "Pérou", EntityType.STATE, ("d1", "d2", "d3")), ent("state/CHL", "Chili", EntityType.STATE)]
    relations = [
        rel("meeting", "state/PER", "state/CHL", text="Le Pérou et le Chili se sont rencontrés.", doc_id="d1"),
        rel("criticism", "state/PER", "state/CHL", text="Le Pérou a critiqué le Chili.", doc_id="d2"),
        rel("support", "state/PER", "state/CHL", text="Le Pérou soutient le Chili.", doc_id="d3"),
    ]
    data = graph_data(make_kg(entities, relations, documents=documents))
    assert [(d["url"], d["date"]) for d in data["documents"]] == [("https://example.org/a?b=1", "2024-03-05"), ("", "2023-11"), ("", "")]
    assert {e["type"]: e["evidence"][0]["date"] for e in data["edges"]} == {"meeting": "2024-03-05", "criticism": "2023-11", "support": ""}
    assert data["settings"]["dates"] == ["2023-11", "2024-03-05"]


def test_confidence_date_and_rule_of_the_records_are_read() -> None:
    from dataclasses import replace

    base = rel("sanctions", "state/NOR", "state/ISL", text="La Norvège sanctionne l'Islande.")
    evidence = replace(base.evidence[0], rule="sanctions/verb:sanctionner/subj>obj", confidence=0.62)
    scored = replace(base, evidence=(evidence,), date="2021-06-02", date_kind="event")
    entities = [ent("state/NOR", "Norvège", EntityType.STATE), ent("state/ISL", "Islande", EntityType.STATE)]
    data = graph_data(make_kg(entities, [scored]))
    edge = data["edges"][0]
    assert edge["confidence"] == 0.62 and edge["rule"] == "sanctions/verb:sanctionner/subj>obj"
    assert edge["evidence"][0]["date"] == "2021-06-02"
    assert edge["evidence"][0]["event_date"]  # the document has no date: this one is the event's
    assert data["settings"]["confidence"]


def test_a_wikidata_id_of_richer_entities_becomes_a_link_and_nothing_else_does() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Linked(Entity):
        wikidata: str | None = None

    entities = [
        Linked("state/NOR", "Norvège", EntityType.STATE, documents=("d1",), wikidata="Q20"),
        Linked("state/ISL", "Islande", EntityType.STATE, documents=("d1",), wikidata="javascript:alert(1)"),
        ent("state/DNK", "Danemark", EntityType.STATE),
    ]
    links = {n["id"]: n["wikidata"] for n in graph_data(make_kg(entities))["nodes"]}
    assert links == {"state/NOR": "https://www.wikidata.org/wiki/Q20", "state/ISL": "", "state/DNK": ""}


def test_corroboration_and_contradictions(small_kg: KnowledgeGraph) -> None:
    entities = [ent("state/MAR", "Maroc", EntityType.STATE, ("d1", "d2")), ent("state/DZA", "Algérie", EntityType.STATE, ("d1", "d2"))]
    sold = Relation(
        "arms_supply",
        "state/MAR",
        "state/DZA",
        Modality.ASSERTED,
        (
            Evidence("d1", 0, 30, "Le Maroc a livré des armes à l'Algérie.", "state/MAR"),
            Evidence("d2", 0, 30, "Le Maroc a bien livré des armes à l'Algérie.", "state/DZA"),
        ),
    )
    denied = rel("arms_supply", "state/MAR", "state/DZA", Modality.NEGATED, "Le Maroc n'a livré aucune arme à l'Algérie.", "d2")
    other = rel("criticism", "state/MAR", "state/DZA", Modality.NEGATED, "Le Maroc ne critique pas l'Algérie.")
    edges = {(e["type"], e["modality"]): e for e in graph_data(make_kg(entities, [sold, denied, other]))["edges"]}
    asserted, negated = edges[("arms_supply", "asserted")], edges[("arms_supply", "negated")]
    assert (asserted["sources"], asserted["speakers"]) == (2, 2)
    assert asserted["contradicts"] == [negated["id"]] and negated["contradicts"] == [asserted["id"]]
    assert "contradicts" not in edges[("criticism", "negated")]


def test_layout_packs_components_apart_and_lays_the_core_out_first() -> None:
    ids = [f"n{i}" for i in range(40)]
    pairs = [(ids[i], ids[i + 1]) for i in range(19)] + [(ids[20 + i], ids[21 + i]) for i in range(9)]
    pos = layout(ids, pairs, core={ids[0], ids[1], ids[2]})

    def box(group: list[str]) -> tuple[float, float, float, float]:
        xs, ys = [pos[n][0] for n in group], [pos[n][1] for n in group]
        return min(xs), min(ys), max(xs), max(ys)

    first, second = box(ids[:20]), box(ids[20:30])
    overlap = first[0] <= second[2] and second[0] <= first[2] and first[1] <= second[3] and second[1] <= first[3]
    assert not overlap  # two components never share space
    assert len({pos[n] for n in ids}) == len(ids)  # no two nodes at one point, isolated ones included
    assert pos == layout(ids, pairs, core={ids[0], ids[1], ids[2]})


def test_the_page_is_written_piece_by_piece_as_the_whole_string_would_be(tmp_path: Path) -> None:
    import io

    from diplograph.export.html import _json_for_script, _write_json_for_script

    kg = make_kg([ent("state/FRA", "France", EntityType.STATE), ent("org/x", "</script><b>&amp;", EntityType.MEDIA_OUTLET)],
                 [rel("criticism", "org/x", "state/FRA", text="« </script> » & <img src=x onerror=alert(1)>")],
                 [], [doc("d1", "Dépêche <b>")])
    data = graph_data(kg)
    written = io.StringIO()
    _write_json_for_script(data, written)
    assert written.getvalue() == _json_for_script(data)
    assert write_html(kg, tmp_path / "graph.html").read_text(encoding="utf-8") == to_html(kg)


def overlapping(
    points: dict[str, tuple[float, float]], labels: dict[str, str], scales: dict[str, float] | None = None
) -> list[tuple[str, str]]:
    found = []
    keys = sorted(points)
    box = {k: html.label_box(labels[k], (scales or {}).get(k, 0.5)) for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            (wa, ha, da), (wb, hb, db) = box[a], box[b]
            dx, dy = abs(points[a][0] - points[b][0]), abs(points[a][1] + da - points[b][1] - db)
            if dx < (wa + wb) / 2 - 1 and dy < (ha + hb) / 2 - 1:  # 1 px for the rounding of positions
                found.append((a, b))
    return found


def test_the_labels_of_the_default_view_do_not_overlap() -> None:
    kg = big_graph(html.LAYOUT_MIN_NODES, 600)
    for i, key in enumerate(sorted(kg.entities)):  # nodes of many sizes, as in a corpus
        kg.entities[key] = Entity(key, f"Pays numéro {i}", EntityType.STATE, documents=("d1",), mention_count=1 + (i * 7) % 40)
    data = graph_data(kg)
    view = {n["id"]: n for n in data["nodes"] if n["rank"] < data["settings"]["view"]}
    assert len(view) >= 10
    scales = html.value_scales({k: n["value"] for k, n in view.items()})
    assert len(set(scales.values())) > 3
    points = {k: (n["x"], n["y"]) for k, n in view.items()}
    assert overlapping(points, {k: n["label"] for k, n in view.items()}, scales) == []


def test_spread_labels_separates_nodes_at_one_point() -> None:
    import numpy as np

    labels = {f"n{i}": "Organisation des États américains"[: 5 + i] for i in range(12)}
    pos = {key: np.zeros(2) for key in labels}
    html.spread_labels(pos, list(labels), labels)
    assert overlapping({k: tuple(p) for k, p in pos.items()}, labels) == []
