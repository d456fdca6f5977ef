"""What data/projects.xlsx costs: the time to make it for N generated declarations
(each project's rows, then the file), its size, and the same sheets written by
XlsxWriter when it is installed (pip install xlsxwriter), for comparison.

    python benchmarks/workbook_bench.py --sizes 1000 10000

The rows are made and compressed a piece of projects at a time by the page workers
during a build; the file is joined from the pieces after the pages. A build's own figure is build_bench.py's clean build.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus  # noqa: E402
from sitegen.build import load  # noqa: E402
from sitegen.opendata.records import project_record  # noqa: E402
from sitegen.opendata import ident  # noqa: E402
from sitegen.opendata.workbook import SHEET_COLUMNS, piece_segments, plan, project_rows, workbook_file  # noqa: E402
from sitegen.opendata.tables import TABLES, rows  # noqa: E402


def ours(site, records) -> tuple[float, float, int]:
    """(rows and pieces: what the page workers do; the file joined from the pieces; its size)"""
    start = time.perf_counter()
    book = plan(site, [ident(d, site.settings) for d in site.projects])
    made = [project_rows(r) for r in records]
    segments: dict = {}
    for piece in book.pieces:
        segments.update(piece_segments(piece, piece.slots, made[piece.start:piece.end]))
    middle = time.perf_counter()
    data = workbook_file(site, book, segments)
    return middle - start, time.perf_counter() - middle, len(data)


def xlsxwriter_file(records) -> tuple[float, int] | None:
    """The three sheets, the same values, through XlsxWriter's streaming mode."""
    try:
        import xlsxwriter
    except ImportError:
        return None
    start = time.perf_counter()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    for table, columns in zip(TABLES, SHEET_COLUMNS):
        sheet = book.add_worksheet(table.name)
        sheet.write_row(0, 0, [c.name for c in columns])
        n = 1
        for record in records:
            for row in rows(table, record):
                sheet.write_row(n, 0, [c.get(row) for c in columns])
                n += 1
    book.close()
    return time.perf_counter() - start, len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        for n in args.sizes:
            site_dir = corpus.generate(n, Path(work) / f"site-{n}")
            site, _ = load(site_dir)
            records = [project_record(d, site.settings) for d in site.projects]
            made_rows, made_file, size = ours(site, records)
            print(f"sitegen  {n:>7} workbook  pieces {made_rows:6.2f} s  file {made_file:6.2f} s  "
                  f"total {made_rows + made_file:6.2f} s  size {size / 1e6:6.1f} MB", flush=True)
            other = xlsxwriter_file(records)
            if other is not None:
                print(f"xlsxwriter {n:>5} workbook  total {other[0]:6.2f} s  size {other[1] / 1e6:6.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
