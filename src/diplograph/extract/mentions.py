"""Doc -> typed mentions: gazetteer names, demonyms, capitals, compounds and cleaned NER spans.

Knowledge comes from :class:`~diplograph.resources.Resources`; this module only holds the
mechanics: longest match first, gazetteer before NER, junk dropped, capitals typed from the parse.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from spacy.attrs import IDX, IS_SPACE, LENGTH, LOWER
from spacy.tokens import Doc, Token

from diplograph.extract._spans import WordIndex, doc_text, kids
from diplograph.extract.ner_rules import NerRules, clean_span, is_acronym, is_person_name, rules_for, segment_finder, strip_honorific
from diplograph.model import EntityType, Mention
from diplograph.resources import GazetteerEntry, Resources, compiled, entity_key, normalize, slugify, word_set

# starts only at the start of a word: the same matches, without a failed attempt at every letter
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]+(?:-[^\W\d_]+)+")
_LETTER = re.compile(r"[^\W\d_]")
_ARTICLES = frozenset({"Le", "La", "Les", "L'"})
_ROLE_PRIORITY = {"name": 0, "seat": 1, "capital": 2, "demonym": 3, "combining": 4}


@dataclass(frozen=True)
class Lookup:
    """Surface forms of the gazetteers, folded for matching."""

    forms: Mapping[str, tuple[tuple[GazetteerEntry, str, str], ...]]  # form -> (entry, role, original)
    max_words: int
    compound_forms: Mapping[str, GazetteerEntry]
    words_by_first: Mapping[str, int]  # longest form (in words) per first word
    prefixes: frozenset[str]  # every prefix of every form
    first_index: WordIndex  # the tokens whose word may start a form


@compiled
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
    prefixes = frozenset(form[:k] for form in ordered for k in range(1, len(form) + 1))

    def may_start(text: str) -> bool:
        lower = text.lower()
        return lower.split("-")[0].split("'")[0] in first_words or lower in first_words

    return Lookup(ordered, max_words, compound, words_by_first, prefixes, WordIndex(may_start))


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


def _case_ok(found: str, form: str, role: str, etype: EntityType | None = None) -> bool:
    if role == "demonym" or role == "combining":
        return True
    letters = form.replace(".", "").replace("-", "").replace(" ", "")
    if letters.isupper() and len(letters) <= 6:
        return found == form
    if etype is EntityType.INTERNATIONAL_ORGANIZATION and len(form.split()) >= 2 and found.islower():
        return True  # « l'union africaine », « l'organisation mondiale du commerce »: a long name in lower case
    if form[:1].isupper():
        return found[:1].isupper()
    return True


def _gazetteer_candidates(doc: Doc, lookup: Lookup) -> Iterator[_Candidate]:
    text = doc_text(doc)
    low = text.lower()
    folded_ok = len(low) == len(text)
    n_tokens = len(doc)
    strings = doc.vocab.strings
    rows: list[list[int]] = []  # (offset, length, is_space, lower) per token, read on the first candidate
    for i in lookup.first_index.indices(doc):
        if not rows:
            rows = doc.to_array([IDX, LENGTH, IS_SPACE, LOWER]).tolist()
        start, _length, space, lower_hash = rows[i]
        if space:
            continue
        lower = strings[lower_hash]
        first = lower.split("-")[0].split("'")[0]
        # a form of w words spans at most 2w + 1 tokens (a separator may be a token of its own)
        bound = max(lookup.words_by_first.get(first, 0), lookup.words_by_first.get(lower, 0))
        span = min(2 * bound + 1, lookup.max_words + 2) if bound else lookup.max_words + 2
        ends: list[int] = []  # token ends of the forms that start here, shortest first
        for j in range(i + 1, min(n_tokens, i + span) + 1):
            offset, length, space, lower_hash = rows[j - 1]
            if space or (length == 1 and strings[lower_hash] == "-"):
                continue
            end = offset + length
            surface = normalize(low[start:end] if folded_ok else text[start:end].lower())
            if surface in lookup.forms:
                ends.append(end)
            elif surface not in lookup.prefixes:
                break  # folding keeps prefixes: no longer run of tokens can be a form either
        for end in reversed(ends):  # longest first
            found = text[start:end]
            hits = lookup.forms[normalize(low[start:end] if folded_ok else found.lower())]
            for entry, role, original in hits:
                if _case_ok(found, original.split(" ", 1)[-1] if original.split(" ")[0] in _ARTICLES else original, role,
                            entry.type):
                    yield _Candidate(start, end, entry, role, entry.type, entry.key, entry.label, 0, form=original)
                    break
            else:
                continue
            break


def _compounds(text: str) -> Iterator[re.Match[str]]:
    """``_COMPOUND.finditer(text)``, tried only at the words that a hyphen joins to a letter."""
    end = 0
    hyphen = text.find("-")
    while hyphen >= 0:
        if hyphen < end or not (0 < hyphen < len(text) - 1 and _LETTER.match(text, hyphen - 1)
                                and _LETTER.match(text, hyphen + 1)):
            hyphen = text.find("-", hyphen + 1)
            continue  # inside the compound just found, or no letter on one side
        start = hyphen
        while start > 0 and _LETTER.match(text, start - 1):
            start -= 1
        match = _COMPOUND.match(text, start)
        if match is not None:
            end = match.end()
            yield match
        hyphen = text.find("-", hyphen + 1)


def _compound_candidates(doc: Doc, lookup: Lookup) -> Iterator[_Candidate]:
    """Parts of hyphenated compounds: sino-iranien, américano-britannique, Paris-Berlin."""
    text = doc_text(doc)
    for match in _compounds(text):
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


@compiled
def _states_by_iso3(resources: Resources) -> dict[str, GazetteerEntry]:
    return {e.iso3: e for e in resources.entries if e.type is EntityType.STATE and e.iso3}


def _ner_candidates(doc: Doc, rules: NerRules) -> Iterator[_Candidate]:
    full_text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ not in ("PER", "ORG", "LOC", "MISC"):
            continue
        cleaned = clean_span(ent, rules)
        if cleaned is None:
            continue
        start, end = cleaned
        org_head = rules.head_of(full_text[start:end]) or rules.head_before(doc, ent.start) \
            if ent.label_ == "PER" else None
        if org_head is not None:  # « Groupe Bel », « la compagnie Flydubai »: an organisation, not a person
            text = full_text[start:end]
            etype = org_head
        elif ent.label_ == "PER":
            start = strip_honorific(full_text, start, end, rules)
            text = full_text[start:end]
            if not is_person_name(text, rules) or text in rules.honorifics:
                continue  # « M. » alone is no one
            start = _with_royal_title(doc, start, end, rules)
            text = full_text[start:end]
            etype = EntityType.PERSON
        else:
            found = _organisation_type(doc, start, end, ent.label_, rules)
            if found is None:
                continue
            etype, start = found
            text = full_text[start:end]
        label = " ".join(text.split())
        yield _Candidate(start, end, None, "name", etype, entity_key(etype, slugify(label)), label, 2)


def _organisation_type(doc: Doc, start: int, end: int, label: str, rules: NerRules) -> tuple[EntityType, int] | None:
    """The type of a cleaned ORG, LOC or MISC span, and where its name starts; None for a MISC span that
    names no organisation (a work, an event, a weapon).

    The head noun before the name says what it is (« la compagnie X », « le groupe armé X »), then a
    word of the name, then its own first word (« Mission multinationale… »).
    """
    full_text = doc_text(doc)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    text = full_text[start:end]
    if label == "LOC" and ((span.start > 0 and rules.facility_before(doc, span.start)) or rules.names_facility(text)):
        return None  # « la base aérienne de Nevatim », « le camp de Zamzam »: a facility, no entity class
    region = rules.region_head(doc, span.start) if label == "LOC" else None
    if region is not None:
        return EntityType.REGION, region  # « le district de Kandy »: the head is in the name
    before = rules.head_before(doc, span.start)
    if before is not None:
        return before, start
    own = rules.head_of(text)
    context = _parenthesis_head(doc, span.start, rules) if is_acronym(text) else None
    if label == "LOC":
        place = rules.place_type(text)
        if (place is EntityType.CITY and len(span) == 1 and span.start > 0 and doc[span.start - 1].pos_ == "DET"
                and doc[span.start - 1].is_lower):
            place = EntityType.REGION  # « la Bretagne », « le Donbass »: a city takes no article
        return (own or context or place), start
    if label == "MISC":  # a work, an event, a law: only a mission's name or an acronym is kept
        if own is EntityType.INTERNATIONAL_ORGANIZATION:
            return own, start
        # an acronym is kept when something says it names an organisation: the phrase it abbreviates, a
        # word of its own, or a verb it is the subject of (« l'AVC », « le SMIC » are not actors)
        kind = context or rules.org_cue(text)
        if kind is None and is_acronym(text) and span.root.dep_ in ("nsubj", "nsubj:pass"):
            kind = rules.default_org
        return (kind, start) if kind is not None and is_acronym(text) else None
    cue = rules.org_cue(text)
    if cue is not None:
        return cue, start
    if own is not None:
        return own, start
    return context or rules.default_org, start


def _parenthesis_head(doc: Doc, i: int, rules: NerRules) -> EntityType | None:
    """The type of « (EUMM) » from the head noun of the phrase it abbreviates: « la mission … (EUMM) »."""
    if i == 0 or doc[i - 1].text != "(":
        return None
    for k in range(i - 2, max(-1, i - 12), -1):
        if doc[k].is_punct and doc[k].text not in "-'’":
            break
        found = rules.org_heads.get(normalize(doc[k].text))
        if found is not None:
            return found
    return None


def _with_royal_title(doc: Doc, start: int, end: int, rules: NerRules) -> int:
    """« le pape François », « le roi Sihanouk »: a one-word name keeps the title that tells who it is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.start == 0:
        return start
    before = doc[span.start - 1]
    if len(span) == 1 and before.text.islower() and normalize(before.text) in rules.royal_titles:
        return before.idx
    return start


