"""Pieces every page is built from: a scrolling body styled as a page, and the title/subtitle/banner
heading at its top (styled by the object names in ``desktop_app.style``)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.widgets.banner import Banner


def scrolling_body(area: QScrollArea, margins: tuple[int, int, int, int] = (24, 18, 24, 24),
                   spacing: int = 14) -> QVBoxLayout:
    """Make ``area`` scroll one page body and return that body's layout."""
    area.setObjectName("PageScroll")
    area.setWidgetResizable(True)
    body = QWidget()
    body.setObjectName("PageBody")
    area.setWidget(body)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return layout


def page_heading() -> tuple[QLabel, QLabel, Banner]:
    """The page's title, its one-paragraph subtitle, and the banner that reports what its work did."""
    title = QLabel()
    title.setObjectName("PageTitle")
    subtitle = QLabel()
    subtitle.setObjectName("PageSubtitle")
    subtitle.setWordWrap(True)
    return title, subtitle, Banner()
