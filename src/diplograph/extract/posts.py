"""Who holds which office: titles and appositions -> Post records, and title references.

Patterns (titles come from the ``posts`` lexicon):
- TITLE [QUALIFIER] [,] PERSON       « le secrétaire général de l'OSCE, Feridun Sinirlioğlu »
- PERSON , TITLE [QUALIFIER]         « Jane Roe, directrice de l'Institut X »
- PERSON , de ORG                    an affiliation (org:memberOf) « John Doe, de la Fondation Y »
- TITLE QUALIFIER with no name       a reference to whoever holds that post in the document
- STATE , [feu] le TITLE PERSON     « de l'Éthiopie, feu le premier ministre X »: that state's
- son TITLE , PERSON                 « l'Assemblée et son président, X »: the nearest body before it
- TITLE DEMONYM (PERSON), DEMONYM (PERSON) et ...   « ses homologues turc (X) et jordanien (Y) »
QUALIFIER is a demonym (« turc ») or « de/du/de la/de l' » + a mention; failing that, a demonym
on the noun the title hangs from (« des responsables américains, dont la porte-parole Z »), else the
organisation the title implies (``org`` in the lexicon: « le pape »). Modifiers (« ancien », « alors »,
« adjoint », « de l'époque »), honorifics (« M. ») and a scope (« pour le Moyen-Orient ») may come between.
A title that names no organisation but is an office of the home state (speaker.yml ``home_titles``:
« M. X, ministre de l'Europe et des affaires étrangères ») is settled once the document's speaker is
known (:func:`settle_posts`): it is the home state's when the document speaks for it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token

from diplograph.extract._spans import NEVER, MentionIndex, PhraseTable, _leading_run, doc_text, kids
from diplograph.extract.ner_rules import person_misread_as_organisation
from diplograph.model import Entity, EntityType, Evidence, Mention, Post
from diplograph.resources import Resources, compiled, entity_key, normalize, slugify, word_set

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


_HOME = "home"
_BRACKETS = {"(": ")", "[": "]"}  # doc.user_data key of the posts settled with the speaker


def _unaccented_capitals(text: str) -> str:
    """« secrétaire d'État » -> « secrétaire d'Etat »: capitals often lose their accent in French texts."""
    return "".join(unicodedata.normalize("NFD", c)[0] if c.isupper() else c for c in text)


@compiled
def _titles(resources: Resources) -> PhraseTable:
    lexicon = resources.lexicon("posts")
    items: list[tuple[str, object]] = []
    for row in lexicon.get("titles", []) if isinstance(lexicon, Mapping) else []:
        if isinstance(row, Mapping) and row.get("title"):
            forms = [str(row["title"])] + ([str(row["feminine"])] if row.get("feminine") else [])
        elif isinstance(row, str):
            forms = [row]
        else:
            continue
        for form in forms:
            title = form.replace("\u2019", "'")
            items.append((title, title))
            items.append((f"ex-{title}", title))  # « l'ex-président brésilien X » (one token)
            if _unaccented_capitals(title) != title:
                items.append((_unaccented_capitals(title), title))
        if isinstance(row, Mapping) and row.get("plural"):  # « ses homologues turc (X) et grec (Y) »
            items.append((str(row["plural"]).replace("\u2019", "'"), forms[0].replace("\u2019", "'")))
    return PhraseTable.build(items)


@dataclass(frozen=True)
class _PostWords:
    """The word lists of ``posts.yml`` besides the titles, folded."""

    implied: Mapping[str, str]  # folded title -> the organisation it implies
    kinds: Mapping[str, str]  # folded title -> kind
    honorifics: PhraseTable
    before: PhraseTable
    after: PhraseTable
    scope: PhraseTable
    posting: PhraseTable
    possessives: frozenset[str]
    regnal: frozenset[str]
    relatives: frozenset[str]
    nationality_kinds: frozenset[str]
    joiners: PhraseTable
    home_bodies: Mapping[str, tuple[str, ...]]
    home_titles: frozenset[str]
    home_state: str | None


@compiled
def _words(resources: Resources) -> _PostWords:
    lexicon = resources.lexicon("posts")
    lexicon = lexicon if isinstance(lexicon, Mapping) else {}
    implied: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for row in lexicon.get("titles", []):
        if isinstance(row, Mapping) and row.get("title"):
            for form in (row.get("title"), row.get("feminine")):
                if form:
                    if row.get("org"):
                        implied[normalize(str(form))] = str(row["org"])
                    if row.get("kind"):
                        kinds[normalize(str(form))] = str(row["kind"])

    def table(name: str) -> PhraseTable:
        return PhraseTable.build((str(w), str(w)) for w in lexicon.get(name) or [])

    bodies = lexicon.get("home_bodies") or {}
    speaker = resources.lexicon("speaker")
    speaker = speaker if isinstance(speaker, Mapping) else {}
    home = speaker.get("home_state")
    return _PostWords(implied, kinds, table("honorifics"), table("modifiers_before"), table("modifiers_after"),
                      table("scope_openings"), table("posting_openings"), word_set(lexicon, "possessives"),
                      word_set(lexicon, "regnal_titles"), word_set(lexicon, "relatives"), word_set(lexicon, "nationality_kinds"),
                      table("list_joiners"),
                      {normalize(str(k)): tuple(normalize(str(b)) for b in v) for k, v in bodies.items()},
                      word_set(speaker, "home_titles"), str(home).upper() if home else None)


def _skip(doc: Doc, table: PhraseTable, k: int, index: MentionIndex | None = None) -> int:
    """The token after the phrases of ``table`` that start at ``k`` (none: ``k``)."""
    for _ in range(3):
        if k >= len(doc) or (index is not None and index.at(k) is not None):
            return k
        found = table.match_at(doc, k)
        if found is None:
            return k
        k = found[0]
    return k


def _skip_back(doc: Doc, words: _PostWords, k: int) -> int:
    """From token ``k`` backwards over determiners and modifiers (« , feu le », « , l'ancien »)."""
    for _ in range(4):
        if k < 0:
            return k
        if normalize(doc[k].text) in _DET | {"un", "une"}:
            k -= 1
            continue
        for n in (1, 2, 3):
            if k - n + 1 >= 0 and words.before.phrases.get(normalize(doc[k - n + 1:k + 1].text)) is not None:
                k -= n
                break
        else:
            return k
    return k


def _scope_end(doc: Doc, index: MentionIndex, words: _PostWords, kind: str | None, k: int) -> int:
    """« pour le Moyen-Orient », « au Mali » after a title: the comma that closes it, else ``k``."""
    tables = [words.scope] + ([words.posting] if kind in ("diplomat", "envoy") else [])
    for table in tables:
        found = table.match_at(doc, k) if k < len(doc) else None
        if found is None:
            continue
        end = found[0]
        if end < len(doc) and normalize(doc[end].text) in _DET:
            end += 1
        start = end
        while end < len(doc) and end - start < 6 and doc[end].text not in (",", "(", ".", ";", ":") and (
                index.at(end) is not None or doc[end].text[:1].isupper() or normalize(doc[end].text) in _OF | _DET):
            end += 1
        if end > start and end < len(doc) and doc[end].text == ",":
            return end
    return k


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
        if k > i and mention is not None and mention.type in _ORG_TYPES and index.span(mention).start == k:
            break  # « le président de la République française »: the title stops where a state's name starts
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
        particle = end > k and ((normalize(token.text.rstrip("-")) in _PARTICLES and end + 1 < len(doc))
                                or ("-" in token.text and token.text.split("-")[0].casefold() in _PARTICLES
                                and token.text.split("-")[-1][:1].isupper()))
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
    """Posts with provisional person keys, title phrases that name no one, and names found after titles.

    Titles of the home state named without it are kept on ``doc.user_data`` for :func:`settle_posts`.
    """
    titles = _titles(resources)
    words = _words(resources)
    index = MentionIndex(doc, mentions)
    posts: list[Post] = []
    references: list[TitleReference] = []
    names: list[Mention] = []
    home: list[tuple[int, str, str, Evidence, int]] = []
    starts = titles.start_verdicts(doc)  # most tokens start no title: ruled out from their word alone
    held: dict[int, Mention] = {}  # the comma after a title -> its holder: « X, ambassadeur, représentant … »
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
        folded_title = normalize(title)
        kind = words.kinds.get(folded_title)
        after = _skip(doc, words.after, end, index)  # « le ministre de l'époque »
        if org is None:
            org = _inner_org(index, i, end)
        if org is None:
            after, org = _qualifier(doc, index, after)
        if org is None and (body := _noun_demonym(doc, index, after)) is not None:
            after, suffix, org = body
            title = f"{title} {suffix}"
        if org is None and (complement := _title_complement(doc, index, titles, after)) is not None:
            inner_end, org = complement  # « le porte-parole du président russe, X »: the inner title's state
            title = f"{title} {doc[after:inner_end].text}" if org.role not in ("demonym", "combining") else \
                f"{title} {doc[after:index.span(org).start].text}"
            after = inner_end
        if org is not None and (portfolio := _portfolio(doc, index, after)) is not None:
            after, suffix = portfolio  # « le vice-ministre russe de la Défense, X »
            title = f"{title} {suffix}"
        after = _skip(doc, words.after, after, index)  # « le secrétaire d'État américain adjoint »
        title_token = doc[i]
        # forward: TITLE [QUAL] [scope] [,] [det TITLE] [M.] PERSON   « le chef de la junte malienne, le colonel X »
        k = _skip_comma(doc, _scope_end(doc, index, words, kind, after))
        if k < len(doc) and normalize(doc[k].text) in _DET and (second := _match_title(doc, index, titles, k + 1)):
            k = second[0]
        k = _skip(doc, words.honorifics, k, index)
        bracket = _BRACKETS.get(doc[k].text) if k < len(doc) else None
        if bracket:
            k = _skip(doc, words.honorifics, k + 1, index)
        person = _name_at(doc, index, k, names, closing=bracket)
        if person is not None and _under_person_noun(doc, titles, words, i):
            if names and names[-1] is person:  # « la veuve de l'ancien président, X »: X is the widow
                names.pop()
            person = None
        if not bracket and k == end and k < len(doc) and folded_title in words.regnal:
            person = _regnal_name(doc, index, title_token, k, person, names)  # « le pape François »
        forward = person is not None
        # backward: PERSON , [det] [modifier] TITLE [QUAL]   « X, alors président de Y »
        k = _skip_back(doc, words, i - 1)
        if person is None and k >= 1 and doc[k].text in (",", "("):  # « X, ministre … », « X (ministre …) »
            before = index.at(k - 1)
            if before is not None and before.type is EntityType.PERSON:
                person = before
            elif before is not None and person_misread_as_organisation(before, resources):
                person = replace(before, type=EntityType.PERSON, key=entity_key(EntityType.PERSON, slugify(before.text)))
                names.append(person)
            elif before is None and k in held:
                person = held[k]
            elif before is None and (person := _name_before(doc, index, words, k)) is not None:
                names.append(person)
        if org is None:
            org = _head_demonym(title_token, index)
        if org is None and forward and kind != "counterpart":
            org = _apposed_state(doc, index, words, i)
        if org is None and kind != "counterpart" and i > 0 and normalize(doc[i - 1].text) in words.possessives:
            org = _possessor(doc, index, i - 1)
        if org is not None and kind in words.nationality_kinds and org.role in ("demonym", "combining"):
            org = None  # « le chercheur américain X », « un correspondant égyptien »: a nationality, not a post
        org_key = org.key if org is not None else words.implied.get(folded_title)
        evidence = _evidence(doc, doc_id, title_token)
        if person is not None and not forward and after < len(doc) and doc[after].text == ",":
            held[after] = person
        if person is not None and org_key is not None:
            posts.append(Post(person.key, title, org_key, (evidence,)))
            if bracket and org is not None:  # « ses homologues turc (X), jordanien (Y) et irakien (Z) »
                posts.extend(_bracket_list(doc, index, words, person, title, evidence, names))
        elif person is not None and (folded_title in words.home_titles or folded_title in words.home_bodies):
            home.append((person.start, person.key, title, evidence, title_token.idx))
        elif person is None and org_key is not None:
            start = doc[i - 1].idx if i > 0 and normalize(doc[i - 1].text) in _DET else title_token.idx
            last = doc[after - 1]
            first = i - 1 if start < title_token.idx else i
            references.append(TitleReference(start, last.idx + len(last.text), doc[first:after].text,
                                             title, org_key))
        i = max(after, i + 1)
    posts.extend(_affiliations(doc, doc_id, index))
    doc.user_data[(__name__, _HOME)] = home
    return posts, references, names


def _name_at(doc: Doc, index: MentionIndex, k: int, names: list[Mention], closing: str | None = None) -> Mention | None:
    """The person named at token ``k`` (a mention, else capitalised words); with ``closing``, only one
    that the closing bracket ends (« (Hakan Fidan) »)."""
    person = _person_at(index, k)
    found = person is None and (person := _name_after_title(doc, index, k)) is not None
    if person is None:
        return None
    if closing is not None:
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is None or span.end >= len(doc) or doc[span.end].text != closing:
            return None
    if found:
        names.append(person)
    return person


def _regnal_name(doc: Doc, index: MentionIndex, title: Token, k: int, person: Mention | None,
                 names: list[Mention]) -> Mention | None:
    """« le pape François », « la reine Min »: a one-word name right after a sovereign's title is named
    with it (« François » alone is anybody's first name), a mention or not. Longer names (« le roi
    Mohammed VI ») stay as they are."""
    token = doc[k]
    if person is not None:
        span = doc.char_span(person.start, person.end, alignment_mode="expand")
        if span is None or len(span) != 1:
            return person
    elif index.at(k) is not None or token.pos_ not in ("PROPN", "NOUN") or not token.text.isalpha():
        return None
    if not token.text[:1].isupper() or (k + 1 < len(doc) and doc[k + 1].text[:1].isupper()):
        return person
    end = token.idx + len(token.text)
    text = doc_text(doc)[title.idx:end]
    if person is not None and names and names[-1] is person:
        names.pop()
    named = Mention(title.idx, end, text, EntityType.PERSON, entity_key(EntityType.PERSON, slugify(text)), text, "name")
    names.append(named)
    return named


def _under_person_noun(doc: Doc, titles: PhraseTable, words: _PostWords, i: int) -> bool:
    """« la veuve de l'ancien président, X », « le porte-parole du président, X »: the title at ``i``
    complements a noun of a person (a relative, another title), whom the name that follows is."""
    k = _skip_back(doc, words, i - 1)
    if k < 1 or normalize(doc[k].text) not in _OF:
        return False
    head = normalize(doc[k - 1].text)
    return head in words.relatives or titles.phrases.get(head) is not None


def _title_complement(doc: Doc, index: MentionIndex, titles: PhraseTable, j: int) -> tuple[int, Mention] | None:
    """« du président russe », « du Premier ministre de l'Inde » after a title: (end, the state)."""
    if j >= len(doc) or normalize(doc[j].text) not in _OF:
        return None
    k = j + 1
    if k < len(doc) and normalize(doc[k].text) in _DET:
        k += 1
    inner = _match_title(doc, index, titles, k) if k < len(doc) and index.at(k) is None else None
    if inner is None:
        return None
    end, _title, org = inner
    if org is None:
        end, org = _qualifier(doc, index, end)
    if org is None:
        return None
    return max(end, index.span(org).end), org


def _name_before(doc: Doc, index: MentionIndex, words: _PostWords, comma: int) -> Mention | None:
    """« M. Jean Dupont, ministre de … »: capitalised words between an honorific and the comma at
    ``comma`` are a name even where the NER missed them."""
    start = comma
    while start > 0 and comma - start < 5 and index.at(start - 1) is None:
        token = doc[start - 1]
        if words.honorifics.phrases.get(normalize(token.text)) is not None:
            break
        if not (token.text[:1].isupper() or token.text == "-" or normalize(token.text) in _PARTICLES):
            break
        start -= 1
    for n in (1, 2):  # the honorific just before (« M. », « Son Excellence »)
        h = start - n
        if h >= 0 and words.honorifics.phrases.get(normalize(doc[h:start].text)) is not None:
            break
    else:
        return None
    if start >= comma or not doc[start].text[:1].isupper() or not doc[comma - 1].text[:1].isupper():
        return None
    text = doc[start:comma].text
    if not text.replace(" ", "").replace("-", "").replace("'", "").isalpha():
        return None
    return Mention(doc[start].idx, doc[comma - 1].idx + len(doc[comma - 1].text), text, EntityType.PERSON,
                   entity_key(EntityType.PERSON, slugify(text)), text, "name")


def _apposed_state(doc: Doc, index: MentionIndex, words: _PostWords, i: int) -> Mention | None:
    """« les dirigeants de l'Érythrée, le président X »: the state named just before the title's comma."""
    k = _skip_back(doc, words, i - 1)
    if k < 1 or doc[k].text != ",":
        return None
    state = index.at(k - 1)
    if state is None or state.type is not EntityType.STATE or state.role in ("demonym", "combining"):
        return None
    j = index.span(state).start - 1
    if j >= 0 and normalize(doc[j].text) in _DET:
        j -= 1
    return state if j >= 0 and normalize(doc[j].text) in _OF else None


def _possessor(doc: Doc, index: MentionIndex, k: int) -> Mention | None:
    """« l'Assemblée nationale, et notamment de son président »: the nearest body or state before ``k``
    in the sentence (a person there: nobody, « Lula et son ministre » says nothing of the state)."""
    sent_start = doc[k].sent.start
    j = k - 1
    while j >= sent_start:
        mention = index.at(j)
        if mention is not None:
            return mention if mention.type in _ORG_TYPES else None
        j -= 1
    return None


def _bracket_list(doc: Doc, index: MentionIndex, words: _PostWords, first: Mention, title: str,
                  evidence: Evidence, names: list[Mention]) -> list[Post]:
    """The next items of « homologues turc (X), jordanien (Y) et irakien (Z) »: DEMONYM (PERSON) each."""
    found: list[Post] = []
    span = doc.char_span(first.start, first.end, alignment_mode="expand")
    k = span.end + 1 if span is not None else len(doc)  # past the closing bracket
    while k < len(doc):
        joined = words.joiners.match_at(doc, k)
        if joined is None:
            break
        state = index.at(joined[0]) if joined[0] < len(doc) else None
        if state is None or state.type is not EntityType.STATE or state.role not in ("demonym", "combining"):
            break
        k = index.span(state).end
        if k >= len(doc) or doc[k].text != "(":
            break
        person = _name_at(doc, index, _skip(doc, words.honorifics, k + 1, index), names, closing=")")
        if person is None:
            break
        found.append(Post(person.key, title, state.key, (evidence,)))
        end = doc.char_span(person.start, person.end, alignment_mode="expand")
        k = end.end + 1 if end is not None else len(doc)
    return found


_HEADLINE = 400  # characters: a longer first « line » is a news paragraph, not a statement's headline


def _speaks_for_sure(speaker: Any) -> bool:
    """A speaker found from a real headline, a briefing or a group opening: not from a first paragraph
    of news that happens to hold a statement noun (« discours ») and a home office (« gouvernement »)."""
    if getattr(speaker, "source", "") != "headline":
        return True
    return any(start == 0 and end <= _HEADLINE for start, end in getattr(speaker, "narrator", ()))


def settle_posts(doc: Doc, doc_id: str, resolved: Any, speaker: Any, resources: Resources) -> Any:
    """``resolved`` with the posts that needed the speaker, and the organisations posts imply.

    « M. X, ministre de l'Europe et des affaires étrangères » (a home title, no state named) is the home
    state's when the document speaks for it; « Monsieur le député X » then sits in the home chamber the
    document names. A post in an organisation the document never names (« le pape ») brings its entity.
    """
    words = _words(resources)
    found = list(resolved.posts)
    pending = doc.user_data.pop((__name__, _HOME), [])
    home = f"state/{words.home_state}" if words.home_state else None
    if pending and home is not None and getattr(speaker, "party", None) == home and _speaks_for_sure(speaker):
        persons = {m.start: m.key for m in resolved.mentions if m.type is EntityType.PERSON}
        bodies = {normalize(m.text): m.key for m in resolved.mentions if m.type is EntityType.GOVERNMENT_BODY}
        asked = [(a, b) for a, b in getattr(speaker, "narrator", ()) if a > 0]  # a journalist's questions
        placed = {p.person for p in resolved.posts if p.organization.startswith("state/") and p.organization != home}
        for start, key, title, evidence, offset in pending:
            if any(a <= offset < b for a, b in asked):
                continue  # « Q - Que répondez-vous au ministre des Affaires étrangères, X ? »: anyone's minister
            if persons.get(start, key) in placed:
                continue  # « le Premier ministre libanais X … le Premier ministre, X »: another state's already
            folded = normalize(title)
            organization = home if folded in words.home_titles else next(
                (bodies[b] for b in words.home_bodies.get(folded, ()) if b in bodies), None)
            if organization is not None:
                found.append(Post(persons.get(start, key), title, organization, (evidence,)))
    known = {e.key for e in resolved.entities}
    missing = {p.organization for p in found} - known
    added = [Entity(e.key, e.label, e.type, (), e.iso3, (doc_id,), 0) for e in resources.entries if e.key in missing]
    posts = tuple(dict.fromkeys(found))
    if posts == resolved.posts and not added:
        return resolved
    entities = tuple(sorted((*resolved.entities, *added), key=lambda e: e.key))
    return replace(resolved, posts=posts, entities=entities)


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
