"""House style as a package: an installed distribution's `copyedit.packs` entry point brings its
packs, names and word lists; `rules list` says where each pack came from; a broken plugin is one
line naming the package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, copyedit_cmd
from copyedit import plugins
from copyedit.cli import main
from copyedit.config import Settings
from copyedit.engine import build_engine

EXAMPLE = ROOT / "examples" / "house-style-plugin"
PACKAGE = "example_house_style"
DIST = "example-house-style"


def fake_install(site: Path, entry_point: str = f"example-gazette = {PACKAGE}", package: bool = True) -> Path:
    """What `pip install` leaves in site-packages: the package and a dist-info with the entry point."""
    site.mkdir(parents=True, exist_ok=True)
    if package:
        shutil.copytree(EXAMPLE / PACKAGE, site / PACKAGE)
    info = site / "example_house_style-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {DIST}\nVersion: 1.0.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[copyedit.packs]\n{entry_point}\n", encoding="utf-8")
    return site


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A site folder on sys.path for the test's fake installs; plugins are looked for afresh."""
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        monkeypatch.delitem(sys.modules, name)
    plugins.clear_cache()
    yield path
    plugins.clear_cache()


def engine():
    return build_engine(Settings(backends=("none",), dialect="us"))


def test_no_plugin_installed_changes_nothing(site):
    assert plugins.installed() == ()
    assert plugins.with_plugin_vocabulary(Settings()) == Settings()


def test_an_installed_plugins_rules_names_and_words_run(site):
    fake_install(site)
    (plugin,) = plugins.installed()
    assert (plugin.distribution, plugin.version, plugin.entry_point) == (DIST, "1.0.0", "example-gazette")
    e = engine()
    gazette = next(p for p in e.packs if p.id == "gazette")
    assert gazette.origin == f"plugin {DIST} 1.0.0" and not gazette.builtin
    _, found = e.check_text("a.txt", "E-mail the Harbour Bridge Trusts said. We ate chicken Kiev in Kiev, irregardless.\n")
    got = {(s.rule, s.text, s.replacements) for s in found}
    assert ("gazette-email", "E-mail", ("Email",)) in got
    assert ("gazette-kyiv", "Kiev", ("Kyiv",)) in got and sum(s.rule == "gazette-kyiv" for s in found) == 1
    assert ("gazette-names", "Harbour Bridge Trusts", ("Harbour Bridge Trust",)) in got  # names from the plugin's data file
    assert ("vocabulary-reject", "irregardless", ()) in got  # its reject.words
    assert {"standfirst", "subeditor"} <= set(e.settings.accept)  # its accept.words
    assert "standfirst" in e.lexicon


