"""The window with a district bank: connect in the settings card, search 우리 학교 / 교육청 / 둘 다, open a
district item (figures fetched from the server) and copy it into this bank; a wrong token or a dead
server is a banner, never the loss of this bank's results. A real ``itembank serve`` on 127.0.0.1
serves the sample bank; the window's bank is the small test corpus. Tests wait on signals and
conditions, never on fixed delays.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported anywhere

import hashlib
import socket
import stat

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
pytest.importorskip("fastapi")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from test_desktop_app import (  # noqa: F401
    CORPUS,
    WAIT_MS,
    draw_png,
    isolated_settings,
    make_window,
    styled_app,
    write_jsonl,
)
from test_desktop_screenshot import distinct_colours, run_main
from test_remote_client import district_bank, district_dir, read_token, server  # noqa: F401 (fixtures)

from desktop_app.sources import BOTH, DISTRICT, LOCAL, district_key
from engine.api import ItemBank, SearchRequest
from engine.remote import COPIED, RemoteConfig, mask_token, save_remote_config

QUERY = "그래프"  # in the corpus (M1, M4) and in many sample items with figures


@pytest.fixture
def corpus_bank(tmp_path):
    """This school's bank: the small corpus of the desktop tests (6 items, 2 with figures)."""
    source = tmp_path / "source"
    draw_png(source / "parabola.png", "parabola")
    draw_png(source / "circuit.png", "circuit")
    bank = ItemBank(tmp_path / "bank", create=True)
    assert bank.import_path(write_jsonl(source / "items.jsonl", CORPUS)).imported == len(CORPUS)
    yield bank
    bank.close()


@pytest.fixture
def window(qtbot, corpus_bank):
    win = make_window(qtbot, corpus_bank)
    qtbot.waitUntil(lambda: win.search_page.outcome is not None, timeout=WAIT_MS)
    yield win
    win.close()


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def search_sources(qtbot, window, text: str, source: str) -> None:
    """Type ``text``, pick the source (which searches), wait until that search is complete and drawn."""
    page = window.search_page
    page.set_query_text(text)
    page.panel.sources.button(source).click()

    def drawn() -> bool:
        outcome = page.outcome
        return (outcome is not None and outcome.query.text == text and outcome.query.source == source
                and outcome.complete and len(page.results.cards) == outcome.count)

    qtbot.waitUntil(drawn, timeout=WAIT_MS)


def open_models_page(qtbot, window):
    """Show 모델·설정 and let its overview (a device probe in a child process) finish, so no worker is
    still busy when the test ends."""
    with qtbot.waitSignal(window.models_page.overview_loaded, timeout=120_000):
        window.show_page("models")
    return window.models_page.district_card


def card_sources(window) -> list[tuple[str, str]]:
    return [(card.source, card.item.id) for card in window.search_page.results.cards]


def visible_texts(widget) -> list[str]:
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)]
    texts += [w.text() + " " + w.placeholderText() for w in widget.findChildren(QLineEdit)]
    return texts


def test_connect_in_settings_then_search_both_banks_and_copy_a_district_item(
        qtbot, window, corpus_bank, district_bank, server, read_token):
    page = window.search_page
    assert page.panel.sources.isHidden()  # no district server yet: the search bar is as it was

    # 모델·설정 → 교육청 문항 은행: test the typed values, then save them
    card = open_models_page(qtbot, window)
    card.url_edit.setText(server.url)
    card.token_edit.setText(read_token)
    with qtbot.waitSignal(card.checked, timeout=WAIT_MS) as checked:
        qtbot.mouseClick(card.check_button, Qt.MouseButton.LeftButton)
    assert checked.args[0].items == 200
    assert "연결되었습니다" in card.status_text() and "200" in card.status_text()
    assert not window.district.configured  # testing saves nothing
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert window.district.configured and window.district.config.url == server.url
    saved = corpus_bank.paths.root / "district_remote.json"
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert card.token_edit.text() == "" and card.token_edit.echoMode() == QLineEdit.EchoMode.Password
    assert mask_token(read_token) in card.token_edit.placeholderText()
    assert not [t for t in visible_texts(window.models_page) if read_token in t]  # never shown in full

    # 검색: 둘 다 → this bank's and the district's results, alternating, each with its badge
    window.show_page("search")
    assert not page.panel.sources.isHidden()
    search_sources(qtbot, window, QUERY, BOTH)
    local_ids = [h.id for h in corpus_bank.search(SearchRequest(text=QUERY, k=50)).hits]
    district_ids = [h.id for h in district_bank.search(SearchRequest(text=QUERY, k=50)).hits]
    cards = card_sources(window)
    assert [i for s, i in cards if s == LOCAL] == local_ids and len(local_ids) == 2
    assert [i for s, i in cards if s == DISTRICT] == district_ids and len(district_ids) > 10
    assert [s for s, _ in cards[:4]] == [LOCAL, DISTRICT, LOCAL, DISTRICT]  # interleaved by rank
    badges = {card.source: card.source_badge.text() for card in page.results.cards}
    assert badges == {LOCAL: "우리 학교", DISTRICT: "교육청"}
    count = page.count_label.text()
    assert f"우리 학교 {len(local_ids)}건" in count and f"교육청 {len(district_ids)}건" in count
    assert "번갈아" in count and "비교할 수 없습니다" in count
    assert not page.message_banner.isVisible()

    # a district card opens the item with its figure fetched from the server
    target = next(c for c in page.results.cards if c.source == DISTRICT and c.item.images)
    assert target.thumb is not None  # the card's thumbnail came from the server too
    with qtbot.waitSignal(page.district_item_loaded, timeout=WAIT_MS):
        page.results.select_item(target.key)
    assert page.detail.item.id == target.item.id and page.detail.source == DISTRICT
    assert not page.detail.figures_loading and page.detail.findChildren(QLabel, "Figure")
    assert "교육청" in page.detail.plain_text()
    assert page.copy_button.isVisibleTo(page) and page.copy_button.text() == "내 은행에 복사"
    assert not page.add_button.isEnabled() and "복사" in page.add_button.toolTip()

    # 내 은행에 복사: the item and its figure bytes land in this bank; then it can go on the worksheet
    with qtbot.waitSignal(page.item_copied, timeout=WAIT_MS) as copied:
        qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    result = copied.args[0]
    assert result.status == COPIED and result.local_id == target.item.id
    assert page.message_banner.isVisible() and "복사했습니다" in page.message_banner.message_text()
    mine = corpus_bank.get(result.local_id)
    assert mine is not None and mine.stem == target.item.stem and mine.images == target.item.images
    for sha in mine.images:
        assert hashlib.sha256(corpus_bank.image_path(sha).read_bytes()).hexdigest() == sha
    assert page.copy_button.text() == f"내 은행에 있음 ({result.local_id})" and not page.copy_button.isEnabled()
    assert page.add_button.isEnabled()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert window.basket_page.ids == [result.local_id]
    qtbot.waitUntil(lambda: window.item_count() == len(CORPUS) + 1, timeout=WAIT_MS)

    # removing the connection hides the choice and searches this bank again
    open_models_page(qtbot, window)
    qtbot.mouseClick(card.forget_button, Qt.MouseButton.LeftButton)
    assert not saved.exists() and not window.district.configured
    assert page.panel.sources.isHidden() and page.panel.sources.source() == LOCAL
    qtbot.waitUntil(lambda: page.outcome is not None and page.outcome.query.source == LOCAL, timeout=WAIT_MS)


