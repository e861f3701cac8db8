"""Generate `rules/data/institutions.yaml`, the fixed names the `names` pack learns from data.

A newsroom's style guide lists thousands of institutions; typing them in by
hand misses most of them and cannot be checked. These names come from public
lists kept by others, each pinned to a commit and a licence (SOURCES below).
The generator runs in two steps:

    # 1. refresh the pinned extracts from the sources (needs the sources' git
    #    directories, one per repository, named owner+name under MIRRORS):
    .venv/bin/python scripts/build_names.py extract MIRRORS
    # 2. regenerate the data file from the pinned extracts (no network):
    .venv/bin/python scripts/build_names.py

Step 1 writes `scripts/sources/<source>.tsv`: only the fields used (name, and
an official acronym where the source gives one), with the source's
repository, commit and licence in the header. Those extracts are committed,
so step 2 and the test that keeps `rules/data/institutions.yaml` in sync with
them need neither network nor the sources.

Step 2 keeps a name only where a checker can use it safely:

- at least two words, letters only (with hyphens, apostrophes and the odd
  period inside an initial), no brackets, digits, commas or ampersands;
- not a phrase of ordinary words that English uses every day ("National
  Front", "Green Party", "General Council": every word an ordinary lower-case
  dictionary word, and all of them frequent): such a name is as likely a
  description as the body, in any case it is written;
- not a name already in the hand-kept `rules/data/organisations.yaml`, and not
  a name that two sources write with different capitals;
- an acronym only where it is at least two capital letters, not an English
  word ("WHO" would be "who"), and names one body only.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "rules" / "data" / "institutions.yaml"
HAND = ROOT / "rules" / "data" / "organisations.yaml"
EXTRACTS = Path(__file__).resolve().parent / "sources"

#: Where each list comes from. `kind` says what the names are; `licence` is
#: the licence of the data as its repository states it.
SOURCES = {
    "uk-government": {
        "repository": "openregister/government-organisation-data",
        "commit": "3e8ff47cce1291dae30b11aa0c332739d4c31a35",
        "licence": "Open Government Licence v3.0 (data, Crown copyright); MIT (code)",
        "files": ["data/government-organisation/government-organisation.tsv", "maps/abbreviation.tsv"],
        "kind": "UK government departments, agencies and public bodies (the GOV.UK register, past and present)",
    },
    "parties": {
        "repository": "hdigital/partyfactsdata",
        "commit": "764de8978f84ba41a1c88752d6a00b9a4d05f599",
        "licence": "MIT",
        "files": ["import/elecglob/partyfacts-core-parties.csv"],
        "kind": "political parties of every country (Party Facts core parties, English names)",
    },
    "international": {
        "repository": "confirmordeny/supraverden",
        "commit": "59ab4fa0f92f3c75bb45e230908e612f15e8dbdf",
        "licence": "CC BY-SA 4.0",
        "files": ["data/general_list.yaml"],
        "kind": "international organisations, EU institutions and bodies, UN agencies, development banks",
    },
    "universities": {
        "repository": "Hipo/university-domains-list",
        "commit": "bb07faf064e1c68be9b26fb71de31f01e361f974",
        "licence": "MIT",
        "files": ["world_universities_and_domains.json"],
        "kind": "universities and colleges worldwide (names with an English head word)",
    },
    "us-congress": {
        "repository": "unitedstates/congress-legislators",
        "commit": "dfa9622263dd4c8d08636926e498f1845704d7eb",
        "licence": "CC0 1.0",
        "files": ["committees-current.yaml", "committees-historical.yaml"],
        "kind": "committees of the US Congress, current and historical",
    },
    "us-courts": {
        "repository": "freelawproject/courts-db (PyPI courts-db 0.10.27)",
        "commit": "courts-db==0.10.27",
        "licence": "BSD-2-Clause",
        "files": ["courts_db/data/courts.json"],
        "kind": "US federal and state courts of appeal, supreme courts and federal district courts",
    },
    "football-clubs": {
        "repository": "openfootball/clubs",
        "commit": "ae3800227c449447b3a337fc0aac79a8f02f4c8b",
        "licence": "CC0 1.0",
        "files": ["*/**/*.clubs.txt"],
        "kind": "football clubs of Europe, the Americas, Africa and Asia, with their usual short names",
    },
    "football-leagues": {
        "repository": "openfootball/leagues",
        "commit": "500b3eb4958e57849f93f816261149e0286e25c4",
        "licence": "CC0 1.0",
        "files": ["**/leagues.txt", "**/*.leagues.txt"],
        "kind": "football leagues and cup competitions, national and international",
    },
    "companies": {
        "repository": "datasets/s-and-p-500-companies",
        "commit": "56509dd80619e4d8e1410c2260d68ddd3eab6068",
        "licence": "ODC-PDDL-1.0",
        "files": ["data/constituents.csv"],
        "kind": "S&P 500 companies",
    },
}


# ----------------------------------------------------------------- extract
def _git(mirror: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(mirror), *args], check=True, capture_output=True, text=True).stdout


def _split_alternatives(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s+/\s+", text) if p.strip()]


def _extract_uk_government(show) -> list[tuple[str, str]]:
    rows = list(csv.DictReader(io.StringIO(show("data/government-organisation/government-organisation.tsv")), delimiter="\t"))
    abbrev: dict[str, list[str]] = {}
    for r in csv.DictReader(io.StringIO(show("maps/abbreviation.tsv")), delimiter="\t"):
        abbrev.setdefault(r["government-organisation"], []).append(r["abbreviation"])
    out = []
    for r in rows:
        name = r["name"].strip()
        acr = ""
        for a in abbrev.get(r["government-organisation"], ()):
            # The register keeps abbreviations in lower case: keep one only where
            # it is the initials of the name's capitalised words, so its capitals are known.
            initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'’-]*", name))
            if a.upper() == initials and len(a) >= 2:
                acr = a.upper()
        out.append((name, acr))
    return out


def _extract_parties(show) -> list[tuple[str, str]]:
    out = []
    for r in csv.DictReader(io.StringIO(show("import/elecglob/partyfacts-core-parties.csv"))):
        if r.get("technical"):
            continue
        names = _split_alternatives(r["name_english"] or "") or _split_alternatives(r["name"] or "")
        short = (r.get("name_short") or "").strip()
        for i, n in enumerate(names):
            out.append((n, short if i == 0 else ""))
    return out


def _extract_international(show) -> list[tuple[str, str]]:
    data = yaml.load(show("data/general_list.yaml"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for entry in data.values():
        if not isinstance(entry, dict) or not entry.get("Name_en"):
            continue
        out.append((str(entry["Name_en"]), str(entry.get("Abbreviation_en") or "")))
        for key, value in entry.items():
            if key.startswith("Name_other") and key.endswith("_en") and value:
                out.append((str(value), ""))
    return out


_UNIVERSITY_HEADS = re.compile(r"\b(?:University|College|Institute|School|Academy|Polytechnic|Conservatory|Seminary)\b")


def _extract_universities(show) -> list[tuple[str, str]]:
    out = []
    for u in json.loads(show("world_universities_and_domains.json")):
        name = " ".join(str(u.get("name") or "").split())
        if _UNIVERSITY_HEADS.search(name):
            out.append((name, ""))
    return out


def _extract_us_congress(show) -> list[tuple[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for f in ("committees-current.yaml", "committees-historical.yaml"):
        for c in yaml.load(show(f), Loader=loader) or ():
            if c.get("name"):
                out.append((str(c["name"]), ""))
    return out


_COURT_NAME = re.compile(r"Supreme Court|Court of Appeals|Court of Criminal Appeals|Appellate|District Court for the|Court of International Trade|Court of Federal Claims|Tax Court|Court of Appeal\b")


def _extract_us_courts(path: Path) -> list[tuple[str, str]]:
    out = []
    for c in json.loads(path.read_text(encoding="utf-8")):
        name = str(c.get("name") or "")
        if c.get("type") in ("appellate", "international") or _COURT_NAME.search(name):
            out.append((name, ""))
    return out


_CLUB_LINE = re.compile(r"^(?:[ivx]+\)\s*)?([^\s|#=][^,#]*?)\s*(?:,|##|$)")


def _extract_football_clubs(show, files: list[str]) -> list[tuple[str, str]]:
    out = []
    for f in files:
        for line in show(f).splitlines():
            if not line.strip() or line.lstrip().startswith(("#", "=")):
                continue
            if line.lstrip().startswith("|"):
                for alt in line.split("##")[0].split("#")[0].split("|"):
                    alt = re.sub(r"\[[a-z]{2}\]", "", alt).strip()
                    if alt:
                        out.append((alt, ""))
                continue
            m = _CLUB_LINE.match(line)
            if m:
                out.append((m.group(1).strip(), ""))
    return out


_LEAGUE_LINE = re.compile(r"^\S+\s+(?:\d{4}(?:/\d{2})?-?(?:\d{4}(?:/\d{2})?)?\s+)?(.+?)\s*(?:##.*)?$")


def _extract_football_leagues(show, files: list[str]) -> list[tuple[str, str]]:
    out = []
    for f in files:
        for line in show(f).splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "=")):
                continue
            if stripped.startswith("|"):
                names = stripped.split("##")[0].split("|")
            else:
                m = _LEAGUE_LINE.match(line)
                if not m:
                    continue
                names = m.group(1).split("=>")
            for n in names:
                n = re.sub(r"\[[a-z]{2}\]", "", n).strip()
                if n:
                    out.append((n, ""))
    return out


def _extract_companies(show) -> list[tuple[str, str]]:
    return [(r["Security"].strip(), "") for r in csv.DictReader(io.StringIO(show("data/constituents.csv")))]


def extract(mirrors: Path) -> None:
    """Write the pinned extracts from the sources' git directories (owner+name/repo)."""
    EXTRACTS.mkdir(exist_ok=True)
    for sid, src in SOURCES.items():
        if sid == "us-courts":
            import courts_db  # pip install courts-db==0.10.27

            rows = _extract_us_courts(Path(courts_db.__file__).parent / "data" / "courts.json")
        else:
            repo = src["repository"]
            gitdir = mirrors / repo.replace("/", "+") / "repo"
            if (gitdir / ".git").is_dir():
                gitdir = gitdir / ".git"
            commit = src["commit"]
            if _git(gitdir, "rev-parse", commit + "^{commit}").strip() != commit:
                raise SystemExit(f"{repo}: commit {commit} not found")

            def show(path: str, gitdir=gitdir, commit=commit) -> str:
                return _git(gitdir, "show", f"{commit}:{path}")

            if sid in ("football-clubs", "football-leagues"):
                listed = _git(gitdir, "ls-tree", "-r", "--name-only", commit).split("\n")
                suffix = ".clubs.txt" if sid == "football-clubs" else "leagues.txt"
                files = sorted(f for f in listed if f.endswith(suffix) and not f.startswith(("0-", "1-")))
                rows = globals()["_extract_" + sid.replace("-", "_")](show, files)
            else:
                rows = globals()["_extract_" + sid.replace("-", "_")](show)
        write_extract(sid, rows)


