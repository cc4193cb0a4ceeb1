"""SPARQL on the export: the competency queries (queries/*.rq) give known answers, Oxigraph and rdflib agree."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from diplograph.cli import main
from diplograph.export import write
from diplograph.graph import KnowledgeGraph
from diplograph.model import DocResult, Modality, Relation
from diplograph.sparql import QueryError, Results, query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
DATA = ROOT / "tests" / "data"
ALL_QUERIES = sorted(QUERIES.glob("*.rq"))


@pytest.fixture(scope="module")
def kg(records) -> KnowledgeGraph:
    return KnowledgeGraph.from_results(records)


@pytest.fixture(scope="module")
def ttl(kg, tmp_path_factory) -> Path:
    return write(kg, tmp_path_factory.mktemp("export") / "graph.ttl")


def run(source, name: str, **bindings: str) -> list[tuple[str | None, ...]]:
    """Rows of queries/<name>.rq as plain strings, after checking that both engines agree."""
    ox = query(source, QUERIES / f"{name}.rq", bindings=bindings)
    reference = query(source, QUERIES / f"{name}.rq", engine="rdflib", bindings=bindings)
    assert ox.variables == reference.variables
    assert ox.sorted_rows() == reference.sorted_rows()
    return ox.values()


def test_there_are_at_least_ten_competency_queries_each_with_a_comment():
    assert len(ALL_QUERIES) >= 10
    for path in ALL_QUERIES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 20, path.name


@pytest.mark.parametrize("path", ALL_QUERIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("form", ["turtle", "trig", "records"])
def test_oxigraph_and_rdflib_agree_on_every_competency_query(path, form, kg, tmp_path):
    source = kg if form == "records" else write(kg, tmp_path / f"graph.{'ttl' if form == 'turtle' else 'trig'}")
    ox = query(source, path)
    reference = query(source, path, engine="rdflib")
    assert ox.variables == reference.variables
    assert ox.sorted_rows() == reference.sorted_rows()


def test_arms_supply_with_modality_claimant_and_source(ttl):
    assert sorted(run(ttl, "arms_supply"), key=str) == sorted([
        ("Brésil", "Argentine", "asserted", None, "doc-europe.txt"),
        ("Brésil", "Argentine", "hypothetical", "Reuters", "doc-amerique.txt"),
        ("Turquie", "Pakistan", "hypothetical", "Arabie saoudite", "doc-moyen-orient.txt"),
        ("Turquie", "Pakistan", "negated", "Turquie", "doc-europe.txt"),
    ], key=str)
    assert run(ttl, "arms_supply", recipientLabel="Pakistan") == [
        ("Turquie", "Pakistan", "hypothetical", "Arabie saoudite", "doc-moyen-orient.txt"),
        ("Turquie", "Pakistan", "negated", "Turquie", "doc-europe.txt"),
    ]


@pytest.mark.parametrize(("speaker", "expected"), [
    ("Reuters", [("arms_supply", "Brésil", "Argentine", "hypothetical", "doc-amerique.txt")]),
    ("El País", [("criticism", "France", "Iran", "hypothetical", "doc-amerique.txt")]),
    ("Turquie", [("arms_supply", "Turquie", "Pakistan", "negated", "doc-europe.txt")]),
    ("Arabie saoudite", [("arms_supply", "Turquie", "Pakistan", "hypothetical", "doc-moyen-orient.txt")]),
    ("Argentine", []),
])
def test_every_claim_attributed_to_a_given_entity(ttl, speaker, expected):
    rows = run(ttl, "claims_by", speakerLabel=speaker)
    assert [(t, s, o, m, f) for _who, t, s, o, m, _sentence, f in rows] == expected
    assert all(who == speaker for who, *_ in rows)


def test_officials_of_each_state_and_their_posts(ttl):
    assert run(ttl, "officials") == [
        ("Allemagne", "Annalena Baerbock", "ministre des Affaires étrangères",
         "ministère des Affaires étrangères (Allemagne)"),
        ("Brésil", "Luiz Inácio Lula da Silva", "président", "Brésil"),
    ]


def test_relations_only_one_document_supports(ttl):
    rows = run(ttl, "single_source")
    assert len(rows) == 7  # eight relations; the German criticism of Iran is in two documents
    assert ("criticism", "Allemagne", "Iran", "asserted") not in [r[:4] for r in rows]
    assert ("criticism", "Iran", "Israël", "asserted", "doc-moyen-orient.txt") in rows


@pytest.mark.parametrize(("target", "expected"), [
    ("Iran", [("Allemagne", "Iran", "asserted", "2"), ("Brésil", "Iran", "asserted", "1")]),  # France only might
    ("Israël", [("Iran", "Israël", "asserted", "1")]),
    ("Pakistan", []),
])
def test_states_that_criticise_a_given_state(ttl, target, expected):
    assert run(ttl, "critics_of", targetLabel=target) == expected


def test_relations_hypothetical_in_one_source_and_asserted_in_another(ttl):
    # Turkey -> Pakistan is hypothetical in one document and negated in another: not listed
    assert run(ttl, "hypothetical_vs_asserted") == [
        ("arms_supply", "Brésil", "Argentine", "doc-amerique.txt", "doc-europe.txt")]


def test_evidence_sentences_behind_an_edge_point_into_their_documents(ttl, kg):
    rows = run(ttl, "evidence_for_edge", sourceLabel="Allemagne", targetLabel="Iran")
    assert len(rows) == 2
    texts = {doc.file_name: doc.text for doc in kg.documents.values()}
    for _s, _t, kind, modality, sentence, file_name, start, end in rows:
        assert (kind, modality) == ("criticism", "asserted")
        assert texts[file_name][int(start):int(end)] == sentence
    assert any("\n" in row[4] for row in rows)  # a sentence spanning a line break comes back whole


def test_experts_and_their_institutions(ttl):
    assert run(ttl, "experts") == [("Claire Morel", "Institut d'études stratégiques", "ThinkTank")]


def test_denials(ttl):
    rows = run(ttl, "denials")
    assert [r[:4] + r[5:] for r in rows] == [("arms_supply", "Turquie", "Pakistan", "Turquie", "doc-europe.txt")]
    assert "aucun drone" in rows[0][4]


def test_overview_counts_relations_and_documents_with_cameo_codes(ttl):
    assert run(ttl, "overview") == [
        ("arms_supply", "07", "asserted", "1", "1"), ("arms_supply", "07", "hypothetical", "2", "2"),
        ("arms_supply", "07", "negated", "1", "1"), ("criticism", "11", "asserted", "3", "3"),
        ("criticism", "11", "hypothetical", "1", "1"),
    ]


def test_actors_most_mentioned_first(ttl):
    rows = run(ttl, "actors")
    assert rows[0][:3] == ("Iran", "State", "IRN")
    assert rows[0][4] == "3"
    assert ("Claire Morel", "Person", None) in [r[:3] for r in rows]


# --- errors ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize(("text", "line"), [
    ("SELECT ?s WHERE { ?s ?p }", 1),
    ("PREFIX dg: <https://w3id.org/diplograph/ontology#>\nSELECT ?s\nWHERE { ?s dg:source ?o ", 3),
    ("SELECT ?s WHERE {\n  ?s a dg:Relation .\n  ?s <bad iri> ?o .\n}", 3),
    ("SELEKT ?s WHERE { ?s ?p ?o }", 1),
])
def test_syntax_errors_name_the_position(text, line, engine, kg):
    with pytest.raises(QueryError, match=rf"query: SPARQL syntax error at line {line}, column \d+"):
        query(kg, text, engine=engine)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_unknown_prefix_is_named(engine, kg):
    with pytest.raises(QueryError) as info:
        query(kg, "SELECT ?x WHERE {\n  ?x a foo:Bar }", engine=engine)
    message = str(info.value)
    assert message.startswith("query: SPARQL syntax error") and "unknown prefix 'foo:'" in message
    assert "PREFIX foo: <...>" in message and "dg:, " in message and "\n" not in message


@pytest.mark.parametrize("name", ["foo", "?foo", "$foo"])
def test_a_binding_of_a_variable_the_query_lacks_is_an_error(name, kg):
    with pytest.raises(QueryError, match=r"^--bind \S+: the query has no variable \?foo \(its variables: \?l, \?s\)$"):
        query(kg, "SELECT ?l WHERE { ?s rdfs:label ?l }", bindings={name: "Iran"})


def test_a_query_file_is_read_and_named_in_errors(tmp_path, kg):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE {\n ?s ?p\n}", encoding="utf-8")
    with pytest.raises(QueryError, match=r"bad\.rq: SPARQL syntax error at line 3"):
        query(kg, bad)
    with pytest.raises(QueryError, match=r"missing\.rq: cannot read"):
        query(kg, tmp_path / "missing.rq")


def test_ask_and_construct(kg):
    assert query(kg, "ASK { ?r dg:modality dg:negated }").boolean is True
    assert query(kg, "ASK { ?r dg:modality dg:reported }", engine="rdflib").boolean is False
    built = query(kg, "CONSTRUCT { ?s dg:target ?o } WHERE { ?r dg:source ?s ; dg:target ?o }")
    assert isinstance(built, Results) and len(built.rows) == 6


# --- the command -------------------------------------------------------------------------------------------------

def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_query_formats(ttl, capsys):
    q = str(QUERIES / "arms_supply.rq")
    code, out, _ = _cli(capsys, "query", str(ttl), q, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["supplierLabel", "recipientLabel", "modality", "claimedByLabel", "file"]
    assert len(rows) == 5
    code, out, _ = _cli(capsys, "query", str(ttl), q, "--format", "json")
    answer = json.loads(out)
    assert answer["head"]["vars"][0] == "supplierLabel" and len(answer["results"]["bindings"]) == 4
    code, out, _ = _cli(capsys, "query", str(ttl), q, "--format", "tsv")
    assert out.splitlines()[0].split("\t")[0] == "?supplierLabel" and len(out.splitlines()) == 5
    code, out, _ = _cli(capsys, "query", str(ttl), q)
    assert "Turquie" in out and "(4 rows)" in out


def test_cli_query_string_with_bindings(ttl, capsys):
    code, out, _ = _cli(capsys, "query", str(ttl), "SELECT ?l WHERE { ?s rdfs:label ?l ; dg:iso3166 ?iso }",
                        "--bind", "iso=TUR", "--format", "csv")
    assert code == 0 and out.splitlines() == ["l", "Turquie"]


@pytest.mark.parametrize(("argv", "message"), [
    (["SELECT ?s WHERE { ?s ?p }"], "SPARQL syntax error at line 1"),
    (["SELECT ?s WHERE { ?s ?p ?o }", "--bind", "novalue"], "expected NAME=VALUE"),
])
def test_cli_query_errors_are_one_line(ttl, capsys, argv, message):
    code, out, err = _cli(capsys, "query", str(ttl), *argv)
    assert code == 1 and not out
    assert err.startswith("diplograph: error: ") and message in err and len(err.strip().splitlines()) == 1


def test_cli_query_on_a_broken_export(tmp_path, capsys):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = _cli(capsys, "query", str(broken), "ASK {}")
    assert code == 1 and "broken.ttl:1: not valid" in err and "Traceback" not in err


# --- the seeds ---------------------------------------------------------------------------------------------------

@pytest.mark.model
def test_competency_queries_on_the_seeds(seeds_kg, gold, tmp_path):
    path = write(seeds_kg, tmp_path / "graph.ttl")
    for q in ALL_QUERIES:  # both engines agree on every query
        assert query(path, q).sorted_rows() == query(path, q, engine="rdflib").sorted_rows(), q.name
    def plain(text: str) -> str:
        return text.replace("\u2019", "'")  # the gold keeps the typographic apostrophe

    officials = {(state, person, plain(post)) for state, person, post, _body in run(path, "officials")}
    for doc in gold:
        labels = {e["id"]: e["label"] for e in doc["entities"]}
        states = {e["id"] for e in doc["entities"] if e["type"] == "State"}
        for role in doc["roles"]:  # the query lists the officials of states (not of NATO or the UN)
            if role["of"] in states:
                assert (labels[role["of"]], labels[role["person"]], plain(role["title"])) in officials
    actors = {(label, kind) for label, kind, *_ in run(path, "actors")}
    for doc in gold:
        for entity in doc["entities"]:
            if entity["type"] == "State":
                assert (entity["label"], "State") in actors


def test_a_cached_store_answers_like_the_file_and_follows_its_changes(records, kg, tmp_path, monkeypatch):
    from diplograph.sparql import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = write(kg, tmp_path / "graph.ttl")
    q = QUERIES / "arms_supply.rq"
    first = query(path, q, cache=True)
    assert first.sorted_rows() == query(path, q).sorted_rows()
    stores = list(cache_dir().iterdir())
    assert len(stores) == 1 and (stores[0] / "COMPLETE").is_file()
    assert query(path, q, cache=True).sorted_rows() == first.sorted_rows()  # reopened, not rebuilt
    assert list(cache_dir().iterdir()) == stores
    smaller = KnowledgeGraph.from_results(records[:1])
    write(smaller, path)
    changed = query(path, q, cache=True)
    assert changed.sorted_rows() == query(smaller, q).sorted_rows() != first.sorted_rows()
    assert len(list(cache_dir().iterdir())) == 1  # the stale store is gone


def test_cli_query_with_cache(ttl, tmp_path, monkeypatch, capsys):
    from diplograph.sparql import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, out, _ = _cli(capsys, "query", str(ttl), str(QUERIES / "officials.rq"), "--cache", "--format", "csv")
    assert code == 0 and "Annalena Baerbock" in out
    assert len(list(cache_dir().iterdir())) == 1


def test_speakers_stay_with_their_own_sentences(tmp_path):
    """A relation merged from two documents with two speakers: each claim keeps its own sentence and file."""
    from diplograph.model import Document, Entity, EntityType, Evidence

    def doc(name: str, speaker: str, sentence: str) -> DocResult:
        ident = name.replace(".", "")[:16].ljust(16, "0")
        entities = tuple(Entity(key, label, etype, documents=(ident,), mention_count=1) for key, label, etype in (
            ("state/ARM", "Arménie", EntityType.STATE), ("state/AZE", "Azerbaïdjan", EntityType.STATE),
            (speaker, speaker.split("/")[1], EntityType.MEDIA_OUTLET)))
        entities = tuple(e if e.type is not EntityType.STATE else Entity(e.key, e.label, e.type, iso3=e.key[-3:],
                                                                         documents=e.documents, mention_count=1)
                         for e in entities)
        evidence = Evidence(ident, 0, len(sentence), sentence, speaker)
        relation = Relation("criticism", "state/ARM", "state/AZE", Modality.REPORTED, (evidence,), (speaker,))
        document = Document(ident, name, "", "sha256:" + "0" * 64)
        return DocResult(document, entities, (), (), (relation,))

    kg = KnowledgeGraph.from_results([doc("a.txt", "org/Alpha", "Selon Alpha, Erevan dénonce Bakou."),
                                      doc("b.txt", "org/Beta", "Selon Beta, l'Arménie condamne l'Azerbaïdjan.")])
    ttl = write(kg, tmp_path / "graph.ttl")
    rows = run(ttl, "claims_by", speakerLabel="Alpha")
    assert [(who, sentence, f) for who, _t, _s, _o, _m, sentence, f in rows] == [
        ("Alpha", "Selon Alpha, Erevan dénonce Bakou.", "a.txt")]


def test_bind_reaches_the_filters_of_the_where_group(seeds_kg, tmp_path):
    """--bind gives the value inside the WHERE group: FILTERs see it (a trailing VALUES would come after them)."""
    path = write(seeds_kg, tmp_path / "graph.ttl")
    low = query(path, QUERIES / "trusted.rq", bindings={"minConfidence": "0.5"}).sorted_rows()
    high = query(path, QUERIES / "trusted.rq", bindings={"minConfidence": "0.9"}).sorted_rows()
    assert high and len(high) < len(low)
    assert all(float(row[4].value) >= 0.9 for row in high)
    assert high == query(path, QUERIES / "trusted.rq", engine="rdflib", bindings={"minConfidence": "0.9"}).sorted_rows()


def test_results_formats_are_written_by_oxigraph_and_read_back_by_standard_readers():
    import pyoxigraph as ox

    from diplograph.sparql import RDF_LANGSTRING, XSD_STRING, Term, serialize_results

    tricky = Term("literal", 'dit « non », puis "oui"\nensuite', RDF_LANGSTRING, "fr")
    rows = ((Term("iri", "https://example.org/a"), tricky, None),
            (Term("bnode", "b0"), Term("literal", "3", "http://www.w3.org/2001/XMLSchema#integer"),
             Term("literal", "a\tb", XSD_STRING)))
    results = Results(("s", "label", "n"), rows)
    table = list(csv.reader(io.StringIO(serialize_results(results, "csv"), newline="")))
    assert table == [["s", "label", "n"], ["https://example.org/a", tricky.value, ""], ["_:b0", "3", "a\tb"]]
    answer = json.loads(serialize_results(results, "json"))
    assert answer["results"]["bindings"][0]["label"] == {"type": "literal", "value": tricky.value, "xml:lang": "fr"}
    assert "n" not in answer["results"]["bindings"][0] and answer["results"]["bindings"][1]["s"]["type"] == "bnode"
    back = list(ox.parse_query_results(serialize_results(results, "tsv"), ox.QueryResultsFormat.TSV))
    assert back[0]["label"] == ox.Literal(tricky.value, language="fr") and back[1]["n"] == ox.Literal("a\tb")
    assert json.loads(serialize_results(Results((), boolean=False), "json")) == {"head": {}, "boolean": False}
