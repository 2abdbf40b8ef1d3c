"""The engine's "no match" / "no more matches" line, with the keyword count beside it.

Semantic and hybrid searches stop at the profile's calibrated threshold, so a short list (or none) is
an answer, not a failure: the teacher reads "관련 문항을 찾지 못했습니다" and, beside it, how many items
contain the words at all ("키워드 일치 N건"), plus any hint the engine gives (an English query on lite).
Used as the list's last row and as the empty-results view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.i18n import tr
from desktop_app.widgets.badges import pill


def notice_line(has_hits: bool) -> str:
    """The engine's wording (SearchResult.notice) in the display language."""
    return tr("results.no_more" if has_hits else "results.no_match")


class ResultNotice(QWidget):
    """One line (bold) + the keyword count as a pill beside it + hint lines below."""

    def __init__(self, parent: QWidget | None = None, *, centered: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("ResultNoticeBox")
        self.line = QLabel()
        self.line.setObjectName("ResultNotice")
        self.count = pill("", "outline")
        self.count.setObjectName("KeywordCount")
        self.hints = QLabel()
        self.hints.setObjectName("ResultNoticeHint")
        self.hints.setWordWrap(True)
        row = QHBoxLayout()
        row.setSpacing(8)
        if centered:
            row.addStretch(1)
        row.addWidget(self.line)
        row.addWidget(self.count, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.hints)
        if centered:
            self.hints.setAlignment(Qt.AlignmentFlag.AlignHCenter)

    def set_notice(self, line: str, keyword_count: int | None, hints: list[str]) -> None:
        self.line.setText(line)
        self.count.setText(tr("results.keyword_matches", n=keyword_count) if keyword_count is not None else "")
        self.count.setVisible(keyword_count is not None)
        self.hints.setText("\n".join(hints))
        self.hints.setVisible(bool(hints))

    def plain_text(self) -> str:
        """What it says, as one string (tests, accessibility)."""
        parts = [self.line.text()]
        if not self.count.isHidden():
            parts.append(self.count.text())
        text = " · ".join(p for p in parts if p)
        if not self.hints.isHidden() and self.hints.text():
            text += "\n" + self.hints.text()
        return text
