"""Tabular views of a KnowledgeGraph: rows of plain values, and pandas DataFrames of them.

The row functions need nothing beyond the standard library; the ``*_frame`` functions need pandas
(an optional dependency) and raise :class:`~diplograph.errors.MissingDependencyError` without it.
Every table keeps its columns when it has no row, so that filtering an empty table
(``relations.query("type == 'arms_supply'")``) gives an empty table, not an error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from diplograph.errors import MissingDependencyError

if TYPE_CHECKING:
    import pandas as pd

    from diplograph.graph import KnowledgeGraph

Row = dict[str, Any]

ENTITY_COLUMNS = ("key", "label", "type", "iso3", "mentions", "documents", "aliases", "part_of", "wikidata")
RELATION_COLUMNS = ("type", "source_label", "target_label", "modality", "attributed_to", "documents", "evidence",
                    "sentence", "source", "target", "date", "date_kind", "speakers")
EVIDENCE_COLUMNS = ("type", "source_label", "target_label", "modality", "speaker", "document", "start", "end", "text",
                    "source", "target", "doc_id")
POST_COLUMNS = ("person_label", "title", "organization_label", "documents", "person", "organization")
INTEGER_COLUMNS = frozenset({"mentions", "documents", "evidence", "start", "end", "speakers"})


def _labels(kg: KnowledgeGraph) -> Callable[[str | None], str]:
    def label(key: str | None) -> str:
        if not key:
            return ""
        entity = kg.entities.get(key)
        return entity.label if entity is not None else key

    return label


def _document_names(kg: KnowledgeGraph) -> dict[str, str]:
    return {doc_id: doc.title or doc.file_name for doc_id, doc in kg.documents.items()}


def entity_rows(kg: KnowledgeGraph) -> list[Row]:
    """One row per canonical entity, most mentioned first.

    Args:
        kg: the graph.

    Returns:
        Rows keyed by :data:`ENTITY_COLUMNS`.

    >>> from diplograph.graph import KnowledgeGraph
    >>> entity_rows(KnowledgeGraph())
    []
    """
    entities = sorted(kg.entities.values(), key=lambda e: (-e.mention_count, e.key))
    return [{"key": e.key, "label": e.label, "type": e.type.value, "iso3": e.iso3 or "", "mentions": e.mention_count,
             "documents": len(e.documents), "aliases": "; ".join(e.aliases), "part_of": e.part_of or "",
             "wikidata": e.wikidata or ""}
            for e in entities]


def relation_rows(kg: KnowledgeGraph) -> list[Row]:
    """One row per relation (all its evidence merged), in a stable order.

    Args:
        kg: the graph.

    Returns:
        Rows keyed by :data:`RELATION_COLUMNS`; ``sentence`` is the first evidence sentence.

    >>> from diplograph.graph import KnowledgeGraph
    >>> relation_rows(KnowledgeGraph())
    []
    """
    label = _labels(kg)
    return [{"type": r.type, "source_label": label(r.source), "target_label": label(r.target),
             "modality": r.modality.value, "attributed_to": "; ".join(label(s) for s in r.attributed_to),
             "documents": len(r.documents), "evidence": len(r.evidence),
             "sentence": r.evidence[0].text if r.evidence else "", "source": r.source, "target": r.target,
             "date": r.date or "", "date_kind": r.date_kind or "", "speakers": len(r.speakers)}
            for r in kg.iter_relations()]


def evidence_rows(kg: KnowledgeGraph) -> list[Row]:
    """One row per evidence sentence of every relation: what an analyst reads to check an edge.

    Args:
        kg: the graph.

    Returns:
        Rows keyed by :data:`EVIDENCE_COLUMNS` (``end`` exclusive, offsets into the document's text).

    >>> from diplograph.graph import KnowledgeGraph
    >>> evidence_rows(KnowledgeGraph())
    []
    """
    label, names = _labels(kg), _document_names(kg)
    return [{"type": r.type, "source_label": label(r.source), "target_label": label(r.target),
             "modality": r.modality.value, "speaker": label(ev.speaker), "document": names.get(ev.doc_id, ev.doc_id),
             "start": ev.start, "end": ev.end, "text": ev.text, "source": r.source, "target": r.target,
             "doc_id": ev.doc_id}
            for r in kg.iter_relations() for ev in r.evidence]


def post_rows(kg: KnowledgeGraph) -> list[Row]:
    """One row per office held (``title`` empty for a plain affiliation).

    Args:
        kg: the graph.

    Returns:
        Rows keyed by :data:`POST_COLUMNS`.

    >>> from diplograph.graph import KnowledgeGraph
    >>> post_rows(KnowledgeGraph())
    []
    """
    label = _labels(kg)
    posts = sorted(kg.posts.values(), key=lambda p: (p.person, p.title or "", p.organization))
    return [{"person_label": label(p.person), "title": p.title or "", "organization_label": label(p.organization),
             "documents": len({ev.doc_id for ev in p.evidence}), "person": p.person, "organization": p.organization}
            for p in posts]


def frame(rows: list[Row], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with exactly ``columns``, also when there is no row.

    Args:
        rows: dictionaries keyed by ``columns``.
        columns: the column names, in order.

    Returns:
        A pandas DataFrame.

    Raises:
        MissingDependencyError: pandas is not installed.

    >>> list(frame([], ["type", "source"]).columns)
    ['type', 'source']
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError("pandas", "DataFrames of the graph") from None
    table = pd.DataFrame(rows, columns=list(columns))
    if not rows:  # an empty table still knows which columns hold counts
        table = table.astype({name: "int64" for name in columns if name in INTEGER_COLUMNS})
    return table


TABLES: dict[str, tuple[Callable[[KnowledgeGraph], list[Row]], tuple[str, ...]]] = {
    "entities": (entity_rows, ENTITY_COLUMNS),
    "relations": (relation_rows, RELATION_COLUMNS),
    "evidence": (evidence_rows, EVIDENCE_COLUMNS),
    "posts": (post_rows, POST_COLUMNS),
}


def to_frame(kg: KnowledgeGraph, table: str) -> pd.DataFrame:
    """The DataFrame of one of :data:`TABLES` (entities, relations, evidence, posts).

    Args:
        kg: the graph.
        table: a key of :data:`TABLES`.

    Returns:
        A pandas DataFrame with the table's columns.

    Raises:
        MissingDependencyError: pandas is not installed.

    >>> from diplograph.graph import KnowledgeGraph
    >>> to_frame(KnowledgeGraph(), "posts").empty
    True
    """
    rows, columns = TABLES[table]
    return frame(rows(kg), columns)


def _term_value(term: Any) -> Any:
    if term is None:
        return None
    if term.kind != "literal" or term.language:
        return term.value
    from rdflib import Literal, URIRef

    return Literal(term.value, datatype=URIRef(term.datatype) if term.datatype else None).toPython()


def results_rows(results: Any) -> list[Row] | bool:
    """Plain Python values of a :mod:`diplograph.sparql` ``Results`` (what ``KnowledgeGraph.query`` returns).

    Args:
        results: an object with ``variables``, ``rows`` (of terms with ``kind``, ``value``,
            ``datatype``, ``language``) and ``boolean`` (set for ASK).

    Returns:
        A bool for ASK, else one dict per row keyed by variable (literals as their Python value).

    >>> from types import SimpleNamespace as Term
    >>> n = Term(kind="literal", value="2", datatype="http://www.w3.org/2001/XMLSchema#integer", language=None)
    >>> results_rows(Term(variables=("n",), rows=((n,),), boolean=None))
    [{'n': 2}]
    """
    if results.boolean is not None:
        return bool(results.boolean)
    return [dict(zip(results.variables, map(_term_value, row), strict=True)) for row in results.rows]
