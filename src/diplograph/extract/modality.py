"""How a sentence presents a relation: asserted, reported (by whom), hypothetical or negated.

The cues come from the ``modality`` lexicon and spaCy's morphology: the conditional mood
(``Mood=Cnd``: « pourrait fournir » is hypothetical, the past conditional « aurait livré » is an
unconfirmed report), negation (« ne ... pas », « aucun »), denial verbs (« nie avoir livré »),
hedges (« l'éventuelle aide », « la perspective de voir X livrer »), calls (« appelle à »),
« si » clauses, reporting verbs (« X a déclaré que ») and « selon X ».
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from diplograph.extract._spans import doc_text, feature, kids, token_memo
from diplograph.model import Modality
from diplograph.resources import Resources, compiled, normalize, word_set

_CLIMB_LIMIT = 10
# dependencies through which a governing word scopes over its dependent
_SCOPE_DEPS = frozenset({"xcomp", "ccomp", "obj", "obl:arg", "obl", "obl:mod", "acl", "acl:relcl", "conj",
                         "parataxis", "csubj", "nsubj", "nsubj:pass", "obl:agent", "advcl", "nmod", "iobj",
                         "amod", "appos", "root"})
_COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "obj", "obl:arg", "parataxis", "csubj", "obl", "obl:mod",
                              "nmod", "acl", "advcl", "nsubj", "nsubj:pass", "obl:agent", "iobj"})
_HEDGE_DEPS = frozenset({"xcomp", "ccomp", "obj", "obl:arg", "csubj", "nmod", "acl", "iobj", "dep"})
_DEFINITE = frozenset({"le", "la", "les", "l'", "son", "sa", "ses", "leur", "leurs", "ce", "cet", "cette", "ces"})
_PRESUPPOSING_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "obj", "nmod"})
_NEGATORS_NEEDING_NE = frozenset({"pas", "plus", "jamais", "guère", "point", "rien", "nullement"})


@dataclass(frozen=True)
class ModalityLexicon:
    """The cue words of the ``modality`` lexicon, normalised."""

    reporting: frozenset[str]
    source_prepositions: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_nouns: frozenset[str]
    hedge_adjectives: frozenset[str]
    hedge_adverbs: frozenset[str]
    condition_marks: frozenset[str]
    negation: frozenset[str]
    denial_verbs: frozenset[str]
    denial_nouns: frozenset[str]
    reported_adjectives: frozenset[str]
    hedge_determiners: frozenset[str] = frozenset()
    purpose_marks: frozenset[str] = frozenset()
    negation_marks: frozenset[str] = frozenset()
    continuation_verbs: frozenset[str] = frozenset()
    ending_nouns: frozenset[str] = frozenset()
    hypothetical_triggers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Stance:
    """The modality of one trigger and the token that names who claims it (if any)."""

    modality: Modality
    speaker: Token | None = None


@compiled
def modality_lexicon(resources: Resources) -> ModalityLexicon:
    """The ``modality`` lexicon of ``resources`` as word sets (cached per resources).

    Args:
        resources: the loaded gazetteers and lexicons.

    Returns:
        The cue sets.
    """
    lex = resources.lexicon("modality")
    names = ("reporting_verbs", "source_prepositions", "hedge_verbs", "hedge_nouns", "hedge_adjectives",
             "hedge_adverbs", "condition_marks", "negation_words", "denial_verbs", "denial_nouns",
             "reported_adjectives", "hedge_determiners", "purpose_marks", "negation_marks", "continuation_verbs",
             "ending_nouns", "hypothetical_triggers")
    return ModalityLexicon(*(word_set(lex, n) for n in names))


_CONTRACTED = {"du": "de", "des": "de", "d'": "de", "au": "à", "aux": "à"}  # « du » is « de » + article


def _lemma(token: Token) -> str:
    """The lemma; for a verb the lemmatizer left as its form (« cherche »), the first-group infinitive."""
    lemma = normalize(token.lemma_ or token.text)
    if token.pos_ == "VERB" and lemma == normalize(token.text) and lemma.endswith("e"):
        return lemma + "r"
    return lemma


def preposition(token: Token) -> str:
    """The (possibly multiword) preposition introducing ``token``: « face à », « auprès de »."""
    memo = token_memo(token.doc, "preposition")  # asked again for the same token by every trigger
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = _preposition(token)
    return str(found)


def _preposition(token: Token) -> str:
    parts = []
    last_pos = ""
    for child in kids(token):
        if child.i >= token.i:
            continue
        if child.dep_ in ("case", "fixed"):
            parts.append(normalize(child.text))
            parts.extend(normalize(g.text) for g in kids(child) if g.dep_ == "fixed")
            last_pos = child.pos_
        elif child.dep_ == "det" and parts and last_pos in ("NOUN", "ADV") and \
                normalize(child.text) in ("au", "aux", "du", "des"):
            parts.append(normalize(child.text))  # « face aux X » read as « face » + determiner
    if not parts:
        return ""
    text = " ".join(parts).replace("d' après", "d'après")
    return " ".join(_CONTRACTED.get(w, w) for w in text.split())


def is_negated(token: Token, lex: ModalityLexicon) -> bool:
    """``token`` carries a negation: « ne ... pas », « n'... jamais », « aucune livraison »."""
    children = list(kids(token))
    # « ne » on the verb, or hung with the verb's negator (« ne dément pas »: ne and dément under pas)
    has_ne = any(_lemma(c) in ("ne", "n'") for c in children) or any(
        _lemma(g) in ("ne", "n'") for c in children if c.dep_ in ("advmod", "advmod:neg") for g in kids(c))
    for child in children:
        word = normalize(child.text)
        if child.dep_ in ("advmod", "det", "advmod:neg") and word in lex.negation \
                and (word not in _NEGATORS_NEEDING_NE or has_ne):
            return True
        if child.dep_ in ("obj", "nsubj:pass") and any(
            normalize(g.text) in ("aucun", "aucune") for g in kids(child) if g.dep_ == "det"
        ):
            return True
    return False


