"""The message catalog: engine and CLI messages follow the locale (Korean under ko_KR, English otherwise)
through gettext, the .po and the code agree, and the committed .mo is the .po compiled."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CSV_HEADER_KO, write_csv
from engine.api import ItemBank, ItemBankError, current_language, set_language
from engine.msgcat import check, compile_mo, marked_strings, mo_path, po_path, read_po

ROOT = Path(__file__).resolve().parents[1]
BAD_ANSWER_ROWS = [CSV_HEADER_KO,
                   "수학,중1,,,,객관식,정답이 맞는 문항,① 1 ② 2 ③ 3 ④ 4 ⑤ 5,2,,",
                   "수학,중1,,,,객관식,정답이 보기에 없는 문항,① 1 ② 2 ③ 3 ④ 4 ⑤ 5,6,,"]
PLACEHOLDER = re.compile(r"\{([^{}!:]*)")


def test_every_marked_string_has_korean_and_every_msgid_is_used():
    problems = check()
    assert problems.untranslated == [], "add these to itembank.po:\n" + "\n".join(problems.untranslated)
    assert problems.unused == [], "remove these from itembank.po (no code marks them):\n" + "\n".join(problems.unused)
    assert not problems.stale_mo, "run: python -m engine.msgcat compile"
    assert len(marked_strings()) > 300  # the import, search, init, export, check, backup and error messages


def test_korean_texts_keep_the_placeholders_of_their_msgid():
    wrong = [(msgid, text) for msgid, text in read_po(po_path()).items()
             if msgid and sorted(set(PLACEHOLDER.findall(msgid))) != sorted(set(PLACEHOLDER.findall(text)))]
    assert wrong == []


def test_the_committed_mo_is_what_gettext_reads(tmp_path):
    catalog = gettext.GNUTranslations(mo_path().open("rb"))
    assert catalog.gettext("answer {answer} is not one of the {count} choices") == \
        "정답 {answer}번은 보기 {count}개 가운데 없습니다"
    assert catalog.gettext("a message nobody marked") == "a message nobody marked"
    msgfmt = shutil.which("msgfmt")
    if msgfmt:  # GNU gettext's own compiler reads the same .po the same way (and checks its syntax)
        gnu = tmp_path / "gnu.mo"
        subprocess.run([msgfmt, "--check", "-o", str(gnu), str(po_path())], check=True, capture_output=True)
        theirs = gettext.GNUTranslations(gnu.open("rb"))
        assert theirs._catalog == catalog._catalog  # noqa: SLF001 - comparing the two compilers' tables


def test_a_broken_po_line_is_named(tmp_path):
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "one"\nmsgstr "하나"\nmsgid two\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken.po:3: expected a quoted string"):
        read_po(broken)
    assert compile_mo({"": "Content-Type: text/plain; charset=UTF-8\n", "one": "하나"})[:4] == b"\xde\x12\x04\x95"


@pytest.mark.parametrize("environment,expected", [
    ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"), ({"LANGUAGE": "ko:en", "LANG": "C"}, "ko"),
    ({"ITEMBANK_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"), ({"ITEMBANK_LANG": "ko", "LANG": "C"}, "ko"),
    ({}, "en")])
def test_the_language_follows_itembank_lang_then_the_locale(monkeypatch, environment, expected):
    for name in ("ITEMBANK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert current_language() == expected
    assert set_language("ko" if expected == "en" else "en") != expected  # a front end's choice beats both


def _cli(args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ITEMBANK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(environment, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "engine", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def test_a_real_import_speaks_korean_under_ko_kr_and_english_otherwise(tmp_path):
    sheet = write_csv(tmp_path / "시험.csv", BAD_ANSWER_ROWS)
    bank = str(tmp_path / "bank")
    korean = _cli(["import", str(sheet), "--dry-run", "--no-index", "--data-dir", bank], LANG="ko_KR.UTF-8")
    assert korean.returncode == 0, korean.stderr
    assert "가져올 문항 1개 (미리 보기: 아직 가져오지 않음)" in korean.stdout
    assert "행 번호는 스프레드시트와 같습니다(머리글 = 1행)." in korean.stdout
    assert "건너뜀" in korean.stdout and "시험.csv:3 [answer] 정답 6번은 보기 5개 가운데 없습니다" in korean.stdout
    english = _cli(["import", str(sheet), "--dry-run", "--no-index", "--data-dir", bank], LANG="C.UTF-8")
    assert english.returncode == 0, english.stderr
    assert "would import 1 item(s)" in english.stdout
    assert "Row numbers are the spreadsheet's (the header is row 1)." in english.stdout
    assert "시험.csv:3 [answer] answer 6 is not one of the 5 choices" in english.stdout
    assert not re.search("[가-힣]", english.stdout.replace("시험.csv", "")), english.stdout
    forced = _cli(["import", str(sheet), "--dry-run", "--no-index", "--data-dir", bank],
                  LANG="ko_KR.UTF-8", ITEMBANK_LANG="en")
    assert "answer 6 is not one of the 5 choices" in forced.stdout


def test_an_error_line_follows_lang_ko_and_en(tmp_path, run_cli):
    missing = tmp_path / "없는 파일.csv"
    code, _out, err = run_cli("import", missing, "--lang", "ko", "--data-dir", tmp_path / "bank")
    assert code == 2 and err.strip() == f"itembank: 오류: {missing}: 그런 파일이나 폴더가 없습니다"
    code, _out, err = run_cli("import", missing, "--lang", "en", "--data-dir", tmp_path / "bank")
    assert code == 2 and err.strip() == f"itembank: error: {missing}: no such file or folder"


def test_check_and_backup_speak_korean(tmp_path, run_cli):
    bank_dir = tmp_path / "bank"
    write_csv(tmp_path / "items.csv", BAD_ANSWER_ROWS[:2])
    assert run_cli("import", tmp_path / "items.csv", "--no-index", "--data-dir", bank_dir)[0] == 0
    code, out, _err = run_cli("check", "--lang", "ko", "--data-dir", bank_dir)
    assert code == 0 and "검사함: 1 문항 DB(카탈로그)" in out and "이상 없음: 손상된 것이 없습니다" in out
    code, out, _err = run_cli("--lang", "en", "check", "--data-dir", bank_dir)  # before the subcommand too
    assert code == 0 and "checked: 1 catalog" in out and "OK: nothing is damaged" in out
    code, out, _err = run_cli("backup", tmp_path / "b.zip", "--lang", "ko", "--data-dir", bank_dir)
    assert code == 0 and out.startswith(f"백업을 만들었습니다: {tmp_path / 'b.zip'} (문항 1개")
    code, _out, err = run_cli("backup", tmp_path / "b.zip", "--lang", "ko", "--data-dir", bank_dir)
    assert code == 2 and "이미 있는 파일입니다" in err


def test_engine_errors_are_made_in_the_language_chosen_at_the_time(tmp_path):
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        set_language("ko")
        with pytest.raises(ItemBankError, match="id가 'nope'인 문항이 없습니다"):
            bank.require("nope")
        set_language("en")
        with pytest.raises(ItemBankError, match="no item with id 'nope'"):
            bank.require("nope")
    finally:
        bank.close()


def test_a_paper_refusal_and_a_moodle_row_reason_come_out_in_korean(tmp_path, monkeypatch):
    from conftest import write_hwpx_paper

    notice = write_hwpx_paper(tmp_path / "입찰공고.hwpx", ["2026 음악축제 무대 설치 용역 입찰 공고",
                                              "1. 사업명: 무대·음향 설치 용역", "2. 사업기간: 계약일로부터 60일",
                                              "3. 문의: 총무과 계약 담당"])
    quiz = tmp_path / "과학_퀴즈.xml"
    quiz.write_text('<?xml version="1.0" encoding="UTF-8"?><quiz>'
                    '<question type="description"><name><text>안내</text></name>'
                    '<questiontext format="html"><text>다음 물음에 답하시오.</text></questiontext></question>'
                    '<question type="calculated"><name><text>계산</text></name>'
                    '<questiontext format="html"><text>{a}+{b}=?</text></questiontext></question>'
                    '</quiz>', encoding="utf-8")
    monkeypatch.setenv("ITEMBANK_LANG", "ko")
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        with pytest.raises(ItemBankError) as refused:
            bank.import_path(notice, subject="음악")
        assert str(refused.value) == (
            f"{notice}: 시험지가 아닙니다. 번호가 붙은 문단 3개를 찾았지만 보기(① …)나 정답이 있거나 문항으로 "
            "읽히는 것이 없습니다. 아무것도 가져오지 않았습니다")
        report = bank.import_path(quiz)
        reasons = [s.reason for s in report.skipped]
        assert "Moodle 문항 유형 'description'(안내)은(는) 글만 있고 답할 문항이 없습니다" in reasons, reasons
        assert any(r.startswith("Moodle 문항 유형 'calculated'(계산)은(는) 가져올 수 없습니다") for r in reasons)
        assert any("가져오지 않은 문항 유형: calculated ×1, description ×1" in w for w in report.warnings)
        monkeypatch.setenv("ITEMBANK_LANG", "en")  # the same import in English, as the tests pin it
        reasons = [s.reason for s in bank.import_path(quiz).skipped]
        assert "Moodle question type 'description' (안내) holds text only (no question to answer)" in reasons
    finally:
        bank.close()
