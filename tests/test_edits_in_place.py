"""After a few edits in place, a build looks only at the pages showing the edited
projects (render.pages_showing): that set must hold every page whose key changed."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from conftest import read_tree
from sitegen import model, render
from sitegen.build import build, load
from test_incremental import clean_build

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402


def corpus_site(tmp: Path, n: int = 200) -> Path:
    """A generated site with small pages (many listing pages) and one series of two years."""
    site = corpus.generate(n, tmp / "site")
    with open(site / "sitegen.yaml", "a", encoding="utf-8") as f:
        f.write("page_size: 10\n")
    files = sorted((site / "content").glob("*.md"))
    by_year = {}
    for path in files:
        by_year.setdefault(path.name[:4], path)
    for path in list(by_year.values())[:2]:  # two years of one project
        text = path.read_text("utf-8")
        path.write_text(text.replace("\ntitle: ", "\nseries: shili-xilie\ntitle: ", 1), "utf-8")
    return site


def keys_by_url(site_dir: Path) -> tuple[model.Site, dict[str, tuple | None]]:
    site, _ = load(site_dir)
    return site, {page.url: page.make_key() for page in render.site_pages(site)}


def edit_in_place(path: Path, rng: random.Random) -> None:
    """A correction that moves nothing: a title, the goal, or an indicator's target."""
    text = path.read_text("utf-8")
    how = rng.choice(("title", "goal", "target"))
    if how == "title":
        text = re.sub(r"\ntitle: (\"?)(.*?)\1\n", lambda m: f"\ntitle: {m[2]}（修订）\n", text, count=1)
    elif how == "goal":
        text = text.replace("goal: |-\n  ", "goal: |-\n  经复核，", 1)
    else:
        text = re.sub(r"target: \"?(≥|≤|=)?(\d+)", lambda m: m[0] + "1", text, count=1)
    path.write_text(text, "utf-8")


def series_files(site: Path) -> list[Path]:
    return [p for p in sorted((site / "content").glob("*.md")) if "series: " in p.read_text("utf-8")]


@pytest.mark.parametrize("seed", range(5))
def test_pages_showing_edits_in_place_hold_every_changed_key(tmp_path, seed):
    site_dir = corpus_site(tmp_path)
    _, before = keys_by_url(site_dir)
    rng = random.Random(seed)
    files = sorted((site_dir / "content").glob("*.md"))
    edited_files = rng.sample(files, 3) + series_files(site_dir)[:1]  # a series' history too
    for path in edited_files:
        edit_in_place(path, rng)
    site, after = keys_by_url(site_dir)
    edited = [d for d in site.projects if Path(d.path).name in {p.name for p in edited_files}]
    assert len(edited) == len(edited_files)
    changed = {url for url, key in after.items() if key is None or before.get(url) != key}
    showing = render.pages_showing(site, edited)
    assert changed - showing == set()
    assert len(changed) > len(edited_files)  # neighbours and listings changed too
    assert len(showing - render.listing_urls(site)) < len(site.projects) // 5  # listings: by their views


def change_amount(path: Path, yuan: int | None) -> None:
    """The annual amount and the appropriation, ``yuan`` more (None: less by half the
    appropriation): the funds still add up."""
    text = path.read_text("utf-8")
    if yuan is None:
        yuan = -(int(re.search(r'appropriation: "([\d,]+)\.00"', text)[1].replace(",", "")) // 2)
    for key in ("requested", "appropriation"):
        text = re.sub(rf'{key}: "([\d,]+)\.00"',
                      lambda m, key=key: f'{key}: "{int(m[1].replace(",", "")) + yuan:,}.00"', text, count=1)
    path.write_text(text, "utf-8")


def test_an_edit_that_moves_a_project_changes_pages_not_showing_it(tmp_path):
    """Why a build checks model.placement first: a new amount reorders the index,
    changes totals, and so changes pages that do not show the project."""
    site_dir = corpus_site(tmp_path)
    _, before = keys_by_url(site_dir)
    path = sorted((site_dir / "content").glob("*.md"))[7]
    change_amount(path, 3_000_000)  # to the top of its year: its old neighbours' links change
    site, after = keys_by_url(site_dir)
    edited = [d for d in site.projects if Path(d.path).name == path.name]
    changed = {url for url, key in after.items() if key is None or before.get(url) != key}
    assert changed - render.pages_showing(site, edited)


@pytest.mark.parametrize("seed", range(5))
def test_pages_showing_moved_projects_hold_every_changed_key(tmp_path, seed):
    """New amounts (up or down, far or near) and in-place edits together: every page
    whose key changed is one pages_showing names, given the moved projects' previous
    versions. Far fewer than all pages."""
    site_dir = corpus_site(tmp_path)
    old_site, before = keys_by_url(site_dir)
    old = {d.id: d for d in old_site.projects}
    rng = random.Random(seed)
    files = sorted((site_dir / "content").glob("*.md"))
    moved_files = rng.sample(files, 2)
    for path in moved_files:
        change_amount(path, rng.choice((-1, 1, 50_000, 5_000_000, None)))
    edited_files = moved_files + rng.sample([f for f in files if f not in moved_files], 2)
    for path in edited_files[2:]:
        edit_in_place(path, rng)
    site, after = keys_by_url(site_dir)
    names, moved_names = {p.name for p in edited_files}, {p.name for p in moved_files}
    edited = [d for d in site.projects if Path(d.path).name in names]
    moved = [old[d.id] for d in edited if Path(d.path).name in moved_names]
    assert [model.membership(old[d.id]) for d in edited] == [model.membership(d) for d in edited]
    changed = {url for url, key in after.items() if key is None or before.get(url) != key}
    showing = render.pages_showing(site, edited, moved)
    assert changed - showing == set()
    assert len(showing - render.listing_urls(site)) < len(site.projects) // 3


def keys_made(monkeypatch) -> list[str]:
    """The URLs of the project pages whose key is made from now on (until monkeypatch.undo);
    every listing page's key is made, from its view."""
    made: list[str] = []
    real = render.Page.make_key
    monkeypatch.setattr(render.Page, "make_key",
                        lambda self: (self.template == "project.html" and made.append(self.url)) or real(self))
    return made


def test_a_build_after_new_amounts_makes_few_keys_and_equals_a_clean_build(tmp_path, monkeypatch):
    site_dir = corpus_site(tmp_path)
    build(site_dir)
    made = keys_made(monkeypatch)
    files = sorted((site_dir / "content").glob("*.md"))
    change_amount(files[3], 3_000_000)  # to the top of its year
    change_amount(files[150], -1)  # a correction of one yuan: the same place
    build(site_dir)
    assert 0 < len(made) < 40  # of 200 projects
    monkeypatch.undo()
    assert read_tree(site_dir / "output") == clean_build(site_dir, tmp_path)


def test_a_build_after_edits_in_place_makes_few_keys_and_equals_a_clean_build(tmp_path, monkeypatch):
    site_dir = corpus_site(tmp_path)
    build(site_dir)
    made = keys_made(monkeypatch)
    rng = random.Random(7)
    for path in rng.sample(sorted((site_dir / "content").glob("*.md")), 2):
        edit_in_place(path, rng)
    build(site_dir)
    assert 0 < len(made) < 20  # of 200 projects
    monkeypatch.undo()
    assert read_tree(site_dir / "output") == clean_build(site_dir, tmp_path)
