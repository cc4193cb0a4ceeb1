"""French date expressions, and the dates of documents.

Dates are ISO 8601 strings whose length is their precision: ``"2024-06-19"`` (a day),
``"2024-06"`` (a month) or ``"2024"`` (a year). Expressions that need a reference date
(« le 19 juin », « mardi », « hier ») are resolved against the document's date, and dropped
when the document has none: a date is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "event_date", "find_dates", "head_date", "normalize_date", "precision"]

MONTHS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
RELATIVE_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "ce jour": 0, "demain": 1, "après-demain": 2}
# words just before a date that make it something other than the date of the event stated
# (« depuis 2014 » is when a state of affairs began, « d'ici 2030 » a deadline)
NOT_THE_EVENT = re.compile(r"(?:depuis|dès|d['’]ici|jusqu['’]|jusque|avant|entre|à partir d(?:e|u|['’])?|après)\s*"
                           r"(?:le\s+|la\s+|l['’]|fin\s+|début\s+)?$", re.IGNORECASE)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?:(?:{_WEEKDAY})\s+)?(?P<day>1er|[0-3]?\d)\s+(?P<month>{_MONTH})\.?(?:\s+(?P<year>{_YEAR}))?(?![\w-])",
    re.IGNORECASE)
# « du 8 au 11 décembre 2024 »: the range starts on its first day
_DAY_RANGE = re.compile(
    rf"\bdu\s+(?P<day>1er|[0-3]?\d)\s+au\s+(?:1er|[0-3]?\d)\s+(?P<month>{_MONTH})\.?(?:\s+(?P<year>{_YEAR}))?(?![\w-])",
    re.IGNORECASE)
_NUMERIC = re.compile(rf"\b(?P<day>[0-3]?\d)[./](?P<month>[01]?\d)[./](?P<year>{_YEAR})\b")
_ISO = re.compile(rf"\b(?P<year>{_YEAR})-(?P<month>[01]\d)(?:-(?P<day>[0-3]\d))?(?![\d-])")
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_YEAR_ALONE = re.compile(rf"\b(?:en|de|courant|l['’]année|année|au cours de l['’]année)\s+(?P<year>{_YEAR})"
                         rf"(?:\s*[-–]\s*\d{{2,4}})?(?![\w-])", re.IGNORECASE)
# « les 12 août et 8 septembre 2008 », « du 8 au 11 décembre 2024 »: the year of the next date is this one's
_SHARED_YEAR = re.compile(rf"\s*(?:et|au|à|-|–)\s*(?:le\s+)?(?:1er|[0-3]?\d)\s+(?:{_MONTH})\.?\s+(?P<year>{_YEAR})\b",
                          re.IGNORECASE)
_WEEKDAY_ALONE = re.compile(
    rf"\b(?P<weekday>{_WEEKDAY})(?:\s+(?P<which>dernier|prochain|soir|matin|après-midi))?\b(?!\s+(?:1er|[0-3]?\d)\b)",
    re.IGNORECASE)
# a future verb (« se rendra », « seront reçus ») or a plan (« prévu », « doit ») just before a weekday:
# the weekday is the next one, not the last
_FUTURE = re.compile(r"(?:\b\w*(?:era|ira|dra|rra|aura|sera|fera|vra|eront|iront|dront|rront|auront|seront|"
                     r"feront|vront)|\bprévue?s?|\bdoit|\bdoivent|\bdevrai(?:t|ent))\b(?:\s+[^\s.,;:!?]+){0,3}\s+$",
                     re.IGNORECASE)
_RELATIVE = re.compile(r"(?<![\w-])(?P<word>avant-hier|après-demain|hier|aujourd'hui|aujourd’hui|ce jour|demain)(?![\w-])",
                       re.IGNORECASE)


# what may come before the date of a dateline: nothing, or a place and a comma (« PARIS, le »)
_DATELINE = re.compile(r"^\s*(?:[A-ZÀ-Ý][\w'’-]*(?:\s+[A-ZÀ-Ý][\w'’-]*)*\s*,\s*(?:le\s+)?)?$")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression of a text (``end`` exclusive) and the ISO date it stands for."""

    start: int
    end: int
    text: str
    value: str
    relative: bool = False  # resolved against the reference date


