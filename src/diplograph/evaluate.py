"""Score a build against a human annotation (the format of ``seeds_gold.json``).

Entities are aligned to gold ones by surface forms (a predicted duplicate of an already matched
entity is a false positive); posts by (person, organisation); relations through the Turtle
export as (type, source, target) triples, symmetric types unordered, then their modality.

``python -m diplograph.evaluate [INPUT ...] --gold FILE`` prints the full report.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from diplograph.graph import SYMMETRIC_TYPES, KnowledgeGraph
from diplograph.resources import normalize

Triple = tuple[str, str, str]


@dataclass
class Score:
    """Counts and the lists behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The annotation: a list of documents with entities, roles and relations."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return data if isinstance(data, list) else [data]


def _forms(*names: Iterable[str] | str) -> set[str]:
    out: set[str] = set()
    for name in names:
        for item in [name] if isinstance(name, str) else name:
            out.add(normalize(item))
    return out


def align_entities(kg: KnowledgeGraph, gold: Sequence[dict[str, Any]]) -> tuple[Score, dict[str, str]]:
    """Typed entity score per document, and gold id -> predicted key."""
    score = Score()
    alignment: dict[str, str] = {}
    by_file = {doc.file_name: doc_id for doc_id, doc in kg.documents.items()}
    for gdoc in gold:
        doc_id = by_file.get(gdoc["file"])
        predicted = [e for e in kg.entities.values() if doc_id in e.documents]
        pairs = []
        for g in gdoc["entities"]:
            gforms = _forms(g["mentions"], g["label"])
            for e in predicted:
                overlap = len(gforms & _forms(e.aliases, e.label))
                if overlap:
                    pairs.append((e.type.value == g["type"], overlap, g["id"], e.key))
        pairs.sort(reverse=True)
        used_gold: set[str] = set()
        used_pred: set[str] = set()
        for same_type, _overlap, gid, key in pairs:
            if gid in used_gold or key in used_pred:
                continue
            used_gold.add(gid)
            used_pred.add(key)
            alignment.setdefault(gid, key)
            if same_type:
                score.tp += 1
            else:
                score.fp += 1
                score.fn += 1
                score.misses.append(f"{gdoc['file']}: {gid} typed {kg.entities[key].type.value}")
        for g in gdoc["entities"]:
            if g["id"] not in used_gold:
                score.fn += 1
                score.misses.append(f"{gdoc['file']}: {g['id']} ({g['label']}) not found")
        for e in predicted:
            if e.key not in used_pred:
                score.fp += 1
                score.spurious.append(f"{gdoc['file']}: {e.key} ({e.label}, {e.type.value})")
    return score, alignment


def score_posts(kg: KnowledgeGraph, gold: Sequence[dict[str, Any]], alignment: dict[str, str]) -> Score:
    """Recall of (person, organisation) posts and affiliations."""
    score = Score()
    predicted = {(p.person, p.organization) for p in kg.posts.values()}
    for gdoc in gold:
        for role in gdoc.get("roles", []):
            pair = (alignment.get(role["person"], "?"), alignment.get(role["of"], "?"))
            if pair in predicted:
                score.tp += 1
            else:
                score.fn += 1
                score.misses.append(f"{gdoc['file']}: {role['person']} {role['title']} of {role['of']}")
    return score


def _key(rtype: str, source: str, target: str) -> Triple:
    if rtype in SYMMETRIC_TYPES and target < source:
        source, target = target, source
    return (rtype, source, target)


def relations_from_turtle(turtle: str, base_iri: str) -> dict[Triple, set[str]]:
    """(type, source key, target key) -> modalities, read back from the export."""
    graph = Graph()
    graph.parse(data=turtle, format="turtle")
    query = """
        PREFIX dg: <https://w3id.org/diplograph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?type ?source ?target ?modality WHERE {
          ?r a dg:Relation ; dg:relationType/skos:notation ?type ; dg:source ?source ; dg:target ?target ;
             dg:modality/skos:notation ?modality .
        }"""
    from diplograph.vocab import ontology_graph

    merged = graph + ontology_graph()
    found: dict[Triple, set[str]] = defaultdict(set)
    for row in merged.query(query):
        source, target = str(row.source)[len(base_iri):], str(row.target)[len(base_iri):]  # type: ignore[union-attr]
        found[_key(str(row.type), source, target)].add(str(row.modality))  # type: ignore[union-attr]
    return found


def score_relations(
    predicted: dict[Triple, set[str]], gold: Sequence[dict[str, Any]], alignment: dict[str, str]
) -> tuple[Score, Score, dict[str, Score]]:
    """Triple score, modality score of the matched triples, and per-type scores."""
    expected: dict[Triple, set[str]] = defaultdict(set)
    for gdoc in gold:
        for rel in gdoc.get("relations", []):
            triple = _key(rel["type"], alignment.get(rel["source"], "gold:" + rel["source"]),
                          alignment.get(rel["target"], "gold:" + rel["target"]))
            expected[triple].add(rel["modality"])
    score, modality = Score(), Score()
    per_type: dict[str, Score] = defaultdict(Score)
    for triple, modalities in expected.items():
        if triple in predicted:
            score.tp += 1
            per_type[triple[0]].tp += 1
            if predicted[triple] <= modalities:
                modality.tp += 1
            else:
                modality.fp += 1
                modality.spurious.append(f"{triple}: predicted {sorted(predicted[triple])}, gold {sorted(modalities)}")
        else:
            score.fn += 1
            per_type[triple[0]].fn += 1
            score.misses.append(f"{triple} {sorted(modalities)}")
    for triple in predicted:
        if triple not in expected:
            score.fp += 1
            per_type[triple[0]].fp += 1
            score.spurious.append(f"{triple} {sorted(predicted[triple])}")
    return score, modality, dict(per_type)


