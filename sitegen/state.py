"""What a build remembers for the next one: the manifest of the output, the
fingerprint of its inputs, and the warnings it printed.

The command line keeps it in DIR/.sitegen-cache/; the preview server keeps it in
memory. Losing it only costs time: the next build renders everything again.
"""

from __future__ import annotations

import marshal
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import __version__
from sitegen.diagnostics import Diagnostic
from sitegen.writer import Entry, Manifest

CACHE_DIR = ".sitegen-cache"
_FORMAT = 1


@dataclass
class BuildState:
    fingerprint: str = ""
    manifest: Manifest = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    pages: int = 0


def state_file(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "build.marshal"


def load_state(path: Path, out_dir: Path) -> BuildState:
    """The state of the last build into ``out_dir``; empty if the last build went elsewhere."""
    try:
        data = marshal.loads(path.read_bytes())
        if data.get("format") != (_FORMAT, __version__, sys.version_info[:2], str(out_dir.resolve())):
            return BuildState()
        return BuildState(
            data["fingerprint"],
            {rel: Entry(*e) for rel, e in data["manifest"].items()},
            [Diagnostic(*d) for d in data["warnings"]],
            data["pages"],
        )
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        return BuildState()  # no cache, or one from another version: start afresh


def save_state(path: Path, out_dir: Path, state: BuildState) -> None:
    data = {
        "format": (_FORMAT, __version__, sys.version_info[:2], str(out_dir.resolve())),
        "fingerprint": state.fingerprint,
        "manifest": {rel: (e.key, e.sha, e.size, e.mtime_ns) for rel, e in state.manifest.items()},
        "warnings": [(d.path, d.line, d.severity, d.message) for d in state.warnings],
        "pages": state.pages,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only site still builds, only without the cache


def tree_stamp(paths: list[Path]) -> list[tuple[str, int, int]]:
    """(path, mtime, size) of every file under the given files and folders."""
    stamp = []
    for top in paths:
        if top.is_file():
            st = top.stat()
            stamp.append((str(top), st.st_mtime_ns, st.st_size))
            continue
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                try:
                    st = os.stat(os.path.join(root, name))
                except OSError:
                    continue
                stamp.append((os.path.join(root, name), st.st_mtime_ns, st.st_size))
    return stamp


def output_matches(out_dir: Path, manifest: Manifest) -> bool:
    """Does the output folder hold exactly the manifest's files, untouched?"""
    seen = 0
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, out_dir).replace(os.sep, "/")
            entry = manifest.get(rel)
            if entry is None:
                return False
            st = os.stat(path)
            if st.st_size != entry.size or st.st_mtime_ns != entry.mtime_ns:
                return False
            seen += 1
    return seen == len(manifest) and seen > 0
