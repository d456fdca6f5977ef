"""Incremental rebuilds must equal clean builds, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import read_tree
from sitegen.build import build
from sitegen.content import ParseCache
from sitegen.cache import BuildState


def clean_build(site: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "clean"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    build(site, out_dir=out, state=BuildState())
    return read_tree(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def test_rebuild_without_changes_writes_nothing(site_copy):
    site = site_copy()
    first = build(site)
    assert first.written == first.files
    again = build(site)
    assert again.written == 0 and again.pages == first.pages
    (site / "content" / "2025-canteen.md").touch()  # touched, not changed: pages skipped by key
    assert build(site).written == 0
    # The manifest's times are the files' own (taken as they were written), so the next
    # build with no change at all answers from the manifest without reading anything.
    from sitegen.cache import load_state
    from sitegen.fingerprint import up_to_date
    state = load_state(site, site / "output")
    for rel, entry in state.manifest.items():
        st = (site / "output" / rel).stat()
        assert (entry.mtime_ns, entry.size) == (st.st_mtime_ns, st.st_size), rel
    assert up_to_date(state, site, site / "output", None, False, 0.0)[0] is not None


def test_series_of_edits_equals_clean_build(site_copy, tmp_path):
    site = site_copy()
    out = site / "output"
    state, cache = BuildState(), ParseCache()  # as the preview server keeps them

    def both_ways() -> None:
        build(site, state=state, parse_cache=cache)  # incremental, in memory
        incremental = read_tree(out)
        build(site)  # incremental, through .sitegen-cache/
        assert read_tree(out) == incremental
        assert incremental == clean_build(site, tmp_path)

    both_ways()
    road = site / "content" / "2025-road-repair.md"
    edit(road, "title: 道路养护工程（二期）", "title: 道路养护工程（三期）")  # neighbours' prev/next change
    both_ways()
    edit(road, 'requested: "226,145,100.00"', 'requested: "1,145,100.00"')  # order and totals change
    edit(road, 'carryover: "26,145,100.00"', 'carryover: "0.00"')
    edit(road, 'appropriation: "200,000,000.00"', 'appropriation: "1,145,100.00"')
    both_ways()
    edit(site / "content" / "2024-canteen.md", "department: 示例区机关事务管理局", "department: 示例区新部门")
    both_ways()  # a new department page appears, navigation changes everywhere
    (site / "templates" / "404.html").write_text(
        '{% extends "theme/404.html" %}{% block title %}找不到{% endblock %}\n', "utf-8")
    both_ways()
    edit(site / "sitegen.yaml", "title: 示例区财政局项目绩效目标公开", "title: 示例区项目公开")
    both_ways()
    (site / "content" / "2025-canteen.md").unlink()  # deleting a declaration removes its page
    both_ways()
    assert not (out / "projects" / "2025-canteen").exists()
    edit(site / "content" / "2024-canteen.md", "department: 示例区新部门", "department: 示例区机关事务管理局")
    both_ways()  # its department had one project left: its page is gone again


@pytest.mark.parametrize("with_an_edit", [False, True])  # an edit in place: only its pages looked at
def test_output_edited_by_hand_is_repaired(site_copy, with_an_edit, monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "2")  # the output listed in a child beside the build
    site = site_copy()
    build(site)
    page = site / "output" / "projects" / "2025-canteen" / "index.html"
    original = page.read_bytes()
    if with_an_edit:
        edit(site / "content" / "2025-road-repair.md", "修复120公里", "修复130公里")  # not on the canteen's page
    page.write_text("vandalised")
    (site / "output" / "stray.html").write_text("not ours")
    (site / "output" / "projects" / "stray" / "deep").mkdir(parents=True)
    (site / "output" / "projects" / "stray" / "deep" / "x.html").write_text("not ours")
    report = build(site)
    assert page.read_bytes() == original and not (site / "output" / "stray.html").exists()
    assert not (site / "output" / "projects" / "stray").exists()  # and the folders left empty
    assert report.written == 1 if not with_an_edit else report.written > 1


def test_command_line_reparses_only_changed_files(site_copy, monkeypatch):
    from sitegen import content

    site = site_copy()
    build(site)
    read = []
    original = content.read_file
    monkeypatch.setattr(content, "read_file", lambda path, diags: read.append(path.name) or original(path, diags))
    edit(site / "content" / "2025-canteen.md", "goal: 保障机关工作人员就餐需求。", "goal: 保障就餐。")
    report = build(site)  # a new build, as a new process would do: through .sitegen-cache/parsed.sqlite
    assert read == ["2025-canteen.md"]
    assert "保障就餐。" in (site / "output" / "projects" / "2025-canteen" / "index.html").read_text("utf-8")
    assert 0 < report.written < report.files


def test_pages_skipped_by_key_still_show_their_charts_and_dates(site_copy, tmp_path):
    """Each edit is followed by one incremental build (the state kept between them, so
    pages whose key did not change are really skipped), compared with a clean build of
    a copy: the keys must cover the department's indicator mix, the index's charted
    projects (also those beyond page 1 of the listing) and the dates pages show."""
    site = site_copy()
    (site / "sitegen.yaml").write_text(
        (site / "sitegen.yaml").read_text("utf-8") + "page_size: 10\n", "utf-8")
    for n in range(12):  # the index's listing spans two pages; the chart shows all 15 projects
        (site / "content" / f"2025-extra-{n:02d}.md").write_text(
            (site / "content" / "2024-canteen.md").read_text("utf-8")
            .replace("id: 2024-canteen", f"id: 2025-extra-{n:02d}").replace("year: 2024", "year: 2025")
            .replace("2024-01-01", "2025-01-01").replace("2024-12-31", "2025-12-31")
            .replace('"1,100,000.00"', f'"{n + 1},000.00"').replace("title: 机关食堂运营", f"title: 附加项目{n:02d}"),
            "utf-8")
    build(site)

    def same_as_clean() -> None:
        report = build(site)
        copy = tmp_path / "copy"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
        build(copy, state=BuildState())
        assert read_tree(site / "output") == read_tree(copy / "output")
        assert report.written < report.files  # an incremental build, not a full one

    road = site / "content" / "2025-road-repair.md"
    edit(road, "level1: 效益指标, level2: 社会效益指标", "level1: 产出指标, level2: 质量指标")
    same_as_clean()  # the department's indicator mix
    edit(site / "content" / "2025-extra-00.md", "title: 附加项目00", "title: 改名的附加项目")
    same_as_clean()  # a charted project listed on page 2 only
    edit(site / "content" / "2025-canteen.md", "published: 2025-02-10", "published: 2025-02-11")
    same_as_clean()  # PubDate, the feed, the data files


def test_build_cancelled_after_its_pages_is_mended_by_the_next(site_copy, tmp_path):
    import pytest

    from sitegen.executor import BuildCancelled

    site = site_copy()
    state, cache = BuildState(), ParseCache()
    build(site, state=state, parse_cache=cache)
    edit(site / "content" / "2025-road-repair.md", "title: 道路养护工程（二期）", "title: 道路养护工程（四期）")
    ready = []
    with pytest.raises(BuildCancelled):
        build(site, state=state, parse_cache=cache, pages_ready=lambda: ready.append(1), cancelled=lambda: True)
    assert ready == [1]
    page = site / "output" / "projects" / "2025-road-repair" / "index.html"
    assert "四期" in page.read_text("utf-8")  # the pages were published before the cancel
    build(site, state=state, parse_cache=cache)
    assert read_tree(site / "output") == clean_build(site, tmp_path)


def test_a_new_site_template_overriding_the_theme_is_seen_by_the_next_build(site_copy, tmp_path):
    """The preview server keeps its Jinja environment between builds: a template file
    added to templates/ must replace the theme's at once, not after a restart."""
    site = site_copy()
    build(site)
    (site / "templates" / "404.html").write_text("<p>这里没有这一页</p>\n", "utf-8")
    build(site)
    assert (site / "output" / "404.html").read_text("utf-8") == "<p>这里没有这一页</p>\n"
    build(site, out_dir=tmp_path / "clean", persist=False)
    assert read_tree(site / "output") == read_tree(tmp_path / "clean")