def write_extract(sid: str, rows: list[tuple[str, str]]) -> None:
    src = SOURCES[sid]
    seen = set()
    lines = [
        f"# source: {src['repository']}",
        f"# commit: {src['commit']}",
        f"# licence: {src['licence']}",
        f"# files: {', '.join(src['files'])}",
        "# extracted by scripts/build_names.py extract; columns: name, acronym",
    ]
    for name, acr in rows:
        name = " ".join(name.split())
        if (name, acr) in seen or "\t" in name:
            continue
        seen.add((name, acr))
        lines.append(f"{name}\t{acr}")
    (EXTRACTS / f"{sid}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_extract(sid: str) -> list[tuple[str, str]]:
    rows = []
    for line in (EXTRACTS / f"{sid}.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        name, _, acr = line.partition("\t")
        rows.append((name, acr))
    return rows


# ------------------------------------------------------------------- build
#: Letters (any script's Latin letters), inner hyphens and apostrophes, and a
#: period only after one capital (an initial: "John F. Kennedy School").
_WORD_OK = re.compile(r"^(?:[^\W\d_]+(?:[-'’][^\W\d_]+)*|[A-Z]\.)$")
#: Words inside a name that may stay lower case.
_MINOR = frozenset("of the and for on in at to de du des la le les el del da do dos das di der den van von y e et und a an".split())
#: Ordinary words that English uses this often (wordfreq's Zipf scale) make a
#: name of such words an everyday phrase ("national front", "home office").
EVERYDAY_ZIPF = 4.0


def _latin(name: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "") for c in name if c.isalpha())


def _clean(name: str) -> str | None:
    name = " ".join(name.replace("’", "'").split())
    name = re.sub(r"^The\s+", "", name)
    if not name or not _latin(name):
        return None
    words = name.split(" ")
    if len(words) < 2 or len(words) > 10:
        return None
    if not all(_WORD_OK.match(w) for w in words):
        return None
    if not words[0][0].isupper() or not words[-1][0].isupper():
        return None  # "Party of the left": not written as a name
    if any(not w[0].isupper() and w.lower() not in _MINOR for w in words):
        return None
    if sum(1 for w in words if w[0].isupper()) < 2 and len(words) < 3:
        return None
    if name.isupper():
        return None  # "ABN AMRO"-style styling is the body's own; a list in capitals is no guide to case
    return name


def _everyday_phrase(name: str, ordinary, zipf) -> bool:
    """A phrase English writes every day: at most two content words, each an ordinary and frequent word.

    "Civil Service", "Left Party", "Party of the Left" read as descriptions as
    often as names. Three content words ("Crown Prosecution Service") make a
    phrase no one writes by chance.
    """
    words = [w.lower() for w in name.split(" ")]
    content = [w for w in words if w not in _MINOR]
    if not content or len(content) > 2:
        return False
    return all(ordinary(w) for w in content) and min(zipf(w) for w in content) >= EVERYDAY_ZIPF


def _good_acronym(acr: str, ordinary) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z0-9]*[A-Z0-9]", acr)) and len(acr) >= 2 and not ordinary(acr.lower()) and not acr.isdigit()


