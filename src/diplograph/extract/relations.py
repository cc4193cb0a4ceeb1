"""Relations between canonical entities, from the dependency parse and trigger lexicons.

For every trigger word of the ``relations`` lexicon in a sentence, the argument roles of the
trigger (subject, object, « à X », « auprès de X », « entre X et Y », « de X » ...) give the
source and target entities; :mod:`diplograph.extract.modality` gives the modality and the
speaker. Named agreements give their parties (``agreement_party``) and, when they are defence
pacts, an ``alliance`` between them. Nothing is inferred from mere co-occurrence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from diplograph.extract._spans import doc_text, feature, kids
from diplograph.extract.arguments import Arguments, content_tokens, is_exchange, is_relative
from diplograph.extract.coref import Resolved, coref_lexicon
from diplograph.extract.modality import Stance, modality_lexicon, preposition, stance
from diplograph.extract.relation_parties import Found as _Found
from diplograph.extract.relation_parties import agreement_relations
from diplograph.extract.speaker import NO_SPEAKER, DocSpeaker, speaker_lexicon
from diplograph.extract.surface import Clause
from diplograph.extract.triggers import RelationLexicon, Trigger, relation_lexicon
from diplograph.model import Document, EntityType, Evidence, Modality, Relation
from diplograph.resources import Resources, compiled, normalize
from diplograph.vocab import symmetric_relation_types

_SYMMETRIC = symmetric_relation_types()  # from the ontology (dg:symmetric true)
_LAST = frozenset({"criticism"})  # their targets may be the actors of relations found first
_SANCTION_TARGET_ROLES = ("contre", "visant", "à l'encontre de", "envers", "à l'égard de", "sur", "à")
# saying it is doing it: a speaker's own criticism, support or sanctions are asserted, not reported
_PERFORMATIVE = frozenset({"criticism", "support", "sanctions", "sanctions_relief"})
_CE_QUE = re.compile(r"ce ?qu", re.IGNORECASE)
# roles only a dependency path can fill (see relations.yml)
_DEPENDENCY_ONLY = frozenset({"clause", "speaker", "object_target", "object_demonym", "poss", "shared"})
# confidence of the clause-level patterns: below every dependency pattern
_SURFACE_ENTRE, _SURFACE_VERB, _SURFACE_NOUN = 0.65, 0.6, 0.55
# the broadest: a trigger, a subject, and the first name after the trigger whatever introduces it (below
# the default threshold: kept only with --min-confidence 0.4 or less)
_SURFACE_ANY = 0.4




def _reflexive(token: Token) -> bool:
    return any(normalize(c.text) in ("se", "s'") for c in kids(token)
               if c.dep_.startswith("expl") or c.dep_ == "obj")


def _support_verb(token: Token, lex: RelationLexicon) -> tuple[Token | None, Token | None]:
    """The verb that carries a noun trigger (« imposer des sanctions »), and the relative verb
    whose subject is its actor (« le soutien que X pourrait apporter »)."""
    head = token.head
    if normalize(head.lemma_) in lex.support_verbs and (token.dep_ in ("obj", "nsubj:pass") or (
            token.dep_ == "obl:arg" and not any(c.dep_ == "obj" for c in kids(head)))):
        return head, head  # « impose des sanctions », « appelle à des sanctions »
    for child in kids(token):
        if child.dep_ == "acl" and "Part" in feature(child, "VerbForm") and normalize(child.lemma_) in \
                lex.support_verbs and any(g.dep_ in ("obl:agent", "obl:mod", "obl") and preposition(g) == "par"
                                       for g in kids(child)):
            return child, child  # « l'offensive lancée par X contre Y »
        if child.dep_ != "acl:relcl":
            continue
        if normalize(child.lemma_) in lex.support_verbs:
            return child, child
        for grand in kids(child):
            if grand.dep_ == "xcomp" and normalize(grand.lemma_) in lex.support_verbs:
                return grand, child
    return None, None


@compiled
def _stance_verbs(resources: Resources) -> frozenset[str]:
    """Verbs whose subject takes a stance on their object: reporting verbs and criticism triggers."""
    lex = relation_lexicon(resources)
    return modality_lexicon(resources).reporting | frozenset(
        t.lemma for ts in lex.triggers.values() for t in ts if t.type in _LAST and t.kind == "verb")


class _Finder:
    """Applies the triggers of one document."""

    def __init__(self, doc: Doc, resolved: Resolved, resources: Resources, speaker: DocSpeaker = NO_SPEAKER) -> None:
        self.lex = relation_lexicon(resources)
        self.mlex = modality_lexicon(resources)
        self.args = Arguments(doc, resolved, self.lex, speaker, speaker_lexicon(resources) if speaker.voice else None,
                              self.mlex.source_prepositions, coref_lexicon(resources))
        self.anchored: dict[int, list[_Found]] = {}
        self.stance_verbs = _stance_verbs(resources)

    # ---- conditions -----------------------------------------------------------------------
    def _scope(self, token: Token, trigger: Trigger, support: Token | None) -> list[Token]:
        if trigger.kind == "noun":
            tokens = content_tokens(token)
        else:
            tokens = [t for o in self.args.objects(token) for t in content_tokens(o)]
            tokens += [c for c in kids(token) if c.dep_ in ("xcomp", "amod", "advmod")]
            tokens += [t for c in kids(token) if c.dep_ in ("obl", "obl:arg") for t in content_tokens(c)]
            if token.dep_ == "acl:relcl":
                tokens.append(token.head)  # « la réunion à laquelle ont participé … »
            elif (antecedent := self._antecedent(token, trigger.object)) is not None:
                tokens.append(antecedent)  # the same, with the relative clause misattached
            # « obtenir de X des technologies militaires » read as « X des technologies »
            tokens += [t for c in kids(token) if c.dep_ in ("obl", "obl:arg") for g in kids(c)
                       if g.dep_ == "nmod" and any(normalize(k.text) == "des" for k in kids(g) if k.dep_ == "case")
                       for t in content_tokens(g)]
        if support is not None and support.i != token.i:
            tokens += [t for c in kids(support) if c.dep_ in ("obl", "obl:mod", "obl:arg")
                       and not is_exchange(c) for t in content_tokens(c)]
        return tokens

    def _admits(self, token: Token, trigger: Trigger, support: Token | None) -> bool:
        if trigger.reflexive is not None and trigger.reflexive != _reflexive(token):
            return False
        if trigger.object and not self.lex.in_class(trigger.object, self._scope(token, trigger, support)):
            return False
        if trigger.requires:
            own = [c for c in kids(token) if c.dep_ in ("amod", "nmod", "advmod")]
            own += [g for c in own for g in kids(c) if g.dep_ in ("conj", "amod")]
            own += [t for c in own if c.dep_ == "nmod" for t in content_tokens(c)]
            if not self.lex.in_class(trigger.requires, [*own, token]):
                return False
        return True

    # ---- roles ----------------------------------------------------------------------------
    def _role_tokens(self, token: Token, trigger: Trigger, role: str, support: Token | None,
                     relative: Token | None) -> list[Token]:
        args = self.args
        if role == "subj" and "avec" not in trigger.target:
            verb = token if trigger.kind != "noun" else support
            found = self._role_tokens(token, trigger, "subj_", support, relative)
            if verb is not None and found:  # « A a demandé, avec B, des sanctions »: B acts with A
                found += [c for c in kids(verb) if c.dep_ in ("obl", "obl:mod", "obl:arg") and preposition(c) == "avec"]
            return found
        if role in ("subj", "subj_"):
            if trigger.kind == "noun":
                found = [c for c in kids(token) if c.dep_ == "nsubj"]
                if token.dep_ == "xcomp":  # « X est devenu membre de Y »
                    found += args.subject(token.head, agent=False)
                if token.dep_ == "appos":
                    found.append(token.head)
                if not found:  # « ses alliés (A, B, C) », « ses partenaires, A et B, »: who they are
                    found += self._listed(token)
                if relative is not None:
                    found += args.subject(relative)
                elif support is not None:
                    found += args.subject(support)
                return found
            return args.subject(token)
        if role == "experiencer":
            return args.subject(token, agent=False)
        if role == "par" and trigger.kind == "noun" and (found := self._par_phrases(token)):
            return found
        if role == "obj":
            return args.objects(token)
        if role == "clause":
            return args.clause_subject(token, self.stance_verbs)
        if role == "agent":  # « de X », not a quantity (« la livraison de six Rafale »)
            found = [c for c in kids(token) if c.dep_ == "nmod" and preposition(c) == "de"
                     and not any(g.dep_ == "nummod" and g.i < c.i for g in kids(c))]
            if not found and trigger.kind == "noun" and token.head.i != token.i:
                # « la visite à Y d'une délégation de X » with « de X » hung on the verb
                edge = token.right_edge.i
                found = [s for s in kids(token.head) if s.left_edge.i == edge + 1 and s.i > token.i
                         and preposition(s) == "de" and s.pos_ in ("NOUN", "PROPN")]
            return found
        if role == "object_target":
            objects = args.objects(token) if trigger.kind != "noun" else [
                c for c in kids(token) if c.dep_ == "nmod" and preposition(c) == "de"]
            # « levé les sanctions imposées à Cuba »: also the participle clause of the object
            objects += [c for o in objects for c in kids(o) if c.dep_ == "acl" and "Part" in feature(c, "VerbForm")]
            return [t for o in objects for r in _SANCTION_TARGET_ROLES for t in args.prepositional(o, r)]
        if role == "object_demonym":  # « acheté des missiles russes »
            return [c for o in args.objects(token) for c in kids(o)
                    if c.dep_ in ("amod", "acl") and (m := args.mention(c)) is not None and m.role == "demonym"]
        if role == "iobj":
            return [c for c in kids(token) if c.dep_ == "iobj"]
        if role == "host":  # « participer à la réunion de X », « la réunion que X a organisée, à laquelle … »
            found = []
            for phrase in args.prepositional(token, "à") + [c for c in kids(token) if c.dep_ in (
                    "obl:arg", "obl", "obl:mod", "dep", "iobj", "nsubj") and is_relative(c)
                    and (c.dep_ != "nsubj" or normalize(c.text) in ("auquel", "auxquels", "auxquelles"))]:
                noun = phrase
                if is_relative(phrase):
                    noun = token.head if token.dep_ == "acl:relcl" else self._antecedent(token, trigger.object)
                    if noun is None:
                        continue
                found += [g for g in kids(noun) if g.dep_ == "nmod" and preposition(g) in ("de", "par")]
                if noun.dep_ in ("obj", "nsubj:pass"):
                    found += args.subject(noun.head)
            return found
        holders = [token] + [c for c in kids(token) if c.dep_ == "appos" or (
            trigger.kind == "noun" and (c.dep_ == "amod" or (
                c.dep_ == "acl" and not any(g.dep_.startswith("nsubj") for g in kids(c)))))]
        if trigger.kind == "noun":
            holders += self._detached_apposition(token)
        holders += [h for h in (support, relative) if h is not None and h.i != token.i]
        holders += self._object_phrase(token, trigger)
        if trigger.kind == "noun" and token.head.i != token.i:
            # « sa guerre en X » where the parser hung « en X » on the verb, or higher up (« les deux
            # ans du début de la guerre entre A et B » with « entre A et B » on the main verb)
            edge = token.right_edge.i
            found = [s for s in kids(token.head) if s.left_edge.i == edge + 1 and s.i > token.i
                     and preposition(s) == role]
            if not found and role == "entre":
                found = [s for s in token.sent if s.left_edge.i == edge + 1 and s.i > token.i
                         and preposition(s) == role and s.pos_ in ("NOUN", "PROPN") and s.head.i < token.i]
            if found:
                return [t for h in holders for t in self.args.prepositional(h, role)] + found
        return [t for h in holders for t in args.prepositional(h, role) if t.i != token.i]

    def _antecedent(self, verb: Token, cls: str | None) -> Token | None:
        """The antecedent of a relative clause the parser did not hang on it (« une réunion sur la
        situation au Honduras, à laquelle ont participé … » read as a clause of the main verb): the nearest
        noun before its relative pronoun, of the class ``cls`` when the trigger needs one."""
        if verb.dep_ == "acl:relcl" or cls is None:
            return None
        pronouns = [c for c in kids(verb) if c.i < verb.i and is_relative(c)]
        if not pronouns:
            return None
        sent = verb.sent
        for k in range(pronouns[0].i - 1, max(sent.start, pronouns[0].i - 16) - 1, -1):
            word = verb.doc[k]
            if word.pos_ == "NOUN" and self.lex.in_class(cls, [word]):
                return word
            if word.pos_ == "VERB" and word.i != verb.head.i:
                return None
        return None

    def _listed(self, token: Token) -> list[Token]:
        """The names a noun phrase lists right after it, between parentheses (« ses alliés (A, B, C) »),
        or as its apposition between commas: one token per name."""
        doc, sent = token.doc, token.sent
        k = token.i + 1
        while k < sent.end and doc[k].pos_ == "ADJ":
            k += 1
        if k >= sent.end or doc[k].text not in ("(", ","):
            return [c for c in kids(token) if c.dep_ == "appos" and self.args.entities(c)]
        close = ")" if doc[k].text == "(" else ","
        out: list[Token] = []
        last = None
        for j in range(k + 1, min(sent.end, k + 30)):
            word = doc[j]
            if word.text == close and (close == ")" or (j + 1 < sent.end and doc[j + 1].pos_ not in ("PROPN", "DET"))):
                return out
            mention = self.args.mention_at(j)
            if mention is not None and self.args.key_of(mention):
                if mention is not last:
                    out.append(word)
                last = mention
            elif word.text in (",", "et") or word.pos_ == "DET":
                last = None
            else:
                return []  # not a plain list of names
        return []

    def _par_phrases(self, token: Token) -> list[Token]:
        """A noun trigger's own « par X » naming an entity (its agent), also where the parser hung it
        on the noun's « de Y » (« l'invasion du Koweït par l'Irak »)."""
        heads = [token] + [c for c in kids(token) if c.dep_ == "nmod" and preposition(c) == "de"]
        return [g for h in heads for g in kids(h) if g.dep_ in ("nmod", "obl:agent") and preposition(g) == "par"
                and g.i > token.i and self.args.entities(g)]

    def _par_agent(self, token: Token) -> bool:
        return bool(self._par_phrases(token))

    def _detached_apposition(self, token: Token) -> list[Token]:
        """« la visite de X, la première en Y, ... »: an apposition the parser hung on the verb."""
        doc = token.doc
        comma = token.right_edge.i + 1
        if comma >= len(doc) or doc[comma].text != "," or token.head.i == token.i:
            return []
        return [s for s in kids(token.head) if s.left_edge.i == comma + 1 and s.i > token.i
                and s.pos_ in ("NOUN", "ADJ") and s.dep_ in ("obl:mod", "appos", "dep", "nmod", "nsubj")]

    def _object_phrase(self, token: Token, trigger: Trigger) -> list[Token]:
        """Words of the object phrase where the parser may have hung the trigger's « à X »
        (« livré des drones à X » read as « drones à X »)."""
        if trigger.kind == "noun":  # also « l'aide de X à Y » read as « X à Y », « l'embargo sur les armes visant Y »
            heads = [c for c in kids(token) if c.dep_ == "nmod" and (preposition(c) == "de" or (
                preposition(c) == "sur" and not self.args.entities(c)))]
            if token.head.i != token.i:  # the same phrase hung on the verb right after the noun
                heads += [c for c in kids(token.head) if c.left_edge.i == token.right_edge.i + 1
                          and c.i > token.i and preposition(c) == "sur" and not self.args.entities(c)]
        else:
            heads = [o for o in self.args.objects(token) if not self.args.entities(o)]
        out = []
        for head in heads:
            out.append(head)
            out.extend(c for c in kids(head) if (c.dep_ in ("nmod", "acl", "conj") and not self.args.entities(c))
                       or c.dep_ == "amod")
        return out

    def _keys(self, token: Token, trigger: Trigger, roles: Iterable[str], support: Token | None,
              relative: Token | None, sent: Span, side: str) -> tuple[list[str], str, bool]:
        """The entity keys of the first role that names some, that role, and whether they were named
        right there (False: found through a broader fallback, an anaphor or a resumed clause)."""
        roles = tuple(roles)
        if "agent" in roles and trigger.kind == "noun" and "par" not in roles:
            roles += ("par",)  # « la livraison d'armes au Soudan par X »: a nominalisation's agent
        if side == "source" and "agent" in roles and self._par_agent(token):
            # « l'agression de l'Ukraine par la Russie »: with a « par X », the « de Y » is the patient
            roles = ("par", *(r for r in roles if r != "par"))
        if "agent" in roles:
            roles += ("poss",)  # « leur coopération »: only when nothing else names the actor
        for role in roles:
            if role == "speaker":
                continue
            keys: list[str] = []
            exact = True
            role_tokens = self._role_tokens(token, trigger, role, support, relative)
            for tok in role_tokens:
                if sent.start <= tok.i < sent.end or (tok.dep_ == "ROOT" and tok.pos_ == "PROPN"):
                    keys.extend(k for k in self.args.entities(tok) if k not in keys)
                    if trigger.type in _LAST and not self.args.entities(tok):
                        actors = [k for k in self._event_actors(tok) if k not in keys]
                        exact = exact and not actors
                        keys.extend(actors)
            if role == "agent" and trigger.kind == "noun":
                keys.extend(k for k in self.args.demonym(token) if k not in keys)
                if not keys:  # « livraisons d'armes iraniennes »
                    for tok in role_tokens:
                        keys.extend(k for k in self.args.demonym(tok) if k not in keys)
            if role == "poss" and trigger.kind == "noun":
                keys.extend(self._possessive(token))
                exact = True
            if not keys:
                exact = False  # what follows reads past the role's own words
            if not keys and role not in ("subj", "experiencer", "agent", "poss", "speaker"):
                for tok in role_tokens:  # « des sanctions visant des entités iraniennes »
                    keys.extend(k for k in self.args.collective(tok) if k not in keys)
            if not keys and role in ("clause", "subj", "agent"):
                for tok in role_tokens:  # « Ce tir constitue une violation de Z »
                    keys.extend(k for k in self.args.antecedent_actors(tok) if k not in keys)
            if trigger.type in _LAST and not keys:  # « préoccupé par la présence de X »: X
                for tok in role_tokens:
                    keys.extend(k for k in self.args.resumed(tok) if k not in keys)
                    if tok.pos_ == "NOUN" and role not in ("subj", "experiencer", "agent"):
                        for child in self.args.actors(tok):
                            keys.extend(k for k in self.args.entities(child, 1) if k not in keys)
            keys = self._fit(trigger, keys, side)
            if keys:
                return keys, role, exact
        return [], "", False

    def _fit(self, trigger: Trigger, keys: list[str], side: str) -> list[str]:
        """Keys that can stand at ``side``; a person's own state is dropped beside them."""
        allowed = trigger.target_types if side == "target" else trigger.source_types
        out = []
        for key in keys:
            etype = self.args.type_of(key)
            if etype is None:
                continue
            if allowed and etype.value not in allowed:
                continue
            if etype is EntityType.AGREEMENT and (side == "source" or not allowed):
                continue
            out.append(key)
        persons_states = {self.args.person_state[k] for k in out if k in self.args.person_state}
        return [k for k in out if k not in persons_states]

    def _possessive(self, token: Token) -> list[str]:
        for det in kids(token):  # « notre soutien », « mes entretiens »: the speaker's
            if det.dep_ == "det" and (me := self.args.first_person(det, determiner=True)) is not None:
                return [me]
        if any(normalize(c.text) in ("son", "sa", "ses", "leur", "leurs") for c in kids(token) if c.dep_ == "det"):
            owner = self.args.possessor(token)
            return [owner] if owner else []
        return []

    def _event_actors(self, token: Token) -> list[str]:
        """The actors of the relations a noun phrase reports (« préoccupé par le soutien de X »)."""
        out: list[str] = []
        for tok in content_tokens(token):
            for found in self.anchored.get(tok.i, []):
                ends = [found.source, found.target] if found.type in _SYMMETRIC else [found.source]
                out.extend(e for e in ends if e not in out)
        return out

    # ---- one trigger ----------------------------------------------------------------------
    def apply(self, token: Token, trigger: Trigger, sent: Span) -> list[_Found]:
        support, relative = _support_verb(token, self.lex) if trigger.kind == "noun" else (None, None)
        if not self._admits(token, trigger, support):
            return []
        sources, source_role, source_exact = self._keys(token, trigger, trigger.source, support, relative, sent, "source")
        if not sources and "speaker" not in trigger.source:
            return []  # nobody acts: the modality below would be computed for nothing
        targets, target_role, target_exact = self._keys(token, trigger, trigger.target, support, relative, sent, "target")
        if sources and not targets and source_role == "par" and trigger.kind == "noun" and "agent" in trigger.source:
            # « l'agression de l'Ukraine par la Russie », « l'invasion du Koweït par l'Irak »: the patient
            targets = self._fit(trigger, [k for c in self._role_tokens(token, trigger, "agent", support, relative)
                                          for k in self.args.entities(c) if k not in sources], "target")
            target_role, target_exact = "de", True
        if sources and not targets and trigger.kind == "noun" and token.dep_ == "conj":
            # « le soutien de X à Y et la fourniture d'armes de Z »: shared dependents
            targets = [f.target for f in self.anchored.get(token.head.i, []) if f.target not in sources]
            target_role, target_exact = "shared", False
        if not targets and len(sources) < 2:
            return []  # no pair can be formed, whatever the modality and the speaker
        anchors = [token] + ([support] if support is not None else [])
        where = stance(anchors, self.mlex, sent)
        speaker = self.speaker(where)
        from_speaker = False
        if not sources and "speaker" in trigger.source and speaker and where.modality is Modality.REPORTED:
            sources, from_speaker, source_role, source_exact = [speaker], True, "speaker", False
        rtype = trigger.type
        for cls, other in trigger.upgrade:
            if self.lex.in_class(cls, self._scope(token, trigger, support)):
                rtype = other
                break
        pairs: list[tuple[str, str]] = []
        if source_role == target_role == "entre" or (not targets and (
                source_role == "entre" or rtype in _SYMMETRIC or (trigger.target[:1] == ("entre",) and len(sources) >= 2))):
            # « X et Y ont tenu un sommet », « X et Y s'affrontent »: a coordinated subject of a trigger
            # whose other end is first « entre »
            pairs = [(a, b) for n, a in enumerate(sources) for b in sources[n + 1:]]
            target_role, target_exact = source_role, source_exact
            mutual = True
        else:
            pairs = [(s, t) for s in sources for t in targets]
            mutual = source_role == target_role == "entre"
        if mutual and rtype in self.lex.mutual_types:
            pairs += [(b, a) for a, b in pairs]  # « la guerre entre A et B »: each fights the other
        rule = f"{rtype}/{trigger.kind}:{trigger.lemma}/{source_role}>{target_role}"
        if rtype != trigger.type:
            rule += f" (from {trigger.type})"
        confidence = pattern_confidence(trigger, source_exact, target_exact, support is not None)
        out = []
        for source, target in pairs:
            if self._valid(trigger, source, target):
                out.append(_Found(rtype, source, target, where, token.i, from_speaker, rule=rule, confidence=confidence))
        return out

    # ---- clause-level patterns (when no dependency path reached an entity) ----------------
    def clause(self, sent: Span) -> Clause:
        """The named endpoints of ``sent`` in order (first-person words of a speaker included)."""
        keys: list[str | None] = []
        titled: list[bool] = []
        for i in range(sent.start, sent.end):
            mention = self.args.mention_at(i)
            # a demonym is an adjective, not a phrase of its own: only the dependency patterns read it
            key = self.args.key_of(mention) if mention is not None and mention.role not in ("demonym", "combining") else None
            token = self.args.doc[i]
            if key is None and self.args.speaker_lex is not None:
                if token.pos_ == "PRON":
                    key = self.args.first_person(token)
                elif token.pos_ == "NOUN":
                    key = self.args.home_office(token)  # « le Président de la République »: the state speaking
            keys.append(key)
            titled.append(mention is not None and mention.type is EntityType.PERSON)
        return Clause(sent, keys, self.mlex.source_prepositions, titled)

    def _surface_keys(self, token: Token, trigger: Trigger, roles: Iterable[str], clause: Clause, side: str,
                      support: Token | None) -> tuple[list[str], str]:
        roles = list(roles)
        if trigger.kind == "noun" and support is None:
            roles = [r for r in roles if r not in ("subj", "experiencer")]  # a noun's subject is its support verb's
        if trigger.kind == "noun" and side == "source" and "agent" in roles:
            roles.remove("agent")
            roles.insert(0, "agent")  # « les sanctions de l'UE »: the noun's own « de X » before any subject
            if "par" not in roles:
                roles.append("par")  # « la livraison d'armes au Soudan par X »
        for role in roles:
            if role in ("subj", "experiencer"):
                keys = clause.subject(token)
            elif role == "agent":
                keys = clause.complement(token, ("de",), adjacent=True) or self.args.demonym(token)
            elif role == "obj":
                keys = clause.complement(token, ("",))
            elif role == "iobj":
                keys = clause.complement(token, ("à",))
            elif role in _DEPENDENCY_ONLY:
                continue
            else:
                keys = clause.complement(token, (role,))
                if not keys and side == "target" and clause.introduces(token, role):
                    return [], ""  # « offensive contre les Kurdes en Syrie »: the target names no entity
            keys = self._fit(trigger, keys, side)
            if keys:
                return keys, role
        return [], ""

    def _verb_before(self, token: Token, sent: Span) -> Token | None:
        """The support verb nearest before a noun in its clause (« a demandé, avec B, des sanctions »),
        where the parser hung the noun elsewhere."""
        if preposition(token) in ("de", "des", "du"):
            return None  # « exigent la levée des sanctions »: the noun belongs to another noun
        for k in range(token.i - 1, max(sent.start, token.i - 8) - 1, -1):
            word = token.doc[k]
            if word.pos_ == "VERB":
                return word if normalize(word.lemma_) in self.lex.support_verbs else None
            if normalize(word.text) in ("que", "qu'", "qui", ";", ":"):
                return None
        return None

    def apply_surface(self, token: Token, trigger: Trigger, sent: Span, clause: Clause) -> list[_Found]:
        """The trigger's ends read from the word order of its clause (see :mod:`diplograph.extract.surface`)."""
        if token.pos_ == "AUX" or trigger.inverse or (
                trigger.reflexive is not None and trigger.reflexive != _reflexive(token)):
            return []
        if trigger.kind != "noun" and (any(c.dep_ == "aux:pass" for c in kids(token)) or (
                "Part" in feature(token, "VerbForm") and not any(c.dep_.startswith("aux") for c in kids(token)))):
            return []  # a passive or a bare participle: its subject is not its agent (dependency patterns only)
        if trigger.kind == "verb" and token.i > sent.start and token.doc[token.i - 1].pos_ == "DET":
            return []  # « ses soutiens » misspelt « ses soutient »: a noun the tagger read as a verb
        window = [token.doc[k] for k in range(token.i, min(sent.end, token.i + 12))]
        if trigger.object and not self.lex.in_class(trigger.object, window):
            return []
        near = [token.doc[k] for k in range(max(sent.start, token.i - 3), min(sent.end, token.i + 4))]
        if trigger.requires and not self.lex.in_class(trigger.requires, near):
            return []
        support = (_support_verb(token, self.lex)[0] or self._verb_before(token, sent)) if trigger.kind == "noun" else None
        pair = clause.between(token) if "entre" in (*trigger.source, *trigger.target) else []
        if pair:
            pair = self._fit(trigger, pair, "source")
            pairs = [(a, b) for n, a in enumerate(pair) for b in pair[n + 1:]]
            source_role = target_role = "entre"
        else:
            sources, source_role = self._surface_keys(token, trigger, trigger.source, clause, "source", support)
            if not sources:
                return []
            targets, target_role = self._surface_keys(token, trigger, trigger.target, clause, "target", support)
            broad = not targets and not any(r in _DEPENDENCY_ONLY for r in trigger.target)
            if broad:  # the broadest pattern: the first name after the trigger in its clause, whatever introduces it
                targets, target_role = self._fit(trigger, clause.complement(token, None), "target"), "any"
            pairs = [(a, b) for a in sources for b in targets]
        if not pairs:
            return []
        rtype = next((other for cls, other in trigger.upgrade if self.lex.in_class(cls, window)), trigger.type)
        if source_role == "entre" and rtype in self.lex.mutual_types:
            pairs += [(b, a) for a, b in pairs]
        where = stance([token] + ([support] if support is not None else []), self.mlex, sent)
        rule = f"{rtype}/{trigger.kind}:{trigger.lemma}/clause:{source_role}>{target_role}"
        base = _SURFACE_ENTRE if source_role == "entre" else _SURFACE_ANY if target_role == "any" else \
            _SURFACE_VERB if trigger.kind != "noun" else _SURFACE_NOUN
        confidence = round(min(base, trigger.confidence if trigger.confidence is not None else 1.0) * (
            1.0 if trigger.confidence is None else 0.85), 2)
        return [_Found(rtype, a, b, where, token.i, rule=rule, confidence=confidence)
                for a, b in pairs if self._valid(trigger, a, b)]

    def denied_by(self, sent: Span) -> str | None:
        """« ..., ce que X dément »: the entity that denies what the sentence reports."""
        if not _CE_QUE.search(doc_text(sent.doc)[sent.start_char : sent.end_char]):
            return None  # « ce » and « que » are adjacent tokens: at most a space between them
        tokens = list(sent)
        for n, tok in enumerate(tokens[:-2]):
            if normalize(tok.text) != "ce" or normalize(tokens[n + 1].text) not in ("que", "qu'"):
                continue
            for end in range(n + 2, min(n + 8, len(tokens))):
                word = tokens[end]
                if normalize(word.text) in self.mlex.denial_verbs or normalize(word.lemma_) in self.mlex.denial_verbs:
                    names = [k for t in tokens[n + 2:end] if (m := self.args.mention(t)) is not None
                             and (k := self.args.key_of(m))]
                    return names[0] if names else None
        return None

    def speaker(self, where: Stance) -> str | None:
        """The entity key of who makes the claim (« il » of a new sentence: the last subject named)."""
        return None if where.speaker is None else self.args.speaker(where.speaker)

    def _valid(self, trigger: Trigger, source: str, target: str) -> bool:
        if source == target:
            return False
        stype, ttype = self.args.type_of(source), self.args.type_of(target)
        if stype is None or ttype is None:
            return False
        if trigger.target_types and ttype.value not in trigger.target_types:
            return False
        if trigger.source_types and stype.value not in trigger.source_types:
            return False
        if stype in (EntityType.AGREEMENT, EntityType.CITY):
            return False
        if ttype is EntityType.CITY and trigger.type != "meeting":
            return False  # a city is a place one visits, not an actor
        if ttype is EntityType.AGREEMENT and EntityType.AGREEMENT.value not in trigger.target_types:
            return False
        return not (self.args.state_of(source) == target or self.args.state_of(target) == source)

