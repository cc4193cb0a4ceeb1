"""Relation dates: the date of the event when its sentence gives one, else the document's date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from diplograph.dates import event_date, normalize_date
from diplograph.model import Document, Relation

__all__ = ["DOCUMENT", "EVENT", "date_relations"]

EVENT, DOCUMENT = "event", "document"  # the kinds of Relation.date


def date_relations(relations: Iterable[Relation], document: Document) -> list[Relation]:
    """Each relation dated by the first of its evidence sentences that dates its event (« le 19 juin
    2024 », « en mars 2022 », « mardi » counted from the document's date), else by the document's
    date; undated when neither is known.
    """
    reference = normalize_date(document.date)
    dated = []
    for relation in relations:
        when, kind = None, None
        for evidence in relation.evidence:
            when = event_date(evidence.text, reference)
            if when is not None:
                kind = EVENT
                break
        if when is None and reference is not None:
            when, kind = reference, DOCUMENT
        dated.append(replace(relation, date=when, date_kind=kind) if when is not None else relation)
    return dated
