"""Entity links: the Wikidata QID and Correlates of War codes that a gazetteer row gives an entity.

Only a gazetteer (or links file) row can give a link; an entity without one has none.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from diplograph.model import Entity
from diplograph.resources import GazetteerEntry, Resources

__all__ = ["link_entities"]


@lru_cache(maxsize=4)
def _linked(resources: Resources) -> dict[str, GazetteerEntry]:
    """Entity key -> the gazetteer entry of that key that carries a link (one map per loaded resources)."""
    return {entry.key: entry for entry in resources.entries
            if entry.wikidata or entry.cow_code is not None or entry.cow_letter}


def link_entities(entities: tuple[Entity, ...], resources: Resources) -> tuple[Entity, ...]:
    """``entities`` with the links of their gazetteer entries (an entity of another type than its row gets none)."""
    linked = _linked(resources)
    out = []
    for entity in entities:
        entry = linked.get(entity.key)
        if entry is not None and entry.type is entity.type:
            entity = replace(entity, wikidata=entry.wikidata, cow_code=entry.cow_code, cow_letter=entry.cow_letter)
        out.append(entity)
    return tuple(out)
