"""The item editor lists a stored figure as the teacher knows it — a thumbnail, "그림 N" and its size —
with the hash the bank files it under only in the tooltip, and a missing file said in words."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6")

from PIL import Image  # noqa: E402

from desktop_app.i18n import set_language  # noqa: E402
from desktop_app.widgets.item_editor import SHA_ROLE, ItemEditorDialog  # noqa: E402
from engine.api import ItemBank  # noqa: E402


def test_figures_show_number_size_and_thumbnail_not_the_hash(qtbot, tmp_path):
    figure = tmp_path / "tri.png"
    Image.new("RGB", (200, 140), "white").save(figure)
    sheet = tmp_path / "items.csv"
    sheet.write_text("과목,학년,문항,정답,그림\n수학,중2,그림의 넓이는?,12,tri.png\n", encoding="utf-8")
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        assert bank.import_path(sheet).imported == 1
        item = next(iter(bank.catalog.iter_items()))
        sha = item.images[0]
        set_language("ko")
        dialog = ItemEditorDialog(item, {sha: bank.image_path(sha)})
        qtbot.addWidget(dialog)
        entry = dialog.figures.item(0)
        assert entry.text() == "그림 1 · 200×140 픽셀"
        assert sha[:12] not in entry.text() and entry.toolTip() == sha
        assert not entry.icon().isNull() and entry.data(SHA_ROLE) == sha

        missing = ItemEditorDialog(item, {})
        qtbot.addWidget(missing)
        text = missing.figures.item(0).text()
        assert text.startswith("그림 1 · ") and "200" not in text
        assert missing.edit_request().is_empty()  # listing a figure changes nothing
    finally:
        bank.close()
