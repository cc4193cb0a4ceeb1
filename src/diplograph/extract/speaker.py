"""Who speaks in a document: the person, and the state or organisation they speak for.

An official text speaks in the first person: « nous condamnons » is the speaker's state or
organisation acting, « je » the speaker in person, and whatever the speaker states is attributed to
them (``dg:attributedTo``). Sources, in order (``data/lexicons/speaker.yml``):

- who the input declares (:attr:`Document.speaker`: JSONL ``speaker``/``publisher``, HTML ``<meta>``),
  when the name is a person or party of the text, a known state or organisation, or a home office;
- a headline of a statement genre: « Déclaration de M. X, ministre de … sur … » (X, and the state of
  X's post), « Communiqué du Conseil de l'UE » (the Council), « Déclaration de la porte-parole »
  (an office of the home state);
- « Nous, les ministres des Affaires étrangères du G7, … »: one group speaks, not each member;
- press-briefing turns: the journalist's questions are the narrator's, the answers the home state's;
- the body that issues a communiqué and speaks of itself at the head of its sentences, in the present
  or the firm future (« La France souligne … », « L'UE constate … »: ``issuer_verbs``), twice at least.

The headline and the questions are the narrator's: nothing said there is the speaker's. A text with
none of these (news, an encyclopaedia) has no speaker, and its first person resolves to nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from diplograph.extract.coref import Resolved
from diplograph.extract.ner_rules import is_person_name, rules_for
from diplograph.model import Entity, EntityType, Mention
from diplograph.resources import Resources, compiled, entity_key, normalize, slugify, word_set

_PARTY_TYPES = frozenset({EntityType.STATE, EntityType.INTERNATIONAL_ORGANIZATION, EntityType.GOVERNMENT_BODY,
                          EntityType.ARMED_GROUP, EntityType.THINK_TANK, EntityType.MEDIA_OUTLET, EntityType.COMPANY,
                          EntityType.ORGANIZATION})
# what introduces the topic of a statement, not its author: « Déclaration sur la situation au Soudan »
_TOPIC = re.compile(r"\b(?:sur|concernant|relati(?:f|ve|fs|ves)|au sujet|à propos|à l'occasion|marquant|en réponse|"
                    r"suite à|après|avec|contre|pour|face à|devant|à|au|aux|en)\b")


@dataclass(frozen=True)
class SpeakerLexicon:
    """The word lists of ``speaker.yml``, folded for lookups."""

    statement_nouns: tuple[str, ...]
    on_behalf: tuple[str, ...]
    question_marks: frozenset[str]
    answer_marks: frozenset[str]
    group_openings: frozenset[str]
    home_state: str | None
    home_titles: tuple[str, ...]
    singular: frozenset[str]
    plural: frozenset[str]
    possessive_singular: frozenset[str]
    possessive_plural: frozenset[str]
    issuer_verbs: tuple[str, ...] = ()
    issuer_adverbs: tuple[str, ...] = ()

    @property
    def home_title_set(self) -> frozenset[str]:
        """The home titles as a set, for exact lookups of a whole phrase."""
        return frozenset(self.home_titles)

    @classmethod
    def of(cls, lexicon: Mapping[str, Any]) -> SpeakerLexicon:
        def words(name: str) -> tuple[str, ...]:
            return tuple(sorted(word_set(lexicon, name), key=len, reverse=True))  # longest first

        home = lexicon.get("home_state")
        return cls(words("statement_nouns"), words("on_behalf"), word_set(lexicon, "question_marks"),
                   word_set(lexicon, "answer_marks"), word_set(lexicon, "group_openings"),
                   str(home).upper() if home else None, words("home_titles"),
                   word_set(lexicon, "first_person_singular"), word_set(lexicon, "first_person_plural"),
                   word_set(lexicon, "possessive_singular"), word_set(lexicon, "possessive_plural"),
                   words("issuer_verbs"), words("issuer_adverbs"))


@dataclass(frozen=True)
class DocSpeaker:
    """The speaker of one document (all None: a narrative text, spoken by nobody in particular)."""

    person: str | None = None  # entity key of the person who speaks
    party: str | None = None  # entity key of the state or organisation they speak for
    narrator: tuple[tuple[int, int], ...] = ()  # character ranges [start, end) the speaker does not say
    source: str = ""  # how it was found: metadata | headline | group | briefing | issuer

    @property
    def voice(self) -> str | None:
        """Whom what the speaker states is attributed to: the person, else the party."""
        return self.person or self.party

    def speaks_at(self, offset: int) -> bool:
        """Whether the text at ``offset`` is the speaker's (not the headline, not a question)."""
        return self.voice is not None and not any(start <= offset < end for start, end in self.narrator)


