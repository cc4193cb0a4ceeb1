"""Doc -> typed mentions: gazetteer names, demonyms, capitals, compounds and cleaned NER spans.

Knowledge comes from :class:`~diplograph.resources.Resources`; this module only holds the
mechanics: longest match first, gazetteer before NER, junk dropped, capitals typed from the parse.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from diplograph.extract._spans import doc_text
from diplograph.model import EntityType, Mention
from diplograph.resources import GazetteerEntry, Resources, entity_key, normalize, slugify

_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_GLUED = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_ARTICLES = frozenset({"Le", "La", "Les", "L'"})
_ROLE_PRIORITY = {"name": 0, "seat": 1, "capital": 2, "demonym": 3, "combining": 4}


@dataclass(frozen=True)
class Lookup:
    """Surface forms of the gazetteers, folded for matching."""

    forms: Mapping[str, tuple[tuple[GazetteerEntry, str, str], ...]]  # form -> (entry, role, original)
    first_words: frozenset[str]
    max_words: int
    compound_forms: Mapping[str, GazetteerEntry]
    words_by_first: Mapping[str, int] = field(default_factory=dict)  # longest form (in words) per first word


@cache
def _lookup_for(resources: Resources) -> Lookup:
    forms: dict[str, list[tuple[GazetteerEntry, str, str]]] = defaultdict(list)
    compound: dict[str, GazetteerEntry] = {}
    for entry in resources.entries:
        surfaces = [(entry.label, "name"), *((a, "name") for a in entry.aliases)]
        surfaces += [(c, "capital") for c in entry.capitals]
        surfaces += [(s, "seat") for s in entry.seats]
        surfaces += [(d, "demonym") for d in entry.demonyms]
        for surface, role in surfaces:
            forms[normalize(surface)].append((entry, role, surface))
            head, _, rest = surface.partition(" ")
            if head in _ARTICLES and rest[:1].isupper():  # « Le Caire » is « au Caire », « du Caire »
                forms[normalize(rest)].append((entry, role, surface))
        if entry.type is EntityType.STATE:
            for surface in (*entry.combining, *entry.demonyms, entry.label, *entry.capitals):
                compound.setdefault(normalize(surface), entry)
    ordered = {
        form: tuple(sorted(hits, key=lambda h: (_ROLE_PRIORITY[h[1]], h[0].type is not EntityType.STATE)))
        for form, hits in forms.items()
    }
    first_words = frozenset(form.split(" ")[0].split("-")[0].split("'")[0] for form in ordered)
    max_words = max((len(re.findall(r"\w+", form)) for form in ordered), default=1)
    words_by_first: dict[str, int] = {}
    for form in ordered:
        first = form.split(" ")[0].split("-")[0].split("'")[0]
        words_by_first[first] = max(words_by_first.get(first, 0), len(re.findall(r"\w+", form)))
    return Lookup(ordered, first_words, max_words, compound, words_by_first)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    entry: GazetteerEntry | None
    role: str
    etype: EntityType
    key: str
    label: str
    rank: int  # 0 gazetteer, 1 compound part, 2 NER
    iso3: str | None = None
    form: str = ""  # the gazetteer form matched (« Le Caire » for « Caire »)


def _case_ok(found: str, form: str, role: str) -> bool:
    if role == "demonym" or role == "combining":
        return True
    letters = form.replace(".", "").replace("-", "").replace(" ", "")
    if letters.isupper() and len(letters) <= 6:
        return found == form
    if form[:1].isupper():
        return found[:1].isupper()
    return True


def _gazetteer_candidates(doc: Doc, lookup: Lookup) -> Iterator[_Candidate]:
    text = doc_text(doc)
    low = text.lower()
    folded_ok = len(low) == len(text)
    n_tokens = len(doc)
    for i, token in enumerate(doc):
        first = token.lower_.split("-")[0].split("'")[0]
        if first not in lookup.first_words and token.lower_ not in lookup.first_words:
            continue
        start = token.idx
        if token.is_space:
            continue
        # a form of w words spans at most 2w + 1 tokens (a separator may be a token of its own)
        bound = max(lookup.words_by_first.get(first, 0), lookup.words_by_first.get(token.lower_, 0))
        span = min(2 * bound + 1, lookup.max_words + 2) if bound else lookup.max_words + 2
        for j in range(min(n_tokens, i + span), i, -1):
            last = doc[j - 1]
            if last.is_space or last.text == "-":
                continue
            end = last.idx + len(last.text)
            surface = low[start:end] if folded_ok else text[start:end].lower()
            hits = lookup.forms.get(normalize(surface))
            if not hits:
                continue
            found = text[start:end]
            for entry, role, original in hits:
                if _case_ok(found, original.split(" ", 1)[-1] if original.split(" ")[0] in _ARTICLES else original, role):
                    yield _Candidate(start, end, entry, role, entry.type, entry.key, entry.label, 0, form=original)
                    break
            else:
                continue
            break


def _compound_candidates(doc: Doc, lookup: Lookup) -> Iterator[_Candidate]:
    """Parts of hyphenated compounds: sino-iranien, américano-britannique, Paris-Berlin."""
    text = doc_text(doc)
    for match in _COMPOUND.finditer(text):
        pieces = match.group().split("-")
        n = len(pieces)
        best: list[list[tuple[int, int]] | None] = [None] * (n + 1)
        best[0] = []
        for i in range(n):
            if best[i] is None:
                continue
            for j in range(n, i, -1):
                if normalize("-".join(pieces[i:j])) in lookup.compound_forms:
                    path = [*best[i], (i, j)]  # type: ignore[misc]
                    if best[j] is None or len(path) < len(best[j]):  # type: ignore[arg-type]
                        best[j] = path
        segments = best[n]
        if not segments or len(segments) < 2:
            continue
        offset = match.start()
        positions = [0]
        for piece in pieces:
            positions.append(positions[-1] + len(piece) + 1)
        for i, j in segments:
            start, end = offset + positions[i], offset + positions[j] - 1
            entry = lookup.compound_forms[normalize(text[start:end])]
            yield _Candidate(start, end, entry, "combining", entry.type, entry.key, entry.label, 1)


class _NerRules:
    """Cleaning and typing rules for NER spans, read from the ``entities`` lexicon."""

    def __init__(self, lexicon: Mapping[str, object]) -> None:
        def words(name: str) -> list[str]:
            value = lexicon.get(name, [])
            return [str(v) for v in value] if isinstance(value, list) else []

        self.stopwords = {normalize(w) for w in words("stopwords")}
        self.determiners = {normalize(w) for w in words("leading_determiners")}
        self.particles = {normalize(w) for w in words("name_particles")}
        self.boilerplate = [normalize(w) for w in words("boilerplate_cues")]
        self.bylines = tuple(normalize(w) for w in words("byline_prefixes"))
        self.region_cues = {normalize(w) for w in words("region_cues")}
        self.agreement_nouns = {normalize(w) for w in words("agreement_nouns")}
        cues = lexicon.get("organization_cues", {})
        self.org_cues: list[tuple[EntityType, tuple[str, ...]]] = []
        if isinstance(cues, Mapping):
            for type_name, values in cues.items():
                self.org_cues.append((EntityType(type_name), tuple(normalize(v) for v in values)))
        self.default_org = EntityType(str(lexicon.get("default_organization_type", "GovernmentBody")))

    def org_type(self, text: str) -> EntityType:
        return self.org_cue(text) or self.default_org

    def org_cue(self, text: str) -> EntityType | None:
        """The type a word of ``text`` gives it, or None when nothing in the name says."""
        folded = f" {normalize(text)} "
        for etype, cues in self.org_cues:
            if any(f" {cue} " in folded for cue in cues):
                return etype
        return None


    def place_type(self, text: str) -> EntityType:
        words = set(re.findall(r"[\w'-]+", normalize(text)))
        return EntityType.REGION if words & self.region_cues else EntityType.CITY

    def is_boilerplate_line(self, line: str) -> bool:
        folded = normalize(line)
        if len(folded) < 100 and any(folded == p or folded.startswith(p + " ") for p in self.bylines):
            return True
        return any(cue in folded for cue in self.boilerplate)


@cache
def _states_by_iso3(resources: Resources) -> dict[str, GazetteerEntry]:
    return {e.iso3: e for e in resources.entries if e.type is EntityType.STATE and e.iso3}


@cache
def _rules_for(resources: Resources) -> _NerRules:
    return _NerRules(resources.lexicon("entities"))


def person_misread_as_organisation(mention: Mention, resources: Resources) -> bool:
    """A NER « organisation » whose name looks like a person's and says nothing of an organisation.

    Used where the context says it is a person (« X, le premier ministre »).
    """
    rules = _rules_for(resources)
    words = mention.text.split()
    return (mention.type is rules.default_org and mention.key == entity_key(mention.type, slugify(mention.label))
            and 2 <= len(words) <= 4 and _is_person_name(mention.text, rules) and rules.org_cue(mention.text) is None)


def _line_of(text: str, start: int, end: int) -> str:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    return text[left : right if right >= 0 else len(text)]


def _clean_span(span: Span, rules: _NerRules) -> tuple[int, int] | None:
    """Trim a NER span to the name it holds; None when it is junk."""
    doc = span.doc
    tokens = list(span)
    while tokens and (tokens[0].is_space or tokens[0].is_punct or normalize(tokens[0].text) in rules.determiners):
        tokens.pop(0)
    newline = next((k for k, t in enumerate(tokens) if "\n" in t.text or "\n" in t.whitespace_), None)
    if newline is not None:
        tokens = tokens[: newline + 1] if "\n" not in tokens[newline].text else tokens[:newline]
    while len(tokens) > 1 and normalize(tokens[0].text) in rules.stopwords:
        tokens.pop(0)  # « État américain »: the demonym is the mention
    while tokens and (tokens[-1].is_space or (tokens[-1].is_punct and tokens[-1].text not in ".)")
                      or (span.label_ in ("PER", "LOC") and len(tokens) > 1 and tokens[-1].is_lower
                          and tokens[-2].whitespace_)):
        tokens.pop()  # « Tel-Aviv jeudi »
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = doc[tokens[0].i : tokens[-1].i + 1].text  # == doc.text[start:end]; Doc.text rebuilds the whole text
    if len(text) < 2 or not text[0].isupper() or normalize(text) in rules.stopwords:
        return None
    if _GLUED.search(text):
        return None  # page chrome glued together: « ActualitésInternational »
    if normalize(tokens[0].text) in rules.agreement_nouns:
        return None  # "Accord X-Y", "Traité de ...": the agreement pass owns it
    # an acronym in parentheses right after a common noun phrase abbreviates that phrase ("(ICBM)")
    before = doc[tokens[0].i - 1] if tokens[0].i > 0 else None
    if before is not None and before.text == "(" and before.i > 0 and doc[before.i - 1].is_lower:
        return None
    return start, end


def _strip_honorific(full_text: str, start: int, end: int, honorifics: set[str]) -> int:
    text = full_text[start:end]
    for honorific in sorted(honorifics, key=len, reverse=True):
        if text.startswith(honorific + " ") and len(text) > len(honorific) + 1:
            return start + len(honorific) + 1
    return start


def _is_person_name(text: str, rules: _NerRules) -> bool:
    words = re.findall(r"[\w'’.-]+", text)
    if not words:
        return False
    return all(w[:1].isupper() or normalize(w) in rules.particles for w in words)


def _ner_candidates(doc: Doc, resources: Resources, rules: _NerRules) -> Iterator[_Candidate]:
    posts = resources.lexicon("posts")
    honorifics = {str(h) for h in posts.get("honorifics", [])} if isinstance(posts, Mapping) else set()
    full_text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ not in ("PER", "ORG", "LOC"):
            continue
        cleaned = _clean_span(ent, rules)
        if cleaned is None:
            continue
        start, end = cleaned
        if ent.label_ == "PER":
            start = _strip_honorific(full_text, start, end, honorifics)
            text = full_text[start:end]
            if not _is_person_name(text, rules):
                continue
            etype = EntityType.PERSON
        elif ent.label_ == "ORG":
            text = full_text[start:end]
            etype = rules.org_type(text)
        else:
            text = full_text[start:end]
            etype = rules.place_type(text)
        label = " ".join(text.split())
        yield _Candidate(start, end, None, "name", etype, entity_key(etype, slugify(label)), label, 2)


def _body_candidates(doc: Doc, lexicon: Mapping[str, object], lookup: Lookup) -> Iterator[_Candidate]:
    """« ministère de l'Europe et des Affaires étrangères »: a government body named by its portfolio.

    The state comes from a demonym inside or right after the name; without one the key stays
    provisional (``role="body"``) and :mod:`diplograph.extract.coref` scopes it to the document.
    """
    nouns = {normalize(str(w)) for w in lexicon.get("body_nouns", []) or []}  # type: ignore[union-attr]
    inner = {normalize(str(w)) for w in lexicon.get("body_name_words", []) or []}  # type: ignore[union-attr]
    for token in doc:
        if normalize(token.text) not in nouns:
            continue
        k, state, inside = token.i + 1, None, None
        if k < len(doc) and (hit := lookup.forms.get(normalize(doc[k].text))) and hit[0][1] == "demonym":
            state, inside, k = hit[0][0], doc[k].text, k + 1
        if k >= len(doc) or normalize(doc[k].text) not in ("de", "des", "du", "d'"):
            continue
        end, capitalised = k, False
        while end < len(doc) and (doc[end].text[:1].isupper() or normalize(doc[end].text) in inner):
            if end > k and _state_named_at(doc, lookup, end) is not None:
                break  # « ... étrangères du Qatar »: the state is not part of the body's name
            capitalised = capitalised or doc[end].text[:1].isupper()
            end += 1
        while end > k and not doc[end - 1].text[:1].isupper() and doc[end - 1].pos_ != "ADJ":
            end -= 1
        if not capitalised or end <= k + 1:
            continue
        if state is None and end < len(doc) and (hit := lookup.forms.get(normalize(doc[end].text))) \
                and hit[0][1] == "demonym":
            state = hit[0][0]
        if state is None:  # « ministère des Affaires étrangères du Qatar »: the state closes the name
            state = _state_named_at(doc, lookup, end)
        start, stop = token.idx, doc[end - 1].idx + len(doc[end - 1].text)
        name = " ".join(doc[token.i : end].text.split())
        base = slugify(name if inside is None else name.replace(f" {inside} ", " ", 1))
        key = entity_key(EntityType.GOVERNMENT_BODY, f"{base}-{state.iso3}" if state and state.iso3 else base)
        role = "name" if state is not None else "body"
        yield _Candidate(start, stop, None, role, EntityType.GOVERNMENT_BODY, key, name, 0, state.iso3 if state else None)


def _state_named_at(doc: Doc, lookup: Lookup, k: int) -> GazetteerEntry | None:
    """The state named by « de/du/de la X » at token ``k``, if any."""
    if k >= len(doc) or normalize(doc[k].text) not in ("de", "du", "d'"):
        return None
    k += 1
    if k < len(doc) and normalize(doc[k].text) in ("la", "l'", "le", "les"):
        k += 1
    for j in range(min(len(doc), k + 4), k, -1):
        hits = lookup.forms.get(normalize(doc[k:j].text))
        if hits and hits[0][0].type is EntityType.STATE and hits[0][1] == "name":
            return hits[0][0]
    return None


def _preposition(token: Token) -> str:
    for child in token.children:
        if child.dep_ == "case":
            fixed = [c.text for c in child.children if c.dep_ == "fixed"]
            return normalize(" ".join([child.text, *fixed]))
    return ""


def _capital_is_place(doc: Doc, start: int, end: int, resources: Resources) -> bool:
    """A capital named as a place (a visit to it, talks in it) rather than the state acting."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if any(t.dep_ == "flat:name" or (t.text == "-" and t.i in (span.start - 1, span.end)) for t in span):
        return False  # "Téhéran-Damas"
    neighbours = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    if any(t.text == "-" for t in neighbours):
        return False
    prep = _preposition(root)
    words = _place_words(resources)
    head = root.head
    if prep in words.locative:
        return True
    if prep in ("à", "a", "au"):
        return normalize(head.text) not in words.recipients and normalize(head.lemma_) not in words.recipients
    if prep in ("de", "du", "d'"):
        return normalize(head.text) in words.place_nouns or normalize(head.lemma_) in words.place_nouns
    return False


