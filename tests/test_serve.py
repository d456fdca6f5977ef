"""`sitegen serve` over HTTP: base path, safe paths, rebuilds, error page, clean exit.
What the browser does with it (live reload) is in tests/browser/test_live_reload.py."""

from __future__ import annotations

import http.client
import time
from pathlib import Path

from sitegen.cli import main

TITLE_LINE = "title: 道路养护工程（二期）"


def get(p, path: str) -> tuple[int, str, dict]:
    """A request with the path sent exactly as given (no client-side normalizing)."""
    conn = http.client.HTTPConnection("127.0.0.1", p.port, timeout=5)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read().decode("utf-8", "replace")
    conn.close()
    return r.status, body, dict(r.getheaders())


def wait_for(p, path: str, text: str, seconds: float = 5) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    while True:
        status, body, _ = get(p, path)
        if text in body or time.monotonic() > deadline:
            return status, body
        time.sleep(0.05)


def test_root_redirects_to_base_path_and_pages_get_live_reload(site_copy, preview):
    p = preview(site_copy())  # the fixture site's base_url is https://example.gov.cn/disclosure/
    status, _, headers = get(p, "/")
    assert status == 302 and headers["Location"] == "/disclosure/"
    status, body, _ = get(p, "/disclosure/projects/2025-road-repair/")
    assert status == 200 and "道路养护工程" in body and "livereload.js" in body
    status, _, headers = get(p, "/disclosure/projects/2025-road-repair")
    assert status in (301, 302) and headers["Location"] == "/disclosure/projects/2025-road-repair/"


def test_paths_outside_the_output_are_not_found(site_copy, preview, tmp_path):
    site = site_copy()
    (site / "secret.txt").write_text("secret")
    p = preview(site)
    for path in ("/disclosure/../secret.txt", "/disclosure/%2e%2e/secret.txt", "/disclosure/%2E%2E/%2e%2e/etc/passwd",
                 "/disclosure/..%2fsecret.txt", "/disclosure//etc/passwd", "/etc/passwd",
                 "/disclosure/%2fetc%2fpasswd", "/disclosure/..\\secret.txt", "/disclosure/content/2025-canteen.md"):
        status, body, _ = get(p, path)
        assert status == 404, path
        assert "secret" not in body and "root:" not in body


def test_edit_rebuilds_error_page_then_recovers(site_copy, preview):
    site = site_copy()
    p = preview(site)
    page = "/disclosure/projects/2025-road-repair/"
    md = site / "content" / "2025-road-repair.md"
    text = md.read_text("utf-8")
    md.write_text(text.replace(TITLE_LINE, "title: 道路养护工程（三期）"), "utf-8")
    assert "道路养护工程（三期）" in wait_for(p, page, "道路养护工程（三期）")[1]
    md.write_text(text.replace(TITLE_LINE, "title: [unclosed"), "utf-8")
    status, body = wait_for(p, page, "生成失败")
    assert status == 500 and "2025-road-repair.md:3: 错误: 格式错误" in body
    assert '<span class="line here"><span class="number">3</span>title: [unclosed</span>' in body
    assert get(p, "/disclosure/")[0] == 500  # every page says so until it is fixed
    md.write_text(text, "utf-8")
    status, body = wait_for(p, page, "道路养护工程（二期）")
    assert status == 200 and "生成失败" not in body
    p.stop()  # the terminal said the failure in Chinese, with no request lines ('500 GET /…')
    assert "生成失败" in p.output and " GET " not in p.output, p.output


def test_stops_cleanly_and_leaves_no_temp_folder(site_copy, preview):
    p = preview(site_copy())
    assert any(p.tmpdir.iterdir())  # the preview builds into a temp folder...
    assert p.stop() == 0
    assert not any(p.tmpdir.iterdir())  # ...removed on Ctrl-C
    assert not (p.tmpdir.parent / "site" / "output").exists()  # and never touches output/


