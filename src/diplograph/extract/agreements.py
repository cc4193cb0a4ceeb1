"""Treaties, pacts and resolutions named in the text, with what identifies them.

An agreement noun (``agreement_nouns`` of the ``entities`` lexicon) names an Agreement when
something identifies it: parties (« X-Y », « sino-iranien », « entre X et Y »), a descriptor
(« de défense mutuelle »), an issuing body (« résolutions du Conseil de sécurité ») or a number
(« résolution 2231 »). A bare « l'accord » is an anaphor, not a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from diplograph.extract._spans import MentionIndex, WordIndex
from diplograph.model import EntityType, Mention
from diplograph.resources import Resources, compiled, normalize, word_set

_PARTY_TYPES = frozenset({EntityType.STATE, EntityType.PERSON, EntityType.INTERNATIONAL_ORGANIZATION})
_ISSUER_TYPES = frozenset({EntityType.INTERNATIONAL_ORGANIZATION, EntityType.GOVERNMENT_BODY})


@dataclass(frozen=True)
class AgreementMention:
    """An agreement named in the text; identity is settled by :mod:`diplograph.resolve`."""

    start: int
    end: int
    text: str
    parties: tuple[str, ...]  # provisional keys of states or persons
    descriptor: str | None
    issuer: str | None
    number: str | None
    noun: str


@dataclass(frozen=True)
class _Words:
    nouns: frozenset[str]
    stop: frozenset[str]
    noun_index: WordIndex


@compiled
def _words(resources: Resources) -> _Words:
    lexicon = resources.lexicon("entities")
    nouns = word_set(lexicon, "agreement_nouns")
    return _Words(nouns, word_set(lexicon, "agreement_descriptor_stopwords"), WordIndex.of(nouns))


def _descriptor(doc: Doc, j: int, words: _Words) -> int:
    """End of « de NOUN ADJ* (de NOUN ADJ*)* » starting at ``j`` (``j`` when there is none)."""
    end = j
    k = j
    while k + 1 < len(doc) and normalize(doc[k].text) in ("de", "d'") and doc[k + 1].pos_ in ("NOUN", "ADJ", "X"):
        if normalize(doc[k + 1].lemma_) in words.stop:
            break
        k += 2
        while k < len(doc) and (doc[k].pos_ == "ADJ" or doc[k].text == "-" or (doc[k].dep_ == "amod" and not doc[k].is_punct)):
            k += 1
        end = k
    return end


def _parties_after(doc: Doc, index: MentionIndex, j: int) -> tuple[int, list[Mention]]:
    """« X-Y » or « sino-iranien » right after the noun."""
    found: list[Mention] = []
    k = j
    while k < len(doc):
        here = [m for m in index.all_at(k) if m.type is EntityType.STATE]
        if not here:
            break
        found.extend(m for m in here if m not in found)
        k = max(index.span(m).end for m in here)
        if k < len(doc) and doc[k].text == "-":
            k += 1
            continue
        break
    return (k, found) if len({m.key for m in found}) >= 2 else (j, [])


def _between(doc: Doc, index: MentionIndex, j: int) -> tuple[int, list[Mention]]:
    """« entre X et Y » right after the noun phrase."""
    if j >= len(doc) or normalize(doc[j].text) != "entre":
        return j, []
    found: list[Mention] = []
    k = j + 1
    while k < len(doc) and len(found) < 6:
        if normalize(doc[k].text) in ("la", "le", "les", "l'", "et", ",", "son", "sa", "ses"):
            k += 1
            continue
        mention = index.at(k)
        if mention is None or mention.type not in _PARTY_TYPES:
            break
        found.append(mention)
        k = index.span(mention).end
        while k < len(doc) and doc[k].text == ",":  # « X, le dirigeant Y, et Z »
            k += 1
    return (k, found) if len(found) >= 2 else (j, [])


def _issuer_or_number(doc: Doc, index: MentionIndex, j: int) -> tuple[int, str | None, str | None]:
    k = j
    while k < len(doc) and doc[k].pos_ == "ADJ":
        k += 1
    if k < len(doc) and doc[k].like_num:
        return k + 1, None, doc[k].text
    if k < len(doc) and normalize(doc[k].text) in ("de", "du", "des", "d'"):
        m = k + 1
        if m < len(doc) and normalize(doc[m].text) in ("la", "l'", "le", "les"):
            m += 1
        mention = index.at(m) if m < len(doc) else None
        if mention is not None and mention.type in _ISSUER_TYPES:
            return index.span(mention).end, mention.key, None
    return j, None, None


def extract_agreements(doc: Doc, mentions: Sequence[Mention], resources: Resources) -> list[AgreementMention]:
    """Every agreement named in ``doc``."""
    words = _words(resources)
    index = MentionIndex(doc, mentions)
    found: list[AgreementMention] = []
    for i in words.noun_index.indices(doc):
        token = doc[i]
        noun = normalize(token.text)
        if token.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB"):
            continue
        j = token.i + 1
        j, parties = _parties_after(doc, index, j)
        desc_end = _descriptor(doc, j, words)
        descriptor = doc[j + 1 : desc_end].text if desc_end > j else None
        end = desc_end
        end, between = _between(doc, index, end)
        parties = parties or between
        issuer = number = None
        if not parties and descriptor is None:
            end, issuer, number = _issuer_or_number(doc, index, end)
        if not (parties or descriptor or issuer or number):
            continue
        last: Token = doc[end - 1]
        # the span that names it: with its descriptor, without « entre X et Y »
        name_end = doc[desc_end - 1] if between and desc_end > token.i + 1 else last
        if between and desc_end <= token.i + 1:
            name_end = token
        start, stop = token.idx, name_end.idx + len(name_end.text)
        found.append(AgreementMention(
            start, stop, doc[token.i : name_end.i + 1].text, tuple(m.key for m in parties), descriptor, issuer, number, noun,
        ))
    return found


