"""What tells one version of a file from another without reading it: its times and size."""

from __future__ import annotations

import os
from pathlib import Path


def file_stamp(path: str) -> str:
    try:
        return _stamp_of(os.stat(path))
    except OSError:
        return "missing"


def _stamp_of(st: os.stat_result) -> str:
    return f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_size}"


def tree_stamp(paths: list[Path]) -> list[tuple[str, str]]:
    """(path, file_stamp) of every file under the given files and folders, hidden
    ones left out as the build leaves them out (an editor's .swp is not a change)."""
    stamp = []
    for top in paths:
        if top.is_file():
            stamp.append((str(top), file_stamp(str(top))))
            continue
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            folder = os.path.join(root, "")
            for name in sorted(f for f in files if not f.startswith(".")):
                path = folder + name
                try:
                    stamp.append((path, _stamp_of(os.stat(path))))
                except OSError:  # a broken link: a clean build fails on it, so must this one
                    stamp.append((path, "missing"))
    return stamp
