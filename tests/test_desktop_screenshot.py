"""``itembank-desktop --screenshot``: a separate process renders the window offscreen and saves a PNG.

Run through ``desktop_app.main.main([...])`` in a subprocess, as the docs screenshots are made, so a
crash, a hang or a blank window shows up as a failing exit code or a trivial image.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

pytest.importorskip("PySide6")

from engine.api import ItemBank  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

ITEMS = [
    {"id": "Q1", "subject": "수학", "grade": "중3", "type": "객관식", "difficulty": "중",
     "unit": "이차방정식", "standard": "[9수02-07]",
     "stem": "이차방정식 x²-5x+6=0의 두 근의 합은?", "choices": ["2", "3", "5", "6", "-5"], "answer": "3",
     "explanation": "근과 계수의 관계에서 두 근의 합은 5이다."},
    {"id": "Q2", "subject": "수학", "grade": "중3", "type": "단답형", "difficulty": "하",
     "unit": "이차방정식", "stem": "이차방정식 x²=16의 해를 모두 구하시오.", "answer": "x=4 또는 x=-4"},
    {"id": "Q3", "subject": "과학", "grade": "중2", "type": "단답형", "difficulty": "하",
     "unit": "전기와 자기", "stem": "전류의 단위를 쓰시오.", "answer": "A"},
]


def run_main(args: list[str], tmp_path: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               ITEMBANK_DESKTOP_SETTINGS_DIR=str(tmp_path / "settings"),
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    code = f"import sys; from desktop_app.main import main; sys.exit(main({args!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)


def distinct_colours(path: Path) -> int:
    with Image.open(path) as image:
        return len(image.convert("RGB").getcolors(maxcolors=1 << 20) or [])


@pytest.fixture
def small_bank(tmp_path) -> Path:
    folder = tmp_path / "bank"
    source = tmp_path / "items.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ITEMS), encoding="utf-8")
    bank = ItemBank(folder, create=True)
    assert bank.import_path(source).imported == len(ITEMS)
    bank.close()
    return folder


def test_screenshot_mode_writes_a_png_of_the_search_results(tmp_path, small_bank):
    out = tmp_path / "shots" / "search.png"
    result = run_main(["--data-dir", str(small_bank), "--screenshot", str(out), "--query", "이차방정식",
                       "--open-item", "Q1"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.is_file() and out.stat().st_size > 20_000
    with Image.open(out) as image:
        assert image.size == (1280, 820)
    assert distinct_colours(out) > 200  # text, badges, cards: not a blank window


def test_screenshot_of_a_fresh_data_dir_shows_the_first_start_page(tmp_path):
    fresh = tmp_path / "new-bank"
    out = tmp_path / "first.png"
    result = run_main(["--data-dir", str(fresh), "--screenshot", str(out), "--size", "1000x700"],
                      tmp_path)
    assert result.returncode == 0, result.stderr
    assert ItemBank.exists(fresh)  # the first start created the (empty) bank
    with Image.open(out) as image:
        assert image.size == (1000, 700)
    assert out.stat().st_size > 10_000


def test_screenshot_mode_fails_loudly_for_an_item_that_does_not_exist(tmp_path, small_bank):
    out = tmp_path / "missing.png"
    result = run_main(["--data-dir", str(small_bank), "--screenshot", str(out), "--open-item", "NOPE",
                       "--timeout", "30"], tmp_path)
    assert result.returncode == 1
    assert "NOPE" in result.stderr