def _state_form_candidates(doc: Doc, gazetteer: list[_Candidate], lookup: Lookup,
                           forms: frozenset[str]) -> Iterator[_Candidate]:
    """« République fédérale démocratique du Népal », « Empire du Japon »: a state-form noun, lower-case
    words, then « de/d'/du » and a state's name is that state, whatever words its official name orders."""
    by_start = {c.start: c for c in gazetteer if c.entry is not None and c.etype is EntityType.STATE
                and c.role == "name"}
    if not by_start:
        return
    for token in doc:
        state = by_start.get(token.idx)
        if state is None or token.i < 2:
            continue
        k = token.i - 1
        if normalize(doc[k].text) in ("la", "l'") and k > 0 and normalize(doc[k - 1].text) == "de":
            k -= 1
        if normalize(doc[k].text) not in ("de", "d'", "du"):
            continue
        j = k - 1
        while j >= 0 and k - j <= 4 and doc[j].is_alpha and doc[j].is_lower:
            j -= 1  # « islamique », « démocratique fédérale »
        if j < 0 or normalize(doc[j].text) not in forms or not doc[j].text[:1].isupper():
            continue
        if normalize(doc[j:k].text) in lookup.forms:
            continue  # « État islamique » is a name of its own
        yield _Candidate(doc[j].idx, state.end, state.entry, "name", EntityType.STATE, state.key, state.label, 0)


