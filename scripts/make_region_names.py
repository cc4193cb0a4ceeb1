"""Print the ``region_names`` word list of the entities lexicon: first-level subdivisions (states, regions,
provinces, Länder, autonomous communities) of large federal or regionalised countries, in French, from the
ISO 3166-2 tables that pycountry ships (with their French translations).

A place the NER finds that is one of these names is a Region, not a City (« l'Ohio », « la Bretagne »).
Names that are also a capital in the states gazetteer, and city-states (Berlin, Hambourg, Brème...),
are left out: those are cities first.

Run once by hand (pycountry is not a run-time dependency):  python scripts/make_region_names.py
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pycountry

COUNTRIES = ("US", "FR", "DE", "CA", "IT", "ES", "AU", "AT", "IN")
# a subdivision named after its chief city, or a common word: the city or the word comes first in the news
CITY_NAMED = {"New York", "Salzbourg", "Marche", "Vienne"}
TYPES = {"State", "Metropolitan region", "Region", "Land", "Province", "Territory", "Autonomous community",
         "Autonomous region", "Canton"}
CITY_TYPES = {"City", "Metropolitan city", "Autonomous city", "Capital district", "Federal district"}

def main() -> None:
    fr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"])
    states = Path(__file__).resolve().parent.parent / "src/diplograph/data/gazetteers/states.jsonl"
    rows = [json.loads(line) for line in states.read_text().splitlines() if line.strip()]
    capitals = {c.casefold() for row in rows for c in [*row.get("capitals", []), row["label"], *row.get("aliases", [])]}
    names: set[str] = set()
    for code in COUNTRIES:
        subs = list(pycountry.subdivisions.get(country_code=code) or [])
        cities = {fr.gettext(s.name).casefold() for s in subs if s.type in CITY_TYPES}
        for s in subs:
            if s.parent_code is not None or s.type not in TYPES:
                continue
            name = fr.gettext(s.name)
            if re.search(r"[\[\],()]", name) or len(name) < 4:
                continue  # « Galicia [Galicia] », « Madrid, Communauté de »: no running-text form
            if name in CITY_NAMED or name.casefold() in capitals or name.casefold() in cities or (code == "DE" and s.code in (
                    "DE-BE", "DE-HH", "DE-HB")):
                continue
            names.add(name)
    print("region_names: [" + ", ".join(json.dumps(n, ensure_ascii=False) for n in sorted(names)) + "]")

if __name__ == "__main__":
    main()
