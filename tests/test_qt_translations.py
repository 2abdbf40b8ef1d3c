"""Qt's own buttons and dialogs follow the app's language (qtbase_ko.qm), switching with it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from desktop_app.i18n import set_language  # noqa: E402
from desktop_app.qt_translations import use_qt_translations  # noqa: E402
from test_desktop_app import corpus_bank, isolated_settings, styled_app, window  # noqa: E402,F401


def cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")


def test_qt_standard_buttons_speak_korean_and_english_on_request(qtbot):
    try:
        assert use_qt_translations("ko") is True
        assert cancel_text() == "취소"
        assert use_qt_translations("en") is False
        assert cancel_text() == "Cancel"
    finally:
        use_qt_translations("en")


def test_switching_the_window_language_switches_qt_s_own_words(qtbot, window):
    try:
        set_language("ko")
        use_qt_translations("ko")
        assert cancel_text() == "취소"
        window.switch_language("en")
        assert cancel_text() == "Cancel"
        window.switch_language("ko")
        assert cancel_text() == "취소"
    finally:
        use_qt_translations("en")
        set_language("ko")


def file_dialog_labels() -> list[str]:
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "t")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    try:
        return [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    finally:
        dialog.deleteLater()


def test_qt_s_file_dialog_has_no_english_label_left_in_korean(qtbot):
    """qtbase_ko.qm translates "Look in:" but this Qt asks for "&Look in:" (and "Files of &type:")."""
    try:
        assert use_qt_translations("ko") is True
        labels = file_dialog_labels()
        assert len(labels) >= 3
        assert [text for text in labels if text.isascii()] == []
        assert "다음에서 찾기(&L):" in labels and "파일 형식(&T):" in labels
        use_qt_translations("en")
        assert "&Look in:" in file_dialog_labels()
    finally:
        use_qt_translations("en")