def _evidence(document: Document, sent: Span, speaker: str | None, found: _Found) -> Evidence:
    start = sent.start_char
    end = start + len(document.text[start:sent.end_char].rstrip())
    return Evidence(document.id, start, end, document.text[start:end], speaker, found.rule, found.confidence)


def pattern_confidence(trigger: Trigger, source_exact: bool, target_exact: bool, supported: bool) -> float:
    """How much a trigger's pattern is trusted: precise dependency paths first, fallbacks lower.

    A verb with its own subject and object is the most precise pattern (0.9); a noun trigger, whose
    arguments are prepositional phrases, a little less (0.85, 0.8 through a support verb); each end
    found through a fallback (an anaphor, a resumed clause, an actor of a nested event) costs a quarter.
    A lexicon entry may set its own ``confidence``.

    >>> from diplograph.extract.triggers import Trigger
    >>> pattern_confidence(Trigger("criticism", "verb", "condamner", ("subj",), ("obj",)), True, False, False)
    0.68
    """
    base = trigger.confidence if trigger.confidence is not None else (
        0.9 if trigger.kind == "verb" else 0.8 if supported else 0.85)
    for exact in (source_exact, target_exact):
        if not exact:
            base *= 0.75
    return round(base, 2)


def extract_relations(doc: Doc, document: Document, resolved: Resolved, resources: Resources,
                      speaker: DocSpeaker = NO_SPEAKER) -> list[Relation]:
    """Typed relations of one document, each with its sentence, modality and speaker.

    Args:
        doc: spaCy's parse of the document (offsets index ``document.text``).
        document: the document.
        resolved: its mentions with canonical keys, posts and agreement parties.
        resources: gazetteers and lexicons (``relations`` and ``modality``).
        speaker: who speaks in the document: its first person, and whom what it states is attributed to.

    Returns:
        The relations, in text order; the graph merges equal ones.
    """
    document_speaker = speaker
    finder = _Finder(doc, resolved, resources, speaker)
    relations: dict[tuple[str, str, str, str, int], Relation] = {}
    by_token = finder.lex.triggers_in(doc)
    text = doc_text(doc)
    for sent in doc.sents:
        if not text[sent.start_char : sent.end_char].strip():
            continue
        found: list[_Found] = []
        clause: Clause | None = None  # built for the first trigger that needs it
        # once per sentence, not once per pass: « l'Union des États de X » names an
        # organisation, it is no trigger
        triggered = [(doc[i], candidates) for i in range(sent.start, sent.end)
                     if (candidates := by_token.get(i)) and finder.args.mention_at(i) is None]
        for last in (False, True):
            for token, candidates in triggered:
                for trigger in candidates:
                    if (trigger.type in _LAST) != last:
                        continue
                    items = finder.apply(token, trigger, sent)
                    if not items:
                        if clause is None:
                            clause = finder.clause(sent)
                        items = finder.apply_surface(token, trigger, sent, clause)
                    found.extend(items)
                    for item in items:
                        finder.anchored.setdefault(item.anchor, []).append(item)
            if not last:
                agreements = agreement_relations(finder.args, finder.lex, finder.mlex, sent, found)
                found.extend(agreements)
                for item in agreements:
                    finder.anchored.setdefault(item.anchor, []).append(item)
        denier = finder.denied_by(sent)
        if denier is not None:  # « X accuse Y de livrer ..., ce que Y dément »: Y's denial, negated
            found.extend(replace(item, stance=Stance(Modality.NEGATED, None), denied=denier) for item in list(found)
                         if item.stance.modality is Modality.REPORTED
                         and denier in (item.source, finder.args.state_of(item.source)))
        for item in found:
            speaker = finder.speaker(item.stance) if item.denied is None else item.denied
            if speaker is not None and speaker == document_speaker.party and document_speaker.person:
                speaker = document_speaker.person  # « nous estimons »: the minister who speaks
            modality = item.stance.modality
            if speaker is not None and speaker in (item.source, finder.args.state_of(item.source)) \
                    and not item.from_speaker and modality is Modality.REPORTED and item.type in _PERFORMATIVE:
                modality, speaker = Modality.ASSERTED, None  # the speaker's own stance
            if speaker is None and modality in (Modality.REPORTED, Modality.HYPOTHETICAL):
                speaker = (clause or finder.clause(sent)).source()  # « Selon X, … »
            if modality is Modality.ASSERTED:
                speaker = None
            if speaker is None and document_speaker.speaks_at(sent.start_char):
                speaker = document_speaker.voice  # what an official text states, its speaker states
            key = (item.type, item.source, item.target, modality.value, sent.start)
            if key not in relations:
                relations[key] = Relation(item.type, item.source, item.target, modality,
                                          (_evidence(document, sent, speaker, item),), (speaker,) if speaker else ())
    return list(relations.values())
