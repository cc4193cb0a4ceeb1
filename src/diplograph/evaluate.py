"""Score builds against human annotations (the format of ``seeds_gold.json``), read back from the Turtle export.

The rules are those of the project's judge, ``../shared/tools/score.py`` (this is our own implementation
of them; ``tests/test_evaluate.py`` checks that both give the same figures). Everything is corpus-level:

- **entities**: surface forms are folded (accents, case, typographic apostrophes, spaces, leading
  articles and « M. »/« Mme », outer punctuation). Each predicted entity (a resource of a ``dg:`` entity
  class) is aligned to the gold entity sharing most forms with its ``rdfs:label`` + ``skos:altLabel``, the
  same type breaking a tie, then the first in the annotation. A typed match is a true positive; a
  wrong type, or a second predicted entity aligned to an already matched gold entity (a failed merge),
  is a false positive; a gold entity that no predicted entity of its type aligns to is a false negative.
- **relations**: unique (type, source, target) over the corpus, ends through that alignment, alliance
  and military_cooperation unordered. A relation with an end aligned to nothing is a false positive
  (once per exported statement: per speaker of a relation attributed to several).
- **modality**: the share of matched triples whose predicted modalities include a gold one.
- **attribution**: of the matched triples whose gold names a speaker, the share whose ``dg:attributedTo``
  aligns to one of the gold speakers.
- **posts**: (person, organisation or state) pairs from ``org:holds/org:postIn`` and ``org:memberOf``.

``python -m diplograph.evaluate [--set seeds|dev|all] [--details] [--gold FILE] [INPUT ...]`` builds each
set once with every relation kept (``min_confidence=0``), prints the figures side by side at the default
threshold, then precision and recall of the relations at several confidence thresholds (each graph
rebuilt from the kept per-document results, without parsing again).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, Namespace, URIRef

from diplograph.errors import DiplographError
from diplograph.graph import SYMMETRIC_TYPES, KnowledgeGraph
from diplograph.model import DocResult
from diplograph.settings import DEFAULT_BASE_IRI, DEFAULT_MIN_CONFIDENCE, Settings
from diplograph.vocab import DG_IRI

Key = tuple[str, str, str]  # (relation type, source, target), in gold ids
GoldDoc = dict[str, Any]

ORG = Namespace("http://www.w3.org/ns/org#")
_DG = Namespace(DG_IRI)
# dg: classes that are not entities (every other dg: class of a labelled resource is an entity type)
NOT_ENTITY_CLASSES = frozenset({"Relation", "Document", "Evidence", "Entity"})
# leading words dropped from a surface form, as often as they come (« de la », « l' », « M. »)
LEADING_WORDS = ("de la ", "de l'", "les ", "des ", "mme ", "aux ", "le ", "la ", "l'", "du ", "de ", "d'",
                 "m. ", "m ", "au ")
OUTER_PUNCTUATION = " .,;:«»\"'"
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def surface_form(text: str) -> str:
    """Fold a name the way the alignment compares names.

    >>> surface_form("  L’Union   européenne ")
    'union europeenne'
    >>> surface_form("M. de la Tour")
    'tour'
    """
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())
    stripped = True
    while stripped:
        stripped = False
        for word in LEADING_WORDS:
            if text.startswith(word):
                text, stripped = text[len(word):], True
                break
    return text.strip(OUTER_PUNCTUATION)


def relation_key(kind: str, source: str, target: str) -> Key:
    """The triple a relation counts as: symmetric types have their ends in sorted order.

    >>> relation_key("alliance", "russia", "north_korea")
    ('alliance', 'north_korea', 'russia')
    """
    if kind in SYMMETRIC_TYPES and target < source:
        source, target = target, source
    return (kind, source, target)


# --- figures ---------------------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

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

    def as_dict(self) -> dict[str, float | int]:
        """Rounded to 3 decimals, as score.py prints its JSON."""
        return {"p": round(self.precision, 3), "r": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Share:
    """``right`` of ``total`` (an accuracy; 0 when there is nothing to judge)."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Report:
    """Every figure of one scoring, and the lists behind them (gold ids; predicted labels where nothing aligns)."""

    triples: int = 0
    entities: Counts = field(default_factory=Counts)
    entities_untyped: Counts = field(default_factory=Counts)
    posts: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    modality: Share = field(default_factory=Share)
    attribution: Share = field(default_factory=Share)
    per_type: dict[str, Counts] = field(default_factory=dict)
    missed_entities: list[str] = field(default_factory=list)
    spurious_entities: list[str] = field(default_factory=list)
    missed_posts: list[str] = field(default_factory=list)
    spurious_posts: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    spurious_relations: list[str] = field(default_factory=list)
    unaligned_relations: list[str] = field(default_factory=list)
    modality_errors: list[str] = field(default_factory=list)
    attribution_errors: list[str] = field(default_factory=list)
    miss_reasons: dict[str, int] = field(default_factory=dict)
    missed_keys: list[Key] = field(default_factory=list, repr=False)
    spurious_keys: list[Key] = field(default_factory=list, repr=False)
    missed_entity_ids: list[str] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        """The figures under score.py's JSON keys (``python score.py --json``)."""
        return {
            "triples": self.triples,
            "entities": self.entities.as_dict(),
            "entities_untyped": self.entities_untyped.as_dict(),
            "relations": self.relations.as_dict(),
            "modality_accuracy": round(self.modality.value, 3),
            "attribution_accuracy": round(self.attribution.value, 3),
            "attributed_matched": self.attribution.total,
            "posts": self.posts.as_dict(),
            "relations_by_type": {kind: counts.as_dict() for kind, counts in sorted(self.per_type.items())},
            "missed_relations": sorted("/".join(key) for key in self.missed_keys),
            "spurious_relations": sorted("/".join(key) for key in self.spurious_keys),
            "missed_entities": sorted(self.missed_entity_ids),
        }


