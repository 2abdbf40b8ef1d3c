"""Issue 18, item 5: the importers on real public files that other people made.

tests/corpus/real/ holds Moodle XML, QTI 2.x/3.0 and 한글 files from public repositories, each with
its source, commit and licence in MANIFEST.csv (rebuilt by tools/build_corpus.py). Every file is
imported as a teacher would, with ``--subject 정보``, into a fresh real bank; tools/corpus_report.py
prints the same run as the source | format | files | imported | partial | refused table.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"
REDISTRIBUTABLE = {"GPL-2.0", "GPL-3.0", "GPL-3.0-or-later", "AGPL-3.0", "MIT", "BSD-3-Clause",
                   "Apache-2.0"}
# Files that hold questions itembank reads but whose only question cannot come in, and why: the
# item refers to a figure that its source repository does not have.
KNOWN_REFUSALS = {"qti/qti-sdk/2_1_choice.xml": "figure images/sign.png is not in the package",
                  "qti/qti-sdk/2_1_extended_text.xml": "figure images/postcard.png is not in the package"}


def _report_module():
    spec = importlib.util.spec_from_file_location("corpus_report", ROOT / "tools" / "corpus_report.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_report"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    module = _report_module()
    results = module.run_corpus()
    return module, {r.row["file"]: r for r in results}


def test_manifest_lists_licensed_files_from_five_sources_per_family():
    module = _report_module()
    rows = module.manifest()
    assert {tuple(rows[0])} == {("file", "source_repo", "path", "commit", "licence", "format", "family",
                                 "questions", "expect")}
    for row in rows:
        assert (CORPUS / row["file"]).is_file(), row["file"]
        assert row["licence"] in REDISTRIBUTABLE, row
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]), row
    sources = Counter()
    for family, repo in {(r["family"], r["source_repo"]) for r in rows}:
        sources[family] += 1
    assert sources["Moodle"] >= 5 and sources["QTI"] >= 5 and sources["HWP/HWPX"] >= 5, sources
    assert sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file()) < 3 * 1024 * 1024


def test_no_file_crashes_and_question_files_import(corpus):
    _, results = corpus
    assert not [(f, r.reason) for f, r in results.items() if r.outcome == "crash"]
    holding = {f: r for f, r in results.items() if r.row["expect"] == "import"}
    failed = {f: r.reason for f, r in holding.items() if r.outcome not in ("imported", "partial")}
    assert {f: KNOWN_REFUSALS.get(f) for f in failed} == failed  # each refusal is a known one
    assert len(holding) - len(failed) >= 0.8 * len(holding)
    for name, result in results.items():
        if result.row["expect"] == "refuse":  # only types itembank does not read: named in the reason
            assert result.outcome == "refused" and re.search(r"type \w+|\w+Interaction", result.reason), (
                name, result.reason)


def test_paper_files_give_an_item_or_one_clear_refusal(corpus):
    """한글 papers: their split belongs to the paper splitter; here only: no crash, and a refusal is
    one line that names the file and says what was looked for."""
    _, results = corpus
    papers = [r for r in results.values() if r.row["family"] == "HWP/HWPX"]
    assert len(papers) >= 9
    for result in papers:
        assert result.outcome in ("imported", "partial", "refused"), (result.row["file"], result.reason)
        if result.outcome == "refused":
            assert result.reason and "\n" not in result.reason and "Traceback" not in result.reason


def _only(results, name):
    result = results[name]
    assert result.outcome == "imported", (name, result.reason)
    return result.items


def test_moodle_files_match_what_the_source_holds(corpus):
    _, results = corpus
    (matching,) = _only(results, "moodle/moodle-core/match_testquestion.xml")
    assert matching.stem.splitlines()[1:] == ["( 1 ) frog", "( 2 ) cat", "( 3 ) newt",
                                              "보기: amphibian, mammal, insect"]
    assert matching.answer == "(1) amphibian, (2) mammal, (3) amphibian"
    assert matching.explanation == "General feedback."  # not "Well done!" / "That is not right"
    (select,) = _only(results, "moodle/moodle-core/ddwtos_testquestion.xml")
    assert select.stem.startswith("The ( 1 ) ( 2 ) on the ( 3 ).") and select.answer == "(1) cat, (2) sat, (3) mat"
    cloze, mcq = _only(results, "moodle/moodle-core/sample_questions_with_old_image_tag.xml")
    assert mcq.choices == ["wrong answer", "another wrong answer", "right answer"] and mcq.answer == "3"
    assert len(mcq.images) == 1 and cloze.images == mcq.images  # Moodle 1.9 <image_base64>
    assert cloze.answer == "(1) California, (2) Arizona, (3) California, (4) Arizona, (5) Paris"
    (flags,) = _only(results, "moodle/moodle-core/multianswer.xml")
    assert len(flags.images) == 2  # the two flags; the Moodle logo in the feedback is not a figure
    assert flags.explanation == "This is a Moodle question"
    (multi,) = _only(results, "moodle/oumultiresponse/testquestion.moodle.xml")
    assert multi.choices == ["Tokyo", "Spain", "London", "Barcelona", "Paris"] and multi.answer == "3,5"
    gaps = _only(results, "moodle/gapfill/gapfill_examples_ja.xml")
    assert [g.answer for g in gaps] == ["(1) 笑った, (2) 座った", "(1) 笑った, (2) 座った",
                                        "(1) オーストラリア, (2) 猫 / 犬"]


def test_qti_files_match_what_the_source_holds(corpus):
    _, results = corpus
    for name, choices in (("qti/rqti/SingleChoice.xml", 3), ("qti/rqti/MultipleChoice.xml", 4),
                          ("qti/qti-sdk/2_1_math.xml", 4)):
        source = (CORPUS / name).read_text(encoding="utf-8")
        (item,) = _only(results, name)
        assert len(item.choices) == choices == len(re.findall(r"<simpleChoice\b", source)), name
    (einstein,) = _only(results, "qti/qti-sdk/2_1_math.xml")
    assert "$E=m{c}^{2}$" in einstein.stem and einstein.answer == "1"  # MathML as one formula
    (freud,) = _only(results, "qti/qti-sdk/2_1_feedbackInline.xml")  # feedback inside each choice
    assert freud.choices == ["True", "False"] and freud.answer == "1"
    assert freud.explanation == "[보기별 해설]\n① That's correct\n② That's not correct"
    conformance = _only(results, "qti/citolab/conformance-T4-T7.zip")  # a test-only QTI 3 manifest
    assert [i.type for i in conformance] == ["객관식", "객관식", "단답형", "서술형"]
    web = results["qti/qtiworks/WebDeveloperTest1.zip"]
    assert web.outcome in ("imported", "partial") and web.imported >= 8
