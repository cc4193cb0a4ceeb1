"""The exported page of the seeds in a real headless browser (Debian's Chromium, driven by Playwright).

Every request that is not the page file itself is aborted and recorded; each test asserts that
none was attempted and that the page raised no script error. If the seeds' graph has no relations
yet, relations are injected between its entities (with real sentences of the seeds as evidence),
so that edges are always checked.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from diplograph.export.html import write_html
from diplograph.graph import KnowledgeGraph
from diplograph.model import Document, Entity, EntityType, Evidence, Modality, Relation

pytestmark = [pytest.mark.browser, pytest.mark.model]

# the flags the page benchmark starts Chromium with (tests run with --import-mode=importlib: loaded by path)
_spec = importlib.util.spec_from_file_location("chromium", Path(__file__).parents[2] / "benchmarks" / "chromium.py")
assert _spec is not None and _spec.loader is not None
_chromium = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_chromium)
CHROMIUM_ARGS = _chromium.CHROMIUM_ARGS

HOSTILE_TITLE = '<script>window.__pwned = 1</script>"><img src=x onerror="window.__pwned = 2">'
HOSTILE_SENTENCE = (
    'Un communiqué <img src=y onerror="window.__pwned = 3"> a été publié </blockquote>'
    "<script>window.__pwned = 4</script>."
)


def chromium_path() -> str | None:
    return shutil.which("chromium") or (str(Path("/usr/bin/chromium")) if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium found: install it with `apt-get install -y chromium` (make browser)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
    )
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Opened:
    page: object
    left: list[str] = field(default_factory=list)  # requests that tried to leave the page
    errors: list[str] = field(default_factory=list)  # script errors and console errors

    def assert_clean(self) -> None:
        assert self.left == [], f"requests left the page: {self.left}"
        assert self.errors == [], f"page errors: {self.errors}"


def open_page(browser, path: Path, accept_downloads: bool = False) -> Opened:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=accept_downloads)
    opened = Opened(page)
    target = path.resolve().as_uri()

    def route(route) -> None:
        url = route.request.url
        if url == target:
            route.continue_()
        else:
            opened.left.append(url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: opened.errors.append(f"pageerror: {error}"))
    page.on(
        "console", lambda message: opened.errors.append(f"console: {message.text}") if message.type == "error" else None
    )
    page.goto(target)
    page.wait_for_selector("body[data-ready]", timeout=60_000)
    return opened


def _sentence_with(document: Document, names: tuple[str, ...]) -> tuple[int, int, str] | None:
    for match in re.finditer(r"[^.!?\n]+[.!?]", document.text):
        if any(name and name in match.group(0) for name in names):
            return match.start(), match.end(), match.group(0).strip()
    return None


def with_relations(kg: KnowledgeGraph) -> KnowledgeGraph:
    """A copy of ``kg``; when it has no relations, relations of each modality between its best-known entities."""
    copy = KnowledgeGraph(
        documents=dict(kg.documents), entities=dict(kg.entities), posts=dict(kg.posts), relations=dict(kg.relations)
    )
    if copy.relations:
        return copy
    ranked = sorted(kg.entities.values(), key=lambda e: (-e.mention_count, e.key))
    actors = [e for e in ranked if e.type in (EntityType.STATE, EntityType.INTERNATIONAL_ORGANIZATION)][:5]
    plan = [
        ("military_cooperation", 0, 1, Modality.ASSERTED),
        ("arms_supply", 0, 1, Modality.HYPOTHETICAL),
        ("criticism", 2, 0, Modality.REPORTED),
        ("sanctions", 3, 1, Modality.ASSERTED),
        ("meeting", 1, 4, Modality.NEGATED),
    ]
    for kind, a, b, modality in plan:
        source, target = actors[a % len(actors)], actors[b % len(actors)]
        evidence = []
        for doc_id in source.documents:
            found = _sentence_with(kg.documents[doc_id], (source.label, *source.aliases))
            if found:
                evidence.append(Evidence(doc_id, found[0], found[1], found[2]))
                break
        relation = Relation(
            kind,
            source.key,
            target.key,
            modality,
            tuple(evidence) or (Evidence(source.documents[0], 0, 1, f"{source.label} / {target.label} ({kind})"),),
        )
        copy.relations[relation.merge_key] = relation
    return copy


def with_hostile_document(kg: KnowledgeGraph) -> KnowledgeGraph:
    copy = with_relations(kg)
    hostile = Document("hostile", "hostile.txt", HOSTILE_SENTENCE, "hash-hostile", title=HOSTILE_TITLE)
    copy.documents[hostile.id] = hostile
    first, second = sorted(copy.entities)[:2]
    copy.entities[first] = Entity(
        **{
            **{f: getattr(copy.entities[first], f) for f in copy.entities[first].__slots__},
            "documents": (*copy.entities[first].documents, "hostile"),
        }
    )
    relation = Relation(
        "support", first, second, Modality.ASSERTED, (Evidence("hostile", 0, len(HOSTILE_SENTENCE), HOSTILE_SENTENCE),)
    )
    copy.relations[relation.merge_key] = relation
    return copy


@pytest.fixture(scope="module")
def seeds_page(seeds_kg, tmp_path_factory) -> Path:
    return write_html(with_relations(seeds_kg), tmp_path_factory.mktemp("page") / "graph.html")


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def freeze(opened: Opened) -> None:
    button = opened.page.locator("#physics")
    if button.text_content() == "Figer la disposition":
        button.click()
    assert button.text_content() == "Relancer la physique"


def test_renders_every_node_and_edge_with_a_legend(browser, seeds_page, seeds_kg, artifacts) -> None:
    opened = open_page(browser, seeds_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    assert len(data["nodes"]) == len(seeds_kg.entities) > 0
    assert sorted(page.evaluate("window.diplograph.visibleNodeIds()")) == sorted(n["id"] for n in data["nodes"])
    assert len(page.evaluate("window.diplograph.visibleEdgeIds()")) == len(data["edges"]) > 0
    positions = page.evaluate("window.diplograph.network.getPositions()")
    assert len(positions) == len(data["nodes"])
    page.mouse.click(*empty_point(page))  # before any selection: pyvis' page threw a script error here
    legend = page.locator("#legend").inner_text()
    assert "État" in legend and "hypothétique" in legend and "niée" in legend
    page.wait_for_timeout(1500)
    freeze(opened)
    page.screenshot(path=str(artifacts / "seeds_graph.png"))
    opened.assert_clean()
    page.close()


def test_search_is_accent_insensitive_and_focuses_the_node(browser, seeds_page) -> None:
    opened = open_page(browser, seeds_page)
    page = opened.page
    nodes = page.evaluate("window.diplograph.data.nodes")
    accented = [n for n in nodes if fold(n["label"]) != n["label"].lower()] or nodes
    target = max(accented, key=lambda n: n["value"])
    query = fold(target["label"])[: max(4, len(target["label"]) - 2)]
    page.fill("#search", query)
    labels = page.locator("#results li").all_inner_texts()
    assert any(text.startswith(target["label"]) for text in labels), labels
    page.locator("#results li", has_text=target["label"]).first.dispatch_event("mousedown")
    page.wait_for_function("t => document.querySelector('#panel h2')?.textContent === t", arg=target["label"])
    assert page.evaluate("window.diplograph.network.getSelectedNodes()") == [target["id"]]
    assert target["id"] in page.evaluate("window.diplograph.focused()")
    # an alias finds its entity too
    with_alias = next((n for n in nodes if n["aliases"]), None)
    if with_alias:
        page.fill("#search", fold(with_alias["aliases"][0]))
        assert any(t.startswith(with_alias["label"]) for t in page.locator("#results li").all_inner_texts())
    page.fill("#search", "zzqxw")
    assert page.locator("#results li").all_inner_texts() == ["Aucune entité trouvée"]
    opened.assert_clean()
    page.close()


def test_filters_hide_what_they_should(browser, seeds_page) -> None:
    opened = open_page(browser, seeds_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    kind = {n["id"]: n["type"] for n in data["nodes"]}
    page.click("input[data-filter=type][data-value=State]")
    visible = set(page.evaluate("window.diplograph.visibleNodeIds()"))
    assert visible == {n for n, t in kind.items() if t != "State"}
    for edge_id in page.evaluate("window.diplograph.visibleEdgeIds()"):
        edge = next(e for e in data["edges"] if e["id"] == edge_id)
        assert kind[edge["from"]] != "State" and kind[edge["to"]] != "State"
    page.click("input[data-filter=type][data-value=State]")
    assert len(page.evaluate("window.diplograph.visibleNodeIds()")) == len(data["nodes"])

    modality = next(e["modality"] for e in data["edges"] if e["modality"] != "asserted")
    page.click(f"input[data-filter=modality][data-value={modality}]")
    shown = set(page.evaluate("window.diplograph.visibleEdgeIds()"))
    assert shown == {e["id"] for e in data["edges"] if e["modality"] != modality}
    page.click(f"input[data-filter=modality][data-value={modality}]")

    page.check("#hide-isolated")
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert set(page.evaluate("window.diplograph.visibleNodeIds()")) == linked
    assert page.locator("#status").inner_text().startswith(f"{len(linked)} nœuds")
    page.uncheck("#hide-isolated")

    page.locator("details.filter", has_text="Documents").locator("summary").click()
    first_doc = page.locator("input[data-filter=document]").first
    first_doc.click()
    remaining = set(range(len(data["documents"]))) - {0}
    expected = {n["id"] for n in data["nodes"] if set(n["docs"]) & remaining}
    assert set(page.evaluate("window.diplograph.visibleNodeIds()")) == expected
    opened.assert_clean()
    page.close()


def edge_point(page, want) -> tuple[str, float, float]:
    """A point of the canvas where a real click lands on an edge accepted by ``want`` (and on no node)."""
    found = page.evaluate("""() => { const net = window.diplograph.network, out = [];
        for (const e of window.diplograph.data.edges) {
          const edge = net.body.edges[e.id]; if (!edge || edge.options.hidden) continue;
          for (const t of [0.5, 0.42, 0.58, 0.35, 0.65]) {
            const p = net.canvasToDOM(edge.edgeType.getPoint(t));
            if (net.getEdgeAt(p) === e.id && net.getNodeAt(p) === undefined) { out.push([e.id, p.x, p.y]); break; }
          } }
        return out; }""")
    data = {e["id"]: e for e in page.evaluate("window.diplograph.data.edges")}
    choices = [f for f in found if want(data[f[0]])]
    assert choices, "no clickable edge"
    box = page.locator("#graph canvas").bounding_box()
    edge_id, x, y = choices[0]
    return edge_id, box["x"] + x, box["y"] + y


def empty_point(page) -> tuple[float, float]:
    """A point of the canvas with no node and no edge under it."""
    box = page.locator("#graph canvas").bounding_box()
    empty = page.evaluate(
        """([w, h]) => { const net = window.diplograph.network;
        for (let x = 5; x < w; x += 23) for (let y = 5; y < h; y += 23)
          if (net.getNodeAt({x, y}) === undefined && net.getEdgeAt({x, y}) === undefined) return [x, y];
        return null; }""",
        [box["width"], box["height"]],
    )
    return box["x"] + empty[0], box["y"] + empty[1]


def test_clicking_an_edge_shows_its_evidence(browser, seeds_page) -> None:
    opened = open_page(browser, seeds_page)
    page = opened.page
    freeze(opened)
    page.wait_for_timeout(300)
    edge_id, x, y = edge_point(page, lambda e: e["type"] != "post" and e["modality"] != "asserted")
    page.mouse.click(x, y)
    edge = next(e for e in page.evaluate("window.diplograph.data.edges") if e["id"] == edge_id)
    page.wait_for_selector("#panel blockquote")
    quotes = page.locator("#panel blockquote").all_inner_texts()
    assert quotes == [ev["text"].strip() for ev in edge["evidence"]]
    panel = page.locator("#panel").inner_text()
    labels = {m["id"]: m["label"] for m in page.evaluate("window.diplograph.data.modalities")}
    assert labels[edge["modality"]] in panel and "non affirmée" in panel
    # clicking empty canvas clears the panel without a script error
    page.mouse.click(*empty_point(page))
    assert page.locator("#panel blockquote").count() == 0
    opened.assert_clean()
    page.close()


def test_clicking_a_node_shows_its_panel(browser, seeds_page, artifacts) -> None:
    opened = open_page(browser, seeds_page)
    page = opened.page
    freeze(opened)
    page.wait_for_timeout(300)
    data = page.evaluate("window.diplograph.data")
    degree = {n["id"]: sum(n["id"] in (e["from"], e["to"]) for e in data["edges"]) for n in data["nodes"]}
    node = max(data["nodes"], key=lambda n: (degree[n["id"]], n["id"]))
    point = page.evaluate(
        "id => window.diplograph.network.canvasToDOM(window.diplograph.network.getPositions([id])[id])", node["id"]
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("t => document.querySelector('#panel h2')?.textContent === t", arg=node["label"])
    panel = page.locator("#panel").inner_text()
    assert "Documents (" in panel
    for index in node["docs"]:
        assert data["documents"][index]["title"] in panel
    for alias in node["aliases"]:
        assert alias in panel
    relation_labels = {r["id"]: r["label"] for r in data["relation_types"]}
    for edge in data["edges"]:
        if node["id"] in (edge["from"], edge["to"]) and edge["type"] != "post":
            assert relation_labels[edge["type"]] in panel
    focused = set(page.evaluate("window.diplograph.focused()"))
    assert focused == {node["id"]} | {e["to"] for e in data["edges"] if e["from"] == node["id"]} | {
        e["from"] for e in data["edges"] if e["to"] == node["id"]
    }
    page.screenshot(path=str(artifacts / "seeds_selected.png"))
    opened.assert_clean()
    page.close()


def test_injected_markup_in_a_document_does_not_run(browser, seeds_kg, tmp_path, artifacts) -> None:
    path = write_html(with_hostile_document(seeds_kg), tmp_path / "hostile.html")
    opened = open_page(browser, path)
    page = opened.page
    edge = next(
        e
        for e in page.evaluate("window.diplograph.data.edges")
        if any(ev["text"] == HOSTILE_SENTENCE for ev in e["evidence"])
    )
    page.evaluate("id => window.diplograph.selectEdge(id)", edge["id"])
    assert page.locator("#panel blockquote").all_inner_texts() == [HOSTILE_SENTENCE]
    assert HOSTILE_TITLE in page.locator("#panel").inner_text()
    page.locator("details.filter", has_text="Documents").locator("summary").click()
    assert HOSTILE_TITLE in page.locator("#f-documents").inner_text()
    page.evaluate("id => window.diplograph.focusNode(id)", edge["from"])
    assert HOSTILE_TITLE in page.locator("#panel").inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img").count() == 0 and page.locator("script").count() == 3
    page.screenshot(path=str(artifacts / "hostile_document.png"))
    opened.assert_clean()
    page.close()


def test_png_export_of_the_view(browser, seeds_page, artifacts) -> None:
    opened = open_page(browser, seeds_page, accept_downloads=True)
    page = opened.page
    freeze(opened)
    with page.expect_download() as info:
        page.click("#png")
    target = artifacts / "seeds_view.png"
    info.value.save_as(target)
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 5_000
    opened.assert_clean()
    page.close()


def test_large_graph_uses_the_python_layout_without_physics(browser, tmp_path) -> None:
    from diplograph.export import html

    count = html.LAYOUT_MIN_NODES + 10
    entities = {
        f"org/o{i}": Entity(
            f"org/o{i}",
            f"Organisation numéro {i}",
            EntityType.INTERNATIONAL_ORGANIZATION,
            documents=("d",),
            mention_count=1 + i % 5,
        )
        for i in range(count)
    }
    relations = {}
    for i in range(count * 2):
        relation = Relation(
            "support",
            f"org/o{i % count}",
            f"org/o{(i * 3 + 1) % count}",
            Modality.REPORTED,
            (Evidence("d", 0, 5, f"Phrase {i}."),),
        )
        relations[relation.merge_key] = relation
    kg = KnowledgeGraph(
        documents={"d": Document("d", "d.txt", "", "h", title="Rapport annuel")}, entities=entities, relations=relations
    )
    opened = open_page(browser, write_html(kg, tmp_path / "large.html"))
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    assert data["settings"]["big"] and not data["settings"]["physics"]
    assert page.locator("#physics").text_content() == "Relancer la physique"
    before = page.evaluate("window.diplograph.network.getPositions()")
    page.wait_for_timeout(500)
    assert page.evaluate("window.diplograph.network.getPositions()") == before  # nothing moves
    for node in data["nodes"][:20]:
        point = before[node["id"]]  # vis rounds positions to whole pixels
        assert abs(point["x"] - node["x"]) < 1 and abs(point["y"] - node["y"]) < 1
    page.fill("#search", "organisation numero 7")
    page.press("#search", "Enter")
    page.wait_for_function("() => document.querySelector('#panel h2')?.textContent === 'Organisation numéro 7'")
    opened.assert_clean()
    page.close()
