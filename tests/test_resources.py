"""Gazetteers and lexicons: shipped data is complete and valid; user files merge; bad rows are named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph.errors import DataFileError
from diplograph.model import EntityType
from diplograph.resources import load_resources, normalize, read_gazetteer, slugify
from diplograph.settings import Settings


def test_resources_every_un_member_state_is_known(resources):
    states = [e for e in resources.entries if e.type is EntityType.STATE]
    assert len(states) >= 193
    iso3 = [e.iso3 for e in states]
    assert len(set(iso3)) == len(iso3)
    import pycountry

    for entry in states:
        if pycountry.countries.get(alpha_3=entry.iso3) is None:
            continue  # a historic or unrecognised state (URSS, Chypre du Nord): its capital may be another's now
        assert entry.capitals, f"{entry.label} has no capital"
        assert entry.demonyms, f"{entry.label} has no demonym"


@pytest.mark.parametrize(
    ("surface", "iso3"),
    [("Allemagne", "DEU"), ("allemande", "DEU"), ("Berlin", "DEU"), ("Iran", "IRN"), ("iraniens", "IRN"),
     ("Téhéran", "IRN"), ("Mali", "MLI"), ("maliennes", "MLI"), ("Taïwan", "TWN"), ("Maison-Blanche", "USA"),
     ("Élysée", "FRA"), ("Royaume-Uni", "GBR"), ("britannique", "GBR"), ("Kiev", "UKR"), ("Kyiv", "UKR")],
)
def test_resources_state_surface_forms(resources, surface, iso3):
    hits = [e for e in resources.entries if e.type is EntityType.STATE
            and normalize(surface) in {normalize(s) for s in (e.label, *e.aliases, *e.demonyms, *e.capitals, *e.seats)}]
    assert [e.iso3 for e in hits] == [iso3]


@pytest.mark.parametrize(
    ("label", "etype"),
    [("OTAN", EntityType.INTERNATIONAL_ORGANIZATION), ("AIEA", EntityType.INTERNATIONAL_ORGANIZATION),
     ("Reuters", EntityType.MEDIA_OUTLET), ("Hezbollah", EntityType.ARMED_GROUP)],
)
def test_resources_organisations_are_typed(resources, label, etype):
    assert any(normalize(label) in {normalize(s) for s in (e.label, *e.aliases)} and e.type is etype
               for e in resources.entries)


def test_resources_user_gazetteer_adds_and_overrides(tmp_path: Path):
    path = tmp_path / "watch.jsonl"
    rows = [{"id": "ACME_PMC", "type": "ArmedGroup", "label": "Compagnie Acme", "aliases": ["Acme"]},
            {"id": "NATO", "type": "InternationalOrganization", "label": "Alliance atlantique", "aliases": ["OTAN"]}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    resources = load_resources(Settings(gazetteers=(path,)))
    assert resources.by_id["ACME_PMC"].type is EntityType.ARMED_GROUP
    assert resources.by_id["NATO"].label == "Alliance atlantique"
    assert resources.fingerprint != load_resources(Settings()).fingerprint


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "X", "type": "Planet", "label": "Mars"}', "type: unknown entity type 'Planet'"),
        ('{"id": "X", "type": "State", "label": "Utopie"}', "iso3"),
        ('{"id": "X", "type": "Company", "label": ""}', "label: expected a non-empty text"),
        ('{"id": "X", "type": "Company", "label": "A", "aliases": "B"}', "aliases: expected a list of words"),
        ('{"id": "X", "type": "Company", "label": "A",', "malformed JSON"),
        ('["X"]', "expected a JSON object"),
        ('{"id": "X", "type": "Company", "label": "A", "wikipedia": "Q1"}', "unknown gazetteer field 'wikipedia'"),
        ('{"id": "PARIS", "type": "City", "label": "Paris", "state": ["FRA"]}', "state: expected a non-empty id, got a list"),
        ('{"id": "Acme Corp", "type": "Company", "label": "Acme"}', "cannot be part of an IRI"),
        ('{"id": "A\\nB", "type": "Company", "label": "Acme"}', "cannot be part of an IRI"),
        ('{"id": "A|B", "type": "Company", "label": "Acme"}', "cannot be part of an IRI"),
        ('{"id": "X", "type": "Company", "label": "Ac\\ud800me"}', "lone surrogate"),
        ('{"id": "X", "id": "Y", "type": "Company", "label": "A"}', "duplicate key 'id'"),
    ],
)
def test_resources_bad_gazetteer_row_names_file_and_line(tmp_path: Path, line: str, problem: str):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "OK", "type": "Company", "label": "Bonne"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        read_gazetteer(path)
    assert str(info.value).startswith(f"{path}:2: ") and problem in str(info.value)


def test_resources_bad_lexicon_is_named(tmp_path: Path):
    path = tmp_path / "mine.yml"
    path.write_text("titles: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_resources(Settings(lexicons=(path,)))
    assert str(info.value).startswith(str(path)) and "malformed YAML" in str(info.value)


def test_resources_user_lexicon_extends_titles(tmp_path: Path):
    path = tmp_path / "posts.yml"
    path.write_text("titles:\n  - {title: grand vizir}\n", encoding="utf-8")
    merged = load_resources(Settings(lexicons=(path,))).lexicon("posts")
    titles = [t["title"] for t in merged["titles"]]
    assert "grand vizir" in titles and "président" in titles


@pytest.mark.parametrize(("text", "slug"), [("Corée du Nord", "coree-du-nord"), ("l’ONU", "l-onu"),
                                            ("  Jean-Noël  Barrot ", "jean-noel-barrot")])
def test_resources_slugify(text: str, slug: str):
    assert slugify(text) == slug


def test_resources_slug_of_non_latin_script_is_stable():
    assert slugify("الجزيرة") == slugify("الجزيرة") and slugify("الجزيرة").startswith("x")