# --- the annotation ----------------------------------------------------------------------------------


@dataclass
class GoldEntity:
    type: str
    label: str
    forms: set[str] = field(default_factory=set)


@dataclass
class Gold:
    """The annotation pooled over its documents: entities by id (in order of first appearance)."""

    entities: dict[str, GoldEntity] = field(default_factory=dict)
    modalities: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    speakers: dict[Key, set[str | None]] = field(default_factory=lambda: defaultdict(set))
    posts: set[tuple[str, str]] = field(default_factory=set)


def load_gold(path: str | Path) -> list[GoldDoc]:
    """The annotation file: a list of documents with ``file``, ``entities``, ``roles`` and ``relations``.

    Raises:
        DiplographError: the file is missing, is not JSON, or is not in that shape (one line saying where).
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DiplographError(f"{path}: no such gold file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DiplographError(f"{path}: cannot read the gold file ({error})") from None
    except json.JSONDecodeError as error:
        raise DiplographError(f"{path}:{error.lineno}: not JSON ({error.msg})") from None
    docs = data if isinstance(data, list) else [data]
    for n, doc in enumerate(docs, start=1):
        problem = _gold_problem(doc)
        if problem:
            raise DiplographError(f"{path}: document {n}: {problem}")
    return docs


def _gold_problem(doc: Any) -> str | None:
    if not isinstance(doc, dict) or not isinstance(doc.get("file"), str):
        return "not an object with a 'file' name"
    for part, needed in (("entities", ("id", "label", "type")), ("relations", ("type", "source", "target")),
                         ("roles", ("person",))):
        items = doc.get(part, [])
        if not isinstance(items, list):
            return f"'{part}' is not a list"
        for item in items:
            if not isinstance(item, dict) or any(not isinstance(item.get(k), str) for k in needed):
                return f"an item of '{part}' lacks one of {', '.join(needed)}"
    return None


def pool_gold(docs: Iterable[GoldDoc]) -> Gold:
    """Pool the documents' annotations (an id's type is the one of its first document)."""
    gold = Gold()
    for doc in docs:
        for ent in doc["entities"]:
            entity = gold.entities.setdefault(ent["id"], GoldEntity(ent["type"], ent["label"]))
            entity.forms.add(surface_form(ent["label"]))
            entity.forms.update(surface_form(m) for m in ent.get("mentions") or ())
        for rel in doc.get("relations", []):
            key = relation_key(rel["type"], rel["source"], rel["target"])
            gold.modalities[key].add(rel.get("modality") or "asserted")
            gold.speakers[key].add(rel.get("attributed_to"))
        for role in doc.get("roles", []):
            if role.get("of"):
                gold.posts.add((role["person"], role["of"]))
    return gold


# --- the export ------------------------------------------------------------------------------------


@dataclass
class PredictedEntity:
    types: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    label: str = ""


@dataclass(frozen=True)
class Statement:
    """One exported relation as a user queries it: a speaker (None: none) and a modality per row."""

    type: str
    source: str
    target: str
    modality: str
    speaker: str | None


@dataclass
class Prediction:
    """What the export says: entities by IRI (in the order of the file), relation statements, post pairs."""

    entities: dict[str, PredictedEntity] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    posts: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0


def read_export(data: bytes | str, format: str = "turtle") -> Prediction:
    """Read an export (the bytes of ``graph.ttl``) into what the scoring compares."""
    graph = Graph()
    graph.parse(data=data, format=format)
    prediction = Prediction(triples=len(graph))
    for subject, cls in graph.subject_objects(RDF.type):
        name = str(cls)
        if not name.startswith(DG_IRI) or name[len(DG_IRI):] in NOT_ENTITY_CLASSES:
            continue
        labels = [*graph.objects(subject, RDFS.label), *graph.objects(subject, SKOS.altLabel)]
        if not labels:
            continue
        entity = prediction.entities.setdefault(str(subject), PredictedEntity())
        entity.types.add(name[len(DG_IRI):])
        entity.forms.update(surface_form(str(label)) for label in labels)
        entity.label = entity.label or str(graph.value(subject, RDFS.label) or labels[0])

    def notations(node: Any, predicate: URIRef) -> list[str]:
        return [str(n) for concept in graph.objects(node, predicate) for n in graph.objects(concept, SKOS.notation)]

    for node in graph.subjects(RDF.type, _DG.Relation):
        prediction.statements.extend(
            Statement(kind, str(source), str(target), modality, str(speaker) if speaker is not None else None)
            for kind, source, target, modality, speaker in product(
                notations(node, _DG.relationType), graph.objects(node, _DG.source), graph.objects(node, _DG.target),
                notations(node, _DG.modality) or ["asserted"], list(graph.objects(node, _DG.attributedTo)) or [None]))
    for person, post in graph.subject_objects(ORG.holds):
        prediction.posts.extend((str(person), str(org)) for org in graph.objects(post, ORG.postIn))
    prediction.posts.extend((str(person), str(org)) for person, org in graph.subject_objects(ORG.memberOf))
    return prediction


# --- scoring ---------------------------------------------------------------------------------------


def align(prediction: Prediction, gold: Gold) -> dict[str, str]:
    """Predicted IRI -> the gold id sharing most surface forms (same type breaks a tie, then gold order)."""
    alignment: dict[str, str] = {}
    for iri, entity in prediction.entities.items():
        best: tuple[int, bool] = (0, False)
        for gid, candidate in gold.entities.items():
            shared = len(entity.forms & candidate.forms)
            rank = (shared, candidate.type in entity.types)
            if shared and rank > best:
                best, alignment[iri] = rank, gid
    return alignment


def score(prediction: Prediction, gold: Gold) -> Report:
    """Score what an export says against the pooled annotation (see the module's docstring for the rules)."""
    report = Report(triples=prediction.triples)
    alignment = align(prediction, gold)
    _score_entities(prediction, gold, alignment, report)
    _score_relations(prediction, gold, alignment, report)
    _score_posts(prediction, gold, alignment, report)
    return report


def _score_entities(prediction: Prediction, gold: Gold, alignment: dict[str, str], report: Report) -> None:
    matched: set[str] = set()
    found: set[str] = set()  # gold ids that a predicted entity of their type aligns to
    for iri, entity in prediction.entities.items():
        gid = alignment.get(iri)
        typed = gid is not None and gold.entities[gid].type in entity.types
        if gid is not None and typed:
            found.add(gid)
        if gid is None:
            report.entities.fp += 1
            report.spurious_entities.append(f"{entity.label} ({'/'.join(sorted(entity.types))}): aligns to nothing")
        elif gid in matched:
            report.entities.fp += 1
            report.spurious_entities.append(f"{entity.label}: a second entity for {gid} (failed merge)")
        else:
            matched.add(gid)
            if typed:
                report.entities.tp += 1
            else:
                report.entities.fp += 1
                report.spurious_entities.append(
                    f"{entity.label}: typed {'/'.join(sorted(entity.types))}, {gid} is {gold.entities[gid].type}")
    report.entities.fn = len(gold.entities) - len(found)
    report.entities_untyped = Counts(len(matched), len(prediction.entities) - len(matched),
                                     len(gold.entities) - len(matched))
    report.missed_entity_ids = sorted(set(gold.entities) - found)
    report.missed_entities = [f"{gid} ({gold.entities[gid].label}, {gold.entities[gid].type})"
                              for gid in report.missed_entity_ids]


def _score_relations(prediction: Prediction, gold: Gold, alignment: dict[str, str], report: Report) -> None:
    modalities: dict[Key, set[str]] = defaultdict(set)
    speakers: dict[Key, set[str | None]] = defaultdict(set)
    labels = {iri: entity.label for iri, entity in prediction.entities.items()}
    for st in prediction.statements:
        if st.source not in alignment or st.target not in alignment:
            report.relations.fp += 1
            ends = [alignment.get(end) or f"?{labels.get(end, end.rsplit('/', 1)[-1])}" for end in (st.source, st.target)]
            report.unaligned_relations.append(f"{st.type}/{ends[0]}/{ends[1]}")
            continue
        key = relation_key(st.type, alignment[st.source], alignment[st.target])
        modalities[key].add(st.modality)
        speakers[key].add(alignment.get(st.speaker) if st.speaker is not None else None)
    matched = [key for key in modalities if key in gold.modalities]
    report.relations.tp = len(matched)
    report.relations.fp += len(modalities) - len(matched)
    report.relations.fn = len(gold.modalities) - len(matched)
    for key in sorted(matched):
        name = "/".join(key)
        report.modality.total += 1
        if modalities[key] & gold.modalities[key]:
            report.modality.right += 1
        else:
            report.modality_errors.append(f"{name}: {'/'.join(sorted(modalities[key]))}, "
                                          f"gold {'/'.join(sorted(gold.modalities[key]))}")
        if gold.speakers[key] - {None}:
            report.attribution.total += 1
            if speakers[key] & gold.speakers[key]:
                report.attribution.right += 1
            else:
                report.attribution_errors.append(
                    f"{name}: {_speakers(speakers[key])}, gold {_speakers(gold.speakers[key])}")
    report.missed_keys = sorted(gold.modalities.keys() - modalities.keys())
    report.spurious_keys = sorted(modalities.keys() - gold.modalities.keys())
    report.missed_relations = [f"{'/'.join(k)} ({'/'.join(sorted(gold.modalities[k]))})" for k in report.missed_keys]
    report.spurious_relations = ["/".join(k) for k in report.spurious_keys] + sorted(report.unaligned_relations)
    for kind in sorted({k[0] for k in gold.modalities} | {k[0] for k in modalities}):
        g = {k for k in gold.modalities if k[0] == kind}
        p = {k for k in modalities if k[0] == kind}
        report.per_type[kind] = Counts(len(g & p), len(p - g), len(g - p))
    report.miss_reasons = _miss_reasons(report.missed_keys, set(modalities), set(alignment.values()))


def _speakers(speakers: set[str | None]) -> str:
    return "/".join(sorted(s or "no speaker" for s in speakers))


def _miss_reasons(missed: Iterable[Key], predicted: set[Key], aligned: set[str]) -> dict[str, int]:
    """Why gold triples were missed, most common first: a wrong type, a wrong end, no entity, or nothing."""
    reasons: dict[str, int] = defaultdict(int)
    for kind, source, target in missed:
        others = sorted({p[0] for p in predicted if {p[1], p[2]} == {source, target} and p[0] != kind})
        if others:
            reasons[f"{kind}: found as {'/'.join(others)}"] += 1
        elif any(p[0] == kind and p[1] == source for p in predicted):
            reasons[f"{kind}: found with another target"] += 1
        elif any(p[0] == kind and p[2] == target for p in predicted):
            reasons[f"{kind}: found with another source"] += 1
        elif source not in aligned or target not in aligned:
            reasons[f"{kind}: an end is no entity of the build"] += 1
        else:
            reasons[f"{kind}: not extracted"] += 1
    return dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0])))


