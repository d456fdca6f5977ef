"""The only module that writes the site to disk: into a temporary folder beside
the output, which replaces the output only once everything is written."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Iterable


class OutputError(Exception):
    pass


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any path that could land outside the output folder."""
    p = PurePosixPath(path)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts) or "\\" in path:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    return p


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site itself."""
    out, site = out_dir.resolve(), site_dir.resolve()
    if out == site or out in site.parents:
        raise OutputError(f"output folder {out_dir} contains the site; choose another --out")
    for precious in ("content", "templates", "themes", "static"):
        d = (site / precious).resolve()
        if out == d or d in out.parents:
            raise OutputError(f"output folder {out_dir} is inside the site's {precious}/; choose another --out")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / "index.html").exists())):
        raise OutputError(f"{out_dir} exists and is not a sitegen output (no index.html); "
                          "remove it or choose another --out")


class AtomicOutput:
    """Write files into a temp folder; ``commit`` swaps it in, ``discard`` removes it."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        self.count = 0
        self.bytes = 0

    def write(self, rel: str, data: bytes) -> None:
        target = self.tmp / safe_relative(rel)
        if target.exists():
            raise OutputError(f"two outputs write the same file: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.count += 1
        self.bytes += len(data)

    def write_all(self, files: Iterable[tuple[str, bytes]]) -> None:
        for rel, data in files:
            self.write(rel, data)

    def copy_tree(self, src: Path, dest: str) -> None:
        """Copy a static folder; later copies overwrite earlier ones (site > theme)."""
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(root) / name
                rel = f"{dest}/{path.relative_to(src).as_posix()}"
                target = self.tmp / safe_relative(rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
                self.count += 1
                self.bytes += target.stat().st_size

    def commit(self) -> None:
        os.chmod(self.tmp, 0o755)  # mkdtemp makes it private; a web server must read it
        old = None
        if self.out_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.old-", dir=self.out_dir.parent))
            os.rename(self.out_dir, old / "output")
        os.rename(self.tmp, self.out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
