"""Build the Debian package of a frozen itembank folder (made by packaging/build.py).

    python installers/linux/build_deb.py --flavour lite --bundle dist/itembank-lite --out dist

Layout of the package:
    /opt/itembank/                       the frozen folder (itembank, itembank-desktop, _internal/, LICENSES/)
    /usr/bin/itembank, itembank-desktop  symbolic links into /opt/itembank
    /usr/share/applications/itembank.desktop, /usr/share/icons/hicolor/*/apps/itembank.png
    /usr/share/doc/<package>/            copyright, README.Debian (where the data lives, backups)

Package names: ``itembank`` (lite flavour) and ``itembank-gpu``; they conflict with each other, so a
PC switches flavour by installing the other one. Removing or purging the package never touches the
teachers' banks (they live in each user's data folder, ~/.local/share/itembank, or wherever
ITEMBANK_DATA_DIR/--data-dir points).

Only dpkg-deb is needed (no debhelper, no network). ``Depends`` is computed from the bundle itself: the
frozen folder carries its libraries, so what is left is the C library, at the newest GLIBC symbol
version any bundled binary asks for. The last line printed is the path of the .deb.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "assets" / "icons"
PREFIX = "opt/itembank"
PACKAGES = {"lite": "itembank", "gpu": "itembank-gpu"}
SUMMARY = {
    "lite": "offline exam-item bank search for teachers (keyword + lite semantic search)",
    "gpu": "offline exam-item bank search for teachers (GPU edition, Qwen3-VL model packs)",
}
GLIBC_RE = re.compile(rb"GLIBC_(2\.\d+(?:\.\d+)?)\x00")

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=itembank
Name[ko]=문항 은행 검색 (itembank)
GenericName=Exam item bank search
GenericName[ko]=문항 은행 검색
Comment=Search your school's exam-item bank by text and image, offline
Comment[ko]=학교 문항 은행을 글과 그림으로 검색합니다 (인터넷 불필요)
Exec=/usr/bin/itembank-desktop
Icon=itembank
Terminal=false
Categories=Education;Office;
Keywords=exam;item;bank;search;문항;시험;검색;
StartupWMClass=itembank-desktop
"""

POSTINST = """#!/bin/sh
# Refresh the menus' caches; nothing else to do (the app creates each user's bank on first start).
set -e
if [ "$1" = "configure" ]; then
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "${DPKG_ROOT:-}/usr/share/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "${DPKG_ROOT:-}/usr/share/icons/hicolor" || true
    fi
fi
exit 0
"""

POSTRM = """#!/bin/sh
# Removing or purging the program never deletes item banks: they belong to the teachers and live in
# their own data folders (~/.local/share/itembank by default, or ITEMBANK_DATA_DIR / --data-dir).
# To delete a bank as well, remove that folder by hand (see /usr/share/doc/itembank*/README.Debian).
set -e
case "$1" in
    remove|purge)
        if command -v update-desktop-database >/dev/null 2>&1; then
            update-desktop-database -q "${DPKG_ROOT:-}/usr/share/applications" || true
        fi
        ;;
esac
if [ "$1" = "purge" ]; then
    echo "itembank: program removed; teachers' banks in ~/.local/share/itembank were kept." >&2
fi
exit 0
"""

README_DEBIAN = """itembank for Debian/Ubuntu
==========================

Program:   /opt/itembank (itembank-desktop = the window, itembank = the command line)
Flavour:   {flavour}
Data:      each user's bank is in ~/.local/share/itembank (created on first start);
           ITEMBANK_DATA_DIR=/path or --data-dir /path uses another folder.
Backup:    itembank backup /media/usb/   ->  one verified .zip of the bank
Restore:   itembank restore FILE.zip [--replace]
Uninstall: sudo apt remove {package}   (banks are kept; `purge` keeps them too)
           To delete a bank as well: rm -rf ~/.local/share/itembank  (after a backup!)

The full deployment guide (Korean and English) is docs/deploy.md in the source tree.
"""

COPYRIGHT = """Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: itembank

Files: *
License: MIT

Files: opt/itembank/_internal/itembank_assets/fonts/*
License: OFL-1.1 (NanumGothic; full text in /opt/itembank/LICENSES/NanumGothic/)

Comment: The frozen program bundles Python, Qt (PySide6, LGPL-3.0) and other libraries; their
 licence files are in /opt/itembank/LICENSES/.
"""


def log(message: str) -> None:
    print(f"[deb] {message}", file=sys.stderr, flush=True)


def _elf_contents(bundle: Path) -> Iterator[bytes]:
    """The bytes (after the magic) of every ELF file of the bundle, symlinks skipped."""
    for folder, _dirs, files in os.walk(bundle):
        for name in files:
            path = Path(folder) / name
            if path.is_symlink():
                continue
            try:
                with open(path, "rb") as fh:
                    if fh.read(4) != b"\x7fELF":
                        continue
                    yield fh.read()
            except OSError:
                continue


def required_glibc(bundle: Path) -> str:
    """The newest GLIBC_x.y symbol version any ELF file of the bundle references."""
    best = (2, 17)
    for data in _elf_contents(bundle):
        for match in GLIBC_RE.finditer(data):
            version = tuple(int(x) for x in match.group(1).split(b"."))
            best = max(best, version[:2])
    return ".".join(str(x) for x in best)


def _system_library_packages() -> dict[str, str]:
    """soname -> Debian package, the same table the desktop's start check names packages from."""
    sys.path.insert(0, str(ROOT))
    try:
        from desktop_app.qt_preflight import DEBIAN_PACKAGES
    finally:
        sys.path.remove(str(ROOT))
    return DEBIAN_PACKAGES