def _listening_addresses(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            addr, hexport = local.split(":")
            if state == "0A" and int(hexport, 16) == port:
                found.add(addr)
    return found


def test_listens_on_loopback_only(site_copy, preview):
    p = preview(site_copy())
    addresses = _listening_addresses(p.port)
    assert addresses == {"0100007F"}, addresses  # 127.0.0.1, and nothing else


def test_new_site_is_ready_to_check_and_build(tmp_path, capsys):
    site = tmp_path / "mysite"
    assert main(["new", "--lang", "en", str(site)]) == 0
    assert main(["check", "--lang", "en", "--site", str(site), "--strict"]) == 0
    assert main(["build", "--lang", "en", "--site", str(site)]) == 0
    assert not (site / "output" / "projects" / "2025-example-project").exists()  # the example is a draft
    assert main(["new", "--lang", "en", str(site)]) == 1  # never overwrites
    assert "is not empty" in capsys.readouterr().err


def test_the_edited_page_is_in_place_before_any_other_page_is_rendered(site_copy, tmp_path):
    """The preview's build puts an edited declaration's page in the output first (the
    page being edited reloads sooner); the build then ends as a clean one would."""
    from conftest import read_tree
    from sitegen.build import build
    from sitegen.content import ParseCache
    from sitegen.cache import BuildState

    site, out = site_copy(), tmp_path / "out"
    state, cache = BuildState(), ParseCache()
    build(site, out, state=state, parse_cache=cache, pages_ready=lambda: None, persist=False)
    md = site / "content" / "2025-road-repair.md"
    md.write_text(md.read_text("utf-8").replace(TITLE_LINE, "title: 道路养护工程（三期）"), "utf-8")
    seen = []

    def edited_ready(urls):
        project = (out / "projects" / "2025-road-repair" / "index.html").read_text("utf-8")
        index = (out / "index.html").read_text("utf-8")
        seen.append((urls, "（三期）" in project, "（三期）" in index))

    build(site, out, state=state, parse_cache=cache, pages_ready=lambda: None, persist=False,
          edited_ready=edited_ready)
    assert seen == [({"projects/2025-road-repair/"}, True, False)]  # the index still to come
    assert "（三期）" in (out / "index.html").read_text("utf-8")
    build(site, tmp_path / "clean", persist=False)
    assert read_tree(out) == read_tree(tmp_path / "clean")


def test_a_reload_goes_to_the_pages_it_names(monkeypatch):
    from sitegen import serve

    class Browser:
        def __init__(self, path):
            self.page_path, self.told = path, []

        def write_message(self, message):
            self.told.append(message["command"])

    edited, other, silent = Browser("/d/projects/x/"), Browser("/d/"), Browser(None)
    monkeypatch.setattr(serve.LiveReloadHandler, "waiters", {edited, other, silent})
    serve.reload_browsers({"/d/projects/x/"})
    assert (edited.told, other.told, silent.told) == (["reload"], [], [])
    serve.reload_browsers(None, {"/d/projects/x/"})
    assert (edited.told, other.told, silent.told) == (["reload"], ["reload"], ["reload"])


def test_the_reload_handler_learns_the_page_from_livereload_js(monkeypatch):
    from sitegen import serve

    monkeypatch.setattr(serve.LiveReloadHandler, "waiters", set())
    handler = serve.PageReloadHandler.__new__(serve.PageReloadHandler)  # no connection needed
    handler.on_message('{"command": "info", "plugins": {}, "url": "http://127.0.0.1:8000/d/projects/x/?q=1"}')
    assert handler.page_path == "/d/projects/x/" and handler in serve.LiveReloadHandler.waiters
    handler.on_message('{"command": "info", "url": 5}')  # not a URL: ignored
    assert handler.page_path == "/d/projects/x/"


def test_livereload_messages_of_another_shape_are_ignored(monkeypatch):
    from sitegen import serve

    monkeypatch.setattr(serve.LiveReloadHandler, "waiters", set())
    handler = serve.PageReloadHandler.__new__(serve.PageReloadHandler)
    for message in ("not json", "[1,2,3]", '"info"', "{}", '{"command": 5}', "null", b"\xff"):
        handler.on_message(message)  # none raises (livereload's own handler did, for each)
    assert handler.page_path is None and not serve.LiveReloadHandler.waiters


def test_a_path_too_long_for_the_system_is_not_found(site_copy, preview):
    p = preview(site_copy())
    for path in ("/disclosure/" + "%E9%95%BF" * 300, "/disclosure/" + "a" * 300 + "/", "/disclosure/projects/" + "b" * 5000):
        status, _, _ = get(p, path)
        assert status == 404, path
    assert get(p, "/disclosure/")[0] == 200  # and the preview goes on
    p.stop()
    assert "Traceback" not in p.output, p.output


def test_a_fault_in_sitegen_shows_the_error_page_and_the_preview_goes_on(site_copy, tmp_path, monkeypatch, capsys):
    from sitegen import serve

    site = site_copy()
    preview = serve.Preview(site, tmp_path / "out")
    real_build = serve.build

    def failing(*args, **kwargs):
        raise RuntimeError("year 0 is out of range")

    monkeypatch.setattr(serve, "build", failing)
    assert preview.rebuild() is False
    assert len(preview.problems) == 1
    assert "internal error (RuntimeError: year 0 is out of range)" in preview.problems[0].text("en")
    assert "internal error" in serve.error_page(preview.problems, preview.sources, "en")
    assert "内部错误" in serve.error_page(preview.problems, preview.sources)
    monkeypatch.setattr(serve, "build", real_build)
    assert preview.rebuild() is True and preview.problems == []
    assert "Traceback" not in capsys.readouterr().err


def test_a_fault_in_a_command_is_one_line_not_a_traceback(monkeypatch, capsys):
    from sitegen import cli

    def failing(args):
        raise ValueError("boom")

    monkeypatch.setattr(cli, "cmd_check", failing)
    assert main(["check", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["sitegen:0: error: internal error (ValueError: boom); "
                                "please report it with the file that caused it"]
    monkeypatch.setenv("SITEGEN_DEBUG", "1")  # for developers: the traceback
    try:
        main(["check", "--lang", "en"])
    except ValueError:
        pass
    else:
        raise AssertionError("SITEGEN_DEBUG=1 should let the error through")


def test_new_refuses_a_file_and_a_folder_it_may_not_write(tmp_path, capsys, root):
    _, immutable = root
    (tmp_path / "a-file").write_text("x")
    assert main(["new", "--lang", "en", str(tmp_path / "a-file")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
    locked = tmp_path / "locked"
    locked.mkdir()
    immutable(locked)
    assert main(["new", "--lang", "en", str(locked / "site")]) == 1
    assert "cannot create" in capsys.readouterr().err and not (locked / "site").exists()
