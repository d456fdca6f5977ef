"""适老化: the larger-text and high-contrast buttons on every page, kept across pages,
and the page still whole and accessible with them on."""

from __future__ import annotations

import pytest

from tests.browser.test_layout import describe

PROJECT = "projects/2024-jiguan-fuwu/"


@pytest.mark.parametrize("width", [360, 1280])
def test_larger_text_and_high_contrast_are_kept_across_pages(visit, axe, width):
    v = visit("", width)
    page = v.page
    large = page.get_by_role("button", name="大字")
    contrast = page.get_by_role("button", name="高对比度")
    assert large.get_attribute("aria-pressed") == "false" and contrast.get_attribute("aria-pressed") == "false"
    base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    large.click()
    contrast.click()
    assert large.get_attribute("aria-pressed") == "true" and contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == base * 1.25

    page.get_by_role("link", name="机关服务").first.click()  # another page: the choices stay
    page.wait_for_url(f"**/{PROJECT}")
    assert page.evaluate("document.documentElement.className.split(' ').sort()") == ["contrast-high", "text-large"]
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"page is {scroll} px wide in a {inner} px viewport"
    violations = axe(page)
    assert not violations, describe(violations)
    assert not v.problems

    page.get_by_role("button", name="高对比度").click()  # and switched off again, for the next page too
    page.goto(page.url.split(PROJECT)[0])
    assert page.evaluate("document.documentElement.className") == "text-large"


def test_the_index_in_high_contrast_is_accessible_charts_included(visit, axe):
    page = visit("").page
    page.get_by_role("button", name="高对比度").click()
    fills = page.evaluate("[...document.querySelectorAll('svg.chart text')].map(t => getComputedStyle(t).fill)")
    assert fills and set(fills) == {"rgb(255, 255, 255)"}
    violations = axe(page)
    assert not violations, describe(violations)


def test_without_javascript_the_buttons_are_not_offered(visit):
    page = visit("", java_script_enabled=False).page
    assert page.locator("button[data-reading]").count() == 2
    assert not page.locator("button[data-reading]").first.is_visible()
