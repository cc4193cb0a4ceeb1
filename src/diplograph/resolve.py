"""Across documents: merge per-document entities into one resource per real-world thing.

Everything here is linear in the number of records: entities merge by canonical key, and a
person known only by a surname joins the one full name in the corpus that ends with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace

from diplograph.model import Entity, EntityType
from diplograph.resources import normalize, strip_accents


def merge_entity(old: Entity, new: Entity) -> Entity:
    """One entity from two records with the same key (labels, aliases, documents, counts)."""
    label = old.label
    if old.type is EntityType.PERSON and len(new.label) > len(old.label):
        label = new.label
    aliases = set(old.aliases) | set(new.aliases) | {old.label, new.label}
    aliases.discard(label)
    documents = tuple(sorted(set(old.documents) | set(new.documents)))
    return replace(old, label=label, aliases=tuple(sorted(aliases)), documents=documents,
                   mention_count=old.mention_count + new.mention_count,
                   iso3=old.iso3 or new.iso3, part_of=old.part_of or new.part_of)


def person_surname_keys(entities: Mapping[str, Entity]) -> dict[str, str]:
    """Keys of one-word persons -> the key of the only full name that ends (or starts) with that word.

    A one-word organisation of unknown kind (« Obama » that the NER took for an organisation) whose word
    is the surname of exactly one person joins that person too.
    """
    index: dict[str, set[str]] = defaultdict(set)
    singles = []
    for key, entity in entities.items():
        if entity.type is EntityType.ORGANIZATION and " " not in entity.label.strip() and "-" not in entity.label:
            if not entity.label.isupper():  # an acronym is no surname
                singles.append((key, strip_accents(normalize(entity.label))))
            continue
        if entity.type is not EntityType.PERSON:
            continue
        words = [strip_accents(w) for w in normalize(entity.label).replace("-", " ").split()]
        if len(words) >= 2:
            index[words[-1]].add(key)
            index[words[0]].add(key)
        elif words:
            singles.append((key, words[0]))
    mapping = {}
    for key, word in singles:
        targets = index.get(word, set())
        if len(targets) == 1:
            mapping[key] = next(iter(targets))
    return mapping

