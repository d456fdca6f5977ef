"""Edit-to-screen latency of `sitegen serve`, measured in a real browser.

    python benchmarks/serve_bench.py                  # the bundled site (6) and 10,000
    python benchmarks/serve_bench.py --sizes 6 1000

For each size: start `sitegen serve` on a copy of the site, open a project page in
headless Chromium (Debian's /usr/bin/chromium), then save a new title into that
declaration's file and time how long until the open page shows it, by itself.
Prints the median and the worst of --rounds edits; never fails on timing.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus  # noqa: E402
from measure import median  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(n: int, work: Path) -> Path:
    site = work / f"serve-{n}"
    if site.exists():
        return site
    if n == 6:
        site.mkdir(parents=True)
        shutil.copy(REPO / "sitegen.yaml", site / "sitegen.yaml")
        shutil.copytree(REPO / "content", site / "content")
    else:
        corpus.generate(n, site)
    return site


def start_server(site: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--site", str(site), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload.js", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read() if proc.stdout else "serve exited")
            time.sleep(0.2)
    raise RuntimeError("serve did not start")


def measure(n: int, work: Path, rounds: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    site = prepare(n, work)
    target = sorted((site / "content").glob("*.md"))[0]
    original = target.read_text("utf-8")
    page_id = re.search(r"^id: (\S+)", original, re.M)
    page_path = f"projects/{page_id[1] if page_id else target.stem}/"
    port = free_port()
    server = start_server(site, port)
    timings = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{page_path}")
            page.wait_for_function("() => window.LiveReload !== undefined")
            time.sleep(0.5)
            for r in range(rounds):
                marker = f"改{r}号"
                text = re.sub(r"^title: (\"?)", lambda m: f"title: {m[1]}{marker}", original, count=1, flags=re.M)
                saved = time.perf_counter()
                target.write_text(text, "utf-8")
                page.wait_for_function(f"() => document.querySelector('h1') && "
                                       f"document.querySelector('h1').textContent.includes('{marker}')",
                                       timeout=60_000, polling="raf")
                timings.append(time.perf_counter() - saved)
                time.sleep(0.3)
            browser.close()
    finally:
        target.write_text(original, "utf-8")
        server.terminate()
        server.wait(10)
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 10000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="sitegen-serve-bench-"))
    for n in args.sizes:
        t = measure(n, work, args.rounds)
        print(f"serve {n:>7} declarations: save -> page shows the edit: median {median(t) * 1000:6.0f} ms, "
              f"worst {max(t) * 1000:6.0f} ms ({len(t)} edits)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
