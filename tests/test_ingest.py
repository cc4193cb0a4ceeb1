"""Reading inputs: formats, metadata, and one clear error per bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diplograph.errors import InputError
from diplograph.ingest import html_to_text, iter_documents, make_document


def _collect(paths):
    errors: list[InputError] = []
    docs = list(iter_documents(paths, on_error=errors.append))
    return docs, errors


def test_ingest_reads_text_markdown_and_folders(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Le Mali et le Niger ont signé un accord.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("# Titre\n\nLa Turquie a condamné l'attaque.", encoding="utf-8")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    docs, errors = _collect([tmp_path])
    assert [d.file_name for d in docs] == ["a.txt", "b.md"]
    assert errors == []
    assert docs[0].content_hash.startswith("sha256:") and len(docs[0].content_hash) == 71


def test_ingest_html_keeps_visible_text_only(tmp_path: Path):
    page = ("<html><head><title>Crise au Soudan</title><style>p{color:red}</style></head><body>"
            "<nav>Menu</nav><p>Le Soudan&nbsp;et le <b>Tchad</b> ferment leur frontière.</p>"
            "<script>alert('x')</script><p>Deuxième paragraphe.</p></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    docs, errors = _collect([tmp_path / "page.html"])
    assert not errors
    assert docs[0].title == "Crise au Soudan"
    assert "alert" not in docs[0].text and "color" not in docs[0].text
    assert "Le Soudan et le Tchad ferment leur frontière." in docs[0].text
    assert docs[0].text.endswith("Deuxième paragraphe.")


def test_ingest_jsonl_with_metadata_and_a_bad_line(tmp_path: Path):
    rows = [
        json.dumps({"id": "a1", "text": "L'Iran a testé un missile.", "title": "Essai", "url": "https://example.org/a",
                    "date": "2024-05-01"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "sans texte"}),
        json.dumps({"text": "Le Japon a protesté."}, ensure_ascii=False),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    docs, errors = _collect([path])
    assert [d.file_name for d in docs] == ["corpus.jsonl#a1", "corpus.jsonl#L4"]
    assert docs[0].title == "Essai" and docs[0].url == "https://example.org/a" and docs[0].date == "2024-05-01"
    assert [e.line for e in errors] == [2, 3]
    assert str(errors[0]).startswith(f"{path}:2: malformed JSON line")
    assert "'text'" in str(errors[1])


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("separators.txt", "\x1c\u3000\u2028".encode(), "empty file (white space only)"),
        ("binary.txt", b"\x89PNG\x00\x00\x01\x02", "binary file"),
        ("latin1.txt", "Le président de la République a été réélu.".encode("latin-1"), "not UTF-8"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
        ("bom16.txt", "La Pologne a renforcé sa frontière.".encode("utf-16"), "UTF-16LE text (byte-order mark)"),
        ("be16.txt", "La Pologne".encode("utf-16-be"), "UTF-16 text (every other byte is NUL)"),
        ("late-nul.txt", b"La Pologne. " * 1000 + b"\x00 fin", "binary file (a NUL byte at offset 12000)"),
        ("late-nul.jsonl", b'{"text": "La Pologne."}\n' * 500 + b'{"text": "\x00"}\n', "NUL byte at offset 12010"),
        ("utf16.jsonl", '{"text": "La Pologne."}\n'.encode("utf-16"), "UTF-16LE text"),
        ("marked.html", b"<p>La Pologne.</p><![foo bar", "malformed HTML: unknown status keyword"),
    ],
)
def test_ingest_bad_file_gives_one_line_naming_it(tmp_path: Path, name: str, content: bytes, problem: str):
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("La Pologne a renforcé sa frontière.", encoding="utf-8")
    docs, errors = _collect([path, good])
    assert [d.file_name for d in docs] == ["good.txt"]  # the good document is still read
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_ingest_missing_path(tmp_path: Path):
    docs, errors = _collect([tmp_path / "nope"])
    assert docs == [] and "no such file or folder" in str(errors[0])


def test_ingest_same_content_read_once(tmp_path: Path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Le Brésil a rappelé son ambassadeur.", encoding="utf-8")
    docs, _ = _collect([tmp_path])
    assert len(docs) == 1


def test_ingest_ids_derive_from_content():
    assert make_document("x", "a").id == make_document("x", "b").id != make_document("y", "a").id


def test_ingest_crlf_normalised_and_bom_dropped(tmp_path: Path):
    path = tmp_path / "w.txt"
    path.write_bytes("\ufeffLigne un.\r\nLigne deux.".encode())
    (doc,), _ = _collect([path])
    assert doc.text == "Ligne un.\nLigne deux."


def test_html_to_text_block_structure():
    text, title = html_to_text("<div>A<br>B</div><ul><li>C</li><li>D</li></ul>")
    assert text.split("\n\n") == ["A", "B", "C", "D"] and title is None


def test_ingest_plain_text_headline_becomes_the_title(tmp_path: Path):
    (tmp_path / "a.txt").write_text("ActualitésMonde\n\nLe Niger rompt avec la France\n\nLe Niger a annoncé...",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("Une dépêche sans titre qui commence par une phrase.", encoding="utf-8")
    docs, _ = _collect([tmp_path])
    assert [d.title for d in docs] == ["Le Niger rompt avec la France", None]


def test_ingest_html5_without_the_optional_head_end_tag(tmp_path: Path):
    page = ("<!DOCTYPE html><html lang=fr><head><meta charset=utf-8><title>Crise</title>"
            "<link rel=stylesheet href=s.css><body><p>Le Soudan et le Tchad ferment leur frontière.")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    docs, errors = _collect([tmp_path / "page.html"])
    assert not errors and docs[0].title == "Crise"
    assert docs[0].text == "Le Soudan et le Tchad ferment leur frontière."
    assert html_to_text("<title>T</title><p>Un mot</p>") == ("Un mot", "T")  # no <head> at all


def test_ingest_jsonl_field_types_are_checked(tmp_path: Path):
    rows = [{"text": "La Pologne a renforcé sa frontière.", "title": {"a": 1}, "url": 3, "date": "2024-05-01"},
            {"text": "Le Mali a signé.", "id": ["x"]}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    docs, errors = _collect([path])
    assert [(d.title, d.url, d.date) for d in docs] == [(None, None, "2024-05-01"), (None, None, None)]
    assert [str(e) for e in errors] == [
        f"{path}:1: field 'title' must be a string, got an object: ignored",
        f"{path}:1: field 'url' must be a string, got an integer: ignored",
        f"{path}:2: field 'id' must be a string or an integer, got an array: the line number names the document",
    ]
    assert docs[1].file_name == "c.jsonl#L2"


def test_ingest_jsonl_duplicate_ids_are_reported(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps({"id": 7, "text": t}) for t in ("Le Mali a signé.", "Le Niger a signé.")),
                    encoding="utf-8")
    docs, errors = _collect([path])
    assert len(docs) == 2 and [str(e) for e in errors] == [f"{path}:2: duplicate id '7' (first on line 1)"]


def test_ingest_jsonl_deep_nesting_and_lone_surrogates_are_one_line(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + '\n{"text": "La Pologne \\ud800 a signé."}\n'
                    + '{"text": "Le Mali.", "id": ' + "9" * 5000 + "}\n", encoding="utf-8")
    docs, errors = _collect([path])
    assert [str(e) for e in errors] == [
        f"{path}:1: malformed JSON line: nested too deeply",
        f"{path}:2: a lone surrogate (\\ud800) in 'text' at character 11: replaced by U+FFFD",
        f"{path}:3: malformed JSON line: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits",
    ]
    assert docs[0].text == "La Pologne \ufffd a signé." and docs[0].content_hash.startswith("sha256:")


def test_ingest_jsonl_line_separators_inside_strings_are_text(tmp_path: Path):
    path = tmp_path / "c.jsonl"
    path.write_bytes('{"text": "La Pologne\u2028a signé\ril y a\u0085un an."}\n'.encode())
    docs, errors = _collect([path])
    assert not errors and docs[0].text == "La Pologne\u2028a signé\ril y a\u0085un an."


def test_ingest_a_file_named_twice_is_read_and_reported_once(tmp_path: Path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    good = tmp_path / "good.txt"
    good.write_text("La Pologne a renforcé sa frontière.", encoding="utf-8")
    docs, errors = _collect([bad, bad, tmp_path, good])
    assert len(docs) == 1 and [str(e) for e in errors] == [f"{bad}: empty file"]


def test_ingest_symlink_loop_and_unreadable_folder_are_named(tmp_path: Path, monkeypatch):
    import os

    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("La Pologne a signé.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:  # as chmod 000 would, also for root
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, errors = _collect([tmp_path / "a", locked])
    assert docs == []
    assert [str(e) for e in errors] == [f"{tmp_path / 'a'}: a loop of symbolic links",
                                        f"{locked}: cannot read this folder: Permission denied"]


def test_ingest_a_file_name_that_is_not_utf8_is_text(tmp_path: Path):
    import os

    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.jsonl"), "wb") as handle:
        handle.write(b'{"text": "La Pologne a sign\xc3\xa9."}\n')
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as handle:
        handle.write("La Pologne a renforcé sa frontière.".encode())
    docs, errors = _collect([tmp_path])
    assert not errors and sorted(d.file_name for d in docs) == ["caf\ufffd.jsonl#L1", "caf\ufffd.txt"]
    for document in docs:
        document.file_name.encode("utf-8")  # the cache and the exports encode it