NO_SPEAKER = DocSpeaker()


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _opening(line: str, marks: frozenset[str]) -> bool:
    """« Q - … », « Q : … », « Question : … »: the line opens with one of ``marks`` and a separator."""
    match = re.match(r"\s*([^\W\d_]+)\s*[-–—:.]", line)
    return bool(match) and match.group(1).casefold() in marks


def _turns(text: str, lex: SpeakerLexicon) -> list[tuple[int, int]]:
    """The questions of a briefing: from a question line to the next answer line."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for a, b in _line_spans(text):
        line = text[a:b]
        if _opening(line, lex.question_marks):
            if start is None:
                start = a
        elif _opening(line, lex.answer_marks) and start is not None:
            spans.append((start, a))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _folded(text: str) -> str:
    """Lowercase with straight apostrophes, offsets unchanged."""
    return text.replace("\u2019", "'").replace("\u02bc", "'").casefold() if len(text.casefold()) == len(text) else text


# what may stand before a headline's statement noun: a topic (« Soudan - »), « Extrait du »
_HEAD_PREFIX = re.compile(r"(?:[^\n]{0,80}?\s[-–—]\s+|[^\n]{0,80}?:\s+)?(?:(?:extraits?|texte|verbatim)\s+(?:du|de la|de l'|des|de)\s*)?$")


def _head_noun(line: str, nouns: Iterable[str]) -> tuple[int, int] | None:
    """The statement noun that opens a headline (« Déclaration de … », « Soudan - Déclaration des … »,
    « Pérou - Q&R - Extrait du point de presse »), not one met inside a sentence (« … a répondu avec un
    communiqué … »)."""
    found = _find_word(line, nouns)
    while found is not None:
        if _HEAD_PREFIX.fullmatch(line[:found[0]]):
            return found
        rest = _find_word(line[found[1]:], nouns)
        found = None if rest is None else (rest[0] + found[1], rest[1] + found[1])
    return None


def _find_word(haystack: str, words: Iterable[str]) -> tuple[int, int] | None:
    """The earliest whole-word occurrence of any of ``words`` (space-folded) in ``haystack``."""
    best: tuple[int, int] | None = None
    for word in words:
        pattern = r"\b" + r"[\s-]+".join(re.escape(w) for w in word.split()) + r"\b"
        match = re.search(pattern, haystack)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end())
    return best


class _Finder:
    def __init__(self, text: str, resolved: Resolved, lex: SpeakerLexicon, titles: tuple[str, ...] = ()) -> None:
        self.text = text
        self.lex = lex
        self.mentions = sorted((m for m in resolved.mentions if m.role not in ("implied",)), key=lambda m: m.start)
        self.types = {e.key: e.type for e in resolved.entities}
        self.posts = resolved.posts
        self.entities = resolved.entities
        self.titles = titles

    def party_key(self, mention: Mention) -> str | None:
        if mention.type is EntityType.GOVERNMENT_BODY:
            if mention.iso3:
                return f"state/{mention.iso3}"
            # « le ministère de l'Europe et des affaires étrangères », however much of it the mention covers
            found = _find_word(_folded(self.text[mention.start:mention.start + 90]), self.lex.home_titles)
            return self.home() if found is not None and found[0] == 0 else mention.key
        return mention.key if mention.type in _PARTY_TYPES else None

    def home(self) -> str | None:
        return f"state/{self.lex.home_state}" if self.lex.home_state else None

    def post_of(self, person: str) -> str | None:
        """The state or organisation the person holds a post in (states first)."""
        orgs = [p.organization for p in self.posts if p.person == person and p.title]
        orgs.sort(key=lambda o: not o.startswith("state/"))
        return orgs[0] if orgs else None

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def headline(self) -> DocSpeaker | None:
        text = self.text
        start = len(text) - len(text.lstrip())
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = _folded(text[start:end])
        noun = _head_noun(line, self.lex.statement_nouns)
        in_line = self.within(start, end)
        person: str | None = None
        if in_line and in_line[0].type is EntityType.PERSON and in_line[0].start - start <= 4 \
                and text[in_line[0].end:in_line[0].end + 2].lstrip().startswith(",") \
                and _find_word(_folded(text[in_line[0].end:in_line[0].end + 40]), self.titles) is not None:
            person = in_line[0].key  # « Jean Dupont, ministre de …, en réponse à … »
        elif noun is None:
            return None
        after = start + (noun[1] if noun else 0)
        candidates = [m for m in in_line if m.start >= after and not _TOPIC.search(_folded(text[after:m.start]))]
        party: str | None = None
        if person is None:
            persons = [m for m in candidates if m.type is EntityType.PERSON]
            person = persons[0].key if persons else None
        behalf = _find_word(line, self.lex.on_behalf)
        if behalf is not None:
            named = [self.party_key(m) for m in in_line if m.start >= start + behalf[1]]
            party = next((k for k in named if k), None)
        if party is None and person is not None:
            party = self.post_of(person)
        if party is None:
            party = next((k for m in candidates if m.type is not EntityType.PERSON and (k := self.party_key(m))), None)
        if party is None and (_find_word(line, self.lex.home_titles) or _turns(text, self.lex)):
            party = self.home()
        if person is None and party is None:
            return None
        return DocSpeaker(person, party, ((0, end),), "headline")

    def group(self) -> DocSpeaker | None:
        """« Nous, les ministres … du G7 … »: the first organisation (else state) of that opening."""
        for a, b in _line_spans(self.text)[:12]:
            line = self.text[a:b]
            match = re.match(r"\s*(\w+)\s*,", line)
            if not match or match.group(1).casefold() not in self.lex.group_openings:
                continue
            sentence_end = min(i for i in (line.find(". "), len(line)) if i != -1)
            named = self.within(a, a + sentence_end)
            named.sort(key=lambda m: m.type is not EntityType.INTERNATIONAL_ORGANIZATION)
            party = next((k for m in named if (k := self.party_key(m))), None)
            if party is not None:
                return DocSpeaker(None, party, ((0, a),) if a else (), "group")
        return None


_NAME_WORD = r"[^\W\d_][\w'’.-]*"


def headline_names(text: str, mentions: Sequence[Mention], resources: Resources) -> list[Mention]:
    """The person a statement's headline names after an honorific, when no mention covers the name.

    « Déclaration de M. Jean Dupont, ministre de … »: the NER often reads the whole opening as one
    miscellaneous name, so the person who speaks would be lost. Only the headline is read, only after a
    statement noun (``statement_nouns``) and an honorific (``posts.honorifics``), and only a name of
    capitalised words (particles aside) that a comma or the end of the line closes.
    """
    lex = speaker_lexicon(resources)
    rules = rules_for(resources)
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    line = _folded(text[start:end])
    noun = _head_noun(line, lex.statement_nouns)
    if noun is None or not rules.honorifics:
        return []
    honorifics = "|".join(re.escape(h) for h in rules.honorifics)
    pattern = re.compile(rf"\s+(?:de|du|des|d')\s+(?:la\s+|le\s+)?(?:{honorifics})\s+"
                         rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}?)\s*(?:,|$)")
    match = pattern.match(text, start + noun[1], end)
    if match is None:
        return []
    name_start, name_end = match.span(1)
    name = " ".join(match.group(1).split())
    words = name.split()
    if not 2 <= len(words) <= 5 or not is_person_name(name, rules) or not words[-1][:1].isupper():
        return []
    if any(m.start < name_end and name_start < m.end and m.type is EntityType.PERSON for m in mentions):
        return []
    return [Mention(name_start, name_end, name, EntityType.PERSON, entity_key(EntityType.PERSON, slugify(name)),
                    name, "name")]


_SENTENCE_HEAD = re.compile(r"(?:^|\n|[.!?:»]\s+)(?:(?:la|le|les|l')\s*)?$", re.IGNORECASE)


def _issuer_pattern(lex: SpeakerLexicon) -> re.Pattern[str] | None:
    if not lex.issuer_verbs:
        return None
    verbs = "|".join(r"[\s-]+".join(re.escape(w) for w in v.split()) for v in lex.issuer_verbs)
    adverbs = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in lex.issuer_adverbs) or "(?!)"
    return re.compile(rf"\s+(?:(?:{adverbs}|\w+ment)\s+){{0,2}}(?:{verbs})\b")


def _headline_end(text: str) -> int:
    """End of the first line when it is a title (it does not end a sentence), else 0."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    if end == -1:
        return 0
    line = text[start:end].rstrip()
    return end if line and not line.endswith((".", "!", "?", "»", ":")) else 0


