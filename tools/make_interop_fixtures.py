"""Write the interop fixtures in tests/fixtures/interop/ (all text written for this project).

    .venv/bin/python tools/make_interop_fixtures.py [OUT_DIR]

* exam_science.hwpx / exam_science.hwp — a two-column 중3 과학 paper: a header, a question with
  choices over two lines and a [3점] mark, a shared passage "[2~3] …" with a figure, a <보기> box,
  a column break, a question with a figure and an equation, a 서술형 question, and an answer-key
  table. Written with python-hwpx (the .hwp through its HWP 5.0 writer), the library itembank uses
  for .hwp reading and HWPX worksheets; itembank reads the .hwpx with its own OWPML walker.
* moodle_quiz.xml — Moodle XML as Moodle writes it: a category, multichoice with an embedded
  figure, shortanswer, essay, truefalse, and a matching question (unsupported: must be reported).
* qti21_package.zip — an IMS QTI 2.1 content package (imsmanifest.xml, one item per file, a figure)
  with a choice, a text-entry, an extended-text and an unsupported (order) item.
* qti30_science_item.xml — one QTI 3.0 choice item (qti-assessment-item), no metadata.
"""

from __future__ import annotations

import base64
import io
import sys
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "interop"


def figure(kind: str) -> bytes:
    """Small exam-like figures drawn with Pillow (deterministic bytes)."""
    image = Image.new("RGB", (240, 160), "white")
    draw = ImageDraw.Draw(image)
    if kind == "beaker":
        draw.rectangle([70, 30, 170, 140], outline="black", width=3)
        draw.rectangle([73, 80, 167, 137], fill=(180, 210, 255))
        draw.line([(60, 30), (180, 30)], fill="black", width=2)
    elif kind == "graph":
        draw.line([(30, 140), (230, 140)], fill="black", width=2)
        draw.line([(30, 10), (30, 140)], fill="black", width=2)
        draw.line([(30, 140), (210, 30)], fill="red", width=3)
    else:
        draw.ellipse([60, 20, 180, 140], outline="blue", width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# -- the exam paper -------------------------------------------------------------------------------
PAPER_HEADER = ["2026학년도 1학기 1차 지필평가 중학교 3학년 과학",
                "※ 선택형 문항의 답은 OMR 카드에 표기하시오."]
Q1 = "1. 다음 중 화학 변화에 해당하는 것은? [3점]"
Q1_CHOICES = ["① 얼음이 녹는다.  ② 설탕이 물에 녹는다.  ③ 종이가 탄다.",
              "④ 유리컵이 깨진다.  ⑤ 물이 끓는다."]
PASSAGE_HEAD = "[2~3] 다음은 민지가 수행한 실험 과정이다. 물음에 답하시오."
PASSAGE_LINES = ["(가) 비커에 물 100 g을 넣고 온도를 측정한다.",
                 "(나) 물에 소금 10 g을 넣고 완전히 녹을 때까지 저어 준다."]
Q2 = "2. (나) 과정 후 소금물의 질량은?"
Q2_CHOICES = ["① 90 g  ② 100 g  ③ 110 g  ④ 120 g  ⑤ 130 g"]
Q3 = "3. 이 실험에 대한 설명으로 옳은 것만을 <보기>에서 있는 대로 고른 것은?"
Q3_BOX = "<보기>\nㄱ. 소금은 용질이다.\nㄴ. 물은 용매이다.\nㄷ. 소금물은 순물질이다."
Q3_CHOICES = ["① ㄱ  ② ㄷ  ③ ㄱ, ㄴ  ④ ㄴ, ㄷ  ⑤ ㄱ, ㄴ, ㄷ"]
Q4 = "4. 그림은 일정한 속력으로 운동하는 물체의 이동 거리를 시간에 따라 나타낸 것이다. 속력이 "
Q4_EQUATION = "v = {s} over {t}"
Q4_TAIL = "일 때 이 물체의 속력은?"
Q4_CHOICES = ["① 1 m/s  ② 2 m/s  ③ 3 m/s  ④ 4 m/s  ⑤ 5 m/s"]
ESSAY = "[서술형 1] 물이 수증기로 변하는 현상의 예를 한 가지 쓰고, 그 까닭을 서술하시오. [5점]"
ANSWER_TABLE = [["번호", "1", "2", "3", "4"], ["정답", "③", "③", "③", "②"]]


def make_paper(out: Path) -> list[Path]:
    from hwpx import HwpxDocument

    doc = HwpxDocument.new()
    doc.paragraphs[0].text = PAPER_HEADER[0]
    doc.page.set_columns(2, separator_type="SOLID")
    doc.add_paragraph(PAPER_HEADER[1])
    doc.add_paragraph(Q1)
    for line in Q1_CHOICES:
        doc.add_paragraph(line)
    doc.add_paragraph(PASSAGE_HEAD)
    for line in PASSAGE_LINES:
        doc.add_paragraph(line)
    doc.add_picture(figure("beaker"), "png", width_mm=40, height_mm=27)
    doc.add_paragraph(Q2)
    for line in Q2_CHOICES:
        doc.add_paragraph(line)
    doc.add_paragraph(Q3)
    box = doc.add_table(1, 1)
    box.cell(0, 0).text = Q3_BOX
    for line in Q3_CHOICES:
        doc.add_paragraph(line)
    q4 = doc.add_paragraph(Q4)
    q4.column_break = True  # question 4 starts the right-hand column
    doc.shapes.add_equation(Q4_EQUATION, paragraph=q4)
    q4.add_run(Q4_TAIL)
    doc.add_picture(figure("graph"), "png", width_mm=40, height_mm=27)
    for line in Q4_CHOICES:
        doc.add_paragraph(line)
    doc.add_paragraph(ESSAY)
    doc.add_paragraph("정답")
    table = doc.add_table(len(ANSWER_TABLE), len(ANSWER_TABLE[0]))
    for r, row in enumerate(ANSWER_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    hwpx_path = out / "exam_science.hwpx"
    hwp_path = out / "exam_science.hwp"
    doc.save_to_path(hwpx_path)
    doc.save_to_path(hwp_path)
    return [hwpx_path, hwp_path]


# -- Moodle XML -----------------------------------------------------------------------------------
def make_moodle(out: Path) -> Path:
    png = base64.b64encode(figure("circle")).decode()
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/과학/중2</text></category>
  </question>
  <question type="multichoice">
    <name><text>원의 그림</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>그림과 같이 자석 주위에 생기는 자기장의 모양으로 옳은 것은?</p><p><img src="@@PLUGINFILE@@/magnet.png" alt="" width="240" height="160"></p>]]></text>
      <file name="magnet.png" path="/" encoding="base64">{png}</file>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>자기력선은 N극에서 나와 S극으로 들어간다.</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="0" format="html"><text><![CDATA[<p>직선 모양</p>]]></text></answer>
    <answer fraction="100" format="html"><text><![CDATA[<p>N극에서 S극으로 향하는 곡선</p>]]></text></answer>
    <answer fraction="0" format="html"><text>S극에서 N극으로 향하는 곡선</text></answer>
    <answer fraction="0" format="html"><text>동심원 모양</text></answer>
    <tags><tag><text>자기장</text></tag></tags>
  </question>
  <question type="shortanswer">
    <name><text>전류 단위</text></name>
    <questiontext format="html"><text><![CDATA[<p>전류의 단위를 기호로 쓰시오.</p>]]></text></questiontext>
    <answer fraction="100"><text>A</text></answer>
    <answer fraction="100"><text>암페어</text></answer>
  </question>
  <question type="essay">
    <name><text>정전기</text></name>
    <questiontext format="html"><text><![CDATA[<p>겨울철에 정전기가 자주 생기는 까닭을<br>서술하시오.</p>]]></text></questiontext>
    <graderinfo format="html"><text><![CDATA[<p>공기가 건조하여 전하가 잘 빠져나가지 않기 때문이다.</p>]]></text></graderinfo>
  </question>
  <question type="truefalse">
    <name><text>전압</text></name>
    <questiontext format="html"><text><![CDATA[<p>전압의 단위는 볼트(V)이다.</p>]]></text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="matching">
    <name><text>짝짓기</text></name>
    <questiontext format="html"><text><![CDATA[<p>물리량과 단위를 짝지으시오.</p>]]></text></questiontext>
    <subquestion><text>전류</text><answer><text>A</text></answer></subquestion>
    <subquestion><text>전압</text><answer><text>V</text></answer></subquestion>
  </question>
