"""Duplicate review in the window: the engine's clusters as pairs, the side-by-side compare with the
text differences marked and both figures, and a remembered "not a duplicate" verdict."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app.widgets.compare_view import ADDED, REMOVED, diff_html  # noqa: E402
from test_desktop_app import (CORPUS, WAIT_MS, corpus_bank, draw_png, isolated_settings,  # noqa: E402,F401
                              styled_app, window, write_jsonl)

TWIN = {"id": "S1b", "subject": "과학", "grade": "중2", "type": "객관식", "difficulty": "하",
        "standard": "[9과05-02]", "unit": "전기와 자기", "images": ["circuit2.png"],
        "stem": "저항이 3Ω인 전구에 6V의 전압을 걸었을 때 흐르는 전류의 세기는?",
        "choices": ["1A", "2A", "3A", "4A", "12A"], "answer": "2"}


TWIN_M1 = {"id": "M1b", "subject": "수학", "grade": "중2", "type": "객관식", "difficulty": "하",
           "unit": "일차함수", "stem": "일차함수 y=2x+5의 그래프의 기울기는?",
           "choices": ["1", "2", "3", "4", "5"], "answer": "2"}


def row_of(page, id_a: str, id_b: str) -> int:
    pairs = [page.pairs.item(r).data(Qt.ItemDataRole.UserRole)[1] for r in range(page.pairs.count())]
    return next(r for r, p in enumerate(pairs) if (p.id_a, p.id_b) == (id_a, id_b))


def pair_ids(page) -> list[tuple[str, str]]:
    return [(p.id_a, p.id_b) for c in page.outcome.clusters for p in c.pairs]


def test_diff_marks_what_differs_on_each_side():
    left, right, ratio = diff_html("저항이 2Ω인 전구", "저항이 3Ω인 전구")
    assert f'<span style="{REMOVED}">2</span>' in left and f'<span style="{ADDED}">3</span>' in right
    assert "저항이 " in left and 0.8 < ratio < 1.0


def test_review_a_duplicate_pair_and_remember_not_duplicate(qtbot, window, tmp_path):
    draw_png(tmp_path / "circuit2.png", "circuit")
    assert window.bank.import_path(write_jsonl(tmp_path / "twin.jsonl", [TWIN, TWIN_M1])).imported == 2
    page = window.show_page("duplicates")
    assert page is window.duplicates_page and window.nav.button("duplicates").isChecked()
    assert "중복 찾기" in page.empty.text()
    with qtbot.waitSignal(page.scan_finished, timeout=60_000) as found:
        qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    outcome = found.args[0]
    assert ("S1", "S1b") in pair_ids(page)
    assert "글자 비교" in page.summary.text()
    # pick the pair: both items side by side, the one differing character marked, both figures
    row = row_of(page, "S1", "S1b")
    if page.pairs.currentRow() != row:  # the first pair is shown already
        with qtbot.waitSignal(page.pair_shown, timeout=WAIT_MS):
            page.pairs.setCurrentRow(row)
    compare = page.compare
    assert [i.id for i in compare.items] == ["S1", "S1b"]
    assert f'<span style="{REMOVED}">2</span>Ω' in compare.left.text.text()
    assert f'<span style="{ADDED}">3</span>Ω' in compare.right.text.text()
    assert len(compare.left.figure_labels) == 1 and len(compare.right.figure_labels) == 1
    assert not compare.left.figure_labels[0].pixmap().isNull()
    assert "S1 ↔ S1b" in page.row_text(row)
    # the row itself shows both stems and both figures side by side, not only the ids
    row_text = page.row_text(row)
    for side, item_id in (("A", "S1"), ("B", "S1b")):
        stem = " ".join(page.outcome.items[item_id].stem.split())
        assert f"\n{side}  {item_id} {stem}" in row_text
    widget = page.pairs.itemWidget(page.pairs.item(row))
    a, b = widget.sides
    assert (a.item_id, b.item_id) == ("S1", "S1b") and a.isVisible() and b.isVisible()
    assert a.figure is not None and b.figure is not None and not a.figure.pixmap().isNull()
    assert a.stem.isVisible() and b.stem.isVisible()
    left, right = (side.mapTo(widget, side.rect().topLeft()) for side in (a, b))
    assert right.x() >= left.x() + a.width() and abs(right.y() - left.y()) <= 2  # side by side, A left
    assert widget.height() >= a.figure.height() + a.stem.height()
    # the verdict is stored by the engine and the pair is marked
    with qtbot.waitSignal(page.decided, timeout=WAIT_MS) as decided:
        qtbot.mouseClick(page.not_dup_button, Qt.MouseButton.LeftButton)
    assert decided.args == ["S1", "S1b", "not_duplicate"]
    assert window.bank.duplicates.decisions()[("S1", "S1b")] == "not_duplicate"
    assert page.row_text(row).startswith("✓ 중복 아님")
    # and a new scan does not show it again
    with qtbot.waitSignal(page.scan_finished, timeout=60_000):
        qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert ("S1", "S1b") not in pair_ids(page)
    assert len(outcome.clusters) >= 1
    # "duplicate, keep both" is remembered too: the pair comes back marked, both items stay
    assert ("M1", "M1b") in pair_ids(page)
    page.pairs.setCurrentRow(row_of(page, "M1", "M1b"))
    with qtbot.waitSignal(page.decided, timeout=WAIT_MS):
        qtbot.mouseClick(page.dup_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.scan_finished, timeout=60_000):
        qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    assert page.row_text(row_of(page, "M1", "M1b")).startswith("✓ 중복  M1 ↔ M1b")
    assert window.bank.get("M1") is not None and window.bank.get("M1b") is not None


def test_merge_keeps_the_left_item_after_confirmation(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    draw_png(tmp_path / "circuit2.png", "circuit")
    assert window.bank.import_path(write_jsonl(tmp_path / "twin.jsonl", [TWIN, TWIN_M1])).imported == 2
    page = window.show_page("duplicates")
    with qtbot.waitSignal(page.scan_finished, timeout=60_000):
        qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    row = row_of(page, "M1", "M1b")
    page.pairs.setCurrentRow(row)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert asked and "M1b" in asked[0] and window.bank.get("M1b") is not None  # "No" changes nothing
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(page.decided, timeout=WAIT_MS) as decided:
        qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert decided.args == ["M1", "M1b", "merged"]
    assert window.bank.get("M1b") is None and window.bank.get("M1") is not None
    assert page.row_text(row).startswith("✓ 병합됨") and not page.merge_button.isEnabled()
