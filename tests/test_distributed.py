"""Dask builds give the single-machine graph; merging per-partition results is order-faithful and linear."""

from __future__ import annotations

from functools import reduce

import pytest

from diplograph.graph import KnowledgeGraph
from diplograph.ingest import make_document
from diplograph.model import DocResult, Entity, EntityType, Evidence, Modality, Relation
from diplograph.resolve import merge_entity

# Our own sentences, several documents per partition boundary; none from the seed articles.
TEXTS = [
    "Le Brésil a livré des blindés à l'Angola, selon le ministère brésilien de la défense.",
    "L'Angola et le Mozambique ont signé à Maputo un accord de coopération militaire.",
    "Le président mozambicain a rencontré le secrétaire général de l'ONU à New York.",
    "Le Portugal a critiqué les sanctions imposées par les États-Unis contre Cuba.",
    "Selon Reuters, la Turquie aurait vendu des drones au Maroc.",
    "L'Union africaine a condamné le coup d'État au Niger et suspendu le pays.",
    "Le Japon a annoncé une aide humanitaire au Bangladesh après les inondations.",
]


def _entity(label: str, doc: str, etype: EntityType = EntityType.PERSON, aliases: tuple[str, ...] = (),
            count: int = 1, iso3: str | None = None) -> Entity:
    return Entity("person/x", label, etype, aliases, iso3, (doc,), count)


ENTITY_STREAMS = [
    [_entity("Silva", "d1"), _entity("Ana Silva", "d2"), _entity("A. Silva", "d3", aliases=("Mme Silva",))],
    [_entity("Ana Maria Silva", "d9"), _entity("Silva", "d1", count=3), _entity("Ana Silva", "d5")],
    [_entity("Pérou", "d2", EntityType.STATE), _entity("République du Pérou", "d1", EntityType.STATE, iso3="PER")],
    [_entity("Kenya", f"d{n}", EntityType.STATE, count=n) for n in range(30, 0, -1)],
]


@pytest.mark.parametrize("stream", ENTITY_STREAMS)
def test_accumulated_merge_equals_pairwise_merge(stream):
    kg = KnowledgeGraph()
    for number, entity in enumerate(stream):
        kg.add(DocResult(make_document(f"texte {number}", f"{number}.txt"), (entity,)))
    kg.finalize()
    assert kg.entities["person/x"] == reduce(merge_entity, stream)


def test_relations_merge_evidence_and_speakers_in_first_seen_order():
    def relation(doc: str, speaker: str) -> Relation:
        return Relation("sanction", "state/USA", "state/CUB", Modality.ASSERTED,
                        (Evidence(doc, 0, 10, f"phrase {doc}"),), (speaker,))

    stream = [relation("d3", "state/MEX"), relation("d1", "state/USA"), relation("d3", "state/MEX")]
    kg = KnowledgeGraph()
    for number, rel in enumerate(stream):
        kg.add(DocResult(make_document(f"texte {number}", f"{number}.txt"), relations=(rel,)))
    [merged] = kg.finalize().relations.values()
    assert [ev.doc_id for ev in merged.evidence] == ["d3", "d1"]
    assert merged.attributed_to == ("state/MEX", "state/USA")


def test_partitions_cover_the_stream_in_order():
    from diplograph.distributed import partitions

    chunks = list(partitions(range(10), 3))
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert [x for c in chunks for x in c] == list(range(10))


@pytest.mark.model
def test_dask_local_cluster_builds_the_single_machine_graph(settings, nlp, monkeypatch):
    pytest.importorskip("distributed")
    from rdflib.compare import isomorphic

    from diplograph import distributed
    from diplograph.api import build_documents
    from diplograph.export.rdf import to_rdf

    documents = [make_document(text, f"art-{n}.txt") for n, text in enumerate(TEXTS)]
    monkeypatch.setattr(distributed, "PARTITION_SIZE", 2)  # several partitions, on both workers
    local = build_documents(documents, settings)
    on_dask = build_documents(documents, settings.with_(jobs=2), dask="local")
    assert local.summary() == on_dask.summary() and local.summary()["entities"] > 5
    assert isomorphic(to_rdf(local), to_rdf(on_dask))


@pytest.mark.model
def test_two_local_processes_build_the_one_process_graph(settings, nlp):
    from diplograph.api import build_documents

    documents = [make_document(text, f"art-{n}.txt") for n, text in enumerate(TEXTS * 3)]
    small_batches = settings.with_(batch_size=2)  # several batches on each process
    one = build_documents(documents, small_batches)
    two = build_documents(documents, small_batches.with_(jobs=2))
    assert one.entities == two.entities and one.posts == two.posts and one.relations == two.relations
    assert list(one.documents) == list(two.documents)
