"""Where rule packs and their data files live, and reading a data file once.

Pack loading needs the shipped packs' folder; rule kinds need the data files
their rules name (beside a team's own rule file, or shipped). Kept apart from
both so that neither imports the other to find a file.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from collections.abc import Callable
from typing import Any

import yaml

from copyedit.inputs import note, stamp
from copyedit.rulespec import PackError, RuleSpec

#: libyaml's loader when PyYAML was built with it: packs load several times faster.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasFreeLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing every alias (`*name`).

    A rule pack comes with whatever repository was cloned; nine nested aliases
    ("billion laughs") stand for 10^9 strings that load as a small shared graph
    and only explode when a rule or `rules test` walks them. No rule file needs
    an alias, so the first one is an error, raised before anything walks the
    graph. (libyaml composes the document in C, where an alias comes back as a
    node already seen; refusing that node here works with both loaders.)
    """

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "this value is used again through an alias (*name); aliases are not allowed in rule files", node.start_mark
            )
        return super().construct_object(node, deep=deep)


SAFE_LOADER = _AliasFreeLoader


def builtin_pack_dir() -> Path:
    """The shipped packs: installed as `copyedit.rules`, or `rules/` in a checkout."""
    try:
        return Path(str(resources.files("copyedit.rules")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "rules"


def load_data_file(path: str) -> Any:
    """A rule's data file (YAML), parsed once per process and version of the file; callers must not change it.

    Parsed once per content, too: the parsed data is kept in the user cache
    (`copyedit.datacache`), where the next process reads it back far faster.
    A long-lived process (the language server after a config reload) sees
    the file as it is now: the file's stamp is part of what is remembered.
    """
    return _load_data_file(path, stamp(path))


@lru_cache(maxsize=64)
def _load_data_file(path: str, version: tuple[int, int]) -> Any:
    from copyedit.datacache import load as cached

    return read_yaml(path, "data file", lambda raw: cached(raw, parse_yaml, yaml.__version__))


load_data_file.cache_clear = _load_data_file.cache_clear  # type: ignore[attr-defined]


def parse_yaml(raw: bytes) -> Any:
    """A rule or data file's YAML, with the loader that refuses tags and aliases."""
    return yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)


def read_yaml(path: str, what: str, load: Callable[[bytes], Any] = parse_yaml) -> Any:
    """`load` of the file's bytes, every way reading or parsing can fail made one line naming the file."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
            note(path, fh.fileno())
        return load(raw)
    except FileNotFoundError:
        raise PackError(f"{path}: {what} not found") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{path}:{yaml_problem(exc)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read {what} ({exc})") from None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """" line N invalid YAML (problem)": one line, where PyYAML's own message spans several."""
    mark = getattr(exc, "problem_mark", None)
    where = f" line {mark.line + 1}" if mark else ""
    return f"{where} invalid YAML ({getattr(exc, 'problem', None) or exc})"


def data_path(spec: RuleSpec, name: str) -> Path:
    """A data file named by a rule: beside the user's rule file, or shipped."""
    if spec.base_dir:
        p = Path(spec.base_dir) / name
        if p.exists():
            return p
    return builtin_pack_dir() / name