def miss_reasons(
    predicted: dict[Triple, set[str]], gold: Sequence[dict[str, Any]], alignment: dict[str, str]
) -> Counter[str]:
    """Why gold relations were missed, by kind: a wrong type, source or target, or nothing at all.

    Also counts predicted relations with a wrong modality, by (predicted, gold) modality.
    """
    reasons: Counter[str] = Counter()
    expected: dict[Triple, set[str]] = defaultdict(set)
    for gdoc in gold:
        for rel in gdoc.get("relations", []):
            expected[_key(rel["type"], alignment.get(rel["source"], "gold:" + rel["source"]),
                          alignment.get(rel["target"], "gold:" + rel["target"]))].add(rel["modality"])
    for gdoc in gold:
        for rel in gdoc.get("relations", []):
            source = alignment.get(rel["source"], "gold:" + rel["source"])
            target = alignment.get(rel["target"], "gold:" + rel["target"])
            triple = _key(rel["type"], source, target)
            if triple in predicted:
                extra = predicted[triple] - expected[triple]
                if extra and rel["modality"] not in predicted[triple]:
                    reasons[f"{rel['type']}: modality {'/'.join(sorted(extra))} for {rel['modality']}"] += 1
                continue
            ends = {source, target}
            others = sorted({p[0] for p in predicted if set(p[1:]) == ends and p[0] != rel["type"]})
            if others:
                reasons[f"{rel['type']}: found as {'/'.join(others)}"] += 1
            elif any(p[0] == rel["type"] and (p[1] == source or p[2] == target) for p in predicted):
                same_source = any(p[1] == source for p in predicted if p[0] == rel["type"])
                reasons[f"{rel['type']}: found with another {'target' if same_source else 'source'}"] += 1
            elif source.startswith("gold:") or target.startswith("gold:"):
                reasons[f"{rel['type']}: an end is not an entity of the build"] += 1
            else:
                reasons[f"{rel['type']}: not extracted (no trigger, or no argument reached an entity)"] += 1
    return reasons


def report(kg: KnowledgeGraph, gold: Sequence[dict[str, Any]], base_iri: str) -> dict[str, Any]:
    """Every figure of the evaluation, as data."""
    from diplograph.export.rdf import to_rdf

    entities, alignment = align_entities(kg, gold)
    posts = score_posts(kg, gold, alignment)
    predicted = relations_from_turtle(to_rdf(kg, base_iri).serialize(format="turtle"), base_iri)
    relations, modality, per_type = score_relations(predicted, gold, alignment)
    return {"entities": entities, "posts": posts, "relations": relations, "modality": modality, "per_type": per_type,
            "reasons": miss_reasons(predicted, gold, alignment)}


def _print(result: dict[str, Any], out: Any = sys.stdout) -> None:
    e, p, r, m = result["entities"], result["posts"], result["relations"], result["modality"]
    print(f"entities  P {e.precision:.3f}  R {e.recall:.3f}  F1 {e.f1:.3f}  (tp {e.tp}, fp {e.fp}, fn {e.fn})", file=out)
    print(f"posts     recall {p.recall:.3f}  ({p.tp}/{p.tp + p.fn})", file=out)
    print(f"relations P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}  (tp {r.tp}, fp {r.fp}, fn {r.fn})", file=out)
    total = m.tp + m.fp
    print(f"modality  accuracy {m.tp / total if total else 0:.3f}  ({m.tp}/{total})", file=out)
    print("per type:", file=out)
    for rtype, s in sorted(result["per_type"].items()):
        print(f"  {rtype:22} P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.2f} (tp {s.tp} fp {s.fp} fn {s.fn})", file=out)
    reasons = result.get("reasons") or Counter()
    if reasons:
        print("most common miss reasons (per gold annotation, top 10):", file=out)
        for reason, count in reasons.most_common(10):
            print(f"  {count:3}  {reason}", file=out)
    for title, items in (("entity misses", e.misses), ("entity spurious", e.spurious), ("post misses", p.misses),
                         ("relation misses", r.misses), ("relation spurious", r.spurious), ("modality errors", m.spurious)):
        if items:
            print(f"{title} ({len(items)}):", file=out)
            for item in items:
                print(f"  - {item}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m diplograph.evaluate``: build the inputs and print the report."""
    from diplograph.api import build
    from diplograph.settings import DEFAULT_BASE_IRI, Settings

    parser = argparse.ArgumentParser(prog="python -m diplograph.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=["seeds"], help="documents (default: seeds/)")
    parser.add_argument("--gold", default="tests/data/seeds_gold.json", help="annotation file")
    parser.add_argument("--model", default=Settings().model)
    args = parser.parse_args(argv)
    settings = Settings(model=args.model)
    kg = build(args.inputs or ["seeds"], settings)
    _print(report(kg, load_gold(args.gold), DEFAULT_BASE_IRI))
    return 0


if __name__ == "__main__":
    sys.exit(main())
