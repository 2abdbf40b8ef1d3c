#!/usr/bin/env python3
"""Build the golden query set for the pilot: ``assets/golden.jsonl`` and ``assets/golden_images/``.

Why this exists: ``itembank pilot --golden assets/golden.jsonl`` measures search quality on the bundled sample
bank in four scenarios (S1 text→text items, S2 text→items with figures, S3 image→items with similar figures,
S4 text+image→similar items). The pilot can only be trusted if its queries are written the way teachers type
them and its answers are checked, so this script holds every query, makes the query pictures from the bank's
own figures (never copying a figure file), and refuses to write a set that breaks its own rules.

Everything is deterministic: fixed seeds, no clock, no network; two runs give byte-identical files.

Run:  python tools/make_golden_set.py            (write and validate)
      python tools/make_golden_set.py --report   (also print each text query's word overlap with its answers)
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import math
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
ASSETS = ROOT / "assets"
BANK_DIR = ASSETS / "sample_bank"
BANK_ITEMS = BANK_DIR / "items.jsonl"
FIG_DIR = BANK_DIR / "figures"
GOLDEN = ASSETS / "golden.jsonl"
IMG_DIR = ASSETS / "golden_images"

SEED = 20250415

# The sample bank's own drawing code, so that "redrawn" query pictures are drawn by the same helpers as the
# indexed figures, only placed differently (zoom, offset, line width).
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))
msb = importlib.import_module("make_sample_bank")

SCENARIOS = ("S1", "S2", "S3", "S4")
SUBJECTS = ("수학", "과학", "국어", "사회", "영어")
MIN_PER_SCENARIO = {"S1": 40, "S2": 25, "S3": 25, "S4": 25}
MIN_PER_SUBJECT = 20
MIN_TOTAL = 120
MIN_PARAPHRASE_SHARE = 1 / 3  # of the queries that have text
TRANSFORMS = ("redrawn", "cropped", "rotated", "photo", "scaled")
MAX_IMAGE_BYTES = 60 * 1024
MAX_TOTAL_IMAGE_BYTES = 2_500_000
PREFIX = {"MATH": "수학", "SCI": "과학", "KOR": "국어", "SOC": "사회", "ENG": "영어"}


# --------------------------------------------------------------------------------------------------------
# Query records
# --------------------------------------------------------------------------------------------------------

@dataclass
class Query:
    scenario: str
    subject: str
    text: str | None
    relevant: dict[str, int]
    style: str  # keyword | paraphrase | mixed | image (S3: no text)
    remark: str = ""
    figure: str | None = None  # source figure name (without .png) for S3/S4
    transform: str | None = None
    qid: str = ""
    image: str | None = None
    transform_desc: str = ""
    extra: dict = field(default_factory=dict)


def rel(spec: str) -> dict[str, int]:
    """'MATH-038:2 MATH-045:2 MATH-029:1' → {'S-MATH-038': 2, ...}; keeps the written order."""
    out: dict[str, int] = {}
    for part in spec.split():
        item, grade = part.rsplit(":", 1)
        key = f"S-{item}"
        if key in out:
            raise ValueError(f"{key} listed twice in {spec!r}")
        out[key] = int(grade)
    return out


def T(scenario: str, subject: str, text: str, relevant: str, style: str, remark: str = "") -> Query:
    return Query(scenario, subject, text, rel(relevant), style, remark)


def I(subject: str, figure: str, relevant: str, remark: str = "") -> Query:
    """S3: image only."""
    return Query("S3", subject, None, rel(relevant), "image", remark, figure)


def TI(subject: str, figure: str, text: str, relevant: str, style: str, remark: str = "") -> Query:
    """S4: text and image."""
    return Query("S4", subject, text, rel(relevant), style, remark, figure)


# Relevance grades: 2 = exactly what the query asks for; 1 = also relevant (same concept, or the same picture
# with other numbers, or a closely similar picture). Styles: keyword = shares words with the answers;
# paraphrase = only meaning connects query and answers (checked below: at most one shared content word and at
# most a third of the query's content words, against every grade-2 item); mixed = Korean with English,
# formulas or numbers.

S1 = [
    # 수학 ------------------------------------------------------------------------------------------------
    T("S1", "수학", "근과 계수의 관계", "MATH-038:2 MATH-045:2 MATH-029:2 MATH-046:1 MATH-009:1", "keyword"),
    T("S1", "수학", "α²+β² 두 근 제곱의 합", "MATH-038:2 MATH-045:2 MATH-029:1", "mixed"),
    T("S1", "수학", "중근 조건 x²-6x+k", "MATH-006:2 MATH-048:1", "mixed"),
    T("S1", "수학", "해가 하나뿐인 2차 방정식", "MATH-006:2 MATH-048:1", "paraphrase", "중근·판별식이라는 말 없이"),
    T("S1", "수학", "x²-x-12 인수분해", "MATH-016:2 MATH-007:1", "mixed"),
    T("S1", "수학", "일정하게 커지는 수열 열 번째 항", "MATH-013:2", "paraphrase", "등차수열·공차·일반항 없이"),
    T("S1", "수학", "자료 흩어진 정도 계산", "MATH-020:2", "paraphrase", "분산·산포도 없이"),
    T("S1", "수학", "이웃하여 한 줄로 세우기", "MATH-004:2 MATH-023:1", "keyword"),
    T("S1", "수학", "sinθ=3/5 제2사분면 tanθ", "MATH-022:2 MATH-003:1", "mixed"),
    T("S1", "수학", "밑을 같게 하는 지수 방정식", "MATH-015:2 MATH-021:1", "paraphrase", "2^(x+1)=32 풀이를 말로"),
    T("S1", "수학", "두 종류 물건 값으로 개수 구하기", "MATH-043:2 MATH-032:1", "paraphrase",
      "연립방정식 문장제, 연필·볼펜 없이"),
    T("S1", "수학", "두 점 지나는 직선 y절편", "MATH-025:2 MATH-002:1", "mixed"),
    T("S1", "수학", "숫자 카드 두 자리 자연수 개수", "MATH-023:2 MATH-004:1", "keyword"),
    # 과학 ------------------------------------------------------------------------------------------------
    T("S1", "과학", "체세포 분열 중기", "SCI-021:2 SCI-024:2 SCI-038:1", "keyword",
      "SCI-024는 '중기'라는 낱말 없이 같은 시기를 그림으로 묻는 짝"),
    T("S1", "과학", "염색체 일렬 정렬 단계", "SCI-021:2 SCI-024:2 SCI-038:1", "paraphrase", "중기·적도면 없이"),
    T("S1", "과학", "12V 0.4A 저항 몇 Ω", "SCI-022:2 SCI-035:2 SCI-005:1 SCI-052:1", "mixed"),
    T("S1", "과학", "옴의 법칙 니크롬선 저항", "SCI-022:2 SCI-035:2 SCI-005:1 SCI-052:1", "keyword"),
    T("S1", "과학", "광합성 옳지 않은 설명", "SCI-007:2 SCI-048:2 SCI-032:1 SCI-012:1", "keyword"),
    T("S1", "과학", "정자 난자 염색체 개수", "SCI-023:2 SCI-006:1", "paraphrase", "감수 분열·생식세포 없이"),
    T("S1", "과학", "DNA 복제 후 두 번 분열", "SCI-006:2 SCI-023:1 SCI-015:1", "mixed"),
    T("S1", "과학", "붉은 달 뜨는 날 천체 위치", "SCI-037:2", "paraphrase", "월식을 현상으로 묘사"),
    T("S1", "과학", "뜨거우면 기체가 부푸는 원리", "SCI-043:2 SCI-029:1", "paraphrase", "샤를 법칙·탁구공 없이"),
    T("S1", "과학", "밥 오래 씹으면 단맛 나는 까닭", "SCI-017:2 SCI-030:1", "paraphrase", "아밀레이스·녹말 없이"),
    T("S1", "과학", "태양에서 먼 거대 가스 천체", "SCI-049:2", "paraphrase", "목성형 행성을 말로"),
    T("S1", "과학", "대륙끼리 부딪혀 생긴 높은 산", "SCI-008:2 SCI-018:1", "paraphrase", "습곡 산맥·수렴형 경계 없이"),
    T("S1", "과학", "산 염기 섞을 때 열 발생", "SCI-039:2 SCI-002:1", "paraphrase", "중화 반응·중화열 없이"),
    T("S1", "과학", "화학 반응식 계수 맞추기", "SCI-010:2 SCI-036:2", "keyword"),
    # 국어 ------------------------------------------------------------------------------------------------
    T("S1", "국어", "시의 화자와 정서", "KOR-003:2 KOR-030:2 KOR-017:1", "keyword"),
    T("S1", "국어", "작품 밖에서 바라보는 말하는 이", "KOR-003:2 KOR-030:2 KOR-017:1", "paraphrase", "화자·관찰 없이"),
    T("S1", "국어", "비음화 일어나는 단어", "KOR-005:2 KOR-024:2 KOR-019:1", "keyword"),
    T("S1", "국어", "콧소리로 닮아 가는 소리 변화", "KOR-005:2 KOR-024:2 KOR-019:1", "paraphrase",
      "비음화·자음 동화 없이"),
    T("S1", "국어", "구개음화 같이 가치", "KOR-019:2 KOR-005:1 KOR-024:1", "keyword"),
    T("S1", "국어", "마당발 뜻하는 관용구", "KOR-014:2 KOR-015:1", "paraphrase", "'발이 넓다'를 다른 말로"),
    T("S1", "국어", "가볍게 넘긴 실수가 커진다는 옛말", "KOR-015:2 KOR-014:1", "paraphrase", "속담 '바늘 도둑'을 풀어서"),
    T("S1", "국어", "1인칭 주인공 시점", "KOR-012:2 KOR-013:1 KOR-034:1", "mixed"),
    T("S1", "국어", "작가 관찰자 시점 소설", "KOR-013:2 KOR-012:1 KOR-034:1", "keyword"),
    T("S1", "국어", "신처럼 모든 걸 아는 이야기꾼", "KOR-034:2 KOR-012:1 KOR-013:1", "paraphrase", "전지적 작가 시점을 말로"),
    T("S1", "국어", "연역 추론 삼단 논법", "KOR-004:2", "keyword"),
    T("S1", "국어", "설명 방법 대조 고래 상어", "KOR-023:2 KOR-018:1 KOR-035:1", "keyword"),
    T("S1", "국어", "유추 설명 방법", "KOR-035:2 KOR-018:1 KOR-023:1", "keyword"),
    T("S1", "국어", "관형어 찾기", "KOR-020:2 KOR-033:1", "keyword"),
    T("S1", "국어", "존댓말 올바르게 쓴 예", "KOR-029:2", "paraphrase", "높임 표현을 일상어로"),
    T("S1", "국어", "귀로 듣는 것을 눈에 보이듯 쓴 구절", "KOR-022:2 KOR-016:1", "paraphrase", "공감각적 표현을 풀어서"),
    T("S1", "국어", "촛불 상징 희망", "KOR-011:2 KOR-007:2", "keyword"),
    T("S1", "국어", "고난을 버티는 마음 나타낸 시어", "KOR-011:2 KOR-007:2", "paraphrase", "촛불·시련·희망 없이"),
    T("S1", "국어", "앞뒤 말이 짝 맞는 문장", "KOR-027:2 KOR-021:1", "paraphrase", "문장 성분의 호응을 말로"),
    T("S1", "국어", "등교 시각 늦추자는 주장 근거", "KOR-028:2", "keyword"),
    T("S1", "국어", "형용사 모두 고르기", "KOR-031:2 KOR-033:1", "keyword"),
    # 사회 ------------------------------------------------------------------------------------------------
    T("S1", "사회", "비밀 선거 원칙", "SOC-020:2 SOC-030:2", "keyword"),
    T("S1", "사회", "남의 나라 풍습을 그들 눈으로 보기", "SOC-016:2 SOC-031:2 SOC-028:1", "paraphrase",
      "문화 상대주의를 말로"),
    T("S1", "사회", "극단적 문화 상대주의 문제점", "SOC-028:2 SOC-016:1 SOC-031:1", "keyword"),
    T("S1", "사회", "기본권 제한 법률 유보", "SOC-005:2 SOC-019:1 SOC-011:1", "keyword"),
    T("S1", "사회", "비싸지면 사려는 양 줄어듦", "SOC-013:2 SOC-017:1", "paraphrase", "수요 법칙을 말로"),
    T("S1", "사회", "사람들을 끌어당기는 지역 조건", "SOC-018:2", "paraphrase", "흡인 요인을 말로"),
    T("S1", "사회", "서울 런던 시차 135°", "SOC-027:2 SOC-008:1", "mixed"),
    T("S1", "사회", "알바 대신 영화 고를 때 잃는 값", "SOC-024:2", "paraphrase", "기회비용을 말로"),
    T("S1", "사회", "헌법 재판소 하는 일", "SOC-015:2 SOC-023:1", "keyword"),
    T("S1", "사회", "1달러 1,200원 환전 계산", "SOC-009:2 SOC-032:1", "mixed"),
    T("S1", "사회", "역도시화 도시화 종착 단계", "SOC-014:2 SOC-004:1", "keyword"),
    # 영어 ------------------------------------------------------------------------------------------------
    T("S1", "영어", "글의 주제 찾기 영어 환경", "ENG-013:2 ENG-020:1", "keyword"),
    T("S1", "영어", "수면과 기억 주제", "ENG-018:2 ENG-024:2", "keyword"),
    T("S1", "영어", "시험 전날 밤새기 역효과 글", "ENG-018:2 ENG-024:2", "paraphrase", "수면·기억 없이"),
    T("S1", "영어", "수영장 임시 휴장 안내문 목적", "ENG-005:2 ENG-010:2", "keyword"),
    T("S1", "영어", "주민에게 보낸 편지 쓴 이유", "ENG-005:2 ENG-010:2", "paraphrase", "글의 목적·안내문 없이"),
    T("S1", "영어", "남들이 나를 덜 본다는 심리", "ENG-006:2", "paraphrase", "스포트라이트 효과를 말로"),
    T("S1", "영어", "간접의문문 어순 배열", "ENG-003:2 ENG-011:1", "keyword"),
    T("S1", "영어", "관계대명사 who 문장 연결", "ENG-011:2 ENG-003:1", "mixed"),
    T("S1", "영어", "excited exciting 어법", "ENG-019:2 ENG-004:1", "mixed"),
    T("S1", "영어", "할머니 마중 나간 소녀 감정 흐름", "ENG-021:2", "paraphrase", "심경 변화를 장면으로"),
    T("S1", "영어", "아픈 친구에게 쉬라고 권하는 말", "ENG-017:2 ENG-016:1", "paraphrase", "두통·유감·제안 없이"),
    T("S1", "영어", "벌이 몸짓으로 꽃 자리 알림", "ENG-030:2", "paraphrase", "꿀벌·8자 춤 없이"),
    T("S1", "영어", "틀린 문제로 성장하는 법", "ENG-012:2", "paraphrase", "실수·학습 없이"),
    T("S1", "영어", "휴대폰 덜 쓰면 좋은 점 지문", "ENG-028:2", "paraphrase", "디지털 미니멀리즘을 말로"),
    T("S1", "영어", "do a favor 공통 빈칸", "ENG-022:2 ENG-025:1", "mixed"),
    T("S1", "영어", "주어 동사 수 일치", "ENG-004:2 ENG-019:2", "keyword"),
    T("S1", "영어", "For example Instead 연결어", "ENG-007:2", "mixed"),
]

S2 = [
    # 수학 ------------------------------------------------------------------------------------------------
    T("S2", "수학", "직각삼각형의 빗변 길이를 구하는 그림 문항", "MATH-018:2 MATH-027:2 MATH-049:2 MATH-003:1 MATH-040:1",
      "keyword"),
    T("S2", "수학", "벽에 기댄 사다리 높이", "MATH-040:2 MATH-018:1 MATH-027:1 MATH-049:1", "keyword"),
    T("S2", "수학", "원 안 중심각과 원주각 그림", "MATH-005:2 MATH-047:2 MATH-039:1", "keyword"),
    T("S2", "수학", "돌림판 뽑기 가능성", "MATH-041:2 MATH-036:1 MATH-050:1", "paraphrase", "원판·확률 없이"),
    T("S2", "수학", "바둑판 골목길 지름길 개수", "MATH-008:2", "paraphrase", "최단 경로·방법의 수 없이"),
    T("S2", "수학", "밑변에 나란히 자른 닮은꼴", "MATH-017:2 MATH-044:2", "paraphrase", "평행선·닮음·선분의 비 없이"),
    T("S2", "수학", "막대그래프 평균 중앙값 최빈값", "MATH-026:2 MATH-030:2 MATH-001:1", "keyword"),
    T("S2", "수학", "y=2^x 위 두 점 기울기", "MATH-033:2", "mixed"),
    T("S2", "수학", "나무 꼭대기 올려다본 각", "MATH-042:2 MATH-003:1", "keyword"),
    # 과학 ------------------------------------------------------------------------------------------------
    T("S2", "과학", "전류계와 저항이 연결된 회로", "SCI-005:2 SCI-052:2 SCI-020:2 SCI-009:1 SCI-044:1", "keyword"),
    T("S2", "과학", "2Ω 저항 전류", "SCI-005:2 SCI-020:1 SCI-052:1", "mixed"),
    T("S2", "과학", "점점 빨라지다 일정하게 달리는 차", "SCI-028:2 SCI-031:2 SCI-034:1", "paraphrase",
      "속도-시간 그래프·가속도 없이"),
    T("S2", "과학", "막대자석 자기력선 그림", "SCI-050:2 SCI-045:1", "keyword"),
    T("S2", "과학", "물풀 넣은 관 색 바뀌는 실험", "SCI-012:2", "paraphrase", "BTB·검정말·광합성 없이"),
    T("S2", "과학", "바다 밑 산맥과 깊은 골짜기 단면도", "SCI-018:2", "paraphrase", "해령·해구·판의 경계 없이"),
    T("S2", "과학", "찬물 더운물 닿으면 온도 같아짐", "SCI-014:2", "paraphrase", "열평형을 말로"),
    T("S2", "과학", "먹이 그물 화살표 그림", "SCI-051:2 SCI-042:1", "keyword"),
    T("S2", "과학", "밀폐 용기 질량 전자저울", "SCI-019:2 SCI-046:2", "keyword"),
    # 국어 ------------------------------------------------------------------------------------------------
    T("S2", "국어", "소설 구성 단계 절정 그래프", "KOR-010:2", "keyword"),
    T("S2", "국어", "찬반 토론 진행 순서 도식", "KOR-032:2", "keyword"),
    T("S2", "국어", "악기 분류 구조도 빈칸", "KOR-026:2 KOR-006:1", "keyword"),
    T("S2", "국어", "입술 잇몸 소리 나는 자리 표", "KOR-002:2", "keyword"),
    # 사회 ------------------------------------------------------------------------------------------------
    T("S2", "사회", "수요 공급 곡선 균형 가격 그래프", "SOC-003:2 SOC-025:2 SOC-017:1", "keyword"),
    T("S2", "사회", "수요 공급 곡선 이동", "SOC-017:2 SOC-003:1 SOC-025:1", "keyword"),
    T("S2", "사회", "아이 많고 노인 적은 나라", "SOC-029:2 SOC-012:1 SOC-021:1", "paraphrase", "피라미드형 인구 구조를 말로"),
    T("S2", "사회", "1등만 뽑는 선거 버려지는 표", "SOC-001:2", "paraphrase", "다수 대표제·사표 없이"),
    T("S2", "사회", "위도 경도 격자 지점", "SOC-006:2 SOC-008:2 SOC-002:1", "keyword"),
    T("S2", "사회", "국회 정부 법원 견제 구조도", "SOC-023:2", "keyword"),
    T("S2", "사회", "원 달러 환율 오른 그래프", "SOC-032:2", "keyword"),
    # 영어 ------------------------------------------------------------------------------------------------
    T("S2", "영어", "계절 선호 원그래프 도표", "ENG-014:2 ENG-023:1 ENG-026:1 ENG-002:1", "keyword"),
    T("S2", "영어", "통학 수단 막대 도표", "ENG-023:2 ENG-026:2 ENG-014:1", "keyword"),
    T("S2", "영어", "방 그림 there is 전치사", "ENG-008:2 ENG-009:1", "mixed"),
    T("S2", "영어", "공원 풍경 보고 진행형 영작", "ENG-009:2 ENG-008:1", "paraphrase", "현재진행형 문장 쓰기를 줄여서"),
    T("S2", "영어", "청소년 스마트폰 사용 시간 선 그래프", "ENG-002:2 ENG-015:2", "keyword"),
]

# S3: the picture alone. Items that use the very figure get 2, near-duplicates drawn again get 2, the same
# picture with other numbers gets 1, and a closely similar picture of the same concept gets 1.
S3 = [
    I("수학", "math_right_tri_02", "MATH-018:2 MATH-027:1 MATH-049:1", "같은 그림에 수치만 다른 짝은 1"),
    I("수학", "math_inscribed_angle_01", "MATH-047:2 MATH-005:2 MATH-039:1", "MATH-005는 다시 그린 같은 그림"),
    I("수학", "math_quad_graph_01", "MATH-012:2 MATH-037:2 MATH-034:1", "한 그림을 두 문항이 씀"),
    I("수학", "math_similar_tri_01", "MATH-017:2 MATH-044:1"),
    I("수학", "math_bar_chart_02", "MATH-030:2 MATH-026:1"),
    I("수학", "math_spinner_01", "MATH-041:2"),
    I("수학", "math_tree_coin_01", "MATH-050:2"),
    I("수학", "math_linear_graph_03", "MATH-011:2 MATH-024:1"),
    I("과학", "sci_meiosis_01", "SCI-015:2 SCI-024:1", "SCI-024는 비슷한 세포 분열 그림"),
    I("과학", "sci_circuit_series_02", "SCI-052:2 SCI-005:1 SCI-020:1"),
    I("과학", "sci_moon_phases_01", "SCI-016:2 SCI-040:2", "한 그림을 두 문항이 씀"),
    I("과학", "sci_vt_graph_01", "SCI-031:2 SCI-028:2 SCI-034:1", "SCI-028은 다시 그린 같은 그림"),
    I("과학", "sci_mass_conservation_01", "SCI-019:2 SCI-046:2", "한 그림을 두 문항이 씀"),
    I("과학", "sci_bar_magnet_01", "SCI-050:2 SCI-045:1"),
    I("과학", "sci_food_web_01", "SCI-051:2 SCI-042:1"),
    I("과학", "sci_heating_curve_01", "SCI-004:2 SCI-014:1"),
    I("국어", "kor_plot_stages_01", "KOR-010:2"),
    I("국어", "kor_structure_02", "KOR-006:2 KOR-026:1"),
    I("사회", "soc_supply_demand_01", "SOC-025:2 SOC-003:1 SOC-017:1"),
    I("사회", "soc_pop_pyramid_03", "SOC-012:2 SOC-021:2 SOC-029:1", "SOC-021은 다시 그린 같은 그림"),
    I("사회", "soc_latlong_grid_01", "SOC-006:2 SOC-008:2", "한 그림을 두 문항이 씀"),
    I("사회", "soc_climate_graph_02", "SOC-007:2 SOC-022:1"),
    I("사회", "soc_contour_01", "SOC-010:2"),
    I("사회", "soc_separation_powers_01", "SOC-023:2"),
    I("영어", "eng_chart_survey_01", "ENG-023:2 ENG-026:1"),
    I("영어", "eng_scene_room_01", "ENG-008:2 ENG-009:1"),
    I("영어", "eng_chart_line_01", "ENG-002:2 ENG-015:2", "한 그림을 두 문항이 씀"),
]

# S4: the picture and a few words. The words say what the teacher wants from the picture, so an item with the
# same picture but another question can drop to 1 (보름달 vs 상현달, 뚜껑을 연 뒤 vs 닫은 채).
S4 = [
    TI("수학", "math_right_tri_01", "이 삼각형 x 구하기", "MATH-027:2 MATH-018:1 MATH-049:1", "mixed"),
    TI("수학", "math_inscribed_angle_02", "중심각 100° 원주각 x", "MATH-005:2 MATH-047:2 MATH-039:1", "mixed"),
    TI("수학", "math_quad_graph_02", "그래프 설명 옳지 않은 것", "MATH-034:2 MATH-012:1 MATH-037:1", "keyword"),
    TI("수학", "math_circle_diameter_01", "지름 위 원주각", "MATH-039:2 MATH-005:1 MATH-047:1", "keyword"),
    TI("수학", "math_ladder_01", "벽 닿은 곳 높이", "MATH-040:2 MATH-018:1 MATH-027:1 MATH-049:1", "keyword"),
    TI("수학", "math_dice_01", "눈 합 7 확률", "MATH-036:2 MATH-041:1 MATH-050:1", "mixed"),
    TI("수학", "math_similar_tri_02", "나란한 선분 길이 비", "MATH-044:2 MATH-017:1", "keyword"),
    TI("과학", "sci_moon_phases_01", "둥근 달 보이는 자리", "SCI-040:2 SCI-016:1", "paraphrase",
       "보름달이라는 말 없이; 같은 그림의 상현달 문항은 1"),
    TI("과학", "sci_mass_conservation_01", "뚜껑 열면 가벼워지는 까닭", "SCI-046:2 SCI-019:1", "keyword",
       "같은 그림의 닫은 채 측정 문항은 1"),
    TI("과학", "sci_circuit_series_01", "전류 세기 구하기", "SCI-005:2 SCI-052:1 SCI-020:1", "keyword"),
    TI("과학", "sci_cell_division_01", "이 시기 특징", "SCI-024:2 SCI-021:2 SCI-038:1", "keyword",
       "그림 문항과 '중기'를 쓰는 글 문항이 모두 답"),
    TI("과학", "sci_mitosis_stages_01", "양파 뿌리 분열 순서", "SCI-038:2 SCI-024:1 SCI-021:1", "keyword"),
    TI("과학", "sci_vt_graph_02", "그래프 아래 넓이 이동 거리", "SCI-028:2 SCI-031:2 SCI-034:1", "keyword"),
    TI("과학", "sci_circuit_parallel_01", "갈래 길 나뉘는 전류", "SCI-009:2 SCI-044:1", "paraphrase", "병렬·분배 없이"),
    TI("국어", "kor_consonant_table_01", "거센소리 잇몸소리 빈칸", "KOR-002:2", "keyword"),
    TI("국어", "kor_debate_flow_01", "상대편 허점 짚는 차례", "KOR-032:2", "paraphrase", "반론 단계를 말로"),
    TI("사회", "soc_latlong_grid_01", "남반구 계절 반대 지점", "SOC-006:2 SOC-008:1", "keyword",
       "같은 그림의 좌표 읽기 문항은 1"),
    TI("사회", "soc_supply_demand_02", "균형 가격 거래량", "SOC-003:2 SOC-025:1 SOC-017:1", "keyword"),
    TI("사회", "soc_demand_shift_01", "월급 오르면 사려는 마음 변화", "SOC-017:2 SOC-003:1 SOC-025:1", "paraphrase",
       "소득 증가·수요 곡선 이동 없이"),
    TI("사회", "soc_pop_pyramid_01", "이런 나라의 인구 문제", "SOC-029:2 SOC-012:1 SOC-021:1", "keyword"),
    TI("사회", "soc_exchange_rate_01", "환율 상승 영향 수출", "SOC-032:2 SOC-009:1", "keyword"),
    TI("사회", "soc_urbanization_01", "도시화 진행 단계 비교", "SOC-004:2 SOC-014:1", "keyword"),
    TI("사회", "soc_election_bar_01", "다수 대표제 사표", "SOC-001:2", "keyword"),
    TI("영어", "eng_chart_line_01", "비교급 영작", "ENG-015:2 ENG-002:1", "keyword", "같은 도표의 내용 일치 문항은 1"),
    TI("영어", "eng_chart_pie_01", "일치하지 않는 것 계절", "ENG-014:2 ENG-023:1 ENG-026:1", "keyword"),
    TI("영어", "eng_chart_survey_02", "걸어서 오는 학생 비율", "ENG-026:2 ENG-023:1", "keyword"),
    TI("영어", "eng_scene_park_01", "나무 밑 소녀 하는 일 영작", "ENG-009:2 ENG-008:1", "paraphrase",
       "현재진행형·여자아이 없이"),
]


# --------------------------------------------------------------------------------------------------------
# Word overlap: is a query really a paraphrase of its answers?
# --------------------------------------------------------------------------------------------------------

PARTICLES = sorted(["에서는", "에서", "으로", "에게", "까지", "부터", "처럼", "이란", "이의", "과의", "와의", "는", "은",
                    "이", "가", "을", "를", "의", "에", "로", "와", "과", "도", "만"], key=len, reverse=True)
HANGUL = re.compile(r"[가-힣]")


def content_words(text: str) -> list[str]:
    """Query words that carry meaning: Hangul words of 2+ syllables (one particle stripped), other words of 2+
    characters. One-syllable words (달, 벌, 값) are too short to count as shared vocabulary."""
    words = []
    for raw in text.split():
        w = raw.strip(".,?!·'\"()[]")
        if HANGUL.search(w) and not re.search(r"[A-Za-z0-9]", w):
            for p in PARTICLES:
                if w.endswith(p) and len(w) - len(p) >= 2:
                    w = w[: -len(p)]
                    break
            if len(HANGUL.findall(w)) >= 2:
                words.append(w)
        elif len(w) >= 2:
            words.append(w.lower())
    return words


def item_text(item: dict) -> str:
    parts = [item["unit"], item["standard"], item["stem"], item["passage"], *item["choices"], item["answer"],
             item["explanation"], *item["tags"]]
    return " ".join(parts).lower()


def overlap(query: Query, items: dict[str, dict]) -> tuple[int, float, list[str]]:
    """Worst case over the grade-2 items: most shared content words, their share, and which they were."""
    words = content_words(query.text or "")
    worst = (0, 0.0, [])
    for iid, g in query.relevant.items():
        if g != 2:
            continue
        txt = item_text(items[iid])
        shared = [w for w in words if w in txt]
        cand = (len(shared), len(shared) / max(1, len(words)), shared)
        if cand[:2] > worst[:2]:
            worst = cand
    return worst


def is_paraphrase(query: Query, items: dict[str, dict]) -> bool:
    n, share, _ = overlap(query, items)
    return n <= 1 and share <= 1 / 3


# --------------------------------------------------------------------------------------------------------
# Query pictures: made from the bank's figures, never a copy of one
# --------------------------------------------------------------------------------------------------------

WHITE = (255, 255, 255)


def source_image(name: str) -> Image.Image:
    return Image.open(FIG_DIR / f"{name}.png")


def to_palette(img: Image.Image, colors: int = 64) -> Image.Image:
    """Few-colour PNG, like the bank's own figures, so query pictures stay small."""
    return img.convert("RGB").quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def t_redrawn(name: str, rng: random.Random) -> tuple[Image.Image, str]:
    """Draw the figure again with the sample bank's helpers, placed differently: zoom, offset, line width."""
    spec = msb.FIGURES[name]
    # the recipe must still draw the indexed figure, or "redrawn" would mean "something else"
    same = msb.render_figure(spec).convert("RGB").tobytes() == source_image(name).convert("RGB").tobytes()
    check(same, f"figures/{name}.png no longer matches make_sample_bank.py; regenerate the sample bank first")
    zoom = rng.uniform(0.86, 0.95)
    sx, sy = rng.choice((-1, 1)) * rng.uniform(4, 12), rng.choice((-1, 1)) * rng.uniform(3, 9)
    line = rng.uniform(1.3, 1.7)
    st = spec.style
    style = dataclasses.replace(st, zoom=st.zoom * zoom, shift=(st.shift[0] + sx, st.shift[1] + sy),
                                line=st.line * line)
    cv = msb.Canvas(style)
    spec.draw(cv, **dict(spec.params))
    img = cv.finish(spec.colors)
    return img, f"redrawn (zoom ×{zoom:.2f}, offset {sx:+.0f},{sy:+.0f} px, line ×{line:.2f})"


