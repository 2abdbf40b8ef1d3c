"""Offline smoke test of the built Linux package: install it into a clean root, cut the network, use it.

    sudo python3 installers/linux/smoke_test.py dist/itembank_0.1.0_amd64.deb [--out /tmp/itembank-smoke]

Needs root (``unshare -n`` and ``dpkg --root``), dpkg and strace. Steps:

1. ``dpkg --root=CLEAN -i PACKAGE`` into an empty directory with an empty dpkg database (maintainer
   scripts run chrootless and honour DPKG_ROOT), so nothing of this machine's Python, venvs or source
   tree is in reach of the installed program.
2. Every command below runs with an empty environment (PATH=/usr/bin:/bin, a fresh HOME) inside
   ``unshare -n`` (a network namespace with only a downed loopback: no route anywhere) and under
   ``strace -f``, which records every socket call and every file opened:
   ``itembank --version``, ``itembank init --sample`` (into the default user data dir under HOME),
   ``itembank search "이차방정식" --json``, ``itembank backup`` + ``itembank restore`` of that bank,
   and ``itembank-desktop --screenshot OUT.png`` (Qt offscreen).
3. Checks: each command succeeds; the search finds items about 이차방정식; the screenshot is a real PNG;
   the trace shows no connect/sendto/sendmsg to an IPv4/IPv6 address and no socket of those families
   at all; no file of the build machine (the source tree, a venv, the build Python) was opened;
   ``dpkg --root=CLEAN -r`` removes the program and keeps the user's bank.

Prints a JSON report (also written to OUT/report.json); exit 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUERY = "이차방정식"
NET_FAMILIES = re.compile(r"AF_INET6?\b|PF_INET6?\b")
NET_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(")
BIND_CALL = re.compile(r"\bbind\(")
LOOPBACK = re.compile(r'inet_(?:addr|pton)\((?:AF_INET6?, )?"(::1|127\.\d+\.\d+\.\d+)"')
SOCKET_CALL = re.compile(r"\bsocket\((AF_INET6?|PF_INET6?)")
OPEN_CALL = re.compile(r'\bopen(?:at)?\([^"]*"([^"]+)"')


class Smoke:
    def __init__(self, deb: Path, out: Path, embed_model: Path | None = None) -> None:
        self.deb = deb
        self.embed_model = embed_model
        self.out = out
        self.root = out / "root"
        self.home = out / "home"
        self.traces = out / "traces"
        self.checks: list[dict] = []
        self.steps: list[dict] = []

    # -- helpers ----------------------------------------------------------------------------
    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append({"check": name, "ok": bool(ok), "detail": detail})
        print(f"[smoke] {'PASS' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""),
              file=sys.stderr, flush=True)
        return ok

    def env(self) -> dict:
        return {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                "TMPDIR": str(self.out / "tmp"), "XDG_RUNTIME_DIR": str(self.out / "run")}

    def run_offline(self, name: str, argv: list[str], timeout: int = 600) -> subprocess.CompletedProcess:
        """Run an installed program with no network, under strace, with an empty environment."""
        trace = self.traces / f"{name}.strace"
        command = ["unshare", "-n", "--", "strace", "-f", "-qq", "-s", "256", "-o", str(trace),
                   "-e", "trace=%network,open,openat", *argv]
        started = time.monotonic()
        result = subprocess.run(command, env=self.env(), capture_output=True, text=True, timeout=timeout,
                                cwd=self.home)
        seconds = round(time.monotonic() - started, 2)
        self.steps.append({"step": name, "argv": argv, "rc": result.returncode, "seconds": seconds,
                           "stdout_tail": result.stdout[-400:], "stderr_tail": result.stderr[-400:]})
        self.check(f"{name} exits 0", result.returncode == 0,
                   f"rc={result.returncode} in {seconds}s" + (f"; {result.stderr.strip()[-300:]}"
                                                               if result.returncode else ""))
        return result

    # -- the test ---------------------------------------------------------------------------
    def install(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        for folder in (self.root / "var/lib/dpkg/info", self.root / "var/lib/dpkg/updates", self.home,
                       self.traces, self.out / "tmp", self.out / "run"):
            folder.mkdir(parents=True)
        os.chmod(self.out / "run", 0o700)
        (self.root / "var/lib/dpkg/status").touch()
        result = subprocess.run(["dpkg", f"--root={self.root}", "--force-script-chrootless", "--force-depends",
                                 "--log=/dev/null", "-i", str(self.deb)], capture_output=True, text=True)
        self.check("dpkg --root installs the package", result.returncode == 0,
                   result.stderr.strip()[-300:])
        status = subprocess.run(["dpkg", f"--root={self.root}", "-s", self.package()], capture_output=True,
                                text=True)
        self.check("dpkg records it as installed", "Status: install ok installed" in status.stdout)

    def package(self) -> str:
        return subprocess.run(["dpkg-deb", "-f", str(self.deb), "Package"], capture_output=True, text=True,
                              check=True).stdout.strip()

    def exercise(self) -> None:
        cli = str(self.root / "usr/bin/itembank")
        gui = str(self.root / "usr/bin/itembank-desktop")
        self.check("/usr/bin links resolve into /opt/itembank",
                   os.path.realpath(cli) == str((self.root / "opt/itembank/itembank").resolve()))

        r = self.run_offline("version", [cli, "--version"])
        self.check("--version prints the version", r.stdout.strip().startswith("itembank "), r.stdout.strip())

        self.run_offline("init-sample", [cli, "init", "--sample"])
        default_bank = self.home / ".local/share/itembank"
        self.check("the bank is in the user data dir (platformdirs)",
                   (default_bank / "catalog.sqlite3").is_file(), str(default_bank))

        r = self.run_offline("search", [cli, "search", QUERY, "--json", "-k", "5"])
        try:
            hits = json.loads(r.stdout)
        except json.JSONDecodeError:
            hits = []
        self.check("search finds 이차방정식 items", len(hits) >= 3 and all(QUERY in h["stem"] for h in hits[:3]),
                   ", ".join(h["id"] for h in hits[:5]))

        r = self.run_offline("stats", [cli, "stats", "--json"])
        items = json.loads(r.stdout or "{}").get("items", 0) if r.returncode == 0 else 0
        self.check("stats counts the sample bank", items >= 150, f"{items} items")

        archive = self.out / "bank-backup.zip"
        self.run_offline("backup", [cli, "backup", str(archive)])
        restored = self.out / "restored-bank"
        self.run_offline("restore", [cli, "restore", str(archive), "--data-dir", str(restored)])
        r = self.run_offline("search-restored", [cli, "search", QUERY, "--json", "-k", "5", "--data-dir",
                                                 str(restored)])
        try:
            again = json.loads(r.stdout)
        except json.JSONDecodeError:
            again = []
        self.check("the restored bank answers the same", [h["id"] for h in again] == [h["id"] for h in hits])

        if self.embed_model is not None:
            self.embed_with_model(cli)

        shot = self.out / "screenshot.png"
        self.run_offline("gui-screenshot", [gui, "--screenshot", str(shot), "--query", QUERY])
        ok = shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
        self.check("the GUI screenshot is a PNG", ok, f"{shot.stat().st_size if shot.exists() else 0} bytes")

    def embed_with_model(self, cli: str) -> None:
        """GPU flavour: torch + transformers inside the bundle run a (tiny) Qwen3-VL checkpoint."""
        import math
        import struct

        lines = self.out / "embed-in.jsonl"
        lines.write_text('{"text": "이차방정식의 근과 계수의 관계"}\n{"text": "전류와 전압"}\n', encoding="utf-8")
        matrix = self.out / "embed-out.npy"
        self.run_offline("embed", [cli, "embed", "--model", str(self.embed_model), "--device", "cpu",
                                   "--input", str(lines), "--output", str(matrix)])
        ok, detail = False, "no output"
        if matrix.is_file():
            raw = matrix.read_bytes()
            header_len = struct.unpack("<H", raw[8:10])[0]
            header = raw[10:10 + header_len].decode("latin-1")
            shape = re.search(r"'shape': \((\d+), (\d+)\)", header)
            rows, dim = (int(shape.group(1)), int(shape.group(2))) if shape else (0, 0)
            values = struct.unpack(f"<{rows * dim}f", raw[10 + header_len:10 + header_len + 4 * rows * dim])
            norms = [math.sqrt(sum(v * v for v in values[r * dim:(r + 1) * dim])) for r in range(rows)]
            ok = "<f4" in header and rows == 2 and all(abs(n - 1) < 1e-3 for n in norms)
            detail = f"shape ({rows}, {dim}), norms {[round(n, 4) for n in norms]}"
        self.check("the bundled torch/transformers embed with a Qwen3-VL checkpoint", ok, detail)

    def audit(self) -> None:
        network, binds, sockets, leaks = [], [], [], set()
        forbidden = [str(ROOT), sys.prefix, sys.base_prefix, "/tmp/pkgvenv", "/tmp/gpuvenv",
                     str(Path.home() / ".cache")]
        forbidden = [f for f in forbidden if f and f != "/" and f != "/usr"]
        for trace in sorted(self.traces.glob("*.strace")):
            for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
                if NET_CALL.search(line) and NET_FAMILIES.search(line):
                    network.append(f"{trace.stem}: {line.strip()[:200]}")
                if BIND_CALL.search(line) and NET_FAMILIES.search(line) and not LOOPBACK.search(line):
                    binds.append(f"{trace.stem}: {line.strip()[:200]}")
                if SOCKET_CALL.search(line):
                    sockets.append(f"{trace.stem}: {line.strip()[:200]}")
                match = OPEN_CALL.search(line)
                if match and any(match.group(1).startswith(f) for f in forbidden) \
                        and not match.group(1).startswith(str(self.out)):
                    leaks.add(match.group(1))
        self.check("no connect/send to any IP address (loopback included)", not network, "; ".join(network[:5]))
        self.check("no socket bound to a non-loopback address", not binds, "; ".join(binds[:5]))
        # urllib3 (imported by transformers via huggingface_hub) probes IPv6 support at import time by
        # binding a socket to [::1]:0; it never connects. Such sockets are listed, not failed.
        self.ip_sockets = sockets
        if sockets:
            print(f"[smoke] note: {len(sockets)} IP socket(s) opened, used only for loopback binds: "
                  + "; ".join(sockets[:3]), file=sys.stderr)
        self.check("nothing of the build machine opened (source tree, venvs, build Python)", not leaks,
                   ", ".join(sorted(leaks)[:5]))

    def uninstall(self) -> None:
        result = subprocess.run(["dpkg", f"--root={self.root}", "--force-script-chrootless", "--log=/dev/null",
                                 "--purge", self.package()], capture_output=True, text=True)
        self.check("dpkg --purge removes the package", result.returncode == 0, result.stderr.strip()[-300:])
        self.check("the program is gone", not (self.root / "opt/itembank/itembank").exists()
                   and not (self.root / "usr/bin/itembank").exists())
        self.check("the user's bank is kept",
                   (self.home / ".local/share/itembank/catalog.sqlite3").is_file())

    def report(self) -> dict:
        from collections import Counter

        return {"package": str(self.deb), "package_bytes": self.deb.stat().st_size,
                "installed_bytes": getattr(self, "installed_bytes", None),
                "ip_sockets_loopback_only": getattr(self, "ip_sockets", []),
                "passed": sum(c["ok"] for c in self.checks), "failed": sum(not c["ok"] for c in self.checks),
                "checks": self.checks, "steps": self.steps,
                "steps_seconds": {s["step"]: s["seconds"] for s in self.steps},
                "failed_checks": [c["check"] for c in self.checks if not c["ok"]],
                "counts": dict(Counter(c["ok"] for c in self.checks))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installers/linux/smoke_test.py", description=__doc__.splitlines()[0])
    parser.add_argument("deb", help="the .deb built by packaging/build.py --deb")
    parser.add_argument("--out", default="/tmp/itembank-smoke", help="work folder (emptied first)")
    parser.add_argument("--embed-model", help="gpu flavour: a Qwen3-VL embedding checkpoint folder to run "
                                              "`itembank embed` with (e.g. a tiny one from "
                                              "engine.models.qwen.synthetic.write_checkpoint)")
    args = parser.parse_args(argv)
    deb = Path(args.deb).resolve()
    if not deb.is_file():
        print(f"smoke_test: {deb}: no such package; build it with packaging/build.py --deb", file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("smoke_test: run as root (it needs unshare -n and dpkg --root)", file=sys.stderr)
        return 2
    for tool in ("dpkg", "dpkg-deb", "unshare", "strace"):
        if shutil.which(tool) is None:
            print(f"smoke_test: {tool} not found; install it (apt-get install dpkg util-linux strace)",
                  file=sys.stderr)
            return 2
    smoke = Smoke(deb, Path(args.out).resolve(), Path(args.embed_model).resolve() if args.embed_model else None)
    smoke.install()
    if (smoke.root / "opt/itembank/itembank").exists():
        smoke.installed_bytes = sum(p.stat().st_size for p in (smoke.root / "opt/itembank").rglob("*")
                                    if p.is_file() and not p.is_symlink())
        smoke.exercise()
        smoke.audit()
        smoke.uninstall()
    report = smoke.report()
    (smoke.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("package", "package_bytes", "installed_bytes", "passed", "failed",
                                             "failed_checks", "steps_seconds")}, ensure_ascii=False, indent=1))
    return 0 if report["failed"] == 0 and report["passed"] > 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
