"""The per-document result cache: hits skip parsing, a changed pipeline misses, bad entries are re-parsed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph import api, pipeline
from diplograph import cache as cache_module
from diplograph.cache import CacheWarning, ResultCache, document_key, open_cache, pipeline_fingerprint
from diplograph.export.rdf import to_rdf
from diplograph.ingest import make_document
from diplograph.model import DocResult, Entity, EntityType

# Our own sentences, about many countries: none comes from the seed articles.
TEXTS = [
    "Le Brésil et l'Argentine ont signé un accord de coopération militaire à Buenos Aires.",
    "Selon le ministre indien des affaires étrangères, l'Inde ne livrera pas d'armes au Myanmar.",
    "Le Kenya a critiqué la décision de l'Éthiopie de fermer sa frontière avec la Somalie.",
    "Le Japon et l'Australie ont tenu à Canberra une réunion sur la sécurité maritime.",
    "La Norvège a condamné les essais de missiles menés par l'Iran la semaine dernière.",
]

USER_ORG = {"id": "FORUM-TEST", "type": "InternationalOrganization", "label": "Forum des îles du Pacifique",
            "aliases": ["Forum du Pacifique"]}
ORG_TEXT = "Le Forum des îles du Pacifique a salué l'accord de pêche conclu entre les Fidji et les Tonga."


def _documents(texts: list[str]):
    return [make_document(text, f"doc-{n}.txt") for n, text in enumerate(texts)]


def _entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.rglob("*.json"))


def _no_parsing(*_args, **_kwargs):
    raise AssertionError("a cached document was parsed")


# --- without the model ---------------------------------------------------------------------------

def _result(document) -> DocResult:
    meta = make_document(document.text, document.file_name)
    entity = Entity("state/PER", "Pérou", EntityType.STATE, ("République du Pérou",), "PER", (meta.id,), 2)
    return DocResult(meta.__class__(meta.id, meta.file_name, "", meta.content_hash), (entity,))


def test_round_trip_hit_and_miss(tmp_path):
    store = ResultCache(tmp_path)
    first, second = _documents(["Le Pérou a rappelé son ambassadeur.", "Le Chili a protesté."])
    assert store.get(first) is None
    store.put(_result(first))
    hit = store.get(first)
    assert hit is not None and hit.entities == _result(first).entities
    assert hit.document.file_name == first.file_name and hit.document.text == ""
    assert store.get(second) is None
    assert (store.hits, store.misses) == (1, 2)


def test_the_key_is_the_content_not_the_file_name():
    a = make_document("Le Ghana a accueilli le sommet.", "a.txt")
    renamed = make_document("Le Ghana a accueilli le sommet.", "elsewhere/b.txt")
    edited = make_document("Le Ghana a accueilli le sommet régional.", "a.txt")
    assert document_key(a) == document_key(renamed)
    assert document_key(a) != document_key(edited)


@pytest.mark.parametrize("change", [
    {"resources_fingerprint": "another-lexicon"},
    {"model": "fr_core_news_sm"},
    {"max_chars": 500},
])
def test_fingerprint_changes_with_what_extraction_depends_on(change):
    base = {"model": "fr_core_news_md", "resources_fingerprint": "data-v1", "max_chars": 1_000_000}
    assert pipeline_fingerprint(**base) != pipeline_fingerprint(**{**base, **change})
    assert pipeline_fingerprint(**base) == pipeline_fingerprint(**dict(base))


def test_an_upgraded_model_gets_a_new_cache_folder(tmp_path, monkeypatch):
    before = open_cache(tmp_path, "fr_core_news_md", "data", 100).root
    monkeypatch.setattr(cache_module, "model_version", lambda _model: "99.0.0")
    assert open_cache(tmp_path, "fr_core_news_md", "data", 100).root != before


@pytest.mark.parametrize("content", [
    b"{not json",
    b"",
    b'{"@": "Entity", "key": "x"}',
    json.dumps({"@": "DocResult", "document": {"@": "Document", "id": "0000", "file_name": "x",
                                               "text": "", "content_hash": "h"}}).encode(),
    b"\xff\xfe\x00garbage",
    b'{"Entity": ["x"]}',  # too few fields
    b'{"Entity": ["state/XXX", "X", "NoSuchType", [], null, [], 1, null]}',  # an unknown enum value
    b'{"Nope": []}',
    b'{"Evidence": ["d", 0, 3, "abc", null], "extra": 1}',
    b"[1, 2]",
])
def test_a_corrupt_entry_is_a_warning_and_a_miss(tmp_path, content):
    store = ResultCache(tmp_path)
    document = _documents(["La Tunisie a reçu le ministre maltais de l'intérieur."])[0]
    store.put(_result(document))
    [entry] = _entries(tmp_path)
    entry.write_bytes(content)
    with pytest.warns(CacheWarning, match=str(entry.name)):
        assert store.get(document) is None


def _rewrite(entry: Path, edit, keep_digest: bool = False) -> None:
    """Edit the JSON of a cache entry; with a fresh digest unless ``keep_digest`` (as a hand edit would)."""
    header, _, payload = entry.read_bytes().partition(b"\n")
    data = json.dumps(edit(json.loads(payload)), ensure_ascii=False).encode()
    if not keep_digest:
        header = header.rsplit(b" ", 1)[0] + b" " + cache_module._digest(data).encode()
    entry.write_bytes(header + b"\n" + data)


def _first_entity(data):
    return data["DocResult"][1][0]["Entity"]


def _set(data, position, value):
    _first_entity(data)[position] = value
    return data


@pytest.mark.parametrize(("edit", "keep_digest", "problem"), [
    (lambda d: _set(d, 1, "Pays inventé"), True, "does not match its digest"),  # a changed label, still valid JSON
    (lambda d: _set(d, 6, "abc"), False, "Entity.mention_count: expected int, got str"),
    (lambda d: _set(d, 6, True), False, "Entity.mention_count: expected int, got bool"),
    (lambda d: _set(d, 3, "République"), False, "Entity.aliases: expected a list, got str"),
    (lambda d: _set(d, 5, [{"Evidence": ["d", 0, 1, "x", None, "", 1.0]}]), False, "Entity.documents: expected str, got Evidence"),
    (lambda d: _set(d, 6, -4), False, "Entity.mention_count: negative"),
    (lambda d: {"DocResult": [d["DocResult"][0], "entities", [], [], [], []]}, False, "DocResult.entities: expected a list"),
])
def test_an_edited_entry_is_caught_by_its_digest_or_its_schema(tmp_path, edit, keep_digest, problem):
    store = ResultCache(tmp_path)
    document = _documents(["La Tunisie a reçu le ministre maltais de l'intérieur."])[0]
    store.put(_result(document))
    [entry] = _entries(tmp_path)
    _rewrite(entry, edit, keep_digest)
    with pytest.warns(CacheWarning) as caught:
        assert store.get(document) is None
    assert len(caught) == 1 and problem in str(caught[0].message) and entry.name in str(caught[0].message)


def test_an_entry_of_another_document_is_not_used(tmp_path):
    store = ResultCache(tmp_path)
    first, second = _documents(["Le Laos a signé.", "Le Népal a signé."])
    store.put(_result(first))
    [entry] = _entries(tmp_path)
    target = store._path(second)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(entry.read_bytes())  # a valid entry, in the wrong place
    with pytest.warns(CacheWarning, match="not the result of this document"):
        assert store.get(second) is None


def test_a_folder_where_an_entry_should_be_is_one_warning(tmp_path):
    store = ResultCache(tmp_path)
    document = _documents(["Le Laos a signé."])[0]
    store._path(document).mkdir(parents=True)
    with pytest.warns(CacheWarning) as caught:
        assert store.get(document) is None
        store.put(_result(document))  # the document parsed again: storing it fails without a second word
    assert len(caught) == 1 and "unusable cache entry" in str(caught[0].message)
    other = _documents(["Le Népal a signé."])[0]
    store.put(_result(other))  # the rest of the cache still works
    assert store.get(other) is not None


def test_an_unwritable_cache_warns_once_and_the_build_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = ResultCache(blocker / "cache")
    documents = _documents(["Le Laos a signé.", "Le Népal a signé."])
    with pytest.warns(CacheWarning) as caught:
        for document in documents:
            assert store.get(document) is None
            store.put(_result(document))
    assert len(caught) == 1 and not store.writable


# --- with the model ----------------------------------------------------------------------------

@pytest.mark.model
def test_a_cached_build_parses_nothing_and_gives_the_same_graph(tmp_path, settings, nlp, monkeypatch):
    cached = settings.with_(cache_dir=tmp_path)
    fresh = api.build_documents(_documents(TEXTS), settings)
    first = api.build_documents(_documents(TEXTS), cached)
    assert len(_entries(tmp_path)) == len(TEXTS)
    monkeypatch.setattr(api, "parse_and_extract", _no_parsing)
    monkeypatch.setattr(pipeline, "load_nlp", _no_parsing)
    second = api.build_documents(_documents(TEXTS), cached)
    assert fresh.entities == first.entities == second.entities
    assert fresh.posts == second.posts and fresh.relations == second.relations
    assert to_rdf(fresh).isomorphic(to_rdf(second))


@pytest.mark.model
def test_only_changed_documents_are_parsed_and_order_is_kept(tmp_path, settings, nlp, monkeypatch):
    cached = settings.with_(cache_dir=tmp_path)
    api.build_documents(_documents(TEXTS), cached)
    edited = [*TEXTS]
    edited[2] = edited[2].replace("Somalie", "Somalie et avec Djibouti")
    parsed: list[str] = []
    original = api.parse_and_extract

    def counting(documents, settings, knowledge):
        def spy():
            for document in documents:
                parsed.append(document.text)
                yield document
        return original(spy(), settings, knowledge)

    monkeypatch.setattr(api, "parse_and_extract", counting)
    results = list(api.process(_documents(edited), cached))
    assert parsed == [edited[2]]
    assert [r.document.file_name for r in results] == [f"doc-{n}.txt" for n in range(len(TEXTS))]
    assert "state/DJI" in {e.key for e in results[2].entities}


@pytest.mark.model
def test_a_new_gazetteer_invalidates_the_cache(tmp_path, settings, nlp):
    gazetteer = tmp_path / "mine.jsonl"
    gazetteer.write_text(json.dumps(USER_ORG, ensure_ascii=False) + "\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    before = api.build_documents(_documents([ORG_TEXT]), settings.with_(cache_dir=cache_dir))
    after = api.build_documents(_documents([ORG_TEXT]), settings.with_(cache_dir=cache_dir, gazetteers=(gazetteer,)))
    assert "org/FORUM-TEST" not in before.entities
    assert "org/FORUM-TEST" in after.entities
    assert len({p.parent.parent for p in _entries(cache_dir)}) == 2  # one folder per pipeline fingerprint


@pytest.mark.model
def test_a_changed_lexicon_invalidates_the_cache(tmp_path, settings, nlp):
    lexicon = tmp_path / "posts.yml"
    lexicon.write_text("titles:\n- {title: grand chambellan, kind: official, gender: m}\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    for variant in (settings, settings.with_(lexicons=(lexicon,))):
        api.build_documents(_documents(TEXTS[:2]), variant.with_(cache_dir=cache_dir))
    assert len({p.parent.parent for p in _entries(cache_dir)}) == 2
    lexicon.write_text("titles:\n- {title: grand écuyer, kind: official, gender: m}\n", encoding="utf-8")
    api.build_documents(_documents(TEXTS[:2]), settings.with_(lexicons=(lexicon,), cache_dir=cache_dir))
    assert len({p.parent.parent for p in _entries(cache_dir)}) == 3


@pytest.mark.model
def test_cli_reports_a_corrupt_entry_in_one_line_and_rebuilds(tmp_path, nlp, capsys):
    from diplograph.cli import main

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": n, "text": t}, ensure_ascii=False) + "\n"
                              for n, t in enumerate(TEXTS)), encoding="utf-8")
    args = ["build", str(corpus), "--cache-dir", str(tmp_path / "cache"), "--formats", "ttl", "-q"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    entries = _entries(tmp_path / "cache")
    entries[0].write_text('{"@": "DocResult", "document": ', encoding="utf-8")
    capsys.readouterr()
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("diplograph: warning: ") and entries[0].name in err[0]
    assert (tmp_path / "a" / "graph.ttl").read_bytes() == (tmp_path / "b" / "graph.ttl").read_bytes()
    assert main([*args, "--out", str(tmp_path / "c"), "--no-cache"]) == 0
    assert (tmp_path / "c" / "graph.ttl").read_bytes() == (tmp_path / "a" / "graph.ttl").read_bytes()
