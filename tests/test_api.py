"""The public Python API: lazy names, and the KnowledgeGraph methods notebook users call.

Most tests use a graph built by hand from records (no model); the last ones build from text.
"""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

import diplograph
from diplograph.errors import DiplographError, ExportError, MissingDependencyError
from diplograph.graph import KnowledgeGraph
from diplograph.ingest import make_document
from diplograph.model import DocResult, Document, Entity, EntityType, Evidence, Modality, Post, Relation

ROOT = Path(__file__).resolve().parents[1]

# Two short articles of our own (not the seeds), and the records an extraction would give for them.
SUPPLY = "Le Kenya a livré des véhicules blindés à l'Éthiopie."
MAYBE = "Selon la presse régionale, Nairobi pourrait aussi fournir des drones."
CRITICISM = "L'Union africaine a critiqué l'Éthiopie."
TEXT_A = " ".join([SUPPLY, MAYBE, CRITICISM])
TEXT_B = ("Mardi, le Kenya a livré des véhicules blindés à l'Éthiopie, a confirmé Amina Wanjiru, "
          "porte-parole du ministère.")


def _evidence(document: Document, sentence: str, speaker: str | None = None) -> Evidence:
    start = document.text.index(sentence)
    return Evidence(document.id, start, start + len(sentence), sentence, speaker)


def _entity(key: str, label: str, kind: EntityType, document: Document, mentions: int,
            iso3: str | None = None) -> Entity:
    return Entity(key, label, kind, aliases=(label.lower(),), iso3=iso3, documents=(document.id,),
                  mention_count=mentions)


def hand_built_graph(label_of_kenya: str = "Kenya") -> KnowledgeGraph:
    """Two documents: one arms supply in both (asserted), one hypothetical, one criticism, one post."""
    doc_a, doc_b = make_document(TEXT_A, "a.txt"), make_document(TEXT_B, "b.txt", title="Livraison confirmée")
    result_a = DocResult(
        doc_a,
        entities=(_entity("state/KEN", label_of_kenya, EntityType.STATE, doc_a, 3, "KEN"),
                  _entity("state/ETH", "Éthiopie", EntityType.STATE, doc_a, 2, "ETH"),
                  _entity("org/AU", "Union africaine", EntityType.INTERNATIONAL_ORGANIZATION, doc_a, 1)),
        relations=(Relation("arms_supply", "state/KEN", "state/ETH", Modality.ASSERTED, (_evidence(doc_a, SUPPLY),)),
                   Relation("arms_supply", "state/KEN", "state/ETH", Modality.HYPOTHETICAL, (_evidence(doc_a, MAYBE),)),
                   Relation("criticism", "org/AU", "state/ETH", Modality.ASSERTED, (_evidence(doc_a, CRITICISM),))),
    )
    result_b = DocResult(
        doc_b,
        entities=(_entity("state/KEN", label_of_kenya, EntityType.STATE, doc_b, 1, "KEN"),
                  _entity("state/ETH", "Éthiopie", EntityType.STATE, doc_b, 1, "ETH"),
                  _entity("person/amina-wanjiru", "Amina Wanjiru", EntityType.PERSON, doc_b, 1)),
        posts=(Post("person/amina-wanjiru", "porte-parole", "state/KEN", (_evidence(doc_b, "porte-parole"),)),),
        relations=(Relation("arms_supply", "state/KEN", "state/ETH", Modality.ASSERTED,
                            (_evidence(doc_b, TEXT_B, "person/amina-wanjiru"),), ("person/amina-wanjiru",)),),
    )
    return KnowledgeGraph.from_results([result_a, result_b])


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return hand_built_graph()


# --- the package namespace ---