def test_parsed_declarations_are_reused_from_another_working_folder(site_copy, monkeypatch, capsys):
    """Built once from the site's folder and once from its parent: nothing is parsed
    again, and every path shown is relative to the folder of the second build."""
    import os

    from sitegen import content
    from sitegen.cli import main

    site = site_copy()
    path = site / "content" / "2025-canteen.md"
    edit(path, "goal: 保障机关工作人员就餐需求。", "goal: 保障机关工作人员就餐需求。\nunknown_key: 1")  # a warning
    monkeypatch.chdir(site)
    assert main(["build"]) == 0
    assert "content/2025-canteen.md:" in capsys.readouterr().err
    edit(path, "unknown_key: 1", "unknown_key: 2")  # so that this build does not answer from the manifest
    read = []
    original = content.read_file
    monkeypatch.setattr(content, "read_file", lambda p, diags: read.append(p.name) or original(p, diags))
    monkeypatch.chdir(site.parent)
    assert main(["build", "--site", "site"]) == 0
    assert read == ["2025-canteen.md"]  # the edited file only
    err = capsys.readouterr().err
    assert os.path.join("site", "content", "2025-canteen.md") + ":" in err
    read.clear()
    edit(path, "unknown_key: 2", "unknown_key: 3")
    assert main(["build", "--site", "site"]) == 0
    assert read == ["2025-canteen.md"]


