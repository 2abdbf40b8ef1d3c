"""Render the pilot report (Korean) on the sample bank and save docs/screenshots/pilot-report-ko.png.

    QT_QPA_PLATFORM=offscreen python docs/screenshots/pilot_report_screenshot.py BANK_DIR [OUT.png]

BANK_DIR: a bank with the sample loaded and the lite index built (``itembank init --sample``). The page
is drawn by a QTextBrowser (Qt's rich-text engine; QtWebEngine is not bundled), so the SVG charts are
not drawn there; a browser shows them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QTextBrowser

from engine.api import ItemBank
from engine.evaluation.golden import load_golden
from engine.evaluation.pilot import run_pilot
from engine.evaluation.report import render_html
from itembank_assets import GOLDEN_QUERIES


def main(argv: list[str]) -> int:
    bank = ItemBank(argv[1])
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).with_name("pilot-report-ko.png")
    metrics = run_pilot(bank, load_golden(GOLDEN_QUERIES), ["keyword", "lite"])
    app = QApplication.instance() or QApplication([])
    browser = QTextBrowser()
    browser.resize(1100, 1500)
    browser.setHtml(render_html(metrics, "ko"))
    browser.grab().save(str(out))
    print(out, metrics["decision"]["verdict"],
          {v["variant"]: v["overall"] for v in metrics["variants"]})
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