def _score_posts(prediction: Prediction, gold: Gold, alignment: dict[str, str], report: Report) -> None:
    pairs = {(alignment.get(person), alignment.get(org)) for person, org in prediction.posts}  # None: aligns to nothing
    hits = {pair for pair in pairs if pair in gold.posts}
    report.posts = Counts(len(hits), len(pairs) - len(hits), len(gold.posts) - len(hits))
    report.missed_posts = sorted(f"{p} of {o}" for p, o in gold.posts if (p, o) not in hits)
    report.spurious_posts = sorted(f"{p or '?'} of {o or '?'}" for p, o in pairs - hits)


def score_turtle(turtle: bytes | str, gold_docs: Sequence[GoldDoc]) -> Report:
    """Score a Turtle export against annotated documents."""
    return score(read_export(turtle), pool_gold(gold_docs))


def score_graph(kg: KnowledgeGraph, gold_docs: Sequence[GoldDoc], base_iri: str = DEFAULT_BASE_IRI) -> Report:
    """Score a built graph through its Turtle export (the bytes ``diplograph build`` writes)."""
    from diplograph.export.rdf import serialize

    return score_turtle(serialize(kg, "turtle", base_iri), gold_docs)


# --- sets, builds and thresholds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A column of a set: the documents whose file name starts with a number in [first, last] (None: all)."""

    name: str
    first: int | None = None
    last: int | None = None

    def holds(self, file_name: str) -> bool:
        """Whether the document named ``file_name`` belongs to this part."""
        if self.first is None or self.last is None:
            return True
        number = re.match(r"\d+", Path(file_name).name)
        return number is not None and self.first <= int(number.group()) <= self.last


