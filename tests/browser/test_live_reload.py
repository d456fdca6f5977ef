"""Live preview in a real browser: edit -> the open page updates by itself;
broken YAML -> the error page; the fix -> the page comes back."""

from __future__ import annotations

import time

TITLE_LINE = "title: 道路养护工程（二期）"
PAGE = "/disclosure/projects/2025-road-repair/"


def connected(page) -> None:
    """Wait until livereload.js is loaded and has had time for its WebSocket handshake."""
    page.wait_for_function("() => window.LiveReload !== undefined", timeout=5000)
    time.sleep(0.4)


def test_open_page_follows_edits_errors_and_fixes(browser, site_copy, preview):
    site = site_copy()
    p = preview(site)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(p.root + PAGE)
    connected(page)

    md = site / "content" / "2025-road-repair.md"
    original = md.read_text("utf-8")
    saved = time.monotonic()
    md.write_text(original.replace(TITLE_LINE, "title: 道路养护工程（三期）"), "utf-8")
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('三期')", timeout=5000)
    assert time.monotonic() - saved < 1.0, "the page took more than a second to show the edit"
    connected(page)  # the reloaded page must reconnect before it can hear of the next edit

    md.write_text(original.replace(TITLE_LINE, "title: [unclosed"), "utf-8")
    page.wait_for_function("() => document.body.textContent.includes('生成失败')", timeout=5000)
    assert "2025-road-repair.md:3: 错误: 格式错误" in page.text_content("body")
    # The offending line itself is shown, numbered and marked, with the lines around it.
    marked = page.locator("pre.source .line.here")
    assert marked.count() == 1 and marked.text_content() == "3title: [unclosed"
    numbers = page.locator("pre.source .number").all_text_contents()
    assert numbers == ["1", "2", "3", "4", "5"]
    assert page.locator("pre.source .line").nth(3).text_content() == "4" + original.split("\n")[3]
    connected(page)

    md.write_text(original, "utf-8")
    page.wait_for_function("() => document.querySelector('h1') && "
                           "document.querySelector('h1').textContent.includes('二期')", timeout=5000)
    assert not errors
    context.close()


def test_every_open_page_follows_an_edit(browser, site_copy, preview):
    """The edited project's page is reloaded as soon as it is rebuilt; the index, which
    lists the project's title too, when the rest of the pages are."""
    site = site_copy()
    p = preview(site)
    context = browser.new_context()
    project, index = context.new_page(), context.new_page()
    project.goto(p.root + PAGE)
    index.goto(p.root + "/disclosure/")
    connected(project)
    connected(index)
    md = site / "content" / "2025-road-repair.md"
    md.write_text(md.read_text("utf-8").replace(TITLE_LINE, "title: 道路养护工程（三期）"), "utf-8")
    project.wait_for_function("() => document.querySelector('h1').textContent.includes('三期')", timeout=5000)
    index.wait_for_function("() => document.body.textContent.includes('道路养护工程（三期）')", timeout=5000)
    context.close()
