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
from diplograph.extract.arguments import Arguments, content_tokens, is_exchange
from diplograph.extract.coref import Resolved
from diplograph.extract.modality import Stance, modality_lexicon, preposition, stance
from diplograph.extract.relation_parties import Found as _Found
from diplograph.extract.relation_parties import agreement_relations
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

    def __init__(self, doc: Doc, resolved: Resolved, resources: Resources) -> None:
        self.lex = relation_lexicon(resources)
        self.mlex = modality_lexicon(resources)
        self.args = Arguments(doc, resolved, self.lex)
        self.anchored: dict[int, list[_Found]] = {}
        self.stance_verbs = _stance_verbs(resources)

    # ---- conditions -----------------------------------------------------------------------
    def _scope(self, token: Token, trigger: Trigger, support: Token | None) -> list[Token]:
        if trigger.kind == "noun":
            tokens = content_tokens(token)
        else:
            tokens = [t for o in self.args.objects(token) for t in content_tokens(o)]
            tokens += [c for c in kids(token) if c.dep_ in ("xcomp", "amod", "advmod")]
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
        if role == "subj":
            if trigger.kind == "noun":
                found = [c for c in kids(token) if c.dep_ == "nsubj"]
                if token.dep_ == "xcomp":  # « X est devenu membre de Y »
                    found += args.subject(token.head, agent=False)
                if token.dep_ == "appos":
                    found.append(token.head)
                if relative is not None:
                    found += args.subject(relative)
                elif support is not None:
                    found += args.subject(support)
                return found
            return args.subject(token)
        if role == "experiencer":
            return args.subject(token, agent=False)
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
            return [t for o in objects for r in _SANCTION_TARGET_ROLES for t in args.prepositional(o, r)]
        if role == "object_demonym":  # « acheté des missiles russes »
            return [c for o in args.objects(token) for c in kids(o)
                    if c.dep_ in ("amod", "acl") and (m := args.mention(c)) is not None and m.role == "demonym"]
        if role == "iobj":
            return [c for c in kids(token) if c.dep_ == "iobj"]
        holders = [token] + [c for c in kids(token) if c.dep_ == "appos" or (
            trigger.kind == "noun" and (c.dep_ == "amod" or (
                c.dep_ == "acl" and not any(g.dep_.startswith("nsubj") for g in kids(c)))))]
        if trigger.kind == "noun":
            holders += self._detached_apposition(token)
        holders += [h for h in (support, relative) if h is not None and h.i != token.i]
        holders += self._object_phrase(token, trigger)
        if trigger.kind == "noun" and token.head.i != token.i:
            # « sa guerre en X » where the parser hung « en X » on the verb
            edge = token.right_edge.i
            found = [s for s in kids(token.head) if s.left_edge.i == edge + 1 and s.i > token.i
                     and preposition(s) == role]
            if found:
                return [t for h in holders for t in self.args.prepositional(h, role)] + found
        return [t for h in holders for t in args.prepositional(h, role) if t.i != token.i]

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
              relative: Token | None, sent: Span, side: str) -> tuple[list[str], str]:
        roles = tuple(roles)
        if "agent" in roles:
            roles += ("poss",)  # « leur coopération »: only when nothing else names the actor
        for role in roles:
            if role == "speaker":
                continue
            keys: list[str] = []
            role_tokens = self._role_tokens(token, trigger, role, support, relative)
            for tok in role_tokens:
                if sent.start <= tok.i < sent.end or (tok.dep_ == "ROOT" and tok.pos_ == "PROPN"):
                    keys.extend(k for k in self.args.entities(tok) if k not in keys)
                    if trigger.type in _LAST and not self.args.entities(tok):
                        keys.extend(k for k in self._event_actors(tok) if k not in keys)
            if role == "agent" and trigger.kind == "noun":
                keys.extend(k for k in self.args.demonym(token) if k not in keys)
                if not keys:  # « livraisons d'armes iraniennes »
                    for tok in role_tokens:
                        keys.extend(k for k in self.args.demonym(tok) if k not in keys)
            if role == "poss" and trigger.kind == "noun":
                keys.extend(self._possessive(token))
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
                return keys, role
        return [], ""

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
        sources, source_role = self._keys(token, trigger, trigger.source, support, relative, sent, "source")
        if not sources and "speaker" not in trigger.source:
            return []  # nobody acts: the modality below would be computed for nothing
        targets, target_role = self._keys(token, trigger, trigger.target, support, relative, sent, "target")
        if sources and not targets and trigger.kind == "noun" and token.dep_ == "conj":
            # « le soutien de X à Y et la fourniture d'armes de Z »: shared dependents
            targets = [f.target for f in self.anchored.get(token.head.i, []) if f.target not in sources]
        if not targets and len(sources) < 2:
            return []  # no pair can be formed, whatever the modality and the speaker
        anchors = [token] + ([support] if support is not None else [])
        where = stance(anchors, self.mlex, sent)
        speaker = self.speaker(where)
        from_speaker = False
        if not sources and "speaker" in trigger.source and speaker and where.modality is Modality.REPORTED:
            sources, from_speaker = [speaker], True
        rtype = trigger.type
        for cls, other in trigger.upgrade:
            if self.lex.in_class(cls, self._scope(token, trigger, support)):
                rtype = other
                break
        pairs: list[tuple[str, str]] = []
        if source_role == target_role == "entre" or (not targets and (
                source_role == "entre" or rtype in _SYMMETRIC or (trigger.target == ("entre",) and len(sources) == 2))):
            # « X et Y ont tenu un sommet »: a coordinated subject of a noun that only takes « entre »
            pairs = [(a, b) for n, a in enumerate(sources) for b in sources[n + 1:]]
        else:
            pairs = [(s, t) for s in sources for t in targets]
        out = []
        for source, target in pairs:
            if self._valid(trigger, source, target):
                out.append(_Found(rtype, source, target, where, token.i, from_speaker))
        return out

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