@dataclass(frozen=True)
class EvalSet:
    """Documents, their annotation, and the columns they are shown in (the last one: the whole set)."""

    name: str
    inputs: tuple[Path, ...]
    gold: Path
    parts: tuple[Part, ...]


SEEDS = EvalSet("seeds", (Path("seeds"),), Path("tests/data/seeds_gold.json"), (Part("seeds"),))
DEV = EvalSet("dev", (Path("../shared/devset/docs"),), Path("../shared/devset/gold.json"),
              (Part("dev 01–12", 1, 12), Part("dev 13–24", 13, 24), Part("dev all")))


@dataclass
class Scored:
    """A set built once (every relation kept): its results, its annotation, and reports on demand."""

    set: EvalSet
    results: list[DocResult]
    gold: list[GoldDoc]
    base_iri: str = DEFAULT_BASE_IRI
    warnings: list[str] = field(default_factory=list)  # inputs that could not be read

    def graph(self, threshold: float, part: Part | None = None) -> KnowledgeGraph:
        """The graph of the part's documents, without the relations less trusted than ``threshold``."""
        from diplograph.api import confident

        kg = KnowledgeGraph()
        for result in self.results:
            if part is None or part.holds(result.document.file_name):
                kg.add(confident(result, threshold))
        return kg.finalize()

    def report(self, threshold: float = DEFAULT_MIN_CONFIDENCE, part: Part | None = None) -> Report:
        """Score the part's graph at ``threshold`` against the part's annotated documents."""
        gold = [doc for doc in self.gold if part is None or part.holds(doc["file"])]
        return score_graph(self.graph(threshold, part), gold, self.base_iri)


