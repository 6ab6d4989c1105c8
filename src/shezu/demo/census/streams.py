"""One department's file being written: rows shuffled in bounded chunks, with their ground truth."""

import csv
import random
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from shezu.demo.census.records import Cell, Record
from shezu.demo.census.sources import CIVIL_DICTIONARY, SourceSpec
from shezu.demo.census.writers import CsvSheetWriter, SheetWriter, XlsSheetWriter, XlsxSheetWriter

CHUNK_ROWS = 500  # rows are shuffled within chunks of this many, never more


def open_writer(spec: SourceSpec, path: Path, seed: int) -> SheetWriter:
    if spec.fmt == "csv":
        return CsvSheetWriter(path, encoding=spec.encoding)
    if spec.fmt == "xls":
        return XlsSheetWriter(path, spec.sheet, seed=seed)
    hidden = ("字典", CIVIL_DICTIONARY) if spec.department == "民政" else None
    return XlsxSheetWriter(path, spec.sheet, seed=seed, hidden_sheet=hidden)


class DepartmentStream:
    """Buffers a department's records, shuffles each chunk and writes it with its truth lines."""

    def __init__(
        self, spec: SourceSpec, outdir: Path, workdir: Path, *, seed: int, expected_rows: int
    ) -> None:
        self.spec = spec
        self.writer = open_writer(spec, outdir / spec.file, seed)
        width = len(spec.columns)
        for text in spec.title_rows:
            self.writer.title(text, width)
        self.writer.row(spec.headers)
        self.rng = random.Random(f"{seed}:shuffle:{spec.department}")
        self.buffer: list[Record] = []
        self.position = 0  # data rows written, counting blank and totals rows
        self.rows = 0  # organization records written
        self.blank_at = max(expected_rows // 2, 1) if spec.blank_row else -1
        self.truth_path = workdir / f"{spec.stem}.truth.csv"
        self.noise_path = workdir / f"{spec.stem}.noise.csv"
        self._truth: IO[str] = self.truth_path.open("w", encoding="utf-8", newline="")
        self._noise: IO[str] = self.noise_path.open("w", encoding="utf-8", newline="")
        self.truth = csv.writer(self._truth, lineterminator="\n")
        self.noise = csv.writer(self._noise, lineterminator="\n")

    def add(self, record: Record) -> None:
        self.buffer.append(record)
        if len(self.buffer) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        self.rng.shuffle(self.buffer)
        for record in self.buffer:
            self._write(record)
        self.buffer.clear()

    def _skipped(self, cells: Sequence[Cell] | None) -> None:
        self.position += 1
        if cells is None:
            self.writer.blank()
        else:
            self.writer.row(cells)
        self.truth.writerow([self.spec.file, self.position, "", "skipped"])

    def _write(self, record: Record) -> None:
        if self.rows == self.blank_at:
            self._skipped(None)
            self.blank_at = -1
        self.position += 1
        self.rows += 1
        if self.spec.serial_format:
            record.cells["record_id"] = (
                self.rows
                if self.spec.serial_format == "{}"
                else self.spec.serial_format.format(self.rows)
            )
        self.writer.row([record.cells.get(c.key) for c in self.spec.columns])
        self.truth.writerow([self.spec.file, self.position, record.org_id, record.expected])
        if record.noise:
            self.noise.writerow(
                [self.spec.file, self.position, record.org_id, ";".join(record.noise)]
            )

    def finish(self) -> int:
        """Write what is left, the totals row if any, and close; the number of records."""
        self.flush()
        if self.blank_at >= 0:  # fewer rows than planned: the blank row still goes in
            self._skipped(None)
        if self.spec.totals_row:
            totals: list[Cell] = [None] * len(self.spec.columns)
            totals[0], totals[1] = "合计", self.rows
            self._skipped(totals)
        self.writer.close()
        self._truth.close()
        self._noise.close()
        return self.rows