def _issuer(finder: _Finder) -> DocSpeaker | None:
    """The body a communiqué without a statement headline is issued by: a party that opens two
    sentences of the body or more with a verb of ``issuer_verbs`` (« La France souligne … »), more than
    any other party."""
    pattern = _issuer_pattern(finder.lex)
    if pattern is None:
        return None
    text, title_end = finder.text, _headline_end(finder.text)
    folded = _folded(text)
    counts: dict[str, int] = {}
    for mention in finder.mentions:
        if mention.start < title_end or not _SENTENCE_HEAD.search(text[max(0, mention.start - 8):mention.start]):
            continue
        key = finder.party_key(mention)
        if key is None or not pattern.match(folded, mention.end):
            continue
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return DocSpeaker(None, ranked[0][0], ((0, title_end),) if title_end else (), "issuer")


def _declared(finder: _Finder, name: str, resources: Resources) -> DocSpeaker | None:
    """The speaker an input declares (JSONL ``speaker``/``publisher``, HTML ``<meta>``), when the name is
    a person or a party the text names, a known state or organisation, or an office of the home state.
    A media outlet, or a name known nowhere, is no speaker (a newspaper's article is the narrator's)."""
    folded = normalize(name)
    if not folded:
        return None
    home = _find_word(_folded(" ".join(name.split())), finder.lex.home_titles)
    if home is not None and home[0] == 0 and finder.home():  # a home ministry's name
        return DocSpeaker(None, finder.home(), (), "metadata")
    for entity in sorted(finder.entities, key=lambda e: e.type is not EntityType.PERSON):
        if folded in {normalize(entity.label), *(normalize(a) for a in entity.aliases)}:
            if entity.type is EntityType.PERSON:
                return DocSpeaker(entity.key, finder.post_of(entity.key), (), "metadata")
            if entity.type in _PARTY_TYPES and entity.type is not EntityType.MEDIA_OUTLET:
                party = f"state/{entity.iso3}" if entity.type is EntityType.GOVERNMENT_BODY and entity.iso3 else entity.key
                return DocSpeaker(None, party, (), "metadata")
    for entry in resources.entries:
        if entry.type in _PARTY_TYPES and entry.type is not EntityType.MEDIA_OUTLET and folded in {
                normalize(entry.label), *(normalize(a) for a in entry.aliases)}:
            return DocSpeaker(None, entry.key, (), "metadata")
    return None