def t_cropped(name: str, rng: random.Random) -> tuple[Image.Image, str]:
    """Cut away 10–25 % of the picture's area from one or two edges, as a teacher's screen clip does."""
    img = source_image(name)
    w, h = img.size
    target = rng.uniform(0.10, 0.25)  # share of the area removed
    sides = rng.choice((("left", "top"), ("right", "bottom"), ("left", "bottom"), ("right", "top"),
                        ("top", "bottom"), ("left", "right")))
    keep = 1 - target
    if sides in (("top", "bottom"), ("left", "right")):
        # one axis only, split between both edges
        cut = 1 - keep
        a = rng.uniform(0.35, 0.65)
        if sides == ("top", "bottom"):
            box = (0, round(h * cut * a), w, h - round(h * cut * (1 - a)))
        else:
            box = (round(w * cut * a), 0, w - round(w * cut * (1 - a)), h)
    else:
        fx = math.sqrt(keep) * rng.uniform(0.97, 1.03)
        fx = min(fx, 0.99)
        fy = keep / fx
        dx, dy = round(w * (1 - fx)), round(h * (1 - fy))
        x0 = dx if "left" in sides else 0
        y0 = dy if "top" in sides else 0
        box = (x0, y0, x0 + w - dx, y0 + h - dy)
    out = img.crop(box)
    removed = 1 - (out.size[0] * out.size[1]) / (w * h)
    return out, f"cropped ({removed * 100:.0f} % of the area cut from {'+'.join(sides)})"


