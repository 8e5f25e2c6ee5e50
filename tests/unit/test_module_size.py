"""Every module stays small enough to hold in mind (issue 15): at most 400 lines, migrations apart."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
PACKAGES = ("models", "services", "tui", "cli", "tests", "bench", "scripts")


def oversized(root: Path, packages=PACKAGES, limit: int = LIMIT) -> list[str]:
    """Modules under the packages longer than the limit, as «path: lines»."""
    found = []
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "versions" in path.relative_to(root).parts[:-1]:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found.append(f"{path.relative_to(root)}: {lines}")
    return found


def test_no_module_over_the_limit():
    assert oversized(ROOT) == []


def test_the_check_sees_a_long_module_and_spares_migrations(tmp_path):
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "long.py").write_text("x = 1\n" * (LIMIT + 1), encoding="utf-8")
    (tmp_path / "services" / "short.py").write_text("x = 1\n" * LIMIT, encoding="utf-8")
    versions = tmp_path / "models" / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_big.py").write_text("x = 1\n" * (LIMIT * 3), encoding="utf-8")
    assert oversized(tmp_path, packages=("services", "models")) == [f"services/long.py: {LIMIT + 1}"]


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_is_looked_at(package):
    assert (ROOT / package).is_dir()
