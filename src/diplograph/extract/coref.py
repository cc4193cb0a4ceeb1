"""Within one document: cluster person names, resolve title phrases, agreements and references to entities.

« Emmanuel Macron », « Macron » and « M. Macron » become one person; « le président français »
becomes whoever holds that post in the document; agreement mentions that share their parties
become one agreement. :class:`References` resolves « il, elle, ils, elles, lui, leur », the
possessives « son, sa, ses, leur(s) » and definite descriptions (« le pays », « la junte », « les deux
pays ») to their antecedent when one is clear, and to nothing otherwise (``data/lexicons/coref.yml``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from diplograph.extract._spans import doc_text, kids
from diplograph.extract.agreements import AgreementMention
from diplograph.extract.posts import TitleReference
from diplograph.model import Entity, EntityType, Mention, Post
from diplograph.resources import Resources, compiled, entity_key, normalize, slugify, strip_accents

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


# ---- reference within a paragraph: pronouns, possessives, definite descriptions -----------------------

_REFERENT_TYPES = frozenset({EntityType.STATE, EntityType.PERSON, EntityType.INTERNATIONAL_ORGANIZATION,
                             EntityType.GOVERNMENT_BODY, EntityType.ARMED_GROUP, EntityType.COMPANY,
                             EntityType.THINK_TANK, EntityType.MEDIA_OUTLET})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:arg", "obl:mod", "obl:agent",
                            "nmod", "appos", "conj"})
_MAX_BACK = 2  # sentences before the current one, within its paragraph


@dataclass(frozen=True)
class CorefLexicon:
    """The word lists of ``coref.yml``, folded."""

    pronoun_features: dict[str, tuple[str | None, str]]  # pronoun -> (gender m/f or None, number sg/pl)
    possessive_number: dict[str, str]
    impersonal: frozenset[str]
    state_descriptions: frozenset[str]
    pair_descriptions: frozenset[str]
    determiner_features: dict[str, tuple[str | None, str]]
    honorific_gender: dict[str, str]

    @classmethod
    def of(cls, words: Callable[[str], frozenset[str]]) -> CorefLexicon:
        pronouns: dict[str, tuple[str | None, str]] = {}
        for key, features in (("masculine_singular_pronouns", ("m", "sg")), ("feminine_singular_pronouns", ("f", "sg")),
                              ("masculine_plural_pronouns", ("m", "pl")), ("feminine_plural_pronouns", ("f", "pl")),
                              ("singular_pronouns", (None, "sg")), ("plural_pronouns", (None, "pl"))):
            pronouns.update(dict.fromkeys(words(key), features))
        possessives = {**dict.fromkeys(words("singular_possessives"), "sg"),
                       **dict.fromkeys(words("plural_possessives"), "pl")}
        determiners: dict[str, tuple[str | None, str]] = {}
        for key, features in (("masculine_determiners", ("m", "sg")), ("feminine_determiners", ("f", "sg")),
                              ("plural_determiners", (None, "pl"))):
            determiners.update(dict.fromkeys(words(key), features))
        honorifics = {**dict.fromkeys(words("masculine_honorifics"), "m"),
                      **dict.fromkeys(words("feminine_honorifics"), "f")}
        return cls(pronouns, possessives, words("impersonal_verbs"), words("state_descriptions"),
                   words("pair_descriptions"), determiners, honorifics)


@dataclass(frozen=True)
class _Referent:
    keys: tuple[str, ...]  # one entity, or the conjuncts of a coordination (« la Russie et la Chine »)
    gender: str | None
    number: str
    head: int  # token index of its head
    subject: bool  # the subject of its sentence's main verb


def _morph(token: Token) -> tuple[str | None, str | None]:
    gender = token.morph.get("Gender")
    number = token.morph.get("Number")
    return ({"Masc": "m", "Fem": "f"}.get(gender[0]) if len(gender) == 1 else None,
            {"Sing": "sg", "Plur": "pl"}.get(number[0]) if len(number) == 1 else None)


class References:
    """Resolve pronouns, possessives and definite descriptions of one document to entity keys.

    A reference resolves when its antecedent is clear, and to nothing otherwise: the referents that
    agree in gender and number are looked for in the sentence so far, then in up to two sentences
    before it within its paragraph; the first of these that holds any decides. One entity there and
    no agreeing common noun: that entity. Several entities (no common noun): a subject pronoun takes
    the subject of that sentence, when it agrees; else nothing.
    """

    def __init__(self, doc: Doc, mentions: Sequence[Mention], lex: CorefLexicon,
                 key_of: Callable[[Mention], str | None]) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc_text(doc)
        self._token_mention: dict[int, Mention] = {}
        spans: list[tuple[Mention, int, int]] = []
        for mention in mentions:
            if mention.type not in _REFERENT_TYPES or mention.role in ("implied", "combining", "demonym"):
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            spans.append((mention, span.start, span.end))
            for i in range(span.start, span.end):
                old = self._token_mention.get(i)
                if old is None or mention.end - mention.start < old.end - old.start:
                    self._token_mention[i] = mention
        self.key_of = key_of
        self.features = self._entity_features(spans)
        self._heads: dict[int, tuple[Mention, int]] = {}
        for mention, start, end in spans:
            head = self._head_of(start, end)
            if head is not None and self._token_mention.get(head) is mention:
                self._heads[head] = (mention, start)

    # ---- features -----------------------------------------------------------------------------
    def _head_of(self, start: int, end: int) -> int | None:
        inside = [t for t in self.doc[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
        return inside[0].i if inside else None

    def _entity_features(self, spans: list[tuple[Mention, int, int]]) -> dict[str, tuple[str | None, str]]:
        """Gender and number of each entity, from the determiners and honorifics before its names."""
        genders: dict[str, set[str]] = defaultdict(set)
        plural: dict[str, set[str]] = defaultdict(set)
        for mention, start, _end in spans:
            before = normalize(self.doc[start - 1].text) if start > 0 else ""
            if mention.type is EntityType.PERSON:
                gender = self.lex.honorific_gender.get(before)
                if gender is None and mention.role == "title":
                    gender = _morph(self.doc[start])[0]
                if gender is None and start > 0 and self.doc[start - 1].pos_ == "NOUN":
                    gender = _morph(self.doc[start - 1])[0]  # « le ministre X », « la présidente X »
                if gender:
                    genders[mention.key].add(gender)
                plural[mention.key].add("sg")
                continue
            found = self.lex.determiner_features.get(before)
            if found is not None:
                if found[0]:
                    genders[mention.key].add(found[0])
                plural[mention.key].add(found[1])
        out: dict[str, tuple[str | None, str]] = {}
        for key in set(genders) | set(plural):
            gender = next(iter(genders[key])) if len(genders[key]) == 1 else None
            number = "pl" if plural[key] == {"pl"} else "sg"
            out[key] = (gender, number)
        return out

    def _agrees(self, referent: _Referent, gender: str | None, number: str | None) -> bool:
        if number is not None and referent.number != number:
            return False
        if gender is None or referent.gender is None:
            return True
        return referent.gender == gender or (number == "pl" and gender == "m")  # « ils »: a mixed group

    # ---- candidates -----------------------------------------------------------------------------
    def _sentences_back(self, sent: Span) -> list[Span]:
        out: list[Span] = []
        current = sent
        while len(out) < _MAX_BACK and current.start > 0:
            previous = self.doc[current.start - 1].sent
            begins = next((t.idx for t in current if not t.is_space), current.end_char)
            if "\n" in self.text[previous.start_char:begins]:
                break  # another paragraph (or a line of its own: a title, a turn)
            out.append(previous)
            current = previous
        return out

    def _referents(self, tokens: Sequence[Token]) -> tuple[list[_Referent], list[Token]]:
        """The entity referents (coordinations grouped) and the common nouns among ``tokens``."""
        wanted = {t.i for t in tokens}
        referents: list[_Referent] = []
        grouped: set[int] = set()
        for i in sorted(self._heads):
            if i not in wanted:
                continue
            mention, _start = self._heads[i]
            key = self.key_of(mention)
            if key is None:
                continue
            gender, number = self.features.get(mention.key, (None, "sg"))
            referents.append(_Referent((key,), gender, number, i, self._is_subject(self.doc[i])))
            if i in grouped:
                continue
            token = self.doc[i]
            # « la Russie et la Chine »: conjuncts, or two subjects of one verb (a coordination misparsed)
            members = [c.i for c in token.subtree if c.dep_ == "conj" and c.i in self._heads and c.i in wanted]
            if token.dep_ in ("nsubj", "nsubj:pass"):
                members += [c.i for c in kids(token.head) if c.i > i and c.dep_ == token.dep_ and c.i in self._heads
                            and c.i in wanted]
            conjuncts = [key]
            for j in members:
                other = self.key_of(self._heads[j][0])
                if other and other not in conjuncts:
                    conjuncts.append(other)
                    grouped.add(j)
            if len(conjuncts) > 1:
                genders = {self.features.get(self._heads[g][0].key, (None, "sg"))[0] for g in (i, *members)}
                referents.append(_Referent(tuple(conjuncts), "f" if genders == {"f"} else "m", "pl", i,
                                           self._is_subject(token)))
        nouns = [t for t in tokens if t.pos_ == "NOUN" and t.dep_ in _ARGUMENT_DEPS and t.i not in self._token_mention
                 and not self._titles_a_person(t)]
        return referents, nouns

    def _titles_a_person(self, noun: Token) -> bool:
        """« le président X », « X, ministre de … »: the noun is the person's title, not another referent."""
        def person(i: int) -> bool:
            mention = self._token_mention.get(i)
            return mention is not None and mention.type is EntityType.PERSON

        if noun.dep_ == "appos" and person(noun.head.i):
            return True
        if any(c.dep_ in ("appos", "flat:name", "nmod") and c.pos_ == "PROPN" and person(c.i) for c in kids(noun)):
            return True
        following = [t for t in self.doc[noun.i + 1:noun.i + 4] if t.pos_ != "ADJ"]
        return bool(following) and person(following[0].i)

    @staticmethod
    def _is_subject(token: Token) -> bool:
        node = token
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        if node.dep_ in ("appos", "flat:name", "nmod") and node.pos_ == "PROPN" and node.head.pos_ == "NOUN" \
                and node.head.i < node.i:
            node = node.head  # « le président X a … »: X through their title
        return node.dep_ in ("nsubj", "nsubj:pass") and node.head.dep_ == "ROOT"

    def _choose(self, token: Token, gender: str | None, number: str | None, subject: bool,
                exclude: frozenset[str] = frozenset()) -> list[str]:
        sent = token.sent
        windows = [[t for t in sent if t.i < token.i], *(list(s) for s in self._sentences_back(sent))]
        for window in windows:
            referents, nouns = self._referents(window)
            fits = [r for r in referents if self._agrees(r, gender, number) and not set(r.keys) & exclude]
            rivals = [n for n in nouns if self._noun_agrees(n, gender, number)]
            if not fits and not rivals:
                continue
            if rivals:
                return []
            distinct = {r.keys for r in fits}
            if len(distinct) == 1:
                return list(fits[0].keys)
            subjects = {r.keys for r in fits if r.subject}
            if subject and len(subjects) == 1:
                return list(next(iter(subjects)))
            return []
        return []

    @staticmethod
    def _noun_agrees(noun: Token, gender: str | None, number: str | None) -> bool:
        noun_gender, noun_number = _morph(noun)
        if number is not None and noun_number is not None and noun_number != number:
            return False
        return gender is None or noun_gender is None or noun_gender == gender or (number == "pl" and gender == "m")

    # ---- the three kinds of reference -------------------------------------------------------------
    def pronoun(self, token: Token) -> list[str]:
        """« il, elle, ils, elles, lui, leur » as an argument: the entity (or coordinated entities) it stands for."""
        features = self.lex.pronoun_features.get(normalize(token.text))
        if features is None or token.pos_ != "PRON" or token.dep_.startswith("expl"):
            return []
        verb = token.head
        if normalize(verb.lemma_) in self.lex.impersonal or any(
                normalize(c.text) == "y" for c in kids(verb) if c.i == token.i + 1):  # « il y a »
            return []
        if normalize(token.text) == "leur" and token.dep_ == "det":
            return []
        subject = token.dep_ in ("nsubj", "nsubj:pass")
        exclude: frozenset[str] = frozenset()
        if not subject:  # « X a reçu Y et lui a promis … »: not X (that would be « se »)
            exclude = frozenset(k for c in kids(verb) if c.dep_ == "nsubj" and (m := self._token_mention.get(c.i))
                                for k in [self.key_of(m)] if k)
        return self._choose(token, features[0], features[1], subject, exclude)

    def possessor(self, noun: Token) -> str | None:
        """Whose « son/sa/ses/leur(s) » ``noun`` is: the nearest agreeing entity before it in its
        sentence (« la Russie et sa guerre »), else the subject of the sentence before, else the one
        agreeing entity of that sentence; None when the nearest is one of a coordination (« la Russie
        et la Chine … son … ») or a plural possessor names several."""
        det = next((c for c in kids(noun) if c.dep_ == "det" and normalize(c.text) in self.lex.possessive_number), None)
        if det is None:
            return None
        number = self.lex.possessive_number[normalize(det.text)]
        sent = det.sent
        inside = {t.i for t in noun.subtree}
        referents, _nouns = self._referents([t for t in sent if t.i < det.i and t.i not in inside])
        fits = [r for r in referents if r.number == number]
        if fits:
            nearest = max(fits, key=lambda r: (r.head, -len(r.keys)))
            governor = self.doc[nearest.head].head
            if self.doc[nearest.head].dep_ in ("nmod", "amod") and governor.pos_ == "NOUN" \
                    and governor.i not in self._token_mention and governor.dep_ in ("nsubj", "nsubj:pass"):
                return None  # « le président de la République française a annoncé sa candidature »: his
            subjects = [c.i for c in kids(sent.root) if c.dep_ in ("nsubj", "nsubj:pass")]
            if subjects and min(subjects) > det.i and det.i not in {t.i for c in subjects for t in self.doc[c].subtree}:
                return None  # « Voyant une menace contre ses intérêts, la Turquie … »: the subject that follows
            if any(t.pos_ == "NOUN" and t.i not in self._token_mention and (t.dep_ in ("nsubj", "nsubj:pass") or (
                    noun.dep_ == "conj" and noun.head.i == t.i)) for t in self.doc[nearest.head + 1:det.i]):
                return None  # « … la Syrie. Le ministre et ses homologues »: the minister's, not Syria's
            grouped = [r for r in referents if len(r.keys) > 1 and nearest.keys[0] in r.keys]
            if grouped and number == "sg":
                return None  # « la Russie et la Chine … son … »: either
            return nearest.keys[0] if len(nearest.keys) == 1 else None
        for previous in self._sentences_back(sent)[:1]:
            referents, _nouns = self._referents(list(previous))
            fits = [r for r in referents if r.number == number]
            subjects = {r.keys for r in fits if r.subject}
            if len(subjects) == 1:
                keys = next(iter(subjects))
                return keys[0] if len(keys) == 1 else None
            root = previous.root
            if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i not in self._heads for c in kids(root)):
                return None  # the sentence before is about someone it does not name (« Elle … »)
            if len({r.keys for r in fits}) == 1:
                return fits[0].keys[0] if len(fits[0].keys) == 1 else None
        return None

    def kind(self, noun: Token) -> str | None:
        """« state » for « le pays », « la junte »; « pair » for « les deux pays »; None for any other noun
        (and for a description that names its own referent: « le régime de X », « le pays voisin, X »)."""
        if noun.pos_ != "NOUN" or any(c.dep_ in ("nmod", "appos", "flat:name") or self._token_mention.get(c.i)
                                      for c in kids(noun)):
            return None
        dets = [normalize(c.text) for c in kids(noun) if c.dep_ == "det"]
        if "deux" in (normalize(c.text) for c in kids(noun) if c.dep_ == "nummod") and "les" in dets \
                and f"deux {normalize(noun.text)}" in self.lex.pair_descriptions:
            return "pair"
        if dets and dets[0] in ("le", "la", "l'") and normalize(noun.lemma_) in self.lex.state_descriptions \
                and _morph(noun)[1] != "pl":
            return "state"
        return None

    def description(self, noun: Token) -> list[str]:
        """« le pays », « le régime », « la junte »: the one state named before; « les deux pays »: the
        two; nothing when more states compete."""
        kind = self.kind(noun)
        return [] if kind is None else self._states(noun, 2 if kind == "pair" else 1)

    def _states(self, noun: Token, count: int) -> list[str]:
        sent = noun.sent
        windows = [[t for t in sent if t.i < noun.i], *(list(s) for s in self._sentences_back(sent))]
        for window in windows:
            referents, _nouns = self._referents(window)
            states = list(dict.fromkeys(r.keys[0] for r in referents if len(r.keys) == 1 and r.keys[0].startswith("state/")))
            if not states:
                continue
            return states if len(states) == count else []
        return []


@compiled
def coref_lexicon(resources: Resources) -> CorefLexicon:
    """The ``coref`` lexicon of ``resources``, folded once per Knowledge."""
    return CorefLexicon.of(lambda key: resources.words("coref", key))