def build_set(eval_set: EvalSet, settings: Settings | None = None) -> Scored:
    """Parse and extract the set's documents once, keeping every relation (``min_confidence=0``).

    Raises:
        DiplographError: the gold file is unusable, or no input document could be read.
    """
    from diplograph.api import process
    from diplograph.ingest import iter_documents

    settings = (settings or Settings()).with_(min_confidence=0.0)
    gold = load_gold(eval_set.gold)
    problems: list[str] = []
    documents = iter_documents([str(p) for p in eval_set.inputs], on_error=lambda e: problems.append(str(e)))
    results = list(process(documents, settings))
    if not results:
        raise DiplographError(f"{eval_set.name}: no document could be read" + (f" ({problems[0]})" if problems else ""))
    return Scored(eval_set, results, gold, DEFAULT_BASE_IRI, problems)


# --- printing --------------------------------------------------------------------------------------


def _prf(counts: Counts) -> str:
    return f"{counts.precision:.2f} {counts.recall:.2f} {counts.f1:.2f}"


def _share(share: Share) -> str:
    return f"{share.value:.2f} ({share.right}/{share.total})"


ROWS: tuple[tuple[str, Callable[[Report], str]], ...] = (
    ("typed entities P R F1", lambda r: _prf(r.entities)),
    ("posts P R F1", lambda r: _prf(r.posts)),
    ("relations P R F1", lambda r: _prf(r.relations)),
    ("modality accuracy", lambda r: _share(r.modality)),
    ("attribution accuracy", lambda r: _share(r.attribution)),
)


