"""Extraction: one parsed document -> one :class:`~diplograph.model.DocResult`."""

from __future__ import annotations

from spacy.tokens import Doc

from diplograph.extract._spans import remember_text
from diplograph.extract.agreements import extract_agreements, without_named_places
from diplograph.extract.coref import resolve_document
from diplograph.extract.dating import date_relations
from diplograph.extract.linking import link_entities
from diplograph.extract.mentions import extract_mentions
from diplograph.extract.posts import extract_posts, settle_posts
from diplograph.extract.relations import extract_relations
from diplograph.extract.speaker import find_speaker, headline_names, with_speaker
from diplograph.model import DocResult, Document
from diplograph.nlp import parse_text
from diplograph.resources import Resources

__all__ = ["extract"]


def extract(doc: Doc, document: Document, resources: Resources) -> DocResult:
    """Entities, posts and relations of one parsed document.

    ``doc`` is spaCy's parse of :func:`diplograph.nlp.parse_text` of ``document.text``, so its
    character offsets are offsets into the original text.
    """
    remember_text(doc, parse_text(document.text))  # spaCy's Doc.text would join every token again
    mentions = extract_mentions(doc, resources)
    if spoken := headline_names(document.text, mentions, resources):  # « Déclaration de M. X, … »
        mentions = sorted([*mentions, *spoken], key=lambda m: m.start)
    posts, references, names = extract_posts(doc, document.id, mentions, resources)
    # a person the NER took for an organisation replaces it; « le pape François » replaces « François »
    mentions = sorted([*(m for m in mentions if not any(n.start <= m.start and m.end <= n.end for n in names)),
                       *names], key=lambda m: m.start)
    agreements = extract_agreements(doc, mentions, resources)
    mentions = without_named_places(mentions, agreements)
    resolved = resolve_document(document.id, mentions, references, agreements, posts)
    speaker = find_speaker(document.text, resolved, resources, document.speaker)
    resolved = with_speaker(resolved, speaker, document.id, resources)
    resolved = settle_posts(doc, document.id, resolved, speaker, resources)  # home titles, implied organisations
    relations = date_relations(extract_relations(doc, document, resolved, resources, speaker), document)
    meta = Document(document.id, document.file_name, "", document.content_hash,
                    document.title, document.url, document.date, document.speaker)
    entities = link_entities(resolved.entities, resources)
    return DocResult(meta, entities, resolved.mentions, resolved.posts, tuple(relations))
