"""The layering rules of ARCHITECTURE.md, checked on the source."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lms"
FLASK_MODULES = ("flask", "flask_login", "flask_wtf", "werkzeug", "wtforms")
WEB_LAYER = ("lms.web", "lms.db", "lms.extension", "lms.cli", "lms.config")
# What each lower layer may not import: the web, Flask, and the layers above it.
FORBIDDEN = {
    "models": (*FLASK_MODULES, *WEB_LAYER, "lms.services", "lms.content"),
    "content": (*FLASK_MODULES, *WEB_LAYER, "lms.services"),
    "services": (*FLASK_MODULES, *WEB_LAYER),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_never_import_flask_or_the_layers_above(layer):
    offences = [
        f"{path.relative_to(PACKAGE.parent)} imports {module}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for module in sorted(imported_modules(path))
        if any(module == banned or module.startswith(banned + ".") for banned in FORBIDDEN[layer])
    ]
    assert offences == []


def test_every_package_is_listed_for_packaging():
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        for init in PACKAGE.rglob("__init__.py")
    }
    assert on_disk <= listed


def test_every_data_file_is_shipped_with_the_package():
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["lms"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern) if path.is_file()}
    data_files = {
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }
    assert sorted(map(str, data_files - shipped)) == []
