"""Sets of spellings of one word (defence/defense, organise/organize) and their inflected forms.

The `consistency` kind keeps a document to one spelling of each set, and
dialect detection counts a document's US and British forms; both read the
same sets from the same data, so the reading lives here, apart from both
(dialect detection importing the rule kind was an import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copyedit.rulespec import PackError

DIALECTS = ("us", "gb", "ca", "au")
# A dialect without its own preference borrows one: Canada and Australia
# spell mostly as Britain does (a set names `ca` where Canada differs).
_FALLBACK = {"ca": ("gb",), "au": ("gb",), "gb": (), "us": ()}


def normal(text: str) -> str:
    """The key a matched spelling is looked up by: lower case, one space, ASCII marks."""
    t = " ".join(text.lower().split())
    return t.replace("\u2010", "-").replace("\u2011", "-").replace("\u2019", "'")


def inflect(word: str, suffix: str) -> str:
    """`word` + `suffix` with English spelling's regular adjustments.

    A silent e drops before a vowel (organise -> organising, centre ->
    centred), a consonant's y turns to i (ies, ied) and a sibilant takes -es.
    Irregular forms are listed as sets of their own.
    """
    if not suffix:
        return word
    if suffix == "s":
        if word.endswith(("s", "x", "z", "ch", "sh")):
            return word + "es"
        if _consonant_y(word):
            return word[:-1] + "ies"
        return word + "s"
    if suffix[0] in "aeiouy":
        if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
            return word[:-1] + suffix
        if _consonant_y(word) and suffix[0] != "i":
            return word[:-1] + "i" + suffix
    return word + suffix


def _consonant_y(word: str) -> bool:
    return len(word) > 1 and word.endswith("y") and word[-2] not in "aeiouy"


@dataclass
class VariantSet:
    variants: tuple[str, ...]
    prefer: dict[str, str]
    #: forms[k][i]: the k-th inflected form of variant i.
    forms: list[tuple[str, ...]] = field(default_factory=list)

    def preferred(self, dialect: str) -> str | None:
        for d in (dialect, *_FALLBACK.get(dialect, ()), "*"):
            if d in self.prefer:
                return self.prefer[d]
        return None

    def label(self) -> str:
        return "/".join(self.variants)


def parse_set(item, where: str, default_inflect: list[str]) -> VariantSet:
    prefer: dict[str, str] = {}
    sfx = default_inflect
    if isinstance(item, str):
        parts = [p.strip() for p in item.split("/")]
        if len(parts) != 2 or not all(parts):
            raise PackError(f"{where}: a set written as a string is 'us/gb', got {item!r}")
        variants = parts
        prefer = {"us": parts[0], "gb": parts[1]}
    elif isinstance(item, list):
        variants = [str(v).strip() for v in item]
        if variants:
            prefer = {"*": variants[0]}
    elif isinstance(item, dict):
        unknown = set(item) - {"variants", "prefer", "inflect", *DIALECTS}
        if unknown:
            raise PackError(f"{where}: unknown key {sorted(unknown)[0]!r} in set {item!r}")
        variants = [str(v).strip() for v in item.get("variants") or []]
        for d in DIALECTS:
            if d in item:
                prefer[d] = str(item[d]).strip()
        if "prefer" in item:
            prefer["*"] = str(item["prefer"]).strip()
        for v in prefer.values():
            if v not in variants:
                variants.append(v)
        if "inflect" in item:
            sfx = suffixes(item["inflect"], where)
    else:
        raise PackError(f"{where}: a set is 'us/gb', a list of spellings, or a mapping; got {item!r}")
    variants = list(dict.fromkeys(v.lower() for v in variants if v))
    prefer = {d: v.lower() for d, v in prefer.items()}
    if len(variants) < 2:
        raise PackError(f"{where}: set {item!r} needs at least two spellings")
    vs = VariantSet(tuple(variants), prefer)
    seen: dict[str, tuple[str, ...]] = {}
    for s in ["", *[x for x in sfx if x]]:
        row = tuple(inflect(v, s) for v in variants)
        if len(set(row)) < len(row) or row in vs.forms:
            continue
        for form in row:
            # centre + d and centre + ed both give "centred": which US form
            # would it become? A set must say one thing.
            if form in seen:
                raise PackError(
                    f"{where}: in set {vs.label()}, {form!r} is inflected two ways "
                    f"({'/'.join(seen[form])} and {'/'.join(row)}); drop one of the suffixes"
                )
        for form in row:
            seen[form] = row
        vs.forms.append(row)
    return vs


def parse_group(group: dict, where: str, default_inflect: list[str]) -> list[VariantSet]:
    """Sets sharing their inflections and dialect habits, written once.

    `{inflect: [s, d, ing], ca: us, sets: [organize/organise, ...]}`: every
    set also matches its -s, -d and -ing forms, and Canada takes the US
    spelling of these words.
    """
    unknown = set(group) - {"sets", "inflect", "note", *DIALECTS}
    if unknown:
        raise PackError(f"{where}: unknown key {sorted(unknown)[0]!r} in a group of sets")
    if not isinstance(group["sets"], list):
        raise PackError(f"{where}: a group's 'sets' must be a list")
    sfx = suffixes(group["inflect"], where) if "inflect" in group else default_inflect
    follow = {d: group[d] for d in DIALECTS if d in group}
    for d, other in follow.items():
        if other not in DIALECTS:
            raise PackError(f"{where}: in a group, '{d}' names the dialect it follows (us or gb), got {other!r}")
    out = []
    for item in group["sets"]:
        vs = parse_set(item, where, sfx)
        for d, other in follow.items():
            if other in vs.prefer and d not in vs.prefer:
                vs.prefer[d] = vs.prefer[other]
        out.append(vs)
    return out


def suffixes(value, where: str) -> list[str]:
    if value is None or value is False:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise PackError(f"{where}: 'inflect' must be a list of suffixes such as [s, ed, ing]")
    return [x.strip() for x in value]