def test_rules_list_says_where_each_pack_came_from(site, tmp_path, monkeypatch):
    fake_install(site)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "style").mkdir()
    house = "pack: {id}\nrules:\n  - id: {id}-rule\n    kind: regex\n    message: m\n    pattern: zzz\n"
    (tmp_path / "style" / "house.yaml").write_text(house.format(id="house"), encoding="utf-8")
    (tmp_path / "extra.yaml").write_text(house.format(id="extra"), encoding="utf-8")
    (tmp_path / ".copyedit.toml").write_text('rule-files = ["style/house.yaml"]\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["rules", "list", "--rules", "extra.yaml"])
    assert r.exit_code == 0, r.output
    rows = {ln.split()[0]: ln for ln in r.output.splitlines() if ln.strip()}
    assert rows["gazette"].split()[4:] == ["plugin", DIST, "1.0.0", f"{PACKAGE}/gazette.yaml"]
    assert rows["punctuation"].split()[4:] == ["builtin", "rules/punctuation.yaml"]
    assert rows["house"].split()[4:] == ["config", ".copyedit.toml", os.path.join("style", "house.yaml")]
    assert rows["extra"].split()[4:] == ["option", "--rules", "extra.yaml"]
    assert rows["gazette-kyiv"].split()[1:3] == ["gazette", "regex"]


def test_rules_test_runs_a_plugins_examples(site):
    fake_install(site)
    r = CliRunner().invoke(main, ["rules", "test", "--isolated", "--no-builtin"])
    assert r.exit_code == 0, r.output
    assert f"gazette (plugin {DIST} 1.0.0): 8 examples, ok" in r.output


def _broken_pack(site: Path) -> None:
    (site / PACKAGE / "gazette.yaml").write_text("pack: gazette\nrules:\n  - id: oops\n    kind: regex\n    message: m\n    patern: x\n")


def _no_packs(site: Path) -> None:
    for f in (site / PACKAGE).iterdir():
        if f.is_file() and f.suffix in (".yaml", ".words"):
            f.unlink()


def _plain_module(site: Path) -> None:
    (site / "gazette_module.py").write_text("'''Not a package.'''\n")


BROKEN = {
    "missing-module": ("example-gazette = no_such_style", None, "cannot be loaded: ModuleNotFoundError"),
    "not-a-package": ("example-gazette = gazette_module", _plain_module, "must name a package"),
    "no-packs": (f"example-gazette = {PACKAGE}", _no_packs, "holds no rule packs"),
    "bad-pack": (f"example-gazette = {PACKAGE}", _broken_pack, "rule 'oops': unknown key 'patern' for kind 'regex'"),
    "pack-id-taken": (f"example-gazette = {PACKAGE}", lambda s: _retitle(s, "punctuation"), "duplicate pack id 'punctuation'"),
}


def _retitle(site: Path, pack_id: str) -> None:
    f = site / PACKAGE / "gazette.yaml"
    f.write_text(f.read_text().replace("pack: gazette", f"pack: {pack_id}"))


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_plugin_is_one_line_naming_the_package(site, tmp_path, case):
    entry_point, spoil, fragment = BROKEN[case]
    fake_install(site, entry_point)
    if spoil:
        spoil(site)
    article = tmp_path / "a.txt"
    article.write_text("Fine.\n", encoding="utf-8")
    for args in (["check", "--isolated", "--backend", "none", str(article)], ["rules", "list", "--isolated"]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2, (args, r.output)
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("copyedit: error: "), r.stderr
        assert fragment in lines[0], lines[0]
        assert f"plugin {DIST} 1.0.0" in lines[0], lines[0]
        assert PACKAGE in lines[0] or "example-gazette" in lines[0], lines[0]


def test_a_broken_plugin_fails_the_real_command_in_one_line(tmp_path):
    site = fake_install(tmp_path / "site", "example-gazette = no_such_style", package=False)
    article = tmp_path / "a.txt"
    article.write_text("Fine.\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(site))
    r = subprocess.run([*copyedit_cmd(), "check", "--backend", "none", str(article)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    (line,) = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert f"plugin {DIST} 1.0.0" in line and "no_such_style" in line


# ------------------------------------------------------------ a real install
def _fresh_venv(path: Path) -> Path:
    """A new virtual environment that sees this one's packages (copyedit and its dependencies) and nothing else installed.

    No network: pip comes from ensurepip, the dependencies through a .pth file.
    """
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, capture_output=True, timeout=300)
    python = path / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True).stdout.strip()
    here = sysconfig.get_paths()["purelib"]
    Path(purelib, "outer-environment.pth").write_text(f"import site; site.addsitedir({here!r})\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_the_example_package_installs_and_its_rules_run(tmp_path):
    python = _fresh_venv(tmp_path / "venv")
    before = subprocess.run([str(python), "-m", "copyedit", "rules", "list", "--isolated"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert before.returncode == 0 and "gazette" not in before.stdout, before.stderr
    src = tmp_path / "src"
    shutil.copytree(EXAMPLE, src)  # pip builds in place: leave the checkout clean
    r = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index", str(src)],
        capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr

    listed = subprocess.run([str(python), "-m", "copyedit", "rules", "list", "--isolated", "--pack", "gazette"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert f"plugin {DIST} 1.0.0" in listed.stdout and "gazette-kyiv" in listed.stdout

    tested = subprocess.run([str(python), "-m", "copyedit", "rules", "test", "--isolated", "--no-builtin"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert tested.returncode == 0 and "gazette (plugin" in tested.stdout, tested.stdout + tested.stderr

    article = tmp_path / "a.txt"
    article.write_text(textwrap.dedent("""\
        E-mail the desk before the talks in Kiev.
        The Harbour Bridge Trusts says the subeditor was irregardless.
        """), encoding="utf-8")
    fixed = subprocess.run([str(python), "-m", "copyedit", "fix", "--isolated", "--backend", "none", "-"], input=article.read_text(), capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert fixed.stdout == "Email the desk before the talks in Kyiv.\nThe Harbour Bridge Trust says the subeditor was irregardless.\n", fixed.stderr
    checked = subprocess.run([str(python), "-m", "copyedit", "check", "--isolated", "--backend", "none", str(article)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert checked.returncode == 1
    for rule in ("gazette-email", "gazette-kyiv", "gazette-names", "vocabulary-reject"):
        assert rule in checked.stdout, checked.stdout
