"""rdflib vs Oxigraph on the same generated export: write, load, and the competency queries.

The graph is generated from records (random but seeded documents, entities, posts and relations
of every type and modality; no spaCy), written as N-Triples by the exporter, then loaded by both
engines. Every query must give identical results in both; the script prints times and ratios.

    PYTHONPATH=src python benchmarks/bench_sparql.py --triples 1000000
    PYTHONPATH=src python benchmarks/bench_sparql.py --triples 100000 --rdflib-write

rdflib takes minutes per query at a million triples: each rdflib query runs in a forked process
abandoned after ``--rdflib-query-timeout`` seconds (``--rdflib-timeout`` bounds the whole rdflib side).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from diplograph.graph import KnowledgeGraph
from diplograph.model import DocResult, Document, Entity, EntityType, Evidence, Modality, Post, Relation
from diplograph.sparql import query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["arms_supply", "critics_of", "single_source", "hypothetical_vs_asserted", "overview", "officials", "actors",
           "claims_by", "evidence_for_edge", "denials", "experts"]
TYPES = ["alliance", "arms_supply", "sanctions", "criticism", "support", "meeting", "conflict", "military_cooperation"]
TRIPLES_PER_RELATION = 24  # measured on the generator's output: relation + one or two evidence resources


def generate(triples: int, seed: int = 7) -> KnowledgeGraph:
    """A KnowledgeGraph whose export has about ``triples`` triples."""
    rng = random.Random(seed)
    n_relations = max(10, triples // TRIPLES_PER_RELATION)
    n_docs = max(2, n_relations // 20)
    n_states = 190
    n_people = max(20, n_relations // 50)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    states = [f"state/{letters[i // 26 % 26]}{letters[i % 26]}X" for i in range(n_states)]
    people = [f"person/p{i}" for i in range(n_people)]
    media = [f"org/media-{i}" for i in range(40)]
    kg = KnowledgeGraph()
    per_doc = n_relations // n_docs
    for d in range(n_docs):
        doc_id = f"d{d:06d}"
        text = "x" * 4000
        doc = Document(doc_id, f"{doc_id}.txt", text, "sha256:" + f"{d:064x}", title=f"Article {d}")
        keys = set()
        relations = []
        for r in range(per_doc):
            kind = rng.choice(TYPES)
            source, target = rng.sample(states, 2)
            start = rng.randrange(0, 3800)
            speaker = rng.choice(media) if rng.random() < 0.3 else None
            ev = Evidence(doc_id, start, start + rng.randrange(40, 200), f"Phrase {d}-{r} : {source} et {target}.",
                          speaker=speaker)
            modality = rng.choice(list(Modality))
            relations.append(Relation(kind, source, target, modality, (ev,), (speaker,) if speaker else ()))
            keys.update((source, target) + ((speaker,) if speaker else ()))
        person = rng.choice(people)
        state = rng.choice(states)
        keys.update((person, state))
        posts = (Post(person, rng.choice(["président", "ministre", "ambassadeur"]), state,
                      (Evidence(doc_id, 0, 20, "x" * 20),)),)
        entities = tuple(Entity(k, k.split("/")[1], _type(k), (k.split("/")[1],),
                                k.split("/")[1] if k.startswith("state/") else None, (doc_id,), 1)
                         for k in sorted(keys))
        kg.add(DocResult(doc, entities, (), posts, tuple(relations)))
    return kg.finalize()


def _type(key: str) -> EntityType:
    return {"state": EntityType.STATE, "person": EntityType.PERSON}.get(key.split("/")[0], EntityType.MEDIA_OUTLET)


def _timed(fn, *args, repeat: int = 1, **kwargs):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args, **kwargs)
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _rdflib_child(path: str, names: list[str], per_query: float, out) -> None:
    """Load with rdflib once, then run each query in a forked grandchild that is abandoned after ``per_query`` s."""
    from diplograph.sparql import load_rdflib

    started = time.perf_counter()
    graph = load_rdflib(Path(path))
    out.put(("load", time.perf_counter() - started, None))
    context = mp.get_context("fork")
    for name in names:
        answer: mp.Queue = context.Queue()

        def run(name: str = name, answer: mp.Queue = answer) -> None:
            seconds, result = _timed(query, graph, ROOT / "queries" / f"{name}.rq", engine="rdflib",
                                     bindings=_bindings(name))
            answer.put((seconds, result.sorted_rows()))

        worker = context.Process(target=run)
        worker.start()
        try:
            seconds, rows = answer.get(timeout=per_query)
            out.put((name, seconds, rows))
        except Exception:
            out.put((name, None, None))
        if worker.is_alive():
            worker.terminate()
        worker.join()
    out.put(("done", 0.0, None))


def _bindings(name: str) -> dict[str, str]:
    return {"evidence_for_edge": {"sourceLabel": "ABX"}, "claims_by": {"speakerLabel": "media-3"},
            "critics_of": {"targetLabel": "ACX"}}.get(name, {})


def main() -> None:
    """Run the benchmark (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rdflib-timeout", type=float, default=600.0, metavar="S",
                        help="stop waiting for rdflib after S seconds in total (default 600)")
    parser.add_argument("--rdflib-query-timeout", type=float, default=120.0, metavar="S",
                        help="abandon one rdflib query after S seconds (default 120)")
    parser.add_argument("--rdflib-write", action="store_true", help="also time rdflib's Turtle writer (slow)")
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    parser.add_argument("--pyshacl", action="store_true", help="also validate with pyshacl (a minute per 200k triples)")
    args = parser.parse_args()
    seconds, kg = _timed(generate, args.triples)
    print(f"generated {len(kg.relations)} relations, {len(kg.entities)} entities, {len(kg.documents)} documents "
          f"in {seconds:.1f} s")
    workdir = Path(tempfile.mkdtemp(prefix="bench_sparql_"))
    try:
        _run(args, kg, workdir / "graph.nt")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, kg: KnowledgeGraph, path: Path) -> None:
    from diplograph.export.rdf import serialize, to_rdf

    seconds, data = _timed(serialize, kg, "ntriples")
    path.write_bytes(data)
    n_triples = data.count(b"\n")
    print(f"export: {n_triples} triples, sorted N-Triples written in {seconds:.2f} s (first call: loads the ontology)")
    seconds, turtle = _timed(serialize, kg, "turtle")
    print(f"export: Turtle (sorted, prefixed) by Oxigraph in {seconds:.2f} s ({len(turtle) / 1e6:.1f} MB)")
    if args.rdflib_write:
        rdf_seconds, _ = _timed(lambda: to_rdf(kg).serialize(format="turtle"))
        print(f"export: Turtle by rdflib (to_rdf + serialize) in {rdf_seconds:.2f} s: "
              f"ratio rdflib/Oxigraph {rdf_seconds / seconds:.1f}x")

    from diplograph.sparql import load_store

    ox_load, store = _timed(load_store, path)
    ox_results = {}
    for name in args.queries:
        q = ROOT / "queries" / f"{name}.rq"
        seconds, result = _timed(query, store, q, repeat=3, bindings=_bindings(name))
        ox_results[name] = (seconds, result.sorted_rows())

    queue: mp.Queue = mp.get_context("fork").Queue()
    child = mp.get_context("fork").Process(target=_rdflib_child,
                                           args=(str(path), args.queries, args.rdflib_query_timeout, queue))
    child.start()
    deadline = time.monotonic() + args.rdflib_timeout
    rdflib_results: dict[str, tuple[float, object]] = {}
    while True:
        remaining = deadline - time.monotonic()
        try:
            name, seconds, rows = queue.get(timeout=max(remaining, 0.01))
        except Exception:
            break
        if name == "done":
            break
        if seconds is not None:
            rdflib_results[name] = (seconds, rows)
    if child.is_alive():
        child.terminate()
    child.join()

    print(f"\nload:  Oxigraph {ox_load:.2f} s", end="")
    if "load" in rdflib_results:
        print(f", rdflib {rdflib_results['load'][0]:.1f} s: ratio {rdflib_results['load'][0] / ox_load:.0f}x")
    else:
        print(f", rdflib did not finish within {args.rdflib_timeout:.0f} s")
    print(f"{'query':28} {'rows':>7} {'oxigraph s':>11} {'rdflib s':>10} {'ratio':>8}  same results")
    for name in args.queries:
        ox_seconds, ox_rows = ox_results[name]
        if name in rdflib_results:
            rdf_seconds, rdf_rows = rdflib_results[name]
            same = "yes" if rdf_rows == ox_rows else "NO"
            print(f"{name:28} {len(ox_rows):>7} {ox_seconds:>11.3f} {rdf_seconds:>10.2f} "
                  f"{rdf_seconds / max(ox_seconds, 1e-6):>7.0f}x  {same}")
        else:
            print(f"{name:28} {len(ox_rows):>7} {ox_seconds:>11.3f} {'timeout':>10} {'-':>8}  "
                  f"(rdflib did not finish in {args.rdflib_query_timeout:.0f} s)")
    from diplograph.validate import validate

    seconds, report = _timed(validate, path, engine="oxigraph")
    print(f"\nvalidate (shapes as SPARQL in Oxigraph, load included): {seconds:.1f} s, "
          f"{len(report.violations)} violations")
    if args.pyshacl:
        shacl_seconds, shacl_report = _timed(validate, path, engine="pyshacl")
        same = {v.key for v in shacl_report.violations} == {v.key for v in report.violations}
        print(f"validate with pyshacl: {shacl_seconds:.1f} s: ratio {shacl_seconds / seconds:.0f}x, "
              f"same violations: {'yes' if same else 'NO'}")
    mismatches = [n for n in args.queries if n in rdflib_results and rdflib_results[n][1] != ox_results[n][1]]
    if mismatches:
        raise SystemExit(f"results differ between engines: {', '.join(mismatches)}")


if __name__ == "__main__":
    main()
