"""After a few edits the last build's search index is patched, not rebuilt, and the
patched index is byte for byte the one a full build makes."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO, read_tree
from sitegen.build import build
from sitegen.search import index
from sitegen.cache import BuildState

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402  (the benchmarks' generator of realistic declarations)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """400 declarations: enough for terms past the heavy threshold (files of their own)."""
    return corpus.generate(400, tmp_path_factory.mktemp("corpus") / "site")


@pytest.fixture
def site(generated, tmp_path):
    import shutil

    dest = tmp_path / "site"
    shutil.copytree(generated, dest, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
    return dest


@pytest.fixture
def full_builds(monkeypatch):
    """How many times the index was built whole (counted in this process: on one
    core, where a build makes the index itself, not in a forked child)."""
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    calls = []
    real = index.build_postings
    monkeypatch.setattr(index, "build_postings", lambda *a: calls.append(1) or real(*a))
    return calls


def edit(site, name: str, old: str, new: str) -> None:
    path = site / "content" / name
    text = path.read_text("utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def nth(site, n: int) -> str:
    return sorted(p.name for p in (site / "content").glob("*.md"))[n]


def same_as_clean(site, tmp_path) -> None:
    clean = tmp_path / f"clean-{len(list(tmp_path.iterdir()))}"
    build(site, out_dir=clean, state=BuildState())
    got, want = read_tree(site / "output"), read_tree(clean)
    assert sorted(got) == sorted(want)
    assert [rel for rel in want if got[rel] != want[rel]] == []


def heavy_files(site) -> int:
    return len(list((site / "output" / "search" / "data" / "h").glob("*.json")))


def test_edits_patch_the_index_to_what_a_full_build_makes(site, tmp_path, full_builds):
    state = BuildState()  # as `sitegen serve` keeps it; the command line reads it from disk
    build(site, state=state)
    assert full_builds == [1] and heavy_files(site) > 0
    edits = [
        (3, 'title: "', 'title: "人工智能示范'),  # title: new bigrams, positions shift
        (7, "name: \"", "name: \"智慧城市"),  # an indicator
        (11, "goal: |-\n  ", "goal: |-\n  新增目标：数据共享。"),  # the body class
        (20, "department: ", "department: 新设"),  # department: a filter term and its class
    ]
    for n, old, new in edits:
        edit(site, nth(site, n), old, new)
        build(site, state=state)
        same_as_clean(site, tmp_path)
    # One whole index for the first build and one for each clean build compared
    # against: the four rebuilds after the edits patched theirs.
    assert len(full_builds) == 1 + len(edits)


def test_several_files_at_once_and_an_amount_that_keeps_its_rank(site, tmp_path, full_builds):
    state = BuildState()
    build(site, state=state)
    edit(site, nth(site, 5), 'title: "', 'title: "第一')
    edit(site, nth(site, 6), 'title: "', 'title: "第二')
    text = (site / "content" / nth(site, 8)).read_text("utf-8")
    amount = text.split('requested: "')[1].split('"')[0]
    bigger = amount[:-4] + ("1" if amount[-4] != "1" else "2") + amount[-3:]  # the yuan digit: same rank
    edit(site, nth(site, 8), f'requested: "{amount}"', f'requested: "{bigger}"')
    edit(site, nth(site, 8), f'appropriation: "{amount}"', f'appropriation: "{bigger}"')
    build(site, state=state)
    assert len(full_builds) == 1  # patched
    same_as_clean(site, tmp_path)


def test_added_or_deleted_projects_rebuild_the_index(site, tmp_path, full_builds):
    state = BuildState()
    build(site, state=state)
    (site / "content" / nth(site, 9)).unlink()
    build(site, state=state)
    assert len(full_builds) == 2  # numbers moved: rebuilt whole
    same_as_clean(site, tmp_path)


def test_an_index_file_edited_by_hand_is_not_patched_but_remade(site, tmp_path, full_builds):
    build(site)  # the command line's way: state on disk
    (site / "output" / "search" / "data" / "s" / "0.json").write_text("{}")
    edit(site, nth(site, 4), 'title: "', 'title: "改')
    build(site)
    assert len(full_builds) == 2
    same_as_clean(site, tmp_path)


def test_the_command_line_patches_across_processes(site, tmp_path, full_builds):
    build(site)
    edit(site, nth(site, 2), 'title: "', 'title: "改')
    build(site)  # reads .sitegen-cache/build.marshal as a new process would
    assert len(full_builds) == 1
    same_as_clean(site, tmp_path)


def test_a_term_crossing_the_heavy_threshold_rebuilds_the_index(site, tmp_path, full_builds, monkeypatch):
    """A department's filter term is heavy by one occurrence: moving one project out of
    the department would move the term from a file of its own into its shard."""
    from sitegen.search import patch

    path = site / "content" / nth(site, 10)
    department = path.read_text("utf-8").split("\ndepartment: ")[1].split("\n")[0]
    members = sum(f"\ndepartment: {department}\n" in p.read_text("utf-8") for p in (site / "content").glob("*.md"))
    for module in (index, patch):
        monkeypatch.setattr(module, "HEAVY", members - 1)
    state = BuildState()
    build(site, state=state)
    edit(site, path.name, f"department: {department}\n", "department: 另一个部门\n")
    build(site, state=state)
    assert len(full_builds) == 2  # rebuilt whole, not patched
    same_as_clean(site, tmp_path)
