"""POST /api/v1/papers on a real uvicorn server: the worksheet the basket and the CLI make, over the LAN."""

from __future__ import annotations

import io
import time
import zipfile

import httpx
import pytest

pytest.importorskip("fastapi")
pypdf = pytest.importorskip("pypdf")

from engine.api import ItemBank, SearchRequest  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402
from engine.tokens import TokenStore  # noqa: E402

PAPERS = "/api/v1/papers"


@pytest.fixture(scope="module")
def bank_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papers") / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    math = [hit.id for hit in bank.search(SearchRequest(text="이차방정식", k=4, mode="keyword")).hits]
    stems = {i: bank.get(i).stem for i in math}
    bank.close()
    read_token, _ = TokenStore.in_data_dir(folder).create("read")
    with BackgroundServer(ServerConfig(data_dir=folder, port=0, rate_limit=0)) as running:
        yield {"url": running.url, "token": read_token, "folder": folder, "ids": math, "stems": stems}


@pytest.fixture
def client(bank_server):
    with httpx.Client(base_url=bank_server["url"], timeout=120,
                      headers={"Authorization": f"Bearer {bank_server['token']}"}) as http:
        yield http


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    """Hangul only: formulas and raised ² digits come back from a PDF in other forms."""
    return "".join(ch for ch in text if "가" <= ch <= "힣")


def test_a_read_token_gets_a_pdf_with_the_questions_in_order_and_the_answers_on_a_later_page(client,
                                                                                           bank_server):
    ids = bank_server["ids"]
    assert len(ids) >= 3
    response = client.post(PAPERS, json={"ids": ids, "title": "1학기 중간고사", "school": "한빛중학교"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages = pdf_pages(response.content)
    text = squeeze("".join(pages))
    assert "한빛중학교" in text
    position = -1
    for item_id in ids:  # each stem, in order, after the one before it
        position = text.find(squeeze(bank_server["stems"][item_id]), position + 1)
        assert position != -1, item_id
    key_page = next(n for n, page in enumerate(pages) if "정답" in page and "해설" in page)
    last_stem = squeeze(bank_server["stems"][ids[-1]])[:12]
    assert key_page > max(n for n, page in enumerate(pages) if last_stem in squeeze(page))


def test_separate_answers_with_two_variants_come_back_as_one_zip_of_four_files(client, bank_server):
    response = client.post(PAPERS, json={"ids": bank_server["ids"], "title": "기말", "answers": "separate",
                                         "variants": ["A", "B"], "format": "hwpx"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == sorted(["기말-A.hwpx", "기말-A-정답.hwpx", "기말-B.hwpx", "기말-B-정답.hwpx"])
        for name in names:
            with zipfile.ZipFile(io.BytesIO(archive.read(name))) as hwpx:
                assert "Contents/section0.xml" in hwpx.namelist()


def test_an_unknown_id_is_404_naming_it_and_bad_options_are_422(client, bank_server):
    missing = client.post(PAPERS, json={"ids": [bank_server["ids"][0], "NO-SUCH-ITEM"]})
    assert missing.status_code == 404 and "NO-SUCH-ITEM" in missing.json()["detail"]
    assert client.post(PAPERS, json={"ids": []}).status_code == 422
    assert client.post(PAPERS, json={"ids": bank_server["ids"], "variants": ["A", "A"]}).status_code == 422
    assert client.post(PAPERS, json={"ids": bank_server["ids"], "paper": "Letter"}).status_code == 422


def test_no_token_is_401_and_no_paper_is_left_in_the_upload_folder(bank_server, client):
    assert httpx.post(bank_server["url"] + PAPERS, json={"ids": bank_server["ids"]}).status_code == 401
    assert client.post(PAPERS, json={"ids": bank_server["ids"][:1]}).status_code == 200
    uploads = bank_server["folder"] / "cache" / "uploads"
    deadline = time.monotonic() + 10  # the folder goes once the response has been sent
    while list(uploads.glob("paper-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(uploads.glob("paper-*")) == []
