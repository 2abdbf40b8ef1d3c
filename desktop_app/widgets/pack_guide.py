"""The models page's guide for the IT admin: which model packs exist, what each adds, how big it is, what
it needs, and how to make one on a PC with internet and bring it on a USB stick.

The school PC is offline, so the app must say all of this itself (the admin cannot look it up there). A
pack that is installed shows its real size on disk; one that is not shows the expected download.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

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


def _text_label(text: str = "") -> QLabel:
    """A selectable, word-wrapped rich-text paragraph of the card (commands can be copied from it)."""
    label = QLabel(text)
    label.setObjectName("CardText")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _gb(size_bytes: int) -> str:
    return f"{size_bytes / 1024 ** 3:.1f} GB"


class PackGuideCard(QFrame):
    """A card: one paragraph per known pack (adds / size / needs), then the steps to make and install one.

    Paragraphs rather than a table: the sentences are long and must wrap in a narrow window."""

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
        self.pack_labels: list[QLabel] = []
        for _known in KNOWN_PACKS:
            label = _text_label()
            layout.addWidget(label)
            self.pack_labels.append(label)
        # the steps in a read-only text view: it lays out its own long rich text (a word-wrapped QLabel
        # in a scroll area is measured too short and loses its last lines) and the commands can be copied
        self.steps = QTextBrowser()
        self.steps.setObjectName("GuideSteps")
        self.steps.setFrameShape(QFrame.Shape.NoFrame)
        self.steps.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.steps.viewport().setAutoFillBackground(False)
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

    def pack_text(self, known: KnownPack) -> str:
        """The pack's paragraph as plain text: name, what it adds, its size, what it needs."""
        return "\n".join((known.checkpoint, f"{tr('guide.col_adds')}: {tr(f'guide.adds_{known.kind}')}",
                          f"{tr('guide.col_size')}: {self.size_text(known)}",
                          f"{tr('guide.col_needs')}: {tr(f'guide.needs_{known.kind}')}"))

    def _fill(self) -> None:
        for label, known in zip(self.pack_labels, KNOWN_PACKS):
            name, *rows = self.pack_text(known).split("\n")
            label.setText(f"<b>{html.escape(name)}</b><br>" + "<br>".join(html.escape(r) for r in rows))
        self._fit_steps()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_steps()

    def _fit_steps(self) -> None:
        """The steps as tall as their text at the current width, and the card as tall as all it holds:
        the page's scroll area sizes cards without asking their height for this width, which cut the
        wrapped paragraphs short (the page scrolls; nothing inside the card does)."""
        document = self.steps.document()
        document.setTextWidth(self.steps.viewport().width())
        self.steps.setFixedHeight(int(document.size().height()) + 4)
        if self.width() > 0 and self.layout().hasHeightForWidth():
            self.setMinimumHeight(self.layout().totalHeightForWidth(self.width()))

    def retranslate(self) -> None:
        self.title.setText(tr("guide.title"))
        self.steps.setHtml(f"{tr('guide.steps_make')}<br><br>{tr('guide.steps_install')}")
        self._fill()

    def text(self) -> str:
        """Everything the card shows, as plain text (for tests and for copying into a ticket)."""
        return "\n".join([self.title.text(), *(self.pack_text(k) for k in KNOWN_PACKS), self.steps.toPlainText()])
