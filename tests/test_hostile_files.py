"""Hostile and damaged files: zip bombs whose headers lie, CRC damage, paths outside the package,
HWP-like streams that inflate too far, malformed pack manifests and links out of a pack folder.

Every case must end in one named error line (file and member), never a traceback, a huge allocation
or a file pulled in from elsewhere on the PC.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from engine.errors import InvalidInput
from engine.importers.hwpx import check_hwp5_streams
from engine.models.packs import PackError, install_pack, read_manifest
from engine.models.offline import MANIFEST_NAME
from engine.safezip import ArchiveError, SafeZip, inflate_capped
from tests.conftest import draw_figure

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
PAPER = FIXTURES / "exam_science.hwpx"
QTI = FIXTURES / "qti21_package.zip"
MB = 1024 * 1024


def _lie_about_size(data: bytes, member: str, claimed: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in its local header and central directory entry."""
    raw = bytearray(data)
    encoded = member.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    local = info.header_offset
    assert raw[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, local + 22, claimed)
    central = 0
    while True:
        central = raw.find(b"PK\x01\x02", central)
        assert central >= 0
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if bytes(raw[central + 46:central + 46 + name_len]) == encoded:
            struct.pack_into("<I", raw, central + 24, claimed)
            return bytes(raw)
        central += 4


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the safe zip reader -------------------------------------------------------------------------------
def test_a_member_whose_header_lies_about_its_size_is_refused_not_inflated(tmp_path):
    bomb = _lie_about_size(_zip({"Contents/section0.xml": bytes(40 * MB)}), "Contents/section0.xml", 1000)
    with SafeZip(bomb, "paper.hwpx", member_cap=MB) as archive:
        assert archive.infos["Contents/section0.xml"].file_size == 1000  # the lie is what zipfile sees
        with pytest.raises(ArchiveError, match=r"^paper.hwpx: damaged archive \(member Contents/section0.xml\)"):
            archive.read("Contents/section0.xml")
        assert archive.inflated <= 1000  # stopped at what the header claimed, never 40 MB


def test_member_total_and_count_caps_count_real_bytes():
    honest = _zip({f"BinData/{n}.bin": os.urandom(300 * 1024) for n in range(5)})
    with SafeZip(honest, "big.zip", member_cap=MB, total_cap=MB) as archive:
        archive.read("BinData/0.bin")
        archive.read("BinData/1.bin")
        archive.read("BinData/2.bin")
        with pytest.raises(ArchiveError, match=r"big.zip: the archive inflates to more than 1048576 bytes "
                                                r"\(at member BinData/3.bin\)"):
            archive.read("BinData/3.bin")
    with SafeZip(honest, "big.zip", member_cap=200 * 1024) as archive:
        with pytest.raises(ArchiveError, match=r"member BinData/0.bin is too large \(307200 bytes"):
            archive.read("BinData/0.bin")
    with pytest.raises(ArchiveError, match=r"many.zip: 5 members \(more than 4\)"):
        SafeZip(honest, "many.zip", count_cap=4)


@pytest.mark.parametrize("name, reason", [("/etc/passwd", "an absolute path"), ("C:/Windows/x.dll", "a drive letter"),
                                          ("a/../../x", "a '..' path"), ("..\\x", "a '..' path")])
def test_member_names_outside_the_archive_are_refused(name, reason):
    with pytest.raises(ArchiveError, match=f"evil.zip: member .* is {reason}"):
        SafeZip(_zip({name: b"x"}), "evil.zip")


def test_a_symlink_member_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("weights.bin")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match="member 'weights.bin' is a symbolic link"):
        SafeZip(buffer.getvalue(), "pack.zip")