def summary_table(columns: Sequence[tuple[str, Report]]) -> str:
    """The side-by-side table: one column per set or part."""
    width = max(16, *(len(name) + 2 for name, _ in columns))
    lines = [" " * 22 + "".join(f"{name:<{width}}" for name, _ in columns).rstrip()]
    for title, cell in ROWS:
        lines.append(f"{title:<22}" + "".join(f"{cell(report):<{width}}" for _, report in columns).rstrip())
    return "\n".join(lines)


def threshold_table(columns: Sequence[tuple[str, dict[float, Report]]], default: float) -> str:
    """Relation precision, recall and F1 per confidence threshold, one column per set."""
    width = 28
    head = f"{'min_confidence':<16}" + "".join(f"{name + ' P R F1 (tp/fp)':<{width}}" for name, _ in columns)
    lines = [head.rstrip()]
    for threshold in columns[0][1]:
        mark = " (default)" if threshold == default else ""
        cells = "".join(f"{_prf(by[threshold].relations) + f' ({by[threshold].relations.tp}/{by[threshold].relations.fp})':<{width}}"
                        for _, by in columns)
        lines.append((f"{threshold:<4.1f}{mark:<12}" + cells).rstrip())
    return "\n".join(lines)


def details(name: str, report: Report) -> str:
    """Per relation type, why relations were missed, and every miss and spurious item."""
    lines = [f"{name}: relations per type", f"  {'type':22} P    R    F1   tp  fp  fn"]
    for kind, c in sorted(report.per_type.items()):
        lines.append(f"  {kind:22} {_prf(c)} {c.tp:3} {c.fp:3} {c.fn:3}")
    if report.miss_reasons:
        lines.append(f"{name}: why gold relations were missed")
        lines.extend(f"  {count:3}  {reason}" for reason, count in report.miss_reasons.items())
    for title, items in (("missed entities", report.missed_entities), ("spurious entities", report.spurious_entities),
                         ("missed posts", report.missed_posts), ("spurious posts", report.spurious_posts),
                         ("missed relations", report.missed_relations),
                         ("spurious relations", report.spurious_relations),
                         ("modality errors", report.modality_errors),
                         ("attribution errors", report.attribution_errors)):
        if items:
            lines.append(f"{name}: {title} ({len(items)})")
            lines.extend(f"  - {item}" for item in items)
    return "\n".join(lines)


