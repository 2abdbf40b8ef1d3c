"""Synthetic Korean item sheets for benchmarks: realistic word mix, deterministic for a seed."""

from __future__ import annotations

import csv
import random
from pathlib import Path

_SUBJECT_WORDS = {
    "수학": ["이차방정식", "근과 계수", "판별식", "일차함수", "기울기", "이차함수", "꼭짓점", "피타고라스",
             "삼각비", "원주각", "확률", "경우의 수", "평균", "중앙값", "연립방정식", "인수분해", "지수법칙"],
    "과학": ["전류", "전압", "저항", "옴의 법칙", "자기장", "속력", "가속도", "뉴턴", "에너지", "체세포 분열",
             "염색체", "광합성", "호흡", "화학 반응식", "질량 보존", "산과 염기", "기압", "판 구조"],
    "국어": ["화자", "정서", "비유", "상징", "설명 방법", "논증", "품사", "음운 변동", "문장 성분", "시점",
             "인물", "갈등", "주제", "운율", "반어"],
    "사회": ["위도", "기후", "인구 이동", "도시화", "수요", "공급", "헌법", "기본권", "민주주의", "선거",
             "환율", "문화 상대주의", "지도", "등고선"],
    "영어": ["주제", "제목", "요지", "빈칸", "어법", "도표", "recycling", "energy", "friendship",
             "environment", "technology", "travel"],
}
_FRAMES = ["다음 중 {a}에 대한 설명으로 옳은 것은?", "{a}와 {b}의 관계를 설명하시오.",
           "그림과 같이 {a}을(를) 나타낼 때, {b}의 값은?", "<보기>에서 {a}에 해당하는 것만을 고른 것은?",
           "{a}을(를) 이용하여 {b}을(를) 구하는 과정으로 옳은 것은?"]


def synthetic_rows(count: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    subjects = list(_SUBJECT_WORDS)
    rows = []
    for n in range(count):
        subject = subjects[n % len(subjects)]
        words = _SUBJECT_WORDS[subject]
        a, b = rng.sample(words, 2)
        stem = rng.choice(_FRAMES).format(a=a, b=b) + f" (문항 {n + 1})"
        choices = " | ".join(f"{rng.choice(words)} {rng.randint(1, 99)}" for _ in range(5))
        rows.append([subject, f"중{rng.randint(1, 3)}", a, "", rng.choice("상중하"), "객관식", stem,
                     choices, str(rng.randint(1, 5)), f"{a}의 성질을 이용한다.", "합성 데이터"])
    return rows


def write_synthetic_csv(path: Path, count: int, seed: int = 7, encoding: str = "cp949") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["과목", "학년", "단원", "성취기준", "난이도", "유형", "문항", "보기", "정답", "해설", "출처"])
        writer.writerows(synthetic_rows(count, seed))
    return path


def synthetic_queries(count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    pool = [w for words in _SUBJECT_WORDS.values() for w in words]
    return [" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(count)]