# -- HWPX --------------------------------------------------------------------------------------------
def test_hwpx_with_a_lying_section_header_is_one_line_error(tmp_path, bank):
    with zipfile.ZipFile(PAPER) as real:
        members = {n: real.read(n) for n in real.namelist()}
    members["Contents/section0.xml"] = members["Contents/section0.xml"] + b" " * (80 * MB)
    paper = tmp_path / "bomb.hwpx"
    paper.write_bytes(_lie_about_size(_zip(members), "Contents/section0.xml", 4096))
    before = _peak_rss_mb()
    with pytest.raises(InvalidInput) as caught:
        bank.import_path(paper)
    message = str(caught.value)
    assert message.startswith(f"{paper}: damaged archive (member Contents/section0.xml)")
    assert "\n" not in message
    assert _peak_rss_mb() - before < 60  # the 80 MB part was never inflated into memory
    assert bank.stats()["items"] == 0


def test_crc_damaged_hwpx_from_our_own_exporter_is_one_line_error(tmp_path, bank):
    ids = bank.import_path(PAPER).imported_ids
    out = tmp_path / "학습지.hwpx"
    bank.export(out, ids)
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo("Contents/section0.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55  # one byte in the middle of the deflated section
    damaged = tmp_path / "damaged.hwpx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(InvalidInput) as caught:
        bank.import_path(damaged)
    assert str(caught.value).startswith(f"{damaged}: damaged archive (member Contents/section0.xml): ")
    assert "\n" not in str(caught.value)


# -- HWP 5 streams -------------------------------------------------------------------------------------
def test_hwp_like_zlib_stream_stops_at_the_cap():
    stream = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = stream.compress(bytes(46 * MB)) + stream.flush()
    assert len(raw) < 100 * 1024
    before = _peak_rss_mb()
    with pytest.raises(ArchiveError, match=r"^paper.hwp: stream BodyText/Section0: inflates to more than 4194304"):
        inflate_capped(raw, 4 * MB, "paper.hwp: stream BodyText/Section0", wbits=-15)
    assert _peak_rss_mb() - before < 30  # never the 46 MB, let alone 890 MB
    assert inflate_capped(raw[:], 64 * MB, "ok", wbits=-15) == bytes(46 * MB)
    with pytest.raises(ArchiveError, match="damaged compressed stream"):
        inflate_capped(b"\xff\xff\xff garbage", MB, "x.hwp: stream DocInfo", wbits=-15)


def test_real_hwp5_sections_pass_the_check_and_a_low_cap_refuses_them():
    pytest.importorskip("hwpx")
    data = (FIXTURES / "exam_science.hwp").read_bytes()
    check_hwp5_streams(data, "exam_science.hwp")  # the real paper is well inside the cap
    with pytest.raises(ArchiveError, match=r"exam_science.hwp: stream (DocInfo|BodyText/Section0)"):
        check_hwp5_streams(data, "exam_science.hwp", cap=64)


# -- QTI -----------------------------------------------------------------------------------------------
def _qti_with(tmp_path: Path, src: str, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(QTI) as real:
        members = {n: real.read(n) for n in real.namelist()}
    members["items/density.xml"] = members["items/density.xml"].replace(b"../images/cube.png", src.encode())
    members.update(extra or {})
    package = tmp_path / "과학_문항.zip"
    package.write_bytes(_zip(members))
    return package


def test_qti_absolute_image_path_is_refused_naming_item_and_path(tmp_path, bank):
    secret = draw_figure(tmp_path / "private" / "secret.png")
    report = bank.import_path(_qti_with(tmp_path, str(secret)))
    assert report.imported == 3  # the other items (the ordering one included) still come in
    bad = [s for s in report.skipped if s.field == "images"]
    assert len(bad) == 1 and bad[0].row == 1
    assert f"items/density.xml: figure '{secret}' is an absolute path" in bad[0].reason
    assert "itembank-" not in bad[0].reason and "/tmp/tmp" not in bad[0].reason.replace(str(secret), "")


def test_qti_path_leaving_the_package_is_refused(tmp_path, bank):
    report = bank.import_path(_qti_with(tmp_path, "../../../../etc/hostname"))
    bad = [s for s in report.skipped if s.field == "images"]
    assert len(bad) == 1 and "figure '../../../../etc/hostname' points outside the package" in bad[0].reason


def test_qti_zip_bomb_figure_is_refused_with_its_member_name(tmp_path, bank):
    package = _qti_with(tmp_path, "../images/huge.png", {"images/huge.png": bytes(70 * MB)})
    with pytest.raises(InvalidInput, match=r"과학_문항.zip: member images/huge.png is too large"):
        bank.import_path(package)
    assert bank.stats()["items"] == 0


# -- model packs ---------------------------------------------------------------------------------------
def _manifest(folder: Path, files: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST_NAME).write_text(json.dumps({"format": 1, "name": "p", "version": "1",
                                                   "kind": "embedder", "files": files}), encoding="utf-8")
    return folder


@pytest.mark.parametrize("files, expected", [
    ([{"path": "model.safetensors", "size": 3}], r"files entry 1 \(model.safetensors\) has no valid sha256"),
    (["model.safetensors"], r"files entry 1 is str 'model.safetensors', not an object"),
    ([{"sha256": "0" * 64, "size": 1}], r"files entry 1 has no path"),
    ([{"path": "a", "size": "big", "sha256": "0" * 64}], r"files entry 1 \(a\) has no valid size"),
    ({"path": "a"}, r"not a valid pack manifest"),
])
def test_malformed_pack_manifest_names_the_manifest_and_entry(tmp_path, files, expected):
    folder = _manifest(tmp_path / "pack", files)
    with pytest.raises(PackError, match=expected) as caught:
        read_manifest(folder)
    assert str(folder / MANIFEST_NAME) in str(caught.value)
    with pytest.raises(PackError, match=expected):
        install_pack(folder, tmp_path / "models")
    assert not [p for p in (tmp_path / "models").iterdir()]


def test_a_folder_pack_symlink_pointing_outside_is_refused_not_followed(tmp_path):
    outside = tmp_path / "private.txt"
    outside.write_bytes(b"secret")
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "model.safetensors").symlink_to(outside)
    _manifest(folder, [{"path": "model.safetensors", "size": 6, "sha256": hashlib.sha256(b"secret").hexdigest()}])
    with pytest.raises(PackError, match=r"model.safetensors is a symbolic link"):
        install_pack(folder, tmp_path / "models")
    assert not list((tmp_path / "models").rglob("*.safetensors"))


@pytest.fixture
def installed_embedder(tiny_embedder_dir: Path, tmp_path: Path) -> tuple[Path, Path]:
    from engine.models.packs import pack_folder

    usb = shutil.copytree(tiny_embedder_dir, tmp_path / "usb" / "qwen3-vl-embedding-tiny")
    pack_folder(usb, version="1")
    models = tmp_path / "models"
    install_pack(usb, models)
    return usb, models


def test_installed_weights_changed_after_install_are_refused_at_load(installed_embedder):
    from engine.models.packs import resolve_model

    _usb, models = installed_embedder
    assert resolve_model("qwen3-vl-embedding-tiny", models).name == "qwen3-vl-embedding-tiny"
    weights = models / "qwen3-vl-embedding-tiny" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size; the write changes the mtime the install recorded
    weights.write_bytes(bytes(data))
    with pytest.raises(PackError, match=r"changed since it was installed: .*model.safetensors.*--verify"):
        resolve_model("qwen3-vl-embedding-tiny", models)


def test_reinstalling_over_rotted_weights_replaces_them(installed_embedder):
    usb, models = installed_embedder
    weights = models / "qwen3-vl-embedding-tiny" / "model.safetensors"
    stat = weights.stat()
    data = bytearray(weights.read_bytes())
    data[len(data) // 3] ^= 0x01  # bit rot: same size, and the mtime put back
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    info, status = install_pack(usb, models)
    assert status == "replaced"  # never "already installed" over a copy whose hash differs
    assert weights.read_bytes() == (usb / "model.safetensors").read_bytes()