_CND_ENDINGS = ("ait", "aient", "ais", "ions", "iez")


def _is_conditional(token: Token) -> bool:
    """``Mood=Cnd``, or a regular conditional form the tagger missed (« livrerait » = livrer + ait)."""
    if "Cnd" in feature(token, "Mood"):
        return True
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma, form = normalize(token.lemma_), normalize(token.text)
    stems = {lemma, lemma[:-1]} if lemma.endswith("re") else {lemma}
    return any(form == stem + ending for stem in stems for ending in _CND_ENDINGS)


def _conditional(token: Token) -> str | None:
    """'past' for « aurait livré », 'present' for « pourrait livrer », None otherwise."""
    if _is_conditional(token):
        return "present"
    for child in kids(token):
        if child.dep_.startswith("aux") and _is_conditional(child):
            return "past" if "Part" in feature(token, "VerbForm") else "present"
    return None


def _subject(token: Token) -> Token | None:
    for child in kids(token):
        if child.dep_ in ("nsubj", "obl:agent"):
            return child
    if token.dep_ in ("xcomp", "conj") and token.head.i != token.i:
        return _subject(token.head)
    return None


def _selon(token: Token, lex: ModalityLexicon) -> Token | None:
    for child in kids(token):
        if child.dep_ in ("obl", "obl:mod", "nmod", "advcl") and preposition(child) in lex.source_prepositions:
            return child
    return None


def _local(token: Token, lex: ModalityLexicon, flags: dict[str, bool]) -> None:
    cond = _conditional(token)
    if cond == "past":
        flags["reported"] = True
    elif cond == "present":
        flags["hypothetical"] = True
    negated = token.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and is_negated(token, lex)
    # « dément » read as an adverb, on the verb or under its negator: « ne dément pas avoir frappé »
    denied = any(c.dep_ == "advmod" and normalize(c.text) in lex.denial_verbs
                 for c in kids(token) for c in (c, *kids(c)) if c.dep_ == "advmod")
    if denied:
        flags["hypothetical" if negated else "negated"] = True
    elif negated:
        flags["negated"] = True
    clause = _clause_mark(token, lex)
    if clause == "purpose":
        flags["hypothetical"] = True
    elif clause == "negation":
        flags["negated"] = True
    for child in kids(token):
        word = normalize(child.text)
        if child.dep_ == "amod" and (word in lex.hedge_adjectives or _lemma(child) in lex.hedge_adjectives):
            flags["hypothetical"] = True
        if child.dep_ == "amod" and word in lex.reported_adjectives:
            flags["reported"] = True
        if child.dep_ == "advmod" and word in lex.hedge_adverbs:
            flags["hypothetical"] = True
        if child.dep_ == "det" and word in lex.hedge_determiners and token.pos_ == "NOUN":
            flags["hypothetical"] = True
        if child.dep_ == "mark" and word in lex.condition_marks:
            flags["hypothetical"] = True


