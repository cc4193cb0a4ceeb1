"""Arguments of a trigger: which tokens fill a role, and which entities those tokens name.

Roles (see ``data/lexicons/relations.yml``): ``subj``, ``obj``, ``agent``, ``clause``, and
prepositions (« à », « auprès de », « entre » ...). Entities come from the document's resolved
mentions, through coordination (« la Russie et la Chine »), appositions (« le président, X, »),
transparent nouns (« le régime de X », « les forces russes »), possessives (« sa guerre ») and
simple anaphora (« les deux pays », « ce pays », « cet accord »).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from diplograph.extract._spans import feature, kids
from diplograph.extract.coref import CorefLexicon, References, Resolved
from diplograph.extract.modality import preposition
from diplograph.extract.speaker import NO_SPEAKER, DocSpeaker, SpeakerLexicon, first_person
from diplograph.extract.triggers import RelationLexicon
from diplograph.model import EntityType, Mention
from diplograph.resources import normalize

_ACTOR_TYPES = frozenset({EntityType.STATE, EntityType.PERSON, EntityType.INTERNATIONAL_ORGANIZATION,
                          EntityType.GOVERNMENT_BODY, EntityType.ARMED_GROUP, EntityType.COMPANY,
                          EntityType.THINK_TANK, EntityType.MEDIA_OUTLET, EntityType.AGREEMENT,
                          EntityType.CITY, EntityType.ORGANIZATION})
_ARG_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "advcl", "acl"})
_POSSESSIVES = frozenset({"son", "sa", "ses", "leur", "leurs"})
_DEMONSTRATIVES = frozenset({"ce", "cet", "cette", "ces"})
_CAUSATIVES = frozenset({"voir", "laisser", "faire", "entendre", "regarder"})
_RELATIVES = frozenset({"que", "qu'", "où", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "auquel",
                        "auxquels", "auxquelles", "duquel", "desquels", "desquelles"})
# relative pronouns that are never a subject (the tagger sometimes says so)
_OBLIQUE_RELATIVES = frozenset({"auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles", "où", "dont",
                                "que", "qu'"})
_EXCHANGE = ("en échange de", "en contrepartie de", "en retour de")
_QUANTIFIERS = frozenset({"plusieurs", "certains", "certaines", "quelques", "divers", "diverses", "nombreux",
                          "nombreuses", "maints", "maintes"})


def is_exchange(token: Token) -> bool:
    """« en échange de X »: the counterpart of a deal, not what the trigger is about."""
    return preposition(token) in _EXCHANGE or normalize(token.text) in ("échange", "contrepartie")


def is_relative(token: Token) -> bool:
    """A relative pronoun (« que », « où », « à laquelle », « auquel » ...), also where the tagger left
    out its PronType."""
    return token.pos_ == "PRON" and ("Rel" in feature(token, "PronType") or normalize(token.text) in _RELATIVES)


def content_tokens(token: Token, skip: frozenset[int] = frozenset()) -> list[Token]:
    """The phrase of ``token`` without nested clauses and « en échange de » counterparts."""
    out = [token]
    for child in kids(token):
        if child.i in skip or child.dep_ in ("acl:relcl", "ccomp", "advcl", "parataxis", "conj", "punct"):
            continue
        if is_exchange(child):
            continue
        out.extend(content_tokens(child, skip))
    return out


class Arguments:
    """Role and entity lookups over one parsed document and its resolved mentions."""

    def __init__(self, doc: Doc, resolved: Resolved, lex: RelationLexicon, speaker: DocSpeaker = NO_SPEAKER,
                 speaker_lex: SpeakerLexicon | None = None, source_prepositions: frozenset[str] = frozenset(),
                 coref: CorefLexicon | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.source_prepositions = source_prepositions  # « selon X »: X is who says it, never an endpoint
        self.speaker_of_doc = speaker
        self.speaker_lex = speaker_lex
        self.types = {e.key: e.type for e in resolved.entities}
        self.person_state = {p.person: p.organization for p in resolved.posts if p.organization.startswith("state/")}
        self.parties = resolved.agreement_parties
        self.mentions = sorted(resolved.mentions, key=lambda m: (m.start, m.end))
        self._at: dict[int, Mention] = {}
        self._memo: dict[tuple[object, ...], tuple[object, ...]] = {}
        for mention in self.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                old = self._at.get(i)
                if old is None or (mention.end - mention.start) < (old.end - old.start):
                    self._at[i] = mention
        # pronouns, possessives, « le pays »: to their antecedent when it is clear (extract/coref.py)
        self.references = None if coref is None else References(doc, self.mentions, coref, self.key_of)

    # ---- entities -------------------------------------------------------------------------
    def mention(self, token: Token) -> Mention | None:
        """The smallest resolved mention covering ``token``."""
        return self._at.get(token.i)

    def mention_at(self, i: int) -> Mention | None:
        """The smallest resolved mention covering the token at index ``i``."""
        return self._at.get(i)

    def key_of(self, mention: Mention) -> str | None:
        """The endpoint key of a mention: a city stands for its state when the text names that state."""
        if mention.type not in _ACTOR_TYPES:
            return None
        if mention.type is EntityType.CITY:
            state = f"state/{mention.iso3}" if mention.iso3 else None
            return state if state in self.types else mention.key
        if mention.type is EntityType.GOVERNMENT_BODY and mention.iso3:
            return f"state/{mention.iso3}"  # the contract: a state « also when its government acts for it »
        return mention.key

    def type_of(self, key: str) -> EntityType | None:
        """Entity type of a key of this document."""
        return self.types.get(key)

    def state_of(self, key: str) -> str:
        """The state a person acts for (through their posts), else ``key`` itself."""
        return self.person_state.get(key, key)

    # The lookups below depend only on the document and their arguments: each is worked out once
    # per document (the triggers of a sentence share their subjects, objects and phrases), and
    # handed out as a fresh list, so that callers may extend it.
    def entities(self, token: Token, depth: int = 0) -> list[str]:
        """Entity keys named by the phrase headed by ``token``, coordination included."""
        key = ("entities", token.i, depth)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(self._entities(token, depth))
        return list(found)

    def subject(self, verb: Token, depth: int = 0, agent: bool = True) -> list[Token]:
        """Subject tokens of a verb: its own, a passive agent, or inherited from its governor.

        With ``agent`` False the passive agent is not a subject (« préoccupé par X »: X is the
        cause, the subject of « se dire » the one concerned).
        """
        key = ("subject", verb.i, depth, agent)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(self._subject(verb, depth, agent))
        return list(found)

    def objects(self, verb: Token) -> list[Token]:
        """Direct objects (passive subjects; the antecedent of a relative « que »)."""
        key = ("objects", verb.i)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(self._objects(verb))
        return list(found)

    def prepositional(self, token: Token, role: str) -> list[Token]:
        """Children of ``token`` introduced by the preposition ``role``."""
        key = ("prepositional", token.i, role)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = tuple(self._prepositional(token, role))
        return list(found)

    def _entities(self, token: Token, depth: int) -> list[str]:
        children = list(kids(token))
        if token.pos_ == "NOUN" and self.mention(token) is None:
            # « son homologue israélien, Israël Katz »: a name after a comma, misread as a conjunct
            named = [c for c in children if c.dep_ == "conj" and c.pos_ == "PROPN" and "," in (
                self.doc[c.i - 1].text, self.doc[c.left_edge.i - 1].text) and not any(g.dep_ == "cc" for g in kids(c))
                and any((m := self.mention(t)) is not None and m.type is EntityType.PERSON for t in (c, *kids(c)))]
            if named:
                return self.entities(named[0], depth)
        keys = self._head_entities(token, depth)
        mention = self.mention(token)
        if mention is not None:  # « la Corée du Sud et le Japon »: the conjunct hangs on « Sud »
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and span.start <= token.i < span.end:
                children += [c for t in span if t.i != token.i for c in kids(t) if c.i >= span.end]
        for child in children:
            if child.dep_ == "conj" and child.i > token.i:
                keys.extend(k for k in self.entities(child, depth) if k not in keys)
        return keys

    def _head_entities(self, token: Token, depth: int) -> list[str]:
        mention = self.mention(token)
        if mention is not None:
            key = self.key_of(mention)
            return [key] if key else []
        named = [m for c in kids(token) if (c.dep_ in ("appos", "flat:name") or (
            c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i > token.i
            and not any(g.dep_ == "case" for g in kids(c)))) and (m := self.mention(c)) is not None]
        if not named:  # « le chef de X, le colonel Y, », « le Président de X M. Y »: the name under a titled apposition
            named = [m for c in kids(token) if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN")
                     and self.mention(c) is None for g in kids(c)
                     if g.dep_ in ("appos", "flat:name") and (m := self.mention(g)) is not None
                     and m.type is EntityType.PERSON]
        named.sort(key=lambda m: m.role in ("demonym", "combining"))  # « le président sud-africain X »: X
        for m in named:
            if (k := self.key_of(m)):
                return [k]
        if token.pos_ == "PRON" and normalize(token.text) in ("il", "elle", "ils", "elles") and depth == 0:
            return self._reported_pronoun(token) or (self.references.pronoun(token) if self.references else [])
        if token.pos_ == "PRON" and depth == 0 and self.references is not None and normalize(token.text) in (
                self.references.lex.pronoun_features):  # « lui », « leur »
            return self.references.pronoun(token)
        if token.pos_ == "NOUN" and depth == 0 and self.references is not None and not any(
                c.dep_ in ("amod", "nmod") and self.mention(c) is not None for c in kids(token)) and (
                kind := self.references.kind(token)) is not None:  # « le pays », « la junte », « les deux pays »
            # (« le régime syrien », « le royaume de X » name their state: not a reference)
            described = self.references.description(token)
            if described or kind == "state":
                return described  # one state named before, else none (never the last one by default)
        if token.pos_ == "PRON" and (me := self.first_person(token)) is not None:
            return [me]
        if token.pos_ == "NOUN" and depth == 0 and (office := self.home_office(token)) is not None:
            return [office]
        word = normalize(token.lemma_)
        dets = [normalize(c.text) for c in kids(token) if c.dep_ == "det"]
        numbers = [normalize(c.text) for c in kids(token) if c.dep_ == "nummod"]
        if "deux" in numbers and self._pair_phrase(token):
            # « ses deux voisins » are someone's neighbours, not the pair named before
            if any(d in _POSSESSIVES for d in dets):
                return []
            own: list[str] = []  # « les deux chefs d'État du Rwanda et de la RDC »: the pair it names
            for child in kids(token):
                if child.dep_ in ("nmod", "conj") and preposition(child) == "de":
                    own.extend(k for k in self.entities(child, depth + 1) if k not in own)
            if len(own) >= 2:
                return own
            # « X s'est entretenu avec les deux chefs d'État »: a pair other than the one who acts
            actor = [k for s in self.subject(token.head) for k in self.entities(s)] \
                if token.dep_ not in ("nsubj", "nsubj:pass") and token.head.pos_ == "VERB" else []
            return self.pair_before(token, frozenset(self.state_of(k) for k in actor))
        if any(d in _POSSESSIVES for d in dets) and word in self.lex.state_anaphors:
            owner = self.possessor(token)
            return [self.state_of(owner)] if owner else []
        if any(d in _DEMONSTRATIVES for d in dets) and word in self.lex.event_anaphors:
            return self.pair_before(token)
        if any(d in ("le", "la", "ce", "cet", "cette") for d in dets) and word in self.lex.state_anaphors:
            state = self.state_before(token)
            return [state] if state else []
        definite = dets + [normalize(c.text) for c in kids(token) if c.dep_ == "case"]  # « aux paramilitaires »
        if any(d in ("le", "la", "les", "ces", "aux", "au", "du") for d in definite) and (word in self.lex.group_anaphors or normalize(
                token.text) in self.lex.group_anaphors) and not any(
                c.dep_ in ("nmod", "amod") for c in kids(token)):  # « les paramilitaires »: the group named before
            group = next((m.key for m in self.before(token) if m.type is EntityType.ARMED_GROUP), None)
            return [group] if group else []
        quantified = any(d in _QUANTIFIERS for d in dets) or bool(numbers)  # « plusieurs responsables »
        if depth < 3 and not quantified and (
                depth > 0 or word in self.lex.transparent or normalize(token.text) in self.lex.transparent):
            # « le régime de X », « les forces russes », « le ministère des Affaires étrangères de X »
            found: list[str] = []
            for child in kids(token):
                if child.dep_ == "amod" or (child.dep_ == "nmod" and preposition(child) == "de"):
                    found.extend(k for k in self._head_entities(child, depth + 1) if k not in found)
                    if child.dep_ == "nmod":  # « des délégations des États-Unis et de Cuba »
                        for conj in (g for g in kids(child) if g.dep_ == "conj" and g.pos_ in ("PROPN", "NOUN")):
                            found.extend(k for k in self._head_entities(conj, depth + 1) if k not in found)
                    if child.dep_ == "amod":  # « les médiateurs qatariens et égyptiens »
                        for conj in (g for g in kids(child) if g.dep_ == "conj" and (g.pos_ == "ADJ" or (
                                (m := self.mention(g)) is not None and m.role == "demonym"))):
                            found.extend(k for k in self._head_entities(conj, depth + 1) if k not in found)
            if word in self.lex.state_of_person:
                found = [self.state_of(k) for k in found]
            states = [k for k in found if self.types.get(k) is EntityType.STATE]
            return states or found  # « le ministère français des Armées »: France
        return []

    def _pair_phrase(self, token: Token) -> bool:
        """« deux pays », « deux chefs d'État »: the noun (with its « de » complement) is a pair anaphor."""
        words = normalize(token.text)
        if f"deux {words}" in self.lex.pair_anaphors:
            return True
        for child in kids(token):  # « chefs d'État »: the noun and its bare complement
            if child.dep_ == "nmod" and child.i == token.i + 2 and preposition(child) == "de":
                phrase = f"deux {words} {normalize(self.doc[token.i + 1].text)} {normalize(child.text)}"
                if phrase.replace("' ", "'") in self.lex.pair_anaphors:
                    return True
        return False

    def antecedent_actors(self, token: Token) -> list[str]:
        """« Ce tir constitue ... »: the actors of the same noun earlier in the text (« le tir
        effectué par X »)."""
        dets = {normalize(c.text) for c in kids(token) if c.dep_ == "det"}
        if token.pos_ != "NOUN" or not dets & _DEMONSTRATIVES or token.i == 0:
            return []
        lemma = normalize(token.lemma_)
        window = token.sent.start_char - 600
        for prev in reversed(self.doc[:token.i]):
            if prev.idx < window:
                break
            if prev.pos_ == "NOUN" and normalize(prev.lemma_) == lemma and prev.i != token.i:
                return [k for a in self.actors(prev) for k in self.entities(a, 1)]
        return []

    def collective(self, token: Token) -> list[str]:
        """« des entités iraniennes », « des entreprises chinoises »: the state of a demonym on a
        collective noun of the ``collective_nouns`` list."""
        if normalize(token.lemma_) not in self.lex.collective and normalize(token.text) not in self.lex.collective:
            return []
        return [k for k in self.demonym(token) if self.types.get(k) is EntityType.STATE]

    def resumed(self, token: Token) -> list[str]:
        """« X estime que ..., une position jugée inacceptable par Y »: the noun that sums up the
        clause before the comma stands for that clause's subject."""
        if normalize(token.lemma_) not in self.lex.resumptive or token.i == 0:
            return []
        if self.doc[token.left_edge.i - 1].text != "," if token.left_edge.i > 0 else True:
            return []
        root = token.sent.root
        return [k for s in self.subject(root) for k in self.entities(s)]

    def speaker(self, token: Token) -> str | None:
        """The entity a speaker phrase names; a bare « il/elle » is the person who was last the subject."""
        keys = self.entities(token)
        if keys:
            return keys[0]
        if normalize(token.text) not in ("il", "elle"):
            return None
        sent = token.sent
        if sent.start > 0:
            for tok in self.doc[sent.start - 1].sent:
                if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
                    persons = [k for k in self.entities(tok) if self.types.get(k) is EntityType.PERSON]
                    if persons:
                        return persons[0]
        return next((m.key for m in self.before(token) if m.type is EntityType.PERSON), None)

    def _reported_pronoun(self, token: Token) -> list[str]:
        """« X a déclaré qu'il ... »: the subject pronoun of a reported clause is the speaker."""
        verb = token.head
        if token.dep_ != "nsubj" or verb.dep_ != "ccomp":
            return []
        for subject in self.subject(verb.head):
            keys = self.entities(subject, 1)
            if keys:
                return keys
        return []

    def demonym(self, token: Token) -> list[str]:
        """Entities named by adjectives of ``token`` (« l'aide russe », « armes iraniennes »)."""
        out = []
        adjectives = [c for c in kids(token) if c.dep_ in ("amod", "acl")]
        adjectives += [g for c in adjectives for g in kids(c) if g.dep_ == "conj"]  # « indiens et pakistanais »
        for child in adjectives:
            if (m := self.mention(child)) is not None and m.role in ("demonym", "combining"):
                key = self.key_of(m)
                if key and key not in out:
                    out.append(key)
        return out

    def before(self, token: Token, reach: int = 600) -> Iterator[Mention]:
        start = token.idx
        window = max(0, token.sent.start_char - reach)
        for mention in reversed(self.mentions):
            if window <= mention.start < start and self.key_of(mention):
                yield mention

    def state_before(self, token: Token) -> str | None:
        """The last state named before ``token`` (« le pays »)."""
        for mention in self.before(token):
            if mention.type is EntityType.STATE:
                return mention.key
        return None

    def pair_before(self, token: Token, skip: frozenset[str] = frozenset()) -> list[str]:
        """The last two states named before ``token`` (« les deux pays », « cet accord »), but those
        of ``skip``."""
        for mention in self.before(token):
            if mention.type is EntityType.AGREEMENT and mention.key in self.parties:
                return list(self.parties[mention.key])
        found: list[str] = []
        # the actor excluded, the pair may have been named a paragraph before
        for mention in self.before(token, 1500 if skip else 600):
            key = self.state_of(mention.key) if mention.type is EntityType.PERSON else mention.key
            if key.startswith("state/") and key not in found and key not in skip:
                found.append(key)
                if len(found) == 2:
                    return found
        return []

    def first_person(self, token: Token, determiner: bool = False) -> str | None:
        """The speaker a first-person word stands for (« nous », « je », « notre » …), if the document has one."""
        if self.speaker_lex is None:
            return None
        key = first_person(self.speaker_of_doc, self.speaker_lex, token.text, token.idx, determiner)
        return key if key in self.types else None

    def home_office(self, token: Token) -> str | None:
        """« Le Président de la République » named without a state in an official text: the state the
        text speaks for (an office of the speaker.yml ``home_titles``)."""
        speaker, lex = self.speaker_of_doc, self.speaker_lex
        if lex is None or not (speaker.party or "").startswith("state/") or not speaker.speaks_at(token.idx):
            return None
        if speaker.party != f"state/{lex.home_state}":
            return None
        end = token.i
        while end + 1 < min(len(self.doc), token.i + 8) and not self.doc[end + 1].is_punct \
                and self.mention(self.doc[end + 1]) is None:
            end += 1
        words = [normalize(t.text) for t in self.doc[token.i:end + 1]]
        for n in range(len(words), 0, -1):  # the longest title that the phrase starts with
            if " ".join(words[:n]) in lex.home_title_set:
                rest = words[n:n + 1]
                # « le président de la République de Côte d'Ivoire » names another state
                return None if rest and rest[0] in ("de", "du", "d'", "des") else speaker.party
        return None

    def possessor(self, token: Token) -> str | None:
        """Who « son/sa/leur » refers to: the nearest actor before it in the sentence, else the
        subject of the previous sentence."""
        if self.references is not None:
            return self.references.possessor(token)  # one clear antecedent, else nobody
        sent = token.sent
        for mention in self.before(token):
            if mention.start < sent.start_char:
                break
            if mention.type in (EntityType.STATE, EntityType.PERSON, EntityType.INTERNATIONAL_ORGANIZATION,
                                EntityType.ARMED_GROUP):
                return self.key_of(mention)
        if sent.start > 0:
            previous = self.doc[sent.start - 1].sent
            for tok in previous:
                if tok.dep_ == "nsubj" and tok.head.dep_ == "ROOT":
                    keys = self.entities(tok)
                    if keys:
                        return keys[0]
        return None

    # ---- roles ----------------------------------------------------------------------------
    def _subject(self, verb: Token, depth: int, agent: bool) -> list[Token]:
        deps = ("nsubj", "obl:agent") if agent else ("nsubj", "nsubj:pass")
        # « Selon X, Y aurait livré … » misparsed with X as the subject: a source is never an endpoint
        found = [c for c in kids(verb) if c.dep_ in deps and preposition(c) not in self.source_prepositions
                 and not (is_relative(c) and normalize(c.text) in _OBLIQUE_RELATIVES)]  # « auquel ont participé X »
        if not any(c.i < verb.i for c in found):
            # « X, vous l'avez dit, a organisé … »: the parser gave X to the incise before the verb
            incise = [g for c in kids(verb) if c.dep_ in ("advcl", "parataxis") and c.i < verb.i
                      for g in kids(c) if g.dep_ == "nsubj"]
            if len(incise) >= 2 and incise[0].i < incise[1].i and self.doc[incise[0].right_edge.i + 1].text == ",":
                # a subject the parser also found after the verb is then a misread of a later clause's
                # (« … une réunion, à laquelle ont participé A, B, C »)
                found = [incise[0]]
        if not found and verb.dep_ == "appos" and verb.head.pos_ in ("PROPN", "NOUN"):
            return [verb.head]  # « le Japon, allié des États-Unis »
        if not found and verb.dep_ == "acl" and "Pres" in feature(verb, "Tense") and "Part" in feature(verb, "VerbForm"):
            return [verb.head]  # « les pays soutenant X »
        if not found and agent and verb.dep_ in ("amod", "acl"):  # « une position jugée X par Y »
            found = [c for c in kids(verb.head) if c.dep_ in ("nmod", "obl:agent") and preposition(c) == "par"]
            if not found and "Part" in feature(verb, "VerbForm"):  # « l'offensive menée par X », par-phrase as obl:mod
                found = [c for c in kids(verb) if c.dep_ in ("obl", "obl:mod") and preposition(c) == "par"]
        if found and verb.dep_ == "conj" and verb.head.pos_ in ("PROPN", "NOUN") and verb.head.dep_ == "ROOT":
            found = [verb.head, *found]  # « X et Y ont renforcé » misread as « X » + « Y ont renforcé »
        rel = [c for c in found if "Rel" in feature(c, "PronType")]
        if rel and verb.dep_ == "acl:relcl":
            return [verb.head]
        if not found and verb.dep_ == "ROOT" and verb.pos_ in ("VERB", "AUX"):
            # « Paris n'a annoncé ... » parsed as two roots: a bare name, then the verb
            sent = verb.sent
            tokens = list(sent)
            if sent.start > 0 and not any(t.pos_ in ("VERB", "AUX") for t in self.doc[sent.start - 1].sent):
                tokens = list(self.doc[sent.start - 1].sent) + tokens  # the parser cut the name off
            found = [t for t in tokens if t.dep_ == "ROOT" and t.i < verb.i and t.pos_ == "PROPN"
                     and self.mention(t) is not None and verb.i - t.i <= 6][-1:]
        if not found and agent:
            found = self._inverted_subject(verb)
        if found or depth > 4 or verb.head.i == verb.i:
            return found
        head = verb.head
        controller = normalize(head.lemma_) in _CAUSATIVES or normalize(head.lemma_) in self.lex.object_control
        if verb.dep_ in ("xcomp", "acl", "advcl", "obl:arg") and controller:  # « accuse Y de livrer »: Y
            objects = [c for c in kids(head) if c.dep_ == "obj"]
            if objects:
                return objects
        if verb.dep_ in ("xcomp", "conj") or (verb.dep_ == "advcl" and not feature(verb, "Mood")):
            return self.subject(head, depth + 1, agent)
        if verb.dep_ == "acl" and "Inf" in feature(verb, "VerbForm") and head.pos_ == "NOUN" and any(
                c.dep_ == "mark" and normalize(c.text) in ("de", "d'") for c in kids(verb)):
            # « la décision de X de livrer », « la décision française de livrer »: the noun's own actor
            own = [c for c in kids(head) if c.i < verb.i and (
                (c.dep_ == "nmod" and preposition(c) == "de" and self.entities(c))
                or (c.dep_ == "amod" and (m := self.mention(c)) is not None and m.role == "demonym"))]
            if own:
                return own
        if verb.dep_ == "acl" and "Inf" in feature(verb, "VerbForm") and head.dep_ in ("obj", "obl:arg"):
            return self.subject(head.head, depth + 1, agent)  # « X a l'intention de lever »
        return []

    def _inverted_subject(self, verb: Token) -> list[Token]:
        """« la réunion à laquelle ont participé A, B et C », « le sommet où se sont rencontrés A et B »:
        after a relative pronoun that is not the subject, the subject follows the verb (the parser
        often reads it as an object, or scatters the list). One token per name of that list."""
        doc, sent = self.doc, verb.sent
        k = verb.i - 1
        while k >= sent.start and doc[k].pos_ in ("AUX", "PRON") and "Rel" not in feature(doc[k], "PronType"):
            k -= 1  # « ont », « se sont »
        if k < sent.start or not is_relative(doc[k]):
            return []
        if normalize(doc[k].text) == "qui" and not any(c.dep_ == "case" for c in kids(doc[k])):
            return []  # « qui » is the subject itself ( « à qui » is not)
        out: list[Token] = []
        last: Mention | None = None
        for j in range(verb.i + 1, min(sent.end, verb.i + 40)):
            word = doc[j]
            mention = self.mention(word)
            if mention is not None and self.key_of(mention):
                if mention is not last:
                    out.append(word)
                last = mention
            elif word.text in (",", "et") or word.pos_ in ("DET", "ADV"):
                last = None
            else:
                break
        return out

    def _objects(self, verb: Token) -> list[Token]:
        found = [c for c in kids(verb) if c.dep_ in ("obj", "nsubj:pass")
                 or (c.dep_ == "obl:arg" and preposition(c) in ("de", "") and c.pos_ == "NOUN")  # « pas d'armes »
                 or (c.dep_ == "xcomp" and c.pos_ == "PROPN")]  # a name misread as a complement
        if not found and verb.dep_ in ("amod", "acl") and verb.head.pos_ == "NOUN" and "Inf" not in feature(verb, "VerbForm"):
            found = [verb.head]  # a participle modifies what undergoes it (« la décision de livrer » is no object)
        if not found and verb.dep_ == "acl:relcl" and any(
            normalize(c.text) in ("que", "qu'") for c in kids(verb) if c.dep_ in ("obj", "mark")
        ):
            found = [verb.head]
        if not found and verb.dep_ == "xcomp" and normalize(verb.head.lemma_) not in _CAUSATIVES:
            found = [c for c in kids(verb.head) if c.dep_ == "obj"] if verb.head.dep_ == "acl:relcl" else []
        return found

    def _prepositional(self, token: Token, role: str) -> list[Token]:
        out = []
        for child in kids(token):
            if child.dep_ in _ARG_DEPS and preposition(child) == role:
                if role == "de" and any(g.dep_ == "nummod" and g.i < child.i for g in kids(child)):
                    continue  # « de six Rafale » is a quantity, not an actor
                out.append(child)
            elif child.pos_ == "ADV" and child.dep_ in ("dep", "advmod", "obl:mod") and " " in role:
                # « auprès de X » parsed as an adverb governing « X »
                out.extend(g for g in kids(child) if g.dep_ in _ARG_DEPS | {"obl:arg"}
                           and f"{normalize(child.text)} {preposition(g)}" == role)
            elif role == "visant" and child.dep_ in ("acl", "ccomp") and normalize(child.lemma_) == "viser":
                out.extend(c for c in kids(child) if c.dep_ in ("obj", "obl:arg"))
        return out

    def clause_subject(self, token: Token, stance_verbs: frozenset[str] = frozenset()) -> list[Token]:
        """The subject of the nearest verb above ``token``.

        When that verb is one of ``stance_verbs`` (« X condamne les tirs de Y, en violation de Z »),
        the actor is the one of its object, not the one who condemns.
        """
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                break
        if node.pos_ not in ("VERB", "AUX"):
            return []
        if normalize(node.lemma_) in stance_verbs:
            return [t for o in self.objects(node) for t in self.actors(o)]
        return self.subject(node)

    def actors(self, noun: Token, depth: int = 0) -> list[Token]:
        """Who does what a noun names: « les tirs de X », « les frappes israéliennes », « les tirs de
        missiles effectués par X »."""
        out = [c for c in kids(noun) if (c.dep_ == "nmod" and preposition(c) in ("de", "par")) or c.dep_ == "amod"]
        clauses = [c for c in kids(noun) if c.dep_ in ("acl", "amod")]
        # « les actions déstabilisatrices menées par X »: the participle hung on the adjective
        clauses += [g for c in clauses if c.pos_ == "ADJ" for g in kids(c) if g.dep_ == "acl" and g.pos_ == "VERB"]
        # « menée par X et soutenue par Y »
        clauses += [g for c in clauses for g in kids(c) if g.dep_ == "conj" and g.pos_ in ("VERB", "ADJ")]
        out += [g for c in clauses for g in kids(c)
                if g.dep_ in ("obl:agent", "obl", "obl:mod", "nmod") and preposition(g) == "par"]
        if depth < 1:
            out += [a for c in out if c.pos_ == "NOUN" and not self.entities(c) for a in self.actors(c, depth + 1)]
        return out
