"""Rule data files parsed once per content: the cache is faster, never different, never an error."""

from __future__ import annotations

import datetime
import os

import pytest
import yaml

from copyedit import datacache
from copyedit.ruledata import PackError, load_data_file


@pytest.fixture
def parses(monkeypatch):
    """How many times YAML is parsed, with the per-process memo out of the way."""
    calls = []
    real = yaml.load

    def counting(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(yaml, "load", counting)
    load_data_file.cache_clear()
    yield calls
    load_data_file.cache_clear()


def load(path) -> object:
    load_data_file.cache_clear()  # as a new process would
    return load_data_file(str(path))


def test_a_second_process_reads_the_parsed_data_back(tmp_path, parses):
    f = tmp_path / "names.yaml"
    f.write_text("names:\n  - European Union\n  - {name: Bank of England, acronym: BoE}\n", encoding="utf-8")
    first = load(f)
    second = load(f)
    assert first == second == {"names": ["European Union", {"name": "Bank of England", "acronym": "BoE"}]}
    assert len(parses) == 1


def test_an_edited_file_is_parsed_again(tmp_path, parses):
    f = tmp_path / "names.yaml"
    f.write_text("names: [One]\n", encoding="utf-8")
    assert load(f) == {"names": ["One"]}
    f.write_text("names: [Two]\n", encoding="utf-8")
    assert load(f) == {"names": ["Two"]}
    assert len(parses) == 2


def test_a_damaged_cache_file_is_parsed_over(tmp_path, parses):
    f = tmp_path / "names.yaml"
    f.write_text("names: [One]\n", encoding="utf-8")
    load(f)
    for cached in (datacache._folder()).glob("*.json"):
        cached.write_bytes(b"\xff{not json")
    assert load(f) == {"names": ["One"]}
    assert len(parses) == 2


def test_an_unwritable_cache_changes_nothing(tmp_path, parses, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be", encoding="utf-8")
    monkeypatch.setenv("COPYEDIT_CACHE_DIR", str(blocker))
    f = tmp_path / "names.yaml"
    f.write_text("names: [One]\n", encoding="utf-8")
    assert load(f) == load(f) == {"names": ["One"]}
    assert len(parses) == 2


def test_data_json_cannot_hold_is_not_cached(tmp_path, parses):
    f = tmp_path / "dates.yaml"
    f.write_text("since: 2020-01-31\n1: one\n", encoding="utf-8")
    assert load(f) == {"since": datetime.date(2020, 1, 31), 1: "one"}
    assert load(f) == {"since": datetime.date(2020, 1, 31), 1: "one"}
    assert len(parses) == 2


def test_bad_yaml_is_still_one_clear_error(tmp_path, parses):
    f = tmp_path / "bad.yaml"
    f.write_text("names: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError, match="invalid YAML"):
        load(f)
    f.write_bytes(b"names: [\xff]\n")
    with pytest.raises(PackError, match="cannot read"):
        load(f)


def test_old_files_are_pruned(tmp_path, parses, monkeypatch):
    monkeypatch.setattr(datacache, "KEEP", 3)
    for i in range(6):
        f = tmp_path / f"d{i}.yaml"
        f.write_text(f"n: {i}\n", encoding="utf-8")
        load(f)
        for j, p in enumerate(sorted(datacache._folder().glob("*.json"))):
            os.utime(p, (j, j))  # mtimes apart, however coarse the file system's clock
    assert len(list(datacache._folder().glob("*.json"))) == 3


def test_every_shipped_data_file_is_cached(parses):
    """The shipped data is what the cache is for: every file of it must survive the trip through JSON."""
    from copyedit.ruledata import builtin_pack_dir

    files = sorted((builtin_pack_dir() / "data").glob("*.yaml"))
    assert len(files) >= 4
    first = [load(f) for f in files]
    assert [load(f) for f in files] == first
    assert len(parses) == len(files)


def test_cache_clear_forgets_parsed_data_files(tmp_path, parses):
    """`copyedit cache clear` means every cache: the next process parses the YAML again."""
    from click.testing import CliRunner

    from copyedit.cli import main

    f = tmp_path / "names.yaml"
    f.write_text("names: [One]\n", encoding="utf-8")
    load(f)
    load(f)
    assert len(parses) == 1
    result = CliRunner().invoke(main, ["cache", "clear"])
    assert result.exit_code == 0 and "parsed data file" in result.output
    load(f)
    assert len(parses) == 2
