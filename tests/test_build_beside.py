"""A one-shot build makes the search index, data files and feeds in a worker process
while the other workers render pages: same bytes, and a failure on either side loses
nothing."""

from __future__ import annotations

import pytest

from conftest import read_tree
from sitegen import build as build_module, outputs, parallel
from sitegen.diagnostics import SiteError


@pytest.fixture
def beside(monkeypatch):
    """Every build, however small, renders in two worker processes."""
    monkeypatch.setattr(build_module, "PAGES_PER_WORKER", 1)
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)


def test_the_output_is_the_same_as_made_in_one_process(site_copy, tmp_path, beside, monkeypatch):
    site = site_copy()
    build_module.build(site, out_dir=tmp_path / "beside", persist=False)
    monkeypatch.setattr(build_module, "PAGES_PER_WORKER", 10**9)
    build_module.build(site, out_dir=tmp_path / "serial", persist=False)
    assert read_tree(tmp_path / "beside") == read_tree(tmp_path / "serial")


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if ".stage-" in p.name]


def test_a_failing_extras_worker_leaves_the_output_as_it_was(site_copy, beside, monkeypatch):
    site = site_copy()
    build_module.build(site)
    before = read_tree(site / "output")
    (site / "content" / "2025-canteen.md").write_text(
        (site / "content" / "2025-canteen.md").read_text("utf-8").replace("title: ", "title: 新"), "utf-8")

    def broken(env, site):
        yield "search/data/x.json", b"{}"
        raise OSError("disk full")

    monkeypatch.setattr(outputs, "extra_files", broken)
    with pytest.raises(SiteError, match="disk full"):
        build_module.build(site)
    assert read_tree(site / "output") == before and not _leftovers(site)


def test_a_failing_page_beside_the_extras_leaves_no_stage(site_copy, beside, monkeypatch):
    site = site_copy()
    build_module.build(site)
    before = read_tree(site / "output")
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "project.html").write_text("{{ project.nothing.at_all }}", "utf-8")

    def slow(env, site):
        import time
        time.sleep(0.5)  # still writing when the parent fails
        yield "search/data/late.json", b"{}"

    monkeypatch.setattr(outputs, "extra_files", slow)
    with pytest.raises(SiteError, match="project.html"):
        build_module.build(site)
    assert read_tree(site / "output") == before and not _leftovers(site)