def _honorific_candidates(doc: Doc, rules: NerRules) -> Iterator[_Candidate]:
    """« M. Jean Dupont », « Mme Durand »: an honorific followed by capitalised words is a person,
    whatever span the NER gave (it often folds « Déclaration de M. X » into one MISC span)."""
    honorifics = set(rules.honorifics)
    n = len(doc)
    for token in doc:
        if token.text not in honorifics or not token.text[:1].isupper():
            continue
        k, last = token.i + 1, None
        while k < n and k - token.i <= 6:
            t = doc[k]
            head, _, tail = t.text.partition("-")
            if (t.text[:1].isupper() and any(c.islower() for c in t.text) and t.is_alpha) or (
                    t.text[:1].isupper() and "-" in t.text) or (
                    last is not None and tail[:1].isupper() and normalize(head) in rules.particles):
                last = k  # « Jean-Yves », « al-Thani »
            elif t.text == "-" and last == k - 1 and k + 1 < n and doc[k + 1].text[:1].isupper():
                pass
            elif not (normalize(t.text) in rules.particles and last is not None
                      and k + 1 < n and doc[k + 1].text[:1].isupper()):
                break
            k += 1
        if last is None:
            continue
        start, end = doc[token.i + 1].idx, doc[last].idx + len(doc[last].text)
        label = " ".join(doc_text(doc)[start:end].split())
        if normalize(label) in rules.stopwords:
            continue
        yield _Candidate(start, end, None, "name", EntityType.PERSON, entity_key(EntityType.PERSON, slugify(label)),
                         label, 2)


