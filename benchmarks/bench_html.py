"""Benchmark of the HTML page on a generated graph (default 2,000 entities, 10,000 relations).

Measures the export (layout, page assembly, write), the page size, and in headless Chromium
(Debian's /usr/bin/chromium driven by Playwright, network blocked) the time to the first drawn
frame of the graph counted from navigation start, and the response time of a search, a filter
and a node click. Goal of the project: open and respond within 3 s.

    PYTHONPATH=src python benchmarks/bench_html.py [--entities 2000] [--relations 10000] [--runs 3]
    PYTHONPATH=src python benchmarks/bench_html.py --page out/graph.html   # a page built by the CLI
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from chromium import CHROMIUM_ARGS  # benchmarks/ is on the path of a script run from it

from diplograph.export.html import graph_data, to_html, write_html
from diplograph.graph import KnowledgeGraph
from diplograph.model import Document, Entity, EntityType, Evidence, Modality, Relation

RELATION_TYPES = [
    "alliance",
    "arms_supply",
    "sanctions",
    "sanctions_relief",
    "military_cooperation",
    "criticism",
    "support",
    "meeting",
    "conflict",
    "violation",
    "membership",
    "agreement_party",
]
SYLLABLES = ["ka", "lo", "mi", "ré", "sa", "to", "vé", "na", "bu", "zi", "é", "or", "an", "el", "qu", "dra"]


def _name(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(rng.randint(1, 2))
    )


def generate(entities: int, relations: int, documents: int = 400, seed: int = 1) -> KnowledgeGraph:
    """A random graph with a heavy-tailed degree distribution, like a news corpus."""
    rng = random.Random(seed)
    docs = {
        f"doc{i}": Document(
            f"doc{i}",
            f"article_{i:04d}.txt",
            "",
            f"h{i}",
            title=f"Dépêche {i} : {_name(rng)}",
            date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        )
        for i in range(documents)
    }
    doc_ids = list(docs)
    types = list(EntityType)
    ents = {}
    for i in range(entities):
        key = f"e/{i}"
        label = f"{_name(rng)} {i}"
        ents[key] = Entity(
            key,
            label,
            rng.choice(types),
            aliases=(label.lower(), _name(rng)),
            documents=tuple(sorted(rng.sample(doc_ids, rng.randint(1, 6)))),
            mention_count=rng.randint(1, 60),
        )
    keys = list(ents)
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(entities)]
    rels: dict[tuple[str, str, str, str], Relation] = {}
    while len(rels) < relations:
        source, target = rng.choices(keys, weights, k=2)
        if source == target:
            continue
        evidence = tuple(
            Evidence(
                rng.choice(doc_ids),
                0,
                120,
                f"{ents[source].label} et {ents[target].label} : "
                f"phrase de preuve numéro {len(rels)} tirée d'une dépêche générée pour le banc d'essai.",
            )
            for _ in range(rng.randint(1, 3))
        )
        relation = Relation(rng.choice(RELATION_TYPES), source, target, rng.choice(list(Modality)), evidence)
        rels[relation.merge_key] = relation
    return KnowledgeGraph(documents=docs, entities=ents, relations=rels)


def measure_browser(page_path: Path, runs: int) -> dict[str, list[float]]:
    """Times in ms, measured in Chromium with every non-file request aborted."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {"first_draw": [], "responsive": [], "search": [], "filter": [], "dates": [], "click": [], "whole": []}
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith("file:")
                    else (blocked.append(route.request.url), route.abort())
                ),
            )
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-ready]", timeout=120_000)
            times["first_draw"].append(page.evaluate("window.diplograph.readyAt"))
            # main thread free again: a task queued now runs at once if nothing is still blocking
            times["responsive"].append(page.evaluate("new Promise(r => setTimeout(() => r(performance.now()), 0))"))
            target = page.evaluate("window.diplograph.data.nodes[window.diplograph.data.nodes.length - 1].label")
            start = page.evaluate("performance.now()")
            page.fill("#search", target)
            page.press("#search", "Enter")
            page.wait_for_function(
                "t => document.querySelector('#panel h2') && document.querySelector('#panel h2').textContent === t",
                arg=target,
            )
            times["search"].append(page.evaluate("performance.now()") - start)
            start = page.evaluate("performance.now()")
            page.click("input[data-filter=modality][data-value=hypothetical]")
            page.wait_for_function(
                "!document.querySelector('input[data-filter=modality][data-value=hypothetical]').checked"
            )
            page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            times["filter"].append(page.evaluate("performance.now()") - start)
            start = page.evaluate("performance.now()")  # the first half of the date span, as the date inputs set it
            page.evaluate(
                """() => { const s = window.diplograph.data.settings.dates; if (!s.length) return;
                const from = Date.parse(s[0].padEnd(10, '-01').slice(0, 10)), to = Date.parse(s[1].padEnd(10, '-28').slice(0, 10));
                window.diplograph.setDates(s[0], new Date((from + to) / 2).toISOString().slice(0, 10)); }"""
            )
            page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            times["dates"].append(page.evaluate("performance.now()") - start)
            page.evaluate("window.diplograph.setDates('', '')")
            clicked = page.evaluate(
                """() => { const d = window.diplograph, net = d.network; net.fit();
                const box = net.body.container.getBoundingClientRect(), shown = new Set(d.visibleNodeIds());
                for (const n of d.data.nodes.filter(n => shown.has(n.id))) {
                  const p = net.canvasToDOM(net.getPositions([n.id])[n.id]);
                  if (p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height && net.getNodeAt(p) === n.id)
                    return {x: p.x, y: p.y, label: n.label};
                } }"""
            )
            canvas = page.locator("#graph canvas").bounding_box()
            start = page.evaluate("performance.now()")
            page.mouse.click(canvas["x"] + clicked["x"], canvas["y"] + clicked["y"])
            page.wait_for_function("t => document.querySelector('#panel h2')?.textContent === t", arg=clicked["label"])
            page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            times["click"].append(page.evaluate("performance.now()") - start)
            start = page.evaluate("performance.now()")  # the whole graph: every entity, isolated ones too
            page.select_option("#view", "0")
            page.check("#show-isolated")
            page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
            times["whole"].append(page.evaluate("performance.now()") - start)
            if errors:
                raise SystemExit(f"page errors: {errors}")
            page.close()
        browser.close()
    if blocked:
        raise SystemExit(f"requests left the page: {blocked[:5]}")
    return times


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--page", type=Path, default=None, help="measure this page in the browser instead of a generated one")
    args = parser.parse_args()
    if args.page is not None:
        print(f"page: {args.page} ({args.page.stat().st_size / 1e6:.2f} MB)")
        _print_times(measure_browser(args.page.resolve(), args.runs))
        return 0
    kg = generate(args.entities, args.relations)
    started = time.perf_counter()
    data = graph_data(kg)
    data_s = time.perf_counter() - started
    started = time.perf_counter()
    to_html(kg)
    page_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        started = time.perf_counter()
        write_html(kg, path)
        write_s = time.perf_counter() - started
        size = path.stat().st_size
        print(f"graph: {len(kg.entities)} entities, {len(kg.relations)} relations, {len(kg.documents)} documents")
        print(f"settings: {data['settings']}")
        print(f"export: graph_data (incl. layout) {data_s:.2f} s; to_html {page_s:.2f} s; write_html {write_s:.2f} s")
        print(f"page size: {size / 1e6:.2f} MB")
        if args.no_browser:
            return 0
        if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
            print("browser: skipped (no chromium; apt-get install -y chromium)")
            return 0
        times = measure_browser(path, args.runs)
    _print_times(times)
    return 0


def _print_times(times: dict[str, list[float]]) -> None:
    for name, values in times.items():
        runs = ", ".join(f"{v:.0f}" for v in values)
        print(f"browser {name:10s}: median {statistics.median(values):7.0f} ms  (runs: {runs})")
    print("first_draw and responsive count from navigation start; search/filter/dates/click from the action.")


if __name__ == "__main__":
    sys.exit(main())