# --- command line ----------------------------------------------------------------------------------


def _sets(args: argparse.Namespace) -> tuple[list[EvalSet], list[str]]:
    """The sets to score and one-line notes about those skipped."""
    if args.inputs or args.gold:
        if args.set == "all":
            raise DiplographError("INPUT and --gold replace the files of one set: use --set seeds or --set dev")
        base = DEV if args.set == "dev" else SEEDS
        inputs = tuple(Path(p) for p in args.inputs) or base.inputs
        gold = Path(args.gold) if args.gold else base.gold
        if args.set is None:  # the user's own documents: one column
            return [EvalSet("input", inputs, gold, (Part("input"),))], []
        return [EvalSet(base.name, inputs, gold, base.parts)], []
    if args.set == "seeds":
        return [SEEDS], []
    if args.set == "dev":
        return [DEV], []
    if not DEV.gold.exists():  # --set all, or nothing given
        return [SEEDS], [f"dev set skipped: {DEV.gold} not found (it lives in ../shared)"]
    return [SEEDS, DEV], []


def run(args: argparse.Namespace, out: Any = sys.stdout) -> None:
    """Build each set once, then print the tables."""
    settings = Settings(model=args.model)
    default = settings.min_confidence
    eval_sets, notes = _sets(args)
    for note in notes:
        print(note, file=out)
    built = [build_set(eval_set, settings) for eval_set in eval_sets]
    for scored in built:
        for warning in scored.warnings:
            print(f"{scored.set.name}: skipped {warning}", file=out)
    columns: list[tuple[str, Report]] = []
    by_threshold: list[tuple[str, dict[float, Report]]] = []
    for scored in built:
        whole = {t: scored.report(t) for t in sorted({*THRESHOLDS, default})}
        by_threshold.append((scored.set.name, whole))
        for part in scored.set.parts:
            if part.first is None:
                columns.append((part.name, whole[default]))
            elif any(part.holds(doc["file"]) for doc in scored.gold):
                columns.append((part.name, scored.report(default, part)))
    print(f"Scored through the Turtle export, relations with confidence >= {default} "
          f"(the default min_confidence):", file=out)
    print(summary_table(columns), file=out)
    print(file=out)
    print("Relations by confidence threshold (each graph rebuilt from the same results, no new parse):", file=out)
    print(threshold_table(by_threshold, default), file=out)
    if args.details:
        for name, by in by_threshold:
            print(file=out)
            print(details(name, by[default]), file=out)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m diplograph.evaluate",
                                     description="Score the seeds and the dev set against their gold annotations.")
    parser.add_argument("inputs", nargs="*", metavar="INPUT",
                        help="documents to score instead of the set's own (with --set seeds or dev)")
    parser.add_argument("--set", choices=("seeds", "dev", "all"),
                        help="seeds/ + tests/data/seeds_gold.json, ../shared/devset, or both (the default without "
                             "INPUT or --gold; with them, one column named input)")
    parser.add_argument("--gold", help="annotation file instead of the set's own")
    parser.add_argument("--details", action="store_true",
                        help="also print per-type figures, miss reasons and every miss and spurious item")
    parser.add_argument("--model", default=Settings().model, help="spaCy pipeline (default: %(default)s)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m diplograph.evaluate``: build the sets and print the report; errors are one line."""
    args = make_parser().parse_args(argv)
    try:
        run(args)
    except DiplographError as error:
        print(f"diplograph.evaluate: error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