def _body_candidates(doc: Doc, resources: Resources, lookup: Lookup) -> Iterator[_Candidate]:
    """« ministère de l'Europe et des Affaires étrangères »: a government body named by its portfolio.

    The state comes from a demonym inside or right after the name; without one the key stays
    provisional (``role="body"``) and :mod:`diplograph.extract.coref` scopes it to the document.
    """
    words = _place_words(resources)
    inner = words.body_name_words
    for i in words.body_index.indices(doc):
        token = doc[i]
        k, state, inside = token.i + 1, None, None
        if k < len(doc) and (hit := lookup.forms.get(normalize(doc[k].text))) and hit[0][1] == "demonym":
            state, inside, k = hit[0][0], doc[k].text, k + 1
        if k >= len(doc) or normalize(doc[k].text) not in ("de", "des", "du", "d'"):
            continue
        end, capitalised = k, False
        while end < len(doc) and (doc[end].text[:1].isupper() or normalize(doc[end].text) in inner):
            if end > k and _state_named_at(doc, lookup, end) is not None:
                break  # « ... étrangères du Koweït »: the state is not part of the body's name
            capitalised = capitalised or doc[end].text[:1].isupper()
            end += 1
        while end > k and not doc[end - 1].text[:1].isupper() and doc[end - 1].pos_ != "ADJ":
            end -= 1
        if not capitalised or end <= k + 1:
            continue
        if state is None and end < len(doc) and (hit := lookup.forms.get(normalize(doc[end].text))) \
                and hit[0][1] == "demonym":
            state = hit[0][0]
        if state is None:  # « ministère des Affaires étrangères du Koweït »: the state closes the name
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


_ARTICLED_DE = re.compile(r"\s+(?:de\s+la|de\s+l['’]|des)\s")
_PORTFOLIO_TAIL = re.compile(r"(?:\s+(?:délégu|chargé)\w*)?\s+(?:de\s+l['’]|de\s+la\s+|des\s+|du\s+)$")


def _after_portfolio(text: str, start: int, heads: frozenset[str]) -> bool:
    """Whether the words before ``start`` are « ministre (chargé) de l' » or another portfolio head."""
    before = text[max(0, start - 60) : start]
    tail = _PORTFOLIO_TAIL.search(before)
    if tail is None:
        return False
    words = before[: tail.start()].split()
    return bool(words) and normalize(words[-1]) in heads


_ORG_TYPES = frozenset({EntityType.INTERNATIONAL_ORGANIZATION, EntityType.GOVERNMENT_BODY, EntityType.ARMED_GROUP,
                        EntityType.COMPANY, EntityType.THINK_TANK, EntityType.MEDIA_OUTLET, EntityType.ORGANIZATION})


def _abbreviated(text: str, cand: _Candidate, before: list[Mention], known: dict[str, Mention]) -> Mention | None:
    """The organisation whose name stands right before « (ACRONYM) », when ``cand`` is that acronym
    and no gazetteer row knows it; later uses of the acronym in the document (``known``) too."""
    acronym = text[cand.start : cand.end]
    if cand.rank == 0 or not before or not is_acronym(acronym):
        return None
    if acronym in known:
        return known[acronym]
    if text[cand.start - 1 : cand.start] != "(" or text[cand.end : cand.end + 1] != ")":
        return None
    last = next((m for m in reversed(before) if m.role != "implied"), None)
    if last is None or last.type not in _ORG_TYPES or text[last.end : cand.start - 1].strip():
        return None
    known[acronym] = last
    return last