def t_rotated(name: str, rng: random.Random) -> tuple[Image.Image, str]:
    """A crooked scan: rotate 2–8° either way, white fill."""
    angle = rng.choice((-1, 1)) * rng.uniform(2, 8)
    img = source_image(name).convert("RGB").rotate(angle, resample=Image.Resampling.BICUBIC, expand=True,
                                                   fillcolor=WHITE)
    return to_palette(img), f"rotated ({angle:+.1f}°, white fill)"


def t_scaled(name: str, rng: random.Random, up: bool) -> tuple[Image.Image, str]:
    """A thumbnail or a zoomed screenshot: scale down to 50–70 % or up to 130–160 %."""
    img = source_image(name).convert("RGB")
    f = rng.uniform(1.3, 1.6) if up else rng.uniform(0.5, 0.7)
    size = (round(img.width * f), round(img.height * f))
    out = img.resize(size, Image.Resampling.BICUBIC if up else Image.Resampling.LANCZOS)
    return to_palette(out), f"scaled ({'up' if up else 'down'} ×{f:.2f} → {size[0]}×{size[1]})"


def perspective_coeffs(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    """Coefficients PIL's PERSPECTIVE transform needs: they map output points dst to input points src."""
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.extend([u, v])
    return np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)).tolist()


def t_photo(name: str, rng: random.Random) -> tuple[Image.Image, str]:
    """A phone photo of the printed paper: slight perspective, grey paper under uneven light, blur, noise."""
    src = source_image(name).convert("RGB")
    w, h = src.size
    m = round(0.06 * w)
    paper = Image.new("RGB", (w + 2 * m, h + 2 * m), WHITE)
    paper.paste(src, (m, m))
    W, H = paper.size
    # where the paper's corners land in the photo: pulled inwards by 0–5 %, unevenly (camera not square on)
    j = [(rng.uniform(0.0, 0.05) * W, rng.uniform(0.0, 0.05) * H) for _ in range(4)]
    dst = [(j[0][0], j[0][1]), (W - j[1][0], j[1][1]), (W - j[2][0], H - j[2][1]), (j[3][0], H - j[3][1])]
    srcq = [(0, 0), (W, 0), (W, H), (0, H)]
    desk = (rng.randint(70, 95), rng.randint(66, 86), rng.randint(60, 78))
    warped = paper.transform((W, H), Image.Transform.PERSPECTIVE, perspective_coeffs(dst, srcq),
                             resample=Image.Resampling.BICUBIC, fillcolor=desk)
    # paper mask (the warped white sheet) so the tone and light fall on the paper, not the desk
    mask = Image.new("L", (W, H), 255).transform((W, H), Image.Transform.PERSPECTIVE,
                                                 perspective_coeffs(dst, srcq),
                                                 resample=Image.Resampling.BILINEAR, fillcolor=0)
    arr = np.asarray(warped, dtype=np.float32)
    msk = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    tone = np.array([rng.uniform(222, 232), rng.uniform(220, 229), rng.uniform(210, 220)], dtype=np.float32) / 255
    ang = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    ramp = (xx / W - 0.5) * math.cos(ang) + (yy / H - 0.5) * math.sin(ang)
    light = (1.0 - 0.09 * (ramp + 0.5))[..., None]
    arr = arr * (msk * tone * light + (1 - msk))
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    blur = rng.uniform(0.6, 0.9)
    img = img.filter(ImageFilter.GaussianBlur(blur))
    noise = np.random.default_rng(rng.randrange(2 ** 32)).normal(0.0, 3.0, (H, W, 1)).astype(np.float32)
    arr = np.asarray(img, dtype=np.float32) + noise
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    # phones and messengers shrink photos; keep it modest so the file stays small
    img = img.resize((round(W * 0.9), round(H * 0.9)), Image.Resampling.LANCZOS)
    return img, f"photo (perspective ≤5 %, paper tone, light ramp, blur {blur:.1f}px, noise σ3, JPEG q72)"