def test_kept_fragments_are_appended_then_compacted(tmp_path):
    from sitegen.cache import Fragments, fragments_file, load_fragments, save_fragments

    site, path = tmp_path, fragments_file(tmp_path)
    live = Fragments({("d", str(n)): ("json", ("csv",)) for n in range(1000)})
    live.added = dict(live)
    save_fragments(site, "code", live)
    size = path.stat().st_size
    loaded = load_fragments(site, "code")
    assert loaded == live and loaded.on_disk == 1000
    loaded[("d", "new")] = ("edited", ("line",))
    loaded.added = {("d", "new"): ("edited", ("line",))}
    save_fragments(site, "code", loaded)
    assert size < path.stat().st_size < size + 100  # one edit: a few bytes appended
    again = load_fragments(site, "code")
    assert again[("d", "new")] == ("edited", ("line",)) and len(again) == 1001
    assert load_fragments(site, "other code") == {}
    used = Fragments({("d", "new"): ("edited", ("line",))})  # the others were deleted
    used.on_disk = again.on_disk
    save_fragments(site, "code", used)
    assert load_fragments(site, "code") == used  # rewritten: stale entries gone
    with open(path, "ab") as f:
        f.write(b"\xe9\x01")  # a record cut short (a build killed while appending)
    assert load_fragments(site, "code") == used


def test_fragments_of_another_sitegen_are_replaced_not_appended_to(tmp_path):
    from sitegen.cache import Fragments, fragments_file, load_fragments, save_fragments

    site, path = tmp_path, fragments_file(tmp_path)
    old = Fragments({("d", "1"): ("old", ())})
    save_fragments(site, "old code", old)
    loaded = load_fragments(site, "new code")
    assert loaded == {}
    loaded[("d", "1")] = ("new", ())
    loaded.added = dict(loaded)
    save_fragments(site, "new code", loaded)
    assert load_fragments(site, "new code") == {("d", "1"): ("new", ())}


def test_page_keys_depend_on_values_not_on_shared_objects():
    """Keys are compared across processes: two equal keys, one built from shared
    objects and one from copies, must give the same digest."""
    from sitegen.make import digest as _digest

    title = "".join(["道路", "养护"])
    shared = ("project", (title, title), [None, True, 3][0], 3)
    copies = ("project", ("道路养护", "".join(["道路", "养护"])), None, 3)
    assert shared == copies and _digest(shared) == _digest(copies)
    assert _digest(shared) != _digest(("project", (title, title), None, 4))