def system_library_depends(bundle: Path) -> list[str]:
    """Debian packages for the shared libraries the bundle's ELF files ask for but do not carry.

    PyInstaller copies what the build PC had; Qt's xcb plugin links to xcb libraries (libxcb-cursor0,
    libxcb-icccm4, …) a fresh desktop may lack, and those the .deb must declare or the window never opens.
    """
    table = _system_library_packages()
    carried = {name for _folder, _dirs, files in os.walk(bundle) for name in files}
    wanted: set[str] = set()
    for data in _elf_contents(bundle):
        for soname, package in table.items():
            if soname not in carried and b"\0" + soname.encode() + b"\0" in data:
                wanted.add(package)
    return sorted(wanted)


def installed_size_kib(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(dirpath, name)).st_size
    return total // 1024 + 1


def deb_version(version: str) -> str:
    return version.replace("-", "~")


def build(flavour: str, bundle: Path, out: Path, compression: str = "xz") -> Path:
    if not (bundle / "itembank").is_file() or not (bundle / "itembank-desktop").is_file():
        raise SystemExit(f"{bundle}: not a frozen itembank folder (no itembank / itembank-desktop); "
                         "run packaging/build.py first")
    info = json.loads((bundle / "BUILD-INFO.json").read_text(encoding="utf-8"))
    if info.get("flavour") != flavour:
        raise SystemExit(f"{bundle}: is the {info.get('flavour')!r} flavour, not {flavour!r}")
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("dpkg-deb not found; install it with `apt-get install dpkg-dev`")
    package = PACKAGES[flavour]
    other = PACKAGES["gpu" if flavour == "lite" else "lite"]
    version = deb_version(info["version"])
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()

    stage = out / f"deb-{package}"
    shutil.rmtree(stage, ignore_errors=True)
    app = stage / PREFIX
    log(f"staging {bundle} in {stage}")
    shutil.copytree(bundle, app, symlinks=True)
    for folder, dirs, files in os.walk(stage):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                executable = os.stat(path).st_mode & 0o111
                os.chmod(path, 0o755 if executable else 0o644)

    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for exe in ("itembank", "itembank-desktop"):
        (bin_dir / exe).symlink_to(f"../../{PREFIX}/{exe}")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "itembank.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    for png in sorted(ICONS.glob("itembank-*.png")):
        size = png.stem.split("-")[-1]
        dest = stage / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "itembank.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, dest)
        os.chmod(dest, 0o644)
    doc = stage / "usr" / "share" / "doc" / package
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(COPYRIGHT, encoding="utf-8")
    (doc / "README.Debian").write_text(README_DEBIAN.format(flavour=flavour, package=package),
                                       encoding="utf-8")

    glibc = required_glibc(app)
    control = stage / "DEBIAN"
    control.mkdir()
    fields = {
        "Package": package,
        "Version": version,
        "Architecture": arch,
        "Maintainer": "itembank team <itembank@localhost>",
        "Installed-Size": str(installed_size_kib(stage)),
        "Depends": ", ".join([f"libc6 (>= {glibc})", *system_library_depends(app)]),
        "Recommends": "fonts-nanum | fonts-noto-cjk",
        "Conflicts": other,
        "Replaces": other,
        "Provides": "itembank-app",
        "Section": "education",
        "Priority": "optional",
        "Homepage": "https://example.invalid/itembank",
        "Description": f"{SUMMARY[flavour]}\n"
                       " Korean teachers search, compare and rerank their school's exam items (문항)\n"
                       " by text and image, on one PC, with no internet connection. Includes the\n"
                       " desktop app (itembank-desktop) and the command line (itembank).",
    }
    (control / "control").write_text("".join(f"{k}: {v}\n" for k, v in fields.items()), encoding="utf-8")
    for name, body in (("postinst", POSTINST), ("postrm", POSTRM)):
        (control / name).write_text(body, encoding="utf-8")
        os.chmod(control / name, 0o755)
    sums = []
    for folder, _dirs, files in os.walk(stage):
        for name in sorted(files):
            path = Path(folder) / name
            if control in path.parents or path.is_symlink():
                continue
            out_md5 = subprocess.run(["md5sum", str(path)], capture_output=True, text=True, check=True)
            sums.append(f"{out_md5.stdout.split()[0]}  {path.relative_to(stage).as_posix()}\n")
    (control / "md5sums").write_text("".join(sorted(sums, key=lambda s: s[34:])), encoding="utf-8")

    deb = out / f"{package}_{version}_{arch}.deb"
    deb.unlink(missing_ok=True)
    log(f"dpkg-deb --build ({compression}) -> {deb}")
    subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(stage), str(deb)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(stage, ignore_errors=True)
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installers/linux/build_deb.py",
                                     description="Build the itembank .deb from a frozen folder.")
    parser.add_argument("--flavour", "--flavor", required=True, choices=sorted(PACKAGES))
    parser.add_argument("--bundle", required=True, help="the frozen folder, e.g. dist/itembank-lite")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="output folder (default dist/)")
    parser.add_argument("--compression", default="xz", choices=("xz", "gzip", "zstd", "none"),
                        help="member compression (default xz: every dpkg reads it)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    deb = build(args.flavour, Path(args.bundle).resolve(), out, args.compression)
    log(f"{deb.name}: {deb.stat().st_size / 2**20:.1f} MiB")
    print(deb)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
