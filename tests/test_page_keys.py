"""A page's key must change whenever what its view gives the template changes: with
site templates that print every variable their view receives, a build after random
edits equals a clean build byte for byte."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from conftest import clean_build_tree, read_tree
from sitegen.build import build
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


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_rebuild_to_a_clean_build_with_every_variable_printed(tmp_path, seed):
    site = printing_site(tmp_path)
    build(site)
    rng = random.Random(seed)
    files = sorted((site / "content").glob("*.md"))
    for _ in range(3):
        for path in rng.sample(files, rng.randint(1, 4)):
            how = rng.choice(("in place", "indicator", "amount"))
            if how == "in place":
                edit_in_place(path, rng)
            elif how == "indicator":
                add_indicator(path)
            else:
                change_amount(path, rng.choice((None, 1000, 250000)))
        build(site)
        assert read_tree(site / "output") == clean_build_tree(site, tmp_path)