def precision(value: str) -> str:
    """``"day"``, ``"month"`` or ``"year"``: what an ISO date of :mod:`diplograph.dates` gives.

    >>> precision("2024-06"), precision("2024-06-19"), precision("2024")
    ('month', 'day', 'year')
    """
    return {10: "day", 7: "month"}.get(len(value), "year")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    except ValueError:
        return None
    return f"{year:04d}"


def _reference(reference: str | None) -> date | None:
    if reference is None or len(reference) != 10:
        return None
    try:
        return date.fromisoformat(reference)
    except ValueError:
        return None


def normalize_date(raw: str | None) -> str | None:
    """An input date (JSONL ``date``, an HTML ``<meta>``) as an ISO date, or None if it is not one.

    >>> normalize_date("2024-06-19T08:30:00+02:00"), normalize_date("19/06/2024"), normalize_date("19 juin 2024")
    ('2024-06-19', '2024-06-19', '2024-06-19')
    >>> normalize_date("2024-06"), normalize_date("2024"), normalize_date("bientôt") is None
    ('2024-06', '2024', True)
    """
    if raw is None:
        return None
    text = raw.strip()
    match = _ISO.match(text)
    if match:
        day = match["day"]
        return _iso(int(match["year"]), int(match["month"]), int(day) if day else None)
    if re.fullmatch(_YEAR, text):
        return text
    found = find_dates(text, None)
    full = [m for m in found if len(m.value) == 10]
    return full[0].value if full else (found[0].value if found else None)


