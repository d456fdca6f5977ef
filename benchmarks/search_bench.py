"""Search benchmark: sitegen's index beside Pagefind's, on the same built site.

    python benchmarks/search_bench.py [--n 10000] [--large] [--work DIR]
                                      [--pagefind-python PYTHON]

For each size (10,000 generated declarations; also 100,000 with --large) it
generates the corpus (benchmarks/corpus.py), builds the site under /bench/ with
sitegen, and reports, side by side with Pagefind (PyPI ``pagefind[extended]``, which
segments Chinese; install it with ``pip install 'pagefind[extended]'`` into this
interpreter or the one given by --pagefind-python) run in the same run on the same
built project pages, each page's <article class="declaration"> (what sitegen indexes):

- index build time (sitegen: tokenizing, encoding and writing the index, from the
  loaded site model; Pagefind: its whole run) and total index size;
- bytes a fresh browser downloads to answer 餐饮 and 人工智能 and show the first ten
  results, and the time to those first results, measured in headless Chromium
  (/usr/bin/chromium) against a plain http.server, with the time from the last index
  file's arrival to results on screen;
- recall and precision on 20 queries whose answers are computed here by brute-force
  substring search over every declaration's text.

It prints figures and never fails on them. Run it from the repository root with the
venv that has sitegen and playwright installed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from sitegen.build import build, load  # noqa: E402
from sitegen.model import project_url  # noqa: E402
from sitegen.parallel import cpu_count  # noqa: E402
from sitegen.search.index import DATA_DIR, search_files, search_order  # noqa: E402
from sitegen.search.text import field_texts, fold  # noqa: E402

PREFIX = "/bench/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMED_QUERIES = ["餐饮", "人工智能"]
# 20 queries a reader might type: words, phrases across word boundaries (智能产业,
# 食堂餐饮), long names, Latin and numbers, and two-word queries (all words must occur).
RECALL_QUERIES = [
    "餐饮", "人工智能", "残疾人", "垃圾分类", "养老服务", "集成电路", "非物质文化遗产", "网络安全",
    "防汛排涝", "食品药品", "知识产权", "张江科学城", "临港新片区", "困难群众", "智能产业", "食堂餐饮",
    "AI", "GPU", "餐饮 满意度", "人工智能 张江",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the static server did not start on port {port}")


def tree_size(root: Path) -> tuple[int, int]:
    files = [p for p in root.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# -- building ------------------------------------------------------------------------

def prepare_site(n: int, work: Path, seed: int) -> Path:
    site = work / f"site-{n}"
    content = site / "content"
    if not content.is_dir() or sum(1 for _ in content.iterdir()) != n:
        shutil.rmtree(site, ignore_errors=True)
        started = time.perf_counter()
        corpus.generate(n, site, seed)
        print(f"  generated {n} declarations in {time.perf_counter() - started:.1f} s")
    return site


def build_site(site: Path, www: Path) -> tuple[Path, float]:
    out = www / PREFIX.strip("/")
    shutil.rmtree(www, ignore_errors=True)
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    started = time.perf_counter()
    build(site, out_dir=out, base_url=PREFIX)
    return out, time.perf_counter() - started


def time_sitegen_index(site_dir: Path) -> dict:
    """Index build time from the loaded model: generate every file, then write them."""
    started = time.perf_counter()
    site, _ = load(site_dir)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    files = list(search_files(site))
    generated = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        made: set[Path] = set()
        for rel, data in files:
            path = Path(tmp) / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
        written = time.perf_counter() - started
    return {"site": site, "load": loaded, "generate": generated, "write": written,
            "bytes": sum(len(d) for _, d in files), "files": len(files)}


def find_pagefind(python: str | None) -> list[str] | None:
    for exe in ([python] if python else []) + [sys.executable]:
        try:
            subprocess.run([exe, "-m", "pagefind", "--version"], check=True, capture_output=True, timeout=120)
            return [exe, "-m", "pagefind"]
        except (OSError, subprocess.SubprocessError):
            continue
    return None


def run_pagefind(cmd: list[str], out: Path) -> dict:
    bundle = out / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)
    started = time.perf_counter()
    # The same documents sitegen indexes: the project pages, and of each only the
    # declaration itself (not the header, footer or links to the neighbouring projects).
    proc = subprocess.run(cmd + ["--site", str(out), "--glob", "projects/**/*.html",
                                 "--root-selector", "article.declaration", "--output-subdir", "pagefind"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError(f"pagefind failed:\n{proc.stdout}\n{proc.stderr}")
    version = subprocess.run(cmd + ["--version"], capture_output=True, text=True).stdout.strip()
    size, count = tree_size(bundle)
    data = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and
               (p.suffix.startswith(".pf_") or p.parent.name in ("index", "fragment")))
    (out / "pagefind-bench").mkdir(exist_ok=True)
    (out / "pagefind-bench" / "index.html").write_text(PAGEFIND_HARNESS, "utf-8")
    return {"seconds": seconds, "bytes": size, "files": count, "data_bytes": data, "version": version}


# A page that does what Pagefind's UI does for a query: load Pagefind, search, load the
# first ten results' data; with all=true also every result's (for recall, not timed).
PAGEFIND_HARNESS = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind bench</title><link rel="icon" href="data:,"></head>
<body><script>
window.runQuery = async (q, all) => {
  performance.mark('pf-start');
  const pagefind = await import('../pagefind/pagefind.js');
  const r = await pagefind.search(q);
  const first = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  performance.mark('pf-results');
  const out = {count: r.results.length, first: first.map(d => d.url)};
  if (all) out.urls = (await Promise.all(r.results.map(x => x.data()))).map(d => d.url);
  return out;
};
</script></body></html>
"""


