"""Math as math: ``$…$`` segments, 한글 equation script ↔ LaTeX, the linear/search form, rendering,
HWPX import of ``<hp:equation>``, the keyword index, and the desktop detail pane."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported by the desktop tests

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import search_ids, write_jsonl
from engine.api import BankPaths, ItemBank
from engine.mathtext import (Segment, escape_dollars, hangul_to_latex, latex_to_hangul, linear_text,
                             search_text, split_math)

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


# -- parsing ----------------------------------------------------------------------------------
def test_split_math_keeps_escaped_and_unpaired_dollars_as_text():
    assert split_math(r"근 $x^{2}-5x+3=0$ 의 값은 \$5") == [
        Segment("text", "근 "), Segment("math", "x^{2}-5x+3=0"), Segment("text", " 의 값은 $5")]
    assert split_math("가격은 $5 입니다") == [Segment("text", "가격은 $5 입니다")]
    assert split_math(r"$a$와 $\$b$") == [Segment("math", "a"), Segment("text", "와 "), Segment("math", r"\$b")]
    assert split_math("") == [] and split_math("$$ 빈 수식") == [Segment("text", " 빈 수식")]
    text = "1달러는 $1, 2달러는 $2"
    assert split_math(escape_dollars(text)) == [Segment("text", text)]


HANGUL_CASES = [
    ("x ^{2} -5x+3", r"x^{2}-5x+3"),
    ("{a} over {b}", r"\frac{a}{b}"),
    ("{-b pm sqrt {b^2 -4ac}} over {2a}", r"\frac{-b\pm\sqrt{b^{2}-4ac}}{2a}"),
    ("sqrt {x}", r"\sqrt{x}"),
    ("root {3} of {x+1}", r"\sqrt[3]{x+1}"),
    ("a TIMES b", r"a\times b"),
    ("LEFT ( a+b RIGHT ) ^{2}", r"\left(a+b\right)^{2}"),
    ("pmatrix{1 & 2 # 3 & 4}", r"\begin{pmatrix}1&2\\3&4\end{pmatrix}"),
    ("int _{0} ^{1} x`dx", r"\int_{0}^{1}x\,dx"),
    ("sum _{k=1} ^{n} k ^{2}", r"\sum_{k=1}^{n}k^{2}"),
    ("vec {a} cdot vec {b}", r"\vec{a}\cdot\vec{b}"),
    ("alpha + beta = DELTA theta", r"\alpha+\beta=\Delta\theta"),
    ("lim _{x -> 0} {sin x} over {x}", r"\lim_{x\to 0}\frac{\sin x}{x}"),
    ("a_{n+1} <= a_n", r"a_{n+1}\le a_{n}"),
    ("f(x) = cases{x^2 & x >= 0 # -x & x<0}", r"f(x)=\begin{cases}x^{2}&x\ge 0\\-x&x<0\end{cases}"),
]


@pytest.mark.parametrize("script, latex", HANGUL_CASES)
def test_hangul_script_to_latex_and_back(script, latex):
    assert hangul_to_latex(script) == latex
    back = latex_to_hangul(latex)
    assert hangul_to_latex(back) == latex  # the script we write for HWPX reads back to the same math


def test_latex_to_hangul_writes_eqedit_words():
    assert latex_to_hangul(r"\frac{1}{2}") == "{1} over {2}"
    assert latex_to_hangul(r"\sqrt{x}+\sqrt[3]{y}") == "sqrt {x} + root {3} of {y}"
    assert latex_to_hangul(r"\begin{vmatrix}a&b\\c&d\end{vmatrix}") == "dmatrix{a & b # c & d}"
    assert latex_to_hangul(r"\Delta x\times\pi") == "DELTA x times pi"


# -- linear form and search -------------------------------------------------------------------
def test_linear_form_is_readable():
    assert linear_text(r"$\frac{a}{b}$") == "a/b"
    assert linear_text(r"$\frac{a+1}{2}$") == "(a+1)/2"
    assert linear_text(r"근 $x^{2}-5x+3=0$") == "근 x^2-5x+3=0"
    assert linear_text(r"$\sqrt{x}$, $\sqrt{b^{2}-4ac}$") == "√x, √(b^2-4ac)"
    assert linear_text(r"$\int_{0}^{1}x\,dx$") == "∫_0^1x dx"
    assert linear_text(r"$\begin{pmatrix}1&2\\3&4\end{pmatrix}$") == "(1 2; 3 4)"
    assert linear_text(r"$\alpha\le\beta$ \$3") == "α≤β $3"
    assert linear_text("math 없는 x² 문장") == "math 없는 x² 문장"


def test_search_form_is_the_same_for_caret_superscript_and_latex():
    forms = {search_text(t) for t in ("x^2", "x²", "$x^{2}$", "$x^2$")}
    assert forms == {"x^2"}
    assert search_text("a₁+a₁₀") == "a_1+a_10"


def test_keyword_search_finds_the_item_for_every_spelling_of_x_squared(tmp_path):
    rows = [{"id": "SQ", "subject": "수학", "stem": "이차방정식 x²-5x+6=0의 두 근의 합은?", "answer": "5"},
            {"id": "LA", "subject": "수학", "stem": r"함수 $y=x^{3}$ 의 그래프", "answer": "1"},
            {"id": "NO", "subject": "수학", "stem": "일차함수 y=3x+1의 기울기는?", "answer": "3"}]
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        assert bank.import_path(write_jsonl(tmp_path / "m.jsonl", rows)).imported == 3
        for query in ("x^2", "x²", "$x^{2}$"):
            assert search_ids(bank, query)[0] == "SQ", query
        for query in ("x^3", "x³", "$x^{3}$"):
            assert search_ids(bank, query)[0] == "LA", query
    finally:
        bank.close()


def test_old_keyword_rows_are_retokenised_on_open(tmp_path):
    rows = [{"id": "SQ", "subject": "수학", "stem": "x²-5x+6=0의 두 근", "answer": "5"}]
    bank = ItemBank(tmp_path / "bank", create=True)
    bank.import_path(write_jsonl(tmp_path / "m.jsonl", rows))
    bank.close()
    catalog = BankPaths.resolve(tmp_path / "bank").catalog
    with sqlite3.connect(catalog) as conn:  # as an older itembank left it: NFKC tokens, no version
        conn.execute("UPDATE items_fts SET stem = 'x2 5x 6 0 의 두 근'")
        conn.execute("DELETE FROM settings WHERE key = 'keyword_tokens'")
    bank = ItemBank(tmp_path / "bank")
    try:
        assert search_ids(bank, "x^2") == ["SQ"]
        with sqlite3.connect(catalog) as conn:
            assert conn.execute("SELECT value FROM settings WHERE key = 'keyword_tokens'").fetchone()[0] == "2"
    finally:
        bank.close()


def test_embedders_get_the_linear_form():
    from engine.items import Item
    from engine.models.inputs import item_document_text

    item = Item(id="Q", subject="수학", stem=r"$\frac{1}{2}+\sqrt{x}$ 의 값", choices=[r"$x^{2}$", "2"])
    text = item_document_text(item)
    assert "1/2+√x 의 값" in text and "x^2" in text and "\\" not in text and "$" not in text


# -- HWPX import --------------------------------------------------------------------------------
def test_hwpx_import_keeps_equations_as_math(tmp_path):
    with zipfile.ZipFile(FIXTURES / "exam_science.hwpx") as source:
        parts = {name: source.read(name) for name in source.namelist()}
        infos = {i.filename: i for i in source.infolist()}
    section = parts["Contents/section0.xml"].decode("utf-8")
    assert "<hp:script>v = {s} over {t}</hp:script>" in section
    section = section.replace("<hp:script>v = {s} over {t}</hp:script>",
                              "<hp:script>{-b pm sqrt {b^2 -4ac}} over {2a}</hp:script>")
    out = tmp_path / "paper.hwpx"
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            data = section.encode("utf-8") if name == "Contents/section0.xml" else data
            target.writestr(infos[name], data)
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        report = bank.import_path(out)
        assert report.imported == 5, report.to_dict()
        stems = [bank.get(i).stem for i in report.imported_ids]
        math = [s for s in stems if "$" in s]
        assert len(math) == 1
        assert r"$\frac{-b\pm\sqrt{b^{2}-4ac}}{2a}$" in math[0]
        assert [seg.kind for seg in split_math(math[0])].count("math") == 1
        assert "(-b±√(b^2-4ac))/(2a)" in linear_text(math[0])
    finally:
        bank.close()


def test_equation_element_we_write_reads_back_to_the_same_latex(tmp_path):
    import re

    from engine.mathtext.owpml_equation import equation_xml

    latex = r"\frac{-b\pm\sqrt{b^{2}-4ac}}{2a}+\begin{pmatrix}1&2\\3&4\end{pmatrix}"
    element = equation_xml(latex, 77)
    assert "<hp:script>{- b +- sqrt {b ^{2} - 4 a c}} over {2 a} + pmatrix{1 &amp; 2 # 3 &amp; 4}</hp:script>" in element
    with zipfile.ZipFile(FIXTURES / "exam_science.hwpx") as source:
        parts = {i: source.read(i.filename) for i in source.infolist()}
    out = tmp_path / "ours.hwpx"
    with zipfile.ZipFile(out, "w") as target:
        for info, data in parts.items():
            if info.filename == "Contents/section0.xml":
                data = re.sub(r"<hp:equation .*?</hp:equation>", lambda _: element, data.decode("utf-8"),
                              count=1, flags=re.S).encode("utf-8")
            target.writestr(info, data)
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        stems = [bank.get(i).stem for i in bank.import_path(out).imported_ids]
        assert sum(f"${latex}$" in s for s in stems) == 1
    finally:
        bank.close()


# -- rendering ------------------------------------------------------------------------------------
def _ink(png: bytes) -> tuple[Image.Image, int]:
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    return image, sum(1 for a in image.getchannel("A").tobytes() if a > 128)


def test_render_math_png_draws_fractions_integrals_vectors_and_matrices():
    pytest.importorskip("matplotlib")
    from engine.mathtext.render import MathRenderError, render_math_png

    half, half_ink = _ink(render_math_png(r"\frac{1}{2}", 24))
    integral, integral_ink = _ink(render_math_png(r"\int_0^1 x\,dx", 24))
    assert half_ink > 20 and integral_ink > half_ink and integral.width > half.width
    assert half.height > _ink(render_math_png("1", 24))[0].height  # a fraction stacks two lines
    big, _ = _ink(render_math_png(r"\frac{1}{2}", 48))
    assert big.width > half.width and big.height > half.height
    vec, vec_ink = _ink(render_math_png(r"\vec{a}", 24))
    plain, plain_ink = _ink(render_math_png("a", 24))
    assert vec.height > plain.height and vec_ink > plain_ink  # the arrow is drawn
    matrix, _ = _ink(render_math_png(r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", 24))
    row, _ = _ink(render_math_png(r"\begin{pmatrix}1&2\end{pmatrix}", 24))
    assert matrix.height > row.height * 1.5 and matrix.width >= row.width  # two rows stacked
    red, _ = _ink(render_math_png(r"\sqrt{x}", 24, "#ff0000"))
    opaque = [red.getpixel((x, y)) for x in range(red.width) for y in range(red.height) if red.getpixel((x, y))[3] > 200]
    assert opaque and all(p[0] > 200 and p[1] < 60 for p in opaque)
    assert render_math_png(r"\frac{1}{2}", 24) is render_math_png(r"\frac{1}{2}", 24)  # cached
    with pytest.raises(MathRenderError, match=r"\\frac\{1\}\{"):
        render_math_png(r"\frac{1}{", 24)


# -- desktop ----------------------------------------------------------------------------------------
def _dark_pixels(widget) -> int:  # type: ignore[no-untyped-def]
    image = widget.grab().toImage()
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).lightness() < 100)


def test_detail_pane_and_card_show_formulas_as_images(qtbot):
    pytest.importorskip("matplotlib")
    pytest.importorskip("pytestqt")
    from PySide6.QtWidgets import QLabel

    from desktop_app.widgets.detail_view import ItemDetailPane
    from desktop_app.widgets.result_card import ResultCard
    from engine.items import Item

    item = Item(id="MATH-1", subject="수학", type="객관식", stem=r"$\frac{1}{2}$",
                choices=[r"$\sqrt{x}$", "x²", "3", "4", "5"], answer="2",
                explanation=r"$\int_{0}^{1}x\,dx=\frac{1}{2}$ 이다.")
    pane = ItemDetailPane()
    qtbot.addWidget(pane)
    pane.resize(520, 700)
    pane.show_item(item, {})
    pane.show()
    stem = pane.findChild(QLabel, "DetailStem")
    assert stem is not None and "<img src=\"data:image/png;base64," in stem.text()
    assert _dark_pixels(stem) > 10  # the stem has no text at all: the ink is the drawn fraction
    choices = pane.findChildren(QLabel, "ChoiceLine")
    assert "<img" in choices[0].text() and "<sup>2</sup>" in choices[1].text()
    text = pane.plain_text()
    assert "1/2" in text and "√x" in text and "∫_0^1x dx=1/2 이다." in text and "$" not in text
    plain = Item(id="P", subject="국어", stem="윗글의 주제로 알맞은 것은?")
    pane.show_item(plain, {})
    assert pane.findChild(QLabel, "DetailStem").text() == "윗글의 주제로 알맞은 것은?"

    card = ResultCard(item, "높음", 1, None)
    qtbot.addWidget(card)
    assert "<img" in card.stem.text() and "1/2" in card.plain_text()


def test_every_converted_construct_is_drawn():
    pytest.importorskip("matplotlib")
    from engine.mathtext.render import render_math_png

    for script, _ in HANGUL_CASES:
        image, ink = _ink(render_math_png(hangul_to_latex(script), 20))
        assert ink > 10, script


def test_without_the_renderer_formulas_show_their_linear_form(monkeypatch):
    import sys

    from engine.api import math_html, math_renderer_available, render_math_png
    from engine.errors import Unavailable

    for name in [n for n in sys.modules if n == "matplotlib" or n.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if itembank[math] were not installed
    assert not math_renderer_available()
    with pytest.raises(Unavailable, match=r"itembank\[math\]"):
        render_math_png(r"\frac{3}{7}+\sqrt{11}", 20)
    html = math_html(r"답: $\frac{3}{7}+\sqrt{11}$, $x^{2}$", 14)
    assert html == "답: 3/7+√11, x^2"
    assert math_html(r"$\frac{1}{$", 14) == "1/()"  # unbalanced braces: still no crash


def test_a_formula_the_renderer_cannot_draw_shows_its_linear_form():
    pytest.importorskip("matplotlib")
    from engine.api import math_html

    html = math_html(r"$\frac{1}{2}$ 와 $\undefinedcommand{x}$", 14)
    assert html.count("<img") == 1 and html.endswith(" 와 undefinedcommandx")


def test_the_cli_shows_formulas_in_their_linear_form_not_latex(bank, tmp_path, capsys):
    from engine.cli.main import main
    from tests.conftest import write_jsonl

    records = [{"id": "L1", "subject": "수학", "grade": "고1", "type": "객관식",
                "stem": r"$\frac{1}{2}+\frac{1}{3}$의 값은?", "choices": [r"$\frac{5}{6}$", "1", "2", "3", "4"],
                "answer": "1"}]
    assert bank.import_path(write_jsonl(tmp_path / "l.jsonl", records)).imported == 1
    data_dir = str(bank.paths.root)
    bank.close()
    assert main(["--data-dir", data_dir, "show", "L1"]) == 0
    shown = capsys.readouterr().out
    assert "\\frac" not in shown and "$" not in shown
    assert "1/2+1/3의 값은?" in shown and "5/6" in shown
    assert main(["--data-dir", data_dir, "search", "값은", "--mode", "keyword"]) == 0
    listed = capsys.readouterr().out
    assert "\\frac" not in listed and "1/2+1/3" in listed


def test_a_script_with_no_base_survives_both_ways():
    """₇P₄ as 교육청 해설 write it in 한글 ("_7 P _4"): the mark before the 7 is kept, so that an
    exported paper reads back the same formula."""
    from engine.mathtext import hangul_to_latex, latex_to_hangul
    assert hangul_to_latex("_7 P _4") == "_{7}P_{4}"
    assert latex_to_hangul("_{7}P_{4}=840") == "_{7} P _{4} = 840"
    assert hangul_to_latex(latex_to_hangul("{6}P_{3}-_{4}P_{3}")) == "{6}P_{3}-_{4}P_{3}"
