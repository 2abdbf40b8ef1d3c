"""Offline model packs (pack → USB → install, verified) and the `itembank embed` / `rerank` / `models`
commands, on the tiny real-layout checkpoints."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import numpy as np
import pytest

from conftest import draw_figure, write_jsonl
from engine.models.packs import (MANIFEST_NAME, PackError, install_pack, installed_packs, pack_folder,
                                 resolve_model, verify_pack)
from engine.models.qwen.embedder import QwenEmbedder
from engine.models.qwen.reranker import QwenReranker


@pytest.fixture
def embedder_pack(tiny_embedder_dir: Path, tmp_path: Path) -> Path:
    """A copy of the tiny embedder with its manifest, as it would sit on a USB stick."""
    folder = shutil.copytree(tiny_embedder_dir, tmp_path / "usb" / "qwen3-vl-embedding-tiny")
    pack_folder(folder, version="2026.11", licence="Apache-2.0")
    return folder


def test_pack_lists_every_file_with_size_and_hash(embedder_pack: Path):
    manifest = json.loads((embedder_pack / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["name"] == "qwen3-vl-embedding-tiny" and manifest["kind"] == "embedder"
    listed = {e["path"] for e in manifest["files"]}
    assert {"config.json", "model.safetensors", "tokenizer.json", "chat_template.json"} <= listed
    assert MANIFEST_NAME not in listed
    weights = next(e for e in manifest["files"] if e["path"] == "model.safetensors")
    assert weights["size"] == (embedder_pack / "model.safetensors").stat().st_size
    verify_pack(embedder_pack)


def test_pack_needs_a_kind_when_the_name_does_not_say(tiny_embedder_dir: Path, tmp_path: Path):
    folder = shutil.copytree(tiny_embedder_dir, tmp_path / "mystery-model")
    with pytest.raises(PackError, match="--kind embedder"):
        pack_folder(folder)
    assert pack_folder(folder, kind="reranker")["kind"] == "reranker"


def test_install_from_folder_copies_and_verifies(embedder_pack: Path, tmp_path: Path):
    models = tmp_path / "bank" / "models"
    info, status = install_pack(embedder_pack, models)
    assert status == "installed" and info.path == models / "qwen3-vl-embedding-tiny"
    assert (info.path / "model.safetensors").read_bytes() == (embedder_pack / "model.safetensors").read_bytes()
    assert [p.name for p in installed_packs(models)] == ["qwen3-vl-embedding-tiny"]
    assert install_pack(embedder_pack, models)[1] == "already installed"
    assert resolve_model("qwen3-vl-embedding-tiny", models) == info.path
    with pytest.raises(PackError, match="is a embedder pack; this needs a reranker"):
        resolve_model("qwen3-vl-embedding-tiny", models, kind="reranker")


def test_a_damaged_file_is_named_and_nothing_is_installed(embedder_pack: Path, tmp_path: Path):
    weights = embedder_pack / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte, same size: only the hash can tell
    weights.write_bytes(bytes(data))
    models = tmp_path / "models"
    with pytest.raises(PackError, match=r"sha256 differs.*model.safetensors"):
        install_pack(embedder_pack, models)
    assert [p.name for p in models.iterdir()] == []  # no half-copied folder left behind


def test_a_damaged_update_keeps_the_installed_version(embedder_pack: Path, tmp_path: Path):
    models = tmp_path / "models"
    install_pack(embedder_pack, models)
    before = (models / "qwen3-vl-embedding-tiny" / "model.safetensors").read_bytes()
    pack_folder(embedder_pack, version="2027.01")
    (embedder_pack / "tokenizer.json").write_text("{}", encoding="utf-8")  # damaged after packing
    with pytest.raises(PackError, match="tokenizer.json"):
        install_pack(embedder_pack, models)
    installed = installed_packs(models)
    assert [(p.name, p.version) for p in installed] == [("qwen3-vl-embedding-tiny", "2026.11")]
    assert (models / "qwen3-vl-embedding-tiny" / "model.safetensors").read_bytes() == before


def test_install_from_a_tar_archive(embedder_pack: Path, tmp_path: Path):
    archive = tmp_path / "usb" / "embedding.tar"
    pack_folder(embedder_pack, version="3", output=archive)
    info, status = install_pack(archive, tmp_path / "models")
    assert status == "installed" and info.version == "3"
    QwenEmbedder(info.path, device="cpu")  # loads from the installed copy


def test_an_archive_escaping_the_pack_is_refused(tmp_path: Path):
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as bundle:
        payload = b"owned"
        member = tarfile.TarInfo("../../outside.txt")
        member.size = len(payload)
        bundle.addfile(member, io.BytesIO(payload))
    with pytest.raises(PackError, match="outside the pack"):
        install_pack(archive, tmp_path / "models")
    assert not (tmp_path / "outside.txt").exists()


def test_shared_read_only_folder_is_found(embedder_pack: Path, tmp_path: Path, monkeypatch):
    shared = tmp_path / "shared-models"
    install_pack(embedder_pack, shared)
    monkeypatch.setenv("ITEMBANK_MODEL_DIRS", str(shared))
    packs = installed_packs(tmp_path / "empty-bank" / "models")
    assert [(p.name, p.read_only) for p in packs] == [("qwen3-vl-embedding-tiny", True)]


def test_unknown_model_name_lists_what_is_installed(tmp_path: Path):
    from engine.models.lite import ModelUnavailableError

    with pytest.raises(ModelUnavailableError, match=r"installed: none.*itembank models install"):
        resolve_model("qwen3-vl-embedding-2b", tmp_path / "models")


# -- the commands ------------------------------------------------------------------------------------
def test_models_install_list_and_check_commands(run_cli, embedder_pack: Path, tmp_path: Path):
    data = tmp_path / "bank"
    code, out, _ = run_cli("models", "list", "--data-dir", data)
    assert code == 0 and "no model pack installed" in out and "image search" in out
    code, out, _ = run_cli("models", "install", embedder_pack, "--data-dir", data, "--json")
    assert code == 0 and json.loads(out)["status"] == "installed"
    code, out, _ = run_cli("models", "list", "--data-dir", data, "--json")
    assert [p["name"] for p in json.loads(out)["packs"]] == ["qwen3-vl-embedding-tiny"]
    code, out, _ = run_cli("models", "check", "--verify", "--data-dir", data, "--json")
    report = json.loads(out)
    assert code == 0 and report["packs"][0]["status"] == "verified"
    assert report["packs"][0]["plan"]["device"] == "cpu" and report["packs"][0]["plan"]["precision"] == "fp32"
    code, out, _ = run_cli("models", "check", "--precision", "fp16", "--data-dir", data)
    assert code == 0 and "fp16 needs a CUDA GPU" in out
    code, out, _ = run_cli("models", "check", "--precision", "int8", "--data-dir", data, "--json")
    assert code == 0 and json.loads(out)["packs"][0]["plan"]["precision"] == "int8"  # int8 matrix products on the CPU
    (data / "models" / "qwen3-vl-embedding-tiny" / "vocab.json").write_text("{}", encoding="utf-8")
    code, out, _ = run_cli("models", "check", "--verify", "--data-dir", data)
    assert code == 2 and "damaged" in out and "vocab.json" in out


def test_models_pack_command_writes_an_archive(run_cli, tiny_reranker_dir: Path, tmp_path: Path):
    folder = shutil.copytree(tiny_reranker_dir, tmp_path / "Qwen3-VL-Reranker-tiny")
    archive = tmp_path / "usb" / "reranker.tar"
    code, out, _ = run_cli("models", "pack", folder, "--output", archive, "--json")
    assert code == 0 and json.loads(out)["kind"] == "reranker" and archive.is_file()
    code, out, err = run_cli("models", "install", tmp_path / "nowhere.tar", "--data-dir", tmp_path / "b")
    assert code == 2 and "not found" in err


def test_embed_command_matches_the_library(run_cli, tiny_embedder_dir: Path, tmp_path: Path):
    figure = draw_figure(tmp_path / "figures" / "tri.png")
    lines = [{"text": "이차방정식의 근과 계수의 관계"},
             {"text": "다음 그림의 삼각형", "image": "figures/tri.png"},
             {"image": "figures/tri.png"},
             {"text": "Find geometry items", "instruction": "Retrieve geometry exam items"},
             {}]
    source = write_jsonl(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out" / "vectors.npy"
    code, stdout, _ = run_cli("embed", "--model", tiny_embedder_dir, "--input", source, "--output", out,
                              "--dim", "32", "--json")
    assert code == 0 and json.loads(stdout)["rows"] == 5
    vectors = np.load(out)
    assert vectors.dtype == np.float32 and vectors.shape == (5, 32)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    embedder = QwenEmbedder(tiny_embedder_dir, device="cpu")
    expected = embedder.embed_many([{"text": "이차방정식의 근과 계수의 관계"},
                                    {"text": "다음 그림의 삼각형", "image": figure}, {"image": figure},
                                    {"text": "Find geometry items"}, None],
                                   [None, None, None, "Retrieve geometry exam items", None], dim=32).vectors
    np.testing.assert_allclose(vectors, expected, atol=1e-5)


def test_embed_command_names_the_bad_line(run_cli, tiny_embedder_dir: Path, tmp_path: Path):
    source = tmp_path / "bad.jsonl"
    source.write_text('{"text": "좋은 줄"}\n{"txt": "오타"}\n', encoding="utf-8")
    code, _, err = run_cli("embed", "--model", tiny_embedder_dir, "--input", source, "--output", tmp_path / "o.npy")
    assert code == 2 and "bad.jsonl:2" in err and "txt" in err
    source.write_text('{"image": "missing.png"}\n', encoding="utf-8")
    code, _, err = run_cli("embed", "--model", tiny_embedder_dir, "--input", source, "--output", tmp_path / "o.npy")
    assert code == 2 and "missing.png" in err and not (tmp_path / "o.npy").exists()


def test_rerank_command_prints_one_score_per_line(run_cli, tiny_reranker_dir: Path, tmp_path: Path):
    draw_figure(tmp_path / "g.png", "graph")
    pairs = [{"query": {"text": "근과 계수"}, "document": {"text": "x²-5x+6=0의 두 근의 합"}},
             {"query": "삼각형", "document": {"text": "그림", "image": "g.png"}, "instruction": "같은 단원?"},
             {"query": {"image": "g.png"}, "document": {"text": "일차함수"}}]
    source = write_jsonl(tmp_path / "pairs.jsonl", pairs)
    code, out, _ = run_cli("rerank", "--model", tiny_reranker_dir, "--input", source)
    scores = [float(line) for line in out.split()]
    assert code == 0 and len(scores) == 3
    reranker = QwenReranker(tiny_reranker_dir, device="cpu")
    expected = reranker.score([({"text": "근과 계수"}, {"text": "x²-5x+6=0의 두 근의 합"}),
                               ("삼각형", {"text": "그림", "image": tmp_path / "g.png"}),
                               ({"image": tmp_path / "g.png"}, {"text": "일차함수"})],
                              instructions=[None, "같은 단원?", None])
    np.testing.assert_allclose(scores, expected, atol=1e-5)
    code, out, _ = run_cli("rerank", "--model", tiny_reranker_dir, "--input", source, "--json")
    assert code == 0 and len(json.loads(out)) == 3
    write_jsonl(source, [{"query": "q"}])
    code, _, err = run_cli("rerank", "--model", tiny_reranker_dir, "--input", source)
    assert code == 2 and "pairs.jsonl:1" in err and "'document'" in err


def test_install_into_a_shared_target_folder(run_cli, embedder_pack: Path, tmp_path: Path, monkeypatch):
    shared = tmp_path / "srv" / "itembank-models"
    code, out, _ = run_cli("models", "install", embedder_pack, "--target", shared, "--json",
                           "--data-dir", tmp_path / "admin-bank")
    assert code == 0 and json.loads(out)["path"] == str(shared / "qwen3-vl-embedding-tiny")
    assert not (tmp_path / "admin-bank" / "models").exists()
    monkeypatch.setenv("ITEMBANK_MODEL_DIRS", str(shared))
    code, out, _ = run_cli("models", "list", "--json", "--data-dir", tmp_path / "teacher-pc")
    assert [(p["name"], p["shared"]) for p in json.loads(out)["packs"]] == [("qwen3-vl-embedding-tiny", True)]


# -- .tar/.tar.gz packs get the caps zips have (issue #17 leftovers) ---------------------------------------
def _tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz" if path.name.endswith("gz") else "w") as bundle:
        for info, payload in members:
            if payload is not None:
                info.size = len(payload)
            bundle.addfile(info, io.BytesIO(payload) if payload is not None else None)
    return path


def _link(name: str, target: str, kind: bytes) -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, None


def _refused(archive: Path, models: Path, match: str) -> None:
    with pytest.raises(PackError, match=match):
        install_pack(archive, models)
    assert [p.name for p in models.iterdir()] == []  # no staging folder, nothing installed


@pytest.mark.parametrize("member, match", [
    (_link("weights.safetensors", "/etc/passwd", tarfile.SYMTYPE), "is a link"),
    (_link("pack/weights.safetensors", "../../../outside", tarfile.SYMTYPE), "is a link"),
    (_link("weights.safetensors", "/etc/passwd", tarfile.LNKTYPE), "is a link"),
    (_link("fifo", "", tarfile.FIFOTYPE), "device or special file"),
    ((tarfile.TarInfo("/etc/itembank-evil"), b"owned"), "outside the pack"),
    ((tarfile.TarInfo("C:/evil"), b"owned"), "outside the pack"),
])
def test_tar_gz_packs_refuse_links_devices_and_absolute_paths(tmp_path: Path, member, match):
    archive = _tar(tmp_path / "evil.tar.gz", [(tarfile.TarInfo("model_manifest.json"), b"{}"), member])
    _refused(archive, tmp_path / "models", match)
    assert not Path("/etc/itembank-evil").exists()


def test_tar_gz_pack_with_too_many_members_is_refused(tmp_path: Path):
    from engine.models.packs import PACK_COUNT_CAP

    members = [(tarfile.TarInfo(f"f{n}.txt"), b"") for n in range(PACK_COUNT_CAP + 1)]
    _refused(_tar(tmp_path / "many.tar.gz", members), tmp_path / "models", f"more than {PACK_COUNT_CAP} members")


def test_tar_gz_pack_inflating_past_the_caps_is_refused(tmp_path: Path, monkeypatch):
    """A few kB of .tar.gz that unpack to 3 MB, against caps lowered to 2 MB (the real ones are GBs)."""
    import engine.models.packs as packs

    archive = _tar(tmp_path / "bomb.tar.gz", [(tarfile.TarInfo(f"zeros{n}.bin"), bytes(1_000_000))
                                              for n in range(3)])
    assert archive.stat().st_size < 50_000
    monkeypatch.setattr(packs, "PACK_TOTAL_CAP", 2_000_000)
    _refused(archive, tmp_path / "models", "unpacks to more than 2000000 bytes")
    monkeypatch.setattr(packs, "PACK_MEMBER_CAP", 500_000)
    _refused(archive, tmp_path / "models", r"zeros0.bin is too large \(1000000 bytes")


def test_truncated_tar_gz_pack_is_one_clear_error(embedder_pack: Path, tmp_path: Path):
    archive = tmp_path / "usb" / "embedding.tar.gz"
    pack_folder(embedder_pack, version="3", output=archive)
    data = archive.read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[:len(data) // 2])
    _refused(cut, tmp_path / "models", r"cut.tar.gz: damaged or truncated archive.*copy the archive again")
    info, status = install_pack(archive, tmp_path / "models")  # the whole one still installs
    assert status == "installed" and info.version == "3"
