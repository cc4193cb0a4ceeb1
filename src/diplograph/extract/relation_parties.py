"""Named agreements: their parties (``agreement_party``) and the alliance a defence pact makes.

Also the record of one relation found in a sentence, shared with :mod:`diplograph.extract.relations`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from diplograph.extract._spans import doc_text, kids
from diplograph.extract.arguments import Arguments
from diplograph.extract.modality import ModalityLexicon, Stance, preposition, stance
from diplograph.extract.triggers import RelationLexicon
from diplograph.model import EntityType
from diplograph.resources import normalize

_PARTY_TYPES = frozenset({EntityType.STATE, EntityType.PERSON, EntityType.INTERNATIONAL_ORGANIZATION,
                          EntityType.ARMED_GROUP})


@dataclass(frozen=True)
class Found:
    """One relation found in a sentence, before it becomes a :class:`~diplograph.model.Relation`."""

    type: str
    source: str
    target: str
    stance: Stance
    anchor: int
    from_speaker: bool = False
    denied: str | None = None  # who denies it (« ce que X dément »)
    rule: str = ""  # the notation of the rule that found it (``dg:extractedBy``)
    confidence: float = 1.0


def agreement_relations(args: Arguments, lex: RelationLexicon, mlex: ModalityLexicon, sent: Span,
                        found: list[Found]) -> list[Found]:
    """Parties of the agreements named in ``sent``, and alliances of defence pacts.

    Args:
        args: role and entity lookups of the document.
        lex: the relations lexicon (its ``defence_pact`` class).
        mlex: the modality lexicon.
        sent: the sentence.
        found: the relations already found in it (``agreement_party`` from verbs).

    Returns:
        ``agreement_party`` relations and the ``alliance`` of the parties of a defence pact.
    """
    out: list[Found] = []
    for mention in args.mentions:
        if mention.type is not EntityType.AGREEMENT or not (sent.start_char <= mention.start < sent.end_char):
            continue
        span = args.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        parties: list[str] = []
        text = doc_text(args.doc)
        root = span.root
        after = [s for s in kids(root.head) if s.left_edge.i == span.end and preposition(s) == "entre"]
        for arg in after:  # « salue l'accord de cessez-le-feu entre X et Y » with the PP on the verb
            parties.extend(args.entities(arg))
        for tok in span:
            for arg in args.prepositional(tok, "entre"):
                parties.extend(args.entities(arg))
            inner = args.mention(tok)
            if inner is None or inner is mention or inner.type not in _PARTY_TYPES:
                continue
            joined = text[max(0, inner.start - 1):inner.start] + text[inner.end:inner.end + 1]
            if inner.role in ("combining", "demonym") or any(d in joined for d in "-\u2013\u2011"):
                parties.append(inner.key)  # « accord russo-chinois », « pacte Iran-Irak », not an issuer
        where = stance([span.root], mlex)
        for party in dict.fromkeys(parties):
            if args.type_of(party) in _PARTY_TYPES:
                out.append(Found("agreement_party", party, mention.key, where, span.root.i,
                                 rule="agreement_party/agreement:name/party", confidence=0.8))
    by_agreement: dict[str, list[Found]] = {}
    for item in found + out:
        if item.type == "agreement_party":
            by_agreement.setdefault(item.target, []).append(item)
    for key, items in by_agreement.items():
        if not _defence(args, lex, key):
            continue
        states = list(dict.fromkeys(args.state_of(i.source) for i in items))
        states = [s for s in states if s.startswith("state/")]
        for n, a in enumerate(states):
            for b in states[n + 1:]:
                out.append(Found("alliance", a, b, items[0].stance, items[0].anchor,
                                 rule="alliance/agreement:defence-pact/parties", confidence=0.75))
    return out

def _defence(args: Arguments, lex: RelationLexicon, key: str) -> bool:
    names = [m.text for m in args.mentions if m.key == key]
    return any(lex.in_class("defence_pact", args.doc.char_span(
        m.start, m.end, alignment_mode="expand") or []) for m in args.mentions if m.key == key) or any(
        any(f" {w} " in f" {normalize(n)} " for w in lex.classes.get("defence_pact", ())) for n in names)
