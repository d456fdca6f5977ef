"""Shared helpers: paths to the repo's sites and a way to build them into tmp folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under root, by POSIX relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def clean_build_tree(site: Path, tmp: Path) -> dict[str, bytes]:
    """What a clean build of the site makes: a copy without its output and cache, built
    by the command line, as read_tree reads it."""
    copy = tmp / "clean-site"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".sitegen-cache", "output"))
    result = subprocess.run([sys.executable, "-m", "sitegen", "build", "--site", str(copy)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    tree = read_tree(copy / "output")
    shutil.rmtree(copy)
    return tree


@pytest.fixture
def site_copy(tmp_path: Path):
    """Copy a site folder into tmp so a test can edit it freely."""

    def copy(src: Path = FIXTURE_SITE) -> Path:
        dest = tmp_path / "site"
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
        return dest

    return copy


@pytest.fixture
def root(tmp_path):
    """Faults only root can make; everything made immutable or mounted is undone."""
    if os.geteuid() != 0 or not shutil.which("chattr") or not shutil.which("mount"):
        pytest.skip("needs root, chattr and mount (CI runs as root)")
    mounts: list[Path] = []

    def mount_tmpfs(where: Path, size: str = "64m") -> Path:
        where.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounts.append(where)
        return where

    def immutable(path: Path, on: bool = True, recursive: bool = False) -> None:
        subprocess.run(["chattr", *(["-R"] if recursive else []), "+i" if on else "-i", str(path)], check=True)

    yield mount_tmpfs, immutable
    subprocess.run(["chattr", "-R", "-i", str(tmp_path)], capture_output=True)
    for where in reversed(mounts):
        subprocess.run(["umount", str(where)], capture_output=True)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Preview:
    """A `sitegen serve` process on a free loopback port, with its own TMPDIR."""

    def __init__(self, site: Path, tmp: Path) -> None:
        import subprocess
        import sys
        import os
        import time
        import urllib.request

        self.port = free_port()
        self.tmpdir = tmp / "serve-tmp"
        self.tmpdir.mkdir()
        env = {**os.environ, "TMPDIR": str(self.tmpdir), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--site", str(site), "--port", str(self.port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.root = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.root + "/livereload.js", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"sitegen serve did not start:\n{self.output}")

    def stop(self) -> int:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except Exception:
                self.proc.kill()
        self.output = self.proc.stdout.read() if self.proc.stdout else ""
        return self.proc.returncode


@pytest.fixture
def preview(tmp_path):
    """preview(site_dir) starts `sitegen serve`; stopped at the end of the test."""
    started: list[Preview] = []

    def start(site: Path) -> Preview:
        started.append(Preview(site, tmp_path))
        return started[-1]

    yield start
    for p in started:
        p.stop()