def make_image(q: Query) -> tuple[Image.Image, str, str]:
    """The query picture, a one-line description, and the file extension."""
    rng = random.Random(f"{SEED}/{q.qid}/{q.figure}/{q.transform}")
    kind = q.transform
    if kind == "redrawn":
        img, desc = t_redrawn(q.figure, rng)
    elif kind == "cropped":
        img, desc = t_cropped(q.figure, rng)
    elif kind == "rotated":
        img, desc = t_rotated(q.figure, rng)
    elif kind == "scaled":
        img, desc = t_scaled(q.figure, rng, up=bool(q.extra.get("up")))
    elif kind == "photo":
        img, desc = t_photo(q.figure, rng)
        return img, desc, "jpg"
    else:
        raise ValueError(kind)
    return img, desc, "png"


def save_image(img: Image.Image, path: Path) -> None:
    if path.suffix == ".jpg":
        img.save(path, format="JPEG", quality=72, optimize=True, subsampling=2)
    else:
        img.save(path, format="PNG", optimize=True)


# --------------------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------------------

def assign(queries: list[Query]) -> None:
    """Number the queries and deal the picture transforms out evenly (per scenario, in a seeded order)."""
    for n, q in enumerate(queries, start=1):
        q.qid = f"Q{n:03d}"
    rng = random.Random(f"{SEED}/transforms")
    scaled_up = False
    offset = 0
    for scen in ("S3", "S4"):
        group = [q for q in queries if q.scenario == scen]
        kinds = [TRANSFORMS[(i + offset) % len(TRANSFORMS)] for i in range(len(group))]
        offset += len(group)
        rng.shuffle(kinds)
        for q, k in zip(group, kinds):
            q.transform = k
            if k == "scaled":
                q.extra["up"] = scaled_up
                scaled_up = not scaled_up


