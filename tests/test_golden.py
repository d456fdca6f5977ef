"""The fixture site's output, pinned file by file.

After an intended change to templates or rendering, regenerate and review the diff:
    SITEGEN_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import FIXTURE_SITE, read_tree
from sitegen.build import build

GOLDEN = Path(__file__).parent / "golden" / "site"


def built_pages(tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "out"
    build(FIXTURE_SITE, out_dir=out)
    # Theme assets are copied verbatim (tested elsewhere); the golden tree pins pages.
    return {k: v for k, v in read_tree(out).items() if not k.startswith("static/")}


def test_fixture_site_matches_golden_output(tmp_path):
    pages = built_pages(tmp_path)
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    golden = read_tree(GOLDEN)
    assert sorted(pages) == sorted(golden), "pages added or removed; regenerate the golden tree on purpose"
    for rel in pages:
        assert pages[rel].decode() == golden[rel].decode(), f"{rel} differs from tests/golden/site/{rel}"
