"""sitegen serve: build, serve under the site's base path, rebuild on change, and
reload every open page through livereload's protocol and browser script.

We use livereload's WebSocket handler, its livereload.js and its script injection,
but our own change watcher (sitegen/watch.py): livereload's polls every 800 ms and
ignores changes within 3 s of a reload, too slow for edit-save-see.
"""

from __future__ import annotations

import html
import ipaddress
import json
import logging
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import ioloop, web

from sitegen.build import build
from sitegen.executor import BuildCancelled
from sitegen.config import load_settings
from sitegen.layout import SOURCES
from sitegen.content import ParseCache
from sitegen.diagnostics import Diagnostic, Diagnostics, SiteError, internal_error
from sitegen.messages import DEFAULT, Message
from sitegen.cache import BuildState
from sitegen.fingerprint import Inputs
from sitegen.watch import watch

_LIVE_SCRIPT = (b'<script>(function(){var s=document.createElement("script");'
                b's.src="/livereload.js?port="+(window.location.port||(location.protocol=="https:"?443:80));'
                b'document.head.appendChild(s);})();</script>')


class Preview:
    """The site being previewed: where it is built, and the last build's outcome."""

    def __init__(self, site_dir: Path, out_dir: Path, language: str = DEFAULT) -> None:
        self.site_dir = site_dir
        self.out_dir = out_dir
        self.language = language
        diags = Diagnostics()
        self.base_path = load_settings(site_dir, diags).base_path
        self.problems: list[Diagnostic] = []
        self.sources: list[list[tuple[int, str]]] = []  # each problem's lines of its file
        self.state = BuildState()  # kept in memory: only changed pages are rendered again
        self.parse_cache = ParseCache()  # and only changed files parsed again

    def rebuild(self, pages_ready: Callable[[], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                edited_ready: Callable[[set[str]], None] | None = None) -> bool:
        started = time.perf_counter()
        def ready() -> None:
            self.problems = []  # the pages are good again: stop showing the error page
            if pages_ready is not None:
                pages_ready()

        def edited(urls: set[str]) -> None:
            self.problems = []  # the edited pages are good: they are shown, not the error page
            if edited_ready is not None:
                edited_ready(urls)

        try:
            # No fingerprint: the watcher has just seen a change (the fingerprint, a
            # stat of every file, only tells a build that nothing changed).
            report = build(self.site_dir, self.out_dir, state=self.state, parse_cache=self.parse_cache,
                           pages_ready=ready, cancelled=cancelled, edited_ready=edited, inputs=Inputs("", {}))
        except BuildCancelled:
            return False
        except SiteError as exc:
            return self._failed(exc.diagnostics)
        except Exception as exc:  # a fault of sitegen's own: shown like any other, the preview goes on
            return self._failed([internal_error(exc)])
        self.problems = []
        print(Message("serve.rebuilt", written=report.written, files=report.files,
                      seconds=f"{time.perf_counter() - started:.2f}").text(self.language), flush=True)
        return True

    def _failed(self, problems: list[Diagnostic]) -> bool:
        self.problems = problems
        self.sources = [offending_lines(d, self.site_dir) for d in problems]  # as they were when it failed
        for d in problems:
            print(d.text(self.language), file=sys.stderr)
        print(Message("serve.failed").text(self.language), file=sys.stderr)
        return False


SHOWN_AROUND = 2  # lines shown before and after the offending one


def offending_lines(problem: Diagnostic, site_dir: Path) -> list[tuple[int, str]]:
    """The lines of the site's file around the problem's line, numbered (none when the
    problem names no line of a file inside the site)."""
    path = Path(problem.path)
    try:
        if problem.line < 1 or not path.resolve().is_relative_to(site_dir.resolve()) or not path.is_file():
            return []
        lines = path.read_text("utf-8", errors="replace").split("\n")
    except OSError:
        return []
    first = max(1, problem.line - SHOWN_AROUND)
    return [(n, lines[n - 1]) for n in range(first, min(len(lines), problem.line + SHOWN_AROUND) + 1)]


def error_page(problems: list[Diagnostic], sources: list[list[tuple[int, str]]], language: str = DEFAULT) -> str:
    def say(key: str) -> str:
        return html.escape(Message(key).text(language))

    items = []
    for d, shown in zip(problems, sources):
        source = "".join(
            f'<span class="line{" here" if n == d.line else ""}"><span class="number">{n}</span>'
            f"{html.escape(text)}</span>\n" for n, text in shown)
        listing = f'<pre class="source" aria-label="{say("serve.source")}">{source}</pre>' if shown else ""
        items.append(f"<li><code>{html.escape(d.text(language))}</code>{listing}</li>")
    return f"""<!DOCTYPE html>
<html lang="{html.escape(language)}"><head><meta charset="utf-8"><title>{say("serve.page_title")}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;line-height:1.6;color:#1b1b1b}}
h1{{color:#9b1c1c}}code{{white-space:pre-wrap;word-break:break-all}}
pre.source{{background:#f6f6f6;border:1px solid #ccc;padding:.5rem;overflow-x:auto}}
.line{{display:block}}.line.here{{background:#fde8e8;font-weight:bold}}
.number{{display:inline-block;min-width:3em;color:#555;user-select:none}}</style></head>
<body><main><h1>{say("serve.heading")}</h1>
<p>{say("serve.explain")}</p>
<ul class="problems">{"".join(items)}</ul></main></body></html>"""


class SiteHandler(web.RequestHandler):
    """Serves only files inside the build output, under the base path."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self, _path: str) -> None:
        p = self.preview
        raw = self.request.path
        if raw in ("/", "") and p.base_path != "/":
            return self.redirect(p.base_path)
        if not raw.startswith(p.base_path):
            return self._not_found()
        rel = unquote(raw[len(p.base_path):])
        parts = [s for s in rel.split("/") if s]
        if any(s in (".", "..") or "\\" in s or "\0" in s for s in parts) or rel.startswith("/"):
            return self._not_found()
        target = p.out_dir.joinpath(*parts) if parts else p.out_dir
        try:
            if target.is_dir():
                if rel and not rel.endswith("/"):
                    return self.redirect(raw + "/")
                target = target / "index.html"
            if p.problems and target.suffix in (".html", ""):
                self.set_status(500)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                return self.finish(error_page(p.problems, p.sources, p.language))
            resolved = target.resolve(strict=True)
            resolved.relative_to(p.out_dir.resolve())
            data = resolved.read_bytes()
        except (OSError, ValueError):  # no such file, a name too long for the system, outside the output
            return self._not_found()
        self._send(resolved.name, data)

    def _send(self, name: str, data: bytes, status: int = 200) -> None:
        self.set_status(status)
        content_type, _ = mimetypes.guess_type(name)
        if content_type and (content_type.startswith("text/") or content_type.endswith(("json", "javascript", "xml"))):
            content_type += "; charset=utf-8"
        self.set_header("Content-Type", content_type or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        self.finish(data)

    def _not_found(self) -> None:
        if not self.preview.problems:
            try:
                return self._send("404.html", (self.preview.out_dir / "404.html").read_bytes(), 404)
            except OSError:
                pass
        self.set_status(404)
        self.finish("404 Not Found")


class _InjectLiveReload(LiveScriptInjector):
    script = _LIVE_SCRIPT


class Rebuilder:
    """Rebuilds in a thread of its own, so the server keeps answering (the browser
    fetches the edited page while the search index is still being remade); one
    build at a time, and one more if files changed meanwhile."""

    def __init__(self, preview: Preview, loop: ioloop.IOLoop) -> None:
        self.preview, self.loop = preview, loop
        self.running = self.again = False

    def __call__(self) -> None:  # on the IOLoop, when files changed
        if self.running:
            self.again = True
            return
        self.running = True
        threading.Thread(target=self._build, daemon=True).start()

    def _build(self) -> None:
        reloaded: list[bool] = []
        shown_first: set[str] = set()  # URL paths of the edited pages, reloaded first

        def edited_ready(urls: set[str]) -> None:
            shown_first.update(self.preview.base_path + url for url in urls)
            self.loop.add_callback(reload_browsers, set(shown_first))

        def pages_ready() -> None:
            reloaded.append(True)
            self.loop.add_callback(reload_browsers, None, set(shown_first))

        try:
            # A newer change makes the rest of this build (search index, data files)
            # moot: stop it, and the next build starts at once.
            self.preview.rebuild(pages_ready, cancelled=lambda: self.again, edited_ready=edited_ready)
        finally:
            if not reloaded:  # a failed build (the error page) or a change to data files only
                self.loop.add_callback(reload_browsers)
            self.loop.add_callback(self._finished)

    def _finished(self) -> None:
        self.running = False
        if self.again:
            self.again = False
            self()


class PageReloadHandler(LiveReloadHandler):
    """livereload's WebSocket handler, remembering which page each browser shows
    (livereload.js tells it in its 'info' message), so that the page being edited
    can be reloaded as soon as it is rebuilt, before the rest of the site."""

    page_path: str | None = None

    def on_message(self, message):
        try:
            info = json.loads(message)
        except ValueError:
            return  # not the protocol: ignored, as livereload.js never sends it
        if not isinstance(info, dict) or not isinstance(info.get("command"), str):
            return
        super().on_message(message)
        if info["command"] == "info" and isinstance(info.get("url"), str):
            self.page_path = urlsplit(info["url"]).path


def reload_browsers(only: set[str] | None = None, besides: set[str] = frozenset()) -> None:
    """Tell connected pages to reload (livereload protocol 7): those showing a URL path
    in ``only``, or (None) every one not showing a path in ``besides``."""
    message = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
    for waiter in list(LiveReloadHandler.waiters):
        shown = getattr(waiter, "page_path", None)
        if (shown not in only) if only is not None else (shown in besides):
            continue
        try:
            waiter.write_message(message)
        except Exception:  # a closed tab; livereload drops it on close
            LiveReloadHandler.waiters.discard(waiter)


def make_app(preview: Preview) -> web.Application:
    return web.Application([
        (r"/livereload", PageReloadHandler),
        (r"/livereload\.js", LiveReloadJSHandler),
        (r"/(.*)", SiteHandler, {"preview": preview}),
    ], transforms=[_InjectLiveReload])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the preview as Ctrl-C does, cleaning up


def serve(site_dir: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          language: str = DEFAULT) -> int:
    if not is_loopback(host):
        print(Message("serve.not_loopback", host=host).text(language), file=sys.stderr)
    # no request lines, not even for the failure page (a 500 of our own); errors are tornado.application's
    logging.getLogger("tornado.access").setLevel(logging.CRITICAL)
    signal.signal(signal.SIGTERM, _stop)
    tmp = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    preview = Preview(site_dir, tmp / "site", language)
    try:
        preview.rebuild()
        app = make_app(preview)
        try:
            app.listen(port, address=host)
        except OSError as exc:
            print(Message("serve.cannot_listen", host=host, port=port, reason=exc.strerror).text(language),
                  file=sys.stderr)
            return 1
        url = f"http://{host}:{port}{preview.base_path}"
        print(Message("serve.serving", site=site_dir, url=url).text(language), flush=True)

        watch(site_dir, SOURCES, Rebuilder(preview, ioloop.IOLoop.current()))
        if open_browser:
            webbrowser.open(url)
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:
        print(Message("serve.stopped").text(language), file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0