</quiz>
"""
    path = out / "moodle_quiz.xml"
    path.write_text(xml, encoding="utf-8")
    return path


# -- QTI 2.1 package and a QTI 3.0 item -----------------------------------------------------------
_QTI21 = 'xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"'


def _qti21_choice() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem {_QTI21} identifier="q-density" title="밀도" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>C</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p>그림의 물체의 질량이 20 g이고 부피가 10 cm³일 때 밀도는?</p>
    <p><img src="../images/cube.png" alt="정육면체"/></p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
      <simpleChoice identifier="A">0.5 g/cm³</simpleChoice>
      <simpleChoice identifier="B">1 g/cm³</simpleChoice>
      <simpleChoice identifier="C">2 g/cm³</simpleChoice>
      <simpleChoice identifier="D">10 g/cm³</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>
"""


def _qti21_text() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem {_QTI21} identifier="q-unit" title="단위" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
    <correctResponse><value>N</value></correctResponse>
  </responseDeclaration>
  <itemBody>
    <p>힘의 단위를 기호로 쓰면 <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="4"/> 이다.</p>
  </itemBody>
</assessmentItem>
"""


def _qti21_essay() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem {_QTI21} identifier="q-essay" title="관성" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"/>
  <itemBody>
    <extendedTextInteraction responseIdentifier="RESPONSE">
      <prompt>버스가 갑자기 출발할 때 승객이 뒤로 넘어지는 까닭을 관성과 관련지어 서술하시오.</prompt>
    </extendedTextInteraction>
  </itemBody>
</assessmentItem>
"""


