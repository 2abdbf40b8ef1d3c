"""Rebuild tests/corpus/real/ — real Moodle XML, QTI and 한글 files from public repositories — and its
MANIFEST.csv, from the exact commits listed here.

Only files whose licence allows redistribution are listed (GPL, AGPL, MIT, BSD, Apache); their
licence is recorded per file. A QTI package that the source repository keeps as a folder is zipped
here (its files unchanged), because itembank imports a package as one file.

    python tools/build_corpus.py --mirrors DIR    # DIR/owner+name/repo: bare git clones of the sources
    python tools/build_corpus.py --download       # raw.githubusercontent.com at the listed commits

Sources not shipped (no licence to redistribute), for a local check only: FranckSilvestre/
ExemplesMoodleXML (no licence file; its MultipleChoiceQuestion.xml is not well-formed XML).
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
FIELDS = ("file", "source_repo", "path", "commit", "licence", "format", "family", "questions", "expect")
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
           "refuse"),
    Source("Moodle", "moodle", "maths/moodle-qtype_stack", "a14f3034a0e45aab27dcae96c526a6095dbf6ef7",
           "samplequestions/stackdemo/10_integration_with_feedback.xml", GPL3,
           "moodle/stack/10_integration_with_feedback.xml", 1, "refuse"),
    # -- QTI 2.x / 3.0 ---------------------------------------------------------------------------
    *(Source("QTI", "qti", *QTISDK, f"test/samples/ims/items/{version}/{name}.xml", "GPL-2.0",
             f"qti/qti-sdk/{version}_{name}.xml", 1, expect)
      for version, name, expect in (("2_1", "choice", "import"), ("2_1", "choice_multiple", "import"),
                                    ("2_1", "text_entry", "import"), ("2_1", "extended_text", "import"),
                                    ("2_1", "math", "import"), ("2_1", "order", "refuse"),
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
                           ("NumericGap", "import"), ("Order", "refuse"))),
    Source("QTI", "qti", *QTIWORKS, QTIWORKS_DIR + "WebDeveloperTest1.zip", "BSD-3-Clause",
           "qti/qtiworks/WebDeveloperTest1.zip"),
    Source("QTI", "qti", *QTIWORKS, QTIWORKS_DIR + "Aardvark-cannon.zip", "BSD-3-Clause",
           "qti/qtiworks/Aardvark-cannon.zip"),
    # -- 한글 HWP / HWPX ----------------------------------------------------------------------------
    Source("HWP/HWPX", "hwpx", *HWPX, "tests/fixtures/exam/B_submitted.hwpx", "Apache-2.0",
           "hwp/python-hwpx/B_submitted.hwpx", expect="paper"),
    Source("HWP/HWPX", "hwpx", *HWPX, "examples/Skeleton.hwpx", "Apache-2.0",
           "hwp/python-hwpx/Skeleton.hwpx", 0, "paper"),
    Source("HWP/HWPX", "hwp", *PYHWP, "tests/hwp5_tests/fixtures/sample-5017.hwp", "AGPL-3.0",
           "hwp/pyhwp/sample-5017.hwp", expect="paper"),
    Source("HWP/HWPX", "hwp", *PYHWP, "tests/hwp5_tests/fixtures/lists.hwp", "AGPL-3.0",
           "hwp/pyhwp/lists.hwp", expect="paper"),
    Source("HWP/HWPX", "hwp", *HWPLIB, "sample_hwp/extracting_ParaHead.hwp", "Apache-2.0",
           "hwp/hwplib/extracting_ParaHead.hwp", expect="paper"),
    Source("HWP/HWPX", "hwpx", *HWPXLIB, "testFile/reader_writer/SimpleEquation.hwpx", "Apache-2.0",
           "hwp/hwpxlib/SimpleEquation.hwpx", expect="paper"),
    Source("HWP/HWPX", "hwpx", *HWPXLIB, "testFile/tool/textextractor/ParaHead.hwpx", "Apache-2.0",
           "hwp/hwpxlib/ParaHead.hwpx", expect="paper"),
    Source("HWP/HWPX", "hwpx", *HWPJS, "crates/hwp-core/tests/fixtures/example.hwpx", "MIT",
           "hwp/hwpjs/example.hwpx", expect="paper"),
    Source("HWP/HWPX", "hwp", *HWPJS, "crates/hwp-core/tests/fixtures/example.hwp", "MIT",
           "hwp/hwpjs/example.hwp", expect="paper"),
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


def build(mirrors: Path | None, download: bool, keep: bool) -> None:
    rows = []
    for source in SOURCES:
        target = CORPUS / source.target
        if not (keep and target.exists()):
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
                     "family": source.family, "questions": source.questions, "expect": source.expect})
    with (CORPUS / "MANIFEST.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    total = sum((CORPUS / s.target).stat().st_size for s in SOURCES)
    print(f"{len(rows)} files, {total / 1024:.0f} KiB in {CORPUS}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--mirrors", type=Path, help="folder of bare git mirrors, owner+name/repo")
    parser.add_argument("--download", action="store_true", help="fetch missing files from GitHub")
    parser.add_argument("--keep", action="store_true", help="keep files already in the corpus")
    args = parser.parse_args()
    build(args.mirrors, args.download, args.keep)


if __name__ == "__main__":
    main()