def _clause_mark(token: Token, lex: ModalityLexicon) -> str | None:
    """'purpose' for a clause of purpose (« pour livrer », « afin de livrer », « afin que X livre »),
    'negation' for « sans livrer »; None otherwise. A past infinitive gives a cause (« pour avoir livré »)."""
    # an adverbial clause (not « la procédure pour retirer X », a noun's complement, unless the noun is
    # part of the locution: « en vue de négocier » read as the clause of « vue »)
    if token.pos_ not in ("VERB", "AUX") or token.dep_ not in ("advcl", "obl:arg", "obl", "obl:mod", "ccomp", "acl"):
        return None
    marks = [normalize(c.text) for c in kids(token) if c.dep_ in ("mark", "case") and c.i < token.i]
    start = token.left_edge.i
    # the words just before the clause: « afin » of « afin de/que », « en vue » hung on the main verb
    before = [normalize(t.text) for t in token.doc[max(0, start - 2):start]]
    phrases = {" ".join([*before[-1:], *marks]), " ".join([*before, *marks])}
    if token.dep_ != "acl":
        phrases |= {" ".join(marks), *marks}
    phrases = {p for p in phrases if " " in p} if token.dep_ == "acl" else phrases
    phrases.discard("")
    if phrases & lex.negation_marks:
        return "negation"
    if phrases & lex.purpose_marks:
        if any(c.dep_ == "aux:tense" for c in kids(token)):
            return None  # « remercié pour avoir accueilli »: a cause, not a purpose
        if _past(token.head):
            return None  # « s'est rendu à X pour rencontrer Y »: a past errand is told as done
        return "purpose"
    return None


def _past(verb: Token) -> bool:
    """A verb in a past tense of the indicative: « s'est rendu », « envoya », « avait dépêché »."""
    if verb.pos_ not in ("VERB", "AUX") or _conditional(verb) is not None:
        return False
    if "Past" in feature(verb, "Tense") and "Part" not in feature(verb, "VerbForm"):
        return True
    return "Part" in feature(verb, "VerbForm") and any(
        c.dep_ == "aux:tense" and "Ind" in feature(c, "Mood") for c in kids(verb))


def _ended(node: Token, lex: ModalityLexicon) -> bool:
    """« mettre fin à son soutien », « mettre un terme à la coopération », « l'occupation a pris fin »:
    what is ended no longer holds."""
    if node.dep_ == "nsubj" and node.pos_ == "NOUN":  # the subject of « prendre fin », not of « mettre fin à »
        siblings = kids(node.head)
        return any(c.dep_ == "obj" and normalize(c.lemma_) in lex.ending_nouns and not any(
            g.dep_ == "det" for g in kids(c)) for c in siblings) and not any(
            c.dep_ in ("obl:arg", "obl", "iobj") and preposition(c) == "à" for c in siblings)
    if node.dep_ not in ("obl:arg", "obl", "obl:mod", "nmod") or preposition(node) != "à":
        return False
    head = node.head
    if head.pos_ == "NOUN":
        return normalize(head.lemma_) in lex.ending_nouns
    return any(c.dep_ == "obj" and normalize(c.lemma_) in lex.ending_nouns for c in kids(head))


def _detached(token: Token) -> bool:
    """A bare noun phrase set off by a comma and hung on a verb: a resumptive apposition."""
    if token.pos_ != "NOUN" or token.dep_ not in ("obl:mod", "appos", "dep", "parataxis"):
        return False
    if any(c.dep_ == "case" for c in kids(token)):
        return False
    start = token.left_edge.i
    return start > 0 and token.doc[start - 1].text == "," and token.head.pos_ in ("VERB", "AUX")


def _presupposed(token: Token, lex: ModalityLexicon) -> bool:
    """« pour sa guerre en X », « malgré les sanctions de X »: a definite event noun that is an
    adjunct or object of an ordinary verb is taken for granted by the sentence."""
    if token.pos_ != "NOUN" or token.dep_ not in _PRESUPPOSING_DEPS:
        return False
    if not any(normalize(c.text) in _DEFINITE for c in kids(token) if c.dep_ == "det"):
        return False
    head = _lemma(token.head)
    return not (head in lex.reporting or head in lex.hedge_verbs or head in lex.hedge_nouns
                or head in lex.denial_verbs or head in lex.denial_nouns)


