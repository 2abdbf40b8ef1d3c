"""The models page guides the IT admin: each pack's use, size and needs, how to make one on a PC with
internet and bring it on a USB stick, and a Korean error naming the folder when a folder is not a pack."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app.i18n import set_language  # noqa: E402
from desktop_app.widgets.pack_guide import KNOWN_PACKS  # noqa: E402
from engine.api import ItemBank  # noqa: E402
from test_desktop_app import make_window  # noqa: E402


@pytest.fixture
def models_page(qtbot, tmp_path):
    set_language("ko")  # what desktop_app.main does with the saved language
    bank = ItemBank(tmp_path / "bank", create=True)
    window = make_window(qtbot, bank)
    page = window.models_page
    window.show_page("models")
    with qtbot.waitSignal(page.overview_loaded, timeout=60_000):
        page.refresh()
    yield window, page, bank
    set_language("ko")
    window.close()
    bank.close()


def test_the_guide_names_each_pack_its_size_needs_and_how_to_make_it(models_page):
    window, page, _bank = models_page
    guide = page.guide_card
    assert guide.isVisibleTo(page)
    text = guide.text()
    for known in KNOWN_PACKS:
        assert known.checkpoint.split("/")[1] in text and f"내려받기 약 {known.download_gb:.1f} GB" in text
    for words in ("그림 검색", "재정렬", "PyTorch", 'pip install "itembank[models]"', "CUDA GPU 메모리 8 GB 이상",
                  "CPU", "huggingface-cli download Qwen/Qwen3-VL-Embedding-2B",
                  "itembank models pack Qwen3-VL-Embedding-2B --output", "USB", "pip download torch"):
        assert words in text, words
    assert [label.text().split("<br>")[0] for label in guide.pack_labels] == [
        f"<b>{known.checkpoint}</b>" for known in KNOWN_PACKS]
    assert "더해지는 기능: 그림 검색" in guide.pack_labels[0].text()

    window.switch_language("en")  # the language menu switches the guide too
    text = guide.text()
    assert "download about 4.3 GB" in text and "a CUDA GPU with 8 GB or more" in text
    assert "Making a model pack (on a PC with internet)" in text


def test_a_folder_that_is_not_a_pack_is_refused_in_korean_naming_folder_and_file(qtbot, models_page, tmp_path):
    _window, page, bank = models_page
    folder = tmp_path / "USB" / "Qwen3-VL-Embedding-2B"
    folder.mkdir(parents=True)
    (folder / "config.json").write_text("{}", encoding="utf-8")  # a downloaded checkpoint, never packed
    page.pack_path.setText(str(folder))
    with qtbot.waitSignal(page.job_failed, timeout=60_000) as failed:
        qtbot.mouseClick(page.install_button, Qt.MouseButton.LeftButton)
    message = failed.args[1]
    assert message.startswith("모델 팩을 설치할 수 없습니다:")
    assert str(folder) in message and "itembank-pack.json이(가) 없습니다: 모델 팩이 아닙니다" in message
    assert "itembank models pack" in message and "has no" not in message
    assert page.banner.message_text() == message and not any(bank.paths.models.glob("*"))
