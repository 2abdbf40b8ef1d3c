"""The detail pane shows the 해설's figures under 해설, apart from the question's figures (issue #18)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QLabel  # noqa: E402
from conftest import draw_figure, write_jsonl  # noqa: E402

from desktop_app.bank_ops import _figure_files  # noqa: E402
from desktop_app.i18n import set_language  # noqa: E402
from desktop_app.widgets.detail_view import ItemDetailPane  # noqa: E402
from engine.api import ItemBank  # noqa: E402


def test_solution_figures_show_under_the_explanation(qtbot, tmp_path):
    for name, kind in (("q.png", "triangle"), ("s1.png", "circle"), ("s2.png", "graph")):
        draw_figure(tmp_path / name, kind)
    write_jsonl(tmp_path / "in.jsonl", [{"id": "D-1", "subject": "수학", "stem": "넓이는?", "answer": "6",
                                         "explanation": "밑변 × 높이 ÷ 2", "images": ["q.png"],
                                         "explanation_images": ["s1.png", "s2.png"]}])
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        bank.import_path(tmp_path / "in.jsonl")
        item = bank.require("D-1")
        figures = _figure_files(bank, [item])
        assert set(figures) == {*item.images, *item.explanation_images}
        set_language("ko")
        view = ItemDetailPane()
        qtbot.addWidget(view)
        view.show_item(item, figures)
        layout = view.widget().layout()
        labels = [layout.itemAt(i).widget() for i in range(layout.count()) if layout.itemAt(i).widget()]
        names = [(w.objectName(), bool(w.property("explanation"))) for w in labels if isinstance(w, QLabel)]
        explanation_at = names.index(("Explanation", False))
        shown = [n for n, (name, solution) in enumerate(names) if name == "Figure"]
        assert len(shown) == 3
        solution_figures = [n for n in shown if names[n][1]]
        assert len(solution_figures) == 2 and all(n > explanation_at for n in solution_figures)
        assert [n for n in shown if not names[n][1]][0] < explanation_at  # the question's, above
    finally:
        bank.close()


def test_the_editor_lists_solution_figures_and_an_edit_keeps_them(qtbot, tmp_path):
    from desktop_app.widgets.item_editor import SHA_ROLE, ItemEditorDialog

    for name, kind in (("q.png", "triangle"), ("s.png", "circle")):
        draw_figure(tmp_path / name, kind)
    write_jsonl(tmp_path / "in.jsonl", [{"id": "E-1", "subject": "수학", "stem": "넓이는?", "answer": "6",
                                         "explanation": "밑변 × 높이 ÷ 2", "images": ["q.png"],
                                         "explanation_images": ["s.png"]}])
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        bank.import_path(tmp_path / "in.jsonl")
        item = bank.require("E-1")
        set_language("ko")
        dialog = ItemEditorDialog(item, _figure_files(bank, [item]))
        qtbot.addWidget(dialog)
        assert dialog.figures.count() == 1 and dialog.explanation_figures.count() == 1
        entry = dialog.explanation_figures.item(0)
        assert entry.data(SHA_ROLE) == item.explanation_images[0] and not entry.icon().isNull()
        dialog.inputs["explanation"].setPlainText("넓이 = 6")
        edit = dialog.edit_request()
        assert edit.remove_images == [] and edit.fields == {"explanation": "넓이 = 6"}
        bank.edit("E-1", edit)
        assert bank.require("E-1").explanation_images == item.explanation_images
    finally:
        bank.close()
