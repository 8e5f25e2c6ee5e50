"""Fixtures for driving the desk with Textual's Pilot on a real SQLite file."""

import pytest

from services.database import open_database
from tui.app import MoadApp
from tui.context import DeskContext


@pytest.fixture
def app_factory(tmp_path):
    """Build a MoadApp on a fresh SQLite file (optionally prepared by a callback on the engine)."""
    engines = []

    def make(prepare=None, idle_lock_seconds: float = 300) -> MoadApp:
        engine = open_database(f"sqlite:///{tmp_path / 'desk.sqlite3'}")
        engines.append(engine)
        if prepare is not None:
            prepare(engine)
        return MoadApp(DeskContext(engine=engine, data_dir=tmp_path / "data"), idle_lock_seconds=idle_lock_seconds)

    yield make
    for engine in engines:
        engine.dispose()


async def settle(pilot) -> None:
    """Wait until every worker finished and the screen repainted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    """Type text key by key, as an officer would."""
    for char in text:
        await pilot.press(char if char != " " else "space")


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
