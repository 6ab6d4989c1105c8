"""Intake throughput and peak memory on a 100,000-row xlsx and a 1,000,000-row CSV.

    .venv/bin/python benchmarks/intake.py [--csv-rows N] [--xlsx-rows N]

The xlsx is imported twice: with calamine (files under 40 MiB) and streamed with
openpyxl (files from 40 MiB on). Rows are taken from the synthetic census (税务 CSV,
民政 xlsx) and cycled with a numbered name, so every row is fully normalised. Each import runs
in its own process on a fresh SQLite file, so its peak RSS is the import's own.
"""

import argparse
import csv
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook

TAX_FILE = "税务_纳税人登记.csv"
CIVIL_FILE = "民政_社会组织登记.xlsx"


def demo_files(workdir: Path) -> Path:
    from shezu.demo.census.generate import generate

    demo = workdir / "demo"
    generate(demo, scale=1.0, seed=2016)
    return demo


def big_csv(source: Path, out: Path, rows: int) -> None:
    with source.open(encoding="gb18030", newline="") as handle:
        header, *body = list(csv.reader(handle))
    name_at = header.index(next(h for h in header if "名称" in h))
    with out.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for index, row in zip(range(rows), itertools.cycle(body), strict=False):
            copy = list(row)
            copy[name_at] = (
                f"{copy[name_at]}{index // len(body)}" if index >= len(body) else copy[name_at]
            )
            writer.writerow(copy)


def big_xlsx(source: Path, out: Path, rows: int) -> None:
    sheet = CalamineWorkbook.from_path(str(source)).get_sheet_by_name("登记信息").to_python()
    header_index = next(i for i, row in enumerate(sheet) if "统一社会信用代码" in row)
    header, body = sheet[header_index], [r for r in sheet[header_index + 1 :] if any(r)]
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    worksheet = workbook.add_worksheet("登记信息")
    worksheet.write_row(0, 0, header)
    for index, row in zip(range(rows), itertools.cycle(body), strict=False):
        worksheet.write_row(index + 1, 0, [str(v) if v != "" else None for v in row])
    workbook.close()


# Runs the CLI in-process and reports that process's own peak RSS (KiB on Linux).
# With BENCH_STREAM_XLSX set, the xlsx is streamed whatever its size (the path files of
# 40 MiB and more take), so both readers are measured on the same file.
RUNNER = """
import os, resource, sys
import shezu.census.intake.readers
if os.environ.get("BENCH_STREAM_XLSX"):
    shezu.census.intake.readers.STREAM_XLSX_BYTES = 0
from shezu.cli import main
try:
    main(sys.argv[1:])
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def timed_import(path: Path, department: str, workdir: Path, *, streamed: bool) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "SHEZU_DATABASE_URL"}
    env["SHEZU_DATA_DIR"] = str(workdir)
    if streamed:
        env["BENCH_STREAM_XLSX"] = "1"
    (workdir / "shezu.sqlite3").unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "shezu.cli", "migrate", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            RUNNER,
            "census",
            "import",
            str(path),
            "--department",
            department,
            "--as-of",
            "2016-03-31",
            "--json",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    summary = json.loads(done.stdout)
    return {
        "rows": summary["rows_read"],
        "seconds": seconds,
        "rows_per_s": summary["rows_read"] / seconds,
        "peak_mib": int(done.stderr.split()[-1]) / 1024,
        "file_mib": path.stat().st_size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        demo = demo_files(workdir)
        csv_path, xlsx_path = workdir / "big.csv", workdir / "big.xlsx"
        big_csv(demo / TAX_FILE, csv_path, args.csv_rows)
        big_xlsx(demo / CIVIL_FILE, xlsx_path, args.xlsx_rows)
        runs = [
            ("xlsx", xlsx_path, "民政", False),
            ("csv", csv_path, "税务", False),
            ("xlsx streamed", xlsx_path, "民政", True),
        ]
        print(f"{'file':<14}{'rows':>11}{'MiB':>8}{'seconds':>10}{'rows/s':>10}{'peak MiB':>10}")
        for label, path, department, streamed in runs:
            r = timed_import(path, department, workdir, streamed=streamed)
            print(
                f"{label:<14}{int(r['rows']):>11,}{r['file_mib']:>8.1f}{r['seconds']:>10.1f}"
                f"{r['rows_per_s']:>10,.0f}{r['peak_mib']:>10.0f}"
            )


if __name__ == "__main__":
    main()
