"""Regenerate ``src/diplograph/data/gazetteers/states.jsonl``.

The state gazetteer merges two sources:

* pycountry's ISO 3166-1 data, translated to French with the
  ``iso3166-1`` gettext catalogue shipped with pycountry (official and
  short names become aliases);
* ``scripts/states_curated.yml``, which gives the common press label,
  extra aliases, demonyms, combining forms, capitals and seats of power;
* ``scripts/sources/states_wikidata.csv`` (Our World in Data, CC BY 4.0,
  attribution "Our World in Data"; provenance in ``scripts/sources/README.md``),
  which gives each state's Wikidata QID and Correlates of War numeric and
  letter codes.  A state the table does not list gets no link: identifiers
  are never made up.

Only states listed in the curated file are emitted, so non-sovereign
territories (Aruba, Åland...) stay out.  Output is deterministic: one JSON
object per line, sorted by ISO3, keys sorted, UTF-8 without escapes.

Usage::

    python scripts/make_gazetteer.py [--curated PATH] [--links PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import csv
import gettext
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CURATED = ROOT / "scripts" / "states_curated.yml"
DEFAULT_LINKS = ROOT / "scripts" / "sources" / "states_wikidata.csv"
DEFAULT_OUTPUT = ROOT / "src" / "diplograph" / "data" / "gazetteers" / "states.jsonl"


def _translator() -> Callable[[str], str]:
    """Return a function translating ISO 3166-1 English names to French."""
    catalogue = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=["fr"]
    )
    return catalogue.gettext


def natural_order(name: str) -> str | None:
    """Turn an inverted ISO name into natural French word order.

    ``"Corée, République de"`` -> ``"République de Corée"``,
    ``"Iran, République islamique d'"`` -> ``"République islamique d'Iran"``,
    ``"Syrienne, République arabe"`` -> ``"République arabe syrienne"``.
    Names with parentheses are reduced to the part before them.  Returns
    ``None`` when the name cannot be turned into a usable form.
    """
    name = name.replace("\u2019", "'").strip()
    if "(" in name:
        name = name.split("(", 1)[0].strip()
    if "," not in name:
        return name or None
    head, _, tail = name.partition(",")
    head, tail = head.strip(), tail.strip()
    if not head or not tail or "," in tail:
        return None
    if tail.endswith("'"):
        result = f"{tail}{head}"
    elif re.search(r"\b(de|du|des|de la)$", tail) or tail.split()[0] in {"Île", "Îles"}:
        result = f"{tail} {head}"
    else:
        # Adjectival head ("Syrienne, République arabe"): lower-case it.
        result = f"{tail} {head[0].lower()}{head[1:]}"
    return result[0].upper() + result[1:]


def inflect(base: str) -> list[str]:
    """Expand a ``"masc/fem"`` demonym spec into its inflected forms.

    A single form (``"russe"``) is used for both genders.  Plurals add
    ``-s``, except that masculine forms ending in ``-s``, ``-x`` or ``-z``
    are unchanged (``"japonais"`` -> ``"japonais"``).
    """
    parts = [p.strip() for p in base.split("/") if p.strip()]
    if not parts:
        return []
    masc = parts[0]
    fem = parts[1] if len(parts) > 1 else masc
    masc_pl = masc if masc[-1] in "sxz" else masc + "s"
    fem_pl = fem if fem[-1] in "sxz" else fem + "s"
    forms: list[str] = []
    for form in (masc, fem, masc_pl, fem_pl):
        if form not in forms:
            forms.append(form)
    return forms


def _unique(items: list[str], exclude: set[str]) -> list[str]:
    """Deduplicate ``items`` preserving order and skipping ``exclude``."""
    seen: set[str] = set(exclude)
    result: list[str] = []
    for item in items:
        item = item.replace("\u2019", "'").strip()
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def read_links(path: Path) -> dict[str, dict[str, Any]]:
    """ISO3 -> ``wikidata``, ``cow_code`` (int), ``cow_letter`` from the OWID-derived table.

    Empty cells are left out, so a state without a COW code has no ``cow_code``.
    """
    links: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            link: dict[str, Any] = {}
            if row["wikidata_qid"].strip():
                link["wikidata"] = row["wikidata_qid"].strip()
            if row["cow_code"].strip():
                link["cow_code"] = int(row["cow_code"])
            if row["cow_letter"].strip():
                link["cow_letter"] = row["cow_letter"].strip()
            links[row["iso3"].strip()] = link
    return links


def build_entry(iso3: str, curated: dict[str, Any], tr: Callable[[str], str],
                links: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Build one gazetteer record for ``iso3`` from pycountry, curated data and the link table."""
    country = pycountry.countries.get(alpha_3=iso3)
    raw: list[str] = []
    if country is not None:
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                raw.append(tr(value))
    elif "name" not in curated:
        raise ValueError(f"{iso3}: not in pycountry and no curated name")
    else:
        raw.append(curated["name"])

    dropped = {d.replace("\u2019", "'") for d in curated.get("drop_aliases", [])}
    pyc_aliases = []
    for name in raw:
        if name.replace("\u2019", "'") in dropped:
            continue
        fixed = natural_order(name)
        if fixed and fixed not in dropped:
            pyc_aliases.append(fixed)

    label = curated.get("label") or (pyc_aliases[0] if pyc_aliases else iso3)
    aliases = _unique(list(curated.get("aliases", [])) + pyc_aliases, {label} | dropped)

    demonyms: list[str] = []
    for spec in curated.get("demonyms", []):
        demonyms.extend(inflect(spec))
    demonyms.extend(curated.get("demonym_forms", []))

    return {
        **(links or {}).get(iso3, {}),
        "id": iso3,
        "type": "State",
        "label": label,
        "iso3": iso3,
        "aliases": aliases,
        "demonyms": _unique(demonyms, set()),
        "combining": _unique(list(curated.get("combining", [])), set()),
        "capitals": _unique(list(curated.get("capitals", [])), set()),
        "seats": _unique(list(curated.get("seats", [])), set()),
    }


def build(curated_path: Path, links_path: Path = DEFAULT_LINKS) -> list[dict[str, Any]]:
    """Return all state records, sorted by ISO3."""
    with curated_path.open(encoding="utf-8") as handle:
        curated: dict[str, dict[str, Any]] = yaml.safe_load(handle)
    tr = _translator()
    links = read_links(links_path)
    return [build_entry(iso3, curated[iso3] or {}, tr, links) for iso3 in sorted(curated)]


def main() -> None:
    """Command-line entry point: write the JSONL gazetteer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--curated", type=Path, default=DEFAULT_CURATED)
    parser.add_argument("--links", type=Path, default=DEFAULT_LINKS)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    records = build(args.curated, args.links)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {len(records)} states to {args.output}")


if __name__ == "__main__":
    main()
