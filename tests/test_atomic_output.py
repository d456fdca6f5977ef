"""The switch from the last output to the new one is one step: a build that fails
anywhere leaves the old tree whole, a reader never sees a mix, an output folder that
is a mount point still builds, and what a killed build left is taken or removed.

The faults are made for real (a full disk, an immutable folder, a tmpfs), which
needs root; the tests that need it are skipped without it (CI runs as root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from conftest import clean_build_tree, read_tree

SITEGEN = [sys.executable, "-m", "sitegen"]


def sitegen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SITEGEN, *args], capture_output=True, text=True, timeout=120)


def built(site: Path, out: Path) -> None:
    result = sitegen("build", "--site", str(site), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def refused(site: Path, out: Path, *words: str) -> None:
    result = sitegen("build", "--site", str(site), "--out", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def edit_titles(site: Path, mark: str, count: int | None = None) -> None:
    for path in sorted((site / "content").rglob("*.md"))[:count]:
        text = path.read_text("utf-8")
        path.write_text(text.replace("\ntitle: ", f"\ntitle: {mark}", 1), "utf-8")


def beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def test_a_build_that_runs_out_of_disk_leaves_the_output_whole(site_copy, tmp_path, root):
    mount_tmpfs, _ = root
    site = site_copy()
    disk = mount_tmpfs(tmp_path / "disk", "8m")
    out = disk / "output"
    built(site, out)
    before = read_tree(out)
    free = os.statvfs(disk)
    with open(disk / "filler", "wb") as f:  # leaves less room than the new pages take
        f.write(b"\0" * (free.f_bavail * free.f_frsize - 40_000))
    edit_titles(site, "修订：")
    refused(site, out, "No space left")
    assert read_tree(out) == before
    assert beside(out) == []  # the stage that failed is gone
    (disk / "filler").unlink()
    built(site, out)
    assert read_tree(out) == clean_build_tree(site, tmp_path)


def test_an_output_that_cannot_be_switched_stays_as_it_was(site_copy, tmp_path, root):
    _, immutable = root
    site = site_copy()
    out = tmp_path / "output"
    built(site, out)
    edit_titles(site, "一：", 1)
    built(site, out)  # now a stage is kept beside, for the next build
    before = read_tree(out)
    edit_titles(site, "二：", 1)
    immutable(out)  # cannot be renamed: the exchange fails, after every file was made
    refused(site, out, "Operation not permitted")
    immutable(out, on=False)
    assert read_tree(out) == before
    built(site, out)
    assert read_tree(out) == clean_build_tree(site, tmp_path)


def test_an_immutable_folder_in_the_output_does_not_stop_the_builds(site_copy, tmp_path, root):
    """The fault of the issue: the first build links the folder's files into the new
    tree; the next finds it in the stage it starts from, drops that stage and makes
    its tree in a new one."""
    _, immutable = root
    site = site_copy()
    out = tmp_path / "output"
    built(site, out)
    immutable(out / "search" / "data" / "d")
    for mark in ("一：", "二：", "三："):
        edit_titles(site, mark, 1)
        built(site, out)
        assert read_tree(out) == clean_build_tree(site, tmp_path)


def test_an_output_folder_that_is_a_mount_point_builds(site_copy, tmp_path, root):
    mount_tmpfs, immutable = root
    site = site_copy()
    out = mount_tmpfs(site / "output")
    built(site, out)
    edit_titles(site, "修订：", 1)
    built(site, out)
    assert read_tree(out) == clean_build_tree(site, tmp_path)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no stage left inside
    # Its entries are exchanged one by one: one that cannot be is put back, with the others.
    before = read_tree(out)
    edit_titles(site, "再修订：")
    immutable(out / "search")
    refused(site, out, "Operation not permitted")
    immutable(out / "search", on=False)
    assert read_tree(out) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_a_reader_sees_the_old_tree_or_the_new_one_never_a_mix(site_copy, tmp_path):
    """A reader that opens the output folder, then two files in it (as a web server
    resolving two requests against one tree would), gets both from the same build."""
    site = site_copy()
    out = tmp_path / "output"
    built(site, out)
    marks = ("一：", "二：", "三：")
    seen: list[tuple] = []
    stop = threading.Event()

    def version(folder: int, name: str) -> frozenset[str]:
        fd = os.open(name, os.O_RDONLY, dir_fd=folder)
        with open(fd, "rb") as f:
            text = f.read().decode("utf-8")
        return frozenset(m for m in marks if m in text)

    def read() -> None:
        while not stop.is_set():
            try:
                folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
                try:
                    seen.append((version(folder, "index.html"), version(folder, "data/projects.csv")))
                finally:
                    os.close(folder)
            except OSError as exc:
                seen.append((exc.strerror,))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for mark in marks:
            edit_titles(site, mark)
            built(site, out)
    finally:
        stop.set()
        reader.join()
    assert all(len(pair) == 2 and pair[0] == pair[1] for pair in seen), [p for p in seen if len(p) < 2 or p[0] != p[1]][:3]
    assert len(set(seen)) >= 3  # the reader saw the builds go by


def test_what_a_killed_build_left_is_taken_and_put_right(site_copy, tmp_path):
    """A stage left by a killed build holds anything: files it half wrote, a folder
    where a file goes. The next build starts from it and still makes a clean build's
    tree, and the stages it does not take are removed."""
    site = site_copy()
    out = tmp_path / "output"
    built(site, out)
    left = tmp_path / ".output.stage-killed"
    shutil.copytree(out, left, copy_function=os.link)
    (left / "index.html").unlink()
    (left / "index.html").write_text("half writ")  # not the live file: linked again
    shutil.rmtree(left / "data")
    (left / "data").write_text("a file where a folder goes")
    (left / "feed.xml").unlink()
    (left / "feed.xml").mkdir()  # a folder where a file goes
    (left / "stale" / "deep").mkdir(parents=True)
    (left / "stale" / "deep" / "page.html").write_text("from a declaration since deleted")
    other = tmp_path / ".output.stage-killed-too"
    other.mkdir()
    (other / "junk").write_text("x")
    edit_titles(site, "修订：", 1)
    built(site, out)
    assert read_tree(out) == clean_build_tree(site, tmp_path)
    assert len(beside(out)) == 1  # one stage kept: the last tree


def test_two_builds_at_once_both_end_in_a_whole_tree(site_copy, tmp_path):
    site = site_copy()
    out = tmp_path / "output"
    built(site, out)
    edit_titles(site, "修订：")
    runs = [subprocess.Popen([*SITEGEN, "build", "--site", str(site), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert all("Traceback" not in err for _, err in results), results
    assert any(code == 0 for code, _ in results), results
    built(site, out)
    assert read_tree(out) == clean_build_tree(site, tmp_path)
    assert len(beside(out)) <= 2
