"""Every folder under tests/invalid_sites/ is a small site with one problem.

Its ``expected.txt`` holds the exact diagnostic lines ``sitegen check`` must
print in Chinese (the default), ``expected.en.txt`` those it prints with ``--lang en``,
with paths relative to the case folder (the tests run from there). The
exit code follows from those lines: 1 when any is an error; 0 when there are
only warnings, and 1 for those under ``--strict``. ``build`` must refuse every
failing case and leave an existing output folder exactly as it was.

To add a case: make the folder, write content/ (and sitegen.yaml if the case is
about settings), run ``sitegen check`` (and ``sitegen check --lang en``) from inside it,
read every line as a publisher would, then paste the diagnostic lines (not the summary)
into expected.txt (and expected.en.txt).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

CASES_DIR = Path(__file__).parent / "invalid_sites"
CASES = sorted(p for p in CASES_DIR.iterdir() if p.is_dir())
DIAGNOSTIC = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: "
                        r"(?P<severity>error|warning|错误|警告): (?P<message>.+)$")
LANGUAGES = ("zh-CN", "en")
# The summary lines each language ends with.
FAILED = {"zh-CN": ("检查未通过：", "（请改正以上错误）"), "en": ("check failed: ", "(fix the errors above)")}
STRICT = {"zh-CN": "（使用了 --strict，警告也按错误处理）", "en": "(warnings are errors with --strict)"}
OK = {"zh-CN": "：通过\n", "en": ": ok\n"}
BUILD_FAILED = {"zh-CN": "生成失败；原有的 output/ 未作任何改动",
                "en": "build failed; the previous output was left untouched"}

# The cases the content format promises to catch; a case folder must not quietly disappear.
REQUIRED_CASES = {
    "yaml-unclosed-bracket", "missing-front-matter", "front-matter-not-closed",
    "wrong-type-title-list", "wrong-type-indicators-mapping", "date-not-real", "start-after-end",
    "funds-do-not-add-up", "project-total-does-not-add-up", "requested-exceeds-project-total",
    "negative-amount", "amount-three-decimals", "amount-not-a-number", "missing-required-key",
    "unknown-key-did-you-mean", "unknown-indicator-key", "unknown-level1", "level2-not-under-level1",
    "target-comparison-without-number", "target-unit-conflict", "duplicate-yaml-key",
    "duplicate-id-across-files", "bad-id-characters", "not-utf8-gbk",
    "config-unknown-theme", "config-unknown-key", "config-bad-base-url", "indicators-empty",
    # the mistakes publishers make most
    "key-is-the-form-label", "full-width-colon", "full-width-space", "target-starts-with-gt",
    "year-outside-plan-dates", "recurring-end-far-away", "files-not-read", "draft-not-true-or-false",
}


def expected_lines(case: Path, language: str = "zh-CN") -> list[str]:
    name = "expected.txt" if language == "zh-CN" else f"expected.{language}.txt"
    return (case / name).read_text(encoding="utf-8").splitlines()


def has_errors(case: Path) -> bool:
    return any(DIAGNOSTIC.match(line)["severity"] == "错误" for line in expected_lines(case))


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
        assert m["severity"] in ("错误", "警告"), "expected.txt is the Chinese output"
        assert (case / m["path"]).exists(), f"{m['path']} does not exist in {case.name}"
        assert int(m["line"]) >= 0
    order = [(DIAGNOSTIC.match(l)["path"], int(DIAGNOSTIC.match(l)["line"])) for l in lines]
    assert order == sorted(order), "check prints problems by file, then line"
    english = expected_lines(case, "en")
    assert len(english) == len(lines), "expected.en.txt names the same problems"
    for zh, en in zip(lines, english):
        assert DIAGNOSTIC.match(en)["severity"] in ("error", "warning")
        assert DIAGNOSTIC.match(zh)["line"] == DIAGNOSTIC.match(en)["line"] and zh != en


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_check_prints_exactly_the_expected_diagnostics(case: Path, language: str, monkeypatch, capsys):
    monkeypatch.chdir(case)
    code, out, err = run(["check", "--site", str(case), "--lang", language], capsys)
    assert "Traceback" not in out + err
    lines = err.splitlines()
    if has_errors(case):
        assert code == 1
        assert out == ""
        assert lines[:-1] == expected_lines(case, language)
        assert lines[-1].startswith(FAILED[language][0]) and lines[-1].endswith(FAILED[language][1])
    else:
        assert code == 0
        assert lines == expected_lines(case, language)
        assert out.endswith(OK[language])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", WARNING_CASES, ids=lambda p: p.name)
def test_strict_turns_warnings_into_failure(case: Path, language: str, monkeypatch, capsys):
    monkeypatch.chdir(case)
    code, out, err = run(["check", "--strict", "--site", str(case), "--lang", language], capsys)
    assert "Traceback" not in out + err
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[:-1] == expected_lines(case, language)
    assert lines[-1].endswith(STRICT[language])


def _site_with_previous_output(case: Path, tmp_path: Path) -> Path:
    site = tmp_path / case.name
    shutil.copytree(case, site, symlinks=True)
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
    assert lines[-1] == BUILD_FAILED["zh-CN"]


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


@pytest.mark.parametrize("case", WARNING_CASES, ids=lambda p: p.name)
def test_a_build_with_warnings_says_them_again_when_nothing_changed(case: Path, tmp_path: Path, monkeypatch,
                                                                     capsys):
    """The warnings are kept in the build state (.sitegen-cache/): a build with nothing
    to do says them again, in the language asked."""
    site = tmp_path / case.name
    shutil.copytree(case, site, symlinks=True)
    monkeypatch.chdir(site)
    for language in LANGUAGES:
        code, _, err = run(["build", "--site", str(site), "--lang", language], capsys)
        assert code == 0 and "Traceback" not in err
        assert [l for l in err.splitlines() if l in expected_lines(case, language)] == expected_lines(case, language)