def find_speaker(text: str, resolved: Resolved, resources: Resources, declared: str | None = None) -> DocSpeaker:
    """The speaker of a document: the one its input declares, else from its headline, a « Nous, … »
    opening, its briefing turns or the body that issues it.

    Args:
        text: the document's text.
        resolved: its mentions, entities and posts (canonical keys).
        resources: the ``speaker`` lexicon.
        declared: who the input says speaks (:attr:`Document.speaker`), if it says.

    Returns:
        The speaker, or :data:`NO_SPEAKER` for a text nobody in particular speaks.
    """
    lex = speaker_lexicon(resources)
    finder = _Finder(text, resolved, lex, _titles(resources))
    found = _declared(finder, declared, resources) if declared else None
    if found is not None:
        title = finder.headline()  # a statement's headline is still the narrator's
        found = replace(found, narrator=title.narrator if title else (
            ((0, end),) if (end := _headline_end(text)) else ()))
    found = found or finder.headline() or finder.group()
    questions = _turns(text, lex)
    if found is None and questions and lex.home_state:
        found = DocSpeaker(None, finder.home(), (), "briefing")
    if found is None:
        found = _issuer(finder)
    if found is None:
        return NO_SPEAKER
    return replace(found, narrator=tuple(sorted({*found.narrator, *questions})))


