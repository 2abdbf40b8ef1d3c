"""Packaging: what the frozen flavours contain, the .deb layout and the Windows installer script.

Fast and CI-safe: PyInstaller is not needed (packaging/bundle.py keeps it out of module level). The
frozen build and the offline install are checked by installers/linux/smoke_test.py (opt-in:
tests/test_packaging_smoke.py).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))
import bundle  # noqa: E402


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_deb = _load(ROOT / "installers" / "linux" / "build_deb.py", "build_deb")


@pytest.mark.parametrize("flavour", bundle.FLAVOURS)
def test_every_bundled_file_exists_and_the_essentials_are_there(flavour):
    cfg = bundle.config(flavour)
    for source, dest in cfg.datas:
        assert Path(source).is_file(), source
        assert not Path(dest).is_absolute()
    dests = {f"{dest}/{Path(source).name}" for source, dest in cfg.datas}
    for needed in ("itembank_assets/fonts/NanumGothic.ttf", "itembank_assets/fonts/NanumGothicBold.ttf",
                   "itembank_assets/sample_bank/items.jsonl", "itembank_assets/golden.jsonl",
                   "itembank_assets/icons/itembank.png", "engine/locale/ko/LC_MESSAGES/itembank.mo"):
        assert needed in dests, needed
    # Every figure the sample bank refers to is bundled (the sample import would fail without it).
    figures = {image for line in (ROOT / "assets/sample_bank/items.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip() for image in json.loads(line).get("images", [])}
    assert figures and all(f"itembank_assets/sample_bank/{f}" in dests for f in figures)
    assert cfg.icon and Path(cfg.icon).is_file()


def test_lite_keeps_the_model_stack_out_and_gpu_brings_it():
    lite, gpu = bundle.config("lite"), bundle.config("gpu")
    for heavy in ("torch", "transformers", "bitsandbytes", "nvidia", "triton"):
        assert heavy in lite.excludes_gui and heavy in lite.excludes_cli
        assert heavy not in gpu.excludes_gui
    assert not any(m.startswith("engine.models.qwen") for m in lite.hiddenimports_gui)
    assert "engine.models.qwen.embedder" in gpu.hiddenimports_gui
    assert {"torch", "transformers", "safetensors"} <= set(gpu.hiddenimports_cli)
    # The command line never pulls Qt in; the window gets every desktop module.
    assert "PySide6" in lite.excludes_cli and "PySide6" not in lite.excludes_gui
    assert "desktop_app.main" in lite.hiddenimports_gui
    assert not any(m.startswith("desktop_app") for m in lite.hiddenimports_cli)


def test_every_engine_module_is_collected():
    on_disk = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for p in (ROOT / "engine").rglob("*.py") if "tests" not in p.parts}
    collected = set(bundle.engine_modules("gpu"))
    if importlib.util.find_spec("fastapi") is None:
        on_disk = {m for m in on_disk if not m.startswith("engine.server")}
    assert on_disk == collected
    assert {"engine.backup", "engine.cli.backup_command", "engine.cli.main"} <= collected


def test_pyproject_ships_every_package_folder():
    """A package folder missing from pyproject's list would be missing from a pip install."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    for top in ("engine", "desktop_app"):
        for init in (ROOT / top).rglob("__init__.py"):
            name = ".".join(init.parent.relative_to(ROOT).parts)
            if "tests" not in name.split("."):
                assert name in listed, f"{name} is not in [tool.setuptools] packages"
        for module in (ROOT / top).rglob("*.py"):  # a folder of modules without __init__.py is skipped too
            assert (module.parent / "__init__.py").is_file(), f"{module.parent.relative_to(ROOT)} has no __init__.py"