def record(q: Query) -> dict:
    bits = [f"style={q.style}"]
    if q.transform:
        bits.append(f"transform={q.transform_desc}")
        bits.append(f"source=figures/{q.figure}.png")
    if q.remark:
        bits.append(q.remark)
    return {"qid": q.qid, "scenario": q.scenario, "subject": q.subject, "text": q.text, "image": q.image,
            "relevant": q.relevant, "note": " | ".join(bits)}


def load_bank() -> dict[str, dict]:
    items = {}
    with BANK_ITEMS.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                items[r["id"]] = r
    return items


# --------------------------------------------------------------------------------------------------------
# Validation: fail loudly
# --------------------------------------------------------------------------------------------------------

class GoldenError(AssertionError):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise GoldenError(msg)


def validate(queries: list[Query], records: list[dict], items: dict[str, dict]) -> dict:
    figure_users: dict[str, list[str]] = {}
    for iid, it in items.items():
        for p in it["images"]:
            figure_users.setdefault(Path(p).stem, []).append(iid)
    fig_hashes = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in FIG_DIR.glob("*.png")}
    fig_pixels: dict[tuple[int, int], list[tuple[str, bytes]]] = {}
    for p in FIG_DIR.glob("*.png"):
        im = Image.open(p).convert("RGB")
        fig_pixels.setdefault(im.size, []).append((p.name, im.tobytes()))

    qids = [r["qid"] for r in records]
    check(len(qids) == len(set(qids)), "duplicate qid")
    check(len(records) >= MIN_TOTAL, f"only {len(records)} queries, need {MIN_TOTAL}")
    seen_text: set[tuple[str, str]] = set()
    for q, r in zip(queries, records):
        where = f"{r['qid']} ({r['text'] or r['image']})"
        check(tuple(r) == ("qid", "scenario", "subject", "text", "image", "relevant", "note"), f"{where}: keys")
        check(r["scenario"] in SCENARIOS and r["subject"] in SUBJECTS, f"{where}: scenario/subject")
        check(bool(r["relevant"]), f"{where}: no relevant items")
        check(any(g == 2 for g in r["relevant"].values()), f"{where}: no grade-2 item")
        for iid, g in r["relevant"].items():
            check(iid in items, f"{where}: unknown item id {iid}")
            check(g in (1, 2), f"{where}: grade {g} for {iid}")
            check(items[iid]["subject"] == r["subject"], f"{where}: {iid} is not {r['subject']}")
        # text
        if r["scenario"] == "S3":
            check(r["text"] is None, f"{where}: S3 queries have no text")
        else:
            check(isinstance(r["text"], str) and 2 <= len(r["text"].split()) <= 8,
                  f"{where}: text must be 2–8 words")
            key = (r["scenario"], r["text"])
            check(key not in seen_text, f"{where}: same text twice in {r['scenario']}")
            seen_text.add(key)
        if q.style == "paraphrase":
            n, share, shared = overlap(q, items)
            check(is_paraphrase(q, items), f"{where}: marked paraphrase but shares {shared} with an answer")
        if q.style == "keyword":
            check(not is_paraphrase(q, items), f"{where}: marked keyword but shares almost nothing with its answers")
        if q.style == "mixed":
            check(bool(re.search(r"[A-Za-z0-9αβθ°²Ω]", r["text"] or "")), f"{where}: 'mixed' without Latin/number")
        # image
        if r["scenario"] in ("S1", "S2"):
            check(r["image"] is None, f"{where}: text-only scenario with an image")
        if r["scenario"] == "S2":
            for iid in r["relevant"]:
                check(bool(items[iid]["images"]), f"{where}: S2 answer {iid} has no figure")
        if r["scenario"] in ("S3", "S4"):
            check(isinstance(r["image"], str) and r["image"].startswith("golden_images/"), f"{where}: image path")
            path = ASSETS / r["image"]
            check(path.is_file(), f"{where}: missing {path}")
            data = path.read_bytes()
            check(hashlib.sha256(data).hexdigest() not in fig_hashes,
                  f"{where}: image is byte-identical to an indexed figure")
            im = Image.open(path).convert("RGB")
            for fname, px in fig_pixels.get(im.size, []):
                check(im.tobytes() != px, f"{where}: image has the same pixels as figures/{fname}")
            check(len(data) <= MAX_IMAGE_BYTES, f"{where}: {path.name} is {len(data)} bytes")
            users = figure_users.get(q.figure, [])
            check(bool(users), f"{where}: source figure {q.figure} is not used by any item")
            for iid in users:
                check(iid in r["relevant"], f"{where}: {iid} uses the source figure but is not relevant")
            if r["scenario"] == "S3":
                check(any(r["relevant"][i] == 2 for i in users), f"{where}: no grade-2 item uses the figure")
            check(q.transform in TRANSFORMS and f"transform={q.transform}" in r["note"], f"{where}: transform note")

    def count(key: str) -> Counter:
        return Counter(r[key] for r in records)

    per_scen, per_subj = count("scenario"), count("subject")
    for s, n in MIN_PER_SCENARIO.items():
        check(per_scen[s] >= n, f"{s}: {per_scen[s]} queries, need {n}")
    for s in SUBJECTS:
        check(per_subj[s] >= MIN_PER_SUBJECT, f"{s}: {per_subj[s]} queries, need {MIN_PER_SUBJECT}")
    text_qs = [q for q in queries if q.text]
    para = [q for q in text_qs if q.style == "paraphrase"]
    check(len(para) >= MIN_PARAPHRASE_SHARE * len(text_qs),
          f"only {len(para)} of {len(text_qs)} text queries are paraphrases")
    check(sum(q.style == "mixed" for q in text_qs) >= 5, "too few mixed Korean/English/number queries")
    # S1 answers are mostly items without figures
    s1_grade2 = [iid for q in queries if q.scenario == "S1" for iid, g in q.relevant.items() if g == 2]
    no_fig = sum(not items[i]["images"] for i in s1_grade2)
    check(no_fig >= 0.75 * len(s1_grade2), "S1 grade-2 answers should be mostly items without figures")
    kinds = Counter(q.transform for q in queries if q.transform)
    check(set(kinds) == set(TRANSFORMS) and min(kinds.values()) >= 8, f"transform spread {dict(kinds)}")
    total_bytes = sum(p.stat().st_size for p in IMG_DIR.iterdir() if p.is_file())
    check(total_bytes <= MAX_TOTAL_IMAGE_BYTES, f"golden_images is {total_bytes} bytes")
    on_disk = {f"golden_images/{p.name}" for p in IMG_DIR.iterdir() if p.is_file()}
    used = {r["image"] for r in records if r["image"]}
    check(on_disk == used, f"stray files in golden_images: {sorted(on_disk - used)}")
    return {"scenario": dict(sorted(per_scen.items())), "subject": {s: per_subj[s] for s in SUBJECTS},
            "styles": dict(Counter(q.style for q in queries)), "paraphrase": len(para), "text_queries": len(text_qs),
            "transforms": dict(sorted(kinds.items())), "image_bytes": total_bytes,
            "s1_grade2_without_figure": f"{no_fig}/{len(s1_grade2)}"}