def with_speaker(resolved: Resolved, speaker: DocSpeaker, doc_id: str, resources: Resources) -> Resolved:
    """``resolved`` with the speaker's party as an entity of the document, when the text never names it
    (a minister's « nous » is their state even where the state's name never appears)."""
    party = speaker.party
    if party is None or any(e.key == party for e in resolved.entities):
        return resolved
    entry = next((e for e in resources.entries if e.key == party), None)
    if entry is None:
        return resolved
    entity = Entity(entry.key, entry.label, entry.type, (), entry.iso3, (doc_id,), 0)
    return replace(resolved, entities=tuple(sorted((*resolved.entities, entity), key=lambda e: e.key)))


def first_person(speaker: DocSpeaker, lex: SpeakerLexicon, word: str, offset: int, determiner: bool = False) -> str | None:
    """The entity a first-person word at ``offset`` stands for: « je, me, mon » the speaker in person
    (else their party), « nous, notre » their party (else the person); None where nobody speaks."""
    if not speaker.speaks_at(offset):
        return None
    folded = normalize(word)
    singular = lex.possessive_singular if determiner else lex.singular
    plural = lex.possessive_plural if determiner else lex.plural
    if folded in singular:
        return speaker.person or speaker.party
    if folded in plural:
        return speaker.party or speaker.person
    return None


@compiled
def _titles(resources: Resources) -> tuple[str, ...]:
    """The post titles of ``posts.yml`` (masculine and feminine forms), folded, longest first."""
    posts = resources.lexicon("posts")
    found: set[str] = set()
    for item in posts.get("titles", []) if isinstance(posts, Mapping) else []:
        for form in ((item.get("title"), item.get("feminine")) if isinstance(item, Mapping) else (item,)):
            if isinstance(form, str) and form.strip():
                found.add(normalize(form))
    return tuple(sorted(found, key=len, reverse=True))


@compiled
def speaker_lexicon(resources: Resources) -> SpeakerLexicon:
    """The ``speaker`` lexicon of ``resources``, folded once per Knowledge."""
    return SpeakerLexicon.of(resources.lexicon("speaker"))


__all__: Sequence[str] = ("NO_SPEAKER", "DocSpeaker", "SpeakerLexicon", "find_speaker", "first_person", "headline_names",
                          "with_speaker")
