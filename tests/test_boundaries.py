"""The engine's public surface is ``engine.api``: the desktop app and the REST server import nothing
else from the engine, and the engine never imports Qt or the desktop app (DESIGN.md, "public surface")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED_FROM_ENGINE = {"engine.api"}
ALLOWED_NAMES_FROM_ENGINE_PACKAGE = {"__version__"}


def imports_of(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every import statement in ``path`` (relative imports resolved to '.')."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found.append((node.lineno, module, [alias.name for alias in node.names]))
    return found


def engine_imports_outside_the_facade(folder: Path, own_package: str, root: Path = ROOT) -> list[str]:
    wrong = []
    for path in sorted(folder.rglob("*.py")):
        for line, module, names in imports_of(path):
            if module.startswith(own_package) or module.startswith("."):
                continue
            if module == "engine" and set(names) <= ALLOWED_NAMES_FROM_ENGINE_PACKAGE:
                continue
            if module == "engine" or module.startswith("engine."):
                if module not in ALLOWED_FROM_ENGINE:
                    wrong.append(f"{path.relative_to(root)}:{line} imports {module}")
    return wrong


@pytest.mark.parametrize("folder,own", [("desktop_app", "desktop_app"), ("engine/server", "engine.server")])
def test_front_ends_import_only_the_facade(folder, own):
    wrong = engine_imports_outside_the_facade(ROOT / folder, own)
    assert wrong == [], "import these through engine.api instead:\n" + "\n".join(wrong)


def test_the_checker_sees_a_forbidden_import(tmp_path):
    package = tmp_path / "front"
    package.mkdir()
    (package / "view.py").write_text("from engine.catalog.catalog import SqlCatalog\nfrom engine.api import Item\n")
    assert engine_imports_outside_the_facade(package, "front", root=tmp_path) == [
        "front/view.py:1 imports engine.catalog.catalog"]


def test_the_engine_never_imports_qt_or_the_desktop_app():
    wrong = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        for line, module, _names in imports_of(path):
            if module.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "desktop_app"}:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert wrong == []


def test_everything_the_facade_exports_exists():
    import engine.api as api

    missing = [name for name in api.__all__ if not hasattr(api, name)]
    assert missing == []
    assert len(api.__all__) == len(set(api.__all__))
