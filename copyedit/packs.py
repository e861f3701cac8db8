"""Rule packs: house style as data.

A pack is one YAML file: an id, a description, whether it is on by default,
and rules. Every rule names its kind (see `copyedit.checkers.registry`), says
what to tell the writer, how sure its fix is, and carries examples that are
run as tests by `copyedit rules test`. Adding a rule never needs Python.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any


from copyedit.checkers import Kind, registry
from copyedit.checkers.options import check_keys
from copyedit.model import Applicability, Severity
from copyedit.ruledata import SAFE_LOADER, builtin_pack_dir, data_path, load_data_file, read_yaml
from copyedit.rulespec import Example, PackError, RuleSpec
from copyedit.templates import TemplateError, check as check_template

#: Callers have long found these here; they live in `rulespec` and `ruledata`
#: so that rule kinds need not import this module.
__all__ = [
    "PackError", "RuleSpec", "Example", "Pack", "SAFE_LOADER", "builtin_pack_dir", "data_path", "load_data_file",
    "parse_pack", "load_pack_file", "builtin_packs", "check_unique",
]


COMMON_RULE_KEYS = {
    "id",
    "kind",
    "message",
    "severity",
    "category",
    "fix",
    "enabled",
    "description",
    "examples",
    "dialects",
}
PACK_KEYS = {"pack", "description", "enabled", "opinionated", "rules", "dialects"}


@dataclass
class Pack:
    id: str
    description: str
    file: str
    enabled: bool = True
    opinionated: bool = False
    rules: list[RuleSpec] = field(default_factory=list)
    builtin: bool = False
    #: Where the pack came from, for `copyedit rules list`: "builtin", "plugin
    #: DISTRIBUTION VERSION", or "" for a rule file of the project's config or options.
    origin: str = ""


def _fail(file: str, msg: str) -> PackError:
    return PackError(f"{file}: {msg}")


def _examples(raw: Any, where: str, fmt_default: str) -> tuple[list[Example], list[Example]]:
    if raw is None:
        return [], []
    if not isinstance(raw, dict):
        raise PackError(f"{where}: examples must be a mapping with 'bad' and 'good' lists")
    unknown = set(raw) - {"bad", "good"}
    if unknown:
        raise PackError(f"{where}: unknown key in examples: {sorted(unknown)[0]!r}")
    bad, good = [], []
    for item in raw.get("bad") or []:
        if not isinstance(item, dict) or "text" not in item:
            raise PackError(f"{where}: each bad example needs 'text' (and 'fixed' unless the rule only reports)")
        extra = set(item) - {"text", "fixed", "format"}
        if extra:
            raise PackError(f"{where}: unknown key in bad example: {sorted(extra)[0]!r}")
        bad.append(Example(str(item["text"]), None if item.get("fixed") is None else str(item["fixed"]), item.get("format", fmt_default)))
    for item in raw.get("good") or []:
        if isinstance(item, dict):
            if "text" not in item:
                raise PackError(f"{where}: each good example needs 'text'")
            good.append(Example(str(item["text"]), None, item.get("format", fmt_default)))
        else:
            good.append(Example(str(item), None, fmt_default))
    return bad, good


def parse_pack(data: Any, file: str, builtin: bool = False) -> Pack:
    pack = _pack_header(data, file, builtin)
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise _fail(file, "'rules' must be a non-empty list")
    seen: set[str] = set()
    base_dir = os.path.dirname(os.path.abspath(file)) if not builtin else ""
    for i, raw in enumerate(rules):
        rid = _rule_id(raw, i, file)
        if rid in seen:
            raise PackError(f"{file}: rule {rid!r}: duplicate rule id")
        seen.add(rid)
        pack.rules.append(_parse_rule(raw, rid, pack, data.get("dialects"), base_dir))
    return pack


def _pack_header(data: Any, file: str, builtin: bool) -> Pack:
    """The pack itself, without its rules: its keys are known and of the right types."""
    if not isinstance(data, dict):
        raise _fail(file, "a rule pack must be a mapping with 'pack' and 'rules'")
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise _fail(file, f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(PACK_KEYS))})")
    pack_id = data.get("pack")
    if not isinstance(pack_id, str) or not pack_id:
        raise _fail(file, "missing 'pack' (the pack id)")
    for key in ("enabled", "opinionated"):
        if key in data and not isinstance(data[key], bool):
            raise _fail(file, f"'{key}' must be true or false")
    if not isinstance(data.get("description", ""), str):
        raise _fail(file, "'description' must be text")
    opinionated = bool(data.get("opinionated", False))
    return Pack(
        id=pack_id,
        description=str(data.get("description", "")),
        file=file,
        enabled=bool(data.get("enabled", not opinionated)),
        opinionated=opinionated,
        builtin=builtin,
        origin="builtin" if builtin else "",
    )


def _rule_id(raw: Any, i: int, file: str) -> str:
    if not isinstance(raw, dict):
        raise _fail(file, f"rule #{i + 1} is not a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid:
        raise _fail(file, f"rule #{i + 1} has no 'id'")
    return rid


def _parse_rule(raw: dict, rid: str, pack: Pack, pack_dialects: Any, base_dir: str) -> RuleSpec:
    """One rule: the keys every rule has read here, the rest handed to its kind.

    Keys neither knows are refused first, so a misspelt key is named as such
    rather than reported as the key it failed to be.
    """
    where = f"{pack.file}: rule {rid!r}"
    kind = _kind(raw.get("kind"), where)
    own = {k: v for k, v in raw.items() if k not in COMMON_RULE_KEYS}
    check_keys(kind.options, own, where, kind.name)
    message = raw.get("message")
    if not isinstance(message, str) or not message:
        raise PackError(f"{where}: 'message' must be non-empty text")
    for key, typ, what in (("enabled", bool, "true or false"), ("category", str, "text"), ("description", str, "text")):
        if key in raw and not isinstance(raw[key], typ):
            raise PackError(f"{where}: '{key}' must be {what}")
    dialects = _dialects(raw.get("dialects"), pack_dialects, where)
    fix, severity = _fix_and_severity(raw, where)
    bad, good = _examples(raw.get("examples"), where, "text")
    spec = RuleSpec(
        id=rid,
        kind=kind.name,
        pack=pack.id,
        message=message,
        severity=severity,
        category=str(raw.get("category", kind.category)),
        fix=fix,
        enabled=bool(raw.get("enabled", True)),
        description=str(raw.get("description", "")),
        bad=bad,
        good=good,
        dialects=dialects,
        file=pack.file,
        base_dir=base_dir,
    )
    spec = replace(spec, options=kind.options.parse(own, spec))  # raises PackError naming file and rule
    fields = spec.options.message_fields()
    if fields is not None:
        try:
            check_template(message, fields)
        except TemplateError as exc:
            raise PackError(f"{where}: message: {exc}") from None
    return spec


def _kind(name: Any, where: str) -> Kind:
    kind = registry.get(name) if isinstance(name, str) else None
    if kind is None:
        raise PackError(f"{where}: unknown kind {name!r} (known: {', '.join(sorted(registry.kind_names()))})")
    return kind


def _dialects(own: Any, pack_dialects: Any, where: str) -> tuple[str, ...]:
    """The rule's dialects, else its pack's; none: every dialect."""
    for d in (own, pack_dialects):
        if d is not None and not isinstance(d, str) and not (isinstance(d, list) and all(isinstance(x, str) for x in d)):
            raise PackError(f"{where}: 'dialects' must be a dialect or a list of them")
    dialects = own or pack_dialects or ()
    return (dialects,) if isinstance(dialects, str) else tuple(dialects)


def _fix_and_severity(raw: dict, where: str) -> tuple[Applicability, Severity]:
    try:
        fix = Applicability(raw.get("fix", "safe"))
    except ValueError:
        raise PackError(f"{where}: fix must be safe, unsafe or display") from None
    try:
        # A rule that vouches for its fix names a slip (error); one that
        # needs a person is worth a look (warning).
        severity = Severity(raw.get("severity", "error" if fix is Applicability.SAFE else "warning"))
    except ValueError:
        raise PackError(f"{where}: severity must be error, warning or info") from None
    return fix, severity


def load_pack_file(path: str, builtin: bool = False) -> Pack:
    return parse_pack(read_yaml(path, "rule file"), path, builtin=builtin)


_BUILTIN: list[Pack] | None = None


def builtin_packs() -> list[Pack]:
    global _BUILTIN
    if _BUILTIN is None:
        d = builtin_pack_dir()
        _BUILTIN = [load_pack_file(str(p), builtin=True) for p in sorted(d.glob("*.yaml"))]
    return _BUILTIN


def check_unique(packs: list[Pack]) -> None:
    """Pack ids and rule ids are each one pack's; a clash names both files (and a plugin's package)."""
    seen: dict[str, str] = {}
    pack_files: dict[str, str] = {}
    for pack in packs:
        where = f"{pack.origin}: {pack.file}" if pack.origin.startswith("plugin ") else pack.file
        if pack.id in pack_files and pack_files[pack.id] != pack.file:
            raise PackError(f"{where}: duplicate pack id {pack.id!r} (also in {pack_files[pack.id]})")
        pack_files[pack.id] = pack.file
        for r in pack.rules:
            if r.id in seen and seen[r.id] != pack.file:
                raise PackError(f"{where}: rule {r.id!r}: duplicate rule id (also in {seen[r.id]})")
            seen[r.id] = pack.file
