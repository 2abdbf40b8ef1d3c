"""Fidelity of Moodle XML and QTI imports (issue 18, item 3): what a teacher made in another tool
reads the same in itembank — formulas, line breaks, feedback, figures, attachments, question types.

Every file is written here, at test time, the way Moodle and QTI tools write them; figures are real
PNGs drawn with Pillow and every import goes into a real bank (SQLite, asset store).
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.mathtext import linear_text
from tests.conftest import draw_figure

MATHML = "http://www.w3.org/1998/Math/MathML"


def _b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _quiz(path: Path, *questions: str) -> Path:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions)
                    + "\n</quiz>\n", encoding="utf-8")
    return path


def _mc(text: str, answers: str = "", extra: str = "", kind: str = "multichoice") -> str:
    answers = answers or ('<answer fraction="100"><text>맞음</text></answer>'
                          '<answer fraction="0"><text>틀림</text></answer>')
    return (f'<question type="{kind}"><name><text>q</text></name>'
            f'<questiontext format="html"><text><![CDATA[{text}]]></text>{extra}</questiontext>'
            f"{answers}</question>")


def _messages(report) -> list[str]:
    return [s.reason for s in report.skipped] + list(report.warnings)


# -- MathML -----------------------------------------------------------------------------------------
ANNOTATED = (f'<math xmlns="{MATHML}"><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo>'
             '<mn>1</mn></mrow><annotation encoding="application/x-tex">x^{2}+1</annotation>'
             "</semantics></math>")
PRESENTATION = (f'<math xmlns="{MATHML}">\n  <mrow>\n    <mfrac><mn>1</mn><mn>2</mn></mfrac>\n'
                "    <mo>+</mo>\n    <msqrt><mi>x</mi></msqrt>\n    <mo>−</mo>\n"
                "    <msub><mi>a</mi><mn>1</mn></msub><mo>+</mo>\n"
                "    <mover><mi>AB</mi><mo>→</mo></mover><mo>≤</mo><mi>π</mi>\n  </mrow>\n</math>")


def test_mathml_becomes_one_latex_formula_and_search_reads_its_linear_form(bank, tmp_path):
    source = _quiz(tmp_path / "math.xml",
                   _mc(f"<p>방정식 {ANNOTATED} 의 값은?</p>"),
                   _mc(f"<p>다음 식 {PRESENTATION}\n을 계산하시오.</p>",
                       '<answer fraction="100"><text><![CDATA[<math><mn>3</mn><mo>×</mo><mi>y</mi>'
                       "</math>]]></text></answer><answer fraction=\"0\"><text>0</text></answer>"))
    report = bank.import_path(source, subject="정보")
    assert report.imported == 2, report.to_dict()
    annotated, converted = (bank.get(i) for i in report.imported_ids)
    assert annotated.stem == "방정식 $x^{2}+1$ 의 값은?"  # the annotation, not the tokens after it
    assert converted.stem == r"다음 식 $\frac{1}{2}+\sqrt{x}-{a}_{1}+\vec{AB}\le\pi$ 을 계산하시오."
    assert "\n" not in converted.stem  # never one token per line
    assert converted.choices[0] == r"$3\times y$"
    assert linear_text(converted.stem) == "다음 식 1/2+√x-a_1+AB⃗≤π 을 계산하시오."
    hits = bank.catalog.keyword_search("x^2+1", k=3)
    assert hits and hits[0].id == annotated.id


# -- whitespace --------------------------------------------------------------------------------------
def test_whitespace_is_normalised_as_a_browser_lays_it_out(bank, tmp_path):
    wrapped = ("<p>다음   글을\n        읽고\n\t물음에 답하시오.</p>\n<p>둘째 문단<br>다음 줄</p>"
               "<ul>\n  <li>하나</li>\n  <li>둘</li>\n</ul>")
    plain = ('<question type="shortanswer"><name><text>p</text></name>'
             '<questiontext format="plain_text"><text>첫 줄\n둘째 줄</text></questiontext>'
             '<answer fraction="100"><text>답</text></answer></question>')
    report = bank.import_path(_quiz(tmp_path / "space.xml", _mc(wrapped), plain), subject="정보")
    html_item, plain_item = (bank.get(i) for i in report.imported_ids)
    assert html_item.stem == "다음 글을 읽고 물음에 답하시오.\n둘째 문단\n다음 줄\n하나\n둘"
    assert plain_item.stem == "첫 줄\n둘째 줄"  # a plain-text question means its line breaks


# -- feedback and figures ----------------------------------------------------------------------------
def _feedback_question(figure: Path, icon: Path) -> str:
    return (
        '<question type="multichoice"><name><text>자석</text></name>'
        '<questiontext format="html"><text><![CDATA[<p>그림의 자기력선은?</p>'
        '<p><img src="@@PLUGINFILE@@/field.png"></p>]]></text>'
        f'<file name="field.png" path="/" encoding="base64">{_b64(figure)}</file></questiontext>'
        '<generalfeedback format="html"><text><![CDATA[<p>N극에서 나와 S극으로 들어간다.</p>'
        '<img src="@@PLUGINFILE@@/tick.png">]]></text>'
        f'<file name="tick.png" path="/" encoding="base64">{_b64(icon)}</file></generalfeedback>'
        '<correctfeedback format="html"><text>정답입니다!</text></correctfeedback>'
        '<incorrectfeedback format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/cross.png">'
        '틀렸습니다.]]></text></incorrectfeedback>'
        '<answer fraction="0"><text>S극에서 N극으로</text><feedback><text>방향이 반대입니다.</text>'
        "</feedback></answer>"
        '<answer fraction="100"><text>N극에서 S극으로</text><feedback><text>맞습니다.</text>'
        "</feedback></answer>"
        '<answer fraction="0"><text>원 모양</text></answer></question>')


def test_feedback_goes_to_explanation_per_choice_and_icons_are_not_figures(bank, tmp_path, data_dir):
    figure = draw_figure(tmp_path / "field.png", "graph")
    icon = draw_figure(tmp_path / "tick.png", "circle", size=(70, 50))
    report = bank.import_path(_quiz(tmp_path / "fb.xml", _feedback_question(figure, icon)),
                              subject="과학")
    assert report.imported == 1, report.to_dict()
    item = bank.get(report.imported_ids[0])
    assert item.explanation == ("N극에서 나와 S극으로 들어간다.\n[보기별 해설]\n"
                                "① 방향이 반대입니다.\n② 맞습니다.")
    assert "정답입니다" not in item.explanation and "틀렸습니다" not in item.explanation
    assert item.images == [_sha(figure)]  # the feedback's tick icon is not a figure of the item
    # round trip: our Moodle export writes each choice's feedback back into its <answer>
    out = tmp_path / "back.xml"
    assert bank.export(out, [item.id]) == 1
    assert "<feedback format=\"html\"><text><![CDATA[<p>방향이 반대입니다.</p>]]>" in out.read_text("utf-8")
    other = ItemBank(tmp_path / "other", create=True)
    try:
        again = other.import_path(out)
        copy = other.get(again.imported_ids[0])
        assert (copy.explanation, copy.choices, copy.answer, copy.images) == (
            item.explanation, item.choices, item.answer, item.images)
    finally:
        other.close()


def test_moodle_19_image_tag_is_kept_as_a_figure(bank, tmp_path):
    figure = draw_figure(tmp_path / "old.png", "triangle")
    question = _mc("<p>Moodle 1.9 그림 문항</p>").replace(
        "</questiontext>", f"</questiontext><image>old.png</image><image_base64>\n{_b64(figure)}\n"
        "</image_base64>")
    report = bank.import_path(_quiz(tmp_path / "old.xml", question), subject="정보")
    assert report.imported == 1 and bank.get(report.imported_ids[0]).images == [_sha(figure)]
    missing = _mc("<p>그림이 빠진 문항</p>").replace("</questiontext>",
                                                   "</questiontext><image>course/lost.png</image>")
    report = bank.import_path(_quiz(tmp_path / "lost.xml", missing), subject="정보")
    assert report.imported == 0 and "'course/lost.png'" in report.skipped[0].reason


# -- audio / video ----------------------------------------------------------------------------------
def test_audio_and_video_never_kill_the_question_and_are_named_without_temp_paths(bank, tmp_path):
    figure = draw_figure(tmp_path / "map.png", "square")
    mp3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + bytes(64)
    question = _mc('<p>소리를 듣고 답하시오.</p><audio controls src="@@PLUGINFILE@@/listen%201.mp3">'
                   '</audio><p><img src="@@PLUGINFILE@@/map.png"></p>',
                   extra=f'<file name="listen 1.mp3" path="/" encoding="base64">'
                   f'{base64.b64encode(mp3).decode()}</file>'
                   f'<file name="map.png" path="/" encoding="base64">{_b64(figure)}</file>')
    report = bank.import_path(_quiz(tmp_path / "listen.xml", question), subject="영어")
    assert report.imported == 1 and report.skipped == []
    assert bank.get(report.imported_ids[0]).images == [_sha(figure)]
    assert any("'listen 1.mp3'" in w and "row 1" in w for w in report.warnings), report.warnings
    assert not any("itembank-import-" in m for m in _messages(report))

    package = tmp_path / "video.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", _manifest('<resource identifier="R1" '
                         'type="imsqti_item_xmlv2p1" href="q1.xml"/>'))
        archive.writestr("q1.xml", _qti21_item('<p>영상을 보고 답하시오.</p><object data="clip.mp4" '
                                               'type="video/mp4"/>'))
        archive.writestr("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + bytes(32))
    report = bank.import_path(package, subject="정보")
    assert report.imported == 1, report.to_dict()
    assert any("'clip.mp4'" in w for w in report.warnings) and not any(
        "itembank-import-" in m for m in _messages(report))


def test_a_figure_that_is_not_an_image_is_named_by_its_own_name(bank, tmp_path):
    question = _mc('<p>깨진 그림</p><img src="@@PLUGINFILE@@/broken.png">',
                   extra='<file name="broken.png" path="/" encoding="base64">bm90IGEgcG5n</file>')
    report = bank.import_path(_quiz(tmp_path / "broken.xml", question), subject="정보")
    assert report.imported == 0 and "'broken.png'" in report.skipped[0].reason
    assert "itembank-import-" not in report.skipped[0].reason


# -- Moodle question types ---------------------------------------------------------------------------
def test_moodle_structured_types_are_imported_or_skipped_by_name(bank, tmp_path):
    ddwtos = ('<question type="ddwtos"><name><text>d</text></name><questiontext format="html"><text>'
              "<![CDATA[<p>물은 [[1]] 와 [[2]] 로 이루어진다.</p>]]></text></questiontext>"
              "<dragbox><text>수소</text><group>1</group></dragbox>"
              "<dragbox><text>산소</text><group>1</group></dragbox>"
              "<dragbox><text>질소</text><group>1</group></dragbox></question>")
    gapselect = ('<question type="gapselect"><name><text>g</text></name><questiontext format="html">'
                 "<text><![CDATA[<p>고양이는 [[2]] 이다.</p>]]></text></questiontext>"
                 "<selectoption><text>식물</text><group>1</group></selectoption>"
                 "<selectoption><text>동물</text><group>1</group></selectoption></question>")
    cloze_mc = ('<question type="multianswer"><name><text>c1</text></name><questiontext format="html">'
                "<text><![CDATA[<p>대한민국의 수도는 {1:MULTICHOICE:=서울#맞음~부산#아님~대구}이다.</p>]]>"
                "</text></questiontext></question>")
    cloze = ('<question type="cloze"><name><text>c2</text></name><questiontext format="html"><text>'
             "<![CDATA[<p>2+2 = {1:NUMERICAL:=4:0}, 프랑스의 수도는 {1:SHORTANSWER:%100%Paris#good"
             "~%50%Lyon}.</p>]]></text></questiontext></question>")
    description = ('<question type="description"><name><text>안내문</text></name><questiontext>'
                   "<text>다음 문항은 …</text></questiontext></question>")
    calculated = ('<question type="calculated"><name><text>계산</text></name><questiontext>'
                  "<text>{a}+{b}?</text></questiontext></question>")
    report = bank.import_path(_quiz(tmp_path / "types.xml", ddwtos, gapselect, cloze_mc, cloze,
                                    description, calculated), subject="과학")
    assert report.imported == 4, report.to_dict()
    drag, select, one_gap, gaps = (bank.get(i) for i in report.imported_ids)
    assert drag.type == "단답형" and drag.stem == "물은 ( 1 ) 와 ( 2 ) 로 이루어진다.\n보기: 수소, 산소, 질소"
    assert drag.answer == "(1) 수소, (2) 산소"
    assert select.answer == "(1) 동물"
    assert one_gap.type == "객관식" and one_gap.choices == ["서울", "부산", "대구"] and one_gap.answer == "1"
    assert one_gap.stem == "대한민국의 수도는 ( )이다."
    assert one_gap.explanation == "[보기별 해설]\n① 맞음\n② 아님"
    assert gaps.type == "단답형" and gaps.stem == "2+2 = ( 1 ), 프랑스의 수도는 ( 2 )."
    assert gaps.answer == "(1) 4, (2) Paris"
    skipped = {s.row: s.reason for s in report.skipped}
    assert set(skipped) == {5, 6}
    assert "'description'" in skipped[5] and "text only" in skipped[5]
    assert "'calculated'" in skipped[6] and "not supported" in skipped[6]


# -- QTI -------------------------------------------------------------------------------------------
def _manifest(resources: str, ns: str = "http://www.imsglobal.org/xsd/imscp_v1p1") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><manifest xmlns="{ns}" identifier="M">'
            f"<organizations/><resources>{resources}</resources></manifest>")


def _qti21_item(body: str, identifier: str = "q1") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><assessmentItem '
            f'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="{identifier}" title="t" '
            'adaptive="false" timeDependent="false"><responseDeclaration identifier="RESPONSE" '
            'cardinality="single" baseType="identifier"><correctResponse><value>B</value>'
            "</correctResponse></responseDeclaration><itemBody>" + body +
            '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">'
            '<simpleChoice identifier="A">하나</simpleChoice><simpleChoice identifier="B">둘'
            "</simpleChoice></choiceInteraction></itemBody></assessmentItem>")


QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"


def _qti3_item(identifier: str, prompt: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><qti-assessment-item xmlns="{QTI3}" '
            f'xmlns:m="{MATHML}" identifier="{identifier}" title="t" adaptive="false" '
            'time-dependent="false"><qti-response-declaration identifier="RESPONSE" '
            'cardinality="single" base-type="identifier"><qti-correct-response><qti-value>A'
            "</qti-value></qti-correct-response></qti-response-declaration><qti-item-body>"
            f"<p>{prompt}</p>"
            '<qti-choice-interaction response-identifier="RESPONSE" max-choices="1">'
            '<qti-simple-choice identifier="A">참</qti-simple-choice>'
            '<qti-simple-choice identifier="B">거짓</qti-simple-choice>'
            "</qti-choice-interaction></qti-item-body></qti-assessment-item>")


def test_qti3_package_whose_manifest_lists_only_the_test_is_read_through_its_item_refs(bank, tmp_path):
    package = tmp_path / "qti3_test_only.zip"
    test = (f'<?xml version="1.0" encoding="UTF-8"?><qti-assessment-test xmlns="{QTI3}" identifier="T" '
            'title="시험"><qti-test-part identifier="P" navigation-mode="linear" submission-mode="individual">'
            '<qti-assessment-section identifier="S" title="s" visible="true">'
            '<qti-assessment-item-ref identifier="i2" href="../items/second.xml"/>'
            '<qti-assessment-item-ref identifier="i1" href="../items/first.xml"/>'
            "</qti-assessment-section></qti-test-part></qti-assessment-test>")
    fraction = ("<m:math><m:mfrac><m:mi>a</m:mi><m:mi>b</m:mi></m:mfrac><m:mo>=</m:mo>"
                "<m:msup><m:mn>2</m:mn><m:mn>3</m:mn></m:msup></m:math>")
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("imsmanifest.xml", _manifest(
            '<resource identifier="T" type="imsqti_test_xmlv3p0" href="tests/test.xml">'
            '<file href="tests/test.xml"/></resource>',
            "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"))
        archive.writestr("tests/test.xml", test)
        archive.writestr("items/first.xml", _qti3_item("first", f"식 {fraction} 은 참인가?"))
        archive.writestr("items/second.xml", _qti3_item("second", "둘째\n    문항"))
    report = bank.import_path(package, subject="수학")
    assert report.imported == 2, report.to_dict()
    second, first = (bank.get(i) for i in report.imported_ids)  # the test's order
    assert second.stem == "둘째 문항"
    assert first.stem == r"식 $\frac{a}{b}={2}^{3}$ 은 참인가?" and first.answer == "1"
    assert [s.file.rsplit(":", 1)[-1] for s in report.skipped] == []


def test_qti21_folder_with_test_only_manifest_and_a_missing_item_is_reported(bank, tmp_path):
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "imsmanifest.xml").write_text(_manifest(
        '<resource identifier="T" type="imsqti_test_xmlv2p1" href="test.xml"/>'), encoding="utf-8")
    (folder / "test.xml").write_text(
        '<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="T" title="t">'
        '<testPart identifier="P" navigationMode="linear" submissionMode="individual">'
        '<assessmentSection identifier="S" title="s" visible="true">'
        '<assessmentItemRef identifier="a" href="a.xml"/><assessmentItemRef identifier="b" href="b.xml"/>'
        "</assessmentSection></testPart></assessmentTest>", encoding="utf-8")
    (folder / "a.xml").write_text(_qti21_item("<p>첫 문항</p>"), encoding="utf-8")
    report = bank.import_path(folder, subject="정보")
    assert report.imported == 1 and bank.get(report.imported_ids[0]).answer == "2"
    assert [(s.row, s.field) for s in report.skipped] == [(2, "row")]
    assert "b.xml" in report.skipped[0].reason


@pytest.mark.parametrize("markup, latex", [
    ("<math><mroot><mi>x</mi><mn>3</mn></mroot></math>", r"\sqrt[3]{x}"),
    ("<math><munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"
     "<mi>k</mi></math>", r"\sum_{k=1}^{n}k"),
    ("<math><mfenced><mi>a</mi><mi>b</mi></mfenced></math>", "(a,b)"),
    ("<math><mi>sin</mi><mi>x</mi></math>", r"\sin x"),
    ("<math><mover><mi>x</mi><mo>¯</mo></mover></math>", r"\overline{x}"),
])
def test_mathml_elements_convert_to_latex(markup, latex):
    from engine.importers.mathml import mathml_string_to_latex

    assert mathml_string_to_latex(markup) == latex


def _qti21(body: str, declarations: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><assessmentItem '
            'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x" title="t" adaptive="false" '
            f'timeDependent="false">{declarations}<itemBody>{body}</itemBody></assessmentItem>')


def _declaration(identifier: str, *values: str, base: str = "identifier") -> str:
    correct = "".join(f"<value>{v}</value>" for v in values)
    return (f'<responseDeclaration identifier="{identifier}" cardinality="multiple" baseType="{base}">'
            f"<correctResponse>{correct}</correctResponse></responseDeclaration>")


def test_qti_match_and_cloze_items_keep_their_structure(bank, tmp_path):
    match = _qti21('<matchInteraction responseIdentifier="R" maxAssociations="2"><prompt>짝지으시오.</prompt>'
                   '<simpleMatchSet><simpleAssociableChoice identifier="A">전류</simpleAssociableChoice>'
                   '<simpleAssociableChoice identifier="B">전압</simpleAssociableChoice></simpleMatchSet>'
                   '<simpleMatchSet><simpleAssociableChoice identifier="V">볼트</simpleAssociableChoice>'
                   '<simpleAssociableChoice identifier="I">암페어</simpleAssociableChoice></simpleMatchSet>'
                   "</matchInteraction>", _declaration("R", "A I", "B V", base="directedPair"))
    cloze = _qti21('<p>물은 <textEntryInteraction responseIdentifier="R1"/> 와 '
                   '<inlineChoiceInteraction responseIdentifier="R2"><inlineChoice identifier="o">산소'
                   '</inlineChoice><inlineChoice identifier="n">질소</inlineChoice></inlineChoiceInteraction>'
                   " 로 되어 있다.</p>",
                   _declaration("R1", "수소", base="string") + _declaration("R2", "o"))
    folder = tmp_path / "items"
    folder.mkdir()
    (folder / "imsmanifest.xml").write_text(_manifest(
        '<resource identifier="1" type="imsqti_item_xmlv2p1" href="match.xml"/>'
        '<resource identifier="2" type="imsqti_item_xmlv2p1" href="cloze.xml"/>'), encoding="utf-8")
    (folder / "match.xml").write_text(match, encoding="utf-8")
    (folder / "cloze.xml").write_text(cloze, encoding="utf-8")
    report = bank.import_path(folder, subject="과학")
    assert report.imported == 2, report.to_dict()
    paired, gaps = (bank.get(i) for i in report.imported_ids)
    assert paired.type == "단답형" and paired.stem == "짝지으시오.\n( 1 ) 전류\n( 2 ) 전압\n보기: 볼트, 암페어"
    assert paired.answer == "(1) 암페어, (2) 볼트"
    assert gaps.stem == "물은 ( 1 ) 와 ( 2 ) 로 되어 있다.\n보기:\n( 2 ) 산소 / 질소"
    assert gaps.answer == "(1) 수소, (2) 산소"


def test_mathml_nested_beyond_any_real_formula_gives_its_text_not_a_crash(bank, tmp_path):
    deep = "<math>" + "<mrow>" * 3000 + "<mi>x</mi>" + "</mrow>" * 3000 + "</math>"
    report = bank.import_path(_quiz(tmp_path / "deep.xml", _mc(f"<p>깊은 식 {deep}</p>")), subject="정보")
    assert report.imported == 1 and bank.get(report.imported_ids[0]).stem == "깊은 식 $x$"


def test_tex_written_for_mathjax_in_moodle_text_becomes_formulas(bank, tmp_path):
    report = bank.import_path(_quiz(tmp_path / "tex.xml", _mc(r"<p>\(x^2\) 과 \[\frac{1}{2}\] 과 $$y_1$$</p>")),
                              subject="수학")
    item = bank.get(report.imported_ids[0])
    assert item.stem == r"$x^2$ 과 $\frac{1}{2}$ 과 $y_1$"
    assert linear_text(item.stem) == "x^2 과 1/2 과 y_1"


# -- ordering and pattern-match questions ---------------------------------------------------------
QTI_ORDER = """<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="ord" title="순서" adaptive="false"
    timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
    <correctResponse><value>C</value><value>A</value><value>B</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <orderInteraction responseIdentifier="RESPONSE" shuffle="true">
      <prompt>물의 순환 과정을 순서대로 나열하시오.</prompt>
      <simpleChoice identifier="A">응결</simpleChoice>
      <simpleChoice identifier="B">강수</simpleChoice>
      <simpleChoice identifier="C">증발</simpleChoice>
    </orderInteraction>
  </itemBody>
