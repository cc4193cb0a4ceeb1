"""The KnowledgeGraph: merged records, and a networkx view derived from them.

Documents stream in as :class:`~diplograph.model.DocResult`; :meth:`KnowledgeGraph.add` merges
each in time linear in its size, so memory holds records, never spaCy Docs or texts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from diplograph.model import DocResult, Document, Entity, EntityType, Evidence, Modality, Post, Relation
from diplograph.resolve import merge_entity, person_surname_keys

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import rdflib

# a relation of these modalities claims that it holds; a negated one that it does not
CLAIMS_TRUE = frozenset({Modality.ASSERTED, Modality.REPORTED})
IFRAME_HEIGHT = "600px"  # of the inline graph in Jupyter


def _date_rank(relation: Relation) -> tuple[int, str]:
    """Event dates, then document dates, then context dates, the earliest first: the date a merged relation keeps."""
    if relation.date is None:
        return (3, "")
    return ({"event": 0, "document": 1}.get(relation.date_kind or "", 2), relation.date)


def _earlier(old: Relation, new: Relation) -> Relation:
    """``old`` with the date of ``new`` when that one ranks first (see :func:`_date_rank`)."""
    if _date_rank(new) < _date_rank(old):
        return replace(old, date=new.date, date_kind=new.date_kind)
    return old


def _merge_relation(old: Relation, new: Relation) -> Relation:
    evidence = tuple(dict.fromkeys(old.evidence + new.evidence))
    speakers = tuple(dict.fromkeys(old.attributed_to + new.attributed_to))
    return _earlier(replace(old, evidence=evidence, attributed_to=speakers), new)


@cache
def _symmetric_types() -> frozenset[str]:
    from diplograph.vocab import symmetric_relation_types  # rdflib: loaded when a relation is merged, not on import

    return symmetric_relation_types()


def __getattr__(name: str) -> Any:
    if name == "SYMMETRIC_TYPES":  # the relation types with dg:symmetric true in the ontology
        return _symmetric_types()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _oriented(relation: Relation) -> Relation:
    if relation.type in _symmetric_types() and relation.target < relation.source:
        return replace(relation, source=relation.target, target=relation.source)
    return relation


def _best(counts: Counter[str], longest: bool = False) -> str | None:
    """The value most mentioned (the longest first if ``longest``), ties broken by the value itself:
    never by the order in which documents came."""
    if not counts:
        return None
    return min(counts, key=lambda v: (-len(v) if longest else 0, -counts[v], v))


class _EntityAcc:
    """The running merge of the records of one entity key, independent of the order of the records.

    The label is the one most mentioned (for a person, the longest name first, as in merge_entity),
    ties broken alphabetically; so are the ISO code and the parent.
    """

    __slots__ = ("count", "documents", "first", "iso3", "labels", "names", "part_of", "records")

    def __init__(self, entity: Entity) -> None:
        self.first = entity
        self.labels: Counter[str] = Counter({entity.label: max(entity.mention_count, 1)})
        self.names = {entity.label, *entity.aliases}
        self.documents = set(entity.documents)
        self.count = entity.mention_count
        self.iso3: Counter[str] = Counter([entity.iso3] if entity.iso3 else [])
        self.part_of: Counter[str] = Counter([entity.part_of] if entity.part_of else [])
        self.records = 1

    def add(self, entity: Entity) -> None:
        self.labels[entity.label] += max(entity.mention_count, 1)
        self.names.add(entity.label)
        self.names.update(entity.aliases)
        self.documents.update(entity.documents)
        self.count += entity.mention_count
        if entity.iso3:
            self.iso3[entity.iso3] += 1
        if entity.part_of:
            self.part_of[entity.part_of] += 1
        self.records += 1

    def record(self) -> Entity:
        if self.records == 1:
            return self.first  # seen once: the record as extracted
        label = _best(self.labels, longest=self.first.type is EntityType.PERSON) or self.first.label
        return replace(self.first, label=label, aliases=tuple(sorted(self.names - {label})),
                       documents=tuple(sorted(self.documents)), mention_count=self.count,
                       iso3=_best(self.iso3), part_of=_best(self.part_of))


@dataclass
class KnowledgeGraph:
    """Canonical entities, posts and relations of a corpus, with their provenance.

    >>> kg = KnowledgeGraph()
    >>> len(kg.entities)
    0
    """

    documents: dict[str, Document] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    posts: dict[tuple[str, str | None, str], Post] = field(default_factory=dict)
    relations: dict[tuple[str, str, str, str], Relation] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _types: dict[str, Counter[EntityType]] = field(default_factory=dict, repr=False)
    _entity_acc: dict[str, _EntityAcc] = field(default_factory=dict, repr=False)
    _post_acc: dict[tuple[str, str | None, str], tuple[Post, dict[Evidence, None]]] = field(
        default_factory=dict, repr=False)
    _relation_acc: dict[tuple[str, str, str, str], tuple[Relation, dict[Evidence, None], dict[str, None]]] = field(
        default_factory=dict, repr=False)

    def add(self, result: DocResult) -> None:
        """Merge one document's result into the graph (settled by :meth:`finalize`).

        Records of the same key are gathered in mutable accumulators, so that adding a document
        costs time linear in its own size, however many documents already mention the same
        entity or support the same relation (merging frozen records one by one copied their
        growing document and evidence tuples each time: quadratic in a large corpus).
        """
        self.documents[result.document.id] = result.document
        for entity in result.entities:
            self._types.setdefault(entity.key, Counter())[entity.type] += entity.mention_count
            acc = self._entity_acc.get(entity.key)
            if acc is None:
                self._entity_acc[entity.key] = _EntityAcc(entity)
            else:
                acc.add(entity)
        for post in result.posts:
            key = (post.person, post.title, post.organization)
            if key not in self._post_acc:
                self._post_acc[key] = (post, {})
            self._post_acc[key][1].update(dict.fromkeys(post.evidence))
        for relation in result.relations:
            relation = _oriented(relation)
            acc = self._relation_acc.get(relation.merge_key)
            if acc is None:
                acc = self._relation_acc[relation.merge_key] = (relation, {}, {})
            elif _date_rank(relation) < _date_rank(acc[0]):  # keep the best date (a field replaced, O(1))
                acc = self._relation_acc[relation.merge_key] = (_earlier(acc[0], relation), acc[1], acc[2])
            _first, evidence, speakers = acc
            evidence.update(dict.fromkeys(relation.evidence))
            speakers.update(dict.fromkeys(relation.attributed_to))
        self.warnings.extend(result.warnings)

    def _add_relation(self, relation: Relation) -> None:
        old = self.relations.get(relation.merge_key)
        self.relations[relation.merge_key] = relation if old is None else _merge_relation(old, relation)

    def _settle(self) -> None:
        """Turn the accumulators into frozen records, merged over anything settled before."""
        for key, acc in self._entity_acc.items():
            entity = acc.record()
            old = self.entities.get(key)
            self.entities[key] = entity if old is None else merge_entity(old, entity)
        for key, (post, evidence) in self._post_acc.items():
            old_post = self.posts.get(key)
            post = replace(post, evidence=tuple(evidence))
            self.posts[key] = post if old_post is None else replace(
                old_post, evidence=tuple(dict.fromkeys(old_post.evidence + post.evidence)))
        for relation, evidence, speakers in self._relation_acc.values():
            self._add_relation(replace(relation, evidence=tuple(evidence), attributed_to=tuple(speakers)))
        self._entity_acc.clear()
        self._post_acc.clear()
        self._relation_acc.clear()

    def finalize(self) -> KnowledgeGraph:
        """Settle what needs the whole corpus: merged records, majority types, surnames joined to full names."""
        self._settle()
        for key, counts in self._types.items():
            best = min(counts, key=lambda t: (-counts[t], t.value))  # a tie is not settled by input order
            if key in self.entities and self.entities[key].type is not best:
                self.entities[key] = replace(self.entities[key], type=best)
        rekey = person_surname_keys(self.entities)
        if rekey:
            self._rekey(rekey)
        return self

    def _rekey(self, rekey: dict[str, str]) -> None:
        for old_key, new_key in rekey.items():
            self.entities[new_key] = merge_entity(self.entities[new_key], self.entities.pop(old_key))
        posts = list(self.posts.values())
        self.posts = {}
        for post in posts:
            post = replace(post, person=rekey.get(post.person, post.person),
                           organization=rekey.get(post.organization, post.organization))
            self.posts[(post.person, post.title, post.organization)] = post
        relations = list(self.relations.values())
        self.relations = {}
        for relation in relations:
            self._add_relation(_oriented(replace(
                relation, source=rekey.get(relation.source, relation.source),
                target=rekey.get(relation.target, relation.target),
                attributed_to=tuple(rekey.get(s, s) for s in relation.attributed_to))))

    @classmethod
    def from_results(cls, results: Iterable[DocResult]) -> KnowledgeGraph:
        """Build and finalize a graph from per-document results."""
        kg = cls()
        for result in results:
            kg.add(result)
        return kg.finalize()

    def iter_relations(self) -> Iterator[Relation]:
        """Relations in a stable order."""
        return iter(sorted(self.relations.values(), key=lambda r: r.merge_key))

    def contradictions(self) -> list[tuple[Relation, Relation]]:
        """Pairs (claim, denial): the same type, source and target asserted or reported in one document
        and negated in another, in a stable order.

        A sentence that both states and denies in one document is not a contradiction between sources,
        so a pair needs a document of the claim that is not a document of the denial, or the reverse.
        """
        claims: dict[tuple[str, str, str], list[Relation]] = {}
        denials: dict[tuple[str, str, str], list[Relation]] = {}
        for relation in self.iter_relations():
            triple = (relation.type, relation.source, relation.target)
            if relation.modality in CLAIMS_TRUE:
                claims.setdefault(triple, []).append(relation)
            elif relation.modality is Modality.NEGATED:
                denials.setdefault(triple, []).append(relation)
        pairs = []
        for triple, negated in denials.items():
            for claim in claims.get(triple, ()):
                for denial in negated:
                    if set(claim.documents) != set(denial.documents) or len(claim.documents) > 1:
                        pairs.append((claim, denial))
        return pairs

    def summary(self) -> dict[str, Any]:
        """Counts an analyst reads first."""
        by_type = Counter(e.type.value for e in self.entities.values())
        return {
            "documents": len(self.documents),
            "entities": len(self.entities),
            "entities_by_type": dict(sorted(by_type.items())),
            "posts": len(self.posts),
            "relations": len(self.relations),
            "relations_by_type": dict(sorted(Counter(r.type for r in self.relations.values()).items())),
            "relations_dated": sum(1 for r in self.relations.values() if r.date),
            "contradictions": len(self.contradictions()),
            "entities_linked": sum(1 for e in self.entities.values() if e.wikidata),
        }

    def to_networkx(self) -> nx.MultiDiGraph:
        """A MultiDiGraph view: nodes are entity keys, edges relations (keyed by type/modality).

        Attributes are scalars (str, int) so that GraphML and pyvis accept them.
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        for key, entity in sorted(self.entities.items()):
            graph.add_node(key, label=entity.label, type=entity.type.value, aliases="|".join(entity.aliases),
                           iso3=entity.iso3 or "", documents=len(entity.documents), mentions=entity.mention_count,
                           wikidata=entity.wikidata or "")
        for person, title, org in sorted(self.posts, key=lambda k: (k[0], k[1] or "", k[2])):
            if person in graph and org in graph:
                graph.add_edge(person, org, key=f"post:{title or 'member'}", type="holds_post" if title else "member_of",
                               title=title or "", modality="asserted", documents=len(self.posts[(person, title, org)].evidence))
        for relation in self.iter_relations():
            if relation.source in graph and relation.target in graph:
                graph.add_edge(relation.source, relation.target, key=f"{relation.type}:{relation.modality.value}",
                               type=relation.type, modality=relation.modality.value,
                               documents=len(relation.documents), evidence=len(relation.evidence),
                               attributed_to="|".join(relation.attributed_to), speakers=len(relation.speakers),
                               date=relation.date or "", date_kind=relation.date_kind or "",
                               sentence=relation.evidence[0].text if relation.evidence else "")
        return graph

    # --- for notebook users: thin delegates to export/ and the SPARQL engine ---

    def __repr__(self) -> str:
        counts = self.summary()
        return (f"<KnowledgeGraph: {counts['documents']} documents, {counts['entities']} entities, "
                f"{counts['posts']} posts, {counts['relations']} relations>")

    def entities_df(self) -> pd.DataFrame:
        """The entities as a pandas DataFrame, most mentioned first.

        Returns:
            One row per entity: key, label, type, iso3, mentions, documents, aliases, part_of, wikidata (a QID).

        Raises:
            MissingDependencyError: pandas is not installed.

        >>> KnowledgeGraph().entities_df().columns.tolist()[:4]
        ['key', 'label', 'type', 'iso3']
        """
        from diplograph.export.tables import to_frame

        return to_frame(self, "entities")

    def relations_df(self) -> pd.DataFrame:
        """The relations as a pandas DataFrame (one row per relation, its evidence merged).

        Returns:
            Columns type, source_label, target_label, modality, attributed_to, documents, evidence
            (counts), sentence (the first evidence sentence), source, target (entity keys), date and
            date_kind (event, document or context), speakers (how many distinct speakers).

        Raises:
            MissingDependencyError: pandas is not installed.

        >>> KnowledgeGraph().relations_df().query("type == 'arms_supply'").empty
        True
        """
        from diplograph.export.tables import to_frame

        return to_frame(self, "relations")

    def evidence_df(self) -> pd.DataFrame:
        """Every evidence sentence of every relation, with its document and character offsets.

        Returns:
            Columns type, source_label, target_label, modality, speaker, document, start, end, text,
            source, target, doc_id.

        Raises:
            MissingDependencyError: pandas is not installed.

        >>> "text" in KnowledgeGraph().evidence_df().columns
        True
        """
        from diplograph.export.tables import to_frame

        return to_frame(self, "evidence")

    def posts_df(self) -> pd.DataFrame:
        """Who holds which office where (W3C ORG posts), as a pandas DataFrame.

        Returns:
            Columns person_label, title, organization_label, documents, person, organization.

        Raises:
            MissingDependencyError: pandas is not installed.

        >>> len(KnowledgeGraph().posts_df())
        0
        """
        from diplograph.export.tables import to_frame

        return to_frame(self, "posts")

    def to_rdf(self, base_iri: str | None = None) -> rdflib.Graph:
        """The graph as RDF triples, following the graph contract (graph-model.md).

        Args:
            base_iri: namespace of the minted IRIs (default: the project's).

        Returns:
            An rdflib Graph.

        >>> len(KnowledgeGraph().to_rdf())
        0
        """
        from diplograph.export.rdf import to_rdf

        return to_rdf(self) if base_iri is None else to_rdf(self, base_iri)

    def query(self, sparql: str) -> Any:
        """Run a SPARQL query on the graph's RDF (prefixes dg:, rdfs:, skos:, org:, prov: are bound).

        Args:
            sparql: the query text.

        Returns:
            For SELECT, a list of dicts (variable name -> IRI string or Python literal value), ready
            for ``pandas.DataFrame``; for ASK, a bool; for CONSTRUCT, dicts of subject, predicate, object.

        Raises:
            DiplographError: the query is not valid SPARQL.

        >>> KnowledgeGraph().query("SELECT ?r WHERE { ?r a dg:Relation }")
        []
        """
        return _sparql(self, sparql)

    def write(self, path: str | Path, format: str | None = None) -> Path:
        """Write the graph to ``path`` in ``format``, or in the format its suffix names (.ttl, .html...).

        Args:
            path: the file to write (atomically: never half-written).
            format: an exporter name, overriding the suffix.

        Returns:
            The path written.

        Raises:
            ExportError: the format is unknown or the file cannot be written.

        >>> import tempfile
        >>> KnowledgeGraph().write(Path(tempfile.mkdtemp()) / "graph.ttl").suffix
        '.ttl'
        """
        from diplograph.export import write

        return write(self, path, format)

    def _repr_html_(self) -> str:
        """The interactive page inline in Jupyter: a sandboxed iframe whose srcdoc is the escaped page.

        >>> KnowledgeGraph()._repr_html_().startswith("<iframe srcdoc=")
        True
        """
        from html import escape

        from diplograph.export.html import to_html

        return (f'<iframe srcdoc="{escape(to_html(self), quote=True)}" title="diplograph graph" '
                f'sandbox="allow-scripts allow-downloads" '
                f'style="width: 100%; height: {IFRAME_HEIGHT}; border: 1px solid #ddd"></iframe>')


def _sparql(kg: KnowledgeGraph, sparql: str) -> Any:
    """Run ``sparql`` on ``kg`` with :mod:`diplograph.sparql` (Oxigraph): rows as dicts of Python values."""
    from diplograph.export.tables import results_rows
    from diplograph.sparql import query

    return results_rows(query(kg, sparql))
