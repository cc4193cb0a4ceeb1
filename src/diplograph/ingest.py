"""Read input files and folders into :class:`~diplograph.model.Document` records, lazily.

Documents are streamed one at a time; a bad file is reported through ``on_error`` and
skipped, so the good documents are still processed.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
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

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
    # <meta> names and properties that give a page's publication date, most specific first
    DATE_METAS = ("article:published_time", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
                  "date", "pubdate")
    # <meta> names that say who speaks in (publishes, signs) the page, most specific first
    SPEAKER_METAS = ("speaker", "dc.publisher", "dcterms.publisher", "publisher", "article:publisher", "author",
                     "dc.creator", "dcterms.creator")
    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                         "section", "article", "header", "footer", "tr", "blockquote", "title"})
    # what may stand in <head>: any other element starts the body (HTML5 lets </head> and <body> out)
    _HEAD = frozenset({"head", "title", "meta", "link", "base", "style", "script", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.metas: dict[str, str] = {}
        self._hidden = 0
        self._in_title = False
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = dict(attrs)
            name = (values.get("property") or values.get("name") or "").strip().lower()
            if name and values.get("content"):
                self.metas.setdefault(name, values["content"] or "")
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag not in self._HEAD:
            self._in_head = False
        if tag == "title":
            self._in_title = True
        elif tag in self._HIDDEN:
            self._hidden += 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        if tag == "title":
            self._in_title = False
        elif tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden and not self._in_head:
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
    text, title, when, _speaker = read_html_meta(html)
    return text, title, when


def read_html_meta(html: str) -> tuple[str, str | None, str | None, str | None]:
    """:func:`read_html`, and who speaks in the page (``<meta name="publisher">``, ``author`` …), if it says.

    >>> read_html_meta('<head><meta name="author" content="Ministère des Armées"></head><p>Texte</p>')[3]
    'Ministère des Armées'
    """
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    speaker = next((" ".join(value.split()) for name in _VisibleText.SPEAKER_METAS
                    if (value := parser.metas.get(name)) and value.strip() and not value.strip().startswith("http")),
                   None)
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
    return "\n\n".join(paragraphs), title, when, speaker


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


_UTF16_BOMS = {codecs.BOM_UTF16_LE: "UTF-16LE", codecs.BOM_UTF16_BE: "UTF-16BE"}


def _nul_problem(head: bytes, offset: int) -> str:
    """The message for a NUL byte at ``offset``: UTF-16 text (named as such) or a binary file."""
    for bom, name in _UTF16_BOMS.items():
        if head.startswith(bom) and not head.startswith(codecs.BOM_UTF32_LE):
            return f"{name} text (byte-order mark), expected UTF-8; re-encode it, e.g. iconv -f utf-16 -t utf-8"
    sample = head[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 8 and (odd.count(0) > 0.7 * len(odd) or even.count(0) > 0.7 * len(even)):
        return "UTF-16 text (every other byte is NUL), expected UTF-8; re-encode it, e.g. iconv -f utf-16 -t utf-8"
    return f"binary file (a NUL byte at offset {offset}), expected UTF-8 text"


def _check_head(path: Path, raw: bytes) -> None:
    """UTF-16 is told apart from binary data before anything else is said about the bytes."""
    if raw.startswith(tuple(_UTF16_BOMS)):
        raise InputError(path, _nul_problem(raw, 0))


def _decode(path: Path, raw: bytes) -> str:
    _check_head(path, raw)
    if not raw.strip():
        raise InputError(path, "empty file")
    if (nul := raw.find(b"\x00")) >= 0:
        raise InputError(path, _nul_problem(raw, nul))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "re-encode it, e.g. iconv -f latin1 -t utf-8",
        ) from None
    if not text.strip():  # e.g. only U+001C or U+3000: white space to str, not to bytes
        raise InputError(path, "empty file (white space only)")
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
    blank, offset, head = True, 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if offset == 0:
                head = chunk
                _check_head(path, chunk)
            if (nul := chunk.find(b"\x00")) >= 0:
                raise InputError(path, _nul_problem(head, offset + nul))
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
        handle = path.open(encoding="utf-8-sig", newline="\n")  # a CR or U+2028 inside a string ends no line
    except InputError as error:
        on_error(error)
        return
    except OSError as exc:
        on_error(InputError(path, f"cannot read: {exc.strerror or exc}"))
        return
    with handle:
        yield from _read_jsonl(path, (line.rstrip("\n").removesuffix("\r") for line in handle), on_error)


_SURROGATE = re.compile("[\ud800-\udfff]")  # json.loads joins valid pairs: what is left is a lone half


def _without_surrogates(path: Path, value: str, field: str, line: int | None, on_error: ErrorHandler) -> str:
    """``value`` with each lone surrogate (not encodable in UTF-8) replaced by U+FFFD, same length."""
    found = _SURROGATE.search(value)
    if found is None:
        return value
    on_error(InputError(path, f"a lone surrogate (\\u{ord(found.group()):04x}) in {field!r} at character "
                              f"{found.start()}: replaced by U+FFFD", line))
    return _SURROGATE.sub("\ufffd", value)


def _read_jsonl(path: Path, lines: Iterable[str], on_error: ErrorHandler) -> Iterator[Document]:
    ids: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line, strict=False)  # a raw tab or CR inside a string is the text's own
        except json.JSONDecodeError as exc:
            on_error(InputError(path, f"malformed JSON line: {exc.msg} (column {exc.colno})", number))
            continue
        except RecursionError:
            on_error(InputError(path, "malformed JSON line: nested too deeply", number))
            continue
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            on_error(InputError(path, f"malformed JSON line: {str(exc).split(';')[0]}", number))
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            on_error(InputError(path, "a JSONL line needs an object with a string field 'text'", number))
            continue
        text = _without_surrogates(path, row["text"], "text", number, on_error)
        if not text.strip():
            on_error(InputError(path, "empty 'text'", number))
            continue
        meta: dict[str, str | None] = {}
        for key in ("title", "url", "date", "speaker", "publisher"):
            value = row.get(key)
            if value in (None, ""):
                continue
            if not isinstance(value, str):
                on_error(InputError(path, f"field {key!r} must be a string, got {_json_type(value)}: ignored", number))
                continue
            meta[key] = _without_surrogates(path, value, key, number, on_error)
        meta["date"] = document_date(meta.get("date"), text)
        publisher = meta.pop("publisher", None)
        if meta.get("speaker") is None and publisher is not None:
            meta["speaker"] = publisher  # who publishes an official text speaks in it (extract/speaker.py)
        ident = row.get("id")
        if isinstance(ident, bool) or not isinstance(ident, str | int | type(None)):
            on_error(InputError(path, f"field 'id' must be a string or an integer, got {_json_type(ident)}: "
                                      "the line number names the document", number))
            ident = None
        if ident not in (None, ""):
            ident = _without_surrogates(path, str(ident), "id", number, on_error)
            if ident in ids:
                on_error(InputError(path, f"duplicate id {ident!r} (first on line {ids[ident]})", number))
            else:
                ids[ident] = number
        name = f"{_name(path)}#{ident}" if ident not in (None, "") else f"{_name(path)}#L{number}"
        yield make_document(text, name, **meta)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", bool: "a boolean", int: "an integer", float: "a decimal number"}
    return names.get(type(value), type(value).__name__)


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
    title = when = speaker = None
    if suffix in HTML_SUFFIXES:
        try:
            text, title, when, speaker = read_html_meta(text)
        except (AssertionError, ValueError) as exc:  # html.parser asserts on some malformed declarations
            on_error(InputError(path, f"malformed HTML: {exc}"))
            return
        if not text:
            on_error(InputError(path, "no visible text in this HTML page"))
            return
    yield make_document(text, _name(path), title=title or guess_title(text), date=document_date(when, text),
                        speaker=speaker)


def _name(path: Path) -> str:
    r"""The file name as text: bytes that are not UTF-8 (kept by the OS as lone surrogates) become U+FFFD.

    >>> _name(Path(b"caf\xe9.txt".decode("utf-8", "surrogateescape"))) == "caf\ufffd.txt"
    True
    """
    name = path.name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if _SURROGATE.search(name) else name


def _stat_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "no such file or folder"
    return f"cannot read: {exc.strerror or exc}"


def _folder_files(folder: Path, on_error: ErrorHandler) -> list[Path] | None:
    """The input files under ``folder`` (sorted, recursive), None if it cannot be read; a subfolder
    that cannot be read is reported."""
    found: list[Path] = []
    failed: list[str] = []

    def unreadable(exc: OSError) -> None:
        failed.append(str(exc.filename))
        on_error(InputError(exc.filename or folder, f"cannot read this folder: {exc.strerror or exc}"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        base = Path(root)
        found.extend(base / n for n in names if Path(n).suffix.lower() in SUFFIXES and (base / n).is_file())
    if not found and str(folder) in failed:
        return None
    return sorted(found)


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
    """Files named directly, and the readable files of the folders named (sorted, recursive).

    A file named twice (directly or through a folder) is listed once.
    """
    files: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            real = path.absolute()
        if real not in seen:
            seen.add(real)
            files.append(path)

    for item in paths:
        path = Path(item)
        try:
            info = path.stat()
        except OSError as exc:
            on_error(InputError(path, _stat_problem(exc)))
            continue
        if stat.S_ISDIR(info.st_mode):
            found = _folder_files(path, on_error)
            if found is None:
                continue
            if not found:
                on_error(InputError(path, f"no input files ({', '.join(sorted(SUFFIXES))}) in this folder"))
            for file in found:
                add(file)
        elif stat.S_ISREG(info.st_mode):
            if path.suffix.lower() not in SUFFIXES:
                on_error(InputError(path, f"unsupported file type {path.suffix or '(none)'!r}; "
                                          f"expected one of {', '.join(sorted(SUFFIXES))}"))
                continue
            add(path)
        else:
            on_error(InputError(path, "not a regular file or folder"))
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
