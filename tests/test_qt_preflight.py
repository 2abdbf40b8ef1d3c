"""The desktop names missing system libraries (and the apt line) instead of letting Qt abort."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from desktop_app.qt_preflight import (install_command, missing_from_ldd, missing_libraries_message,
                                      missing_xcb_libraries, preflight_problem, uses_xcb, xcb_plugin)

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffd6a5f1000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f3b1c000000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f3b1bfd0000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
"""


def test_the_missing_libraries_are_read_from_ldd_each_once():
    assert missing_from_ldd(LDD_OUTPUT) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_from_ldd("\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n") == []


def test_the_message_names_the_libraries_and_the_apt_packages_in_korean_and_english():
    missing = missing_from_ldd(LDD_OUTPUT)
    assert install_command(missing) == "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
    message = missing_libraries_message(missing)
    assert "\n" not in message
    assert "화면을 열 수 없습니다" in message and "Cannot open the window" in message
    assert "libxcb-icccm.so.4" in message and message.count("sudo apt install") == 2
    unknown = missing_libraries_message(["libweird.so.9"])
    assert "libweird.so.9" in unknown and "sudo" not in unknown


@pytest.mark.parametrize("env,expected", [
    ({}, True),
    ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ({"QT_QPA_PLATFORM": "xcb"}, True),
    ({"QT_QPA_PLATFORM": "wayland"}, False),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, False),
])
def test_only_an_x11_start_is_checked(env, expected):
    assert uses_xcb(env) is (expected and sys.platform.startswith("linux"))


@pytest.mark.skipif(xcb_plugin() is None or shutil.which("ldd") is None, reason="needs PySide6's xcb plugin and ldd")
def test_the_check_agrees_with_the_dynamic_linker_on_this_machine():
    plugin = xcb_plugin()
    run = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    really_missing = {line.split("=>")[0].strip() for line in run.stdout.splitlines() if "not found" in line}
    assert set(missing_xcb_libraries()) == really_missing
    problem = preflight_problem({"QT_QPA_PLATFORM": "xcb"})
    assert (problem is None) == (not really_missing)


@pytest.mark.skipif(xcb_plugin() is None or shutil.which("ldd") is None, reason="needs PySide6's xcb plugin and ldd")
def test_itembank_desktop_prints_one_line_instead_of_a_qt_abort_when_libraries_are_missing(tmp_path):
    if not missing_xcb_libraries():
        pytest.skip("this machine has every library Qt's xcb plugin needs")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "ITEMBANK_DATA_DIR": str(tmp_path / "bank")}
    run = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "bank")],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "sudo apt install" in lines[0] and "Could not load the Qt platform" not in run.stderr
