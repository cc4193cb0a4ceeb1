"""How linked and dated a build is: the measures of issue 15 on a folder of texts and its sources.json.

The folder's files and the dates of ``sources.json`` (a list of ``{"file", "date", "title", "url"}``) are
written to one JSONL (``date`` per line), built, and measured: the share of States and of international
organisations with a Wikidata link, the share of relations with a date (event or document) and the
rows of ``queries/contradictions.rq``.

Usage::

    python benchmarks/linked_and_dated.py ../shared/devset/docs ../shared/devset/sources.json \\
        --gold ../shared/devset/gold.json --head-dates ../shared/corpora/wikinews_fr.jsonl.gz
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from diplograph.api import build
from diplograph.graph import KnowledgeGraph
from diplograph.model import EntityType
from diplograph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def to_jsonl(folder: Path, sources: Path, out: Path) -> Path:
    """One JSONL line per text file of ``folder``, with the date, title and URL ``sources`` gives it."""
    meta = {row["file"]: row for row in json.loads(sources.read_text(encoding="utf-8"))}
    with out.open("w", encoding="utf-8") as handle:
        for path in sorted(folder.glob("*.txt")):
            row = meta.get(path.name, {})
            line = {"id": path.stem, "text": path.read_text(encoding="utf-8"),
                    **{k: row[k] for k in ("date", "title", "url") if row.get(k)}}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return out


def measure(kg: KnowledgeGraph) -> dict[str, object]:
    """The shares issue 15 asks for, and the contradictions."""
    by_type: dict[EntityType, list] = {}
    for entity in kg.entities.values():
        by_type.setdefault(entity.type, []).append(entity)
    states = by_type.get(EntityType.STATE, [])
    igos = by_type.get(EntityType.INTERNATIONAL_ORGANIZATION, [])
    relations = list(kg.relations.values())
    rows = kg.query((ROOT / "queries" / "contradictions.rq").read_text(encoding="utf-8"))
    return {
        "states_linked": f"{sum(1 for e in states if e.wikidata)}/{len(states)}",
        "igos_linked": f"{sum(1 for e in igos if e.wikidata)}/{len(igos)}",
        "igos_unlinked": sorted(e.key for e in igos if not e.wikidata),
        "relations_dated": f"{sum(1 for r in relations if r.date)}/{len(relations)}",
        "date_kinds": dict(Counter(r.date_kind or "none" for r in relations)),
        "contradiction_rows": len(rows),
    }


def gold_dating(folder: Path, sources: Path, gold: Path) -> dict[str, object]:
    """Dates of the gold relations' evidence, by the extraction's dating step: what share a perfect
    extractor would date (the build's own relations are few while extraction is young)."""
    from diplograph.extract.dating import date_relations
    from diplograph.ingest import document_date, make_document
    from diplograph.model import Evidence, Modality, Relation

    meta = {row["file"]: row for row in json.loads(sources.read_text(encoding="utf-8"))}
    kinds: Counter[str] = Counter()
    for doc in json.loads(gold.read_text(encoding="utf-8")):
        text = (folder / doc["file"]).read_text(encoding="utf-8")
        document = make_document(text, doc["file"], date=document_date(meta.get(doc["file"], {}).get("date"), text))
        relations = []
        for rel in doc["relations"]:
            start = max(0, text.find(rel["evidence"]))
            evidence = Evidence(document.id, start, start + len(rel["evidence"]), rel["evidence"])
            relations.append(Relation(rel["type"], rel["source"], rel["target"], Modality(rel["modality"]), (evidence,)))
        kinds.update(r.date_kind or "none" for r in date_relations(relations, document))
    total = sum(kinds.values())
    return {"gold_relations_dated": f"{total - kinds['none']}/{total}", "gold_date_kinds": dict(kinds)}


def head_dates(corpus: Path) -> dict[str, int]:
    """How the dated head line of each text (:func:`diplograph.dates.head_date`) compares with the corpus's
    own ``date`` field, over a JSONL corpus (gzipped or not)."""
    import gzip

    from diplograph.dates import head_date

    counts: Counter[str] = Counter()
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            found = head_date(row["text"])
            counts["none" if found is None else "same" if found == row.get("date") else "different"] += 1
    return {f"head_date_{k}": v for k, v in sorted(counts.items())}


def main() -> None:
    """Command-line entry point: print the measures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("sources", type=Path)
    parser.add_argument("--gold", type=Path, help="gold.json: also date the gold relations' evidence")
    parser.add_argument("--head-dates", type=Path, help="a JSONL corpus with dates: compare its head-line dates")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = to_jsonl(args.folder, args.sources, Path(tmp) / "corpus.jsonl")
        kg = build([corpus], Settings(cache_dir=None))
    measures = measure(kg)
    if args.gold:
        measures.update(gold_dating(args.folder, args.sources, args.gold))
    if args.head_dates:
        measures.update(head_dates(args.head_dates))
    json.dump(measures, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