# -- measuring in the browser ----------------------------------------------------------

def track(page) -> list:
    """Every request the page and its workers complete: (url, body bytes)."""
    done: list = []
    page.context.on("requestfinished", lambda r: done.append(r))
    return done


def sizes(done: list) -> list[tuple[str, int]]:
    return [(urlsplit(r.url).path, r.sizes()["responseBodySize"]) for r in done]


def page_timing(page) -> tuple[dict[str, float], dict[str, tuple[float, float]]]:
    """Performance marks, and (start, responseEnd) of each resource the page fetched."""
    return page.evaluate("""() => [
        Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime])),
        Object.fromEntries(performance.getEntriesByType('resource').map(e =>
            [new URL(e.name).pathname, [e.startTime, e.responseEnd]]))]""")


def measure_sitegen(browser, base: str, q: str) -> dict:
    """A reader on the loaded search page types q and presses Enter; nothing cached."""
    context = browser.new_context()
    page = context.new_page()
    done = track(page)
    page.goto(f"{base}search/")
    page.wait_for_function("document.getElementById('search-app').dataset.state === 'idle'")
    page.evaluate("document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50))))")
    page.fill("#search-q", q)
    page.press("#search-q", "Enter")
    page.wait_for_function("document.getElementById('search-app').dataset.state === 'done'", timeout=120_000)
    status = page.locator("#search-status").inner_text()
    m, ends = page_timing(page)
    got = sizes(done)
    context.close()
    parts = {"js": 0, "index": 0, "results": 0, "page": 0}
    for path, size in got:
        key = ("js" if path.endswith("/search.js") else "results" if f"/{DATA_DIR}/d/" in path else
               "index" if f"/{DATA_DIR}/" in path else "page")
        parts[key] += size
    postings = [t for p, t in ends.items() if f"/{DATA_DIR}/" in p and f"/{DATA_DIR}/d/" not in p]
    records = [t for p, t in ends.items() if f"/{DATA_DIR}/d/" in p]
    start = m["sitegen-search-start"]
    return {"bytes": parts["js"] + parts["index"] + parts["results"], "parts": parts,
            "files": sum(1 for p, _ in got if f"/{DATA_DIR}/" in p or p.endswith("/search.js")),
            "count": int("".join(ch for ch in status.split("个")[0] if ch.isdigit()) or 0),
            "first": m["sitegen-search-first"] - start, "ms": m["sitegen-search-results"] - start,
            # Our code's own time once data is there: from the last postings file to the
            # first record request (matching, verifying, ranking), and from the last
            # record to the page of results on screen.
            "rank_ms": min(s for s, _ in records) - max(e for _, e in postings),
            "render_ms": m["sitegen-search-results"] - max(e for _, e in records)}


