"""No figure is ever cut off: every page kind, from a 320 px phone to a 1920 px screen
(a 1280 screen at 150–200 % zoom is 640–853 px), with the browser's default font at
16 and at 22 px, and larger text switched on: no box is wider inside than it shows
(scrollWidth ≤ clientWidth), so nothing overflows, is clipped or scrolls sideways."""

from __future__ import annotations

import pytest

WIDTHS = [320, 360, 390, 480, 640, 768, 853, 1024, 1280, 1920]

# Each box whose content is wider than the box itself, named so a failure says where.
OVERFLOWING = """() => {
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  // what is hidden from sight on purpose (the visually-hidden pattern: 1 px, clipped)
  const clipped = el => { for (let e = el; e; e = e.parentElement) if (getComputedStyle(e).clip !== "auto") return true;
                          return false; };
  const bad = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) bad.push(`the page: ${root.scrollWidth} > ${window.innerWidth}`);
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    if (["input", "select", "textarea", "option"].includes(el.tagName.toLowerCase())) continue;
    const style = getComputedStyle(el);
    if (["none", "inline", "contents"].includes(style.display) || el.clientWidth <= 1 || clipped(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const path = [];
      for (let e = el; e && e !== document.body && path.length < 4; e = e.parentElement) path.unshift(name(e));
      bad.push(`${path.join(" > ")}: ${el.scrollWidth} > ${el.clientWidth} ("${el.textContent.trim().slice(0, 40)}")`);
    }
  }
  return bad.slice(0, 8);
}"""


def first_child(folder) -> str:
    return sorted(p.name for p in folder.iterdir() if p.is_dir())[0]


@pytest.fixture(scope="module")
def page_kinds(site, years_site):
    """(served site, path) of every page kind: the bundled site's, and the year pages
    and two-year listings of the fixture site."""
    out, years = site.out_dir, years_site.out_dir
    return {
        "index": (site, ""),
        "project": (site, "projects/2024-jiguan-fuwu/"),
        "department": (site, f"departments/{first_child(out / 'departments')}/"),
        "category": (site, f"categories/{first_child(out / 'categories')}/"),
        "data": (site, "data/"),
        "search": (site, "search/"),
        "404": (site, "404.html"),
        "about": (site, "about/"),
        "two-year index": (years_site, ""),
        "year": (years_site, f"years/{first_child(years / 'years')}/"),
        "two-year department": (years_site, f"departments/{first_child(years / 'departments')}/"),
        "two-year project": (years_site, "projects/2025-road-repair/"),
    }


@pytest.mark.parametrize("font", ["16px", "22px", "larger text"])
def test_no_box_overflows_at_any_width(browser, page_kinds, font):
    problems = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if font == "larger text":  # the 适老化 button's choice, as reading.js keeps it
        context.add_init_script("localStorage.setItem('sitegen.text-large', '1')")
    try:
        page = context.new_page()
        if font == "22px":  # the browser's default font size, as a reader sets it (media queries too)
            context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 22, "fixed": 22}})
        for kind, (served, path) in page_kinds.items():
            page.goto(served.url + path, wait_until="load")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                problems += [f"{kind} at {width} px: {p}" for p in page.evaluate(OVERFLOWING)]
    finally:
        context.close()
    assert not problems, "\n".join(problems[:40])


def test_charts_stay_legible_in_forced_colors(visit):
    page = visit("").page
    page.emulate_media(forced_colors="active")
    fills = page.evaluate("""() => [...document.querySelectorAll("svg.chart text")].map(
        t => getComputedStyle(t).fill)""")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert fills and all(f != background for f in fills)
    assert "rgb(27, 27, 27)" not in fills  # the drawn #1b1b1b gave way to the system's text colour
