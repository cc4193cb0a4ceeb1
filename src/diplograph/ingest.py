"""Read input files and folders into :class:`~diplograph.model.Document` records, lazily.

Documents are streamed one at a time; a bad file is reported through ``on_error`` and
skipped, so the good documents are still processed.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from diplograph.dates import head_date, normalize_date
from diplograph.errors import InputError
from diplograph.model import Document

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

ErrorHandler = Callable[[InputError], None]


def _raise(error: InputError) -> None:
    raise error


def content_hash(text: str) -> str:
    """``sha256:<hex>`` of the UTF-8 text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_document(text: str, file_name: str, **meta: str | None) -> Document:
    r"""Build a Document whose id is derived from its content (never a counter); without a ``date``,
    the dated line at the head of its text gives one (:func:`diplograph.dates.head_date`).

    >>> make_document("Texte.", "a.txt").id == make_document("Texte.", "b.txt").id
    True
    >>> make_document("Bruxelles, le 3 mai 2022\n\nTexte.", "a.txt").date
    '2022-05-03'
    """
    digest = content_hash(text)
    if meta.get("date") is None:
        meta["date"] = head_date(text)  # « Paris, le 19 juin 2024 » at the head of the text, if any
    return Document(id=digest[7:23], file_name=file_name, text=text, content_hash=digest, **meta)


class _VisibleText(HTMLParser):
    """Collect the text a reader sees: no script, style or head; blocks become paragraphs."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    # <meta> names and properties that give a page's publication date, most specific first
    DATE_METAS = ("article:published_time", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
                  "date", "pubdate")
    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                         "section", "article", "header", "footer", "tr", "blockquote", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.metas: dict[str, str] = {}
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("property") or values.get("name") or "").strip().lower()
            if name and values.get("content"):
                self.metas.setdefault(name, values["content"] or "")
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str | None]:
    """Visible text of an HTML page, paragraphs separated by blank lines, and its title.

    >>> html_to_text("<html><head><title>T</title></head><body><p>Un <b>mot</b></p><script>x</script></body></html>")
    ('Un mot', 'T')
    """
    text, title, _date = read_html(html)
    return text, title


def read_html(html: str) -> tuple[str, str | None, str | None]:
    """Visible text, title and publication date (``<meta>`` article:published_time, DC.date...) of a page.

    >>> read_html('<head><meta property="article:published_time" content="2024-06-19T08:00:00Z"></head><p>Texte</p>')
    ('Texte', None, '2024-06-19')
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    when = None
    for name in _VisibleText.DATE_METAS:
        when = normalize_date(parser.metas.get(name))
        if when:
            break
    paragraphs = []
    for block in "".join(parser.parts).split("\n\n"):
        line = " ".join(block.split())
        if line:
            paragraphs.append(line)
    title = " ".join("".join(parser.title).split()) or None
    return "\n\n".join(paragraphs), title, when


def guess_title(text: str) -> str | None:
    r"""The headline of a plain-text article: its first short line of four words or more
    that does not end a sentence (page chrome such as « ActualitésMonde » is passed over).

    >>> guess_title("Monde\n\n# Le Niger ferme son espace aérien\n\nLe Niger a annoncé...")
    'Le Niger ferme son espace aérien'
    >>> guess_title("Une seule phrase qui se termine par un point.") is None
    True
    """
    for line in text.split("\n")[:8]:
        line = line.strip().lstrip("#").strip()
        if len(line.split()) >= 4 and len(line) <= 200 and not line.endswith((".", "»", "\"", ":")):
            return line
    return None


def _decode(path: Path, raw: bytes) -> str:
    if not raw.strip():
        raise InputError(path, "empty file")
    if b"\x00" in raw[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-encode it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_utf8(path: Path, decoder: codecs.IncrementalDecoder, chunk: bytes, offset: int, final: bool) -> None:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError as exc:
        bad = offset + exc.start - (len(exc.object) - len(chunk))  # exc.object starts with held-back bytes
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {bad}); "
            "re-encode it, e.g. iconv -f latin1 -t utf-8",
        ) from None


