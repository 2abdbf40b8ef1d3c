"""Before Qt starts on Linux: are the system libraries its X11 (xcb) plugin needs installed?

Without them Qt aborts with "Could not load the Qt platform plugin "xcb"", a message that names
neither the missing library nor the package to install. We ask the dynamic linker (``ldd``) what the
plugin cannot find and turn that into one Korean + English line with the ``apt`` command, before the
application object is made. The check is cheap (one ``ldd`` run) and never stops a start it cannot judge.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The xcb libraries a PySide6 wheel links against that a fresh Debian 12 / Ubuntu 24.04 desktop may lack,
# with the Debian/Ubuntu package that ships each one.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)


def missing_from_ldd(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", each once, in the order it first names them."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(ldd_output):
        if name not in seen:
            seen.append(name)
    return seen


def xcb_plugin() -> Path | None:
    """The xcb platform plugin of the installed PySide6, or None when this PySide6 has none."""
    try:
        import PySide6
    except ImportError:
        return None
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.is_file() else None


def missing_xcb_libraries(plugin: Path | None = None) -> list[str]:
    """What the xcb plugin needs and the system lacks; empty when nothing is missing or we cannot tell."""
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return []
    try:
        run = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    return missing_from_ldd(run.stdout)


def install_command(libraries: list[str]) -> str:
    """The ``apt`` line that brings these libraries (names we do not know are left to the admin)."""
    packages = sorted({DEBIAN_PACKAGES[name] for name in libraries if name in DEBIAN_PACKAGES})
    return f"sudo apt install {' '.join(packages)}" if packages else ""


def missing_libraries_message(libraries: list[str]) -> str:
    """One line in Korean and English: what is missing and the command that installs it."""
    names = ", ".join(libraries)
    command = install_command(libraries)
    if command:
        return (f"화면을 열 수 없습니다: 시스템 라이브러리 {names}이(가) 없습니다. 설치: {command} "
                f"/ Cannot open the window: missing system libraries {names}. Install them with: {command}")
    return (f"화면을 열 수 없습니다: 시스템 라이브러리 {names}이(가) 없습니다. 배포판의 패키지로 설치하세요. "
            f"/ Cannot open the window: missing system libraries {names}; install them from your distribution.")


def uses_xcb(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt will pick the X11 plugin: Linux, and no other platform named or implied."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if chosen:
        return chosen == "xcb"
    # Qt 6 prefers Wayland in a Wayland session; everything else is X11
    return not (env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "").lower() == "wayland")


def preflight_problem(environ: dict[str, str] | None = None, plugin: Path | None = None) -> str | None:
    """The sentence to print instead of letting Qt abort, or None when the start can go ahead."""
    if not uses_xcb(environ):
        return None
    missing = missing_xcb_libraries(plugin)
    return missing_libraries_message(missing) if missing else None
