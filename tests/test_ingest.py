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
        ("binary.txt", b"\x89PNG\x00\x00\x01\x02", "binary file"),
        ("latin1.txt", "Le président de la République a été réélu.".encode("latin-1"), "not UTF-8"),
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
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
