"""Random input never gives a traceback: ingest and the cache reader answer with documents, or with
one-line errors and warnings that name the file."""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from diplograph.cache import CacheWarning, ResultCache, encode_entry
from diplograph.errors import InputError
from diplograph.ingest import iter_documents, make_document
from diplograph.model import DocResult, Entity, EntityType, Evidence, Modality, Relation, dumps

FUZZ = examples(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

texts = st.text() | st.sampled_from(["\ud800", "a\udfffb", "\x00", "\u2028", "\r\n", "\x0c"])  # + lone halves
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
rows = st.dictionaries(st.sampled_from(["text", "title", "url", "date", "id", "x"]),
                       json_values | texts, max_size=5)
yaml_texts = st.lists(st.tuples(st.text(min_size=1, max_size=10), json_values), max_size=5).map(
    lambda items: "\n".join(f"{k!r}: {json.dumps(v)}" for k, v in items))


def _ingest(name: str, content: bytes) -> tuple[list, list[InputError]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        errors: list[InputError] = []
        documents = list(iter_documents([path], on_error=errors.append))
        for error in errors:
            assert isinstance(error, InputError) and str(error).startswith(str(path))
            assert "\n" not in str(error) and "Traceback" not in str(error)
        for document in documents:
            document.text.encode("utf-8")  # no lone surrogate reaches the pipeline
            assert document.text.strip() and document.file_name.startswith(name)
        assert documents or errors  # never silence
        return documents, errors


@FUZZ
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_fuzz_ingest_random_bytes(content, suffix):
    _ingest(f"doc{suffix}", content)


@FUZZ
@given(lines=st.lists(rows.map(json.dumps) | json_values.map(json.dumps) | st.text(max_size=40), max_size=6))
def test_fuzz_ingest_random_jsonl(lines):
    _ingest("corpus.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))


html_texts = st.lists(st.sampled_from(["<p>", "</p>", "<![", "if ", "foo ", "CDATA[", "]]>", "<head>", "<title>",
                                        "&#x", "D800;", "<!--", "<script>", "</body>", "<svg>", "Le Mali ", " "]) | texts,
                      max_size=12).map("".join)


@FUZZ
@given(text=yaml_texts | html_texts | st.text(max_size=200), suffix=st.sampled_from([".txt", ".html"]))
def test_fuzz_ingest_random_text_and_yaml(text, suffix):
    _ingest(f"doc{suffix}", text.encode("utf-8", "surrogatepass"))


DOCUMENT = make_document("Le Pérou a rappelé son ambassadeur au Chili.", "a.txt")
GOOD = DocResult(
    DocResult(DOCUMENT).document.__class__(DOCUMENT.id, "a.txt", "", DOCUMENT.content_hash),
    (Entity("state/PER", "Pérou", EntityType.STATE, (), "PER", (DOCUMENT.id,), 1),),
    relations=(Relation("criticism", "state/PER", "state/CHL", Modality.ASSERTED,
                        (Evidence(DOCUMENT.id, 0, 10, "Le Pérou a"),)),))


def _read_entry(content: bytes) -> DocResult | None:
    with tempfile.TemporaryDirectory() as folder:
        store = ResultCache(Path(folder))
        store.put(GOOD)
        [entry] = Path(folder).rglob("*.json")
        entry.write_bytes(content)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = store.get(DOCUMENT)
        assert all(issubclass(w.category, CacheWarning) and "\n" not in str(w.message) for w in caught)
        assert (result is None) == (len(caught) == 1) and len(caught) <= 1
        return result


def _mutations() -> st.SearchStrategy[bytes]:
    good = encode_entry(GOOD)
    return st.tuples(st.integers(0, len(good) - 1), st.binary(min_size=0, max_size=3)).map(
        lambda cut: good[: cut[0]] + cut[1] + good[cut[0] + 1:])


def _with_digest(payload: str) -> bytes:
    from diplograph import cache

    data = payload.encode("utf-8", "surrogatepass")
    return b"diplograph-cache %d %s\n%s" % (cache.FORMAT, cache._digest(data).encode(), data)


@FUZZ
@given(content=st.binary(max_size=200) | _mutations())
def test_fuzz_cache_reader_random_bytes(content):
    result = _read_entry(content)
    assert result is None or result.entities == GOOD.entities


@FUZZ
@given(payload=json_values.map(json.dumps) | st.just(dumps(GOOD)).map(
    lambda text: text.replace('"Pérou"', "1")).filter(bool))
def test_fuzz_cache_reader_random_json_with_a_valid_digest(payload):
    assert _read_entry(_with_digest(payload)) is None


def test_fuzz_cache_reader_the_good_entry_is_read():
    result = _read_entry(encode_entry(GOOD))
    assert result is not None and result.relations == GOOD.relations
