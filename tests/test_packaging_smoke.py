"""Opt-in: install the built .deb into a clean root with the network cut, and use it.

Runs only when ITEMBANK_SMOKE_DEB names a package built by ``packaging/build.py --deb`` and the test
runs as root (unshare -n, dpkg --root) with strace installed; takes about a minute:

    ITEMBANK_SMOKE_DEB=dist/itembank_0.1.0_amd64.deb python -m pytest tests/test_packaging_smoke.py
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEB = os.environ.get("ITEMBANK_SMOKE_DEB")

pytestmark = pytest.mark.skipif(
    not DEB or os.geteuid() != 0 or not all(shutil.which(t) for t in ("dpkg", "unshare", "strace")),
    reason="opt-in: set ITEMBANK_SMOKE_DEB to a built .deb and run as root with strace installed")


def test_offline_install_and_use(tmp_path):
    spec = importlib.util.spec_from_file_location("smoke_test", ROOT / "installers/linux/smoke_test.py")
    smoke = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(smoke)
    out = tmp_path / "smoke"
    code = smoke.main([DEB, "--out", str(out)])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert code == 0, report["failed_checks"]
    assert report["failed"] == 0 and report["passed"] >= 20
    assert {"version", "init-sample", "search", "gui-screenshot"} <= set(report["steps_seconds"])
