"""House style as a package: rule packs and word lists that an installed distribution provides.

A newsroom keeps its house style in one place and installs it wherever
copyedit runs (`pip install our-house-style`), as flake8 finds its plugins:
the distribution declares an entry point in the `copyedit.packs` group whose
object is a package (or a path) holding the packs:

    [project.entry-points."copyedit.packs"]
    gazette = "gazette_style"

Every `*.yaml` file directly in that folder is a rule pack, loaded like the
shipped ones (on unless it says `enabled: false` or `opinionated: true`); its
rules find their data files beside it. `accept.words` and `reject.words`
there, if present, are word lists (one word a line, # comments) that join the
project's `[vocabulary]`.

A plugin that cannot be used is one error naming the distribution and what is
wrong, never a traceback: a house style that silently does not load would let
every article through unchecked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from copyedit.packs import Pack, load_pack_file
from copyedit.rulespec import PackError
from copyedit.vocabulary import read_list

GROUP = "copyedit.packs"
#: Word lists, one word a line: not `.txt`, which a directory walk would take for articles.
ACCEPT_FILE = "accept.words"
REJECT_FILE = "reject.words"


@dataclass(frozen=True)
class Plugin:
    """One `copyedit.packs` entry point of an installed distribution, and the folder it names."""

    entry_point: str
    distribution: str
    version: str
    folder: Path

    @property
    def label(self) -> str:
        """How messages and `copyedit rules list` name it: the distribution and its version."""
        return f"{self.distribution} {self.version}"

    def pack_files(self) -> list[Path]:
        return sorted(self.folder.glob("*.yaml"))

    def words(self, name: str) -> tuple[str, ...]:
        """A word list of the plugin (one word a line, # comments), empty when it has none."""
        try:
            return tuple(read_list(self.folder / name))
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(f"plugin {self.label}: cannot read {self.folder / name} ({exc})") from None


def _distribution(ep: metadata.EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "(unknown distribution)", "?"
    return dist.metadata["Name"] or dist.name, dist.version


def _folder(obj) -> Path | None:
    """The folder an entry point's object names: a package's own, or a path given outright."""
    if isinstance(obj, (str, os.PathLike)):
        return Path(obj)
    paths = list(getattr(obj, "__path__", None) or ())
    return Path(paths[0]) if paths else None


def _plugin(ep: metadata.EntryPoint) -> Plugin:
    name, version = _distribution(ep)
    where = f"plugin {name} {version}: entry point {ep.name!r} ({ep.value})"
    try:
        obj = ep.load()
    except Exception as exc:  # noqa: BLE001 - whatever its import raises, the user must see which package is broken
        raise PackError(f"{where} cannot be loaded: {type(exc).__name__}: {exc}") from None
    folder = _folder(obj)
    if folder is None:
        raise PackError(f"{where} must name a package, or a path, holding rule packs")
    if not folder.is_dir():
        raise PackError(f"{where} names {folder}, which is not a folder")
    plugin = Plugin(ep.name, name, version, folder)
    if not plugin.pack_files() and not any((folder / f).is_file() for f in (ACCEPT_FILE, REJECT_FILE)):
        raise PackError(f"{where}: {folder} holds no rule packs (*.yaml) and no word lists; are they in the package's data?")
    return plugin


@lru_cache(maxsize=1)
def installed() -> tuple[Plugin, ...]:
    """Every installed house-style plugin, in the order of distribution and entry point names.

    Found once per process: a run builds its engine once, and a worker once.
    """
    eps = metadata.entry_points(group=GROUP)
    return tuple(_plugin(ep) for ep in sorted(eps, key=lambda e: (_distribution(e)[0].lower(), e.name)))


@lru_cache(maxsize=1)
def _plugin_packs() -> tuple[Pack, ...]:
    packs = []
    for plugin in installed():
        for path in plugin.pack_files():
            try:
                pack = load_pack_file(str(path))
            except PackError as exc:
                raise PackError(f"plugin {plugin.label}: {exc}") from None
            pack.origin = f"plugin {plugin.label}"
            packs.append(pack)
    return tuple(packs)


def plugin_packs() -> list[Pack]:
    """The packs of every installed plugin, each marked with where it came from; loaded once per process."""
    return list(_plugin_packs())


def clear_cache() -> None:
    """Look for plugins afresh (after installing one in this process, as tests do)."""
    installed.cache_clear()
    _plugin_packs.cache_clear()


def with_plugin_vocabulary(settings):
    """`settings` with the words the installed plugins accept and reject added to the project's own."""
    accept: list[str] = []
    reject: list[str] = []
    for plugin in installed():
        accept.extend(plugin.words(ACCEPT_FILE))
        reject.extend(plugin.words(REJECT_FILE))
    if not accept and not reject:
        return settings
    return settings.replace(
        accept=tuple(dict.fromkeys((*settings.accept, *accept))),
        reject=tuple(dict.fromkeys((*settings.reject, *reject))),
    )
