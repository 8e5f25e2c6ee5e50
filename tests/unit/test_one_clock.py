"""One clock: only services/calendar.py reads the wall clock, and no test lets it run."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLOCK = ROOT / "services" / "calendar.py"
TEST_CLOCK = ROOT / "tests" / "conftest.py"
WALL_CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
                    ("time", "time"), ("time", "localtime"), ("time", "gmtime")}


def wall_clock_reads(path: Path) -> list[str]:
    """Calls such as datetime.now() or date.today() in a file, and freeze(None), which lets the clock run."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name)
                and (function.value.id, function.attr) in WALL_CLOCK_CALLS):
            found.append(f"{path.name}:{node.lineno} {function.value.id}.{function.attr}()")
        if (isinstance(function, ast.Name) and function.id == "freeze" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value is None):
            found.append(f"{path.name}:{node.lineno} freeze(None)")
    return found


def _sources() -> list[Path]:
    paths = [p for folder in ("services", "models", "cli", "tui", "tests")
             for p in sorted((ROOT / folder).rglob("*.py"))]
    return [p for p in paths if p not in (CLOCK, TEST_CLOCK)]


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_but_the_calendar_reads_the_wall_clock(path):
    assert wall_clock_reads(path) == []


def test_the_check_sees_each_way_of_reading_the_clock(tmp_path):
    offender = tmp_path / "bad.py"
    offender.write_text("import time\nfrom datetime import date, datetime\n"
                        "a = datetime.now()\nb = date.today()\nc = time.time()\nfreeze(None)\nfreeze(moment)\n")
    assert wall_clock_reads(offender) == ["bad.py:3 datetime.now()", "bad.py:4 date.today()", "bad.py:5 time.time()",
                                          "bad.py:6 freeze(None)"]


def test_every_test_starts_on_the_stopped_clock():
    from services.calendar import now_utc
    from tests.conftest import DEFAULT_NOW

    assert now_utc() == DEFAULT_NOW
