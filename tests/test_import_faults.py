"""sitegen import under faults: a source it cannot decode, a target it cannot write,
a full disk, a PDF page it cannot read. Each is one message naming the file, exit 1,
never a traceback, and nothing written: an import is all or nothing."""

from __future__ import annotations

import importlib.util
import os
import stat
from pathlib import Path

import pytest

from import_helpers import SEED, run_import
from test_import_pdf import make_pdf, seed_pages

SEED_FILES = 6  # declarations in the seed


def refused(capsys, *argv, words: tuple[str, ...], lang: str | None = "en") -> str:
    assert run_import(*argv, lang=lang) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


def written(site: Path) -> list[str]:
    content = site / "content"
    return sorted(p.name for p in content.iterdir()) if content.is_dir() else []


def test_a_utf16_file_with_a_lone_surrogate_is_named_with_its_line(tmp_path, capsys):
    source = tmp_path / "表.txt"
    source.write_bytes(b"\xff\xfe" + "第一行\n第二行\n".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le"))
    refused(capsys, source, "--site", tmp_path / "site", words=("表.txt:3: error: not valid UTF-16",))
    assert written(tmp_path / "site") == []


def test_a_folder_where_a_content_file_goes_is_named(tmp_path, capsys):
    site = tmp_path / "site"
    assert run_import(SEED, "--site", site, "--dry-run") == 0
    first = sorted(line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("=== "))[0]
    target = Path(first)
    if not target.is_absolute():
        target = Path.cwd() / target
    target.mkdir(parents=True)
    refused(capsys, SEED, "--site", site, words=("is a folder", "nothing was written"))
    refused(capsys, SEED, "--site", site, lang=None, words=(f"{first}:0: 错误: 这是一个文件夹", "未写入任何文件"))
    assert written(site) == [target.name]


@pytest.mark.parametrize("which", ["site", "content"])
def test_a_site_or_content_that_is_a_file_is_named(tmp_path, capsys, which):
    site = tmp_path / "site"
    if which == "content":
        site.mkdir()
    (site if which == "site" else site / "content").write_text("not a folder")
    refused(capsys, SEED, "--site", site, words=("is a file, not a folder",))


def test_files_get_the_mode_the_umask_gives(tmp_path):
    for mask, mode in ((0o022, 0o644), (0o027, 0o640)):
        site = tmp_path / f"site-{mask:o}"
        old = os.umask(mask)
        try:
            assert run_import(SEED, "--site", site) == 0
        finally:
            os.umask(old)
        modes = {stat.S_IMODE(p.stat().st_mode) for p in (site / "content").iterdir()}
        assert modes == {mode}


def test_a_read_only_content_folder_writes_nothing(tmp_path, capsys, root):
    _, immutable = root
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    immutable(site / "content")
    refused(capsys, SEED, "--site", site, words=("cannot be written: Operation not permitted", "nothing was written"))
    immutable(site / "content", on=False)
    assert written(site) == []


def test_a_full_disk_writes_nothing(tmp_path, capsys, root):
    mount_tmpfs, _ = root
    disk = mount_tmpfs(tmp_path / "disk", "1m")
    site = disk / "site"
    (site / "content").mkdir(parents=True)
    free = os.statvfs(disk)
    with open(disk / "filler", "wb") as f:  # room for a file or two of the six
        f.write(b"\0" * (free.f_bavail * free.f_frsize - 8192))
    refused(capsys, SEED, "--site", site, words=("No space left", "nothing was written"))
    assert written(site) == []  # no declaration, and no temporary file left
    (disk / "filler").unlink()
    assert run_import(SEED, "--site", site) == 0
    assert len(written(site)) == SEED_FILES


@pytest.mark.skipif(importlib.util.find_spec("pypdf") is None, reason="needs the pdf extra")
def test_a_pdf_page_that_cannot_be_read_is_an_error_naming_it(tmp_path, capsys):
    data = make_pdf(seed_pages())
    third = [i for i in range(len(data)) if data.startswith(b"<< /Length ", i)][2]
    damaged = data[:third] + b"<< /Filter /FlateDecode /Length " + data[third + len(b"<< /Length "):]
    source = tmp_path / "汇总表.pdf"
    source.write_bytes(damaged)  # its third page's text cannot be decompressed
    refused(capsys, source, "--site", tmp_path / "site", words=("汇总表.pdf:1: error: page 3 cannot be read",))
    refused(capsys, source, "--site", tmp_path / "site", lang=None,
            words=("汇总表.pdf:1: 错误: 第 3 页无法读取", "导入失败：1 个错误，0 个警告；未写入任何文件"))
    assert written(tmp_path / "site") == []
