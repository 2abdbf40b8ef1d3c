"""The CSV importer streams: memory grows with a row, not with the file; a cell over the CSV field limit
stops the import naming the row (never a shortened import with exit 0); NUL-only stems and truncated
JPEGs are refused naming the row."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from engine.errors import InvalidInput
from tests.conftest import write_csv

ROOT = Path(__file__).resolve().parent.parent
HEADER = "과목,학년,문항,보기,정답,그림"


def _big_sheet(path: Path, rows: int, stem_chars: int) -> Path:
    filler = "삼각형의 넓이와 이차방정식의 근 " * (stem_chars // 18)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n")
        for n in range(rows):
            handle.write(f'수학,중2,"{filler} {n}번 문항",① 1 ② 2 ③ 3 ④ 4,{n % 4 + 1},\n')
    return path


def test_a_large_sheet_is_streamed_peak_memory_growth_is_bounded(tmp_path):
    sheet = _big_sheet(tmp_path / "big.csv", 20_000, 1_200)  # ~60 MB on disk, mostly Hangul
    assert sheet.stat().st_size > 55 * 1024 * 1024
    script = textwrap.dedent(f"""
        import json, resource
        from pathlib import Path
        from engine.importers.csv_sheet import count_sheet_rows, read_sheet
        from engine.importers.rows import build_item
        path = Path({str(sheet)!r})
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        total = count_sheet_rows(path)
        built = sum(1 for row in read_sheet(path, []) if build_item(row)[0].stem)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({{"total": total, "built": built, "growth_mb": (after - before) / 1024}}))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["total"] == figures["built"] == 20_000
    assert figures["growth_mb"] < 40, figures  # reading the 60 MB file whole grew by > 150 MB


def test_a_cell_over_the_field_limit_stops_the_import_naming_the_row(tmp_path, bank):
    sheet = tmp_path / "huge_cell.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n수학,중2,첫 문항,① 1 ② 2,1,\n")
        handle.write('수학,중2,"' + "가" * (40 * 1024 * 1024) + '",① 1 ② 2,1,\n')
        handle.write("수학,중2,셋째 문항,① 1 ② 2,1,\n")
    with pytest.raises(InvalidInput, match=r"huge_cell.csv: row 3: a cell is longer than 131072 characters") as caught:
        bank.import_path(sheet)
    assert "\n" not in str(caught.value)
    assert bank.stats()["items"] == 0  # nothing half-imported


def test_nul_only_stems_are_refused_naming_the_row(tmp_path, bank):
    sheet = write_csv(tmp_path / "nul.csv", [HEADER, "수학,중2,정상 문항,① 1 ② 2,1,",
                                             "수학,중2,\x00\x00\x00,① 1 ② 2,1,", "수학,중2,\x00 \x01,① 1 ② 2,1,"])
    report = bank.import_path(sheet)
    assert report.imported == 1
    assert [(s.row, s.field) for s in report.skipped] == [(3, "stem"), (4, "stem")]  # spreadsheet rows: header = 1
    assert "NUL or control characters" in report.skipped[0].reason


def test_a_truncated_jpeg_is_refused_naming_the_row_and_file(tmp_path, bank):
    good, cut = tmp_path / "good.jpg", tmp_path / "cut.jpg"
    Image.radial_gradient("L").resize((400, 300)).convert("RGB").save(good, quality=90)
    cut.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    with Image.open(cut) as image:
        image.verify()  # what the old check ran: it passes a JPEG cut short
    sheet = write_csv(tmp_path / "figures.csv", [HEADER, "수학,중2,그림 문항 하나,① 1 ② 2,1,good.jpg",
                                                 "수학,중2,그림 문항 둘,① 1 ② 2,1,cut.jpg"])
    report = bank.import_path(sheet)
    assert report.imported == 1
    assert [(s.row, s.field) for s in report.skipped] == [(3, "images")]  # spreadsheet rows: header = 1
    assert "cut.jpg" in report.skipped[0].reason and "not a readable image" in report.skipped[0].reason
