"""Named-entity spans from spaCy's NER: cleaning (chrome, bylines, stopwords) and typing rules.

The rules are read from the ``entities`` lexicon; :mod:`diplograph.extract.mentions` applies them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping

from spacy.tokens import Span

from diplograph.extract._spans import doc_text
from diplograph.model import EntityType, Mention
from diplograph.resources import Resources, compiled, entity_key, normalize, slugify, word_set

GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")  # page chrome glued together: « ActualitésInternational »


class NerRules:
    """Cleaning and typing rules for NER spans, read from the ``entities`` lexicon."""

    def __init__(self, lexicon: Mapping[str, object], honorifics: tuple[str, ...] = ()) -> None:
        self.honorifics = tuple(sorted(honorifics, key=len, reverse=True))  # « Mme » before « M. »
        self.stopwords = word_set(lexicon, "stopwords")
        self.determiners = word_set(lexicon, "leading_determiners")
        self.particles = word_set(lexicon, "name_particles")
        self.boilerplate = sorted(word_set(lexicon, "boilerplate_cues"))
        self.bylines = tuple(sorted(word_set(lexicon, "byline_prefixes")))
        self.region_cues = word_set(lexicon, "region_cues")
        self.agreement_nouns = word_set(lexicon, "agreement_nouns")
        self.salutations = word_set(lexicon, "salutations")
        self.weapon_nouns = word_set(lexicon, "weapon_nouns")
        self.royal_titles = word_set(lexicon, "royal_titles")
        self.facility_nouns = word_set(lexicon, "facility_nouns")
        self.region_heads = word_set(lexicon, "region_heads")
        self.region_names = word_set(lexicon, "region_names")
        self.facility_words = word_set(lexicon, "facility_name_words")
        cues = lexicon.get("organization_cues", {})
        self.org_cues: list[tuple[EntityType, tuple[str, ...]]] = []
        if isinstance(cues, Mapping):
            for type_name, values in cues.items():
                self.org_cues.append((EntityType(type_name), tuple(normalize(v) for v in values)))
        self.default_org = EntityType(str(lexicon.get("default_organization_type", "Organization")))
        heads = lexicon.get("organization_heads", {})
        self.org_heads: dict[str, EntityType] = {}
        if isinstance(heads, Mapping):
            for type_name, values in heads.items():
                for value in values:
                    self.org_heads.setdefault(normalize(str(value)), EntityType(type_name))
        self.head_words = max((len(h.split()) for h in self.org_heads), default=0)
        self._memo: dict[tuple[str, str], EntityType | None] = {}

    def org_type(self, text: str) -> EntityType:
        return self.org_cue(text) or self.default_org

    def _remembered(self, kind: str, text: str, answer: Callable[[str], EntityType | None]) -> EntityType | None:
        """A per-name memo (bounded) of the typing rules below: the same names recur in every document."""
        key = (kind, text)
        if key in self._memo:
            return self._memo[key]
        if len(self._memo) >= 1 << 14:
            self._memo.clear()
        found = self._memo[key] = answer(text)
        return found

    def org_cue(self, text: str) -> EntityType | None:
        """The type a word of ``text`` gives it, or None when nothing in the name says."""
        return self._remembered("org", text, self._org_cue)

    def _org_cue(self, text: str) -> EntityType | None:
        folded = f" {normalize(text)} "
        for etype, cues in self.org_cues:
            if any(f" {cue} " in folded for cue in cues):
                return etype
        return None


    def head_before(self, doc, i: int) -> EntityType | None:
        """The type the noun right before token ``i`` gives a name: « la compagnie X », « le groupe armé X »."""
        for n in range(min(self.head_words, i), 0, -1):
            words = doc[i - n : i]
            if any(not t.is_lower for t in words):
                continue
            found = self.org_heads.get(normalize(words.text))
            if found is not None:
                return found
        return None

    def facility_before(self, doc, i: int) -> bool:
        """« la base (aérienne) de X », « le camp de X »: token ``i`` names a facility."""
        k = i - 1
        if k < 1 or normalize(doc[k].text) not in ("de", "d'", "du"):
            return False
        k -= 1
        while k > 0 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
            k -= 1
        return normalize(doc[k].text) in self.facility_nouns

    def region_head(self, doc, i: int) -> int | None:
        """Start of « district de », « province de » right before token ``i``, if any."""
        k = i - 1
        if k < 1 or normalize(doc[k].text) not in ("de", "d'", "du"):
            return None
        head = doc[k - 1]
        return head.idx if head.is_lower and normalize(head.text) in self.region_heads else None

    def head_of(self, text: str) -> EntityType | None:
        """The type the first word(s) of a name give it: « Mission multinationale… », « Communauté des Caraïbes »."""
        words = normalize(text).split()
        for n in range(min(self.head_words, len(words)), 0, -1):
            found = self.org_heads.get(" ".join(words[:n]))
            if found is not None:
                return found
        return None

    def place_type(self, text: str) -> EntityType:
        found = self._remembered("place", text, self._place_type)
        assert found is not None
        return found

    def _place_type(self, text: str) -> EntityType:
        folded = normalize(text)
        if folded in self.region_names:
            return EntityType.REGION  # « l'Ohio », « la Bretagne »: a state or region of a country
        words = set(re.findall(r"[\w'-]+", folded))
        return EntityType.REGION if words & self.region_cues else EntityType.CITY

    def names_facility(self, text: str) -> bool:
        """« Splendid Hotel », « stade Geoffroy-Guichard »: a word of the name makes it a building or a site."""
        words = re.findall(r"[\w'-]+", normalize(text))
        return len(words) > 1 and any(w in self.facility_words for w in words)

    def is_boilerplate_line(self, line: str) -> bool:
        folded = normalize(line)
        if len(folded) < 100 and any(folded == p or folded.startswith(p + " ") for p in self.bylines):
            return True
        return any(cue in folded for cue in self.boilerplate)


@compiled
def rules_for(resources: Resources) -> NerRules:
    posts = resources.lexicon("posts")
    honorifics = posts.get("honorifics", []) if isinstance(posts, Mapping) else []
    return NerRules(resources.lexicon("entities"), tuple(str(h) for h in honorifics or []))


def person_misread_as_organisation(mention: Mention, resources: Resources) -> bool:
    """A NER « organisation » whose name looks like a person's and says nothing of an organisation.

    Used where the context says it is a person (« X, le premier ministre »).
    """
    rules = rules_for(resources)
    words = mention.text.split()
    return (mention.type is rules.default_org and mention.key == entity_key(mention.type, slugify(mention.label))
            and 2 <= len(words) <= 4 and is_person_name(mention.text, rules) and rules.org_cue(mention.text) is None)


_SEGMENT_END = re.compile(r"\n|[.!?…](?=\s)")  # a line break, or a sentence end before a space


def segment_finder(text: str) -> Callable[[int, int], str]:
    r"""A function giving the sentence (within its line) around a span of ``text``: the unit that a
    boilerplate cue discards, so that « … en Ukraine. Lire aussi : notre dossier. » loses only its second
    sentence, and an article joined onto one line keeps its text.

    >>> around = segment_finder("La France a condamné la Russie. Lire aussi : le dossier.\nFin")
    >>> around(3, 9), around(45, 55)
    ('La France a condamné la Russie.', ' Lire aussi : le dossier.')
    """
    ends = [m.end() for m in _SEGMENT_END.finditer(text)]

    def around(start: int, end: int) -> str:
        k = bisect.bisect_right(ends, start)
        left = ends[k - 1] if k else 0
        k = bisect.bisect_left(ends, end)
        right = ends[k] if k < len(ends) else len(text)
        return text[left:right].strip("\n")

    return around


def clean_span(span: Span, rules: NerRules) -> tuple[int, int] | None:
    """Trim a NER span to the name it holds; None when it is junk."""
    doc = span.doc
    tokens = list(span)
    while tokens and (tokens[0].is_space or tokens[0].is_punct or normalize(tokens[0].text) in rules.determiners
                      or (len(tokens) > 1 and tokens[0].is_lower and normalize(tokens[0].text) in rules.royal_titles)):
        tokens.pop(0)  # « le roi Sihanouk »: the title is put back on a one-word person name
    newline = next((k for k, t in enumerate(tokens) if "\n" in t.text or "\n" in t.whitespace_), None)
    if newline is not None:
        tokens = tokens[: newline + 1] if "\n" not in tokens[newline].text else tokens[:newline]
    while len(tokens) > 1 and normalize(tokens[0].text) in rules.stopwords:
        tokens.pop(0)  # « État américain »: the demonym is the mention
    while (span.label_ in ("ORG", "MISC", "LOC") and len(tokens) > 1 and tokens[0].is_lower
           and any(t.text[:1].isupper() for t in tokens[1:])):
        tokens.pop(0)  # « agence Frontex »: the head noun types the name (NerRules.head_before), the name stays
    while tokens and (tokens[-1].is_space or (tokens[-1].is_punct and tokens[-1].text not in ".)")
                      or (span.label_ in ("PER", "LOC") and len(tokens) > 1 and tokens[-1].is_lower
                          and tokens[-2].whitespace_
                          and not (span.label_ == "LOC" and tokens[-1].pos_ == "ADJ" and len(tokens) == 2))):
        tokens.pop()  # « Ankara jeudi » (« la Ligne verte » keeps its adjective)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc_text(doc)[start:end]
    if len(text) < 2 or not text[0].isupper() or normalize(text) in rules.stopwords:
        return None
    if GLUED.search(text):
        return None  # page chrome glued together: « ActualitésInternational »
    if normalize(tokens[0].text) in rules.agreement_nouns:
        return None  # "Accord X-Y", "Traité de ...": the agreement pass owns it
    # an acronym in parentheses right after a common noun phrase abbreviates that phrase ("(ICBM)")
    # (a name in parentheses after a lower-case word is kept: « son homologue chilien (Alberto van Klaveren) »)
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if (before is not None and before.text == "(" and before.i > 0 and doc[before.i - 1].is_lower
            and is_acronym(text) and not any(e.end == before.i for e in doc.ents)):
        return None  # (« Forces armées congolaises (FAC) » abbreviates a name: kept)
    if len(tokens) == 1 and _heading_word(tokens[0], rules):
        return None
    if (len(tokens) == 1 and span.label_ in ("LOC", "MISC") and tokens[0].pos_ in _COMMON_POS
            and not is_acronym(text) and normalize(text) not in rules.region_cues
            and doc.vocab.has_vector(text.lower())):
        return None  # « Port », « Industriel », « Maudit »: a capitalised common word (tagged so, and a known word)
    if normalize(tokens[0].text) in rules.salutations and (
            len(tokens) == 1 or normalize(tokens[1].text) in rules.determiners):
        return None  # « Madame la Députée », « Monsieur le Président »: an address, not a name
    if span.label_ in ("LOC", "ORG", "MISC") and before is not None and normalize(before.text) in rules.weapon_nouns:
        return None  # « le missile Kalibr », « des chars Leopard »: a weapon's name, no actor
    return start, end


_COMMON_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "AUX", "DET", "PRON", "ADP", "CCONJ", "SCONJ", "NUM"})
_CENTURY = re.compile(r"^[IVXL]+(?:e|er|ème)$")


def is_acronym(text: str) -> bool:
    if _CENTURY.match(text):
        return False  # « XIXe »
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and " " not in text and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _heading_word(token, rules: NerRules) -> bool:
    """A lone word that is no name: an infinitive opening a heading (« Renforcer »), a label before its colon
    at the start of a line (« Circonstance : »), a salutation (« Monsieur »)."""
    doc = token.doc
    folded = normalize(token.text)
    if folded in rules.salutations:
        return True
    if "Inf" in token.morph.get("VerbForm") and token.text[1:].islower():
        return True
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    at_line_start = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
    return at_line_start and nxt is not None and nxt.text == ":" and token.text[1:].islower()


def strip_honorific(full_text: str, start: int, end: int, rules: NerRules) -> int:
    """Start of the name after a leading honorific (« M. », « Mme »...), longest first."""
    text = full_text[start:end]
    for honorific in rules.honorifics:
        if text.startswith(honorific + " ") and len(text) > len(honorific) + 1:
            return start + len(honorific) + 1
    return start


def is_person_name(text: str, rules: NerRules) -> bool:
    words = re.findall(r"[\w'’.-]+", text)
    if not words:
        return False
    return all(w[:1].isupper() or normalize(w) in rules.particles
               or ("-" in w and normalize(w.split("-")[0]) in rules.particles and w.split("-")[1][:1].isupper())
               for w in words)  # « Mohammed al-Thani »
