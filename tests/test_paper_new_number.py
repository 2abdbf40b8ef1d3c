"""한글's "새 번호로 시작" (new number start) in the numbers the reader writes before a question.

학원 papers number their questions by 미주 (endnotes); each 선택과목 set of a 수학 paper starts its
미주 again at 23 with a ``hp:newNum numType="ENDNOTE"`` control (HWP 5's 'nwno', which python-hwpx
keeps). 한글 also writes each 미주's shown number, but the schema has no such attribute, so a package
from another writer may leave it out: the reader then counts from ``hh:beginNum`` and the new-number
controls. A numbering definition's own ``start`` stands for a level that gives none. The real
교육청 papers (rhwp's 3-09월/3-10월 통합, fetched) carry exactly these controls; the packages here
are built by hand, as small as the reader accepts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from engine.importers.owpml import OwpmlPackage
from engine.importers.paper import split_paper

_NS = ('xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
       'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
       'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"')


def _p(inner: str, shape: int = 0) -> str:
    return f'<hp:p paraPrIDRef="{shape}"><hp:run>{inner}</hp:run></hp:p>'


def _note(answer: str, number: int | None = None) -> str:
    shown = f' number="{number}"' if number is not None else ""
    return (f'<hp:ctrl><hp:endNote{shown}><hp:subList>{_p(f"<hp:t>[정답] {answer}</hp:t>")}'
            f'</hp:subList></hp:endNote></hp:ctrl>')


def _frame(text: str) -> str:
    """A text box, as the 교육청 papers print their 선택과목 titles."""
    return f'<hp:rect><hp:drawText><hp:subList>{_p(f"<hp:t>{text}</hp:t>")}</hp:subList></hp:drawText></hp:rect>'


def _new_number(num: int, kind: str = "ENDNOTE") -> str:
    return f'<hp:ctrl><hp:newNum num="{num}" numType="{kind}"/></hp:ctrl>'


def _package(tmp_path: Path, body: list[str], header: str = "") -> OwpmlPackage:
    paper = tmp_path / "paper.hwpx"
    with zipfile.ZipFile(paper, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        if header:
            archive.writestr("Contents/header.xml", f"<hh:head {_NS}>{header}</hh:head>")
        archive.writestr("Contents/section0.xml", f'<hs:sec {_NS}>{"".join(body)}</hs:sec>')
    return OwpmlPackage(paper.read_bytes(), str(paper))


def _question(note: str, stem: str) -> list[str]:
    return [_p(note + f"<hp:t>{stem}</hp:t>"), _p("<hp:t>① 1 ② 2 ③ 3 ④ 4 ⑤ 5</hp:t>")]


def _starts(package: OwpmlPackage) -> list[str]:
    return [m.group(0) for b in package.blocks() if (m := re.match(r"\d+\.", b.text))]


def test_endnotes_without_their_number_count_from_begin_num_and_start_again_at_new_num(tmp_path):
    body = (_question(_note("①"), "첫째 문항은?") + _question(_note("②"), "둘째 문항은?")
            + [_p(_new_number(1, "PAGE"))]  # a new page number is no 미주's business
            + [_p(_frame("미적분"))] + _question(_new_number(23) + _note("③"), "극한값은?")
            + _question(_note("④"), "미분계수는?"))
    header = '<hh:beginNum page="1" footnote="1" endnote="1" pic="1" tbl="1" equation="1"/>'
    package = _package(tmp_path, body, header)
    assert _starts(package) == ["1.", "2.", "23.", "24."]
    split = split_paper(package.blocks())
    assert [(i.section, i.label, i.answer) for i in split.items] == [
        ("", "1", "①"), ("", "2", "②"), ("미적분", "23", "③"), ("미적분", "24", "④")]
    assert not split.doubts


def test_the_number_hangul_writes_on_an_endnote_wins_and_the_count_goes_on_from_it(tmp_path):
    body = (_question(_note("①", number=5), "다섯째 문항은?") + _question(_note("②"), "여섯째 문항은?"))
    header = '<hh:beginNum page="1" footnote="1" endnote="3" pic="1" tbl="1" equation="1"/>'
    assert _starts(_package(tmp_path, body, header)) == ["5.", "6."]


def test_a_document_that_starts_its_endnotes_later_numbers_from_there(tmp_path):
    body = _question(_note("①"), "문항은?") + [_p("<hp:t>본문 중간의 미주</hp:t>" + _note("x"))]
    body += _question(_note("②"), "다음 문항은?")
    header = '<hh:beginNum page="1" footnote="1" endnote="7" pic="1" tbl="1" equation="1"/>'
    # a 미주 inside a line (not numbering a question) still takes its number: the next is 9
    assert _starts(_package(tmp_path, body, header)) == ["7.", "9."]


def test_a_numbering_definition_start_stands_for_a_level_that_gives_none(tmp_path):
    header = ('<hh:refList><hh:numberings itemCnt="1"><hh:numbering id="1" start="11">'
              '<hh:paraHead level="1" numFormat="DIGIT">^1.</hh:paraHead></hh:numbering>'
              '<hh:numbering id="2" start="0"><hh:paraHead start="1" level="1" numFormat="DIGIT">^1)'
              '</hh:paraHead></hh:numbering></hh:numberings>'
              '<hh:paraProperties itemCnt="3"><hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/>'
              '</hh:paraPr><hh:paraPr id="5"><hh:heading type="NUMBER" idRef="1" level="0"/></hh:paraPr>'
              '<hh:paraPr id="6"><hh:heading type="NUMBER" idRef="2" level="0"/></hh:paraPr>'
              '</hh:paraProperties></hh:refList>')
    body = [_p("<hp:t>가</hp:t>", 5), _p("<hp:t>나</hp:t>", 5), _p("<hp:t>다</hp:t>", 6)]
    assert [b.text for b in _package(tmp_path, body, header).blocks()] == ["11. 가", "12. 나", "1) 다"]


def test_a_real_교육청_paper_reads_the_same_with_its_endnote_numbers_taken_out(tmp_path):
    """rhwp's 3-09월 통합 (fetched): newNum controls start the 미주 again at 23; counted from
    them, the questions get the numbers 한글 wrote on each 미주."""
    real = Path(__file__).resolve().parents[1] / "shared" / "hwp-papers" / "rhwp" / "3-09월_교육_통합_2023.hwpx"
    if not real.is_file():
        pytest.skip("rhwp/3-09월_교육_통합_2023.hwpx not fetched (python tools/build_corpus.py --fetched)")
    stripped = tmp_path / "stripped.hwpx"
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(stripped, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("Contents/section"):
                data = re.sub(rb'(<hp:endNote\b[^>]*?) number="\d+"', rb"\1", data)
            target.writestr(info, data)
    assert b'numType="ENDNOTE"' in zipfile.ZipFile(real).read("Contents/section0.xml")

    def labels(path: Path) -> list[tuple[str, str]]:
        return [(i.section, i.label) for i in split_paper(OwpmlPackage(path.read_bytes(), str(path)).blocks()).items]

    with zipfile.ZipFile(stripped) as package:
        sections = b"".join(package.read(n) for n in package.namelist() if n.startswith("Contents/section"))
    assert len(re.findall(rb"<hp:endNote[ >]", sections)) == 46 and not re.search(rb'<hp:endNote\b[^>]*? number="', sections)
    got = labels(stripped)
    assert len(got) == 46 and got == labels(real)
    assert [label for _, label in got].count("23") == 3  # the three 선택과목 sets
