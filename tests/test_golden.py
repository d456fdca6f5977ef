"""The fixture site's output, pinned file by file.

After an intended change to templates or rendering, regenerate and review the diff:
    SITEGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, read_tree
from sitegen.build import build

GOLDENS = Path(__file__).parent / "golden"
# Each golden tree: the fixture site with these settings replaced or added in its sitegen.yaml.
VARIANTS = {
    "site": {},
    "site-en-path": {"language": "en", "base_url": "/disclosure/"},  # English, and a path: no origin
}


def built_pages(tmp_path: Path, settings: dict[str, str]) -> dict[str, bytes]:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE_SITE, site, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    lines = [line for line in (site / "sitegen.yaml").read_text("utf-8").splitlines()
             if line.split(":")[0] not in settings]
    lines += [f"{key}: {value}" for key, value in settings.items()]
    (site / "sitegen.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    build(site, out_dir=out, persist=False)
    # Theme assets are copied verbatim (tested elsewhere); the golden tree pins pages.
    return {k: v for k, v in read_tree(out).items() if not k.startswith("static/")}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_fixture_site_matches_golden_output(tmp_path, name):
    pages = built_pages(tmp_path, VARIANTS[name])
    golden_dir = GOLDENS / name
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        shutil.rmtree(golden_dir, ignore_errors=True)
        for rel, data in pages.items():
            (golden_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden_dir / rel).write_bytes(data)
    golden = read_tree(golden_dir)
    assert sorted(pages) == sorted(golden), "pages added or removed; regenerate the golden tree on purpose"
    for rel in pages:
        assert readable(rel, pages[rel]) == readable(rel, golden[rel]), f"{rel} differs from tests/golden/{name}/{rel}"


def readable(rel: str, data: bytes):
    """A file as the comparison reads it: a workbook by its parts (another zlib may
    compress the same parts to other bytes), everything else as text."""
    if rel.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(info.filename, z.read(info).decode()) for info in z.infolist()]
    return data.decode()
