"""Nothing silently wrong: damaged index files, damaged figures, leftovers of killed work (issue 17)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from conftest import draw_figure, write_jsonl
from engine.api import FigureDamagedError, ItemBank, SearchRequest
from engine.index.checksums import sidecar_of, verify_checksum
from engine.index.profiles import LITE_PROFILE
from engine.models.lite import lite_unavailable_reason

needs_lite = pytest.mark.skipif(lite_unavailable_reason() is not None,
                                reason=f"lite model unavailable: {lite_unavailable_reason()}")

TOPICS = ["광합성", "세포 분열", "이차방정식", "수요와 공급", "옴의 법칙", "시의 화자", "삼각형의 넓이",
          "지진과 화산", "산과 염기", "조선의 건국"]
CORPUS = [{"id": f"Q{n:02d}", "subject": "과학", "grade": "중2",
           "stem": f"{TOPICS[n % len(TOPICS)]}에 관한 {n}번째 문항으로 옳은 것을 고르시오.",
           "answer": str(n % 5 + 1)} for n in range(40)]


@pytest.fixture
def lite_dir(tmp_path: Path, data_dir: Path) -> Path:
    bank = ItemBank(data_dir, create=True)
    bank.import_path(write_jsonl(tmp_path / "c.jsonl", CORPUS))
    bank.profiles.build_index(LITE_PROFILE)
    bank.close()
    return data_dir


def _index_file(root: Path) -> Path:
    bank = ItemBank(root)
    try:
        return root / "indexes" / bank.profiles.definition(LITE_PROFILE).index_file_name
    finally:
        bank.close()


def _damage_tail(path: Path, size: int = 4096) -> None:
    data = bytearray(path.read_bytes())
    assert len(data) > 2 * size, "the index must be larger than the damaged part"
    data[-size:] = bytes((b ^ 0x5A) for b in data[-size:])
    path.write_bytes(bytes(data))


@needs_lite
def test_index_is_saved_with_a_checksum_that_verifies(lite_dir):
    path = _index_file(lite_dir)
    assert sidecar_of(path).is_file()
    assert verify_checksum(path) is None


@needs_lite
def test_damaged_index_falls_back_to_keyword_and_says_why(lite_dir, run_cli):
    _damage_tail(_index_file(lite_dir))
    bank = ItemBank(lite_dir)
    result = bank.search(SearchRequest(text="광합성", k=3))
    assert result.mode == "keyword" and result.profile == "keyword"
    assert "needs rebuilding" in result.fallback and "checksum" in result.fallback
    assert result.hits and all(result.items[h.id].stem.startswith("광합성") for h in result.hits)
    bank.close()
    code, out, _ = run_cli("search", "광합성", "--json", "--data-dir", lite_dir)
    payload = json.loads(out)
    assert code == 0 and payload["mode"] == "keyword" and "needs rebuilding" in payload["fallback"]


@needs_lite
def test_index_command_rebuilds_a_damaged_file(lite_dir, run_cli):
    damaged = _index_file(lite_dir)
    _damage_tail(damaged)
    code, out, err = run_cli("index", "--profile", LITE_PROFILE, "--json", "--data-dir", lite_dir)
    assert code == 0, err
    report = json.loads(out)
    assert report["rebuilt"] and "checksum" in report["rebuild_reason"] and report["embedded"] == 0
    fresh = _index_file(lite_dir)
    assert fresh != damaged and not damaged.exists() and not sidecar_of(damaged).exists()
    assert verify_checksum(fresh) is None and sidecar_of(fresh).is_file()
    bank = ItemBank(lite_dir)
    result = bank.search(SearchRequest(text="광합성", k=3))
    assert result.mode == "hybrid" and not result.fallback
    bank.close()


@needs_lite
def test_refresh_rebuilds_a_damaged_index_in_the_background_path(lite_dir):
    _damage_tail(_index_file(lite_dir))
    bank = ItemBank(lite_dir)
    report = bank.refresh_index()  # what the desktop runs on start and after every write
    assert report is not None and report.rebuilt
    assert bank.search(SearchRequest(text="광합성", k=3)).mode == "hybrid"
    bank.close()


@needs_lite
def test_an_old_index_without_checksum_is_used_and_gets_one_next_save(tmp_path, lite_dir):
    path = _index_file(lite_dir)
    sidecar_of(path).unlink()
    bank = ItemBank(lite_dir)
    result = bank.search(SearchRequest(text="광합성", k=3))
    assert result.mode == "hybrid" and not result.fallback
    bank.import_path(write_jsonl(tmp_path / "more.jsonl", [{"id": "NEW", "subject": "과학", "stem": "새 문항"}]))
    report = bank.refresh_index()
    assert report is not None and not report.rebuilt
    assert verify_checksum(_index_file(lite_dir)) is None and sidecar_of(_index_file(lite_dir)).is_file()
    bank.close()


# -- figures -----------------------------------------------------------------------------------------

@pytest.fixture
def figure_dir(tmp_path: Path, data_dir: Path) -> Path:
    """A bank of two items with one figure each (real PNGs drawn with Pillow)."""
    draw_figure(tmp_path / "src" / "tri.png", "triangle")
    draw_figure(tmp_path / "src" / "circ.png", "circle")
    bank = ItemBank(data_dir, create=True)
    report = bank.import_path(write_jsonl(tmp_path / "src" / "f.jsonl", [
        {"id": "TRI", "subject": "수학", "stem": "삼각형의 넓이를 구하시오.", "images": ["tri.png"]},
        {"id": "CIRC", "subject": "수학", "stem": "원의 둘레를 구하시오.", "images": ["circ.png"]}]))
    assert report.imported == 2
    bank.close()
    return data_dir


def _figure(root: Path, item_id: str) -> tuple[str, Path]:
    bank = ItemBank(root)
    try:
        sha = bank.require(item_id).images[0]
        return sha, bank.image_path(sha)
    finally:
        bank.close()


def _flip_byte(path: Path, offset: int = 200) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_server_refuses_a_damaged_figure_without_immutable_caching(figure_dir):
    from engine.server.config import ServerConfig
    from engine.server.runner import BackgroundServer

    sha, path = _figure(figure_dir, "TRI")
    good_sha, _ = _figure(figure_dir, "CIRC")
    with BackgroundServer(ServerConfig(data_dir=figure_dir, port=0, rate_limit=0)) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        ok = http.get(f"/api/v1/images/{good_sha}")
        assert ok.status_code == 200 and "immutable" in ok.headers["cache-control"]
        assert http.get(f"/api/v1/images/{sha}").status_code == 200  # verified once, remembered
        _flip_byte(path)
        for url in (f"/api/v1/images/{sha}", f"/api/v1/images/{sha}/thumbnail?size=64"):
            response = http.get(url)
            assert response.status_code == 500, url
            assert "immutable" not in response.headers.get("cache-control", "")
            assert sha[:12] in response.json()["detail"] and "damaged" in response.json()["detail"]


def test_truncated_figure_thumbnail_is_a_named_error(figure_dir):
    sha, path = _figure(figure_dir, "TRI")
    path.write_bytes(path.read_bytes()[:120])
    bank = ItemBank(figure_dir)
    with pytest.raises(FigureDamagedError, match=sha[:12]):
        bank.thumbnail(sha, 64)
    bank.close()


def test_backup_refuses_a_damaged_figure_and_names_it(tmp_path, figure_dir, run_cli):
    sha, path = _figure(figure_dir, "CIRC")
    _flip_byte(path)
    code, _, err = run_cli("backup", tmp_path / "b.zip", "--data-dir", figure_dir)
    assert code == 1 and sha[:12] in err and "damaged" in err
    assert not (tmp_path / "b.zip").exists() and not list(tmp_path.glob(".b.zip*"))


def test_export_refuses_a_damaged_figure(tmp_path, figure_dir):
    sha, path = _figure(figure_dir, "TRI")
    _flip_byte(path)
    bank = ItemBank(figure_dir)
    with pytest.raises(FigureDamagedError, match="TRI"):
        bank.export(tmp_path / "out.csv")
    assert bank.export(tmp_path / "ok.csv", ["CIRC"]) == 1
    bank.close()


def test_restore_names_a_figure_that_was_damaged_inside_an_old_backup(tmp_path, figure_dir):
    import hashlib
    import zipfile

    from engine.backup import create_backup, restore_backup

    _, path = _figure(figure_dir, "TRI")
    rel = path.relative_to(figure_dir).as_posix()
    archive = create_backup(figure_dir, tmp_path / "b.zip").archive
    # what an itembank before figure checks wrote: damaged bytes, hashed as they were in the manifest
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(archive) as zin, zipfile.ZipFile(old, "w") as zout:
        manifest = json.loads(zin.read("manifest.json"))
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "bank/" + rel:
                data = data[:200] + bytes([data[200] ^ 0xFF]) + data[201:]
                entry = next(e for e in manifest["files"] if e["path"] == rel)
                entry["sha256"] = hashlib.sha256(data).hexdigest()
            if info.filename != "manifest.json":
                zout.writestr(info.filename, data)
        zout.writestr("manifest.json", json.dumps(manifest))
    assert restore_backup(old, tmp_path / "restored").damaged_figures == [rel]
    assert restore_backup(archive, tmp_path / "clean").damaged_figures == []


# -- leftovers of killed work ------------------------------------------------------------------------------

HOUR_AGO = time.time() - 3600


def _old(path: Path) -> Path:
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    return path


def _orphan(root: Path, tmp_path: Path, kind: str, age_old: bool = True) -> Path:
    """A figure file as a killed import leaves it: stored under its sha256, cited by nothing."""
    data = draw_figure(tmp_path / f"{kind}.png", kind).read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    path = root / "assets" / sha[:2] / f"{sha}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return _old(path) if age_old else path


def _plant_leftovers(root: Path, tmp_path: Path) -> dict[str, Path]:
    staging = root.parent / f".{root.name}.restore-x1y2"
    (staging / "assets").mkdir(parents=True)
    (root / "indexes").mkdir(exist_ok=True)
    return {"orphan": _orphan(root, tmp_path, "graph"), "young": _orphan(root, tmp_path, "box", age_old=False),
            "staging": _old(staging), "part": _old(_touch(root / "indexes" / ".lite-g3.usearch.ab12.tmp")),
            "root_part": _old(_touch(root / ".catalog-export.csv.k9.part")),
            "snapshot": _old_by(Path(tempfile.mkdtemp(prefix="itembank-backup-")), 2 * 24 * 3600)}


def _old_by(path: Path, seconds: float) -> Path:
    os.utime(path, (time.time() - seconds,) * 2)
    return path


def _touch(path: Path) -> Path:
    path.write_bytes(b"partial")
    return path


def test_leftovers_are_cleaned_on_open_and_cited_figures_survive(tmp_path, figure_dir):
    tri, tri_path = _figure(figure_dir, "TRI")
    circ, circ_path = _figure(figure_dir, "CIRC")
    bank = ItemBank(figure_dir)
    bank.delete("CIRC")  # its figure is now cited only by the kept version (undo may bring it back)
    bank.close()
    _old(tri_path), _old(circ_path)
    planted = _plant_leftovers(figure_dir, tmp_path)
    bank = ItemBank(figure_dir)
    assert bank.leftovers_removed >= 4
    for name in ("orphan", "staging", "part", "root_part", "snapshot"):
        assert not planted[name].exists(), name
    assert planted["young"].exists()  # may belong to an import running right now
    assert tri_path.exists() and circ_path.exists()
    bank.undo()
    assert bank.get("CIRC") is not None
    assert bank.verified_image_path(circ) == circ_path
    bank.close()


def test_orphans_are_left_alone_while_another_write_holds_the_bank(tmp_path, figure_dir):
    orphan = _orphan(figure_dir, tmp_path, "graph")
    writer = sqlite3.connect(figure_dir / "catalog.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an import in its one long transaction
    try:
        bank = ItemBank(figure_dir)
        assert orphan.exists()
        bank.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    ItemBank(figure_dir).close()
    assert not orphan.exists()


KILL_AT_RENAME = """
import os, sys
from pathlib import Path
import engine.backup as backup