def measure_pagefind(browser, base: str, q: str) -> dict:
    """The same for Pagefind: its page is loaded, then the query runs; nothing cached."""
    context = browser.new_context()
    page = context.new_page()
    done = track(page)
    page.goto(f"{base}pagefind-bench/")
    result = page.evaluate("q => window.runQuery(q, false)", q)
    m, _ = page_timing(page)
    got = sizes(done)
    context.close()
    parts = {"js": 0, "meta": 0, "wasm": 0, "index": 0, "fragments": 0, "other": 0}
    files = 0
    for path, size in got:
        if "/pagefind/" not in path:
            continue
        files += 1
        key = ("js" if path.endswith(".js") else "meta" if ".pf_meta" in path or path.endswith(".json") else
               "wasm" if "wasm" in path else "index" if ".pf_index" in path else
               "fragments" if ".pf_fragment" in path else "other")
        parts[key] += size
    return {"bytes": sum(parts.values()), "parts": parts, "count": result["count"], "files": files,
            "ms": m["pf-results"] - m["pf-start"]}


# -- recall ----------------------------------------------------------------------------

def known_answers(site) -> dict[str, set[str]]:
    """Brute force: the projects whose folded text contains every word of the query."""
    texts = [(project_url(d), "\n".join(fold(t) for t in field_texts(d))) for d in site.projects]
    return {q: {url for url, text in texts if all(fold(w) in text for w in q.split())}
            for q in RECALL_QUERIES}


def sitegen_answers(browser, base: str, site) -> dict[str, set[str]]:
    urls = [project_url(d) for d in search_order(site)]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}search/")
    page.wait_for_function("window.sitegenSearch")
    found = {}
    for q in RECALL_QUERIES:
        numbers = page.evaluate("q => window.sitegenSearch.search({q: q})", q)
        found[q] = {urls[n] for n in numbers}
    context.close()
    return found


def pagefind_answers(browser, base: str) -> dict[str, set[str]]:
    context = browser.new_context()
    found = {}
    for q in RECALL_QUERIES:
        page = context.new_page()
        page.goto(f"{base}pagefind-bench/")
        urls = page.evaluate("q => window.runQuery(q, true)", q)["urls"]
        found[q] = {urlsplit(u).path.removeprefix(PREFIX) for u in urls}
        page.close()
    context.close()
    return found


def score(found: dict[str, set[str]], truth: dict[str, set[str]]) -> tuple[float, float, dict]:
    per = {}
    for q in RECALL_QUERIES:
        hit = len(found[q] & truth[q])
        recall = hit / len(truth[q]) if truth[q] else 1.0
        precision = hit / len(found[q]) if found[q] else (1.0 if not truth[q] else 0.0)
        per[q] = (recall, precision, len(found[q]))
    n = len(RECALL_QUERIES)
    return sum(r for r, _, _ in per.values()) / n, sum(p for _, p, _ in per.values()) / n, per


# -- the run ---------------------------------------------------------------------------

