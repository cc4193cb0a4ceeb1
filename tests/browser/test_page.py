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
HOSTILE_URL = "javascript:window.__pwned = 5"
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
    hostile = Document(
        "hostile", "hostile.txt", HOSTILE_SENTENCE, "hash-hostile", title=HOSTILE_TITLE, url=HOSTILE_URL, date="2024-02-30"
    )
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
    # by default: every linked entity (the seeds are far below the view's size), the unlinked ones one click away
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert set(page.evaluate("window.diplograph.visibleNodeIds()")) == linked
    assert len(page.evaluate("window.diplograph.shownEdgeIds()")) == len(data["edges"]) > 0
    # each edge is drawn, or stands within the one drawn edge of a dense pair
    drawn, bundles = set(page.evaluate("window.diplograph.visibleEdgeIds()")), page.evaluate("window.diplograph.bundles()")
    assert drawn | {e for members in bundles.values() for e in members} == {e["id"] for e in data["edges"]}
    assert set(bundles) <= drawn and all(len(members) >= 4 for members in bundles.values())
    page.check("#show-isolated")
    assert sorted(page.evaluate("window.diplograph.visibleNodeIds()")) == sorted(n["id"] for n in data["nodes"])
    isolated = len(data["nodes"]) - len(linked)
    assert page.locator("#isolated-label").inner_text() == f"Montrer les entités sans relation ({isolated})"
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
    page.check("#show-isolated")
    page.click("input[data-filter=type][data-value=State]")
    visible = set(page.evaluate("window.diplograph.visibleNodeIds()"))
    assert visible == {n for n, t in kind.items() if t != "State"}
    for edge_id in page.evaluate("window.diplograph.shownEdgeIds()"):
        edge = next(e for e in data["edges"] if e["id"] == edge_id)
        assert kind[edge["from"]] != "State" and kind[edge["to"]] != "State"
    page.click("input[data-filter=type][data-value=State]")
    assert len(page.evaluate("window.diplograph.visibleNodeIds()")) == len(data["nodes"])

    modality = next(e["modality"] for e in data["edges"] if e["modality"] != "asserted")
    page.click(f"input[data-filter=modality][data-value={modality}]")
    shown = set(page.evaluate("window.diplograph.shownEdgeIds()"))
    assert shown == {e["id"] for e in data["edges"] if e["modality"] != modality}
    page.click(f"input[data-filter=modality][data-value={modality}]")

    page.uncheck("#show-isolated")
    linked = {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}
    assert set(page.evaluate("window.diplograph.visibleNodeIds()")) == linked
    assert page.locator("#status").inner_text().startswith(f"{len(linked)} nœuds")
    page.check("#show-isolated")

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
    assert sorted(quotes) == sorted({ev["text"].strip() for ev in edge["evidence"]})
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
    assert page.locator("#panel a.src").count() == 0  # a javascript: address never becomes a link
    page.fill("#search", "onerror")  # the search over sentences shows them as text too
    assert page.locator("#results li[data-edge]").count() >= 1
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
    # the default view: the best-connected entities, drawn where the export placed them
    assert 10 <= len(before) <= data["settings"]["view"] < len(data["nodes"])
    for node in [n for n in data["nodes"] if n["id"] in before][:20]:
        point = before[node["id"]]  # vis rounds positions to whole pixels
        assert abs(point["x"] - node["x"]) < 1 and abs(point["y"] - node["y"]) < 1
    page.fill("#search", "organisation numero 7")
    page.press("#search", "Enter")
    page.wait_for_function("() => document.querySelector('#panel h2')?.textContent === 'Organisation numéro 7'")
    opened.assert_clean()
    page.close()


# ---- a real corpus: Wikinews articles on international affairs ---------------------------------

WIKINEWS = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "wikinews_fr.jsonl.gz"


