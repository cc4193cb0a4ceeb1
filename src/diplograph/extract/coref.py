"""Within one document: cluster person names, resolve title phrases and agreements to entities.

« Emmanuel Macron », « Macron » and « M. Macron » become one person; « le président français »
becomes whoever holds that post in the document; agreement mentions that share their parties
become one agreement.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from diplograph.extract.agreements import AgreementMention
from diplograph.extract.posts import TitleReference
from diplograph.model import Entity, EntityType, Mention, Post
from diplograph.resources import entity_key, normalize, slugify, strip_accents

_TREATY_NOUNS = frozenset({"résolution", "résolutions"})
_NOT_SURFACE = frozenset({"title", "combining", "implied"})  # mentions that are not a name of the entity


@dataclass(frozen=True)
class Resolved:
    """The entities of one document and its mentions and posts with canonical keys."""

    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    posts: tuple[Post, ...]
    agreement_parties: dict[str, tuple[str, ...]]


def _words(name: str) -> list[str]:
    return [strip_accents(w) for w in normalize(name).replace("-", " ").split()]


def _cluster_persons(mentions: Sequence[Mention]) -> dict[str, str]:
    """Provisional person key -> canonical key; short names join the full name they belong to."""
    persons = [m for m in mentions if m.type is EntityType.PERSON]
    full = {m.key: m.text for m in persons if len(m.text.split()) >= 2}
    mapping: dict[str, str] = {key: key for key in full}
    # a full name contained in a longer one (« Jong-un Kim » aside) joins it
    for key, name in full.items():
        longer = [k for k, n in full.items() if k != key and f" {normalize(name)} " in f" {normalize(n)} "]
        if len(longer) == 1:
            mapping[key] = longer[0]
    last_seen: dict[str, int] = {}
    for mention in sorted(persons, key=lambda m: m.start):
        if mention.key in full:
            last_seen[mention.key] = mention.start
            continue
        word = _words(mention.text)
        candidates = [k for k, n in full.items() if word and all(w in _words(n) for w in word)]
        by_last = [k for k in candidates if _words(full[k])[-1] == word[-1]]
        pool = by_last or candidates
        if pool:
            # the most recently named one, else the first named after
            pool.sort(key=lambda k: (-last_seen.get(k, -1), k))
            mapping[mention.key] = mapping.get(pool[0], pool[0])
        else:
            mapping.setdefault(mention.key, mention.key)
    return {k: mapping.get(v, v) for k, v in mapping.items()}


def _agreement_key(mention: AgreementMention, parties: tuple[str, ...], doc_id: str) -> str:
    if len(parties) >= 2:
        return entity_key(EntityType.AGREEMENT, "-".join(p.split("/")[-1] for p in parties))
    if mention.issuer:
        return entity_key(EntityType.AGREEMENT, f"resolutions-{slugify(mention.issuer.split('/')[-1])}")
    if mention.number:
        return entity_key(EntityType.AGREEMENT, f"{slugify(mention.noun.rstrip('s'))}-{mention.number}")
    return entity_key(EntityType.AGREEMENT, f"{slugify(mention.descriptor or mention.noun)}-{doc_id[:8]}")


def _resolve_agreements(
    agreements: Sequence[AgreementMention], person_state: dict[str, str], keymap: dict[str, str], doc_id: str
) -> tuple[list[Mention], dict[str, tuple[str, ...]]]:
    parties_of: list[tuple[AgreementMention, tuple[str, ...]]] = []
    for mention in agreements:
        states = []
        for key in mention.parties:
            key = keymap.get(key, key)
            state = person_state.get(key, key if key.startswith("state/") else None)
            if state and state not in states:
                states.append(state)
        parties_of.append((mention, tuple(sorted(states))))
    partied = {p for m, p in parties_of if len(p) >= 2 and m.noun not in _TREATY_NOUNS}
    out: list[Mention] = []
    parties_by_key: dict[str, tuple[str, ...]] = {}
    for mention, parties in parties_of:
        if len(parties) < 2 and mention.noun not in _TREATY_NOUNS and not mention.number and len(partied) == 1:
            parties = next(iter(partied))  # « le pacte de défense mutuelle » of a document about one pact
        key = _agreement_key(mention, parties, doc_id)
        if len(parties) >= 2:
            parties_by_key[key] = parties
        label = mention.text if mention.descriptor else ""
        out.append(Mention(mention.start, mention.end, mention.text, EntityType.AGREEMENT, key, label, "name"))
    return out, parties_by_key


def _label(key: str, group: list[Mention]) -> str:
    named = [m.label for m in group if m.label and m.role not in ("title", "combining")]
    if group[0].type is EntityType.PERSON:
        return max((" ".join(m.text.split()) for m in group if m.role != "title"), key=len, default=named[0] if named else key)
    if named:  # the most frequent label, the first one on a tie (one label: no vote needed)
        return named[0] if len(named) == 1 else Counter(named).most_common(1)[0][0]
    return Counter(" ".join(m.text.split()) for m in group).most_common(1)[0][0]


def resolve_document(
    doc_id: str,
    mentions: Sequence[Mention],
    references: Sequence[TitleReference],
    agreements: Sequence[AgreementMention],
    posts: Sequence[Post],
) -> Resolved:
    """Give every mention of one document its canonical key and build the document's entities."""
    keymap = _cluster_persons(mentions)
    # a body named without its state (« le ministère de la Défense ») is only known within its document
    keymap.update({m.key: f"{m.key}-{doc_id[:8]}" for m in mentions if m.role == "body"})
    mentions = [replace(m, key=keymap[m.key], role="name" if m.role == "body" else m.role)
                if m.key in keymap else m for m in mentions]
    resolved_posts = list(dict.fromkeys(replace(p, person=keymap.get(p.person, p.person)) for p in posts))
    holder = {(normalize(p.title), p.organization): p.person for p in resolved_posts if p.title}
    person_state = {p.person: p.organization for p in resolved_posts if p.organization.startswith("state/")}
    for ref in references:
        person = holder.get((normalize(ref.title), ref.organization))
        if person is not None:
            mentions.append(Mention(ref.start, ref.end, ref.text, EntityType.PERSON, person, "", "title"))
    agreement_mentions, parties = _resolve_agreements(agreements, person_state, keymap, doc_id)
    mentions.extend(agreement_mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[mention.key].append(mention)
    entities = []
    for key, group in sorted(groups.items()):
        etype = group[0].type if len(group) == 1 else Counter(m.type for m in group).most_common(1)[0][0]
        label = _label(key, group)
        aliases = sorted({" ".join(m.text.split()) for m in group if m.role not in _NOT_SURFACE} - {label})
        iso3 = next((m.iso3 for m in group if m.iso3), None)
        part_of = f"state/{iso3}" if etype in (EntityType.CITY, EntityType.GOVERNMENT_BODY) and iso3 else None
        entities.append(Entity(key, label, etype, tuple(aliases), iso3 if etype is EntityType.STATE else None,
                               (doc_id,), len(group), part_of))
    return Resolved(tuple(entities), tuple(mentions), tuple(resolved_posts), parties)
