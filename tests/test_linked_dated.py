"""Linked and dated: Wikidata/COW links, dates of documents, relations and posts, corroboration, contradictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import ORG, OWL, XSD

from diplograph.dates import event_date, find_dates, head_date, normalize_date
from diplograph.errors import DataFileError
from diplograph.export import write
from diplograph.export.rdf import serialize, to_rdf
from diplograph.extract.dating import date_relations
from diplograph.graph import KnowledgeGraph
from diplograph.ingest import make_document, read_file
from diplograph.model import DocResult, Document, Entity, EntityType, Evidence, Modality, Post, Relation
from diplograph.resources import load_resources
from diplograph.settings import Settings
from diplograph.sparql import query
from diplograph.validate import validate
from diplograph.vocab import DG, WIKIDATA

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
ID = "https://w3id.org/diplograph/id/"


def run(source, name: str, **bindings: str) -> list[tuple[str | None, ...]]:
    """Rows of queries/<name>.rq, after checking that Oxigraph and rdflib agree."""
    ox = query(source, QUERIES / f"{name}.rq", bindings=bindings)
    reference = query(source, QUERIES / f"{name}.rq", engine="rdflib", bindings=bindings)
    assert ox.sorted_rows() == reference.sorted_rows()
    return ox.values()


# --- French dates ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "reference", "expected"), [
    ("Le ministre s'est rendu à Kiev le 19 juin 2024 pour signer l'accord.", None, "2024-06-19"),
    ("La Russie a lancé l'invasion en février 2022.", None, "2022-02"),
    ("Les deux pays ont rompu leurs relations en 1983.", None, "1983"),
    ("Washington a annoncé mardi de nouvelles sanctions.", "2024-06-20", "2024-06-18"),  # a Thursday
    ("Le sommet s'est tenu hier à Bruxelles.", "2024-06-20", "2024-06-19"),
    ("Le président turc se rendra lundi à Moscou.", "2024-06-20", "2024-06-24"),  # future: the next Monday
    ("Sa visite à Ankara lundi a été brève.", "2024-06-20", "2024-06-17"),
    ("Le traité a été signé le 3 décembre.", "2025-01-10", "2024-12-03"),  # not eleven months ahead
    ("Pékin a reçu le 1er mars le ministre russe.", "2023-03-05", "2023-03-01"),
    ("Elle a souscrit des engagements les 12 août et 8 septembre 2008.", "2024-08-07", "2008-08-12"),
    ("Depuis 2014, la Russie occupe la Crimée.", None, None),  # a start, not the event
    ("L'Union vise la neutralité carbone d'ici 2050.", None, None),  # a deadline
    ("L’Union vise la neutralité carbone d’ici 2050.", None, None),  # typographic apostrophes
    ("La France condamne fermement ces frappes.", "2024-10-27", None),
    ("Washington a annoncé mardi de nouvelles sanctions.", None, None),  # no reference: never guessed
])
def test_event_date_of_a_sentence(sentence, reference, expected):
    assert event_date(sentence, reference) == expected


def test_numbers_that_are_not_dates_are_not_dates():
    assert find_dates("La résolution 2231 a été adoptée par 15 voix ; 300 soldats et 7 mai.", None) == []


@pytest.mark.parametrize(("raw", "expected"), [
    ("2024-06-19", "2024-06-19"), ("2024-06-19T08:30:00+02:00", "2024-06-19"), ("2024-06", "2024-06"),
    ("19/06/2024", "2024-06-19"), ("mercredi 19 juin 2024", "2024-06-19"), ("2024-02-30", None), ("hier", None),
])
def test_normalize_date(raw, expected):
    assert normalize_date(raw) == expected


def test_head_date_reads_the_dated_head_line_and_not_the_body():
    assert head_date("Paris, le 19 juin 2024\n\nLa France et l'Allemagne ont signé...") == "2024-06-19"
    assert head_date("Libye - Q&R - Extrait du point de presse (17 juillet 2020)\n\nQ : ...") == "2020-07-17"
    assert head_date("Déclaration sur le Kosovo\n\n26.09.2021\n\nLa situation...") == "2021-09-26"
    body = "Un titre\n\n" + "L'accord, signé le 12 décembre 2000 à Alger, " * 10
    assert head_date(body) is None  # a date of the body is the date of an event
    assert head_date("22 mai 2012. - Prévu initialement pour samedi, " + "le lancement a été reporté. " * 10) == "2012-05-22"
    assert head_date("BAMAKO, le 3 mai 2022 - Le Mali " + "a dénoncé les accords de défense. " * 10) == "2022-05-03"


# --- document dates from the inputs ----------------------------------------------------------------------------

def test_document_dates_from_jsonl_html_and_a_dated_head_line(tmp_path):
    rows = [{"id": "a", "text": "La France condamne.", "date": "2024-06-19T10:00:00Z"},
            {"id": "b", "text": "Le Japon proteste.", "date": "printemps 2023"},
            {"id": "c", "text": "Tokyo, le 3 mai 2022\n\nLe Japon proteste."}]
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert [d.date for d in read_file(jsonl)] == ["2024-06-19", "printemps 2023", "2022-05-03"]
    page = tmp_path / "page.html"
    page.write_text('<html><head><meta name="DC.date" content="2021-04-06"><title>T</title></head>'
                    "<body><p>Le Japon proteste.</p></body></html>", encoding="utf-8")
    assert next(read_file(page)).date == "2021-04-06"
    text = tmp_path / "a.txt"
    text.write_text("Communiqué (Bruxelles, 23 janvier 2019)\n\nL'UE soutient l'Assemblée.", encoding="utf-8")
    assert next(read_file(text)).date == "2019-01-23"


# --- relation dates --------------------------------------------------------------------------------------------

def _relation(document: Document, sentence: str, modality: Modality = Modality.ASSERTED) -> Relation:
    start = document.text.index(sentence)
    evidence = Evidence(document.id, start, start + len(sentence), sentence)
    return Relation("criticism", "state/FRA", "state/IRN", modality, (evidence,))


def test_relations_take_the_event_date_else_the_document_date_else_the_context():
    dated = make_document("Paris, le 20 juin 2024\n\nLa France a condamné mardi l'Iran. La France condamne l'Iran.",
                          "a.txt")
    event, document = date_relations([_relation(dated, "La France a condamné mardi l'Iran."),
                                      _relation(dated, "La France condamne l'Iran.")], dated)
    assert (event.date, event.date_kind) == ("2024-06-18", "event")
    assert (document.date, document.date_kind) == ("2024-06-20", "document")
    narrative = make_document("En 2018, les tensions montent. La France critique l'Iran.", "b.txt")
    (context,) = date_relations([_relation(narrative, "La France critique l'Iran.")], narrative)
    assert (context.date, context.date_kind) == ("2018", "context")
    bare = make_document("Un titre\n\nLa France critique l'Iran.", "c.txt")
    assert date_relations([_relation(bare, "La France critique l'Iran.")], bare)[0].date is None


# --- links from data files -------------------------------------------------------------------------------------

def test_shipped_states_and_organisations_are_linked(resources):
    fra, nato = resources.by_id["FRA"], resources.by_id["NATO"]
    assert (fra.wikidata, fra.cow_code, fra.cow_letter) == ("Q142", 220, "FRN")
    assert nato.wikidata == "Q7184" and nato.cow_code is None
    states = [e for e in resources.entries if e.type is EntityType.STATE]
    assert sum(1 for e in states if e.wikidata) >= 0.95 * len(states)


def test_a_user_row_may_carry_wikidata_and_keeps_the_shipped_link_it_does_not_override(tmp_path):
    path = tmp_path / "mine.jsonl"
    rows = [{"id": "FRA", "type": "State", "label": "France", "iso3": "FRA", "aliases": ["Hexagone"]},
            {"id": "QUINTET", "type": "InternationalOrganization", "label": "Quintet", "wikidata": "Q4115189"}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    resources = load_resources(Settings(gazetteers=(path,)))
    assert resources.by_id["QUINTET"].wikidata == "Q4115189"
    assert resources.by_id["FRA"].aliases == ("Hexagone",) and resources.by_id["FRA"].wikidata == "Q142"


def test_a_bad_wikidata_field_names_the_file_and_line(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"id": "X", "type": "InternationalOrganization", "label": "X", "wikidata": "wd:42"}\n',
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mine\.jsonl.*1.*wikidata"):
        load_resources(Settings(gazetteers=(path,)))


# --- the graph and its export ----------------------------------------------------------------------------------

def _doc(name: str, date: str | None, sentence: str, modality: Modality, speaker: str | None = None,
         source: str = "state/PRK", target: str = "state/RUS", rel_type: str = "arms_supply") -> DocResult:
    document = make_document(sentence, name, date=date)
    evidence = Evidence(document.id, 0, len(sentence), sentence, speaker)
    relation = date_relations([Relation(rel_type, source, target, modality, (evidence,),
                                        (speaker,) if speaker else ())], document)[0]
    entities = tuple(Entity(key, key[-3:], EntityType.STATE, iso3=key[-3:], documents=(document.id,),
                            mention_count=1, wikidata=qid)
                     for key, qid in ((source, None), (target, "Q159" if target == "state/RUS" else None)))
    if speaker and speaker not in (source, target):
        entities += (Entity(speaker, "Agence", EntityType.MEDIA_OUTLET, documents=(document.id,), mention_count=1),)
    meta = Document(document.id, name, "", document.content_hash, None, None, document.date)
    return DocResult(meta, entities, (), (), (relation,))


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_results([
        _doc("claim.txt", "2024-01-05", "Selon l'agence, la Corée du Nord a livré des obus à la Russie le 2 janvier 2024.",
             Modality.REPORTED, "org/agence"),
        _doc("claim2.txt", "2024-02-01", "La Corée du Nord fournit des obus à la Russie.", Modality.ASSERTED),
        _doc("denial.txt", "2024-01-08", "La Corée du Nord dément avoir livré des armes à la Russie.",
             Modality.NEGATED, "state/PRK"),
        _doc("same.txt", None, "La Russie critique l'Iran mais ne critique pas l'Iran.", Modality.ASSERTED,
             source="state/RUS", target="state/IRN", rel_type="criticism"),
    ])


def test_corroboration_counts_documents_and_speakers():
    results = [_doc("a.txt", "2024-01-05", "Selon l'agence, la Corée du Nord a livré des obus à la Russie.",
                    Modality.REPORTED, "org/agence"),
               _doc("b.txt", "2024-01-09", "Selon l'agence, la Corée du Nord livre des obus à la Russie mardi.",
                    Modality.REPORTED, "org/agence")]
    kg = KnowledgeGraph.from_results(results)
    (relation,) = kg.relations.values()
    assert len(relation.documents) == 2 and relation.speakers == ("org/agence",)
    assert (relation.date, relation.date_kind) == ("2024-01-09", "event")  # an event date beats the earlier document date
    g = to_rdf(kg)
    node = next(g.subjects(DG.relationType, DG.arms_supply))
    assert g.value(node, DG.speakerCount) == Literal(1) and g.value(node, DG.documentCount) == Literal(2)
    assert len(set(g.objects(node, DG.supportedBy))) == 2


def test_a_claim_and_a_denial_in_two_documents_contradict(kg, tmp_path):
    pairs = kg.contradictions()
    assert {(c.modality, d.modality) for c, d in pairs} == {(Modality.REPORTED, Modality.NEGATED),
                                                            (Modality.ASSERTED, Modality.NEGATED)}
    rows = run(write(kg, tmp_path / "graph.ttl"), "contradictions")
    claims = {(row[3], row[4], row[5], row[6], row[7], row[8]) for row in rows}
    assert ("Selon l'agence, la Corée du Nord a livré des obus à la Russie le 2 janvier 2024.", "Agence",
            "claim.txt", "La Corée du Nord dément avoir livré des armes à la Russie.", "PRK", "denial.txt") in claims
    assert len(rows) == 2


def test_the_summary_counts_dated_relations_contradictions_and_links(kg):
    summary = kg.summary()
    assert summary["contradictions"] == 2 and summary["relations_dated"] == summary["relations"] - 1
    assert summary["entities_linked"] == 1  # Russia only: the others have no QID in these records


def test_no_contradiction_without_a_denial_in_another_document():
    text = "La Russie critique l'Iran ; la Russie ne critique pas l'Iran."
    one = [_doc("one.txt", None, text, Modality.ASSERTED, source="state/RUS", target="state/IRN", rel_type="criticism"),
           _doc("one.txt", None, text, Modality.NEGATED, source="state/RUS", target="state/IRN", rel_type="criticism")]
    assert KnowledgeGraph.from_results(one).contradictions() == []


def test_export_links_dates_shortcuts_and_validates(kg, tmp_path):
    g = to_rdf(kg)
    rus, prk = URIRef(ID + "state/RUS"), URIRef(ID + "state/PRK")
    assert g.value(rus, OWL.sameAs) == URIRef(str(WIKIDATA) + "Q159")
    assert g.value(prk, OWL.sameAs) is None  # no known identifier: no link
    dates = {g.value(r, DG.modality): (g.value(r, DG.date), g.value(r, DG.dateKind))
             for r in g.subjects(DG.relationType, DG.arms_supply)}
    assert dates[DG.reported] == (Literal("2024-01-02", datatype=XSD.date), DG.eventDate)
    assert dates[DG.negated] == (Literal("2024-01-08", datatype=XSD.date), DG.documentDate)
    assert set(g.subject_objects(DG.suppliesArmsTo)) == {(prk, rus)}  # asserted only
    assert (rus, URIRef(ID + "state/IRN")) in set(g.subject_objects(DG.criticizes))
    report = validate(write(kg, tmp_path / "graph.ttl"))
    assert report.conforms, report.text()


def test_dates_as_months_and_years_are_typed_after_their_precision():
    kg = KnowledgeGraph.from_results([
        _doc("a.txt", None, "La Corée du Nord a livré des obus à la Russie en mars 2022.", Modality.ASSERTED),
        _doc("b.txt", None, "La Russie critique l'Iran en 2019.", Modality.ASSERTED, source="state/RUS",
             target="state/IRN", rel_type="criticism")])
    g = to_rdf(kg)
    found = {g.value(r, DG.date) for r in g.subjects(DG.dateKind, DG.eventDate)}
    assert found == {Literal("2022-03", datatype=XSD.gYearMonth), Literal("2019", datatype=XSD.gYear)}


def test_between_dates_filters_on_the_relation_date(tmp_path):
    kg = KnowledgeGraph.from_results([
        _doc(f"{n}.txt", date, f"La Russie critique l'Iran ({n}).", Modality.ASSERTED, source="state/RUS",
             target="state/IRN", rel_type="criticism") for n, date in (("a", "2022-03-01"), ("b", "2023-05-02"))]
        + [_doc("c.txt", None, "La Russie critique la Corée du Nord en 2022.", Modality.ASSERTED,
                source="state/RUS", target="state/PRK", rel_type="criticism")])
    path = write(kg, tmp_path / "graph.ttl")
    every = run(path, "between_dates")
    assert sorted({row[0] for row in every}) == ["2022", "2022-03-01"]  # one relation RUS->IRN: its earliest date
    text = (QUERIES / "between_dates.rq").read_text(encoding="utf-8")

    def between(low: str, high: str) -> list[str]:
        ranged = tmp_path / "ranged.rq"
        ranged.write_text(text.replace('("1900-01-01" "2100-12-31")', f'("{low}" "{high}")'), encoding="utf-8")
        rows = query(path, ranged)
        assert rows.sorted_rows() == query(path, ranged, engine="rdflib").sorted_rows()
        return sorted({row[0] for row in rows.values()})

    assert between("2022-01-01", "2022-02-28") == ["2022"]
    assert between("2022-03-01", "2022-12-31") == ["2022-03-01"]
    assert between("2023-01-01", "2023-12-31") == []


def test_posts_are_dated_memberships():
    document = make_document("Le ministre russe des Affaires étrangères parle.", "a.txt", date="2024-03-01")
    evidence = Evidence(document.id, 0, 20, document.text[:20])
    entities = (Entity("person/x", "X", EntityType.PERSON, documents=(document.id,), mention_count=1),
                Entity("state/RUS", "Russie", EntityType.STATE, iso3="RUS", documents=(document.id,), mention_count=1))
    meta = Document(document.id, "a.txt", "", document.content_hash, None, None, document.date)
    kg = KnowledgeGraph.from_results([DocResult(meta, entities, (), (Post("person/x", "ministre", "state/RUS",
                                                                          (evidence,)),), ())])
    g = to_rdf(kg)
    (membership,) = g.subjects(ORG.member, URIRef(ID + "person/x"))
    assert g.value(membership, DG.date) == Literal("2024-03-01", datatype=XSD.date)
    assert g.value(membership, ORG.organization) == URIRef(ID + "state/RUS")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads"])
def test_raptor_reads_the_new_terms_as_rdflib_does(kg, fmt, tmp_path):
    import shutil
    import subprocess

    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("Debian's raptor (rapper, package raptor2-utils) is not installed")
    suffix = {"turtle": "ttl", "ntriples": "nt", "trig": "trig", "nquads": "nq"}[fmt]
    path = write(kg, tmp_path / f"graph.{suffix}")
    done = subprocess.run([rapper, "-i", fmt, "-c", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"returned {len(to_rdf(kg))} triples" in done.stderr


def test_jsonld_has_a_compact_context_and_the_same_triples(kg):
    import pyoxigraph as ox

    data = serialize(kg, "jsonld")
    document = json.loads(data)
    assert document["@context"]["dg"] == "https://w3id.org/diplograph/ontology#"
    assert any(node.get("@type") == ["dg:Relation"] for node in document["@graph"])
    assert len(list(ox.parse(data, format=ox.RdfFormat.JSON_LD))) == len(to_rdf(kg))
    from rdflib.compare import isomorphic

    from diplograph.sparql import parse_rdflib

    assert isomorphic(parse_rdflib(data, "json-ld"), to_rdf(kg))


# --- on real text, through the pipeline ------------------------------------------------------------------------

@pytest.mark.model
def test_a_delivery_asserted_in_one_article_and_denied_in_another_is_a_contradiction(nlp, settings, tmp_path):
    from diplograph.api import build

    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": "claim", "date": "2024-03-04",
             "text": "La Russie a livré des missiles à l'Iran le 2 mars, selon le renseignement ukrainien."},
            {"id": "denial", "date": "2024-03-06", "text": "La Russie n'a livré aucune arme à l'Iran."}]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    kg = build([corpus], settings)
    path = write(kg, tmp_path / "graph.ttl")
    rows_found = run(path, "contradictions")
    assert [(r[0], r[5], r[8]) for r in rows_found] == [("arms_supply", "corpus.jsonl#claim", "corpus.jsonl#denial")]
    claim = next(r for r in kg.relations.values() if r.modality is not Modality.NEGATED and r.type == "arms_supply")
    assert (claim.date, claim.date_kind) == ("2024-03-02", "event")
    assert kg.entities["state/IRN"].wikidata == "Q794" and kg.entities["state/RUS"].cow_code == 365
    assert validate(path).conforms


DATED = ROOT / "tests" / "data" / "dated"


def test_real_head_lines_date_the_documents_as_their_sources_do():
    sources = {row["file"]: row["date"] for row in json.loads((DATED / "sources.json").read_text(encoding="utf-8"))}
    for name, date in sources.items():
        (document,) = read_file(DATED / name)
        assert document.date == date, name


def test_a_relative_date_of_a_real_sentence_counts_from_its_document():
    (document,) = read_file(DATED / "24_russie_qr_missiles_scalp_2023.txt")  # point de presse of 12 July 2023
    sentence = next(s for s in document.text.split("\n") if "a déclaré hier" in s)
    (relation,) = date_relations([_relation(document, sentence)], document)
    assert (relation.date, relation.date_kind) == ("2023-07-11", "event")
    (document,) = read_file(DATED / "10_haiti_reunion_caricom_sejourne_2024.txt")  # 12 March 2024
    sentence = next(s for s in document.text.split(". ") if "a organisé hier" in s)
    assert date_relations([_relation(document, sentence)], document)[0].date == "2024-03-11"


@pytest.mark.model
def test_a_post_in_a_real_text_is_a_membership_dated_by_its_document(nlp, settings):
    from diplograph.api import build

    kg = build([DATED / "24_russie_qr_missiles_scalp_2023.txt"], settings)
    g = to_rdf(kg)
    memberships = set(g.subjects(ORG.organization, URIRef(ID + "state/RUS")))
    assert memberships
    assert {g.value(m, DG.date) for m in memberships} == {Literal("2023-07-12", datatype=XSD.date)}
