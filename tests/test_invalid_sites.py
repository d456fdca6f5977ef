"""Every folder under tests/invalid_sites/ is a small site with one problem.

Its ``expected.txt`` holds the exact diagnostic lines ``sitegen check`` must
print, with paths relative to the case folder (the tests run from there). The
exit code follows from those lines: 1 when any is an error; 0 when there are
only warnings, and 1 for those under ``--strict``. ``build`` must refuse every
failing case and leave an existing output folder exactly as it was.

To add a case: make the folder, write content/ (and sitegen.yaml if the case is
about settings), run ``sitegen check`` from inside it, read every line as a
publisher would, then paste the diagnostic lines (not the summary) into expected.txt.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

CASES_DIR = Path(__file__).parent / "invalid_sites"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
DIAGNOSTIC = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning): (?P<message>.+)$")

# The cases the content format promises to catch; a case folder must not quietly disappear.
REQUIRED_CASES = {
    "yaml-unclosed-bracket", "missing-front-matter", "front-matter-not-closed",
    "wrong-type-title-list", "wrong-type-indicators-mapping", "date-not-real", "start-after-end",
    "funds-do-not-add-up", "project-total-does-not-add-up", "requested-exceeds-project-total",
    "negative-amount", "amount-three-decimals", "amount-not-a-number", "missing-required-key",
    "unknown-key-did-you-mean", "unknown-indicator-key", "unknown-level1", "level2-not-under-level1",
    "target-comparison-without-number", "target-unit-conflict", "duplicate-yaml-key",
    "duplicate-id-across-files", "bad-id-characters", "file-name-not-an-id", "not-utf8-gbk",
    "config-unknown-theme", "config-unknown-key", "config-bad-base-url", "indicators-empty",
}


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def has_errors(case: Path) -> bool:
    return any(DIAGNOSTIC.match(line)["severity"] == "error" for line in expected_lines(case))


ERROR_CASES = [c for c in CASES if has_errors(c)]
WARNING_CASES = [c for c in CASES if not has_errors(c)]


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` with its bytes (None for folders), but
    the build cache (.sitegen-cache/ remembers what was parsed, even by a failed build)."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if ".sitegen-cache" not in p.relative_to(folder).parts}


def test_required_cases_exist():
    assert REQUIRED_CASES <= {c.name for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_expected_file_is_well_formed(case: Path):
    lines = expected_lines(case)
    assert lines, "expected.txt lists at least one diagnostic"
    for line in lines:
        m = DIAGNOSTIC.match(line)
        assert m, f"not a diagnostic line: {line!r}"
        assert (case / m["path"]).is_file(), f"{m['path']} does not exist in {case.name}"
        assert int(m["line"]) >= 1, "a problem in a file points at a real line"
    order = [(DIAGNOSTIC.match(l)["path"], int(DIAGNOSTIC.match(l)["line"])) for l in lines]
    assert order == sorted(order), "check prints problems by file, then line"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_check_prints_exactly_the_expected_diagnostics(case: Path, monkeypatch, capsys):
    monkeypatch.chdir(case)
    code, out, err = run(["check", "--site", str(case)], capsys)
    assert "Traceback" not in out + err
    lines = err.splitlines()
    if has_errors(case):
        assert code == 1
        assert out == ""
        assert lines[:-1] == expected_lines(case)
        assert lines[-1].startswith("check failed: ") and lines[-1].endswith("(fix the errors above)")
    else:
        assert code == 0
        assert lines == expected_lines(case)
        assert out.endswith(": ok\n")


@pytest.mark.parametrize("case", WARNING_CASES, ids=lambda p: p.name)
def test_strict_turns_warnings_into_failure(case: Path, monkeypatch, capsys):
    monkeypatch.chdir(case)
    code, out, err = run(["check", "--strict", "--site", str(case)], capsys)
    assert "Traceback" not in out + err
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[:-1] == expected_lines(case)
    assert lines[-1].endswith("(warnings are errors with --strict)")


def _site_with_previous_output(case: Path, tmp_path: Path) -> Path:
    site = tmp_path / case.name
    shutil.copytree(case, site)
    (site / "output").mkdir()
    (site / "output" / "index.html").write_text("<!doctype html><title>previous build</title>\n",
                                                encoding="utf-8")
    (site / "output" / "sentinel.txt").write_bytes(b"published yesterday; must survive\n")
    return site


@pytest.mark.parametrize("case", ERROR_CASES, ids=lambda p: p.name)
def test_build_refuses_and_keeps_previous_output(case: Path, tmp_path: Path, monkeypatch, capsys):
    site = _site_with_previous_output(case, tmp_path)
    before = snapshot(site)
    monkeypatch.chdir(site)
    code, out, err = run(["build", "--site", str(site)], capsys)
    assert "Traceback" not in out + err
    assert code == 1
    assert snapshot(site) == before, "a refused build must not touch output/ or leave temp folders"
    lines = err.splitlines()
    assert lines[:-1] == expected_lines(case)
    assert lines[-1] == "build failed; the previous output was left untouched"


@pytest.mark.parametrize("case", WARNING_CASES, ids=lambda p: p.name)
def test_strict_build_refuses_warnings_and_keeps_previous_output(case: Path, tmp_path: Path,
                                                                 monkeypatch, capsys):
    site = _site_with_previous_output(case, tmp_path)
    before = snapshot(site)
    monkeypatch.chdir(site)
    code, out, err = run(["build", "--strict", "--site", str(site)], capsys)
    assert "Traceback" not in out + err
    assert code == 1
    assert snapshot(site) == before
    assert err.splitlines()[:-1] == expected_lines(case)