def test_a_wrong_token_is_a_banner_and_this_banks_results_still_show(qtbot, window, server):
    window.district.save(server.url, "ibk_this-token-was-never-issued")
    page = window.search_page
    with qtbot.waitSignal(page.district_failed, timeout=WAIT_MS):
        search_sources(qtbot, window, "전류", BOTH)
    assert sorted(card_sources(window)) == [(LOCAL, "S1"), (LOCAL, "S2")]
    assert all(card.source_badge.text() == "우리 학교" for card in page.results.cards)
    assert page.message_banner.isVisible()
    assert "토큰" in page.message_banner.message_text() and "모델·설정" in page.message_banner.message_text()
    assert server.url in page.message_banner.detail_text()  # the detail names the server
    assert "교육청 검색 실패" in page.count_label.text()
    assert page.detail.item is None and page.results.currentRow() == -1  # a new search starts unselected
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS) as shown:
        page.results.setCurrentRow(0)
    assert shown.args[0] in ("S1", "S2") and page.detail.source == LOCAL


def test_an_unreachable_district_server_is_a_banner_naming_it(qtbot, window):
    url = f"http://127.0.0.1:{closed_port()}"
    window.district.save(url, "ibk_x")
    page = window.search_page
    page.set_query_text("함수")
    with qtbot.waitSignal(page.search_failed, timeout=WAIT_MS):
        page.panel.sources.button(DISTRICT).click()
    assert page.message_banner.isVisible()
    assert "연결할 수 없습니다" in page.message_banner.message_text()
    assert url in page.message_banner.detail_text()
    # back to this bank: the search works and the banner goes
    search_sources(qtbot, window, "함수", LOCAL)
    assert {card.item.id for card in page.results.cards} == {"M1", "M4"}
    assert not page.message_banner.isVisible()
    assert all(card.source_badge is None for card in page.results.cards)


def test_the_settings_card_says_what_is_wrong_with_a_bad_address_or_token(qtbot, window, server):
    card = open_models_page(qtbot, window)
    card.url_edit.setText("ftp://somewhere")
    qtbot.mouseClick(card.check_button, Qt.MouseButton.LeftButton)
    assert "주소가 올바르지 않습니다" in card.status_text()
    card.url_edit.setText(server.url)
    card.token_edit.setText("ibk_wrong")
    with qtbot.waitSignal(card.check_failed, timeout=WAIT_MS):
        qtbot.mouseClick(card.check_button, Qt.MouseButton.LeftButton)
    assert "토큰" in card.status_text() and server.url in card.status_text()
    window.language_actions["en"].trigger()
    assert card.check_button.text() == "Test connection" and card.title.text() == "District item bank"
    assert window.search_page.panel.sources.button(BOTH).text() == "Both"


def test_screenshot_of_both_banks_with_a_district_item_open(tmp_path, corpus_bank, server, read_token,
                                                           district_bank):
    target = next(h.id for h in district_bank.search(SearchRequest(text=QUERY, k=10)).hits
                  if district_bank.get(h.id).images)
    save_remote_config(corpus_bank.paths.root, RemoteConfig(server.url, read_token))
    out = tmp_path / "district-search.png"
    result = run_main(["--data-dir", str(tmp_path / "bank"), "--screenshot", str(out), "--query", QUERY,
                       "--source", "both", "--open-item", district_key(target)], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.is_file() and distinct_colours(out) > 500
