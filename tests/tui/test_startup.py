"""`moad`'s first screen is drawn before the database layer loads, and signing in then works on the engine made later."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from services.database import open_database
from services.demo import populate
from tests.conftest import DEFAULT_NOW, child_env, make_desk
from tests.tui.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
# What the first screen must not wait for: the database layer, the models, the migrations, documents and the web.
HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "models", "services.database", "services.auth",
         "reportlab", "holidays", "psycopg", "starlette", "argon2", "stdnum")

# Started as `moad` is (its parser, then the launch), the warm-up that follows the first screen switched off so the
# modules are listed as the first screen found them; then the warm-up's own loading, to show the list can see them.
FIRST_SCREEN = """
import asyncio, json, sys
from cli.main import build_parser
from tui.app import MoadApp
from tui.launch import build_app

MoadApp._warm_up = lambda self: None
heavy = {heavy!r}
url = {url!r}
build_parser().parse_args(["--db", url])
app = build_app(url)
seen = {{}}

def loaded():
    return sorted(name for name in heavy if name in sys.modules)

async def first_screen(pilot):
    while type(app.screen).__name__ not in ("SignInScreen", "FirstRunScreen"):
        await pilot.pause(0.005)
    drawn = asyncio.Event()
    app.screen.call_after_refresh(drawn.set)
    await drawn.wait()
    seen["screen"], seen["first"] = type(app.screen).__name__, loaded()
    app.ctx.warm_up()
    seen["after"] = loaded()
    app.exit()

app.run(headless=True, auto_pilot=first_screen, size=(100, 30))
print(json.dumps(seen))
"""


def _first_screen(url: str, data_dir: Path) -> dict:
    script = FIRST_SCREEN.format(heavy=HEAVY, url=url)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=child_env(MOAD_DATA_DIR=str(data_dir)),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("set_up, screen", [(True, "SignInScreen"), (False, "FirstRunScreen")])
def test_the_first_screen_is_drawn_without_the_database_layer(set_up, screen, sqlite_url, tmp_path):
    engine = open_database(sqlite_url)
    if set_up:
        make_desk(engine)
    engine.dispose()
    seen = _first_screen(sqlite_url, tmp_path / "data")
    assert seen["screen"] == screen
    assert seen["first"] == []
    assert {"sqlalchemy", "models", "services.database", "services.auth"} <= set(seen["after"])


async def test_signing_in_opens_the_database_the_first_screen_went_without(sqlite_url, tmp_path, monkeypatch):
    from services.settings import get_settings
    from tui.launch import build_app

    engine = open_database(sqlite_url)
    populate(engine, n=5, today=DEFAULT_NOW.date())
    engine.dispose()
    monkeypatch.setenv("MOAD_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    app = build_app(sqlite_url)
    assert app.needs_setup is False and app.upgrade_notice is None
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot)
            assert type(app.screen).__name__ == "HomeScreen"
            assert app.ctx.usuario == "oficial" and app.ctx.unidad is not None
    finally:
        app.ctx.engine.dispose()
        get_settings.cache_clear()


def test_a_database_that_needs_upgrading_is_opened_the_full_way_before_the_app(tmp_path, monkeypatch):
    from services.settings import get_settings
    from tui.launch import build_app

    monkeypatch.setenv("MOAD_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    app = build_app(f"sqlite:///{tmp_path / 'nueva.sqlite3'}")
    try:
        assert app.needs_setup is None
        assert app.upgrade_notice == "Base de datos creada con el esquema más reciente."
    finally:
        app.ctx.engine.dispose()
        get_settings.cache_clear()
