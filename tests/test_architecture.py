"""The direction of dependencies (ARCHITECTURE.md): features → shared modules → models.

Read from the source, not run: a shared module that imports a feature fails here, before it
becomes an import cycle the day a feature imports that shared module (i18n once did).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "intranet"
# A feature is a package with a blueprint.
FEATURES = {path.parent.name for path in PACKAGE.glob("*/routes.py")}
# create_app registers the features' blueprints and the CLI their commands; the demo fills a
# database through the features' own rules (`flask demo load`): they sit on top.
ENTRY_POINTS = {"__init__.py", "cli.py"}
ENTRY_PACKAGES = {"demo"}


def _imported(path: Path) -> set[str]:
    """The modules a file imports, as dotted names (`from intranet import logs` included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _features_in(names: set[str]) -> set[str]:
    return {name.split(".")[1] for name in names if name.split(".")[:2][-1] in FEATURES}


def _shared_modules() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in FEATURES | ENTRY_PACKAGES
        and str(path.relative_to(PACKAGE)) not in ENTRY_POINTS
    ]


def test_the_features_are_found():
    assert {"logs", "review", "tips", "board", "villages"} <= set(FEATURES)


@pytest.mark.parametrize("path", _shared_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_shared_module_imports_no_feature(path):
    imported = {name for name in _imported(path) if name.startswith("intranet.")}
    assert _features_in(imported) == set()


def test_review_and_logs_share_through_shared_modules_only():
    def imports_of(feature: str) -> set[str]:
        return {n for p in (PACKAGE / feature).glob("*.py") for n in _imported(p)}

    assert "logs" not in _features_in(imports_of("review"))
    assert "review" not in _features_in(imports_of("logs"))


def test_the_list_queries_of_logs_do_not_import_its_workflow():
    assert "intranet.logs.workflow" not in _imported(PACKAGE / "logs" / "queries.py")