def _evidence(document: Document, sent: Span, speaker: str | None) -> Evidence:
    start = sent.start_char
    end = start + len(document.text[start:sent.end_char].rstrip())
    return Evidence(document.id, start, end, document.text[start:end], speaker)


def extract_relations(doc: Doc, document: Document, resolved: Resolved, resources: Resources) -> list[Relation]:
    """Typed relations of one document, each with its sentence, modality and speaker.

    Args:
        doc: spaCy's parse of the document (offsets index ``document.text``).
        document: the document.
        resolved: its mentions with canonical keys, posts and agreement parties.
        resources: gazetteers and lexicons (``relations`` and ``modality``).

    Returns:
        The relations, in text order; the graph merges equal ones.
    """
    finder = _Finder(doc, resolved, resources)
    relations: dict[tuple[str, str, str, str, int], Relation] = {}
    by_token = finder.lex.triggers_in(doc)
    text = doc_text(doc)
    for sent in doc.sents:
        if not text[sent.start_char : sent.end_char].strip():
            continue
        found: list[_Found] = []
        # once per sentence, not once per pass: « l'Alliance des États du Sahel » names an
        # organisation, it is no trigger
        triggered = [(doc[i], candidates) for i in range(sent.start, sent.end)
                     if (candidates := by_token.get(i)) and finder.args.mention_at(i) is None]
        for last in (False, True):
            for token, candidates in triggered:
                for trigger in candidates:
                    if (trigger.type in _LAST) != last:
                        continue
                    items = finder.apply(token, trigger, sent)
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
            modality = item.stance.modality
            if speaker is not None and speaker in (item.source, finder.args.state_of(item.source)) \
                    and not item.from_speaker and modality is Modality.REPORTED and item.type in _PERFORMATIVE:
                modality, speaker = Modality.ASSERTED, None  # the speaker's own stance
            if modality is Modality.ASSERTED:
                speaker = None
            key = (item.type, item.source, item.target, modality.value, sent.start)
            if key not in relations:
                relations[key] = Relation(item.type, item.source, item.target, modality,
                                          (_evidence(document, sent, speaker),), (speaker,) if speaker else ())
    return list(relations.values())