target = Path(sys.argv[2]).resolve()
stop_after = sys.argv[3]  # which rename the kill follows: "models" or "aside"
real = os.replace

def replace(src, dst):
    real(src, dst)
    if (stop_after == "aside" and Path(src) == target) or (stop_after == "models" and Path(dst).name == "models"):
        os._exit(9)  # as a kill -9 would: nothing after this runs

backup.os.replace = replace
backup.restore_backup(sys.argv[1], target, replace=True)
"""


@pytest.mark.parametrize("stop_after", ["models", "aside"])
def test_a_kill_between_restores_renames_leaves_a_bank_at_the_path(tmp_path, figure_dir, stop_after):
    from engine.backup import create_backup

    archive = create_backup(figure_dir, tmp_path / "b.zip").archive
    bank = ItemBank(figure_dir)
    bank.delete("TRI")  # the bank at the path now differs from the backup
    bank.close()
    (figure_dir / "models" / "pack").mkdir(parents=True)
    (figure_dir / "models" / "pack" / "weights.bin").write_bytes(b"w" * 100)
    done = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, str(archive), str(figure_dir), stop_after],
                          cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    assert ItemBank.exists(figure_dir)  # recovered before anyone looks
    bank = ItemBank(figure_dir)
    ids = {item.id for item in bank.catalog.iter_items()}
    assert ids == ({"CIRC"} if stop_after == "models" else {"TRI", "CIRC"})  # the old bank, or the new
    assert (figure_dir / "models" / "pack" / "weights.bin").read_bytes() == b"w" * 100
    assert bank.recovered is None  # exists() already did it
    bank.close()
    assert not list(figure_dir.parent.glob(f".{figure_dir.name}.restore-*"))


@needs_lite
def test_desktop_shows_a_banner_and_rebuilds_a_damaged_index_in_the_background(qtbot, tmp_path, lite_dir):
    pytest.importorskip("pytestqt")
    from desktop_app import settings as app_settings
    from desktop_app.i18n import set_language, tr
    from desktop_app.main_window import MainWindow

    app_settings.use_settings_dir(tmp_path / "settings")  # never the teacher's own settings
    set_language("ko")

    _damage_tail(_index_file(lite_dir))
    bank = ItemBank(lite_dir)
    window = MainWindow(bank, persist_settings=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.index_refreshed, timeout=120_000) as refreshed:
        window.show()
    banner = window.search_page.message_banner
    assert tr("banner.index_damaged") in banner.message_text() or banner.message_text() == tr("banner.index_rebuilt")
    assert refreshed.args[0] is not None and refreshed.args[0].rebuilt
    assert bank.index_problem() == "" and verify_checksum(_index_file(lite_dir)) is None
    qtbot.waitUntil(lambda: banner.message_text() == tr("banner.index_rebuilt"), timeout=30_000)
    window.close()
    bank.close()


def test_a_killed_backups_part_file_is_removed_by_the_next_backup_there(tmp_path, figure_dir):
    from engine.backup import create_backup

    out = tmp_path / "backups"
    out.mkdir()
    stale = _old(_touch(out / ".itembank-backup-20260101-0101.zip.a1b2.part"))
    fresh = _touch(out / ".other.zip.c3d4.part")  # a backup writing right now
    create_backup(figure_dir, out)
    assert not stale.exists() and fresh.exists()
    assert len(list(out.glob("itembank-backup-*.zip"))) == 1
