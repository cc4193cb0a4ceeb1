"""Validate an export against ``ontology/shapes.ttl`` (the export merged with the ontology).

Two engines give the same violations: pyshacl (the reference, about a minute per 10,000 relations)
and the same constraints compiled to SPARQL and run in Oxigraph (seconds at a million triples).
``engine="auto"`` picks pyshacl for small exports and Oxigraph above :data:`PYSHACL_MAX_TRIPLES`.
The compiler covers the SHACL features shapes.ttl uses (targets by class and by subject of a
property, min/max count, class, datatype, node with ``sh:or``, in, min/maxInclusive, minLength,
pattern, SPARQL constraints); a shape using anything else is refused, not silently skipped.
Both engines also report any ``dg:`` term the ontology does not declare.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from diplograph.errors import DiplographError
from diplograph.vocab import DG, DG_IRI, ONTOLOGY_GRAPH, RDF, RDFS, ontology_dir, ontology_graph

PYSHACL_MAX_TRIPLES = 50_000
UNDECLARED = "UndeclaredTermComponent"


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed constraint: the node, the property path, the SHACL component and the message."""

    focus: str
    path: str | None
    component: str  # local name, e.g. "MinCountConstraintComponent"
    message: str
    value: str | None = None

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.focus, self.path or "", self.component, self.message, self.value or "")

    @property
    def key(self) -> tuple[str, str | None, str]:
        """What both engines agree on (messages and values are reported differently)."""
        return (self.focus, self.path, self.component)


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of a validation."""

    source: str
    engine: str
    triples: int
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self, examples: int = 5) -> str:
        """A readable report: one line per kind of problem, with a count and a few example nodes."""
        head = f"{self.source}: {self.triples} triples, validated with {self.engine}"
        if self.conforms:
            return f"{head}: conforms to the diplograph shapes"
        groups: dict[str, list[Violation]] = defaultdict(list)
        for violation in self.violations:
            groups[violation.message].append(violation)
        lines = [f"{head}: {len(self.violations)} violation{'s' * (len(self.violations) != 1)}"]
        for message, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"- {message} ({len(items)})")
            for item in sorted(items, key=Violation.sort_key)[:examples]:
                where = f" {_short(item.path)}" if item.path else ""
                value = f" = {item.value}" if item.value is not None and item.value != item.focus else ""
                lines.append(f"    {item.focus}{where}{value}")
            if len(items) > examples:
                lines.append(f"    ... and {len(items) - examples} more")
        return "\n".join(lines)


def _short(iri: str) -> str:
    from diplograph.export.rdf import prefixes

    for prefix, namespace in prefixes().items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


@cache
def shapes_graph() -> Graph:
    """The parsed ``ontology/shapes.ttl``."""
    path = ontology_dir() / "shapes.ttl"
    try:
        return Graph().parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise DiplographError(f"{path}: cannot load the shapes: {exc}") from None


# --- the dg: terms of an export must be declared ----------------------------------------------------

def undeclared_terms(iris: set[str]) -> list[Violation]:
    """Violations for ``dg:`` IRIs used by an export that the ontology does not declare."""
    return [Violation(iri, None, UNDECLARED, f"The term {_short(iri)} is not declared in the diplograph ontology.")
            for iri in sorted(iris) if iri.startswith(DG_IRI) and iri[len(DG_IRI):] not in DG]


# --- pyshacl --------------------------------------------------------------------------------------------

def _local(iri: Any) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _validate_pyshacl(data: Graph) -> list[Violation]:
    import pyshacl

    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in ontology_graph():
        merged.add(triple)
    _conforms, results, _text = pyshacl.validate(merged, shacl_graph=shapes_graph(), inference="none",
                                                 advanced=True, allow_warnings=True)
    found = []
    top_level = [r for report in results.subjects(RDF.type, SH.ValidationReport)
                 for r in results.objects(report, SH.result)]
    for result in top_level:  # nested results (sh:detail) are not violations of their own
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        found.append(Violation(str(results.value(result, SH.focusNode)), str(path) if path is not None else None,
                               _local(results.value(result, SH.sourceConstraintComponent)),
                               str(results.value(result, SH.resultMessage) or "constraint violated"),
                               None if value is None else str(value)))
    used = {str(t) for triple in data for t in triple if isinstance(t, URIRef)}
    return sorted(set(found), key=Violation.sort_key) + undeclared_terms(used)


# --- the same constraints as SPARQL, for Oxigraph --------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Check:
    """One compiled constraint: a SELECT returning ``?this`` (and ``?value`` where there is one)."""

    sparql: str
    path: str | None
    component: str
    message: str


def _n3(term: Any) -> str:
    if isinstance(term, Literal):
        return term.n3()
    return f"<{term}>"


def _instance_of(var: str, cls: Any) -> str:
    return f"{var} <{RDF.type}>/<{RDFS.subClassOf}>* {_n3(cls)} ."


def _focus(shapes: Graph, shape: Any) -> str | None:
    parts = [_instance_of("?this", cls) for cls in sorted(shapes.objects(shape, SH.targetClass))]
    parts += [f"?this {_n3(p)} ?_any ." for p in sorted(shapes.objects(shape, SH.targetSubjectsOf))]
    if not parts:
        return None
    return " UNION ".join("{ " + p + " }" for p in parts)


def _conforms_to(shapes: Graph, shape: Any, var: str) -> str:
    """A SPARQL condition true when ``var`` conforms to the node shape ``shape`` (class / datatype / or)."""
    conditions = []
    for cls in shapes.objects(shape, SH["class"]):
        conditions.append(f"EXISTS {{ {_instance_of(var, cls)} }}")
    for datatype in shapes.objects(shape, SH.datatype):
        conditions.append(f"(isLiteral({var}) && datatype({var}) = {_n3(datatype)})")
    for alternatives in shapes.objects(shape, SH["or"]):
        options = [_conforms_to(shapes, option, var) for option in Collection(shapes, alternatives)]
        conditions.append("(" + " || ".join(options) + ")")
    _refuse_unknown(shapes, shape, {SH["class"], SH.datatype, SH["or"]})
    return " && ".join(conditions) or "true"


_PARAMETERS = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.node, SH["in"], SH.minInclusive, SH.maxInclusive,
               SH.minLength, SH.pattern, SH.message, SH.property, SH.targetClass, SH.targetSubjectsOf, SH.sparql,
               SH["or"], SH.name, SH.description, SH.severity}


def _refuse_unknown(shapes: Graph, shape: Any, allowed: set[Any]) -> None:
    for predicate in set(shapes.predicates(shape, None)):
        if str(predicate).startswith(str(SH)) and predicate not in allowed | {SH.message, SH.name, SH.description}:
            raise DiplographError(f"ontology/shapes.ttl: {_local(predicate)} is not supported by the Oxigraph "
                                  "validator: add it to diplograph.validate")


def _value_filters(shapes: Graph, shape: Any, prop: Any) -> Iterator[tuple[str, str]]:
    """(component, SPARQL filter on ?value) for each value constraint of a property shape."""
    for cls in shapes.objects(prop, SH["class"]):
        yield "ClassConstraintComponent", f"FILTER NOT EXISTS {{ {_instance_of('?value', cls)} }}"
    for datatype in shapes.objects(prop, SH.datatype):
        yield "DatatypeConstraintComponent", f"FILTER(!isLiteral(?value) || datatype(?value) != {_n3(datatype)})"
    for node in shapes.objects(prop, SH.node):
        yield "NodeConstraintComponent", f"FILTER(!({_conforms_to(shapes, node, '?value')}))"
    for members in shapes.objects(prop, SH["in"]):
        listed = ", ".join(_n3(m) for m in Collection(shapes, members))
        yield "InConstraintComponent", f"FILTER(?value NOT IN ({listed}))"
    for low in shapes.objects(prop, SH.minInclusive):
        yield "MinInclusiveConstraintComponent", f"FILTER(!COALESCE(?value >= {_n3(low)}, false))"
    for high in shapes.objects(prop, SH.maxInclusive):
        yield "MaxInclusiveConstraintComponent", f"FILTER(!COALESCE(?value <= {_n3(high)}, false))"
    for length in shapes.objects(prop, SH.minLength):
        yield "MinLengthConstraintComponent", f"FILTER(isBlank(?value) || STRLEN(STR(?value)) < {int(length)})"
    for pattern in shapes.objects(prop, SH.pattern):
        yield "PatternConstraintComponent", f"FILTER(isBlank(?value) || !REGEX(STR(?value), {_n3(pattern)}))"


def _message(shapes: Graph, node: Any, fallback: str) -> str:
    messages = sorted(str(m) for m in shapes.objects(node, SH.message))
    return messages[0] if messages else fallback


def compile_shapes(shapes: Graph | None = None) -> list[Check]:
    """The shapes' constraints as SPARQL SELECTs that return the violating ``?this`` (and ``?value``)."""
    shapes = shapes if shapes is not None else shapes_graph()
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape))):
        focus = _focus(shapes, shape)
        if focus is None:
            continue
        _refuse_unknown(shapes, shape, _PARAMETERS)
        node_message = _message(shapes, shape, "constraint violated")
        for cls in shapes.objects(shape, SH["class"]):
            checks.append(Check(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} BIND(?this AS ?value) "
                                f"FILTER NOT EXISTS {{ {_instance_of('?this', cls)} }} }}",
                                None, "ClassConstraintComponent", node_message))
        for constraint in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(constraint, SH.select)).replace("$this", "?this")
            checks.append(Check(f"SELECT DISTINCT ?this WHERE {{ {focus} {{ {select} }} }}", None,
                                "SPARQLConstraintComponent", _message(shapes, constraint, node_message)))
        for prop in shapes.objects(shape, SH.property):
            _refuse_unknown(shapes, prop, _PARAMETERS)
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                raise DiplographError("ontology/shapes.ttl: only plain property paths are supported")
            message = _message(shapes, prop, node_message)
            count = (f"{{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?this <{path}> ?v }} }} "
                     "GROUP BY ?this }")
            for low in shapes.objects(prop, SH.minCount):
                checks.append(Check(f"SELECT ?this WHERE {{ {count} FILTER(?n < {int(low)}) }}", str(path),
                                    "MinCountConstraintComponent", message))
            for high in shapes.objects(prop, SH.maxCount):
                checks.append(Check(f"SELECT ?this WHERE {{ {count} FILTER(?n > {int(high)}) }}", str(path),
                                    "MaxCountConstraintComponent", message))
            for component, condition in _value_filters(shapes, shape, prop):
                checks.append(Check(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this <{path}> ?value . "
                                    f"{condition} }}", str(path), component, message))
    return checks


