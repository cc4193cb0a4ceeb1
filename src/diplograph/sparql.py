"""SPARQL over an export: Oxigraph by default (fast at a million triples), rdflib for comparison.

Both engines return the same :class:`Results` (terms normalised: a plain literal is an
``xsd:string``), so tests can check that they agree. The export's prefixes (``dg:``, ``org:``,
``prov:``...) are predeclared: a query may use them without ``PREFIX`` lines.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diplograph.errors import DiplographError
from diplograph.stores import RDF_SUFFIXES, cache_dir, cached_store, load_rdflib, load_store, parse_rdflib
from diplograph.vocab import RDF, XSD

__all__ = ["ENGINES", "FORMATTERS", "RDF_SUFFIXES", "QueryError", "Results", "Term", "binding", "cache_dir",
           "cached_store", "load_rdflib", "load_store", "parse_rdflib", "query", "read_query", "with_bindings"]

XSD_STRING = str(XSD.string)
RDF_LANGSTRING = str(RDF.langString)

_OX_POSITION = re.compile(r"^error at (\d+):(\d+): ?(.*)$", re.S)


class QueryError(DiplographError):
    """A SPARQL query cannot be parsed or run."""


@dataclass(frozen=True, slots=True, order=True)
class Term:
    """An RDF term as both engines report it (``kind``: iri, literal or bnode)."""

    kind: str
    value: str
    datatype: str | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        """The N-Triples form of the term.

        >>> Term("literal", 'a "b"', XSD_STRING).n3()
        '"a \\\\"b\\\\""'
        """
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = json.dumps(self.value, ensure_ascii=False)
        if self.language:
            return f"{text}@{self.language}"
        if self.datatype and self.datatype != XSD_STRING:
            return f"{text}^^<{self.datatype}>"
        return text


@dataclass(frozen=True, slots=True)
class Results:
    """The answer of a query: variables and rows (SELECT), a boolean (ASK) or s/p/o rows (CONSTRUCT)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    engine: str = field(default="oxigraph", compare=False)

    def as_set(self) -> set[tuple[Term | None, ...]]:
        """The rows as a set (to compare engines, whose row order differs without ORDER BY)."""
        return set(self.rows)

    def sorted_rows(self) -> list[tuple[Term | None, ...]]:
        """The rows in a canonical order (to compare engines, whose order differs without ORDER BY)."""
        return sorted(self.rows, key=lambda row: tuple("" if t is None else t.n3() for t in row))

    def values(self) -> list[tuple[str | None, ...]]:
        """The rows as plain strings (IRIs and lexical forms)."""
        return [tuple(None if t is None else t.value for t in row) for row in self.rows]


# --- engines -----------------------------------------------------------------------------------------

def _ox_term(term: Any) -> Term | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if term.language:
        return Term("literal", term.value, RDF_LANGSTRING, term.language)
    return Term("literal", term.value, term.datatype.value)


def _rdflib_term(term: Any) -> Term | None:
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return Term("iri", str(term))
    if isinstance(term, rdflib.BNode):
        return Term("bnode", str(term))
    if term.language:
        return Term("literal", str(term), RDF_LANGSTRING, term.language)
    return Term("literal", str(term), str(term.datatype) if term.datatype else XSD_STRING)


