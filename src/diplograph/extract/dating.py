"""Relation dates: the date of the event when its sentence gives one, else the document's date.

A document without a date (an encyclopaedic narrative) dates a relation by its context instead:
the last full or partial date the text gives before the sentence (« En 2018, ... » dates what follows).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace

from diplograph.dates import event_date, find_dates, normalize_date
from diplograph.model import Document, Relation

__all__ = ["CONTEXT", "DOCUMENT", "EVENT", "date_relations"]

# the kinds of Relation.date: the sentence dates the event; the document's date; the text's last date before it
EVENT, DOCUMENT, CONTEXT = "event", "document", "context"


def date_relations(relations: Iterable[Relation], document: Document) -> list[Relation]:
    """Each relation dated by the first of its evidence sentences that dates its event (« le 19 juin
    2024 », « en mars 2022 », « mardi » counted from the document's date), else by the document's
    date, else (an undated document) by the last date its text gives before the sentence; undated
    when none is known.
    """
    reference = normalize_date(document.date)
    context: tuple[list[int], list[str]] | None = None
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
        if when is None and relation.evidence and document.text:
            if context is None:
                mentions = find_dates(document.text, None)
                context = ([m.end for m in mentions], [m.value for m in mentions])
            ends, values = context
            before = bisect_right(ends, relation.evidence[0].start)
            if before:
                when, kind = values[before - 1], CONTEXT
        dated.append(replace(relation, date=when, date_kind=kind) if when is not None else relation)
    return dated
