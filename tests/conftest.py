"""Shared helpers: paths to the repo's sites and a way to build them into tmp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by POSIX relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def site_copy(tmp_path: Path):
    """Copy a site folder into tmp so a test can edit it freely."""
    import shutil

    def copy(src: Path = FIXTURE_SITE) -> Path:
        dest = tmp_path / "site"
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("output"))
        return dest

    return copy
