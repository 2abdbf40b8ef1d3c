"""Rebuild tests/corpus/real/ — real Moodle XML, QTI and 한글 files from public repositories — and its
MANIFEST.csv, from the exact commits listed here.

Only files whose licence allows redistribution are listed (GPL, AGPL, MIT, BSD, Apache); their
licence is recorded per file. A QTI package that the source repository keeps as a folder is zipped
here (its files unchanged), because itembank imports a package as one file.

    python tools/build_corpus.py --mirrors DIR    # DIR/owner+name/repo: bare git clones of the sources
    python tools/build_corpus.py --download       # raw.githubusercontent.com at the listed commits

Sources not shipped (no licence to redistribute), for a local check only: FranckSilvestre/
ExemplesMoodleXML (no licence file; its MultipleChoiceQuestion.xml is not well-formed XML).

Real 한글 exam papers are listed in PAPERS. Those whose licence lets us redistribute them ship in
tests/corpus/real/ like the rest: rhwp's math-001 (MIT, made by rhwp's author: samples/README.md
class A) and exam-hwpx-kit's synthetic paper and template (Apache-2.0, made for that project); their
licence and NOTICE texts sit beside them (rhwp/LICENSE, examkit/LICENSE, examkit/NOTICE). The others
(수능, 교육청 모의고사, 경찰 모의고사, 학원 templates) are fetch-to-rebuild, never in git: their
repositories' code licences do not cover the papers (rhwp's samples/README.md says so of its 시험지,
class C; KDSNR's licence is non-commercial; hwp-exam-editor has no licence). They go to
shared/hwp-papers/ (ignored by git), where the corpus report and test look for them:

    python tools/build_corpus.py --fetched --mirrors DIR   # DIR/owner+name/repo: bare clones
    python tools/build_corpus.py --fetched --download      # raw.githubusercontent.com
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"
FETCHED_DIR = ROOT / "shared" / "hwp-papers"  # fetch-to-rebuild papers: never in git
FIELDS = ("file", "source_repo", "path", "commit", "licence", "format", "family", "questions", "expect",
          "choices", "answers", "shipped")
GPL3 = "GPL-3.0-or-later"


@dataclass(frozen=True)
class Source:
    """One corpus file. ``questions``: questions counted by hand in the source (-1: not counted);
    ``expect``: "import" (holds questions itembank reads), "refuse" (only types it does not read),
    "paper" (a 한글 document: its split is the paper splitter's business)."""

    family: str
    fmt: str
    repo: str
    commit: str
    path: str
    licence: str
    target: str
    questions: int = -1
    expect: str = "import"
    folder: bool = False  # a package kept as a folder upstream: zipped here
    # 한글 papers: choices per question, run-length ("5x15,0x7": 15 questions of 5 choices, 7 with
    # none), counted by hand from the paper's text; how many questions print their answer
    choices: str = ""
    answers: int = 0
    shipped: bool = True  # False: fetch-to-rebuild into shared/hwp-papers/, never in git


MOODLE = "moodle/moodle"
M_COMMITS = {"match": "5562b013f4ddadb1a92d9d2abfdb88d71dadf083",
             "ddwtos": "2d00328603b5401a3248bae0135461e268cc77bb",
             "oldimage": "0b4c2c04f90d3b09bd3cba359fb07fd1973f5c0c",
             "multianswer": "45079d79642fefbd1bbbebf113cad49de3b98fde"}
GAPFILL = ("marcusgreen/moodle-qtype_gapfill", "746614db2b06bef91818d702fd1d9875381ce918")
QTISDK = ("oat-sa/qti-sdk", "634a9b89f3c58e37722be0906898d3da2459a2df")
CITO = ("Citolab/qti-components", "caf09439b3925d0ae3b0b957a405b8785df79f7b")
RQTI = ("shevandrin/rqti", "5a7230cc9e9972963ec4a815e1b62a0d209dc4ad")
QTIWORKS = ("davemckain/qtiworks", "f1465aad49d575f7fc44ff9eaae3d0d57a323abb")
QTIWORKS_DIR = "qtiworks-engine/src/test/resources/uk/ac/ed/ph/qtiworks/services/"
HWPX = ("airmang/python-hwpx", "b6e03fce41c170aeafec785285fa1821ec5a47e6")
PYHWP = ("mete0r/pyhwp", "83239f0d3bdf438b2c9f7dcff455a6e841154a39")
HWPLIB = ("neolord0/hwplib", "feff19ee0af71b5d43d4a3b7f1b7ab78c05d4bf1")
HWPXLIB = ("neolord0/hwpxlib", "02422c8ae33c3f187d51c4f2c11718d2861ea8e2")
HWPJS = ("ohah/hwpjs", "112137a661e99d15c9df411989333c03468414b7")

SOURCES: tuple[Source, ...] = (
    # -- Moodle XML ------------------------------------------------------------------------------
    Source("Moodle", "moodle", MOODLE, M_COMMITS["match"], "question/type/match/tests/fixtures/"
           "testquestion.moodle.xml", GPL3, "moodle/moodle-core/match_testquestion.xml", 1),
    Source("Moodle", "moodle", MOODLE, M_COMMITS["ddwtos"], "question/type/ddwtos/tests/fixtures/"
           "testquestion.moodle.xml", GPL3, "moodle/moodle-core/ddwtos_testquestion.xml", 1),
    Source("Moodle", "moodle", MOODLE, M_COMMITS["oldimage"], "question/format/xml/tests/fixtures/"
           "sample_questions_with_old_image_tag.xml", GPL3,
           "moodle/moodle-core/sample_questions_with_old_image_tag.xml", 2),
    Source("Moodle", "moodle", MOODLE, M_COMMITS["multianswer"], "question/format/xml/tests/fixtures/"
           "multianswer.xml", GPL3, "moodle/moodle-core/multianswer.xml", 1),
    Source("Moodle", "moodle", *GAPFILL, "examples/ja/gapfill_examples.xml", GPL3,
           "moodle/gapfill/gapfill_examples_ja.xml", 3),
    Source("Moodle", "moodle", *GAPFILL, "examples/fr/gapfill_examples.xml", GPL3,
           "moodle/gapfill/gapfill_examples_fr.xml", 3),
    Source("Moodle", "moodle", "moodleou/moodle-qtype_oumultiresponse",
           "af53ba65e8d4a7288ef47cce2a77b5d6a0c26924", "tests/fixtures/testquestion.moodle.xml", GPL3,
           "moodle/oumultiresponse/testquestion.moodle.xml", 1),
    Source("Moodle", "moodle", "moodleou/moodle-qtype_combined", "06015a9219b17b8021de457c39a303e768bfc695",
           "tests/fixtures/testquestion.moodle.xml", GPL3, "moodle/combined/testquestion.moodle.xml", 1,
           "refuse"),
    Source("Moodle", "moodle", "rezeau/moodle-qtype_regexp", "2a8aa5b7b7f58c925bbe63f45d6da4c63f291753",
           "tests/fixtures/regexp_examples.xml", GPL3, "moodle/regexp/regexp_examples.xml", 1),
    Source("Moodle", "moodle", "moodleou/moodle-qtype_pmatch", "265ce0536fa3df016dc8faddfbe0426f872404d9",
           "tests/fixtures/testquestion.moodle.xml", GPL3, "moodle/pmatch/testquestion.moodle.xml", 1,
           "import"),
    Source("Moodle", "moodle", "maths/moodle-qtype_stack", "a14f3034a0e45aab27dcae96c526a6095dbf6ef7",
           "samplequestions/stackdemo/10_integration_with_feedback.xml", GPL3,
           "moodle/stack/10_integration_with_feedback.xml", 1, "refuse"),
    # -- QTI 2.x / 3.0 ---------------------------------------------------------------------------
    *(Source("QTI", "qti", *QTISDK, f"test/samples/ims/items/{version}/{name}.xml", "GPL-2.0",
             f"qti/qti-sdk/{version}_{name}.xml", 1, expect)
      for version, name, expect in (("2_1", "choice", "import"), ("2_1", "choice_multiple", "import"),
                                    ("2_1", "text_entry", "import"), ("2_1", "extended_text", "import"),
                                    ("2_1", "math", "import"), ("2_1", "order", "import"),
                                    ("2_1", "feedbackInline", "import"),
                                    ("2_2", "choice_multiple_rtl", "import"), ("2_2", "essay", "import"),
                                    ("3_0", "aqti_tmh_sample_1", "import"))),
    Source("QTI", "qti", *CITO, "public/assets/qti-test-package/", "GPL-3.0",
           "qti/citolab/qti-test-package.zip", folder=True),
    Source("QTI", "qti", *CITO, "public/assets/qti-conformance/Basic/T4-T7/", "GPL-3.0",
           "qti/citolab/conformance-T4-T7.zip", folder=True),
    Source("QTI", "qti", *CITO, "public/assets/api/kennisnet-2/", "GPL-3.0",
           "qti/citolab/kennisnet-2.zip", folder=True),
    Source("QTI", "qti", "kennisnet/php-qti3", "90db380969c1d526695d92267fed09d247286b41",
           "fixtures/no-response-processing.zip", "MIT", "qti/php-qti3/no-response-processing.zip"),
    *(Source("QTI", "qti", *RQTI, f"tests/testthat/file/xml/{name}.xml", "GPL-3.0",
             f"qti/rqti/{name}.xml", 1, expect)
      for name, expect in (("SingleChoice", "import"), ("MultipleChoice", "import"), ("Essay", "import"),
                           ("NumericGap", "import"), ("Order", "import"))),
    Source("QTI", "qti", *QTIWORKS, QTIWORKS_DIR + "WebDeveloperTest1.zip", "BSD-3-Clause",
           "qti/qtiworks/WebDeveloperTest1.zip"),
    Source("QTI", "qti", *QTIWORKS, QTIWORKS_DIR + "Aardvark-cannon.zip", "BSD-3-Clause",
           "qti/qtiworks/Aardvark-cannon.zip"),
    # -- 한글 HWP / HWPX ----------------------------------------------------------------------------
    # expect "paper": holds questions (counted by hand: questions, choices); "none": a 한글 document
    # holding no questions, to be refused with one clear line
    Source("HWP/HWPX", "hwpx", *HWPX, "tests/fixtures/exam/B_submitted.hwpx", "Apache-2.0",
           "hwp/python-hwpx/B_submitted.hwpx", 22, "paper", choices="5x22"),  # a school 정보 exam
    Source("HWP/HWPX", "hwpx", *HWPX, "examples/Skeleton.hwpx", "Apache-2.0",
           "hwp/python-hwpx/Skeleton.hwpx", 0, "none"),
    Source("HWP/HWPX", "hwp", *PYHWP, "tests/hwp5_tests/fixtures/sample-5017.hwp", "AGPL-3.0",
           "hwp/pyhwp/sample-5017.hwp", 0, "none"),
    Source("HWP/HWPX", "hwp", *PYHWP, "tests/hwp5_tests/fixtures/lists.hwp", "AGPL-3.0",
           "hwp/pyhwp/lists.hwp", 0, "none"),
    Source("HWP/HWPX", "hwp", *HWPLIB, "sample_hwp/extracting_ParaHead.hwp", "Apache-2.0",
           "hwp/hwplib/extracting_ParaHead.hwp", 0, "none"),
    Source("HWP/HWPX", "hwpx", *HWPXLIB, "testFile/reader_writer/SimpleEquation.hwpx", "Apache-2.0",
           "hwp/hwpxlib/SimpleEquation.hwpx", 0, "none"),
    Source("HWP/HWPX", "hwpx", *HWPXLIB, "testFile/tool/textextractor/ParaHead.hwpx", "Apache-2.0",
           "hwp/hwpxlib/ParaHead.hwpx", 0, "none"),
    Source("HWP/HWPX", "hwpx", *HWPJS, "crates/hwp-core/tests/fixtures/example.hwpx", "MIT",
           "hwp/hwpjs/example.hwpx", 0, "none"),
    Source("HWP/HWPX", "hwp", *HWPJS, "crates/hwp-core/tests/fixtures/example.hwp", "MIT",
           "hwp/hwpjs/example.hwp", 0, "none"),
)

# -- real 한글 exam papers: fetch-to-rebuild (see the module's docstring) ----------------------------
RHWP = ("whyzoo-lab/hwp-mcp", "cbcf13d164789d69342914eeffb974e991ddef6e")  # rhwp (edwardkim) + MCP
RHWP_FIRST = ("whyzoo-lab/hwp-mcp", "0f21f00f805b103f8f491f329413429ae3ab8b55")  # files removed later
RHWP_LICENCE = "MIT code; papers keep their authors' copyright (samples/README.md, class C)"
RHWP_OWN = "MIT (samples/README.md class A: made by rhwp's author)"
KDSNR = ("wnsgml9807/kdsnr-hwp-toolkit", "f0590607c4642e1700ef00169eb3d9ad77cc7fd3")
KDSNR_DIR = "kdsnr-hwp-engine/parser/src/split/compose/templates/"
KDSNR_LICENCE = "KDSNR custom non-commercial licence (no redistribution)"
POLICE = ("hankukpol/hwp-exam-editor", "ffa36ce34406219fdb879c543c1184f0cef044c5")
POLICE_LICENCE = "none (no licence file: all rights reserved)"
EXAMKIT = ("eun7661010/exam-hwpx-kit", "dddc86d7014e05644756a072749dd64e674938d8")
SUNEUNG_MATH = "5x15,0x7,5x6,0x2,5x6,0x2,5x6,0x2"  # 1–15, 16–22 단답, then 23–28 and 29–30 단답 ×3


def _paper(fmt: str, source: tuple[str, str], path: str, licence: str, target: str, questions: int,
           expect: str = "paper", choices: str = "", answers: int = 0, shipped: bool = False) -> Source:
    return Source("HWP/HWPX", fmt, *source, path, licence, target, questions, expect, choices=choices,
                  answers=answers, shipped=shipped)


PAPERS: tuple[Source, ...] = (
    # 2025학년도 수능 papers (평가원), as rhwp keeps them for its renderer tests
    *(_paper(name.rsplit(".", 1)[1], RHWP, f"samples/{'hwpx/' if name.endswith('x') else ''}{name}",
             RHWP_LICENCE, f"rhwp/{name}", questions, choices=choices)
      for name, questions, choices in (
          ("exam-kor-1p.hwp", 3, "5x3"), ("exam-kor-1p.hwpx", 3, "5x3"),
          ("exam_eng.hwp", 45, "5x3,0,5x41"),  # 4: the choices are drawn in the picture
          ("exam_math.hwp", 46, SUNEUNG_MATH), ("exam_math_no.hwp", 46, SUNEUNG_MATH),
          ("exam_science.hwp", 20, "5x20"),  # 2: choices drawn as pictures; 7: a table of choices
          ("exam_social.hwp", 20, "5x20"), ("exam_social-p1.hwp", 5, "5x5"),
          ("exam_social-p1.hwpx", 5, "5x5"))),
    _paper("hwp", RHWP, "samples/exam_math_8.hwp", RHWP_LICENCE, "rhwp/exam_math_8.hwp", 0, "none"),
    _paper("hwp", RHWP, "samples/el-school-001.hwp", RHWP_LICENCE, "rhwp/el-school-001.hwp", 0, "none"),
    _paper("hwpx", RHWP, "samples/hwpx/el-school-001.hwpx", RHWP_LICENCE, "rhwp/el-school-001.hwpx", 0,
           "none"),
    # four questions with no numbers at all (an equation test file by rhwp's author): shipped
    _paper("hwp", RHWP, "samples/math-001.hwp", RHWP_OWN, "rhwp/math-001.hwp", 4, choices="5,0,5,5",
           shipped=True),
    _paper("hwpx", RHWP, "samples/hwpx/math-001.hwpx", RHWP_OWN, "rhwp/math-001.hwpx", 4,
           choices="5,0,5,5", shipped=True),
    _paper("hwp", RHWP_FIRST, "samples/21_언어_기출_편집가능본.hwp", RHWP_LICENCE,
           "rhwp/21_언어_기출_편집가능본.hwp", 30, choices="5x30"),
    # 교육청 3월/10월 모의고사 수학 통합본: questions numbered by their 미주, which hold 정답 and 해설
    *(_paper(name.rsplit(".", 1)[1], RHWP_FIRST, f"samples/{name}", RHWP_LICENCE, f"rhwp/{name}", 46,
             choices=SUNEUNG_MATH, answers=46)
      for name in ("3-09월_교육_통합_2023.hwp", "3-09월_교육_통합_2023.hwpx", "3-10월_교육_통합_2022.hwp",
                   "3-10월_교육_통합_2022.hwpx")),
    # 수능-style templates of a 대성 research toolkit (수학: three 선택과목 sets with no title)
    _paper("hwpx", KDSNR, KDSNR_DIR + "korean.hwpx", KDSNR_LICENCE, "kdsnr/korean.hwpx", 1, choices="5"),
    _paper("hwpx", KDSNR, KDSNR_DIR + "math.hwpx", KDSNR_LICENCE, "kdsnr/math.hwpx", 46, "unsure",
           choices=SUNEUNG_MATH),
    _paper("hwpx", KDSNR, KDSNR_DIR + "science.hwpx", KDSNR_LICENCE, "kdsnr/science.hwpx", 5,
           choices="5,0x4"),
    _paper("hwpx", KDSNR, KDSNR_DIR + "social.hwpx", KDSNR_LICENCE, "kdsnr/social.hwpx", 5,
           choices="5,0x4"),
    # 경찰 공무원 아침모의고사 (행정법, 형법, 헌법, 형사소송법): "01." numbers, 정답/해설 per question
    *(_paper("hwp", POLICE, path, POLICE_LICENCE, f"hankukpol/{target}", questions, expect,
             choices, answers)
      for path, target, questions, expect, choices, answers in (
          ("tests/sample_files/아침모의고사 6회.hwp", "morning6.hwp", 20, "paper", "4x20", 20),
          ("tests/sample_files/6주차 - 특수폭행 ~ 경매(위전착).hwp", "week6_criminal.hwp", 20, "paper",
           "4x20", 20),
          ("tests/sample_files/[헌법] [6주차]  26년 1-2월 헌법 아침모의고사_2.9.(월)_집회결사~재산권.hwp",
           "week6_constitution.hwp", 20, "paper", "4x20", 20),
          ("tests/sample_files/제6회 문제(대물영장주의예외~거증책임, 실제는 수사까지) - 26년1월.hwp",
           "round6_questions.hwp", 20, "paper", "4x20", 0),
          ("tests/sample_files/제6회 정답(대물영장주의예외~거증책임, 실제는 수사까지) - 26년1월.hwp",
           "round6_answers.hwp", 0, "none", "", 0),  # the answers of round6_questions, alone
          ("tests/sample_files/결과 샘플.hwp", "result_sample.hwp", 0, "none", "", 0),
          ("config/templates/아침모의고사 템플릿.hwp", "morning_template.hwp", 3, "paper", "4x3", 0),
          ("config/templates/정기모의고사 템플릿.hwp", "regular_template.hwp", 3, "paper", "4x3", 0))),
    # exam-hwpx-kit's own synthetic paper and template (examples/NOTICE.md): shipped
    _paper("hwpx", EXAMKIT, "examples/synthetic-output.hwpx", "Apache-2.0", "examkit/synthetic-output.hwpx",
           2, choices="5x2", shipped=True),
    _paper("hwpx", EXAMKIT, "examples/synthetic-template.hwpx", "Apache-2.0",
           "examkit/synthetic-template.hwpx", 0, "none", shipped=True),
)


def _git(mirror: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={mirror}", *args], check=True, capture_output=True).stdout


def _from_mirror(root: Path, source: Source) -> bytes:
    mirror = root / source.repo.replace("/", "+") / "repo"
    if not mirror.exists():
        raise SystemExit(f"{source.repo}: no mirror at {mirror}; clone it there (bare) or use --download")
    if not source.folder:
        return _git(mirror, "show", f"{source.commit}:{source.path}")
    names = _git(mirror, "ls-tree", "-r", "--name-only", source.commit, source.path).decode().split("\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(n for n in names if n):
            entry = zipfile.ZipInfo(name[len(source.path):], date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED  # a fixed date: the same bytes on every rebuild
            package.writestr(entry, _git(mirror, "show", f"{source.commit}:{name}"))
    return buffer.getvalue()


def _download(source: Source) -> bytes:
    if source.folder:
        raise SystemExit(f"{source.repo}:{source.path} is a folder; build it from a mirror (--mirrors)")
    url = f"https://raw.githubusercontent.com/{source.repo}/{source.commit}/{source.path}"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - fixed https host
        return response.read()


def target_of(source: Source) -> Path:
    return (CORPUS if source.shipped else FETCHED_DIR) / source.target


def build(mirrors: Path | None, download: bool, keep: bool, fetched: bool = False) -> None:
    rows = []
    for source in SOURCES + PAPERS:
        target = target_of(source)
        if not source.shipped and not fetched:
            pass  # listed in the manifest; fetched only with --fetched
        elif not (keep and target.exists()):
            if mirrors is not None and (mirrors / source.repo.replace("/", "+")).exists():
                data = _from_mirror(mirrors, source)
            elif download:
                data = _download(source)
            elif target.exists():
                data = target.read_bytes()
            else:
                raise SystemExit(f"{source.target}: missing; pass --mirrors DIR or --download")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        rows.append({"file": source.target, "source_repo": source.repo, "path": source.path,
                     "commit": source.commit, "licence": source.licence, "format": source.fmt,
                     "family": source.family, "questions": source.questions, "expect": source.expect,
                     "choices": source.choices, "answers": source.answers,
                     "shipped": "yes" if source.shipped else "fetch"})
    with (CORPUS / "MANIFEST.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    total = sum(target_of(s).stat().st_size for s in SOURCES + PAPERS if s.shipped)
    print(f"{len(rows)} files, {total / 1024:.0f} KiB in {CORPUS}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--mirrors", type=Path, help="folder of bare git mirrors, owner+name/repo")
    parser.add_argument("--download", action="store_true", help="fetch missing files from GitHub")
    parser.add_argument("--keep", action="store_true", help="keep files already in the corpus")
    parser.add_argument("--fetched", action="store_true",
                        help="also fetch the real papers that are never shipped, into shared/hwp-papers/")
    args = parser.parse_args()
    build(args.mirrors, args.download, args.keep, args.fetched)


if __name__ == "__main__":
    main()
