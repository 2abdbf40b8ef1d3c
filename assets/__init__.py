"""Bundled data files, installed as the ``itembank_assets`` package: the sample bank, fonts, icons."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
SAMPLE_BANK = ROOT / "sample_bank"
SAMPLE_BANK_ITEMS = SAMPLE_BANK / "items.jsonl"
GOLDEN_QUERIES = ROOT / "golden.jsonl"
FONTS = ROOT / "fonts"
HANGUL_FONT = FONTS / "NanumGothic.ttf"
HANGUL_FONT_BOLD = FONTS / "NanumGothicBold.ttf"
