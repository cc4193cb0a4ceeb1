"""Who holds which office: titles and appositions -> Post records, and title references.

Patterns (titles come from the ``posts`` lexicon):
- TITLE [QUALIFIER] [,] PERSON       « le secrétaire général de l'OSCE, Feridun Sinirlioğlu »
- PERSON , TITLE [QUALIFIER]         « Jane Roe, directrice de l'Institut X »
- PERSON , de ORG                    an affiliation (org:memberOf) « John Doe, de la Fondation Y »
- TITLE QUALIFIER with no name       a reference to whoever holds that post in the document
QUALIFIER is a demonym (« turc ») or « de/du/de la/de l' » + a mention; failing that, a demonym
on the noun the title hangs from (« des responsables américains, dont la porte-parole Z »).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from diplograph.extract._spans import NEVER, MentionIndex, PhraseTable, _leading_run, doc_text, kids
from diplograph.extract.ner_rules import person_misread_as_organisation
from diplograph.model import EntityType, Evidence, Mention, Post
from diplograph.resources import Resources, compiled, entity_key, normalize, slugify

_OF = frozenset({"de", "du", "des", "d'"})
_PARTICLES = frozenset({"al", "el", "bin", "ben", "ibn", "abu", "abou", "de", "da", "van", "von", "ould", "ag"})
_DET = frozenset({"la", "l'", "le", "les"})
_ORG_TYPES = frozenset(EntityType) - {EntityType.PERSON, EntityType.CITY, EntityType.REGION, EntityType.AGREEMENT}


@dataclass(frozen=True)
class TitleReference:
    """A title phrase with no name: « le président turc » (resolved to the holder later)."""

    start: int
    end: int
    text: str
    title: str
    organization: str


@compiled
def _titles(resources: Resources) -> PhraseTable:
    lexicon = resources.lexicon("posts")
    items: list[tuple[str, object]] = []
    for row in lexicon.get("titles", []) if isinstance(lexicon, Mapping) else []:
        if isinstance(row, Mapping) and row.get("title"):
            title = str(row["title"]).replace("\u2019", "'")
            items.append((title, title))
            if row.get("feminine"):
                items.append((str(row["feminine"]), str(row["feminine"]).replace("\u2019", "'")))
        elif isinstance(row, str):
            items.append((row, row))
    return PhraseTable.build(items)


def _match_title(doc: Doc, index: MentionIndex, titles: PhraseTable, i: int) -> tuple[int, str, Mention | None] | None:
    """The longest title starting at token ``i``; a demonym inside it is skipped and returned.

    « le ministre français des Affaires étrangères » matches « ministre des Affaires étrangères » (FRA).
    """
    if not _may_start_title(doc, index, titles, i):
        return None
    parts: list[str] = []
    demonym: Mention | None = None
    best: tuple[int, str, Mention | None] | None = None
    k, used = i, 0
    while k < len(doc) and used < titles.max_words:
        mention = index.at(k)
        if k > i and mention is not None and mention.type is EntityType.STATE and mention.role in ("demonym", "combining"):
            demonym = demonym or mention
            k = index.span(mention).end
            continue
        token = doc[k]
        parts.append(token.text + (" " if token.whitespace_ else ""))
        used += 1
        k += 1
        value = titles.phrases.get(normalize("".join(parts)))
        if value is not None:
            best = (k, str(value), demonym)
    return best


def _may_start_title(doc: Doc, index: MentionIndex, titles: PhraseTable, i: int) -> bool:
    """False when no title can start at token ``i``: its folded leading word heads no title (most tokens).

    Exact, never a guess: a token whose word may run on into the next token (no space between them)
    is only ruled out when its word is not even the beginning of a title's first word.
    """
    folded = normalize(doc[i].text)
    run = _leading_run(folded)
    if not folded or run in titles.heads:
        return True
    if run != folded or doc[i].whitespace_ or i + 1 >= len(doc):
        return False  # the first word of any phrase from here is ``run``: it starts no title
    following = doc[i + 1].text[:1]
    if index.at(i + 1) is not None or not following or unicodedata.combining(following):
        return True  # a skipped demonym or a combining mark: let the full matcher decide
    return following.isalnum() and run in titles.head_prefixes


def _inner_org(index: MentionIndex, start: int, end: int) -> Mention | None:
    """« porte-parole du Kremlin »: an organisation or state named inside the title itself."""
    for k in range(start + 1, end):
        mention = index.at(k)
        if mention is not None and mention.type in _ORG_TYPES:
            return mention
    return None


def _noun_demonym(doc: Doc, index: MentionIndex, j: int) -> tuple[int, str, Mention] | None:
    """« de la junte malienne », « du Parlement iranien »: a body named by a noun and a demonym."""
    if j >= len(doc) or normalize(doc[j].text) not in _OF:
        return None
    k = j + 1
    if k < len(doc) and normalize(doc[k].text) in _DET:
        k += 1
    if k + 1 >= len(doc) or doc[k].pos_ not in ("NOUN", "PROPN") or index.at(k) is not None:
        return None
    mention = index.at(k + 1)
    if mention is None or mention.type is not EntityType.STATE or mention.role not in ("demonym", "combining"):
        return None
    return index.span(mention).end, doc[j : k + 1].text, mention


def _portfolio(doc: Doc, index: MentionIndex, j: int) -> tuple[int, str] | None:
    """« de la Défense », « des Affaires étrangères » after a qualified title: (end, text).

    Only a capitalised portfolio that no mention covers, closed by a comma (the name follows).
    """
    if j >= len(doc) or normalize(doc[j].text) not in _OF:
        return None
    k = j + 1
    if k < len(doc) and normalize(doc[k].text) in _DET:
        k += 1
    if k >= len(doc) or not doc[k].text[:1].isupper() or index.at(k) is not None:
        return None
    end = k
    while end < len(doc) and doc[end].text != "," and index.at(end) is None and end - k < 5 and (
            doc[end].text[:1].isupper() or doc[end].pos_ == "ADJ" or normalize(doc[end].text) in _OF | _DET | {"et"}):
        end += 1
    if end >= len(doc) or doc[end].text != ",":
        return None
    return end, doc[j:end].text


def _qualifier(doc: Doc, index: MentionIndex, j: int) -> tuple[int, Mention | None]:
    """The organisation qualifying a title whose last token is ``j - 1``: (next token, org)."""
    if j < len(doc):
        mention = index.at(j)
        if mention is not None and mention.type is EntityType.STATE and mention.role in ("demonym", "combining"):
            return index.span(mention).end, mention
        if normalize(doc[j].text) in _OF:
            k = j + 1
            if k < len(doc) and normalize(doc[k].text) in _DET:
                k += 1
            mention = index.at(k) if k < len(doc) else None
            if mention is not None and (mention.type in _ORG_TYPES) and index.span(mention).start == k:
                return index.span(mention).end, mention
    return j, None


def _head_demonym(token: Token, index: MentionIndex) -> Mention | None:
    """« des responsables américains, dont la porte-parole X »: the demonym on the governing noun."""
    head = token
    for _ in range(2):
        if head.head is head:
            break
        head = head.head
        for child in kids(head):
            mention = index.at(child)
            if child.dep_ == "amod" and mention is not None and mention.type is EntityType.STATE:
                return mention
    return None


def _skip_comma(doc: Doc, k: int) -> int:
    return k + 1 if k < len(doc) and doc[k].text == "," else k


def _person_at(index: MentionIndex, k: int) -> Mention | None:
    mention = index.at(k) if k < len(index.doc) else None
    if mention is not None and mention.type is EntityType.PERSON and index.span(mention).start == k:
        return mention
    return None


def _name_after_title(doc: Doc, index: MentionIndex, k: int) -> Mention | None:
    """« le président kényan William Ruto »: capitalised words right after a title are a name
    even where the NER missed them (two to four words, none already a mention)."""
    end = k
    while end < len(doc) and end - k < 5 and index.at(end) is None:
        token = doc[end]
        capitalised = token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "X", "ADJ")
        particle = end > k and normalize(token.text.rstrip("-")) in _PARTICLES and end + 1 < len(doc)
        joiner = end > k and token.text == "-" and not token.whitespace_
        if not (capitalised or particle or joiner):
            break
        end += 1
    while end > k and not doc[end - 1].text[:1].isupper():
        end -= 1
    if end - k < 2 or not doc[k:end].text.replace(" ", "").replace("-", "").replace("'", "").isalpha():
        return None
    text = doc[k:end].text
    return Mention(doc[k].idx, doc[end - 1].idx + len(doc[end - 1].text), text, EntityType.PERSON,
                   entity_key(EntityType.PERSON, slugify(text)), text, "name")


def _evidence(doc: Doc, doc_id: str, token: Token) -> Evidence:
    sent = token.sent
    return Evidence(doc_id, sent.start_char, sent.end_char, doc_text(token.doc)[sent.start_char : sent.end_char])


def extract_posts(
    doc: Doc, doc_id: str, mentions: Sequence[Mention], resources: Resources
) -> tuple[list[Post], list[TitleReference], list[Mention]]:
    """Posts with provisional person keys, title phrases that name no one, and names found after titles."""
    titles = _titles(resources)
    index = MentionIndex(doc, mentions)
    posts: list[Post] = []
    references: list[TitleReference] = []
    names: list[Mention] = []
    starts = titles.start_verdicts(doc)  # most tokens start no title: ruled out from their word alone
    i = 0
    while i < len(doc):
        if starts[i] == NEVER:
            i += 1
            continue
        here = index.at(i)
        match = None if here is not None else _match_title(doc, index, titles, i)
        if match is None:
            i += 1
            continue
        end, title, org = match
        after = end
        if org is None:
            org = _inner_org(index, i, end)
        if org is None:
            after, org = _qualifier(doc, index, end)
        if org is None and (body := _noun_demonym(doc, index, end)) is not None:
            after, suffix, org = body
            title = f"{title} {suffix}"
        if org is not None and (portfolio := _portfolio(doc, index, after)) is not None:
            after, suffix = portfolio  # « le vice-ministre russe de la Défense, X »
            title = f"{title} {suffix}"
        title_token = doc[i]
        # forward: TITLE [QUAL] [,] [det TITLE] PERSON   « le chef de la junte malienne, le colonel X »
        k = _skip_comma(doc, after)
        if k < len(doc) and normalize(doc[k].text) in _DET and (second := _match_title(doc, index, titles, k + 1)):
            k = second[0]
        person = _person_at(index, k)
        if person is None and (person := _name_after_title(doc, index, k)) is not None:
            names.append(person)
        # backward: PERSON , [det] TITLE [QUAL]
        k = i - 1
        if k >= 0 and normalize(doc[k].text) in _DET | {"un", "une"}:
            k -= 1
        if person is None and k >= 1 and doc[k].text == ",":
            before = index.at(k - 1)
            if before is not None and before.type is EntityType.PERSON:
                person = before
            elif before is not None and person_misread_as_organisation(before, resources):
                person = replace(before, type=EntityType.PERSON, key=entity_key(EntityType.PERSON, slugify(before.text)))
                names.append(person)
        if org is None:
            org = _head_demonym(title_token, index)
        if person is not None and org is not None:
            posts.append(Post(person.key, title, org.key, (_evidence(doc, doc_id, title_token),)))
        elif person is None and org is not None:
            start = doc[i - 1].idx if i > 0 and normalize(doc[i - 1].text) in _DET else title_token.idx
            last = doc[after - 1]
            first = i - 1 if start < title_token.idx else i
            references.append(TitleReference(start, last.idx + len(last.text), doc[first:after].text,
                                             title, org.key))
        i = max(after, i + 1)
    posts.extend(_affiliations(doc, doc_id, index))
    return posts, references, names


def _affiliations(doc: Doc, doc_id: str, index: MentionIndex) -> list[Post]:
    """« PERSON, de la ORG »: the person is a member of the organisation (no title)."""
    found = []
    for mention in index.mentions:
        if mention.type is not EntityType.PERSON:
            continue
        k = index.span(mention).end
        if k + 2 >= len(doc) or doc[k].text != "," or normalize(doc[k + 1].text) not in _OF:
            continue
        k += 2
        if normalize(doc[k].text) in _DET:
            k += 1
        org = index.at(k) if k < len(doc) else None
        if org is not None and org.type in _ORG_TYPES and org.type is not EntityType.STATE:
            found.append(Post(mention.key, None, org.key, (_evidence(doc, doc_id, doc[k]),)))
    return found
