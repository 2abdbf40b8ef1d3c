"""The compare view draws x² and 10⁻³ as exponents (<sup>), since the Hangul font's superscript glyphs
are a few pixels high, and still marks the words that differ."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("PySide6")

from desktop_app.widgets.compare_view import diff_html  # noqa: E402


def test_superscripts_become_sup_and_differences_stay_marked():
    left, right, ratio = diff_html("x²-5x+3=0의 두 근", "x³-5x+3=0의 세 근")
    assert "<sup>2</sup>" in left and "<sup>3</sup>" in right
    assert "²" not in left and "³" not in right
    assert "두" in left and "세" in right and 0 < ratio < 1


def test_a_run_of_superscript_signs_is_one_exponent_and_html_is_escaped():
    left, _right, ratio = diff_html("단위 10⁻³ m <b>", "단위 10⁻³ m <b>")
    assert "10<sup>\u22123</sup>" in left  # NFKC: superscript minus -> minus sign
    assert "&lt;b&gt;" in left and ratio == 1.0
