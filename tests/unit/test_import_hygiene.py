"""Data flows one way: services/ and models/ never import Textual, the web stack, or the tui and web packages."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "tui", "rich", "web", "starlette", "uvicorn")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "services").rglob("*.py")) + sorted((ROOT / "models").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_ui_imports_below_the_tui(path):
    assert not _imports(path) & set(FORBIDDEN), f"{path.name} importa la interfaz"


def test_the_check_sees_a_violation(tmp_path):
    offender = tmp_path / "bad.py"
    offender.write_text("from textual.app import App\nimport tui.app\n")
    assert _imports(offender) & set(FORBIDDEN) == {"textual", "tui"}


def test_head_revision_constant_matches_alembic():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from services.schema_peek import HEAD_REVISION

    config = Config()
    config.set_main_option("script_location", str(ROOT / "models" / "migrations"))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
