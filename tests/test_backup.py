"""``itembank backup`` / ``restore``: one verified archive, consistent while the bank is open, and a
restore that checks everything before it replaces anything."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.backup import BackupError, create_backup, restore_backup, verify_archive

from conftest import search_ids, write_jsonl


def _files(root: Path) -> dict[str, str]:
    """sha256 of every file under root except the catalog (compared by content instead)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("catalog.sqlite3"):
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _rows(catalog: Path) -> list[tuple]:
    conn = sqlite3.connect(catalog)
    try:
        return conn.execute("SELECT id, stem, content_hash FROM items ORDER BY id").fetchall()
    finally:
        conn.close()


def _error(err: str) -> str:
    """The one error line on stderr (progress lines may come before it)."""
    errors = [line for line in err.strip().splitlines() if line.startswith("itembank: error:")]
    assert len(errors) == 1 and err.strip().splitlines()[-1] == errors[0], err
    return errors[0]


def _rewrite(src: Path, dst: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (bytes) or dropping (None) the named members."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    zout.writestr(info.filename, replace[info.filename])
                continue
            zout.writestr(info.filename, zin.read(info.filename))
        for name, data in replace.items():
            if data is not None and name not in zin.namelist():
                zout.writestr(name, data)
    return dst


@pytest.fixture
def live_bank(sample_bank_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "live"
    shutil.copytree(sample_bank_dir, folder)
    (folder / "indexes").mkdir(exist_ok=True)
    (folder / "indexes" / "keyword-test.usearch").write_bytes(b"\x01index-bytes" * 100)
    (folder / "cache" / "thumbnails").mkdir(parents=True)
    (folder / "cache" / "thumbnails" / "x.png").write_bytes(b"thumb")
    (folder / "models" / "qwen-pack").mkdir(parents=True)
    (folder / "models" / "qwen-pack" / "weights.safetensors").write_bytes(b"w" * 1000)
    (folder / ".catalog.sqlite3.abc.tmp").write_bytes(b"half-written")
    return folder


def test_backup_and_restore_round_trip(live_bank: Path, tmp_path: Path):
    result = create_backup(live_bank, tmp_path / "b.zip")
    assert result.archive == (tmp_path / "b.zip").resolve() and result.items >= 150

    manifest = verify_archive(result.archive)
    listed = {e["path"] for e in manifest["files"]}
    assert "catalog.sqlite3" in listed and "indexes/keyword-test.usearch" in listed
    assert any(p.startswith("assets/") for p in listed)
    # Caches, model packs and leftovers of interrupted writes are not part of a backup.
    assert not any(p.startswith(("cache/", "models/")) or p.endswith(".tmp") for p in listed)

    target = tmp_path / "restored"
    restored = restore_backup(result.archive, target)
    assert restored.items == result.items and restored.previous is None
    expected = {k: v for k, v in _files(live_bank).items()
                if not k.startswith(("cache/", "models/")) and not k.endswith(".tmp")}
    assert _files(target) == expected
    assert _rows(target / "catalog.sqlite3") == _rows(live_bank / "catalog.sqlite3")
    bank = ItemBank(target)
    try:
        assert search_ids(bank, "이차방정식") == search_ids(ItemBank(live_bank), "이차방정식")
        assert search_ids(bank, "이차방정식")
    finally:
        bank.close()
    assert not list(tmp_path.glob(".restored.restore-*")), "staging folder left behind"


def test_manifest_hashes_are_those_of_the_archived_bytes(live_bank: Path, tmp_path: Path):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "itembank-backup" and manifest["items"] >= 150
        for entry in manifest["files"]:
            data = zf.read("bank/" + entry["path"])
            assert len(data) == entry["size"]
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        names = set(zf.namelist())
    assert names == {"manifest.json"} | {"bank/" + e["path"] for e in manifest["files"]}


def test_backup_of_an_open_bank_holds_committed_rows_still_in_the_wal(sample_bank_dir, tmp_path):
    folder = tmp_path / "open"
    shutil.copytree(sample_bank_dir, folder)
    bank = ItemBank(folder)
    new = write_jsonl(tmp_path / "new.jsonl", [{"subject": "수학", "stem": "백업 중에 추가한 문항입니다 ㉠"}])
    assert bank.import_path(new).imported == 1
    wal = folder / "catalog.sqlite3-wal"
    assert wal.exists() and wal.stat().st_size > 0, "the new row should still be in the WAL"
    # A second writer holds an open, uncommitted transaction during the backup.
    writer = sqlite3.connect(folder / "catalog.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE items SET stem = 'UNCOMMITTED' WHERE item_key = 1")
    try:
        archive = create_backup(folder, tmp_path / "open.zip").archive
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        bank.close()
    restore_backup(archive, tmp_path / "r")
    stems = [row[1] for row in _rows(tmp_path / "r" / "catalog.sqlite3")]
    assert "백업 중에 추가한 문항입니다 ㉠" in stems and "UNCOMMITTED" not in stems
    assert not (tmp_path / "r" / "catalog.sqlite3-wal").exists()


def test_include_models(live_bank: Path, tmp_path: Path):
    archive = create_backup(live_bank, tmp_path, include_models=True).archive
    assert archive.parent == tmp_path.resolve() and archive.name.startswith("itembank-backup-")
    listed = {e["path"] for e in verify_archive(archive)["files"]}
    assert "models/qwen-pack/weights.safetensors" in listed


def test_restore_refuses_an_existing_bank_without_replace(live_bank, tmp_path, run_cli):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    other = tmp_path / "other"
    ItemBank(other, create=True).close()
    before = _files(other), (other / "catalog.sqlite3").read_bytes()
    code, out, err = run_cli("restore", archive, "--data-dir", other)
    assert code == 2 and out == ""
    assert "--replace" in _error(err) and str(other) in err
    assert (_files(other), (other / "catalog.sqlite3").read_bytes()) == before


def test_restore_replace_keeps_the_old_bank_and_the_model_packs(live_bank, tmp_path, run_cli):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    other = tmp_path / "other"
    bank = ItemBank(other, create=True)
    bank.import_path(write_jsonl(tmp_path / "one.jsonl", [{"subject": "국어", "stem": "바꿔치기 전 문항"}]))
    bank.close()
    (other / "models" / "pack").mkdir(parents=True)
    (other / "models" / "pack" / "w.bin").write_bytes(b"model")
    old_rows = _rows(other / "catalog.sqlite3")

    code, out, err = run_cli("restore", archive, "--replace", "--json", "--data-dir", other)
    assert code == 0, err
    report = json.loads(out)
    assert report["items"] >= 150 and report["models_kept"] is True
    previous = Path(report["previous"])
    assert previous.name.startswith("other.before-restore-")
    assert _rows(previous / "catalog.sqlite3") == old_rows  # nothing of the old bank is lost
    assert _rows(other / "catalog.sqlite3") == _rows(live_bank / "catalog.sqlite3")
    assert (other / "models" / "pack" / "w.bin").read_bytes() == b"model"


def test_damaged_archive_is_refused_before_anything_changes(live_bank, tmp_path, run_cli):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    with zipfile.ZipFile(archive) as zf:
        asset = next(n for n in zf.namelist() if n.startswith("bank/assets/"))
        data = bytearray(zf.read(asset))
    data[len(data) // 2] ^= 0xFF
    bad = _rewrite(archive, tmp_path / "bad.zip", {asset: bytes(data)})
    target = tmp_path / "target"
    ItemBank(target, create=True).close()
    before = (target / "catalog.sqlite3").read_bytes()

    code, out, err = run_cli("restore", bad, "--replace", "--data-dir", target)
    assert code == 2 and "sha256" in _error(err)
    assert "sha256" in err and str(bad) in err and asset.removeprefix("bank/") in err
    assert (target / "catalog.sqlite3").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "bad.zip", "live", "target"]
    code, _, err = run_cli("restore", bad, "--verify-only")
    assert code == 2 and "sha256" in err
    code, out, _ = run_cli("restore", archive, "--verify-only")
    assert code == 0 and "OK" in out


@pytest.mark.parametrize("case, expected", [
    ("missing_member", "missing from the archive"),
    ("traversal", "unsafe path"),
    ("no_manifest", "not an itembank backup"),
    ("not_zip", "not a readable backup archive"),
    ("newer_format", "update itembank"),
    ("no_file", "no such backup file"),
])
def test_bad_archives_give_one_line_errors(live_bank, tmp_path, run_cli, case, expected):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    bad = tmp_path / "bad.zip"
    if case == "missing_member":
        _rewrite(archive, bad, {"bank/" + manifest["files"][-1]["path"]: None})
    elif case == "traversal":
        manifest["files"].append({"path": "../evil.txt", "size": 4, "sha256": "0" * 64})
        _rewrite(archive, bad, {"manifest.json": json.dumps(manifest).encode(), "bank/../evil.txt": b"evil"})
    elif case == "no_manifest":
        _rewrite(archive, bad, {"manifest.json": None})
    elif case == "not_zip":
        bad.write_bytes(b"this is not a zip file at all")
    elif case == "newer_format":
        manifest["format_version"] = 99
        _rewrite(archive, bad, {"manifest.json": json.dumps(manifest).encode()})
    target = tmp_path / "fresh"
    code, out, err = run_cli("restore", bad, "--data-dir", target)
    assert code == 2 and out == ""
    assert expected in _error(err) and str(bad) in err
    assert not target.exists() and not (tmp_path / "evil.txt").exists()
    assert not list(tmp_path.glob(".fresh.restore-*"))


def test_backup_errors(live_bank, tmp_path, run_cli):
    code, _, err = run_cli("backup", tmp_path / "x.zip", "--data-dir", tmp_path / "nothing")
    assert code == 2 and "no item bank" in err and "--data-dir" in err
    code, _, err = run_cli("backup", live_bank / "inside.zip", "--data-dir", live_bank)
    assert code == 2 and "inside the bank folder" in err
    assert not (live_bank / "inside.zip").exists()
    code, _, err = run_cli("backup", tmp_path / "x.tar", "--data-dir", live_bank)
    assert code == 2 and ".zip" in err
    code, _, err = run_cli("backup", tmp_path / "no" / "such" / "x.zip", "--data-dir", live_bank)
    assert code == 2 and "does not exist" in err
    code, out, err = run_cli("backup", tmp_path / "ok.zip", "--json", "--data-dir", live_bank)
    assert code == 0 and json.loads(out)["items"] >= 150
    before = (tmp_path / "ok.zip").read_bytes()
    code, _, err = run_cli("backup", tmp_path / "ok.zip", "--data-dir", live_bank)
    assert code == 2 and "already exists" in err and (tmp_path / "ok.zip").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ok.zip")] == []


def test_bank_folder_with_uri_characters(sample_bank_dir, tmp_path):
    folder = tmp_path / "문항 은행 #1 (50%)?"
    shutil.copytree(sample_bank_dir, folder)
    result = create_backup(folder, tmp_path / "odd.zip")
    restored = restore_backup(result.archive, tmp_path / "복원 #2%")
    assert restored.items == result.items >= 150
    assert _rows(tmp_path / "복원 #2%" / "catalog.sqlite3") == _rows(folder / "catalog.sqlite3")


def test_failed_swap_puts_the_old_bank_back(live_bank, tmp_path, monkeypatch):
    import engine.backup as backup

    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    target = tmp_path / "target"
    ItemBank(target, create=True).close()
    (target / "models").mkdir()
    (target / "models" / "m.bin").write_bytes(b"m")
    before = _files(target), (target / "catalog.sqlite3").read_bytes()
    real_replace = backup.os.replace

    def failing_replace(src, dst):
        if Path(dst) == target and ".restore-" in Path(src).name:
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(backup.os, "replace", failing_replace)
    with pytest.raises(BackupError, match="nothing was changed"):
        restore_backup(archive, target, replace=True)
    assert (_files(target), (target / "catalog.sqlite3").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip", "live", "target"]


# -- restore reads through engine.safezip (issue #17 leftovers) -------------------------------------------
def _patch_sizes(path: Path, member: str, size: int) -> None:
    """Make ``member``'s local and central headers claim ``size`` uncompressed bytes (a lying header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    local = info.header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    data[local + 22:local + 26] = size.to_bytes(4, "little")
    central = 0
    while True:
        central = data.index(b"PK\x01\x02", central)
        length = int.from_bytes(data[central + 28:central + 30], "little")
        if bytes(data[central + 46:central + 46 + length]) == name:
            data[central + 24:central + 28] = size.to_bytes(4, "little")
            break
        central += 4
    path.write_bytes(bytes(data))


def _restore_refused(run_cli, bad: Path, target: Path, tmp_path: Path) -> str:
    code, out, err = run_cli("restore", bad, "--data-dir", target)
    assert code == 2 and out == "" and str(bad) in err
    assert not target.exists() and not list(tmp_path.glob(f".{target.name}.restore-*"))
    return _error(err)


def test_a_member_whose_header_understates_its_size_is_refused(live_bank, tmp_path, run_cli):
    """The header (and the manifest) say 100 bytes; the member inflates to 300 kB."""
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    big = b"\x00" * 300_000
    manifest["files"].append({"path": "indexes/bomb.usearch", "size": 100,
                              "sha256": hashlib.sha256(big[:100]).hexdigest()})
    bad = _rewrite(archive, tmp_path / "bad.zip", {"manifest.json": json.dumps(manifest).encode(),
                                                   "bank/indexes/bomb.usearch": big})
    _patch_sizes(bad, "bank/indexes/bomb.usearch", 100)
    line = _restore_refused(run_cli, bad, tmp_path / "fresh", tmp_path)
    assert "bank/indexes/bomb.usearch" in line and "damaged" in line and "use another" in line
    code, _, err = run_cli("restore", bad, "--verify-only")
    assert code == 2 and "bomb.usearch" in _error(err)


def test_a_member_whose_header_overstates_its_size_is_refused(live_bank, tmp_path, run_cli):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    bad = tmp_path / "bad.zip"
    shutil.copy(archive, bad)
    _patch_sizes(bad, "bank/catalog.sqlite3", 3_000_000_000)
    line = _restore_refused(run_cli, bad, tmp_path / "fresh", tmp_path)
    assert "catalog.sqlite3" in line and "manifest says" in line


@pytest.mark.parametrize("member", ["/tmp/itembank-evil.txt", "bank/../../evil.txt", "C:/evil.txt"])
def test_members_outside_the_archive_are_refused_even_if_the_manifest_ignores_them(
        live_bank, tmp_path, run_cli, member):
    archive = create_backup(live_bank, tmp_path / "b.zip").archive
    bad = _rewrite(archive, tmp_path / "bad.zip", {member: b"evil"})
    line = _restore_refused(run_cli, bad, tmp_path / "fresh", tmp_path)
    assert repr(member) in line and "unsafe path" in line
    assert not Path("/tmp/itembank-evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()


def test_two_restores_in_the_same_second_keep_both_previous_banks(tmp_path, monkeypatch):
    """The kept bank is named by the second; a second restore within it used to fail with
    "cannot be moved aside (Directory not empty); close itembank" (found by the kill -9 suite)."""
    import engine.backup as backup_module
    from engine.api import ItemBank
    from engine.backup import restore_backup

    root = tmp_path / "bank"
    bank = ItemBank(root, create=True)
    bank.load_sample()
    bank.backup(tmp_path / "b.zip")
    bank.close()
    monkeypatch.setattr(backup_module, "_stamp", lambda: "20261207-120000")
    restore_backup(tmp_path / "b.zip", root, replace=True)
    restore_backup(tmp_path / "b.zip", root, replace=True)
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("bank.before-restore"))
    assert kept == ["bank.before-restore-20261207-120000", "bank.before-restore-20261207-120000-2"]
    assert ItemBank(root).stats()["items"] == 200