@pytest.fixture(scope="module")
def wikinews_page(settings, nlp, tmp_path_factory) -> Path:
    """The page of 40 real Wikinews articles (every eighth one flagged `intl`, from the second: a spread of
    years and topics), built by the pipeline, with one evidence sentence per page so that paging shows."""
    import gzip
    import json

    from diplograph.api import build
    from diplograph.export import html

    if not WIKINEWS.is_file():
        pytest.skip(f"{WIKINEWS} is not beside this clone")
    with gzip.open(WIKINEWS, "rt", encoding="utf-8") as handle:
        international = [line for line in handle if json.loads(line).get("intl")]
    folder = tmp_path_factory.mktemp("wikinews")
    (folder / "sample.jsonl").write_text("".join(international[1::8][:40]), encoding="utf-8")
    kg = build([folder / "sample.jsonl"], settings)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html, "EVIDENCE_PAGE", 1)
        return write_html(kg, folder / "graph.html")


def test_wikinews_default_view_has_no_isolated_entity_and_a_timeline(browser, wikinews_page, artifacts) -> None:
    opened = open_page(browser, wikinews_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    visible_edges = {e["id"] for e in data["edges"]} & set(page.evaluate("window.diplograph.shownEdgeIds()"))
    ends = {e["from"] for e in data["edges"] if e["id"] in visible_edges} | {
        e["to"] for e in data["edges"] if e["id"] in visible_edges
    }
    visible = set(page.evaluate("window.diplograph.visibleNodeIds()"))
    assert visible and visible == ends  # every entity shown has a relation or post shown
    assert len(data["nodes"]) > 3 * len(visible)  # most entities of a news corpus have none: hidden
    page.check("#show-isolated")
    assert len(page.evaluate("window.diplograph.visibleNodeIds()")) == len(data["nodes"])
    page.uncheck("#show-isolated")
    assert set(page.evaluate("window.diplograph.visibleNodeIds()")) == visible
    # the date control and the timeline cover the corpus' years
    years = sorted({d["date"][:4] for d in data["documents"] if d["date"]})
    assert len(years) > 1 and data["settings"]["dates"][0][:4] == years[0]
    periods = page.locator("#timeline rect.bar").evaluate_all("bars => bars.map(b => b.getAttribute('data-period'))")
    assert periods[0] == years[0] and periods[-1] == years[-1]
    assert page.locator("#date-from").get_attribute("min") == data["settings"]["dates"][0]
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "wikinews_default.png"))
    opened.assert_clean()
    page.close()


