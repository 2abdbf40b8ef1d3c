"""The README's apt line brings every system library Qt's xcb plugin links to (issue #21: a fresh
Debian 12 lacked libxcb-cursor0 and more, and a bare one lacks libGL, fontconfig, glib, dbus …).

The plugin's libraries come from ``ldd`` on the installed PySide6; the packages the line installs are
its own names plus what apt pulls in for them (``apt-cache depends --recurse``, Depends only). The full
proof on a bare system is tools/clean_system_check.sh; this catches a line that loses a package."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.qt_preflight import DEBIAN_PACKAGES, xcb_plugin

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_apt_packages() -> list[str]:
    line = re.search(r"`sudo apt install ([^`]+)`", README.read_text(encoding="utf-8"))
    assert line, "README.md has no `sudo apt install …` line"
    return line.group(1).split()


def plugin_sonames(plugin: Path) -> set[str]:
    run = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=30)
    return {m.group(1) for m in re.finditer(r"^\s*(\S+)\s*=>", run.stdout, re.MULTILINE)}


def installed_with(packages: list[str]) -> set[str]:
    run = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                          "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *packages],
                         capture_output=True, text=True, timeout=120)
    names = {line.strip() for line in run.stdout.splitlines() if line and not line.startswith(" ")}
    return {name.split(":")[0] for name in names} | set(packages)


def test_readme_line_starts_with_the_venv_module_and_names_real_packages():
    packages = readme_apt_packages()
    assert packages[0] == "python3-venv"
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", name) for name in packages)
    assert len(set(packages)) == len(packages)


@pytest.mark.skipif(shutil.which("apt-cache") is None or shutil.which("ldd") is None,
                    reason="needs a Debian/Ubuntu system (apt-cache, ldd)")
def test_readme_line_brings_every_library_the_xcb_plugin_links_to():
    plugin = xcb_plugin()
    if plugin is None:
        pytest.skip("this PySide6 has no xcb plugin")
    needed = {DEBIAN_PACKAGES[name] for name in plugin_sonames(plugin) if name in DEBIAN_PACKAGES}
    assert {"libxcb-cursor0", "libgl1", "libfontconfig1"} <= needed  # what a bare Debian 12 lacked
    missing = needed - installed_with(readme_apt_packages())
    assert not missing, f"the README's apt line does not bring {sorted(missing)}"
