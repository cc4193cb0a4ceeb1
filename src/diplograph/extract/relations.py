"""Relations between canonical entities, from the dependency parse and trigger lexicons.

Filled in by the relations work (issue 3); the foundation wires it so that the graph, the
cache and the exports already carry relations end to end.
"""

from __future__ import annotations

from spacy.tokens import Doc

from diplograph.extract.coref import Resolved
from diplograph.model import Document, Relation
from diplograph.resources import Resources


def extract_relations(doc: Doc, document: Document, resolved: Resolved, resources: Resources) -> list[Relation]:
    """Typed relations of one document (none until the trigger lexicons land)."""
    del doc, document, resolved, resources
    return []