def test_prune_rules():
    patterns = bundle.config("lite").prune
    assert bundle.should_prune("PySide6/Qt/translations/qt_ko.qm", patterns)
    # Qt's own dialogs and buttons speak Korean from this catalog
    assert not bundle.should_prune("PySide6/Qt/translations/qtbase_ko.qm", patterns)
    assert bundle.should_prune("PySide6/Qt/lib/libQt6Quick.so.6", patterns)
    assert bundle.should_prune("numpy/core/tests/test_x.py", patterns)
    assert not bundle.should_prune("numpy/testing/__init__.py", patterns)  # numpy imports it
    assert not bundle.should_prune("PySide6/Qt/plugins/platforms/libqoffscreen.so", patterns)
    assert not bundle.should_prune("PySide6/Qt/plugins/platforms/libqxcb.so", patterns)
    assert bundle.should_prune("PySide6/Qt/plugins/tls/libqopensslbackend.so", patterns)
    assert not bundle.should_prune(
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", patterns)
    assert not bundle.should_prune("itembank_assets/fonts/NanumGothic.ttf", patterns)
    toc = [("PySide6/Qt/translations/a.qm", "/x", "DATA"), ("itembank_assets/golden.jsonl", "/y", "DATA")]
    assert bundle.prune_toc(toc, patterns) == [toc[1]]


def test_staged_asset_package_is_importable(tmp_path):
    stage = bundle.stage_asset_package(tmp_path)
    code = ("import itembank_assets, sys; from pathlib import Path; "
            "assert Path(itembank_assets.__file__).parent == Path(sys.argv[1]) / 'itembank_assets'; "
            "print(itembank_assets.HANGUL_FONT.name)")
    out = subprocess.run([sys.executable, "-S", "-c", code, str(stage)], capture_output=True, text=True,
                         env={"PYTHONPATH": str(stage)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "NanumGothic.ttf"


def _fake_bundle(folder: Path, flavour: str) -> Path:
    folder.mkdir(parents=True)
    for exe in ("itembank", "itembank-desktop"):
        (folder / exe).write_text("#!/bin/sh\necho itembank 0.1.0\n")
        (folder / exe).chmod(0o755)
    (folder / "_internal").mkdir()
    (folder / "_internal" / "data.txt").write_text("x")
    (folder / "BUILD-INFO.json").write_text(json.dumps({"flavour": flavour, "version": "0.1.0"}))
    return folder


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb not installed")
@pytest.mark.parametrize("flavour", bundle.FLAVOURS)
def test_deb_layout_and_scripts(tmp_path, flavour):
    source = _fake_bundle(tmp_path / "bundle", flavour)
    deb = build_deb.build(flavour, source, tmp_path / "out", compression="gzip")
    fields = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    package = build_deb.PACKAGES[flavour]
    other = build_deb.PACKAGES["gpu" if flavour == "lite" else "lite"]
    assert f"Package: {package}\n" in fields and f"Conflicts: {other}\n" in fields
    assert "Depends: libc6 (>= 2." in fields
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/itembank/itembank", "./opt/itembank/_internal/data.txt",
                 "./usr/share/applications/itembank.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/itembank.png",
                 f"./usr/share/doc/{package}/README.Debian"):
        assert path in listing, path
    assert "./usr/bin/itembank -> ../../opt/itembank/itembank" in listing
    assert "./usr/bin/itembank-desktop -> ../../opt/itembank/itembank-desktop" in listing
    control = tmp_path / "control"
    subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True)
    for script in ("postinst", "postrm"):
        text = (control / script).read_text()
        assert text.startswith("#!/bin/sh") and (control / script).stat().st_mode & 0o111
        commands = [line for line in text.splitlines()
                    if line.strip() and not line.lstrip().startswith(("#", "echo"))]
        assert not any("rm " in line or "rmdir" in line or "delete" in line for line in commands), script
    subprocess.run(["sh", "-n", str(control / "postinst")], check=True)
    subprocess.run(["sh", "-n", str(control / "postrm")], check=True)
    md5 = (control / "md5sums").read_text()
    assert "opt/itembank/_internal/data.txt" in md5
    assert not list((tmp_path / "out").glob("deb-*")), "staging folder left behind"


def test_deb_depends_on_the_system_libraries_the_bundle_links_to_but_does_not_carry(tmp_path):
    """A frozen Qt asks the linker for libxcb-icccm.so.4 etc.; the .deb must pull in their packages."""
    source = _fake_bundle(tmp_path / "bundle", "lite")
    plugin = source / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms"
    plugin.mkdir(parents=True)
    # the dynamic string table of an ELF file names each NEEDED library between NUL bytes
    (plugin / "libqxcb.so").write_bytes(b"\x7fELF" + b"\0" * 60 + b"\0libxcb-icccm.so.4\0libxcb-keysyms.so.1\0"
                                        b"libQt6XcbQpa.so.6\0libxcb-cursor.so.0\0")
    (source / "_internal" / "libxcb-cursor.so.0").write_bytes(b"\x7fELF")  # carried by the bundle
    assert build_deb.system_library_depends(source) == ["libxcb-icccm4", "libxcb-keysyms1"]
    if shutil.which("dpkg-deb") is None:
        return
    deb = build_deb.build("lite", source, tmp_path / "out", compression="gzip")
    fields = subprocess.run(["dpkg-deb", "-f", str(deb)], capture_output=True, text=True, check=True).stdout
    depends = next(line for line in fields.splitlines() if line.startswith("Depends:"))
    assert "libxcb-icccm4" in depends and "libxcb-keysyms1" in depends and "libxcb-cursor0" not in depends


def test_deb_refuses_a_folder_that_is_not_a_build(tmp_path):
    with pytest.raises(SystemExit, match="not a frozen itembank folder"):
        build_deb.build("lite", tmp_path, tmp_path / "out")
    source = _fake_bundle(tmp_path / "b", "gpu")
    with pytest.raises(SystemExit, match="not 'lite'"):
        build_deb.build("lite", source, tmp_path / "out")


def test_required_glibc_reads_symbol_versions(tmp_path):
    (tmp_path / "a.so").write_bytes(b"\x7fELF" + b"\0" * 10 + b"GLIBC_2.17\0GLIBC_2.34\0GLIBC_2.4\0")
    (tmp_path / "not-elf.txt").write_bytes(b"GLIBC_2.99\0")
    assert build_deb.required_glibc(tmp_path) == "2.34"


def test_inno_setup_script_is_complete():
    iss = (ROOT / "installers" / "windows" / "itembank.iss").read_text(encoding="utf-8")
    for section in ("[Setup]", "[Languages]", "[Tasks]", "[Files]", "[Icons]", "[Code]"):
        assert section in iss, section
    assert r"SetupIconFile=..\..\assets\icons\itembank.ico" in iss and bundle.ICON_ICO.is_file()
    assert "ArchitecturesInstallIn64BitMode=x64compatible" in iss
    for exe in bundle.expected_files("lite", "win32")[:2]:
        assert exe in iss
    # Data is deleted only when asked: behind /DELETEDATA or a Yes in a dialog whose default is No.
    code = iss[iss.index("[Code]"):]
    assert "'/DELETEDATA'" in code and "MB_DEFBUTTON2" in code and "UninstallSilent" in code
    uninstall_delete = iss[iss.index("[UninstallDelete]"):iss.index("[Code]")]
    assert "localappdata" not in uninstall_delete.lower() and "userappdata" not in uninstall_delete.lower()
    # Every #if has its #endif (ISPP would refuse the script otherwise).
    lines = [line.strip() for line in iss.splitlines()]
    opens = sum(line.startswith(("#if ", "#ifndef", "#ifdef")) for line in lines)
    assert opens == sum(line == "#endif" for line in lines)
    # Korean messages only when the Korean language is there.
    for i, line in enumerate(lines):
        if line.startswith("ko."):
            assert lines[i - 1] == "#if HasKorean", line


def test_windowed_entry_point_gives_missing_streams_a_log_file(tmp_path, monkeypatch):
    """A windowed Windows executable has sys.stdout/stderr set to None; prints must still work."""
    import tempfile

    entry = _load(ROOT / "packaging" / "entry_gui.py", "entry_gui")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    entry._give_streams_a_home()
    print("screenshot saved to x.png")
    sys.stderr.write("itembank: error: something\n")
    sys.stdout.flush()
    log = (tmp_path / "itembank-desktop.log").read_text(encoding="utf-8")
    assert "screenshot saved to x.png" in log and "itembank: error: something" in log