def _run_oxigraph(source: Any, text: str, name: str) -> Results:
    import pyoxigraph as ox

    from diplograph.export.rdf import prefixes

    store = load_store(source)
    try:
        answer = store.query(text, prefixes=prefixes(), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(_ox_syntax_message(str(exc), name, text)) from None
    except (OSError, ValueError, TypeError) as exc:
        raise QueryError(f"{name}: the query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return Results((), boolean=bool(answer), engine="oxigraph")
    if isinstance(answer, ox.QueryTriples):
        rows = tuple((_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in answer)
        return Results(("subject", "predicate", "object"), rows, engine="oxigraph")
    variables = tuple(v.value for v in answer.variables)
    rows = tuple(tuple(_ox_term(solution[v]) for v in variables) for solution in answer)
    return Results(variables, rows, engine="oxigraph")


def _near(text: str, line: int, column: int) -> str:
    lines = text.splitlines() or [""]
    rest = lines[min(max(line, 1), len(lines)) - 1][max(column - 1, 0):].strip()
    return f' near "{_cut(rest, 30)}"' if rest else " at the end of the query"


def _unknown_prefix(text: str, line: int, column: int) -> str | None:
    """The undeclared prefix whose name ends at ``line``/``column`` (where Oxigraph reports it), if any."""
    lines = text.splitlines() or [""]
    before = lines[min(max(line, 1), len(lines)) - 1][: max(column - 1, 0)]
    found = re.search(r"(?<![\w<])([A-Za-z][\w.-]*)?:[\w.-]*$", before)
    return None if found is None else found.group(1) or ""


def _prefix_message(where: str, prefix: str) -> str:
    from diplograph.export.rdf import prefixes

    return (f"{where}: unknown prefix {prefix + ':'!r}; declare it (PREFIX {prefix}: <...>) or use one of the "
            f"predeclared {', '.join(p + ':' for p in sorted(prefixes()))}")


def _syntax_message(name: str, text: str, line: int, column: int, detail: str) -> str:
    detail = detail.strip().splitlines()[0] if detail.strip() else ""
    if "Prefix not found" in detail and (prefix := _unknown_prefix(text, line, column)) is not None:
        return _prefix_message(f"{name}: SPARQL syntax error at line {line}, column {column}", prefix)
    if "expected one of" in detail:  # Oxigraph lists every possible token: keep the first ones
        detail = _cut(detail, 80)
    return f"{name}: SPARQL syntax error at line {line}, column {column}{_near(text, line, column)}: {detail}"


def binding(value: str) -> Term:
    """The term a ``--bind NAME=VALUE`` value stands for: ``<iri>`` or an http(s) IRI, else a plain string.

    >>> binding("<https://example.org/a>").kind, binding("Japon").kind
    ('iri', 'literal')
    """
    if value.startswith("<") and value.endswith(">"):
        return Term("iri", value[1:-1])
    if re.match(r"^https?://\S+$", value):
        return Term("iri", value)
    return Term("literal", value, XSD_STRING)


def _ox_syntax_message(message: str, name: str, text: str) -> str:
    match = _OX_POSITION.match(message)
    if match:
        line, column, rest = match.groups()
        return _syntax_message(name, text, int(line), int(column), rest)
    return f"{name}: SPARQL syntax error: {message}"


def _run_rdflib(source: Any, text: str, name: str) -> Results:
    from pyparsing import ParseBaseException

    from diplograph.export.rdf import prefixes

    graph = load_rdflib(source)
    try:
        answer = graph.query(text, initNs=prefixes())
        kind = answer.type
    except ParseBaseException as exc:
        raise QueryError(_syntax_message(name, text, exc.lineno, exc.col, exc.msg)) from None
    except Exception as exc:  # rdflib's evaluator raises assorted types
        unknown = re.match(r"^Unknown namespace prefix : (\S*)$", str(exc))
        if unknown:
            raise QueryError(_prefix_message(f"{name}: SPARQL syntax error", unknown.group(1))) from None
        raise QueryError(f"{name}: the query failed: {exc}") from None
    if kind == "ASK":
        return Results((), boolean=bool(answer.askAnswer), engine="rdflib")
    if kind in ("CONSTRUCT", "DESCRIBE"):
        rows = tuple((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in answer.graph)
        return Results(("subject", "predicate", "object"), rows, engine="rdflib")
    variables = tuple(str(v) for v in answer.vars)
    rows = tuple(tuple(_rdflib_term(row[i]) for i in range(len(variables))) for row in answer)
    return Results(variables, rows, engine="rdflib")


ENGINES: dict[str, Callable[[Any, str, str], Results]] = {"oxigraph": _run_oxigraph, "rdflib": _run_rdflib}


def read_query(query: str | Path) -> tuple[str, str]:
    """The text of ``query`` and a name for messages: a ``.rq``/``.sparql`` file is read, else the string is the query.

    Args:
        query: a SPARQL string or the path of a query file.

    Returns:
        ``(text, name)``.
    """
    as_text = str(query)
    if as_text.lower().endswith((".rq", ".sparql")) and "\n" not in as_text and "{" not in as_text:
        path = Path(as_text)
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read the query: {getattr(exc, 'strerror', None) or exc}") from None
    return as_text, "query"


def query(source: Any, sparql: str | Path, engine: str = "oxigraph",
          bindings: dict[str, Term | str] | None = None, cache: bool = False) -> Results:
    """Run a SPARQL query on an export.

    Args:
        source: a file path (``.ttl``, ``.nt``, ``.trig``...), a KnowledgeGraph, an rdflib graph or an Oxigraph store.
        sparql: the query, or the path of a ``.rq`` file.
        engine: ``oxigraph`` (default) or ``rdflib``.
        bindings: values for variables of the query (``{"speakerLabel": "NBC News"}``): a string is read
            by :func:`binding`.
        cache: with Oxigraph and a file, keep an on-disk store of it (:func:`cached_store`) so that the
            next query on the same file does not parse it again.

    Returns:
        The :class:`Results`.

    Raises:
        QueryError: on a syntax error (with line and column) or a failing query.
    """
    if engine not in ENGINES:
        raise QueryError(f"unknown SPARQL engine {engine!r} (expected one of: {', '.join(sorted(ENGINES))})")
    text, name = read_query(sparql)
    if cache and engine == "oxigraph" and isinstance(source, str | Path):
        source = cached_store(source)
    return ENGINES[engine](source, with_bindings(text, bindings or {}), name)


def with_bindings(text: str, bindings: dict[str, Term | str]) -> str:
    """The query with a ``VALUES`` block giving variables their values (same in every engine).

    The block opens the query's WHERE group, so that the group's FILTERs and BINDs see the values
    (a trailing VALUES clause is joined only after them, and after any aggregation).

    >>> with_bindings("SELECT ?s WHERE { ?s ?p ?o }", {"o": "x"})
    'SELECT ?s WHERE { VALUES (?o) { ("x") } ?s ?p ?o }'
    """
    if not bindings:
        return text
    names, terms = [], []
    used = sorted(set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", text)))
    for name, value in bindings.items():
        if not re.match(r"^[?$]?[A-Za-z_][A-Za-z0-9_]*$", name):
            raise QueryError(f"--bind {name!r}: not a variable name")
        if name.lstrip("?$") not in used:
            known = ", ".join(f"?{v}" for v in used) or "none"
            raise QueryError(f"--bind {name}: the query has no variable ?{name.lstrip('?$')} (its variables: {known})")
        names.append("?" + name.lstrip("?$"))
        terms.append((value if isinstance(value, Term) else binding(value)).n3())
    block = f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None:
        return f"{text.rstrip()}\n{block}"
    return f"{text[:where.end()]} {block}{text[where.end():]}"


# --- output -------------------------------------------------------------------------------------------

def _compact(term: Term | None, names: Sequence[tuple[str, str]]) -> str:
    if term is None:
        return ""
    if term.kind == "iri":
        for prefix, namespace in names:
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    return term.value.replace("\n", " ")


def format_table(results: Results, width: int = 60) -> str:
    """A text table for a terminal (IRIs compacted with the export's prefixes, long cells cut)."""
    from diplograph.export.rdf import prefixes

    if results.boolean is not None:
        return "yes" if results.boolean else "no"
    from diplograph.settings import DEFAULT_BASE_IRI

    names = sorted({**prefixes(), "id": DEFAULT_BASE_IRI}.items(), key=lambda kv: -len(kv[1]))
    cells = [[_cut(_compact(t, names), width) for t in row] for row in results.rows]
    header = list(results.variables)
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join([line.rstrip(), rule, *body, f"({len(cells)} row{'s' if len(cells) != 1 else ''})"])


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _ox(term: Term | None) -> Any:
    import pyoxigraph as ox

    if term is None:
        return None
    try:
        if term.kind == "iri":
            return ox.NamedNode(term.value)
        if term.kind == "bnode":
            return ox.BlankNode(term.value)
        if term.language:
            return ox.Literal(term.value, language=term.language)
        if term.datatype and term.datatype != XSD_STRING:
            return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype))
        return ox.Literal(term.value)
    except ValueError as exc:
        raise QueryError(f"a result cannot be written as SPARQL results: {term.n3()}: {exc}") from None


def serialize_results(results: Results, format_name: str) -> str:
    """The results in a SPARQL 1.1 results format (``csv``, ``tsv``, ``json``, ``xml``), written by Oxigraph.

    >>> serialize_results(Results(("x",), ((Term("literal", "a,b", XSD_STRING),),)), "csv")
    'x\\r\\n"a,b"\\r\\n'
    >>> serialize_results(Results((), boolean=True), "json")
    '{"head":{},"boolean":true}'
    """
    import pyoxigraph as ox

    fmt = getattr(ox.QueryResultsFormat, format_name.upper())
    if results.boolean is not None:  # Oxigraph's own reader builds the answer from its JSON form
        answer = ox.parse_query_results(json.dumps({"head": {}, "boolean": results.boolean}),
                                        ox.QueryResultsFormat.JSON)
    else:  # and the solutions from TSV, each term in the N-Triples form Oxigraph prints
        lines = ["\t".join(f"?{v}" for v in results.variables)]
        lines += ["\t".join("" if t is None else str(_ox(t)) for t in row) for row in results.rows]
        answer = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    return answer.serialize(format=fmt).decode("utf-8")


def format_csv(results: Results) -> str:
    """SPARQL 1.1 CSV results: plain values."""
    return serialize_results(results, "csv")


def format_tsv(results: Results) -> str:
    """SPARQL 1.1 TSV results: terms in N-Triples form."""
    return serialize_results(results, "tsv")


def format_json(results: Results) -> str:
    """SPARQL 1.1 JSON results."""
    return serialize_results(results, "json")


FORMATTERS: dict[str, Callable[[Results], str]] = {
    "table": format_table, "csv": format_csv, "tsv": format_tsv, "json": format_json,
}