def test_parts_made_beside_an_edit_are_kept(site_copy, tmp_path, monkeypatch):
    """After a few edits the data files are made in a forked child (with two processes):
    the parts it makes (here every one: the kept parts were deleted) come back and are kept."""
    from sitegen.cache import fragments_file, load_fragments
    from sitegen.fingerprint import code_version

    monkeypatch.setenv("SITEGEN_JOBS", "2")
    site = site_copy()
    build(site)
    fragments_file(site).unlink()
    edit(site / "content" / "2025-canteen.md", "title: 机关食堂运营", "title: 机关食堂运营服务")
    build(site)
    kept = load_fragments(site, code_version())
    assert len(kept) == len(list((site / "content").glob("*.md")))
    ours = read_tree(site / "output")
    assert "机关食堂运营服务".encode() in ours["data/projects.json"]
    assert ours == clean_build(site, tmp_path)


def test_data_files_are_joined_again_when_the_last_ones_were_changed(site_copy, tmp_path):
    """A data file changed by hand no longer fits the layout: joined from the parts."""
    site = site_copy()
    build(site)
    (site / "output" / "data" / "projects.csv").write_bytes(b"changed")
    edit(site / "content" / "2025-canteen.md", "title: 机关食堂运营", "title: 机关食堂运营服务")
    build(site)
    assert read_tree(site / "output") == clean_build(site, tmp_path)


@pytest.mark.parametrize("kept", ["on disk", "in memory"])
def test_edits_in_a_build_that_failed_are_not_forgotten_by_the_next(site_copy, tmp_path, monkeypatch, kept):
    """A failed build keeps what it parsed, and (on disk) the data files' layout its
    child saved before the commit failed. The next build must still publish every
    edit since the last build that succeeded, not only the edits since the failed one."""
    from sitegen.diagnostics import SiteError
    from sitegen.writer import StagedOutput

    site = site_copy()
    options = {} if kept == "on disk" else {"state": BuildState(), "parse_cache": ParseCache()}
    build(site, **options)
    real_commit = StagedOutput.commit

    def failing_commit(self):
        raise OSError("disk full")

    monkeypatch.setattr(StagedOutput, "commit", failing_commit)
    edit(site / "content" / "2025-canteen.md", "title: 机关食堂运营", "title: 机关食堂运营服务")
    with pytest.raises(SiteError):
        build(site, **options)
    monkeypatch.setattr(StagedOutput, "commit", real_commit)
    edit(site / "content" / "2024-canteen.md", "食堂", "饭堂")
    build(site, **options)
    assert "机关食堂运营服务".encode() in (site / "output" / "projects" / "2025-canteen" / "index.html").read_bytes()
    assert read_tree(site / "output") == clean_build(site, tmp_path)


def test_edits_published_to_another_output_first_are_not_forgotten(site_copy, tmp_path):
    """One parse cache, two outputs (each with its own state): an edit that the other
    output's build parsed first is still an edit for this output's next build."""
    site = site_copy()
    here, there, cache = BuildState(), BuildState(), ParseCache()
    build(site, state=here, parse_cache=cache)
    build(site, out_dir=tmp_path / "there", state=there, parse_cache=cache)
    edit(site / "content" / "2025-canteen.md", "title: 机关食堂运营", "title: 机关食堂运营服务")
    build(site, out_dir=tmp_path / "there", state=there, parse_cache=cache)
    edit(site / "content" / "2024-canteen.md", "食堂", "饭堂")
    build(site, state=here, parse_cache=cache)
    assert "机关食堂运营服务".encode() in (site / "output" / "projects" / "2025-canteen" / "index.html").read_bytes()
    assert read_tree(site / "output") == clean_build(site, tmp_path)