# --------------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------------

def build() -> tuple[list[Query], list[dict], dict[str, dict]]:
    items = load_bank()
    msb.build_bank()  # fills msb.FIGURES with every figure's drawing recipe
    queries = [*S1, *S2, *S3, *S4]
    # fresh copies so that running build() twice in one process gives the same result
    queries = [dataclasses.replace(q, relevant=dict(q.relevant), extra={}) for q in queries]
    assign(queries)
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    for old in IMG_DIR.iterdir():
        if old.is_file() and old.suffix.lower() in (".png", ".jpg", ".jpeg"):
            old.unlink()
    for q in queries:
        if q.figure is None:
            continue
        check(q.figure in msb.FIGURES, f"{q.qid}: unknown figure {q.figure}")
        img, desc, ext = make_image(q)
        name = f"{q.qid}_{q.figure}_{q.transform}.{ext}"
        save_image(img, IMG_DIR / name)
        q.image = f"golden_images/{name}"
        q.transform_desc = desc
    records = [record(q) for q in queries]
    with GOLDEN.open("w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return queries, records, items


def main(argv: list[str]) -> int:
    queries, records, items = build()
    if "--report" in argv:
        for q in queries:
            if q.text:
                n, share, shared = overlap(q, items)
                flag = "PARA" if is_paraphrase(q, items) else "    "
                print(f"{q.qid} {q.scenario} {q.style:10s} {flag} {n} {share:.2f} {q.text}  {shared}")
    summary = validate(queries, records, items)
    print(f"wrote {len(records)} queries to {GOLDEN.relative_to(ROOT)} and "
          f"{sum(1 for r in records if r['image'])} pictures to {IMG_DIR.relative_to(ROOT)}")
    for k, v in summary.items():
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