def _year_of(ref: date, month: int, day: int) -> str | None:
    """A day and month without a year: in the reference's year, or the year before when that would
    put it more than a month after the reference (a text looks back more than it looks ahead)."""
    value = _iso(ref.year, month, day)
    if value is not None and date.fromisoformat(value) > ref + timedelta(days=31):
        value = _iso(ref.year - 1, month, day)
    return value


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_dates(text: str, reference: str | None) -> list[DateMention]:
    """The date expressions of ``text``, in text order, resolved against ``reference`` (an ISO day).

    A day and month without a year takes the reference's year (the previous year when that would put
    it more than a month after the reference); a weekday alone is the last such day on or before the
    reference (« mardi prochain », or after a future verb as in « se rendra mardi »: the next one);
    « hier », « aujourd'hui »... count from it.

    >>> [m.value for m in find_dates("Le 19 juin 2024, puis en mars 2022 et en 2019.", None)]
    ['2024-06-19', '2022-03', '2019']
    >>> [m.value for m in find_dates("Il a déclaré mardi puis le 3 mai, et hier.", "2024-06-20")]
    ['2024-06-18', '2024-05-03', '2024-06-19']
    >>> [m.value for m in find_dates("Les 12 août et 8 septembre 2008, puis la guerre de 1894-95.", "2024-08-07")]
    ['2008-08-12', '2008-09-08', '1894']
    >>> [m.value for m in find_dates("Il s'est rendu à Rome du 25 au 27 janvier.", "2016-01-24")]
    ['2016-01-25']
    >>> [m.value for m in find_dates("Il se rendra lundi à Ankara, où il a parlé mardi.", "2024-06-20")]
    ['2024-06-24', '2024-06-18']
    """
    ref = _reference(reference)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: str | None, relative: bool = False) -> None:
        if value is None or any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMention(start, end, text[start:end], value, relative))

    for match in _DAY_RANGE.finditer(text):
        day = 1 if match["day"].lower() == "1er" else int(match["day"])
        if match["year"]:
            add(match.start(), match.end(), _iso(int(match["year"]), _month(match["month"]), day))
        elif ref is not None:
            add(match.start(), match.end(), _year_of(ref, _month(match["month"]), day), relative=True)
    for match in _DAY_MONTH_YEAR.finditer(text):
        day = 1 if match["day"].lower() == "1er" else int(match["day"])
        month = _month(match["month"])
        shared = None if match["year"] else _SHARED_YEAR.match(text, match.end())
        if match["year"] or shared:
            year = match["year"] or (shared["year"] if shared else "")
            add(match.start(), match.end(), _iso(int(year), month, day))
        elif ref is not None:
            add(match.start(), match.end(), _year_of(ref, month, day), relative=True)
    for match in _NUMERIC.finditer(text):
        add(match.start(), match.end(), _iso(int(match["year"]), int(match["month"]), int(match["day"])))
    for match in _ISO.finditer(text):
        day = match["day"]
        add(match.start(), match.end(), _iso(int(match["year"]), int(match["month"]), int(day) if day else None))
    for match in _MONTH_YEAR.finditer(text):
        add(match.start(), match.end(), _iso(int(match["year"]), _month(match["month"])))
    for match in _YEAR_ALONE.finditer(text):
        add(match.start("year"), match.end(), match["year"])
    if ref is not None:
        for match in _WEEKDAY_ALONE.finditer(text):
            back = (ref.weekday() - WEEKDAYS[match["weekday"].lower()]) % 7
            which = (match["which"] or "").lower()
            if which == "prochain":
                value = ref + timedelta(days=(7 - back) % 7 or 7)
            elif which != "dernier" and _FUTURE.search(text[max(0, match.start() - 60):match.start()]):
                value = ref + timedelta(days=(7 - back) % 7)
            else:
                value = ref - timedelta(days=back)
            add(match.start(), match.end(), value.isoformat(), relative=True)
        for match in _RELATIVE.finditer(text):
            shift = RELATIVE_DAYS[match["word"].lower().replace("’", "'")]
            add(match.start(), match.end(), (ref + timedelta(days=shift)).isoformat(), relative=True)
    return sorted(found, key=lambda m: m.start)


def event_date(sentence: str, reference: str | None) -> str | None:
    """The date of the event a sentence states: its first date expression that is not a start, a
    deadline or a bound (« depuis 2014 », « d'ici 2030 », « avant le 3 mai »); None if it has none.

    >>> event_date("Depuis 2014, la Russie a livré des armes le 3 mars 2022.", None)
    '2022-03-03'
    >>> event_date("La France a condamné jeudi ces frappes.", "2024-10-27")
    '2024-10-24'
    >>> event_date("La France condamne ces frappes.", "2024-10-27") is None
    True
    """
    for mention in find_dates(sentence, reference):
        if not NOT_THE_EVENT.search(sentence[max(0, mention.start - 24):mention.start]):
            return mention.value
    return None


def head_date(text: str, lines: int = 3, longest: int = 250) -> str | None:
    r"""The date of a document from a dated line at its head (« Paris, le 19 juin 2024 », a title
    ending « (13 septembre 2022) », « 26.09.2021 »): the first full date of its first ``lines``
    non-empty lines, or None. The head ends at the first line longer than ``longest`` characters
    (a paragraph of the body, whose dates are those of events), which gives only a dateline at its start.

    >>> head_date("Paris, le 19 juin 2024\n\nLa France condamne...")
    '2024-06-19'
    >>> head_date("Un titre\n\nLe texte, en mars 2022.") is None
    True
    """
    seen = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        body = len(line) > longest  # a paragraph: only a dateline at its very start (« 22 mai 2012. - ... »)
        for mention in find_dates(line[:60] if body else line, None):
            if len(mention.value) == 10 and (not body or _DATELINE.match(line[:mention.start])):
                return mention.value
        if body:
            break
        seen += 1
        if seen >= lines:
            break
    return None
