"""Real-browser fixtures: the bundled site built under a sub-path, served on
127.0.0.1, and Debian's Chromium driven by Playwright.

Run `scripts/setup-tests` first. Without /usr/bin/chromium or axe-core the
browser tests are skipped, or fail when SITEGEN_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import functools
import os
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sitegen.build import build

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # reported by the `browser` fixture
    sync_playwright = None

REPO = Path(__file__).resolve().parents[2]
PREFIX = "/disclosure/2024/"
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:PORT/disclosure/2024/
    prefix: str  # /disclosure/2024/
    out_dir: Path  # the built site on disk


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest's output readable
        pass


def served_site(site_dir: Path, tmp_path_factory):
    """SITE_DIR built for /disclosure/2024/ and served by a plain static server."""
    www = tmp_path_factory.mktemp("served") / "www"
    out_dir = www / "disclosure" / "2024"
    build(site_dir, out_dir=out_dir, base_url=PREFIX)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(f"http://127.0.0.1:{server.server_port}{PREFIX}", PREFIX, out_dir)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Served:
    """The bundled site (one year, one department), served under /disclosure/2024/."""
    yield from served_site(REPO, tmp_path_factory)


@pytest.fixture(scope="session")
def years_site(tmp_path_factory) -> Served:
    """The test fixture site (two years, two departments, hostile names), served the same way."""
    yield from served_site(REPO / "tests" / "fixtures" / "site", tmp_path_factory)


def _unavailable(reason: str):
    if os.environ.get("SITEGEN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SITEGEN_REQUIRE_BROWSER=1; run scripts/setup-tests)", pytrace=False)
    pytest.skip(f"{reason}; run scripts/setup-tests")


@pytest.fixture(scope="session")
def browser():
    if sync_playwright is None:
        _unavailable("the playwright package is not installed")
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.is_file()]
    if missing:
        _unavailable("missing " + ", ".join(missing))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A loaded page and what happened while loading it."""
    page: Page
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # console errors, failed requests, HTTP errors


@pytest.fixture
def visit(browser, site):
    """visit(path, width=1280, served=site, **context_options) opens SITE/path in a fresh context."""
    contexts = []

    def open_page(path: str, width: int = 1280, served: Served = site, **options) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        v = Visit(context.new_page())
        v.page.on("request", lambda r: v.requests.append(r.url))
        # a console error names where it happened: a resource that failed to load, by its URL
        v.page.on("console", lambda m: m.type == "error" and v.problems.append(
            f"console: {m.text}" + (f": {m.location['url']}" if m.location.get("url") else "")))
        v.page.on("pageerror", lambda e: v.problems.append(f"page error: {e}"))
        v.page.on("requestfailed", lambda r: v.problems.append(f"failed: {r.url} ({r.failure})"))
        v.page.on("response", lambda r: r.status >= 400 and v.problems.append(f"HTTP {r.status}: {r.url}"))
        response = v.page.goto(served.url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return v

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe():
    """axe(page) -> the axe-core violations on the page, for AXE_TAGS."""
    def run(page: Page) -> list[dict]:
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("tags => axe.run({runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        return results["violations"]

    return run
