"""Import benchmark: ``sitegen import --dry-run`` on the largest real budgets.

    python benchmarks/import_bench.py [--runs 3] [--forms DIR]

For each file (19: 84 pages, the largest; 10: 53; 04: 28) it runs the whole command
in a fresh process, as a publisher does (PDF text layer, page classes, the ruled
tables of the form pages, the content files planned and verified; nothing written),
and prints the median wall time, the CPU time, the peak memory, and seconds per
page of the PDF and per declaration imported. Beijing's budgets print no year or
department, so 04 gets them on the command line as a publisher would give them.

It prints figures and never fails on them. Run it from the repository root with the
venv that has sitegen and its pdf extra installed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import median, run  # noqa: E402

FILES = {  # file -> extra options
    "19-yantai-scjg-2026.pdf": [],
    "10-changsha-gaj-2025.pdf": [],
    "04-beijing-ybj-2026.pdf": ["--year", "2026", "--department", "北京市医疗保障局"],
}
_SUMMARY = re.compile(r"(\d+) declarations, (\d+) indicators")


def pages_of(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--forms", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "real-forms")
    args = parser.parse_args()
    sitegen = str(Path(sys.executable).with_name("sitegen"))
    print(f"{'file':32} {'pages':>5} {'decl.':>5} {'ind.':>5} {'wall s':>7} {'cpu s':>6} "
          f"{'peak MiB':>8} {'s/page':>7} {'s/decl.':>7}")
    for name, extra in FILES.items():
        path = args.forms / name
        if not path.is_file():
            print(f"{name:32} missing (looked in {args.forms})")
            continue
        with tempfile.TemporaryDirectory() as site:
            runs = [run([sitegen, "import", "--dry-run", "--site", site, str(path), *extra])
                    for _ in range(args.runs)]
        wall = median([r.wall for r in runs])
        m = _SUMMARY.search(runs[-1].output)
        declarations, indicators = (int(m[1]), int(m[2])) if m else (0, 0)
        pages = pages_of(path)
        print(f"{name:32} {pages:5} {declarations:5} {indicators:5} {wall:7.2f} "
              f"{median([r.cpu for r in runs]):6.2f} {max(r.peak_mb for r in runs):8.0f} "
              f"{wall / pages:7.3f} {wall / max(declarations, 1):7.3f}")


if __name__ == "__main__":
    main()