def _check_jsonl(path: Path) -> None:
    """The checks of :func:`_decode` over a JSONL file read in chunks (constant memory)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank, offset = True, 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if offset == 0 and b"\x00" in chunk[:8192]:
                raise InputError(path, "binary file (contains NUL bytes), expected UTF-8 text")
            blank = blank and not chunk.strip()
            _check_utf8(path, decoder, chunk, offset, final=False)
            offset += len(chunk)
    _check_utf8(path, decoder, b"", offset, final=True)
    if blank:
        raise InputError(path, "empty file")


def _stream_jsonl(path: Path, on_error: ErrorHandler) -> Iterator[Document]:
    """The documents of a JSONL file, read line by line: a large corpus is never held in memory."""
    try:
        _check_jsonl(path)
        handle = path.open(encoding="utf-8-sig", newline=None)  # universal newlines, like _decode
    except InputError as error:
        on_error(error)
        return
    except OSError as exc:
        on_error(InputError(path, f"cannot read: {exc.strerror or exc}"))
        return
    with handle:
        yield from _read_jsonl(path, (line.rstrip("\n") for line in handle), on_error)


def _read_jsonl(path: Path, lines: Iterable[str], on_error: ErrorHandler) -> Iterator[Document]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(InputError(path, f"malformed JSON line: {exc.msg} (column {exc.colno})", number))
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            on_error(InputError(path, "a JSONL line needs an object with a string field 'text'", number))
            continue
        if not row["text"].strip():
            on_error(InputError(path, "empty 'text'", number))
            continue
        meta = {k: str(row[k]) for k in ("title", "url", "date") if row.get(k) not in (None, "")}
        meta["date"] = document_date(meta.get("date"), row["text"])
        ident = row.get("id")
        name = f"{path.name}#{ident}" if ident not in (None, "") else f"{path.name}#L{number}"
        yield make_document(row["text"], name, **meta)


def read_file(path: Path, on_error: ErrorHandler = _raise) -> Iterator[Document]:
    """Yield the documents of one file (one, or one per JSONL line)."""
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _stream_jsonl(path, on_error)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        on_error(InputError(path, f"cannot read: {exc.strerror or exc}"))
        return
    try:
        text = _decode(path, raw)
    except InputError as error:
        on_error(error)
        return
    suffix = path.suffix.lower()
    title = when = None
    if suffix in HTML_SUFFIXES:
        text, title, when = read_html(text)
        if not text:
            on_error(InputError(path, "no visible text in this HTML page"))
            return
    yield make_document(text, path.name, title=title or guess_title(text), date=document_date(when, text))


def document_date(given: str | None, text: str) -> str | None:
    r"""A document's date: the one its input gives (as ISO when it is a date, else as given), or the
    dated line at the head of its text (« Paris, le 19 juin 2024 »), or None.

    >>> document_date("2024-06-19T10:00:00Z", ""), document_date(None, "Paris, le 3 mai 2022\n\nTexte.")
    ('2024-06-19', '2022-05-03')
    """
    if given:
        return normalize_date(given) or given
    return head_date(text)  # what make_document would do; said here so the date is known before it


def expand_paths(paths: Iterable[str | Path], on_error: ErrorHandler = _raise) -> list[Path]:
    """Files named directly, and the readable files of the folders named (sorted, recursive)."""
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                on_error(InputError(path, f"no input files ({', '.join(sorted(SUFFIXES))}) in this folder"))
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                on_error(InputError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                                          f"expected one of {', '.join(sorted(SUFFIXES))}"))
                continue
            files.append(path)
        elif path.exists():
            on_error(InputError(path, "not a regular file or folder"))
        else:
            on_error(InputError(path, "no such file or folder"))
    return files


def iter_documents(paths: Iterable[str | Path], on_error: ErrorHandler = _raise) -> Iterator[Document]:
    """Stream the documents of ``paths``; a document seen twice (same content) is read once."""
    seen: set[str] = set()
    for path in expand_paths(paths, on_error):
        for document in read_file(path, on_error):
            if document.id in seen:
                continue
            seen.add(document.id)
            yield document