def click_node(page, node_id: str) -> None:
    point = page.evaluate(
        "id => window.diplograph.network.canvasToDOM(window.diplograph.network.getPositions([id])[id])", node_id
    )
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_wikinews_click_a_node_lists_its_articles_as_links(browser, wikinews_page) -> None:
    opened = open_page(browser, wikinews_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    visible = set(page.evaluate("window.diplograph.visibleNodeIds()"))
    node = min((n for n in data["nodes"] if n["id"] in visible), key=lambda n: n["rank"])
    page.evaluate("ids => window.diplograph.network.fit({nodes: ids, animation: false})", [node["id"]])
    click_node(page, node["id"])
    page.wait_for_function("t => document.querySelector('#panel h2')?.textContent === t", arg=node["label"])
    links = page.locator("#panel a.src:not(.wikidata)")
    recent = sorted(node["docs"], key=lambda i: (data["documents"][i]["date"], -i), reverse=True)[:30]
    expected = [data["documents"][i] for i in recent if data["documents"][i]["url"]]
    assert expected and links.count() == len(expected)  # the most recent articles first
    for number, document in enumerate(expected):
        link = links.nth(number)
        assert link.get_attribute("href") == document["url"]
        assert link.inner_text() == document["title"]
        assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    opened.assert_clean()
    page.close()


def test_wikinews_click_an_edge_then_page_its_evidence(browser, wikinews_page, artifacts) -> None:
    opened = open_page(browser, wikinews_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    edge_id, x, y = edge_point(page, lambda e: True)
    page.mouse.click(x, y)
    edge = next(e for e in data["edges"] if e["id"] == edge_id)
    page.wait_for_selector("#panel blockquote")
    first = edge["evidence"][0] if len(edge["evidence"]) == 1 else None
    quote = page.locator("#panel blockquote").first.inner_text()
    assert quote in {ev["text"].strip() for ev in edge["evidence"]}
    if first:  # the names of the two ends are marked in the sentence, and its article is a link
        assert page.locator("#panel blockquote mark").all_inner_texts() == [first["text"][a:b] for a, b, _r in first["hl"]]
        document = data["documents"][first["doc"]]
        link = page.locator("#panel .group a.src")
        assert link.inner_text() == document["title"] and link.get_attribute("target") == "_blank"
        assert page.locator("#panel .group").get_attribute("data-doc") == str(first["doc"])
        assert (first.get("date") or document["date"]) in page.locator("#panel .meta").inner_text()  # the event's date, else the article's
    # the edge with the most distinct sentences, one per page: forward to the last, back to the first
    many = max(data["edges"], key=lambda e: (len({ev["text"] for ev in e["evidence"]}), e["id"]))
    sentences = {ev["text"].strip() for ev in many["evidence"]}
    assert len(sentences) >= 2, "no edge of the sample has two sentences: choose another sample"
    page.evaluate("id => window.diplograph.selectEdge(id)", many["id"])
    seen = [page.locator("#panel blockquote").inner_text()]
    assert page.locator("#panel .pager .prev").is_disabled()
    for number in range(2, len(sentences) + 1):
        page.click("#panel .pager .next")
        assert page.locator("#panel .pageno").inner_text() == f"page {number} / {len(sentences)}"
        seen.append(page.locator("#panel blockquote").inner_text())
    assert set(seen) == sentences and page.locator("#panel .pager .next").is_disabled()
    page.screenshot(path=str(artifacts / "wikinews_evidence.png"))
    page.click("#panel .pager .prev")
    assert page.locator("#panel blockquote").inner_text() == seen[-2]
    opened.assert_clean()
    page.close()


def in_period(date: str, low: str, high: str) -> bool:
    return bool(date) and date[: len(low)] >= low[: len(date)] and date[: len(high)] <= high[: len(date)]


def test_wikinews_filter_by_date(browser, wikinews_page) -> None:
    opened = open_page(browser, wikinews_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    edges = {e["id"]: e for e in data["edges"]}
    page.check("#show-isolated")
    everything = set(page.evaluate("window.diplograph.shownEdgeIds()"))
    # a click on the timeline's busiest year keeps the relations with a sentence of that year
    bars = page.locator("#timeline rect.bar")
    heights = bars.evaluate_all("bars => bars.map(b => Number(b.getAttribute('height')))")
    busiest = heights.index(max(heights))
    year = bars.nth(busiest).get_attribute("data-period")
    before = page.evaluate("[window.diplograph.network.getScale(), window.diplograph.network.getViewPosition()]")
    bars.nth(busiest).click()
    after = page.evaluate("[window.diplograph.network.getScale(), window.diplograph.network.getViewPosition()]")
    assert after != before  # the view re-fits on what the filter leaves
    box = page.locator("#graph canvas").bounding_box()
    for point in page.evaluate(
        "() => Object.values(window.diplograph.network.getPositions()).map(p => window.diplograph.network.canvasToDOM(p))"
    ):
        assert -1 <= point["x"] <= box["width"] + 1 and -1 <= point["y"] <= box["height"] + 1
    assert page.locator("#date-from").input_value() == f"{year}-01-01"
    assert page.locator("#date-to").input_value() == f"{year}-12-31"
    shown = set(page.evaluate("window.diplograph.shownEdgeIds()"))
    expected = {i for i in everything if any(ev["date"][:4] == year for ev in edges[i]["evidence"])}
    assert shown == expected and 0 < len(shown) < len(everything)
    nodes = set(page.evaluate("window.diplograph.visibleNodeIds()"))
    for node in data["nodes"]:
        if node["id"] in nodes:
            assert any(data["documents"][d]["date"][:4] == year for d in node["docs"])
    # the date inputs: a range of months
    dates = sorted({ev["date"] for e in data["edges"] for ev in e["evidence"] if ev["date"]})
    low, high = dates[len(dates) // 3], dates[2 * len(dates) // 3]
    page.fill("#date-from", low)
    page.fill("#date-to", high)
    page.locator("#date-to").dispatch_event("change")
    shown = set(page.evaluate("window.diplograph.shownEdgeIds()"))
    assert shown == {i for i in everything if any(in_period(ev["date"], low, high) for ev in edges[i]["evidence"])}
    listed = page.locator("#f-documents label").all_text_contents()
    assert listed and all(any(low <= d["date"] <= high and d["title"] in text for d in data["documents"]) for text in listed)
    # an edge outside the range still opens, its sentences marked as outside it
    outside = sorted(everything - shown)[0]
    page.evaluate("id => window.diplograph.selectEdge(id)", outside)
    assert page.locator("#panel blockquote.out").count() == page.locator("#panel blockquote").count() >= 1
    assert "hors de la période choisie" in page.locator("#panel .meta").first.inner_text()
    page.click("#date-clear")
    assert set(page.evaluate("window.diplograph.shownEdgeIds()")) == everything
    opened.assert_clean()
    page.close()


def test_wikinews_search_finds_a_word_of_an_evidence_sentence(browser, wikinews_page) -> None:
    opened = open_page(browser, wikinews_page)
    page = opened.page
    data = page.evaluate("window.diplograph.data")
    names = {fold(n) for node in data["nodes"] for n in (node["label"], *node["aliases"])}
    edge = next(e for e in data["edges"] if e["type"] != "post")
    sentence = edge["evidence"][0]["text"]
    # the longest word of the sentence that names no entity: only the search over sentences can find it
    word = max((w for w in re.findall(r"\w+", sentence) if not any(fold(w) in n for n in names)), key=len)
    page.fill("#search", word.upper())
    hits = page.locator("#results li[data-edge]")
    assert hits.count() >= 1
    ids = hits.evaluate_all("items => items.map(i => i.getAttribute('data-edge'))")
    found = [e for e in data["edges"] if e["id"] in ids]
    assert all(any(fold(word) in fold(ev["text"]) for ev in e["evidence"]) for e in found)
    target = edge["id"] if edge["id"] in ids else ids[0]
    page.locator(f"#results li[data-edge={target}]").dispatch_event("mousedown")
    page.wait_for_selector("#panel blockquote")
    assert any(fold(word) in fold(q) for q in page.locator("#panel blockquote").all_inner_texts())
    # the documents filter has a search of its own
    title = data["documents"][edge["evidence"][0]["doc"]]["title"]
    page.locator("details.filter", has_text="Documents").locator("summary").click()
    page.fill("#doc-search", title[:20])
    listed = page.locator("#f-documents label").all_text_contents()
    assert any(title in text for text in listed) and all(fold(title[:20]) in fold(text) for text in listed)
    opened.assert_clean()
    page.close()


def test_a_dense_pair_is_drawn_as_one_edge_that_lists_its_relations(browser, tmp_path) -> None:
    states = {"state/PRT": "Portugal", "state/ESP": "Espagne", "state/MAR": "Maroc"}
    entities = {k: Entity(k, v, EntityType.STATE, documents=("d",), mention_count=3) for k, v in states.items()}
    kinds = ["meeting", "support", "criticism", "sanctions", "military_cooperation"]
    relations = {}
    for number, kind in enumerate(kinds):
        text = f"Le Portugal et l'Espagne, phrase {number} sur la relation {kind}."
        relation = Relation(kind, "state/PRT", "state/ESP", Modality.ASSERTED, (Evidence("d", 0, len(text), text),))
        relations[relation.merge_key] = relation
    alone = Relation("meeting", "state/MAR", "state/ESP", Modality.REPORTED, (Evidence("d", 0, 9, "Le Maroc a reçu l'Espagne."),))
    relations[alone.merge_key] = alone
    kg = KnowledgeGraph(documents={"d": Document("d", "d.txt", "", "h", title="Sommet ibérique")}, entities=entities, relations=relations)
    opened = open_page(browser, write_html(kg, tmp_path / "pair.html"))
    page = opened.page
    freeze(opened)
    bundles = page.evaluate("window.diplograph.bundles()")
    assert len(bundles) == 1 and len(next(iter(bundles.values()))) == len(kinds)
    assert len(page.evaluate("window.diplograph.visibleEdgeIds()")) == 2  # the pair's edge and the Moroccan one
    assert len(page.evaluate("window.diplograph.shownEdgeIds()")) == len(kinds) + 1
    (bundle,) = bundles
    _edge, x, y = edge_point(page, lambda e: e["id"] == bundle)
    page.mouse.click(x, y)
    page.wait_for_selector("#panel ul a.rel")
    assert f"{len(kinds)} relations entre ces deux entités" in page.locator("#panel").inner_text()
    page.locator("#panel ul a.rel", has_text="critique").click()
    assert "critique" in page.locator("#panel h2").inner_text()
    assert page.locator("#panel blockquote").inner_text() == "Le Portugal et l'Espagne, phrase 2 sur la relation criticism."
    # filtering the pair below the threshold draws its edges one by one again
    page.click("input[data-filter=relation][data-value=sanctions]")
    page.click("input[data-filter=relation][data-value=support]")
    assert page.evaluate("window.diplograph.bundles()") == {}
    assert len(page.evaluate("window.diplograph.visibleEdgeIds()")) == len(kinds) - 2 + 1
    opened.assert_clean()
    page.close()


def test_a_graph_without_links_shows_its_entities(browser, tmp_path) -> None:
    entities = {
        f"state/{code}": Entity(f"state/{code}", name, EntityType.STATE, documents=("d",), mention_count=2)
        for code, name in (("FIN", "Finlande"), ("EST", "Estonie"), ("LVA", "Lettonie"))
    }
    kg = KnowledgeGraph(documents={"d": Document("d", "d.txt", "", "h", title="Baltique")}, entities=entities)
    opened = open_page(browser, write_html(kg, tmp_path / "alone.html"))
    page = opened.page
    assert sorted(page.evaluate("window.diplograph.visibleNodeIds()")) == sorted(entities)
    assert page.locator("#show-isolated").is_checked()
    assert page.locator("#timeline").inner_text() == "aucune date dans ce graphe"
    opened.assert_clean()
    page.close()


def test_the_confidence_slider_hides_weak_relations_and_the_view_refits(browser, tmp_path) -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Scored(Relation):  # relations as the extraction will give them, with a confidence
        confidence: float = 1.0

    names = {"state/SEN": "Sénégal", "state/MLI": "Mali", "state/GIN": "Guinée", "state/CIV": "Côte d'Ivoire"}
    entities = {k: Entity(k, v, EntityType.STATE, documents=("d",), mention_count=2) for k, v in names.items()}
    plan = [("support", "state/SEN", "state/MLI", 0.9), ("criticism", "state/GIN", "state/CIV", 0.3)]
    relations = {}
    for kind, source, target, confidence in plan:
        text = f"{names[source]} et {names[target]} : {kind}."
        relation = Scored(kind, source, target, Modality.ASSERTED, (Evidence("d", 0, len(text), text),), confidence=confidence)
        relations[relation.merge_key] = relation
    documents = {"d": Document("d", "d.txt", "", "h", title="Afrique de l'Ouest")}
    kg = KnowledgeGraph(documents=documents, entities=entities, relations=relations)
    opened = open_page(browser, write_html(kg, tmp_path / "scored.html"))
    page = opened.page
    freeze(opened)
    data = page.evaluate("window.diplograph.data")
    strong = next(e["id"] for e in data["edges"] if e["confidence"] == 0.9)
    assert len(page.evaluate("window.diplograph.shownEdgeIds()")) == 2
    page.locator("#confidence").fill("0.5")
    assert page.evaluate("window.diplograph.shownEdgeIds()") == [strong]
    assert page.locator("#confidence-value").inner_text() == "50 %"
    assert set(page.evaluate("window.diplograph.visibleNodeIds()")) == {"state/SEN", "state/MLI"}
    # the view re-fits on what is left: both remaining nodes well inside the canvas
    page.wait_for_timeout(600)
    box = page.locator("#graph canvas").bounding_box()
    for node in ("state/SEN", "state/MLI"):
        point = page.evaluate("id => window.diplograph.network.canvasToDOM(window.diplograph.network.getPositions([id])[id])", node)
        assert 0 < point["x"] < box["width"] and 0 < point["y"] < box["height"]
    page.evaluate("id => window.diplograph.selectEdge(id)", strong)
    assert "confiance 90 %" in page.locator("#panel").inner_text()
    opened.assert_clean()
    page.close()