def _preposition(token: Token) -> str:
    for child in kids(token):
        if child.dep_ == "case":
            fixed = [c.text for c in kids(child) if c.dep_ == "fixed"]
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
class _PlaceWords:  # the entities lexicon's word lists used on every document, folded once
    locative: frozenset[str]
    recipients: frozenset[str]
    place_nouns: frozenset[str]
    body_nouns: frozenset[str]
    body_name_words: frozenset[str]
    portfolio_heads: frozenset[str]
    state_forms: frozenset[str]
    body_index: WordIndex  # finds the body nouns in a Doc


@compiled
def _place_words(resources: Resources) -> _PlaceWords:
    lexicon = resources.lexicon("entities")
    sets = [word_set(lexicon, name) for name in ("locative_prepositions", "recipient_heads",
                                                 "place_nouns", "body_nouns", "body_name_words",
                                                 "portfolio_heads", "state_form_nouns")]
    return _PlaceWords(*sets, WordIndex.of(sets[3]))


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
    rules = rules_for(resources)
    gazetteer = list(_gazetteer_candidates(doc, lookup))
    compounds = list(_compound_candidates(doc, lookup))
    # a NER span over a compound of known names (« Téhéran-Damas ») yields to its parts
    full_text = doc_text(doc)
    starts = {c.start: c for c in gazetteer}
    ner = [c for c in _ner_candidates(doc, rules)
           if not (any(c.start <= p.start and p.end <= c.end for p in compounds) and rules.head_of(c.label) is None)
           and not (c.start in starts and not any(ch.isupper() for ch in full_text[starts[c.start].end : c.end]))
           and not (c.start in starts and _ARTICLED_DE.match(full_text, starts[c.start].end))]
    # « OTAN de la Macédoine », « Corée de la maison royale »: a known name, then « de la » and more,
    # is the known name (and what follows), not one unknown entity
    gazetteer += _state_form_candidates(doc, gazetteer, lookup, _place_words(resources).state_forms)
    honorific = [c for c in _honorific_candidates(doc, rules)
                 if not any(g.start < c.end and c.start < g.end for g in gazetteer)]
    candidates = [*gazetteer, *compounds, *ner, *honorific, *_body_candidates(doc, resources, lookup)]
    # a credit or copyright line names the outlet that publishes the text, and nothing else
    # (the sentence around a candidate, within its line: one cue never wipes a whole line)
    boilerplate: dict[str, bool] = {}  # sentence -> verdict: a sentence holds many candidates
    segment_of = segment_finder(full_text)
    candidates = [c for c in candidates if c.etype is EntityType.MEDIA_OUTLET or not (
        boilerplate[line] if (line := segment_of(c.start, c.end)) in boilerplate
        else boilerplate.setdefault(line, rules.is_boilerplate_line(line)))]
    by_id = resources.by_id
    states = _states_by_iso3(resources)
    mentions: list[Mention] = []
    acronyms: dict[str, Mention] = {}
    portfolio = _place_words(resources).portfolio_heads
    for cand in _select(candidates, full_text):
        if cand.etype is EntityType.REGION and _after_portfolio(full_text, cand.start, portfolio):
            continue  # « ministre de l'Europe et des Affaires étrangères »: a portfolio, not the place
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
        named = _abbreviated(full_text, cand, mentions, acronyms)
        if named is not None:  # « Forces armées congolaises (FAC) »: the acronym is the name before it
            mentions.append(Mention(cand.start, cand.end, text, named.type, named.key, named.label, named.role,
                                    named.iso3))
            continue
        mentions.append(Mention(cand.start, cand.end, text, cand.etype, cand.key, cand.label, cand.role, iso3))
        if cand.etype is EntityType.GOVERNMENT_BODY and iso3 and (state := states.get(iso3)) is not None:
            # « le ministère turc de la Défense » also names Turkey, acting through its ministry
            mentions.append(Mention(cand.start, cand.end, text, EntityType.STATE, state.key, state.label, "implied", iso3))
    return mentions