@dataclass(frozen=True)
class _PlaceWords:
    locative: frozenset[str]
    recipients: frozenset[str]
    place_nouns: frozenset[str]


@cache
def _place_words(resources: Resources) -> _PlaceWords:
    lexicon = resources.lexicon("entities")

    def words(name: str) -> frozenset[str]:
        return frozenset(normalize(str(v)) for v in lexicon.get(name, []) or [])

    return _PlaceWords(words("locative_prepositions"), words("recipient_heads"), words("place_nouns"))


def _select(candidates: list[_Candidate], text: str) -> list[_Candidate]:
    """Longest first, gazetteer before NER; no two accepted mentions overlap.

    Two person spans separated by one space are one name the NER cut in two.
    """
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    merged: list[_Candidate] = []
    for cand in sorted(chosen, key=lambda c: c.start):
        last = merged[-1] if merged else None
        if (last is not None and last.etype is cand.etype is EntityType.PERSON and last.entry is None
                and cand.entry is None and text[last.end : cand.start] == " "):
            label = text[last.start : cand.end]
            merged[-1] = _Candidate(last.start, cand.end, None, "name", EntityType.PERSON,
                                    entity_key(EntityType.PERSON, slugify(label)), label, 2)
        else:
            merged.append(cand)
    return merged


