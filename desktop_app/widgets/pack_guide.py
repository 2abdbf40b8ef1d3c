"""The models page's guide for the IT admin: which model packs exist, what each adds, how big it is, what
it needs, and how to make one on a PC with internet and bring it on a USB stick.

The school PC is offline, so the app must say all of this itself (the admin cannot look it up there). A
pack that is installed shows its real size on disk; one that is not shows the expected download.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop_app.i18n import tr


@dataclass(frozen=True)
class KnownPack:
    """A published checkpoint a pack is made from; ``download_gb`` is its bf16 safetensors on the Hub
    (about 2.1 B parameters × 2 bytes, plus the tokenizer)."""

    checkpoint: str
    kind: str  # embedder | reranker, as the engine's pack manifest says
    download_gb: float


KNOWN_PACKS = (KnownPack("Qwen/Qwen3-VL-Embedding-2B", "embedder", 4.3),
               KnownPack("Qwen/Qwen3-VL-Reranker-2B", "reranker", 4.3))


def _gb(size_bytes: int) -> str:
    return f"{size_bytes / 1024 ** 3:.1f} GB"


class PackGuideCard(QFrame):
    """A card: one row per known pack (adds / size / needs), then the steps to make and install one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.installed: dict[str, int] = {}  # pack kind → bytes on disk of the installed one
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(8)
        self.title = QLabel()
        self.title.setObjectName("CardTitle")
        layout.addWidget(self.title)
        self.table = QTableWidget(len(KNOWN_PACKS), 4)
        self.table.setObjectName("PlainTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.table)
        self.steps = QLabel()
        self.steps.setObjectName("CardText")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.steps)
        self.retranslate()

    def show_installed(self, packs: list) -> None:
        """``packs``: the installed ``PackInfo``s (name, kind, size); their size replaces the download."""
        self.installed = {}
        for pack in packs:
            if pack.kind in ("embedder", "reranker"):
                self.installed[pack.kind] = self.installed.get(pack.kind, 0) + int(pack.size)
        self._fill()

    def size_text(self, known: KnownPack) -> str:
        if known.kind in self.installed:
            return tr("guide.size_installed", size=_gb(self.installed[known.kind]))
        return tr("guide.size_download", size=f"{known.download_gb:.1f} GB")

    def _fill(self) -> None:
        for row, known in enumerate(KNOWN_PACKS):
            name = known.checkpoint.split("/", 1)[1]
            for col, text in enumerate((name, tr(f"guide.adds_{known.kind}"), self.size_text(known),
                                        tr(f"guide.needs_{known.kind}"))):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 4
        for row in range(self.table.rowCount()):
            height += self.table.rowHeight(row)
        self.table.setFixedHeight(height)

    def retranslate(self) -> None:
        self.title.setText(tr("guide.title"))
        self.table.setHorizontalHeaderLabels([tr(f"guide.col_{c}") for c in ("pack", "adds", "size", "needs")])
        self.steps.setText(tr("guide.steps"))
        self._fill()

    def text(self) -> str:
        """Everything the card shows, as plain text (for tests and for copying into a ticket)."""
        cells = [self.table.item(r, c).text() for r in range(self.table.rowCount())
                 for c in range(self.table.columnCount())]
        return "\n".join([self.title.text(), *cells, self.steps.text()])