def stance(anchors: Sequence[Token], lex: ModalityLexicon, sent: Span | None = None) -> Stance:
    """The modality of a trigger and its speaker.

    Args:
        anchors: the trigger token first, then the verb that carries it if any (« apporter » of
            « le soutien que X pourrait apporter »).
        lex: the modality cues.
        sent: the trigger's sentence, when the caller has it (``Token.sent`` scans for it).

    Returns:
        negated > hypothetical > reported > asserted, and the token naming the speaker.
    """
    flags = {"negated": False, "hypothetical": False, "reported": False}
    speaker: Token | None = None
    trigger = anchors[0]
    if _lemma(trigger) in lex.hypothetical_triggers or normalize(trigger.text) in lex.hypothetical_triggers:
        flags["hypothetical"] = True  # « la candidature de X à l'OTAN »: an application, not a membership
    for anchor in anchors[1:]:  # the verb that carries a noun trigger: « envisage une alliance »
        lemma = _lemma(anchor)
        if lemma in lex.reporting and speaker is None:  # « X a confirmé la livraison de ... »
            flags["reported"], speaker = True, _subject(anchor)
        if lemma in lex.denial_verbs:
            flags["hypothetical" if is_negated(anchor, lex) else "negated"] = True
        elif lemma in lex.hedge_verbs:
            flags["hypothetical"] = True
    for anchor in anchors:
        _local(anchor, lex, flags)
        found = _selon(anchor, lex)
        if found is not None and speaker is None:
            speaker, flags["reported"] = found, True
    node = anchors[-1]
    # nothing above a presupposed noun phrase scopes over it
    climb = 0 if len(anchors) == 1 and _presupposed(trigger, lex) else _CLIMB_LIMIT
    # « renforcer son soutien », « poursuivre leur coopération »: what is strengthened or pursued holds
    # already, whatever is wished about strengthening it (only who says so is still looked for above)
    presupposed = trigger.pos_ == "NOUN" and any(
        _lemma(a) in lex.continuation_verbs for a in anchors[1:])
    if _ended(node, lex):
        flags["negated"] = True
    for _ in range(climb):
        head = node.head
        if head.i == node.i or node.dep_ not in _SCOPE_DEPS:
            break
        lemma = _lemma(head)
        dep = node.dep_
        complement = dep in _COMPLEMENT_DEPS
        if _detached(node):
            break  # « ..., une position jugée inacceptable par X »: the writer's own predication
        if node.pos_ == "NOUN" and dep == "obj" and lemma in lex.continuation_verbs and node.i == trigger.i:
            presupposed = True
        if presupposed:
            if complement and lemma in lex.reporting and dep not in ("nsubj", "nsubj:pass", "obl:agent"):
                flags["reported"] = True
                speaker = _subject(head) or speaker
                break
            found = _selon(head, lex)
            if found is not None and speaker is None:
                speaker, flags["reported"] = found, True
            node = head
            continue
        if node.i != trigger.i:
            clause = _clause_mark(node, lex)
            if clause == "purpose":
                flags["hypothetical"] = True
            elif clause == "negation":
                flags["negated"] = True
            if _ended(node, lex):
                flags["negated"] = True
        if dep in ("nmod", "acl") and head.pos_ == "NOUN" and lemma in lex.denial_nouns:
            flags["negated"] = True  # « le démenti de X sur la livraison », « le refus de livrer »
        if dep == "nmod" and node.pos_ in ("NOUN", "PROPN") and head.pos_ in ("NOUN", "PROPN") \
                and lemma not in lex.hedge_nouns and lemma not in lex.denial_nouns:
            break  # « la solidité de son partenariat » presupposes the partnership
        hedged = dep in _HEDGE_DEPS
        if complement and lemma in lex.denial_verbs:
            if is_negated(head, lex):
                flags["hypothetical"] = True  # « n'exclut pas »
            else:
                flags["negated"] = True
        elif hedged and (lemma in lex.hedge_verbs or lemma in lex.hedge_nouns):
            if (is_negated(head, lex) and dep == "xcomp") or (
                    head.pos_ == "NOUN" and head.dep_ in ("obj", "obl:arg") and is_negated(head.head, lex)):
                flags["negated"] = True  # « ne veut pas lever », « n'a pas l'intention de lever »
            else:
                flags["hypothetical"] = True
        elif dep == "xcomp" and is_negated(head, lex):
            flags["negated"] = True
        if dep in ("xcomp", "ccomp") and _conditional(head) == "present":
            flags["hypothetical"] = True
        if dep == "advcl" and any(normalize(c.text) in lex.condition_marks for c in kids(node) if c.dep_ == "mark"):
            flags["hypothetical"] = True
        found = _selon(head, lex)
        if found is not None and speaker is None:
            speaker, flags["reported"] = found, True
        if complement and lemma in lex.reporting and dep not in ("nsubj", "nsubj:pass", "obl:agent"):
            flags["reported"] = True
            speaker = _subject(head) or speaker
            break
        node = head
    sent = sent if sent is not None else trigger.sent
    if trigger.pos_ not in ("NOUN", "PROPN") and doc_text(trigger.doc)[sent.start_char : sent.end_char].rstrip().endswith("?"):
        flags["hypothetical"] = True  # a question puts its predicate in doubt, not the events it names
    if flags["negated"]:
        return Stance(Modality.NEGATED, speaker)
    if flags["hypothetical"]:
        return Stance(Modality.HYPOTHETICAL, speaker)
    if flags["reported"]:
        return Stance(Modality.REPORTED, speaker)
    return Stance(Modality.ASSERTED, speaker)
