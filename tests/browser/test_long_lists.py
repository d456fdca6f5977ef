"""A long listing on a phone: the list comes before the charts, its page links at the top
as well as the foot, a few Tab presses from the start of the page (before: 333 presses to
page 2, the list 3,500 px down), and still accessible."""

from __future__ import annotations

import sys

import pytest

from tests.browser.conftest import REPO, served_site
from tests.browser.test_layout import describe


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus
    site = corpus.generate(120, tmp_path_factory.mktemp("long") / "site")
    with open(site / "sitegen.yaml", "a", encoding="utf-8") as f:
        f.write("page_size: 20\n")
    yield from served_site(site, tmp_path_factory)


@pytest.mark.parametrize("width", [360, 1280])
def test_page_two_is_a_few_tab_presses_from_the_top(visit, axe, long_site, width):
    page = visit("", width, served=long_site).page
    top, foot = page.locator("nav.pages-top"), page.locator("nav.pages-foot")
    assert top.count() == foot.count() == 1
    assert top.bounding_box()["y"] < page.locator("table.projects").bounding_box()["y"]
    # The list comes before the charts, within the first screens of a phone.
    assert page.locator("#all-projects").bounding_box()["y"] < min(
        page.locator(s).bounding_box()["y"] for s in ("#amounts-by-project", "#by-department"))
    assert page.locator("#all-projects").bounding_box()["y"] < 1000
    for presses in range(1, 200):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.endswith("page/2/"):
            break
    assert presses < 60, f"{presses} Tab presses to page 2"
    assert page.evaluate("document.activeElement.closest('nav').classList.contains('pages-top')")
    violations = axe(page)
    assert not violations, describe(violations)


def test_every_page_links_to_the_list_of_all_projects(visit, long_site):
    page = visit("search/", served=long_site).page
    page.get_by_role("link", name="全部项目", exact=True).click()
    page.wait_for_url("**/#all-projects")
    assert page.locator("#all-projects").is_visible()