</assessmentItem>
"""


def test_a_qti_ordering_item_lists_its_parts_and_keeps_the_right_order_as_the_answer(bank, tmp_path):
    path = tmp_path / "order.xml"
    path.write_text(QTI_ORDER, encoding="utf-8")
    report = bank.import_path(path, subject="과학")
    assert report.imported == 1, _messages(report)
    item = bank.get(report.imported_ids[0])
    assert item.type == "단답형"
    assert item.stem.splitlines() == ["물의 순환 과정을 순서대로 나열하시오.", "(가) 응결", "(나) 강수", "(다) 증발"]
    assert item.answer == "(다) → (가) → (나)"


def test_a_moodle_pattern_match_question_keeps_the_words_of_its_right_pattern(bank, tmp_path):
    answers = ('<answer fraction="100" format="moodle_auto_format"><text>match_w (광합성 엽록체)</text></answer>'
               '<answer fraction="0" format="moodle_auto_format"><text>*</text></answer>')
    path = _quiz(tmp_path / "pmatch.xml", _mc("<p>식물이 빛으로 양분을 만드는 과정과 장소는?</p>", answers, kind="pmatch"))
    report = bank.import_path(path, subject="과학")
    assert report.imported == 1, _messages(report)
    item = bank.get(report.imported_ids[0])
    assert item.type == "단답형" and item.answer == "광합성 엽록체"
