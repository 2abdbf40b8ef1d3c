"""The look of the app: one light theme, one accent colour, a Qt style sheet.

Kept apart from the widgets so the palette can change in one place. Widgets only set object names
and dynamic properties (``pill``, ``kind``, ``selected``); the rules below give them their look.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication

ACCENT = "#2f6bd8"
ACCENT_DARK = "#2156b5"
ACCENT_LIGHT = "#e9f0fd"
ACCENT_BORDER = "#bcd0f5"
BACKGROUND = "#f4f6f9"
SURFACE = "#ffffff"
BORDER = "#dde2ea"
TEXT = "#1f2733"
TEXT_SECONDARY = "#55606e"
TEXT_MUTED = "#8a93a0"

BASE_POINT_SIZE = 11

STYLE_SHEET_TEMPLATE = """
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QWidget {{ color: {TEXT}; }}
QToolTip {{ background: {SURFACE}; color: {TEXT}; border: 1px solid {BORDER}; padding: 4px 6px; }}

/* search bar */
QFrame#SearchPanel {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QLineEdit {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
    padding: 5px 9px; selection-background-color: {ACCENT};
}}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit#QueryEdit {{ font-size: 13pt; padding: 8px 12px; border-radius: 10px; }}
QPushButton {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; padding: 6px 14px;
}}
QPushButton:hover {{ background: #f0f3f7; }}
QPushButton:disabled {{ color: {TEXT_MUTED}; background: #f3f4f6; }}
QPushButton[primary="true"] {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT}; font-weight: bold;
}}
QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[primary="true"]:disabled {{ background: #a9bfe8; border-color: #a9bfe8; }}
QPushButton#BigButton {{ font-size: 12pt; padding: 12px 26px; border-radius: 10px; }}

QComboBox {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; padding: 4px 8px;
    min-width: 70px;
}}
QComboBox:focus {{ border: 1px solid {ACCENT}; }}
QComboBox::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 22px; border: none;
}}
QComboBox::down-arrow {{ image: url("{ARROW}"); width: 10px; height: 6px; }}
QComboBox[active="true"] {{ border: 1px solid {ACCENT}; background: {ACCENT_LIGHT}; }}
QComboBox QAbstractItemView {{
    background: {SURFACE}; border: 1px solid {BORDER}; selection-background-color: {ACCENT_LIGHT};
    selection-color: {TEXT};
}}
QLabel#FilterLabel {{ color: {TEXT_SECONDARY}; }}

/* segmented mode switch */
QToolButton[segment] {{
    background: {SURFACE}; border: 1px solid {BORDER}; padding: 5px 12px; color: {TEXT_SECONDARY};
}}
QToolButton[segment="first"] {{ border-top-left-radius: 8px; border-bottom-left-radius: 8px; }}
QToolButton[segment="last"] {{ border-top-right-radius: 8px; border-bottom-right-radius: 8px; }}
QToolButton[segment]:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: white; }}
QToolButton[segment]:disabled {{ color: #b8bec7; background: #f6f7f9; }}
QToolButton[segment]:hover:!checked:enabled {{ background: #f0f3f7; }}

/* image chip */
QFrame#ImageChip {{
    background: {ACCENT_LIGHT}; border: 1px solid {ACCENT_BORDER}; border-radius: 14px;
}}
QLabel#ChipText {{ color: {ACCENT_DARK}; }}
QToolButton#ChipClose, QToolButton#BannerClose {{
    border: none; background: transparent; color: {TEXT_SECONDARY}; font-size: 13pt; padding: 0 4px;
}}
QToolButton#ChipClose:hover, QToolButton#BannerClose:hover {{ color: {TEXT}; }}

/* banners */
QFrame#Banner {{ border-radius: 10px; border: 1px solid {ACCENT_BORDER}; background: {ACCENT_LIGHT}; }}
QFrame#Banner[kind="warning"] {{ border-color: #f1d38c; background: #fff8e6; }}
QFrame#Banner[kind="error"] {{ border-color: #f0c4bf; background: #fdf1ef; }}
QLabel#BannerIcon {{ font-size: 14pt; font-weight: bold; color: {ACCENT}; }}
QFrame#Banner[kind="warning"] QLabel#BannerIcon {{ color: #b7791f; }}
QFrame#Banner[kind="error"] QLabel#BannerIcon {{ color: #c0392b; }}
QLabel#BannerText {{ color: {TEXT}; }}
QLabel#BannerDetail {{ color: {TEXT_MUTED}; font-size: 9pt; }}