def _modules_after(code: str) -> set[str]:
    """Top-level packages imported by ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    return set(done.stdout.split())


@pytest.mark.parametrize("code", [
    "import diplograph",
    "import diplograph; diplograph.KnowledgeGraph; diplograph.Settings; diplograph.DiplographError",
    "from diplograph.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
    "from diplograph.cli import main\ntry:\n    main(['build', '--help'])\nexcept SystemExit:\n    pass",
])
def test_api_import_does_not_load_heavy_packages(code: str) -> None:
    loaded = _modules_after(code)
    assert "diplograph" in loaded
    assert loaded.isdisjoint({"spacy", "thinc", "pandas", "rdflib", "networkx", "pyvis"}), loaded


def test_api_all_names_resolve_and_are_listed() -> None:
    assert diplograph.__all__ == sorted(diplograph.__all__)
    for name in diplograph.__all__:
        assert getattr(diplograph, name).__name__ == name
        assert name in dir(diplograph)
    namespace: dict[str, object] = {}
    exec("from diplograph import *", namespace)
    assert sorted(k for k in namespace if not k.startswith("__")) == diplograph.__all__


def test_api_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'buld'"):
        diplograph.buld  # noqa: B018


def test_api_every_public_function_has_a_runnable_example() -> None:
    methods = ["entities_df", "relations_df", "evidence_df", "posts_df", "to_rdf", "query", "write", "_repr_html_"]
    objects = [getattr(diplograph, name) for name in diplograph.__all__ if name != "DiplographError"]
    objects += [getattr(KnowledgeGraph, name) for name in methods]
    for obj in objects:
        assert ">>> " in (obj.__doc__ or ""), f"{obj.__qualname__} has no >>> example"


# --- tables ---


def test_api_entities_df_one_row_per_entity_most_mentioned_first(kg: KnowledgeGraph) -> None:
    table = kg.entities_df()
    assert sorted(table.key) == sorted(kg.entities)
    assert table.key.tolist()[:2] == ["state/KEN", "state/ETH"]  # 4 and 3 mentions over two documents
    kenya = table.set_index("key").loc["state/KEN"]
    assert (kenya.mentions, kenya.documents, kenya.iso3, kenya.type) == (4, 2, "KEN", "State")


def test_api_relations_df_filters_and_merges_evidence(kg: KnowledgeGraph) -> None:
    table = kg.relations_df()
    assert len(table) == len(kg.relations) == 3
    arms = table.query("type == 'arms_supply'").set_index("modality")
    assert sorted(arms.index) == ["asserted", "hypothetical"]
    asserted = arms.loc["asserted"]
    assert (asserted.source_label, asserted.target_label) == ("Kenya", "Éthiopie")
    assert (asserted.documents, asserted.evidence, asserted.attributed_to) == (2, 2, "Amina Wanjiru")
    assert table.query("type == 'criticism'").source.tolist() == ["org/AU"]


def test_api_evidence_df_offsets_index_the_documents(kg: KnowledgeGraph) -> None:
    evidence = kg.evidence_df()
    assert len(evidence) == sum(len(r.evidence) for r in kg.relations.values()) == 4
    for row in evidence.itertuples():
        assert kg.documents[row.doc_id].text[row.start:row.end] == row.text
    confirmed = evidence.query("document == 'Livraison confirmée'")
    assert confirmed.speaker.tolist() == ["Amina Wanjiru"]


def test_api_posts_df(kg: KnowledgeGraph) -> None:
    posts = kg.posts_df()
    assert posts[["person_label", "title", "organization_label"]].values.tolist() == [
        ["Amina Wanjiru", "porte-parole", "Kenya"]]


@pytest.mark.parametrize("method", ["entities_df", "relations_df", "evidence_df", "posts_df"])
def test_api_empty_tables_keep_their_columns(method: str) -> None:
    full, empty = getattr(hand_built_graph(), method)(), getattr(KnowledgeGraph(), method)()
    assert empty.empty
    assert list(empty.columns) == list(full.columns)
    if "type" in empty.columns:
        assert empty.query("type == 'arms_supply'").empty
    counts = [c for c in ("mentions", "documents", "evidence", "start", "end") if c in empty.columns]
    assert all(str(empty[c].dtype) == "int64" for c in counts)
    assert all(str(full[c].dtype) == "int64" for c in counts)


def test_api_tables_without_pandas_say_what_to_install(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingDependencyError, match="pip install pandas") as caught:
        kg.relations_df()
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, DiplographError)
    assert "\n" not in str(caught.value)


# --- RDF and SPARQL ---

PREFIXES = """
PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def test_api_to_rdf_has_one_relation_resource_per_relation(kg: KnowledgeGraph) -> None:
    from diplograph.vocab import DG, RDF

    rdf = kg.to_rdf()
    assert len(set(rdf.subjects(RDF.type, DG.Relation))) == len(kg.relations)


