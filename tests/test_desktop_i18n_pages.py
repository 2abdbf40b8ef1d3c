"""Every page and dialog speaks Korean by default and English after the switch, with no string key
left untranslated on screen."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import re

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit  # noqa: E402

from desktop_app.i18n import STRINGS  # noqa: E402
from test_desktop_app import (WAIT_MS, corpus_bank, isolated_settings, styled_app,  # noqa: E402,F401
                              window)

KEY = re.compile(r"^[a-z_]+\.[a-z_]+$")


def visible_texts(widget) -> list[str]:
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)]
    texts += [w.placeholderText() for w in widget.findChildren(QLineEdit)]
    return [t for t in texts if t]


def test_pages_and_the_wizard_switch_language_without_leaving_keys(qtbot, window):
    with qtbot.waitSignal(window.models_page.overview_loaded, timeout=60_000):
        window.show_page("models")
    wizard = window.open_import_wizard()
    pages = [window.search_page, window.models_page, window.duplicates_page, window.basket_page, wizard,
             window.nav]
    for page in pages:
        leftovers = [t for t in visible_texts(page) if KEY.match(t) or t in STRINGS]
        assert not leftovers, (type(page).__name__, leftovers)
    assert window.nav.button("duplicates").text() == "중복 검토"
    assert window.models_page.title.text() == "모델과 설정"
    window.language_actions["en"].trigger()
    wizard.retranslate()
    assert window.nav.button("duplicates").text() == "Duplicates"
    assert window.nav.button("basket").text() == "Worksheet (0)"
    assert window.models_page.title.text() == "Models and settings"
    assert window.models_page.profiles_table.horizontalHeaderItem(0).text() == "Profile"
    assert window.duplicates_page.scan_button.text() == "Find duplicates"
    assert window.basket_page.pdf_button.text() == "Save PDF…"
    assert window.search_page.panel.rerank.suffix.text() == "results"
    assert wizard.file_button.text() == "File…"
    for page in pages:
        texts = visible_texts(page)
        assert not [t for t in texts if KEY.match(t) or t in STRINGS], type(page).__name__
    wizard.close()


def test_device_plan_reasons_are_said_in_korean():
    from desktop_app.pages.models_page import explain_reason
    from engine.models.device import Hardware, plan_device

    gib = 1 << 30
    gpu = plan_device(hardware=Hardware(torch=True, cuda=True, gpu_name="NVIDIA GeForce RTX 3060",
                                        capability=(8, 6), free_bytes=11 * gib, total_bytes=12 * gib,
                                        bitsandbytes=True, accelerate=True), param_count=2_100_000_000)
    assert gpu.device == "cuda" and gpu.precision == "int8"
    assert explain_reason(gpu.reasons[0]) == \
        "CUDA GPU NVIDIA GeForce RTX 3060 (연산 능력 8.6)가 있어 기본값인 int8로 실행합니다."
    small = plan_device(hardware=Hardware(torch=True, cuda=True, gpu_name="GT 1030", capability=(6, 1),
                                          free_bytes=1 * gib, total_bytes=2 * gib),
                        precision="fp16", param_count=2_100_000_000)
    assert small.device == "cpu"
    assert "GiB만 비어 있어 CPU(fp32)로 실행합니다" in explain_reason(small.reasons[-1])
    cpu = plan_device(hardware=Hardware(torch=True, cuda=False))
    assert [explain_reason(r) for r in cpu.reasons] == ["CUDA GPU가 없어서 CPU로 실행합니다.",
                                                       "CPU에서는 fp32 정밀도를 씁니다."]
    cpu_int8 = plan_device("int8", hardware=Hardware(torch=True, cuda=False, cpu_int8=True))
    assert explain_reason(cpu_int8.reasons[-1]).startswith("CPU에서 int8(선형 계층을 int8 행렬곱으로)로 실행합니다.")
    no_kernels = plan_device("int8", hardware=Hardware(torch=True, cuda=False))
    assert explain_reason(no_kernels.reasons[-1]) == "이 PyTorch에는 CPU용 int8 연산이 없어 fp32로 실행합니다."
    assert explain_reason("something new from the engine") == "something new from the engine"
