"""Faults a publisher or an attacker can put in a site folder: files that are not
regular files, links, names that cannot be URLs. Each gets a message naming the
file, never a hang or a traceback, and a build after the fault agrees with a
clean build of the same site."""

from __future__ import annotations

import os
import shutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import read_tree

SITEGEN = [sys.executable, "-m", "sitegen"]


def sitegen(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*SITEGEN, *args], capture_output=True, text=True, timeout=timeout)


def first_declaration(site: Path) -> Path:
    return sorted((site / "content").rglob("*.md"))[0]


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_a_file_name_ending_in_a_newline_is_not_an_id(site_copy):
    site = site_copy()
    source = first_declaration(site)
    text = "\n".join(line for line in source.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("id:"))
    source.unlink()
    (site / "content" / "abc\n.md").write_text(text + "\n", encoding="utf-8")
    result = sitegen("build", "--site", str(site))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    made = [p.relative_to(site / "output").as_posix() for p in (site / "output").rglob("*")]
    assert not any("\n" in m for m in made)  # the id is derived from the name, never the name itself
    assert any(re.fullmatch(r"projects/abc-[0-9a-f]{8}/index\.html", m) for m in made)


@pytest.mark.parametrize("where", ["content/pipe.md", "static/pipe.css"])
def test_a_fifo_is_refused_not_waited_for(site_copy, where):
    site = site_copy()
    fifo = site / where
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    result = sitegen("build", "--lang", "en", "--site", str(site), timeout=60)
    assert_refused(result, where.split("/")[-1], "not a regular file")
    assert not (site / "output").exists()


@pytest.mark.parametrize("where", ["content/gone.md", "static/gone.css"])
def test_a_broken_link_fails_the_incremental_build_as_it_fails_a_clean_one(site_copy, where):
    site = site_copy()
    assert sitegen("build", "--lang", "en", "--site", str(site)).returncode == 0
    before = read_tree(site / "output")
    link = site / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(site / "no-such-file")
    incremental = sitegen("build", "--lang", "en", "--site", str(site))
    assert_refused(incremental, "gone")
    assert read_tree(site / "output") == before
    shutil.rmtree(site / ".sitegen-cache")
    clean = sitegen("build", "--lang", "en", "--site", str(site))
    assert_refused(clean, "gone")
    assert clean.stderr.splitlines()[0] == incremental.stderr.splitlines()[0]


def test_a_static_link_leaving_the_site_is_not_published(site_copy, tmp_path):
    site = site_copy()
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    (site / "static").mkdir(exist_ok=True)
    (site / "static" / "passwd").symlink_to(secret)
    assert_refused(sitegen("build", "--lang", "en", "--site", str(site)), "static/passwd", "outside")
    assert not (site / "output").exists()


def test_a_static_link_inside_the_site_is_published(site_copy):
    site = site_copy()
    (site / "static").mkdir(exist_ok=True)
    (site / "notes.txt").write_text("公开说明", encoding="utf-8")
    (site / "static" / "notes.txt").symlink_to(site / "notes.txt")
    result = sitegen("build", "--lang", "en", "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "static" / "notes.txt").read_text(encoding="utf-8") == "公开说明"


def test_csv_cells_are_never_formulas_and_the_escape_undoes_exactly(site_copy):
    import csv
    import io
    import json

    from sitegen.opendata.tables import TEXT_ESCAPE

    site = site_copy()
    source = first_declaration(site)
    hostile = '=HYPERLINK("http://evil.example/","click")'
    text = source.read_text(encoding="utf-8").replace("\ntitle:", f"\nproject_code: '{hostile}'\ntitle:", 1)
    source.write_text(text, encoding="utf-8")
    result = sitegen("build", "--lang", "en", "--site", str(site))
    assert result.returncode == 0, result.stderr
    out = site / "output"
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    rule = package["resources"][0]["sitegen:textEscape"]
    assert rule == TEXT_ESCAPE
    dangerous = tuple(rule["startsWith"])
    for resource in package["resources"]:
        strings = {f["name"] for f in resource["schema"]["fields"] if f["type"] == "string"}
        reader = csv.DictReader(io.StringIO((out / resource["path"]).read_text(encoding="utf-8-sig"), newline=""))
        for row in reader:
            for name in strings:
                cell = row[name]
                assert not cell.startswith(tuple(c for c in dangerous if c != rule["prefix"])), (name, cell)
    rows = list(csv.DictReader(io.StringIO((out / "data/projects.csv").read_text(encoding="utf-8-sig"),
                                           newline="")))
    codes = [r["project_code"] for r in rows]
    assert "'" + hostile in codes
    undone = [c[1:] if c.startswith(rule["prefix"]) else c for c in codes]
    assert hostile in undone
    assert json.dumps(hostile, ensure_ascii=False) in (out / "data/projects.json").read_text(encoding="utf-8")


def test_a_settings_file_that_is_a_folder_is_named_not_ignored(site_copy):
    site = site_copy()
    (site / "sitegen.yaml").unlink(missing_ok=True)
    (site / "sitegen.yaml").mkdir()
    assert_refused(sitegen("check", "--lang", "en", "--site", str(site)), "sitegen.yaml", "not a file")


def test_a_read_only_site_builds_into_an_output_elsewhere(site_copy, tmp_path, root):
    _, immutable = root
    site = site_copy()
    immutable(site, recursive=True)  # no cache can be kept in it: every build is a full one
    for _ in range(2):
        result = sitegen("build", "--lang", "en", "--site", str(site), "--out", str(tmp_path / "out"))
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert not (site / ".sitegen-cache").exists()
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_template_that_is_not_utf8_is_named_with_its_line(site_copy):
    site = site_copy()
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "project.html").write_bytes("{# 项目 #}\n".encode("gbk") + b"{{ x }}\n")
    result = sitegen("build", "--lang", "en", "--site", str(site))
    assert_refused(result, "templates/project.html:1: error: the file is not saved as UTF-8 (it looks like GBK")


def test_a_body_may_nest_as_deep_as_the_limit_and_no_deeper():
    from sitegen.markup import MAX_NESTING, render_markdown, too_deep

    lists = "".join("  " * i + "- 层\n" for i in range(MAX_NESTING))
    quotes = "".join(">" * i + " 引\n" for i in range(1, MAX_NESTING + 1))
    brackets = "[" * MAX_NESTING + "x" + "]" * MAX_NESTING + "(y)"
    for body in (lists, quotes, brackets):
        assert too_deep(body) is None
        assert render_markdown(body)
    assert too_deep(lists + "  " * MAX_NESTING + "- 层\n") == (MAX_NESTING, "lists or indented code")
    assert too_deep(quotes + ">" * (MAX_NESTING + 1) + " 引\n") == (MAX_NESTING, "quotes")
    assert too_deep("说明\n" + "[" + brackets + "]") == (1, "brackets [ ]")
    assert too_deep("\\[" * (MAX_NESTING + 5)) is None  # escaped: no nesting