def test_api_query_select_gives_rows_of_python_values(kg: KnowledgeGraph) -> None:
    rows = kg.query(PREFIXES + """
        SELECT ?supplier ?recipient (COUNT(?ev) AS ?n) WHERE {
          ?r dg:relationType dg:arms_supply ; dg:modality dg:asserted ;
             dg:source/rdfs:label ?supplier ; dg:target/rdfs:label ?recipient ; dg:evidence ?ev .
        } GROUP BY ?supplier ?recipient""")
    assert rows == [{"supplier": "Kenya", "recipient": "Éthiopie", "n": 2}]


def test_api_query_construct_gives_triples(kg: KnowledgeGraph) -> None:
    rows = kg.query(PREFIXES + "CONSTRUCT { ?r dg:source ?s } WHERE { ?r dg:relationType dg:criticism ; dg:source ?s }")
    assert [row["object"].rsplit("/", 2)[-2:] for row in rows] == [["org", "AU"]]


def test_api_query_ask(kg: KnowledgeGraph) -> None:
    assert kg.query(PREFIXES + "ASK { ?r dg:relationType dg:criticism }") is True
    assert kg.query(PREFIXES + "ASK { ?r dg:relationType dg:sanctions }") is False


def test_api_query_uses_the_sparql_module_when_there_is_one(kg: KnowledgeGraph,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    import types

    term = types.SimpleNamespace  # the shape of diplograph.sparql's Term and Results
    answers = {
        "SELECT": term(variables=("who", "n", "unbound"), boolean=None, rows=(
            (term(kind="iri", value="urn:x", datatype=None, language=None),
             term(kind="literal", value="3", datatype="http://www.w3.org/2001/XMLSchema#integer", language=None),
             None),)),
        "ASK": term(variables=(), rows=(), boolean=False),
    }
    calls = []
    engine = types.ModuleType("diplograph.sparql")
    engine.__spec__ = importlib.util.spec_from_loader("diplograph.sparql", loader=None)
    engine.query = lambda graph, text: calls.append((graph, text)) or answers[text]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "diplograph.sparql", engine)
    assert kg.query("SELECT") == [{"who": "urn:x", "n": 3, "unbound": None}]
    assert kg.query("ASK") is False
    assert calls == [(kg, "SELECT"), (kg, "ASK")]


@pytest.mark.parametrize("bad", ["SELECT ?x WHERE { ?x", "SELECT ?x WHERE { ?x nope:p ?y }", "DROP EVERYTHING"])
def test_api_query_errors_are_one_line(kg: KnowledgeGraph, bad: str) -> None:
    with pytest.raises(DiplographError) as caught:
        kg.query(bad)
    assert "SPARQL" in str(caught.value)
    assert "\n" not in str(caught.value)


# --- writing ---


@pytest.mark.parametrize(("name", "format", "starts"), [
    ("graph.ttl", None, "@prefix"),
    ("graph.html", None, "<!DOCTYPE html>"),
    ("GRAPH.HTM", None, "<!DOCTYPE html>"),
    ("graph.out", "turtle", "@prefix"),
])
def test_api_write_picks_the_format(kg: KnowledgeGraph, tmp_path: Path, name: str, format: str | None,
                                    starts: str) -> None:
    written = kg.write(tmp_path / name, format)
    assert written == tmp_path / name
    assert written.read_text(encoding="utf-8").lstrip().startswith(starts)
    assert diplograph.write(kg, tmp_path / ("again-" + name), format).read_bytes() == written.read_bytes()


