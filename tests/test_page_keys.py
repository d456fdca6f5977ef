"""A page's key must change whenever what its view gives the template changes: with
site templates that print every variable their view receives, a build after random
edits equals a clean build byte for byte."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import clean_build_tree, read_tree
from sitegen import render, templates
from sitegen.build import build, load
from sitegen.make import digest, page_basis
from test_edits_in_place import change_amount, corpus_site, edit_in_place

EVERYTHING = {  # each listing's and project's whole view, printed
    "index.html": '{% extends "base.html" %}{% block main %}<pre>{{ index }}</pre>{% endblock %}',
    "group.html": '{% extends "base.html" %}{% block main %}<pre>{{ group }}</pre>{% endblock %}',
    "project.html": '{% extends "base.html" %}{% block main %}<pre>{{ project }}</pre>{% endblock %}',
}


def printing_site(tmp: Path) -> Path:
    site = corpus_site(tmp, 120)
    (site / "templates").mkdir(exist_ok=True)
    for name, text in EVERYTHING.items():
        (site / "templates" / name).write_text(text, "utf-8")
    return site


def add_indicator(path: Path) -> None:
    text = path.read_text("utf-8")
    row = re.search(r"\n  - \{level1: .*\}", text)[0]
    path.write_text(text.replace(row, row + row.replace("name: ", "name: 新增", 1), 1), "utf-8")


def test_one_more_indicator_shows_on_every_listing_page_that_prints_the_count(tmp_path):
    """The issue's stale page: page 2 of the index printed the old indicator count."""
    site = printing_site(tmp_path)
    build(site)
    add_indicator(sorted((site / "content").glob("*.md"))[7])
    build(site)
    assert "indicator_count" in (site / "output" / "page" / "2" / "index.html").read_text("utf-8")
    assert read_tree(site / "output") == clean_build_tree(site, tmp_path)


def random_edits(site: Path, rng: random.Random) -> None:
    """A few edits to content, and now and then to a template or the settings."""
    files = sorted((site / "content").glob("*.md"))
    for path in rng.sample(files, rng.randint(1, 4)):
        how = rng.choice(("in place", "indicator", "amount"))
        if how == "in place":
            edit_in_place(path, rng)
        elif how == "indicator":
            add_indicator(path)
        else:
            change_amount(path, rng.choice((None, 1000, 250000)))
    if rng.random() < 0.3:
        name = rng.choice(sorted(EVERYTHING))
        with open(site / "templates" / name, "a", encoding="utf-8") as f:
            f.write(f"<!-- {rng.random()} -->")
    if rng.random() < 0.3:
        key, value = rng.choice((("page_size", str(rng.randint(10, 14))), ("description", f"第{rng.randint(2, 9)}版"),
                                 ("organizer", "某市财政局")))
        path = site / "sitegen.yaml"
        lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith(f"{key}:")]
        path.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", "utf-8")


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_rebuild_to_a_clean_build_with_every_variable_printed(tmp_path, seed):
    site = printing_site(tmp_path)
    build(site)
    rng = random.Random(seed)
    for _ in range(3):
        random_edits(site, rng)
        build(site)
        assert read_tree(site / "output") == clean_build_tree(site, tmp_path)


def keys_and_views(site_dir: Path) -> dict[str, tuple[str, str]]:
    """Every page's URL -> (its key as build compares it, what its view gives the template)."""
    site, _ = load(site_dir)
    env = templates.environment(site_dir, site.settings, persisted=False, code="test")
    basis = page_basis(env, site, "test")
    made = {}
    for page in render.site_pages(site):
        key = page.make_key()
        made[page.url] = ("" if key is None else digest((basis.key, key)),
                          repr((basis.site_context, page.make_context())))
    return made


@pytest.mark.parametrize("seed", range(4))
def test_what_a_view_gives_the_template_changed_means_its_key_changed(tmp_path, seed):
    """For every page kind, after random edits: a page whose view changed has a new key
    (a page without a key is always made again)."""
    site = printing_site(tmp_path)
    rng = random.Random(seed)
    kinds = set()
    for _ in range(3):
        before = keys_and_views(site)
        random_edits(site, rng)
        after = keys_and_views(site)
        for url in before.keys() & after.keys():
            (key_before, view_before), (key_after, view_after) = before[url], after[url]
            if view_before != view_after and key_after:
                assert key_before != key_after, url
                kinds.add(url.split("/")[0])
    assert {"projects", "page"} <= kinds