def bench(n: int, work: Path, pagefind: list[str] | None, seed: int) -> None:
    from playwright.sync_api import sync_playwright

    print(f"\n== {n:,} declarations (seed {seed}) ==")
    site_dir = prepare_site(n, work, seed)
    www = work / f"www-{n}"
    out, build_seconds = build_site(site_dir, www)
    print(f"  sitegen build of the whole site: {build_seconds:.1f} s")
    ours = time_sitegen_index(site_dir)
    site = ours.pop("site")
    js_bytes = (out / "static" / "search.js").stat().st_size
    pf = run_pagefind(pagefind, out) if pagefind else None

    # A plain static server in its own process (in this one it would share the GIL
    # with Playwright's client and answer late).
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(www)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(port)
    base = f"http://127.0.0.1:{port}{PREFIX}"
    truth = known_answers(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            timed = {q: (measure_sitegen(browser, base, q), measure_pagefind(browser, base, q) if pf else None)
                     for q in TIMED_QUERIES}
            mine = score(sitegen_answers(browser, base, site), truth)
            theirs = score(pagefind_answers(browser, base), truth) if pf else None
            browser.close()
    finally:
        server.terminate()
        server.wait()

    index_seconds = ours["generate"] + ours["write"]
    col = 44
    print(f"  {'':34}{'sitegen':<{col}}{pf['version'] if pf else 'Pagefind (not installed)'}")

    def row(label: str, a: str, b: str = "") -> None:
        print(f"  {label:<34}{a:<{col}}{b}")

    row("index build", f"{index_seconds:.2f} s ({ours['generate']:.2f} s generate + {ours['write']:.2f} s write,"
        f" {cpu_count()} cores)", f"{pf['seconds']:.2f} s" if pf else "")
    if pf:
        row("  sitegen / Pagefind", f"{index_seconds / pf['seconds']:.3f}")
    row("  (loading the site model)", f"{ours['load']:.2f} s, part of every sitegen build")
    row("index size", f"{mb(ours['bytes'])} in {ours['files']:,} files (+ search.js {js_bytes:,} B)",
        f"{mb(pf['bytes'])} in {pf['files']:,} files ({mb(pf['data_bytes'])} index data)" if pf else "")
    for q, (a, b) in timed.items():
        row(f"query {q}: bytes fetched", f"{kb(a['bytes'])} in {a['files']} files",
            f"{kb(b['bytes'])} in {b['files']} files" if b else "")
        row("  of which", f"js {kb(a['parts']['js'])}, index {kb(a['parts']['index'])}, "
            f"results {kb(a['parts']['results'])}",
            ", ".join(f"{k} {kb(v)}" for k, v in b["parts"].items() if v) if b else "")
        row("  (the search page itself)", f"{kb(a['parts']['page'])} HTML + CSS")
        if b:
            row("  sitegen / Pagefind bytes", f"{a['bytes'] / b['bytes']:.3f}")
        row("  results found", f"{a['count']:,}", f"{b['count']:,}" if b else "")
        row("  time to first results", f"{a['first']:.0f} ms (first), {a['ms']:.0f} ms (ten)",
            f"{b['ms']:.0f} ms (ten)" if b else "")
        row("  work once the files arrived", f"{a['rank_ms']:.0f} ms ranking, {a['render_ms']:.0f} ms showing")
    row("recall, 20 queries (mean)", f"{mine[0]:.1%}", f"{theirs[0]:.1%}" if theirs else "")
    row("precision, 20 queries (mean)", f"{mine[1]:.1%}", f"{theirs[1]:.1%}" if theirs else "")
    print(f"  {'query':<16}{'answers':>8}   sitegen found/recall   Pagefind found/recall")
    for q in RECALL_QUERIES:
        r1, _, f1 = mine[2][q]
        line = f"  {q:<16}{len(truth[q]):>8}   {f1:>7} {r1:>7.1%}"
        if theirs:
            r2, _, f2 = theirs[2][q]
            line += f"        {f2:>7} {r2:>7.1%}"
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="declarations (default 10,000)")
    parser.add_argument("--large", action="store_true", help="also run 100,000 declarations")
    parser.add_argument("--work", type=Path, help="where to keep corpora and built sites (default: a temp dir)")
    parser.add_argument("--pagefind-python", help="a Python with pagefind[extended] installed")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="sitegen-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    pagefind = find_pagefind(args.pagefind_python)
    print(f"sitegen search benchmark: Python {platform.python_version()}, {cpu_count()} cores, "
          f"{os.cpu_count()} CPUs; work folder {work}")
    if not pagefind:
        print("  Pagefind not found: pip install 'pagefind[extended]' (or pass --pagefind-python)")
    for n in [args.n] + ([100_000] if args.large else []):
        bench(n, work, pagefind, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