def _validate_oxigraph(store: Any) -> list[Violation]:
    import pyoxigraph as ox

    used_query = ("SELECT DISTINCT ?t WHERE { { ?t ?p ?o } UNION { ?s ?t ?o } UNION { ?s ?p ?t } "
                  f'FILTER(isIRI(?t) && STRSTARTS(STR(?t), "{DG_IRI}")) }}')
    used = {row["t"].value for row in store.query(used_query, use_default_graph_as_union=True)}
    data = ontology_graph().serialize(format="nt", encoding="utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(ONTOLOGY_GRAPH)))
    found: set[Violation] = set()
    for check in compile_shapes():
        solutions = store.query(check.sparql, use_default_graph_as_union=True)
        has_value = "value" in {v.value for v in solutions.variables}
        for row in solutions:
            value = row["value"] if has_value else None
            found.add(Violation(row["this"].value, check.path, check.component, check.message,
                                None if value is None else value.value))
    return sorted(found, key=Violation.sort_key) + undeclared_terms(used)


# --- entry point ----------------------------------------------------------------------------------------

ENGINES: dict[str, Callable[[Any], list[Violation]]] = {
    "pyshacl": lambda store: _validate_pyshacl(_as_rdflib(store)),
    "oxigraph": lambda store: _validate_oxigraph(store),
}


def _as_rdflib(source: Any) -> Graph:
    from diplograph.sparql import load_rdflib

    loaded = load_rdflib(source)
    graph = Graph()
    for triple in loaded.triples((None, None, None)):
        graph.add(triple)
    return graph


def _has_pyshacl() -> bool:
    import importlib.util

    return importlib.util.find_spec("pyshacl") is not None


def validate(source: Any, engine: str = "auto") -> Report:
    """Validate an export (path, KnowledgeGraph or rdflib graph) against the shapes, merged with the ontology.

    Args:
        source: what to validate (a path's format comes from its suffix).
        engine: ``pyshacl``, ``oxigraph`` or ``auto`` (pyshacl up to :data:`PYSHACL_MAX_TRIPLES` triples).

    Returns:
        A :class:`Report`; ``report.conforms`` is False when there is any violation.
    """
    from diplograph.sparql import load_store

    store = load_store(source)
    triples = len(store)
    if engine == "auto":
        engine = "pyshacl" if triples <= PYSHACL_MAX_TRIPLES and _has_pyshacl() else "oxigraph"
    elif engine == "pyshacl" and not _has_pyshacl():
        raise DiplographError("pyshacl is not installed: pip install pyshacl, or use --engine oxigraph")
    if engine not in ENGINES:
        raise DiplographError(f"unknown validation engine {engine!r} (expected one of: auto, {', '.join(ENGINES)})")
    name = str(source) if isinstance(source, str | Path) else type(source).__name__
    return Report(name, engine, triples, tuple(ENGINES[engine](store)))