def test_api_written_turtle_reads_back_as_the_same_triples(kg: KnowledgeGraph, tmp_path: Path) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    path = kg.write(tmp_path / "graph.ttl")
    assert isomorphic(Graph().parse(path, format="turtle"), kg.to_rdf())


@pytest.mark.parametrize(("name", "format"), [("graph.pdf", None), ("graph", None), ("graph.ttl", "docx")])
def test_api_write_refuses_unknown_formats_and_writes_nothing(kg: KnowledgeGraph, tmp_path: Path, name: str,
                                                              format: str | None) -> None:
    with pytest.raises(ExportError, match="format"):
        kg.write(tmp_path / name, format)
    assert list(tmp_path.iterdir()) == []


# --- Jupyter ---


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(markup: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser.tags


def test_api_repr_html_is_one_sandboxed_iframe_holding_the_page(kg: KnowledgeGraph) -> None:
    from diplograph.export.html import to_html

    markup = kg._repr_html_()
    [(tag, attrs)] = _tags(markup)
    assert tag == "iframe"
    assert attrs["srcdoc"] == to_html(kg)
    assert "allow-same-origin" not in (attrs["sandbox"] or "")


@examples(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_api_repr_html_escapes_any_label(label: str) -> None:
    markup = hand_built_graph(label_of_kenya=label)._repr_html_()
    assert [tag for tag, _ in _tags(markup)] == ["iframe"]
    assert markup.startswith("<iframe ") and markup.endswith("></iframe>")
    assert "<" not in markup[len("<iframe"):-len("</iframe>")]  # the page and the label are escaped


def test_api_repr_is_a_summary(kg: KnowledgeGraph) -> None:
    assert repr(kg) == "<KnowledgeGraph: 2 documents, 4 entities, 1 posts, 3 relations>"


# --- building (loads the model once per session) ---


@pytest.mark.model
def test_api_build_texts_reads_strings_and_skips_blank_ones(build_texts) -> None:
    kg = build_texts(["Le Chili et le Pérou ont signé un accord commercial à Lima.", "   ",
                      "L'Égypte a reçu le président du Ghana."])
    assert len(kg.documents) == 2
    states = set(kg.entities_df().query("type == 'State'").key)
    assert {"state/CHL", "state/PER", "state/EGY", "state/GHA"} <= states


@pytest.mark.model
def test_api_build_reads_a_folder_and_reports_bad_files(nlp, settings, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Le Canada a rencontré le Mexique à Ottawa.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    seen: list[str] = []
    kg = diplograph.build([tmp_path], settings, on_error=lambda error: seen.append(error.path))
    assert [doc.file_name for doc in kg.documents.values()] == ["good.txt"]
    assert seen == [str(tmp_path / "empty.txt")] and len(kg.warnings) == 1
    assert {"state/CAN", "state/MEX"} <= set(kg.entities)


@pytest.mark.model
def test_api_build_with_nothing_readable_raises_one_line(nlp, settings, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(DiplographError, match="no document could be read") as caught:
        diplograph.build([tmp_path], settings)
    assert "empty.txt" in str(caught.value)


@pytest.mark.browser
def test_api_repr_html_renders_in_a_browser(kg: KnowledgeGraph, tmp_path: Path) -> None:
    """The inline graph draws inside the sandboxed iframe of a host page, with no script error."""
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it as root)")
    playwright = pytest.importorskip("playwright.sync_api")
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><html><body><p>notebook</p>{kg._repr_html_()}</body></html>", encoding="utf-8")
    errors: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.goto(host.as_uri())
            frame = page.frame_locator("iframe")
            frame.locator("canvas").first.wait_for(timeout=15_000)  # the graph is drawn inside the iframe
        finally:
            browser.close()
    assert errors == []