/* results */
QLabel#CountLabel {{ color: {TEXT_SECONDARY}; font-weight: bold; padding: 2px 2px; }}
QListWidget#ResultList {{ background: transparent; border: none; outline: none; }}
QListWidget#ResultList::item {{ border: none; background: transparent; padding: 0px; }}
QListWidget#ResultList::item:selected {{ background: transparent; }}
QFrame#ResultCard {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QFrame#ResultCard:hover {{ border-color: {ACCENT_BORDER}; }}
QFrame#ResultCard[selected="true"] {{ border: 2px solid {ACCENT}; background: #fbfcff; }}
#CardStem {{ font-size: 11pt; color: {TEXT}; }}
QLabel#CardMeta {{ color: {TEXT_MUTED}; font-size: 9pt; }}
QLabel#CardBand {{ border-radius: 9px; padding: 1px 8px; font-size: 9pt; font-weight: bold; }}
QLabel#CardBand[band="high"] {{ background: #e3f3e8; color: #1c6b3c; border: 1px solid #b9dfc6; }}
QLabel#CardBand[band="medium"] {{ background: #fff5dc; color: #8a5a00; border: 1px solid #f0d9a0; }}
QLabel#CardBand[band="low"] {{ background: #f1f2f4; color: {TEXT_SECONDARY}; border: 1px solid {BORDER}; }}
QLabel#ResultNotice {{ color: {TEXT}; font-weight: bold; }}
QLabel#ResultNoticeHint {{ color: {TEXT_SECONDARY}; }}
QLabel#ReasonLabel {{ color: #9a5b00; font-size: 9pt; }}
QPushButton#BackButton {{ color: {ACCENT_DARK}; border-color: {ACCENT_BORDER}; background: {SURFACE}; padding: 2px 10px; }}
QLabel#ExplainLine {{ color: {TEXT_SECONDARY}; font-size: 9pt; }}
QLabel#PairSummary {{ color: {TEXT_SECONDARY}; font-size: 9pt; }}
QLabel#PairId {{ color: {TEXT}; font-weight: bold; font-size: 9pt; }}
#PairStem {{ color: {TEXT}; }}
QLabel#CardThumb {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QPushButton#MoreButton {{ color: {ACCENT_DARK}; border-color: {ACCENT_BORDER}; background: {SURFACE}; }}
QLabel#EmptyResults {{ color: {TEXT_SECONDARY}; padding: 30px; }}

/* badges as rounded pills */
QLabel[pill] {{
    border-radius: 9px; padding: 1px 8px; font-size: 9pt; background: #eef1f5; color: {TEXT_SECONDARY};
}}
QLabel[pill="accent"] {{ background: {ACCENT_LIGHT}; color: {ACCENT_DARK}; font-weight: bold; }}
QLabel[pill="outline"] {{ background: {SURFACE}; border: 1px solid {BORDER}; }}
/* which bank a card comes from: this school's (green) or the district's (orange) */
QLabel[pill="local"] {{ background: #e5f4ea; color: #1c6b3c; border: 1px solid #b9dfc6; font-weight: bold; }}
QLabel[pill="district"] {{ background: #fff0df; color: #9a4a00; border: 1px solid #f3cf9f; font-weight: bold; }}

/* detail pane */
QScrollArea#DetailScroll {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QWidget#DetailBody {{ background: {SURFACE}; }}
QLabel#DetailEmpty {{ color: {TEXT_MUTED}; padding: 40px; }}
QLabel#DetailId {{ color: {TEXT_MUTED}; font-size: 9pt; }}
QLabel#DetailStem {{ font-size: 13pt; }}
QLabel#SectionTitle {{ color: {ACCENT_DARK}; font-weight: bold; font-size: 10pt; margin-top: 6px; }}
QLabel#PassageBox {{
    background: #f7f8fa; border: 1px solid {BORDER}; border-radius: 8px; padding: 10px 12px;
}}
QLabel#ChoiceLine {{ padding: 3px 6px; border-radius: 6px; }}
QLabel#ChoiceLine[answer="true"] {{ background: {ACCENT_LIGHT}; color: {ACCENT_DARK}; font-weight: bold; }}
QLabel#AnswerText {{ font-weight: bold; color: {ACCENT_DARK}; }}
QLabel#Figure {{ border: 1px solid {BORDER}; border-radius: 6px; background: white; padding: 4px; }}
QLabel#MetaKey {{ color: {TEXT_MUTED}; }}

/* first start */
QFrame#WelcomeCard {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 16px; }}
QLabel#WelcomeTitle {{ font-size: 20pt; font-weight: bold; color: {TEXT}; }}
QLabel#WelcomeBody {{ font-size: 12pt; color: {TEXT_SECONDARY}; }}
QLabel#WelcomeHint {{ color: {TEXT_MUTED}; font-size: 9pt; }}
QLabel#JobText {{ color: {TEXT_SECONDARY}; }}
QProgressBar {{
    border: 1px solid {BORDER}; border-radius: 6px; background: #eef1f5; text-align: center;
    min-height: 12px; max-height: 12px; font-size: 8pt;
}}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 5px; }}

/* import report */
QPlainTextEdit#ReportText {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; padding: 6px;
    font-size: 10pt;
}}
QLabel#ReportSummary {{ font-size: 12pt; font-weight: bold; }}

QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {TEXT_SECONDARY}; }}
QStatusBar QLabel {{ color: {TEXT_SECONDARY}; padding: 0 8px; }}
QStatusBar::item {{ border: none; }}
QMenuBar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QMenuBar::item:selected {{ background: {ACCENT_LIGHT}; }}
QMenu {{ background: {SURFACE}; border: 1px solid {BORDER}; }}
QMenu::item {{ padding: 5px 24px 5px 16px; }}
QMenu::item:selected {{ background: {ACCENT_LIGHT}; color: {TEXT}; }}
QSplitter::handle {{ background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar::handle:vertical {{ background: #cdd3dc; border-radius: 4px; min-height: 30px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: transparent; }}
/* page tabs */
QFrame#NavBar {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QToolButton[nav="true"] {{
    background: transparent; border: none; border-bottom: 3px solid transparent;
    padding: 7px 16px 8px 16px; color: {TEXT_SECONDARY}; font-size: 11pt;
}}
QToolButton[nav="true"]:hover {{ color: {TEXT}; }}
QToolButton[nav="true"]:checked {{ color: {ACCENT_DARK}; border-bottom: 3px solid {ACCENT}; font-weight: bold; }}
QPushButton#NavImport {{ color: {ACCENT_DARK}; border-color: {ACCENT_BORDER}; padding: 4px 12px; }}

/* pages made of cards */
QScrollArea#PageScroll {{ background: {BACKGROUND}; border: none; }}
QWidget#PageBody {{ background: {BACKGROUND}; }}
QLabel#PageTitle {{ font-size: 16pt; font-weight: bold; }}
QLabel#PageSubtitle {{ color: {TEXT_SECONDARY}; }}
QFrame#Card {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 12px; }}
QFrame#Card[tone="accent"] {{ background: {ACCENT_LIGHT}; border-color: {ACCENT_BORDER}; }}
QLabel#CardTitle {{ font-size: 12pt; font-weight: bold; color: {TEXT}; }}
QLabel#CardText {{ color: {TEXT}; }}
QLabel#CardMuted, QLabel#PathLabel {{ color: {TEXT_SECONDARY}; }}
QLabel#DistrictStatus {{ color: {TEXT_SECONDARY}; }}
QLabel#DistrictStatus[kind="ok"] {{ color: #1c6b3c; font-weight: bold; }}
QLabel#DistrictStatus[kind="error"] {{ color: #b3261e; }}
QLabel#JobText {{ color: {TEXT_SECONDARY}; }}
QTableWidget#PlainTable, QTableWidget#PreviewTable {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
    alternate-background-color: #f8f9fb; selection-background-color: {ACCENT_LIGHT};
    selection-color: {TEXT}; gridline-color: {BORDER};
}}
QTableWidget#PlainTable::item {{ padding: 4px 10px; }}
QHeaderView::section {{
    background: #f3f5f8; color: {TEXT_SECONDARY}; border: none; border-bottom: 1px solid {BORDER};
    padding: 5px 8px; font-weight: bold;
}}
QListWidget#SideList {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; outline: none; padding: 4px;
}}
QListWidget#SideList::item {{ padding: 8px 8px; border-radius: 6px; }}
QListWidget#SideList::item:selected {{ background: {ACCENT_LIGHT}; color: {TEXT}; }}
QFrame#ComparePane {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QLabel#CompareText {{ font-size: 11pt; }}
QLabel#StepLabel {{ color: {TEXT_MUTED}; }}
QLabel#StepLabel[current="true"] {{ color: {ACCENT_DARK}; font-weight: bold; }}
QCheckBox {{ spacing: 6px; }}
QSpinBox {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; padding: 3px 4px; }}
"""


def _arrow_image() -> str:
    """A small chevron for combo boxes, drawn once into a temp folder (style sheets need a file)."""
    folder = Path(tempfile.gettempdir()) / "itembank-desktop-style"
    path = folder / "chevron-down.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        image = QImage(20, 12, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(TEXT_SECONDARY))
        pen.setWidthF(2.2)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline([QPointF(3, 3), QPointF(10, 9), QPointF(17, 3)])
        painter.end()
        image.save(str(path), "PNG")
    return path.as_posix()


def style_sheet() -> str:
    return STYLE_SHEET_TEMPLATE.format(
        ACCENT=ACCENT, ACCENT_DARK=ACCENT_DARK, ACCENT_LIGHT=ACCENT_LIGHT, ACCENT_BORDER=ACCENT_BORDER,
        BACKGROUND=BACKGROUND, SURFACE=SURFACE, BORDER=BORDER, TEXT=TEXT,
        TEXT_SECONDARY=TEXT_SECONDARY, TEXT_MUTED=TEXT_MUTED, ARROW=_arrow_image())


def apply_theme(app: QApplication) -> None:
    """Fusion style (the same on every OS) with a light palette and the style sheet on top."""
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(TEXT_MUTED))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    app.setPalette(palette)
    app.setStyleSheet(style_sheet())


def repolish(widget) -> None:
    """Re-apply the style sheet after a dynamic property (``selected``, ``kind``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
