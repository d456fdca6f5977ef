"""A damaged cache never gives a wrong site or none: each file of .sitegen-cache/ is
read back only when its digest matches, and one that does not is discarded (said in
one line) and made again. Each test flips one byte of one cache file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_build_tree, read_tree

CACHE = ".sitegen-cache"


def build(site: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "sitegen", "build", "--site", str(site)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def flip(data: bytes, at: int | None = None) -> bytes:
    at = len(data) // 2 if at is None else at
    return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1:]


def flip_file(path: Path) -> None:
    path.write_bytes(flip(path.read_bytes()))


def edit_title(site: Path) -> None:
    path = sorted((site / "content").glob("*.md"))[0]
    path.write_text(path.read_text("utf-8").replace("\ntitle: ", "\ntitle: 修订：", 1), "utf-8")


def edit_amount(site: Path) -> None:
    """An amount that moves the project in the listings (no edit in place)."""
    path = site / "content" / "2024-canteen.md"
    text = path.read_text("utf-8")
    assert text.count("1,100,000.00") == 2
    path.write_text(text.replace("1,100,000.00", "1,100,001.00"), "utf-8")


def assert_like_a_clean_build(site: Path, tmp_path: Path) -> None:
    assert read_tree(site / "output") == clean_build_tree(site, tmp_path)


def said_once(result: subprocess.CompletedProcess, name: str) -> None:
    lines = [line for line in result.stderr.splitlines() if "was damaged" in line]
    assert len(lines) == 1 and name in lines[0], result.stderr


@pytest.mark.parametrize("name, edit", [
    ("build.marshal", edit_title),
    ("fragments.marshal", edit_amount),  # read when the data files are joined again
    ("workbook.marshal", edit_amount),  # the workbook's compressed pieces
])
def test_a_flipped_byte_in_a_cache_file_is_discarded_and_said(site_copy, tmp_path, name, edit):
    site = site_copy()
    build(site)
    edit_title(site)
    build(site)  # an edit: the fragments file gets an appended record
    flip_file(site / CACHE / name)
    edit(site)
    said_once(build(site), name)
    assert_like_a_clean_build(site, tmp_path)
    assert "was damaged" not in build(site).stderr  # made again whole


def test_a_flipped_byte_in_a_parsed_declaration_is_parsed_again(site_copy, tmp_path):
    site = site_copy()
    build(site)
    with sqlite3.connect(site / CACHE / "parsed.sqlite") as db:
        path, blob = db.execute("SELECT path, parsed FROM files ORDER BY path").fetchone()
        db.execute("UPDATE files SET parsed = ? WHERE path = ?", (flip(blob), path))
    edit_title(site)  # another file: the damaged entry would be reused as it is
    said_once(build(site), "parsed.sqlite")
    assert_like_a_clean_build(site, tmp_path)


def test_a_flipped_byte_in_a_compiled_template_is_compiled_again(site_copy, tmp_path):
    """Unmarshalled as it was, such a file made every later build crash (exit 139) or hang."""
    site = site_copy()
    build(site)
    compiled = sorted((site / CACHE / "templates").rglob("*.cache"))
    assert compiled
    for path in compiled:
        flip_file(path)
    edit_title(site)
    result = subprocess.run([sys.executable, "-m", "sitegen", "build", "--site", str(site)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    damaged = [line for line in result.stderr.splitlines() if "was damaged" in line]
    assert len(damaged) == len(compiled), result.stderr  # one line a file
    assert_like_a_clean_build(site, tmp_path)
