"""Knowledge: every data file is checked against its declared shape before any input is read.

A bad lexicon or gazetteer row of the user's is one line ``FILE:LINE: problem`` per problem; an
edited file gives a new Knowledge; a Knowledge crosses to other processes by pickle.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplograph import api, pipeline
from diplograph.cli import main
from diplograph.errors import DataFileError
from diplograph.extract.triggers import relation_lexicon
from diplograph.resources import Knowledge, build_knowledge, compiled, lexicon_tree, read_gazetteer
from diplograph.settings import Settings
from diplograph.vocab import DG, RDF, SKOS, ontology_graph

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# The bad lexicons of issue 11, as a new user writes them: (file text, line of the problem, what it says).
BAD_LEXICONS = [
    ("relations:\n  relations:\n    arms_supply:\n      - {verb: ravitailler, source: [subject], target: [obj]}\n",
     4, "unknown role 'subject' (did you mean 'subj'?)"),
    ("relations:\n  relations:\n    arms-supply:\n      - {verb: ravitailler, source: [subj], target: [obj]}\n",
     3, "unknown relation type 'arms-supply' (did you mean 'arms_supply'?)"),
    ("modality: {reporting_verbs: 5}\n", 1, "modality.reporting_verbs: expected a list of words, got a number"),
    ("modality:\n  reporting_verbs: déclarer\n", 2, "expected a list of words, got the text 'déclarer': write [déclarer]"),
    ("entities: {default_organization_type: Alien}\n", 1, "unknown entity type 'Alien'"),
    ("relations: {relations: [1, 2]}\n", 1, "expected a mapping of relation type -> triggers, got a list"),
    ("entities:\n  stopword: [Sommet]\n", 2, "unknown key of the entities lexicon 'stopword' (did you mean 'stopwords'?)"),
    ("relations:\n  relations:\n    support:\n      - {verb: épauler, source: [subj], target: [obj], object: weapons}\n",
     4, "unknown word class 'weapons'"),
    ("relations:\n  relations:\n    support:\n      - {source: [subj], target: [obj]}\n", 4,
     "needs exactly one of verb/noun/adj"),
    ("posts:\n  titles:\n    - {title: grand vizir, kind: vizier}\n", 3, "unknown title kind 'vizier'"),
    ("titles:\n  - {title: grand vizir}\n", 1, "cannot tell which lexicon this adds to"),
    ("relations:\n  relations: {meeting: [{verb: voir, source: [subj], target: [obj], inverse: oui}]}\n", 2,
     "inverse: expected true or false, got the text 'oui'"),
    ("relations:\n  relations:\n    meeting:\n      - {verb: voir, source: [subj], target: [obj], confidence: 1.5}\n", 4,
     "confidence: expected a number from 0 to 1, got a number (1.5)"),
    ("relations:\n  relations:\n    meeting:\n      - {verb: voir, source: [subj], target: [obj], cameo: [042]}\n", 4,
     "cameo[0]: expected a non-empty text, got a number (34)"),  # YAML reads 042 as an octal number
]

BAD_ROWS = [
    ('{"id": "PARIS", "type": "City", "label": "Paris", "state": ["FRA"]}', "state: expected a non-empty id"),
    ('{"id": "LYON", "type": "City", "label": "Lyon", "state": "France"}', "state: 'France' is not the id of a State "
     "in the gazetteers (did you mean 'FRA'?)"),
    ('{"id": "ACME_EU", "type": "Company", "label": "Acme Europe", "parent": "ACNE"}', "parent: unknown gazetteer id 'ACNE' "
     "(did you mean 'ACME'?)"),
    ('{"id": "Acme Corp", "type": "Company", "label": "Acme"}', "cannot be part of an IRI"),
    ('{"id": "ACME", "type": "Company", "label": "Ac\\ud800me"}', "lone surrogate"),
]


def _no_input_no_model(monkeypatch) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("an input was read or the model loaded before the data files were checked")

    monkeypatch.setattr(api, "count_documents", refuse)
    monkeypatch.setattr(api, "iter_documents", refuse)
    monkeypatch.setattr(pipeline, "load_nlp", refuse)


@pytest.mark.parametrize(("text", "line", "problem"), BAD_LEXICONS)
def test_cli_bad_lexicon_is_one_line_naming_the_users_file_before_any_input(tmp_path, capsys, monkeypatch,
                                                                             text, line, problem):
    _no_input_no_model(monkeypatch)
    lexicon = tmp_path / "mine.yml"
    lexicon.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", str(SEEDS), "--out", str(out), "--no-cache", "-q", "--lexicon", str(lexicon)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and not out.exists()
    assert len(err) == 1 and err[0].startswith(f"diplograph: error: {lexicon}:{line}: "), err
    assert problem in err[0]


def test_cli_checks_the_data_files_before_it_imports_spacy(tmp_path):
    lexicon = tmp_path / "mine.yml"
    lexicon.write_text(BAD_LEXICONS[0][0], encoding="utf-8")
    code = ("import sys; from diplograph.cli import main; "
            f"code = main(['build', {str(SEEDS)!r}, '--no-cache', '-q', '--out', {str(tmp_path / 'out')!r}, "
            f"'--lexicon', {str(lexicon)!r}]); print(code, 'spacy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split() == ["1", "False"] and done.stderr.startswith(f"diplograph: error: {lexicon}:4: ")


@pytest.mark.parametrize(("row", "problem"), BAD_ROWS)
def test_cli_bad_gazetteer_row_is_one_line_naming_the_users_file_before_any_input(tmp_path, capsys, monkeypatch,
                                                                                   row, problem):
    _no_input_no_model(monkeypatch)
    gazetteer = tmp_path / "mine.jsonl"
    gazetteer.write_text('{"id": "ACME", "type": "Company", "label": "Acme"}\n' + row + "\n", encoding="utf-8")
    code = main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--no-cache", "-q", "--gazetteer", str(gazetteer)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 1 and err[0].startswith(f"diplograph: error: {gazetteer}:2: ") and problem in err[0]


def test_every_problem_is_told_on_its_own_line_in_file_order(tmp_path):
    lexicon = tmp_path / "relations.yml"
    lexicon.write_text("relations:\n  meeting:\n    - {verb: voir, source: [sujet], target: [obj]}\n"
                       "    - {verb: croiser, source: [subj], target: obj}\n"
                       "support_verbs: [apporter, 3]\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        build_knowledge(Settings(lexicons=(lexicon,)))
    lines = str(info.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{lexicon}:3", f"{lexicon}:4", f"{lexicon}:5"]
    assert "write [obj]" in lines[1] and "support_verbs[1]: expected a non-empty text, got a number" in lines[2]


def test_a_users_preposition_makes_its_role_valid(tmp_path):
    lexicon = tmp_path / "relations.yml"
    lexicon.write_text("relations:\n  support:\n    - {noun: caution, source: [agent], target: [au bénéfice de]}\n",
                       encoding="utf-8")
    with pytest.raises(DataFileError, match="unknown role 'au bénéfice de'"):
        build_knowledge(Settings(lexicons=(lexicon,)))
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "prepositions: [au bénéfice de]\n", encoding="utf-8")
    triggers = relation_lexicon(build_knowledge(Settings(lexicons=(lexicon,)))).triggers["caution"]
    assert [t.target for t in triggers] == [("au bénéfice de",)]


def test_an_edited_file_gives_a_new_knowledge(tmp_path):
    gazetteer = tmp_path / "watch.jsonl"
    gazetteer.write_text('{"id": "ACME", "type": "Company", "label": "Acme"}\n', encoding="utf-8")
    first = build_knowledge(Settings(gazetteers=(gazetteer,)))
    gazetteer.write_text('{"id": "ACME", "type": "ArmedGroup", "label": "Acme"}\n', encoding="utf-8")
    second = build_knowledge(Settings(gazetteers=(gazetteer,)))
    assert first.by_id["ACME"].type.value == "Company" and second.by_id["ACME"].type.value == "ArmedGroup"
    assert first.fingerprint != second.fingerprint


def test_compiled_tables_live_on_their_knowledge(tmp_path):
    lexicon = tmp_path / "mine.yml"
    lexicon.write_text("relations:\n  relations:\n    arms_supply:\n"
                       "      - {verb: pourvoir, source: [subj], target: [obj]}\n", encoding="utf-8")
    plain, extended = build_knowledge(Settings()), build_knowledge(Settings(lexicons=(lexicon,)))
    assert relation_lexicon(plain) is relation_lexicon(plain)
    assert "pourvoir" in relation_lexicon(extended).triggers and "pourvoir" not in relation_lexicon(plain).triggers
    calls = []

    @compiled
    def count(knowledge: Knowledge) -> int:
        calls.append(knowledge)
        return len(knowledge.entries)

    assert count(plain) == count(plain) == len(plain.entries) and calls == [plain]


def test_word_lists_are_folded_once_and_include_the_users_words(tmp_path):
    lexicon = tmp_path / "modality.yml"
    lexicon.write_text("reporting_verbs: [Claironner, ’ébruiter]\n", encoding="utf-8")
    knowledge = build_knowledge(Settings(lexicons=(lexicon,)))
    words = knowledge.words("modality", "reporting_verbs")
    assert {"claironner", "'ébruiter", "déclarer"} <= words and knowledge.word_lists[("modality", "reporting_verbs")] is words
    assert knowledge.words("modality", "no_such_list") == frozenset()


def test_knowledge_pickles_without_its_tables_and_works_after(resources):
    relation_lexicon(resources)  # a table on the original
    copy = pickle.loads(pickle.dumps(resources))
    assert copy.fingerprint == resources.fingerprint and copy.lexicons == resources.lexicons
    assert [e.key for e in copy.entries] == [e.key for e in resources.entries]
    assert copy._tables == {} and relation_lexicon(copy).triggers.keys() == relation_lexicon(resources).triggers.keys()


def test_relation_type_facts_come_from_the_ontology(resources):
    graph = ontology_graph()
    declared = {str(s).rsplit("#", 1)[1] for s in graph.subjects(RDF.type, DG.RelationType)}
    assert set(resources.relation_types) == declared
    symmetric = {name for name in declared if graph.value(DG[name], DG.symmetric).toPython() is True}
    assert resources.symmetric_types == symmetric
    for name, info in resources.relation_types.items():
        labels = {(label.language, str(label)) for label in graph.objects(DG[name], SKOS.prefLabel)}
        assert ("fr", info.label("fr")) in labels and ("en", info.label("en")) in labels


def test_shipped_lexicons_use_only_declared_relation_types(resources):
    assert set(resources.lexicon("relations")["relations"]) <= set(resources.relation_types)


# --- fuzz: anything a user may hand in gives the project's one-line errors, never a traceback ---------

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                     max_leaves=12)
_FIELDS = st.sampled_from(["id", "type", "label", "aliases", "iso3", "state", "parent", "capitals", "x"])
_ROWS = st.dictionaries(_FIELDS, _JSON, max_size=6)


def _only_own_errors(path: Path, load) -> None:
    try:
        load(path)
    except DataFileError as exc:
        lines = str(exc).splitlines()
        assert lines and all(line.startswith(f"{path}") for line in lines[:20]), lines


_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_gazetteer_bytes(tmp_path, data):
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(data)
    _only_own_errors(path, read_gazetteer)


@_FUZZ
@given(rows=st.lists(_ROWS | _JSON, max_size=4))
def test_fuzz_gazetteer_rows(tmp_path, rows):
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    _only_own_errors(path, read_gazetteer)


@_FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_lexicon_bytes(tmp_path, data):
    path = tmp_path / "relations.yml"
    path.write_bytes(data)
    _only_own_errors(path, lexicon_tree)


_KEYS = st.sampled_from(["relations", "classes", "support_verbs", "prepositions", "arms_supply", "meeting", "verb",
                         "noun", "source", "target", "object", "upgrade", "inverse", "titles", "modality", "entities"])
_YAML = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10) | _KEYS,
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3),
                     max_leaves=15)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.dictionaries(_KEYS, _YAML, max_size=3))
def test_fuzz_lexicon_structures(tmp_path, value):
    import yaml

    path = tmp_path / "relations.yml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    _only_own_errors(path, lambda p: build_knowledge(Settings(lexicons=(p,))))
