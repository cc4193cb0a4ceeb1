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
    party_nouns: frozenset[str]  # name an agreement only with its parties


@compiled
def _words(resources: Resources) -> _Words:
    lexicon = resources.lexicon("entities")
    party_nouns = word_set(lexicon, "party_agreement_nouns")
    nouns = word_set(lexicon, "agreement_nouns") | party_nouns
    return _Words(nouns, word_set(lexicon, "agreement_descriptor_stopwords"), WordIndex.of(nouns), party_nouns)


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


def _adjectives(doc: Doc, index: MentionIndex, j: int) -> int:
    """End of the lower-case adjectives right after the noun that no mention covers (« stratégique »)."""
    while j < len(doc) and doc[j].pos_ == "ADJ" and doc[j].is_lower and index.at(j) is None:
        j += 1
    return j


def _place_name(doc: Doc, index: MentionIndex, j: int, noun: str, described: bool) -> int:
    """« (accord de paix) d'Alger », « (traité) de Shimonoseki »: the place a treaty is named after.

    Not a state named by its name (« l'accord de la Russie », « avec l'accord de Moscou » is consent):
    a capitalised word after « de/d' » that is no mention, a city, or (for a treaty noun) any place.
    """
    if j + 1 >= len(doc) or normalize(doc[j].text) not in ("de", "d'") or not doc[j + 1].text[:1].isupper():
        return j
    if doc[j + 1].pos_ not in ("PROPN", "NOUN", "X"):
        return j
    mention = index.at(j + 1)
    if mention is not None and mention.type not in (EntityType.CITY, EntityType.REGION, EntityType.STATE):
        return j
    if mention is not None and mention.type is EntityType.STATE and (
            mention.role != "capital" or (noun == "accord" and not described)):
        return j
    k = j + 1
    while k < len(doc) and doc[k].text[:1].isupper() and doc[k].pos_ in ("PROPN", "NOUN", "X") and k - j <= 3:
        k += 1
    if k + 1 < len(doc) and normalize(doc[k].text) == "de" and _year(doc[k + 1]):
        k += 2  # « le traité de Ganghwa de 1876 »
    elif k + 2 < len(doc) and doc[k].text == "(" and _year(doc[k + 1]) and doc[k + 2].text == ")":
        k += 3
    return k


def _year(token: Token) -> bool:
    return token.is_digit and len(token.text) == 4 and token.text[:1] in ("1", "2")


def _issuer_or_number(doc: Doc, index: MentionIndex, j: int) -> tuple[int, str | None, str | None]:
    k = j
    while k < len(doc) and doc[k].pos_ == "ADJ":
        k += 1
    if k < len(doc) and doc[k].like_num:
        end, number = k + 1, doc[k].text
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 1].like_num and doc[end + 2].text == ")":
            end += 3  # « résolution 2216 (2015) »
        after, issuer, _ = _issuer_or_number(doc, index, end) if end < len(doc) and not doc[end].like_num else (end, None, None)
        return (after if issuer else end), None, number  # the number names it; the issuer only ends the span
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
        adjectives = _adjectives(doc, index, j)
        j, parties = _parties_after(doc, index, adjectives)
        if not parties:
            j = token.i + 1
        desc_start = j
        desc_end = _descriptor(doc, j, words)
        desc_end = _place_name(doc, index, desc_end, noun, desc_end > j)
        descriptor = doc[j + 1 : desc_end].text if desc_end > j else None
        if parties and adjectives > token.i + 1:
            descriptor = doc[token.i + 1 : desc_end].text  # « le partenariat stratégique sino-russe »
        end = desc_end
        end, between = _between(doc, index, end)
        if not between and not parties and adjectives > token.i + 1 and desc_end == desc_start:
            end, between = _between(doc, index, adjectives)
            if between:  # « le partenariat stratégique entre X et Y »
                descriptor = doc[token.i + 1 : adjectives].text
                desc_end = adjectives
        parties = parties or between
        if noun in words.party_nouns and not parties:
            continue
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




def without_named_places(mentions: Sequence[Mention], agreements: Sequence[AgreementMention]) -> list[Mention]:
    """``mentions`` less the cities and regions inside an agreement's name (« le traité de Ganghwa »):
    the place names the text, it is not an actor of the document."""
    spans = [(a.start, a.end) for a in agreements]
    return [m for m in mentions if not (m.type in (EntityType.CITY, EntityType.REGION)
                                        and any(s <= m.start and m.end <= e for s, e in spans))]
