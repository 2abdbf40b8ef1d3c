"""Issue 18: equation scripts exactly as they stand in real 한글 exam papers read as 한글 draws them.

Each script below was copied from a paper of the corpus (rhwp/exam_science.hwp, rhwp/exam_math.hwp,
rhwp/3-09월_교육_통합_2023.hwpx, rhwp/3-10월_교육_통합_2022.hwpx, kdsnr/math.hwpx); but for two
("root {3} of", "cases{…}") that guard what already read right, each was read wrongly
(a literal "rmCH", "\\sqrt[2]{\\le}", "\\left{" or a stray "\\}"). The HWPX writer's script must read
back to the same LaTeX, so an exported paper re-imports unchanged.
"""

from __future__ import annotations

import pytest

from engine.mathtext import hangul_to_latex, latex_to_hangul, latex_to_linear
from engine.mathtext.eqwords import split_run

REAL_SCRIPTS = [
    # font switches glued to the letters (exam_science.hwp)
    ("rmCH _{3} COOH", r"CH_{3}COOH"),
    ("rmKOH LEFT ( itaq RIGHT )", r"KOH\left(aq\right)"),
    ("rmB LEFT ( its RIGHT )", r"B\left(s\right)"),
    ("RMA( it t`,``f (t))`", r"A(t\,,\,\,f(t))\,"),
    ("{rmpH} over {rmpOH}", r"\frac{pH}{pOH}"),
    # a stray closing brace, and an unclosed group (exam_science.hwp, 확률과 통계 24번)
    ("rmH_3}O^+", r"H_{3}O^{+}"),
    ("rmCH_3}COOH(itaq)", r"CH_{3}COOH(aq)"),
    ("{4!}over3!}=4`", r"\frac{4!}{3}!=4\,"),
    ("K_{rmw", r"K_{w}"),
    # "root" with no "of" is the square root (미적분 24번 and the 기하 해설)
    ("= {2times {root2} over {2} times {root2} over {2}} over {1-2times1}",
     r"=\frac{2\times\frac{\sqrt{2}}{2}\times\frac{\sqrt{2}}{2}}{1-2\times 1}"),
    ("-1-root2 le a<0", r"-1-\sqrt{2}\le a<0"),
    ("rm bar DP = root{ (2root2 )^2 + 4^2 } = 2root6", r"\overline{DP}=\sqrt{(2\sqrt{2})^{2}+4^{2}}=2\sqrt{6}"),
    ("= root3 over 2 a", r"=\frac{\sqrt{3}}{2}a"),
    ("root {3} of {x+1}", r"\sqrt[3]{x+1}"),
    # braces as LEFT/RIGHT delimiters (exam_math.hwp)
    (" left {a_{n}  right }`", r"\left\{a_{n}\right\}\,"),
    ("LEFT { f LEFT ( x RIGHT ) ` vert `x LEQ k RIGHT } `", r"\left\{f\left(x\right)\,\vert\,x\le k\right\}\,"),
    # command words glued to what follows
    ("rmbarCP =barCQ =itx", r"\overline{CP}=\overline{CQ}=x"),
    ("sin`pi over7 =cos`left(pi over2 - piover7 right)", r"\sin\,\frac{\pi}{7}=\cos\,\left(\frac{\pi}{2}-\frac{\pi}{7}\right)"),
    ("{b} over {a timesm}", r"\frac{b}{a\times m}"),
    ("rmvec{PQ}bullet vec{CB}=24`", r"\vec{PQ}\bullet\vec{CB}=24\,"),
    ("cdotscdots", r"\cdots\cdots"),
    ("rm P(A SMALLINTER B)= {1} over {5}", r"P(A\cap B)=\frac{1}{5}"),
    ("25` CENTIGRADE ", r"25\,^{\circ}C"),
    # a set written across equations (kdsnr/math.hwpx 선택 2 30번): the lone "right}" is a plain
    # brace, and "&" outside a matrix or pile is nothing
    ("LEFT { a _{`k} ` RIGHT |", r"\left\{a_{\,k}\,\right|"),
    ("it_{it} right}`", r"_{}\}\,"),
    ("sum _{n=1} ^{INF } LEFT { 4a _{`n } RIGHT } & =20", r"\sum_{n=1}^{\infty}\left\{4a_{\,n}\right\}=20"),
    ("cases{x & x>0 # -x & x<0}", r"\begin{cases}x&x>0\\-x&x<0\end{cases}"),
    # BOT is 한글's ⊥ (a 기하 해설 of rhwp/3-10월_교육_통합_2022.hwpx)
    ("rm {bar{HH prime }} BOT  {bar{BC}}", r"{\overline{HH\prime}}\perp{\overline{BC}}"),
    # boxes and stacked lines
    ("R _{1} TIMES R _{2} = BOX{````{7} over {6}````}", r"R_{1}\times R_{2}=\boxed{\,\,\,\,\frac{7}{6}\,\,\,\,}"),
    ("= LEFT [ t pile{`#`} RIGHT ] _{0}^{1}", r"=\left[t\begin{gathered}\,\\\,\end{gathered}\right]_{0}^{1}"),
]


@pytest.mark.parametrize("script, latex", REAL_SCRIPTS)
def test_real_script_reads_as_hangul_draws_it_and_writes_back(script, latex):
    assert hangul_to_latex(script) == latex
    groups = latex.replace("\\\\", " ").replace(r"\{", "").replace(r"\}", "")
    assert groups.count("{") == groups.count("}") and latex.count(r"\left") == latex.count(r"\right")
    assert hangul_to_latex(latex_to_hangul(latex)) == latex


def test_plain_letter_runs_stay_whole():
    """Point names, products and units that only look like a command word's start are not cut."""
    for run in ("pn", "xd", "dt", "COOH", "NaOH", "ABCD", "DEF", "OF"):
        assert split_run(run) == [run]
    assert split_run("rmNaOH") == ["rm", "NaOH"]
    assert split_run("RMABCD") == ["RM", "ABCD"]
    assert split_run("piover") == ["pi", "over"]
    assert split_run("rightarrow") == ["rightarrow"]  # LEFT/RIGHT need a bracket after them


def test_new_words_have_a_readable_linear_form():
    assert latex_to_linear(hangul_to_latex("R = BOX{3} ` vert ` A bullet B")) == "R=3 | A•B"