def _hand_names() -> set[str]:
    data = yaml.safe_load(HAND.read_text(encoding="utf-8"))
    out = set()
    for item in data["names"]:
        if isinstance(item, str):
            out.add(item.lower())
        else:
            out.add(item["name"].lower())
            out.update(a.lower() for a in item.get("accepted") or ())
    return out


def _place_names() -> set[str]:
    """One-word places and peoples of the shipped gazetteer ("japan", "china"): names, whatever else they are."""
    out = set()
    for f in ("gazetteer.yaml", "proper-nouns.yaml"):
        data = yaml.safe_load((ROOT / "rules" / "data" / f).read_text(encoding="utf-8"))
        for key in ("countries", "capitals", "cities", "divisions", "demonyms", "plural_demonyms", "regions"):
            out.update(str(n).lower() for n in data.get(key) or () if " " not in str(n))
    return out


def _lexicon():
    from wordfreq import zipf_frequency

    from copyedit.lexicon import is_ordinary_word

    cache: dict[str, bool] = {}
    places = _place_names()

    def ordinary(w: str) -> bool:
        if w not in cache:
            cache[w] = w not in places and (is_ordinary_word(w) or is_ordinary_word(w, "gb"))
        return cache[w]

    return ordinary, lambda w: zipf_frequency(w, "en")


