"""The desktop window with real Qwen3-VL model packs (the tiny random checkpoints from conftest):
image search by drop, "rerank top N", and the models page (packs, device plan, install with
verification, profile index build off the GUI thread, profile switching).

Random weights say nothing about quality, so the tests check what the window asked the engine for and
that it shows the engine's answer (the same ids as a direct ``bank.search``), not which items win.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("transformers")

from PySide6.QtCore import QMimeData, Qt, QUrl  # noqa: E402

from engine.api import ItemBank, SearchRequest  # noqa: E402
from engine.models.packs import install_pack, pack_folder  # noqa: E402
from test_desktop_app import (CORPUS, open_bank_window, WAIT_MS, TickMonitor, card_ids, draw_png,  # noqa: E402,F401
                              drop, isolated_settings, make_window, styled_app, write_jsonl)

PROFILE = "qwen-tiny"
EMBEDDER = "qwen3-vl-embedding-tiny"
RERANKER = "qwen3-vl-reranker-tiny"


def make_pack(tmp: Path, checkpoint: Path, name: str) -> Path:
    folder = shutil.copytree(checkpoint, tmp / name)
    pack_folder(folder, name=name)
    return folder


def corpus_into(folder: Path) -> ItemBank:
    source = folder.parent / (folder.name + "-source")
    draw_png(source / "parabola.png", "parabola")
    draw_png(source / "circuit.png", "circuit")
    bank = ItemBank(folder, create=True)
    assert bank.import_path(write_jsonl(source / "items.jsonl", CORPUS)).imported == len(CORPUS)
    return bank


@pytest.fixture(scope="module")
def packs(tmp_path_factory, tiny_embedder_dir, tiny_reranker_dir) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("desktop-packs")
    return {EMBEDDER: make_pack(root, tiny_embedder_dir, EMBEDDER),
            RERANKER: make_pack(root, tiny_reranker_dir, RERANKER)}


@pytest.fixture(scope="module")
def qwen_bank_dir(tmp_path_factory, packs) -> Path:
    """The test corpus with both packs installed and a Qwen profile indexed and in use."""
    folder = tmp_path_factory.mktemp("desktop-qwen") / "bank"
    bank = corpus_into(folder)
    for pack in packs.values():
        install_pack(pack, bank.paths.models)
    bank.profiles.create(PROFILE, precision="fp32")
    assert bank.profiles.build_index(PROFILE).indexed == len(CORPUS)
    bank.profiles.use(PROFILE)
    bank.close()
    return folder


@pytest.fixture
def qwen_window(qtbot, qwen_bank_dir):
    yield from open_bank_window(qtbot, qwen_bank_dir)


def test_dropping_an_image_searches_by_it_with_the_qwen_model(qtbot, qwen_window, tmp_path):
    window = qwen_window
    page = window.search_page
    assert page.panel.modes.button("semantic").isEnabled()
    assert not page.model_banner.isVisible()
    png = draw_png(tmp_path / "삼각형 사진.png", "triangle")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    rendered = []
    page.results_rendered.connect(rendered.append)
    failures = []
    page.search_failed.connect(lambda g, m: failures.append(m))
    event = drop(window, mime)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: page.outcome is not None and page.outcome.query.image == str(png),
                    timeout=60_000)
    assert not failures, failures
    outcome = page.outcome
    assert outcome.mode in ("semantic", "hybrid") and outcome.count == len(CORPUS)
    # the cards are the engine's answer for that image, in its order, each with its calibrated band
    expected = window.bank.search(SearchRequest(image=str(png), mode=outcome.query.mode, k=outcome.query.k))
    assert card_ids(window) == [h.id for h in expected.hits]
    assert [card.band for card in page.results.cards] == [h.band for h in expected.hits]
    assert all(card.band_label.text().startswith("관련도 ") for card in page.results.cards)
    assert not page.message_banner.isVisible()
    assert window.status.mode_label.text() in ("검색 방식: 의미", "검색 방식: 하이브리드")
    # words + image: both go to the engine
    page.set_query_text("전류")
    with qtbot.waitSignal(page.results_rendered, timeout=60_000):
        page.search_now()
    assert page.outcome.query.text == "전류" and page.outcome.query.image == str(png)


def test_rerank_top_n_sends_rerank_to_the_engine(qtbot, qwen_window):
    page = qwen_window.search_page
    control = page.panel.rerank
    assert control.check.isEnabled() and "재정렬 모델" in control.check.toolTip()
    page.set_query_text("이차방정식 근")
    control.set_count(5)
    with qtbot.waitSignal(page.results_rendered, timeout=60_000):
        control.check.setChecked(True)  # ticking searches at once
    outcome = page.outcome
    assert outcome.query.rerank == 5
    top = outcome.hits[:5]
    assert all("rerank" in hit.explain and "first_stage" in hit.explain for hit in top)
    assert all("rerank" not in hit.explain for hit in outcome.hits[5:])
    assert page.count_label.text().endswith("상위 5개 재정렬")


def test_rerank_without_a_reranker_pack_is_disabled_and_explained(qtbot, qwen_bank_dir, tmp_path):
    folder = shutil.copytree(qwen_bank_dir, tmp_path / "bank")
    shutil.rmtree(folder / "models" / RERANKER)
    bank = ItemBank(folder)
    window = make_window(qtbot, bank)
    try:
        page = window.search_page
        control = page.panel.rerank
        qtbot.waitUntil(lambda: page.outcome is not None, timeout=WAIT_MS)
        assert not control.check.isEnabled()
        assert "재정렬(reranker) 모델 팩이 필요합니다" in control.check.toolTip()
        # if a search asks for it anyway, the engine's refusal is a sentence, and the results come
        # without reranking
        control.check.setEnabled(True)
        page.set_query_text("전류")
        with qtbot.waitSignal(page.search_failed, timeout=60_000) as failed:
            control.check.setChecked(True)
        assert "재정렬에는 Qwen3-VL 재정렬(reranker) 모델 팩이 필요합니다" in failed.args[1]
        assert "재정렬(reranker) 모델 팩" in page.message_banner.detail_text()
        qtbot.waitUntil(lambda: page.outcome.generation == page.fallback_generation, timeout=60_000)
        assert page.outcome.query.rerank == 0 and page.outcome.count > 0
    finally:
        window.close()
        bank.close()


# -- the models page ---------------------------------------------------------------------------------
def open_models_page(qtbot, window):
    page = window.models_page
    with qtbot.waitSignal(page.overview_loaded, timeout=60_000):
        qtbot.mouseClick(window.nav.button("models"), Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is page
    return page


def profile_cells(page) -> dict[str, list[str]]:
    table = page.profiles_table
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())}


def test_without_packs_the_models_page_says_what_a_pack_adds(qtbot, tmp_path):
    bank = corpus_into(tmp_path / "bank")
    window = make_window(qtbot, bank)
    try:
        page = open_models_page(qtbot, window)
        assert page.keyword_card.isVisible()
        text = page.keyword_text.text()
        for words in ("그림 검색", "글+그림 검색", "의미 검색", "재정렬", "설치"):
            assert words in text
        assert page.no_packs.isVisible() and not page.packs_table.isVisible()
        assert not page.create_button.isEnabled()
        assert page.overview.plan["device"] in ("cpu", "cuda") and page.overview.plan["reasons"]
        assert page.device_reasons.text().startswith("• ")
        assert str(bank.paths.root) == page.data_label.text()
        assert "keyword" in profile_cells(page)
        assert page.serving_title.text() == "지금은 키워드 검색으로 동작합니다"
    finally:
        window.close()
        bank.close()


def test_a_damaged_pack_is_refused_with_a_readable_message(qtbot, tmp_path, packs):
    bank = corpus_into(tmp_path / "bank")
    damaged = shutil.copytree(packs[RERANKER], tmp_path / "damaged")
    weights = next(damaged.glob("*.safetensors"))
    data = bytearray(weights.read_bytes())
    data[-10] ^= 0xFF
    weights.write_bytes(bytes(data))
    window = make_window(qtbot, bank)
    try:
        page = open_models_page(qtbot, window)
        page.pack_path.setText(str(damaged))
        with qtbot.waitSignal(page.job_failed, timeout=60_000) as failed:
            qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
        assert failed.args[0] == "install"
        assert failed.args[1].startswith("모델 팩을 설치할 수 없습니다:")
        assert "damaged" in failed.args[1] and "Traceback" not in failed.args[1]
        assert page.banner.isVisible()
        assert not (bank.paths.models / RERANKER).exists()
    finally:
        window.close()
        bank.close()


def test_install_create_profile_index_and_switch_without_blocking_the_gui(qtbot, tmp_path, packs):
    bank = corpus_into(tmp_path / "bank")
    window = make_window(qtbot, bank)
    try:
        page = open_models_page(qtbot, window)
        # install the embedding pack from its folder (as from a USB stick), verified while copying
        page.pack_path.setText(str(packs[EMBEDDER]))
        copied: list[int] = []
        page.install_job.bar.valueChanged.connect(copied.append)
        with qtbot.waitSignal(page.overview_loaded, timeout=60_000):
            with qtbot.waitSignal(page.job_done, timeout=60_000) as done:
                qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
        info, status = done.args[1]
        assert info.name == EMBEDDER and status == "installed"
        assert copied and max(copied) == 1000  # progress in thousandths of the bytes verified
        assert "체크섬" in page.banner.message_text()
        assert page.packs_table.rowCount() == 1 and page.packs_table.item(0, 0).text() == EMBEDDER
        # the guide shows the installed pack's size on disk instead of the expected download
        on_disk = f"설치됨 · 디스크 {info.size / 1024 ** 3:.1f} GB"
        assert on_disk in page.guide_card.pack_labels[0].text() and "내려받기" in page.guide_card.pack_labels[1].text()
        assert not page.keyword_card.isVisible()
        assert page.create_button.isEnabled()

        # a new Qwen profile is created and indexed on the job lane
        with qtbot.waitSignal(page.job_done, timeout=120_000) as done:
            qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
            assert page.index_job.isVisible() and not page.create_button.isEnabled()
        report = done.args[1]
        assert done.args[0] == "create" and report.indexed == len(CORPUS) and not report.cancelled
        qtbot.waitUntil(lambda: report.profile in profile_cells(page), timeout=WAIT_MS)
        assert profile_cells(page)[report.profile][2] == f"{len(CORPUS)} / {len(CORPUS)}"

        # new items arrive; "build / update index" embeds just those, and the GUI thread never
        # stalls for 100 ms while it runs. (The model is loaded by now: the first load of a Qwen
        # tokenizer holds the GIL for about a second inside the tokenizers library — see the report.)
        extra = [dict(CORPUS[n % len(CORPUS)], id=f"X{n}", images=[],
                      stem=f"{n}번 추가 문항: " + CORPUS[n % len(CORPUS)]["stem"]) for n in range(300)]
        assert bank.import_path(write_jsonl(tmp_path / "extra.jsonl", extra)).imported == 300
        with qtbot.waitSignal(page.overview_loaded, timeout=WAIT_MS):
            page.refresh()
        assert profile_cells(page)[report.profile][4] == "색인 갱신 필요"
        assert page.select_profile(report.profile) and page.index_button.isEnabled()
        # (the window's own refresh after the first build re-runs the search meanwhile and draws its
        # cards: in batches, so that must not stall the GUI thread either)
        monitor = TickMonitor()
        progress: list[int] = []
        page.index_job.bar.valueChanged.connect(progress.append)
        monitor.start()
        with qtbot.waitSignal(page.job_done, timeout=120_000) as done:
            qtbot.mouseClick(page.index_button, Qt.MouseButton.LeftButton)
            assert page.index_job.isVisible() and not page.index_button.isEnabled()
        monitor.stop()
        update = done.args[1]
        assert done.args[0] == "index" and update.embedded == 300
        assert update.indexed == len(CORPUS) + 300
        assert monitor.elapsed > 0.15 and monitor.ticks > 5  # long enough for the check to mean something
        assert monitor.max_gap < 0.100, f"GUI thread blocked for {monitor.max_gap * 1000:.0f} ms"
        assert progress and max(progress) == 300
        assert "새로 읽은 문항 300개" in page.banner.message_text()

        # the built profile is the one in use; switch to keyword and back from the page
        qtbot.waitUntil(lambda: not page.index_job.busy and not window.job_runner.busy, timeout=WAIT_MS)
        assert profile_cells(page)[report.profile][3] == "● 사용 중"
        assert window.search_page.panel.modes.button("semantic").isEnabled()
        for name, semantic in (("keyword", False), (report.profile, True)):
            assert page.select_profile(name) and page.use_button.isEnabled()
            with qtbot.waitSignal(window.bank_ready, timeout=WAIT_MS) as ready:
                qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
            assert ("semantic" in ready.args[0]["search_modes"]) is semantic
            assert window.bank.profiles.active_name() == name
            assert window.search_page.panel.modes.button("semantic").isEnabled() is semantic
            qtbot.waitUntil(lambda n=name: profile_cells(page)[n][3] == "● 사용 중", timeout=WAIT_MS)
            assert "사용 중" not in page.use_button.text() and not page.use_button.isEnabled()
        assert window.pages.currentWidget() is page  # the refreshes did not jump back to search
    finally:
        window.close()
        bank.close()


def test_with_the_lite_profile_serving_the_models_page_says_so_as_the_status_bar_does(qtbot, sample_lite_dir,
                                                                                       tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, folder)
    for window in open_bank_window(qtbot, folder):
        page = open_models_page(qtbot, window)
        qtbot.waitUntil(lambda: page.overview is not None, timeout=WAIT_MS)
        assert window.status.mode_label.text() == "검색 방식: 하이브리드"
        # never "working in keyword mode" while lite answers searches in hybrid mode
        assert page.serving_title.text().startswith("지금은 lite 프로필(")
        assert "하이브리드" in page.serving_title.text() and "키워드 검색으로 동작" not in page.serving_title.text()
        window.switch_language("en")
        assert page.serving_title.text().startswith("Searching with profile lite (")
        window.switch_language("ko")


def test_with_qwen_packs_the_models_page_names_the_serving_profile_and_the_admin_backup_button(qtbot, qwen_window):
    window = qwen_window
    page = open_models_page(qtbot, window)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=WAIT_MS)
    assert not page.keyword_card.isVisible() and page.serving_line.isVisible()
    sentence = page.serving_line.text()
    assert sentence == f"지금은 {PROFILE} 프로필({EMBEDDER})로 하이브리드 검색을 합니다 (키워드 + 의미)", sentence
    qtbot.waitUntil(lambda: window.status.mode_label.text() != "검색 방식: —", timeout=WAIT_MS)
    assert window.status.mode_label.text() == "검색 방식: 하이브리드"  # the same word as the status bar
    hint = page.data_hint.text()
    assert "itembank backup" not in hint and "'관리' 화면" in hint and "'백업 만들기…'" in hint
    window.switch_language("en")
    assert page.serving_line.text().startswith(f"Searching with profile {PROFILE} (") and "Admin page" in \
        page.data_hint.text()
    window.switch_language("ko")