def extract_mentions(doc: Doc, resources: Resources) -> list[Mention]:
    """Every entity mention of ``doc``, typed, with a provisional canonical key.

    Persons keep a provisional key (their own name); :mod:`diplograph.resolve` clusters them.
    """
    lookup = _lookup_for(resources)
    rules = _rules_for(resources)
    lexicon = resources.lexicon("entities")
    gazetteer = list(_gazetteer_candidates(doc, lookup))
    compounds = list(_compound_candidates(doc, lookup))
    # a NER span over a compound of known names (« Téhéran-Damas ») yields to its parts
    full_text = doc_text(doc)
    starts = {c.start: c for c in gazetteer}
    ner = [c for c in _ner_candidates(doc, resources, rules)
           if not any(c.start <= p.start and p.end <= c.end for p in compounds)
           and not (c.start in starts and not any(ch.isupper() for ch in full_text[starts[c.start].end : c.end]))]
    candidates = [*gazetteer, *compounds, *ner, *_body_candidates(doc, lexicon, lookup)]
    # a credit or copyright line names the outlet that publishes the text, and nothing else
    candidates = [c for c in candidates if not rules.is_boilerplate_line(_line_of(full_text, c.start, c.end))
                  or c.etype is EntityType.MEDIA_OUTLET]
    by_id = resources.by_id
    states = _states_by_iso3(resources)
    mentions = []
    for cand in _select(candidates, full_text):
        text = full_text[cand.start : cand.end]
        entry = cand.entry
        if entry is not None and cand.role == "capital" and _capital_is_place(doc, cand.start, cand.end, resources):
            city = " ".join((cand.form or text).split())
            mentions.append(Mention(cand.start, cand.end, text, EntityType.CITY, entity_key(EntityType.CITY, slugify(city)),
                                    city, "capital", entry.iso3))
            continue
        if entry is not None and entry.type is EntityType.CITY and entry.state:
            state = by_id.get(entry.state)
            iso3 = state.iso3 if state is not None else None
            mentions.append(Mention(cand.start, cand.end, text, EntityType.CITY, cand.key, cand.label, "name", iso3))
            continue
        iso3 = entry.iso3 if entry is not None else cand.iso3
        mentions.append(Mention(cand.start, cand.end, text, cand.etype, cand.key, cand.label, cand.role, iso3))
        if cand.etype is EntityType.GOVERNMENT_BODY and iso3 and (state := states.get(iso3)) is not None:
            # « le ministère turc de la Défense » also names Turkey, acting through its ministry
            mentions.append(Mention(cand.start, cand.end, text, EntityType.STATE, state.key, state.label, "implied", iso3))
    return mentions