def _near_misses(names: set[str], hand: set[str]) -> set[str]:
    """Generated names one small slip away from another name ("Primera Divison", "Young Socialist").

    The checker would "fix" one into the other, so neither is a fixed form:
    both are dropped (a hand-kept name stays, its generated neighbour goes).
    """
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.fuzz import ratio

    def close(a: str, b: str) -> bool:
        a, b = a.lower(), b.lower()
        if a.rstrip("s") == b.rstrip("s") or a.replace("y", "ies") == b or b.replace("y", "ies") == a:
            return True
        return Levenshtein.distance(a, b) <= 2 and ratio(a, b) >= 80

    index: dict[tuple, list[tuple[str, str]]] = {}
    everything = {n.lower(): n for n in names} | {h: h for h in hand}
    for low, name in everything.items():
        words = tuple(name.lower().split(" "))
        for i in range(len(words)):
            index.setdefault(words[:i] + ("*",) + words[i + 1 :], []).append((name.split(" ")[i], low))
    out: set[str] = set()
    for bucket in index.values():
        if len(bucket) < 2:
            continue
        for j, (wa, a) in enumerate(bucket):
            for wb, b in bucket[j + 1 :]:
                if a != b and close(wa, wb):
                    out.update(x for x in (a, b) if x not in hand)
    return out


