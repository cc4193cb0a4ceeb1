"""Relations from real parses of sentences written for these tests (never the seeds')."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from diplograph.errors import DataFileError
from diplograph.graph import SYMMETRIC_TYPES
from diplograph.model import Modality
from diplograph.settings import DEFAULT_MIN_CONFIDENCE

# the sentence tables live beside this file; tests run with --import-mode=importlib (no package)
_spec = importlib.util.spec_from_file_location("relation_cases", Path(__file__).with_name("relation_cases.py"))
assert _spec is not None and _spec.loader is not None
relation_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(relation_cases)
BLIND, HELDOUT, RELATIONS = relation_cases.BLIND, relation_cases.HELDOUT, relation_cases.RELATIONS
HELDOUT_UNSEEN = relation_cases.HELDOUT_UNSEEN
CONSTRUCTIONS = relation_cases.CONSTRUCTIONS

Quad = tuple[str, str, str, str]

# Known failures, kept visible: strict, so a fix shows up as a failing xfail to remove.
_KNOWN = {
    "Selon l'AIEA, l'Iran aurait violé le traité de non-prolifération.":
        "the tagger reads « violé » as an adverb and « traité » as the root",
    "La Turquie a acheté le système antiaérien S-400 à la Russie, ce qui lui a valu des sanctions américaines.":
        "the target of the sanctions is the clitic « lui » (no pronoun resolution)",
    "Washington a adopté des sanctions visant des entreprises chinoises accusées d'aider l'armée russe.":
        "the participle clause « accusées de » changes the parse of « visant »; aid by companies not resolved",
    "Séoul et Tokyo ont signé un accord de partage de renseignements militaires.":
        "an intelligence-sharing agreement is read as a defence pact (alliance, not military_cooperation)",
    "Selon l'ONU, le Rwanda aurait déployé des soldats dans l'est de la RDC.":
        "no trigger for deploying troops into another state (« déployer ... dans/en X »)",
    "L'Arménie, membre de l'OTSC, critique l'inaction de Moscou.":
        "the tagger reads « critique » as a noun coordinated with the apposition",
    "Le Japon a levé les restrictions à l'exportation visant la Corée du Sud.":
        "« restrictions à l'exportation » is not in the sanctions class",
}


def _norm(quad: Quad) -> Quad:
    rtype, source, target, modality = quad
    if rtype in SYMMETRIC_TYPES and target < source:
        source, target = target, source
    return (rtype, source, target, modality)


def _matches(expected: Quad, got: Quad) -> bool:
    target = expected[2]
    same_target = got[2] == target or (target.endswith("*") and got[2].startswith(target[:-1]))
    return got[0] == expected[0] and got[1] == expected[1] and got[3] == expected[3] and same_target


def _quads(result) -> set[Quad]:
    """The relations the default export keeps (confidence at least DEFAULT_MIN_CONFIDENCE)."""
    return {_norm((r.type, r.source, r.target, r.modality.value)) for r in result.relations
            if r.confidence >= DEFAULT_MIN_CONFIDENCE}


def _params(table):
    for sentence, expected in table:
        marks = [pytest.mark.xfail(strict=True, reason=_KNOWN[sentence])] if sentence in _KNOWN else []
        yield pytest.param(sentence, expected, marks=marks, id=sentence[:60])


@pytest.mark.parametrize(("sentence", "expected"), [*_params(RELATIONS), *_params(HELDOUT), *_params(BLIND),
                                                     *_params(HELDOUT_UNSEEN), *_params(CONSTRUCTIONS)])
def test_relations_sentence_table(extract_text, sentence, expected):
    got = _quads(extract_text(sentence))
    expected = {_norm(q) for q in expected}
    missing = [e for e in expected if not any(_matches(e, g) for g in got)]
    invented = [g for g in got if not any(_matches(e, g) for e in expected)]
    assert not missing and not invented, f"missing {missing}, invented {invented}"


def test_relations_table_covers_every_type_and_modality():
    quads = [q for _s, expected in RELATIONS + HELDOUT + BLIND for q in expected]
    types = {
        "alliance", "arms_supply", "sanctions", "sanctions_relief", "military_cooperation", "criticism",
        "support", "meeting", "conflict", "violation", "membership", "agreement_party",
    }
    assert {q[0] for q in quads} == types
    assert {q[3] for q in quads} == {m.value for m in Modality}
    assert sum(1 for _s, expected in RELATIONS + HELDOUT + BLIND if not expected) >= 15


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Selon Reuters, la Chine a livré des drones à l'Iran.", "org/REUTERS"),
        ("Josep Borrell a affirmé que l'Iran fournissait des missiles à la Russie.", "person/josep-borrell"),
        ("D'après le Wall Street Journal, l'Égypte aurait secrètement livré des roquettes à la Russie.", None),
        ("L'Iran a livré des drones armés à la Russie.", None),
    ],
)
def test_relations_attribution(extract_text, sentence, speaker):
    result = extract_text(sentence)
    supply = [r for r in result.relations if r.type == "arms_supply"]
    assert len(supply) == 1
    if speaker is None:
        assert supply[0].modality is Modality.ASSERTED or supply[0].attributed_to in ((), (None,)) or \
            all(s.startswith("org/") for s in supply[0].attributed_to)
    else:
        assert supply[0].attributed_to == (speaker,)
        assert supply[0].evidence[0].speaker == speaker


def test_relations_speaker_own_stance_is_asserted(extract_text):
    result = extract_text("Le Japon a déclaré qu'il condamnait les essais de missiles de la Corée du Nord.")
    criticism = [r for r in result.relations if r.type == "criticism"]
    assert [(r.source, r.target, r.modality) for r in criticism] == [("state/JPN", "state/PRK", Modality.ASSERTED)]
    assert criticism[0].attributed_to == ()


def test_relations_evidence_indexes_the_original_text(extract_text):
    text = "Premier paragraphe sans relation.\n\nL’Iran a livré des drones à la Russie, d’après des sources."
    result = extract_text(text)
    (relation,) = [r for r in result.relations if r.type == "arms_supply"]
    (evidence,) = relation.evidence
    assert text[evidence.start:evidence.end] == evidence.text
    assert evidence.text.startswith("L’Iran a livré") and evidence.text.endswith("sources.")


def test_relations_merge_keeps_all_evidence(build_texts):
    kg = build_texts([
        "La Turquie a livré des drones au Niger. Plus tard, la Turquie a encore livré des drones au Niger.",
        "Selon la presse, la Turquie a livré des drones au Niger.",
    ])
    relations = [r for r in kg.iter_relations() if r.type == "arms_supply"]
    asserted = [r for r in relations if r.modality is Modality.ASSERTED]
    assert len(asserted) == 1 and len(asserted[0].evidence) == 2 and len(asserted[0].documents) == 1
    assert any(r.modality is Modality.REPORTED for r in relations)


def test_relations_user_lexicon_adds_a_trigger(tmp_path, settings, parse):
    from diplograph.extract import extract
    from diplograph.ingest import make_document
    from diplograph.resources import load_resources

    text = "La Biélorussie a pourvu la Russie en obus."
    extra = tmp_path / "mine.yml"  # lexicon name -> additions
    extra.write_text("relations:\n  relations:\n    arms_supply:\n"
                     "      - {verb: pourvoir, source: [subj], target: [obj]}\n", encoding="utf-8")
    plain = load_resources(settings)
    extended = load_resources(settings.with_(lexicons=(extra,)))
    document = make_document(text, "t.txt")
    before = {(r.type, r.source, r.target) for r in extract(parse(text), document, plain).relations}
    after = {(r.type, r.source, r.target) for r in extract(parse(text), document, extended).relations}
    assert ("arms_supply", "state/BLR", "state/RUS") not in before
    assert ("arms_supply", "state/BLR", "state/RUS") in after


def test_relations_malformed_lexicon_row_is_a_data_file_error(tmp_path, settings):
    from diplograph.extract.triggers import relation_lexicon
    from diplograph.resources import load_resources

    extra = tmp_path / "mine.yml"
    extra.write_text("relations:\n  relations:\n    arms_supply:\n      - {source: [subj]}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="verb/noun/adj"):
        relation_lexicon(load_resources(settings.with_(lexicons=(extra,))))


@pytest.mark.model
def test_triggers_in_reads_lemma_form_and_part_of_speech(parse, resources):
    from diplograph.extract.triggers import relation_lexicon
    from diplograph.resources import normalize

    lex = relation_lexicon(resources)
    doc = parse("Le Canada a condamné jeudi les essais et a imposé de nouvelles sanctions au Venezuela, "
                "ce que le Mexique dénonce.")
    found = lex.triggers_in(doc)
    by_text = {doc[i].text: {t.type for t in triggers} for i, triggers in found.items()}
    assert "criticism" in by_text["condamné"] and "sanctions" in by_text["sanctions"]
    assert "criticism" in by_text["dénonce"] and "Canada" not in by_text and "jeudi" not in by_text
    for token in doc:  # the oracle: every trigger whose lemma is the token's lemma or form, kind fitting its POS
        kinds = {"VERB": {"verb", "adj"}, "AUX": {"verb"}, "ADJ": {"verb", "adj"}, "NOUN": {"noun"}, "PROPN": {"noun"}}
        expected = [t for form in {normalize(token.lemma_), normalize(token.text)} for t in lex.triggers.get(form, ())
                    if t.kind in kinds.get(token.pos_, set())]
        assert set(found.get(token.i, ())) == set(expected), token.text


def test_relations_record_their_rule_and_a_confidence_below_dependency_patterns(extract_text):
    """Every relation names the rule that found it; clause-level patterns score below dependency ones."""
    precise = extract_text("Le Japon a livré des radars aux Philippines.").relations
    broad = extract_text("Selon Reuters, la Turquie aurait vendu des drones au Niger.").relations
    [livrer], [vendre] = precise, broad
    assert livrer.evidence[0].rule == "arms_supply/verb:livrer/subj>à" and livrer.confidence == 0.9
    assert vendre.evidence[0].rule.startswith("arms_supply/verb:vendre/clause:") and vendre.confidence < 0.7
    assert vendre.attributed_to == ("org/REUTERS",)  # « selon X » names the source, never an end


def test_relations_min_confidence_keeps_only_the_trusted_ones(settings):
    from diplograph.api import build_texts

    texts = ["Le Japon a livré des radars aux Philippines.", "Selon Reuters, la Turquie aurait vendu des drones au Niger."]
    default = build_texts(texts, settings)
    strict = build_texts(texts, settings.with_(min_confidence=0.8))
    assert {r[0] for r in default.relations} == {"arms_supply"} and len(default.relations) == 2
    assert [(r.source, r.target) for r in strict.relations.values()] == [("state/JPN", "state/PHL")]


def test_relations_the_broadest_tier_stays_below_the_default_threshold(extract_text):
    """A trigger, its subject and the first name after it: found, but only kept with --min-confidence 0.4."""
    [broad] = [r for r in extract_text("Riyad n'a pas condamné les frappes israéliennes au Liban.").relations
               if r.type == "conflict"]
    assert broad.evidence[0].rule.startswith("conflict/noun:frappe") and broad.evidence[0].rule.endswith("/clause:agent>any")
    assert broad.confidence < DEFAULT_MIN_CONFIDENCE