def _qti21_order() -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem {_QTI21} identifier="q-order" title="순서" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier"/>
  <itemBody>
    <orderInteraction responseIdentifier="RESPONSE">
      <prompt>행성을 태양에서 가까운 순서로 배열하시오.</prompt>
      <simpleChoice identifier="A">지구</simpleChoice>
      <simpleChoice identifier="B">수성</simpleChoice>
    </orderInteraction>
  </itemBody>
</assessmentItem>
"""


def make_qti(out: Path) -> list[Path]:
    items = [("items/density.xml", _qti21_choice(), ["images/cube.png"]),
             ("items/unit.xml", _qti21_text(), []),
             ("items/essay.xml", _qti21_essay(), []),
             ("items/order.xml", _qti21_order(), [])]
    resources = []
    for number, (href, _, files) in enumerate(items, start=1):
        file_rows = "".join(f'<file href="{f}"/>' for f in [href, *files])
        resources.append(
            f'<resource identifier="R{number}" type="imsqti_item_xmlv2p1" href="{href}">'
            f'<metadata><lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><keyword>'
            f'<string>과목:과학</string></keyword><keyword><string>학년:중1</string></keyword>'
            f'</general></lom></metadata>{file_rows}</resource>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M1">'
                '<organizations/><resources>' + "".join(resources) + '</resources></manifest>\n')
    package = out / "qti21_package.zip"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for href, xml, _ in items:
            archive.writestr(href, xml)
        archive.writestr("images/cube.png", figure("beaker"))
    qti30 = out / "qti30_science_item.xml"  # no metadata: the subject comes from the name
    qti30.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="q30" title="광합성"
    adaptive="false" time-dependent="false">
  <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
    <qti-correct-response><qti-value>B</qti-value></qti-correct-response>
  </qti-response-declaration>
  <qti-item-body>
    <p>식물의 광합성에 필요한 기체는?</p>
    <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
      <qti-simple-choice identifier="A">산소</qti-simple-choice>
      <qti-simple-choice identifier="B">이산화 탄소</qti-simple-choice>
      <qti-simple-choice identifier="C">질소</qti-simple-choice>
    </qti-choice-interaction>
  </qti-item-body>
</qti-assessment-item>
""", encoding="utf-8")
    return [package, qti30]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    written = make_paper(out) + [make_moodle(out)] + make_qti(out)
    for path in written:
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