def build() -> dict:
    sys.path.insert(0, str(ROOT))
    ordinary, zipf = _lexicon()
    hand = _hand_names()
    candidates: list[tuple[str, str, str]] = []  # (source, name, acronym)
    for sid in SOURCES:
        for raw, acr in read_extract(sid):
            name = _clean(raw)
            if name is None or _everyday_phrase(name, ordinary, zipf):
                continue
            candidates.append((sid, name, acr.strip()))
    # A name two sources write with different capitals has no one right form.
    spellings: dict[str, set[str]] = {}
    for _, name, _ in candidates:
        spellings.setdefault(name.lower(), set()).add(name)
    # An acronym that stands for several bodies identifies none of them.
    acronym_of: dict[str, set[str]] = {}
    for _, name, acr in candidates:
        if acr:
            acronym_of.setdefault(acr, set()).add(name.lower())
    clashing = _near_misses({name for _, name, _ in candidates}, hand)
    groups: dict[str, list] = {sid: [] for sid in SOURCES}
    placed: set[str] = set()
    for sid, name, acr in candidates:
        low = name.lower()
        if low in hand or low in placed or len(spellings[low]) > 1 or low in clashing:
            continue
        placed.add(low)
        if acr and len(acronym_of[acr]) == 1 and _good_acronym(acr, ordinary):
            groups[sid].append({"name": name, "acronym": acr})
        else:
            groups[sid].append(name)
    for sid in groups:
        groups[sid].sort(key=lambda x: (x["name"] if isinstance(x, dict) else x).lower())
    return {
        "generated_by": "scripts/build_names.py from the pinned extracts in scripts/sources/",
        "sources": {
            sid: {k: SOURCES[sid][k] for k in ("repository", "commit", "licence", "kind")} | {"names": len(groups[sid])}
            for sid in SOURCES
        },
        "names": groups,
    }


def dump(data: dict) -> str:
    header = ["# Generated by scripts/build_names.py; do not edit by hand.", "# Sources (repository, commit, licence):"]
    for sid, src in data["sources"].items():
        header.append(f"#   {sid}: {src['repository']} @ {src['commit']} ({src['licence']})")
    return "\n".join(header) + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def main(argv: list[str]) -> int:
    if argv[:1] == ["extract"]:
        if len(argv) != 2:
            print("usage: build_names.py extract MIRRORS_DIR", file=sys.stderr)
            return 2
        extract(Path(argv[1]))
        print(f"wrote {EXTRACTS}/*.tsv", file=sys.stderr)
        return 0
    data = build()
    OUT.write_text(dump(data), encoding="utf-8")
    total = sum(len(v) for v in data["names"].values())
    print(f"wrote {OUT}: {total} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
