"""Open data downloads: data/*.csv, data/projects.json, projects/<id>/index.json and
datapackage.json, read back and compared with the content they come from."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest

from conftest import FIXTURE_SITE, REPO
from sitegen.build import build, load
from sitegen.opendata.tables import TABLES
from sitegen.schema import FUNDS_KEYS

TWO_YEARS = REPO / "tests" / "fixtures" / "two-years"
SITES = pytest.mark.parametrize("site_dir", [REPO, FIXTURE_SITE, TWO_YEARS], ids=["bundled", "fixture", "two-years"])


def built(site_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(site_dir, out_dir=out)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark: Excel would garble the Chinese"
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n"), "records end with CRLF (RFC 4180)"
    return [{k: unescape(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text, newline=""))]


def unescape(cell: str) -> str:
    """The README's rule for reading a text cell: drop the first ' of one that starts with it.
    (Only text cells are escaped, and no number or date starts with '.)"""
    return cell[1:] if cell.startswith("'") else cell


def blank(value) -> str:
    return "" if value is None else str(value)


@SITES
def test_data_package_passes_frictionless_validate(site_dir, tmp_path):
    out = built(site_dir, tmp_path)
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_foreign_key(tmp_path):
    """The package really declares its keys: a row pointing at no project fails."""
    out = built(FIXTURE_SITE, tmp_path)
    path = out / "data" / "indicators.csv"
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(("\ufeff" + text.replace("\r\n2024-canteen,", "\r\nno-such-project,", 1)).encode("utf-8"))
    report = frictionless.validate(str(out / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


@SITES
def test_projects_csv_round_trips_to_the_content(site_dir, tmp_path):
    out = built(site_dir, tmp_path)
    site, _ = load(site_dir)
    rows = read_csv(out / "data" / "projects.csv")
    assert [r["id"] for r in rows] == [d.id for d in site.projects]
    for row, d in zip(rows, site.projects):
        assert row["title"] == d.title and row["department"] == d.department and row["category"] == d.category
        assert int(row["year"]) == d.year
        assert row["start_date"] == d.start_date.isoformat() and row["end_date"] == d.end_date.isoformat()
        for key in FUNDS_KEYS:
            value = getattr(d.funds, key)
            assert row[key] == ("" if value is None else f"{value:.2f}")  # exact, two decimals
            if value is not None:
                assert Decimal(row[key]) == value
        assert row["goal"] == d.goal and row["project_goal"] == d.project_goal
        assert int(row["indicator_count"]) == len(d.indicators)
        assert int(row["correction_count"]) == len(d.corrections)
        assert row["published"] == blank(d.published and d.published.isoformat())
        assert row["updated"] == blank(d.updated and d.updated.isoformat())
        assert row["project_code"] == d.project_code and row["series"] == d.series


@SITES
def test_indicators_and_corrections_csv_round_trip(site_dir, tmp_path):
    out = built(site_dir, tmp_path)
    site, _ = load(site_dir)
    indicators = read_csv(out / "data" / "indicators.csv")
    expected = [(d.id, str(k), i.level1, i.level2, i.name, i.target.display(), blank(i.target.unit))
                for d in site.projects for k, i in enumerate(d.indicators, 1)]
    assert [(r["project_id"], r["position"], r["level1"], r["level2"], r["name"], r["target"], r["unit"])
            for r in indicators] == expected
    corrections = read_csv(out / "data" / "corrections.csv")
    assert [(r["project_id"], r["date"], r["what"], r["why"]) for r in corrections] == [
        (d.id, c.date.isoformat(), c.what, c.why) for d in site.projects for c in d.corrections]


def test_the_bundled_projects_csv_has_the_six_amounts_in_chinese(tmp_path):
    out = built(REPO, tmp_path)
    rows = read_csv(out / "data" / "projects.csv")
    assert sorted(r["requested"] for r in rows) == sorted(
        ["27565700.00", "11219208.00", "6491700.00", "2231300.00", "683890.00", "50000.00"])
    assert sum(Decimal(r["requested"]) for r in rows) == Decimal("48241798.00")
    assert {r["department"] for r in rows} == {"上海推进科技创新中心建设办公室"}
    assert "科创中心展厅运营项目" in {r["title"] for r in rows}


@SITES
def test_json_round_trips_and_never_uses_floats(site_dir, tmp_path):
    out = built(site_dir, tmp_path)
    site, _ = load(site_dir)
    data = json.loads((out / "data" / "projects.json").read_text("utf-8"), parse_float=lambda s: pytest.fail(
        f"a float in projects.json: {s}"))
    assert data["project_count"] == len(site.projects)
    years = sorted({d.year for d in site.projects}, reverse=True)  # a total is one year's, the latest first
    assert [(y["year"], y["project_count"], Decimal(y["total_requested"])) for y in data["totals_by_year"]] == [
        (year, sum(d.year == year for d in site.projects),
         sum((d.funds.requested for d in site.projects if d.year == year), Decimal("0.00"))) for year in years]
    for record, d in zip(data["projects"], site.projects, strict=True):
        assert record["id"] == d.id and record["title"] == d.title and record["year"] == d.year
        assert {k: record["funds"][k] for k in FUNDS_KEYS} == {
            k: (None if getattr(d.funds, k) is None else f"{getattr(d.funds, k):.2f}") for k in FUNDS_KEYS}
        assert [(i["level1"], i["level2"], i["name"], i["target"]) for i in record["indicators"]] == [
            (i.level1, i.level2, i.name, i.target.display()) for i in d.indicators]
        assert [c["date"] for c in record["corrections"]] == [c.date.isoformat() for c in d.corrections]
        beside = out / "projects" / d.id / "index.json"
        assert json.loads(beside.read_text("utf-8")) == record  # the same record beside the page
        assert (out / "projects" / d.id / "index.html").is_file()


def test_urls_in_the_data_follow_base_url(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)  # base_url: https://example.gov.cn/disclosure/
    record = json.loads((out / "projects" / "2025-canteen" / "index.json").read_text("utf-8"))
    assert record["url"] == "https://example.gov.cn/disclosure/projects/2025-canteen/"
    out2 = tmp_path / "path"
    build(REPO, out_dir=out2, base_url="/disclosure/2024/")
    rows = read_csv(out2 / "data" / "projects.csv")
    assert all(r["url"] == f"/disclosure/2024/projects/{r['id']}/" for r in rows)


def test_data_package_describes_every_csv_column_with_keys_and_units(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {t.name for t in TABLES}
    for table in TABLES:
        header = next(csv.reader(io.StringIO((out / table.path).read_bytes().decode("utf-8-sig"))))
        assert header == [f["name"] for f in resources[table.name]["schema"]["fields"]]
    projects = resources["projects"]["schema"]
    assert projects["primaryKey"] == "id"
    requested = next(f for f in projects["fields"] if f["name"] == "requested")
    assert requested["type"] == "number" and requested["unit"] == "CNY"
    assert requested["constraints"] == {"required": True, "minimum": 0}
    indicators = resources["indicators"]["schema"]
    assert indicators["primaryKey"] == ["project_id", "position"]
    assert indicators["foreignKeys"] == [{"fields": "project_id", "reference": {"resource": "projects", "fields": "id"}}]


def test_every_page_links_to_the_downloads_and_the_data_page_lists_them(tmp_path):
    out = built(FIXTURE_SITE, tmp_path)
    for page in out.rglob("*.html"):
        assert 'data/">下载数据</a>' in page.read_text("utf-8"), page
    html = (out / "data" / "index.html").read_text("utf-8")
    for path in ("data/projects.csv", "data/indicators.csv", "data/corrections.csv", "data/projects.json",
                 "datapackage.json", "feed.xml"):
        assert f'href="../{path}"' in html, path
    project = (out / "projects" / "2025-canteen" / "index.html").read_text("utf-8")
    assert 'href="../../projects/2025-canteen/index.json"' in project


def test_data_files_are_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build(FIXTURE_SITE, out_dir=a)
    build(FIXTURE_SITE, out_dir=b)
    for rel in ("data/projects.csv", "data/projects.json", "datapackage.json"):
        assert (a / rel).read_bytes() == (b / rel).read_bytes()


@pytest.mark.parametrize("kept", ["in memory", "on disk"])
def test_a_rebuild_makes_again_only_the_edited_projects_part_and_workbook_piece(tmp_path, kept):
    import sys
    from conftest import read_tree
    from sitegen.cache import BuildState, load_fragments, load_segments
    from sitegen.fingerprint import code_version
    from sitegen.opendata import ident, part_key, workbook
    sys.path.insert(0, str(REPO / "benchmarks"))
    import corpus

    site = corpus.generate(600, tmp_path / "site")
    # `sitegen serve` keeps the state in memory between builds; the command line on disk
    state = BuildState() if kept == "in memory" else None

    def kept_now():
        if state is not None:
            return dict(state.fragments), dict(state.segments)
        return load_fragments(site, code_version()), load_segments(site, code_version())

    build(site, state=state)
    parts, segments = kept_now()
    model, _ = load(site)
    middle = len(model.projects) // 2
    path = Path(model.projects[middle].path)
    path.write_text(path.read_text("utf-8").replace("goal: ", "goal: 修订：", 1), "utf-8")
    build(site, state=state)
    parts_after, segments_after = kept_now()
    model, _ = load(site)
    edited = model.projects[middle]
    assert edited.goal.startswith("修订：")
    assert set(parts_after) - set(parts) == {part_key(edited, model.settings)}
    if state is not None:  # in memory: only what the last build used (the file may hold more)
        assert len(set(parts) - set(parts_after)) == 1
    else:  # the one part made again is appended: a rewrite would have dropped the one it replaces
        assert set(parts) <= set(parts_after)
    book = workbook.plan(model, [ident(d, model.settings) for d in model.projects])
    piece = next(p for p in book.pieces if p.start <= middle < p.end)
    assert len(book.pieces) > 2 and set(segments_after) - set(segments) == {s.key for s in piece.slots}
    build(site, out_dir=tmp_path / "clean", state=BuildState())
    assert read_tree(site / "output") == read_tree(tmp_path / "clean")
