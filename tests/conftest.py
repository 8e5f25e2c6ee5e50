"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL when configured), a demo catalog, a desk app."""

import gc
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from textual import events
from textual._wait import wait_for_idle
from textual.app import App
from textual.keys import _character_to_key

from models.enums import Rol
from services.actor import SYSTEM, Actor
from services.calendar import MEXICO_CITY, freeze, now_utc

pytest_plugins = ["tests.triage_report"]

# The audit chain's key lives in the account's configuration folder: tests (and the commands they start) use
# a folder of their own, never the real one.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="moad-pruebas-config-")


async def _press_keys(app, keys) -> None:
    """Pilot's key presses, with runs of printable characters sent as a quick typist types them."""
    # Pilot waits for two idle spells of 20 ms or more after every key: with hundreds of characters typed a test,
    # most of the suite's time. Characters still arrive one key event each, in order; keys that may move the focus
    # or change the screen (Enter, Tab, F-keys…) keep Pilot's waits before and after them.
    run: list[str] = []
    for key in [*keys, None]:
        if key == "space" or (key is not None and len(key) == 1 and key.isprintable()):
            run.append(" " if key == "space" else key)
            continue
        if run:
            for char in run:
                event = events.Key("space" if char == " " else _character_to_key(char), char)
                event.set_sender(app)
                app._driver.send_message(event)
            await wait_for_idle(0)
            run = []
        if key is not None:
            await _PILOT_PRESS(app, [key])


_PILOT_PRESS = App._press_keys
App._press_keys = _press_keys

# Friday 20 November 2026, 10:00 in Mexico City: the moment every test starts at unless it sets another.
DEFAULT_NOW = datetime(2026, 11, 20, 10, tzinfo=MEXICO_CITY)

POSTGRES_ENV = "MOAD_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgres"]


def postgres_url() -> str | None:
    """The PostgreSQL URL for tests, or None when not configured."""
    return os.environ.get(POSTGRES_ENV) or None


def pytest_collection_modifyitems(items):
    """Tests under tests/slow, and the date sweep's Pilot runs, are `slow`: `make test-fast` leaves them out."""
    for item in items:
        path = str(item.path)
        if "/tests/slow/" in path or path.endswith("test_header_sweep.py"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def clock():
    """Stop the desk's clock for every test, so no test depends on the day it runs; a test moves it with freeze()."""
    freeze(DEFAULT_NOW)
    yield
    freeze(None)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a `moad` child process: the test's own, on the test's stopped clock."""
    return {**os.environ, "MOAD_AHORA": now_utc().isoformat(), **extra}


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A URL to an empty database: a SQLite file, or a fresh schema in the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'moad.sqlite3'}"
        return
    base = postgres_url()
    if base is None:
        pytest.skip(f"{POSTGRES_ENV} no está definida: se omite la prueba en PostgreSQL")
    from tests.pg_schema import temporary_schema

    with temporary_schema(base, "t") as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path):
    """A URL to an empty SQLite file, for tests about SQLite only."""
    return f"sqlite:///{tmp_path / 'moad.sqlite3'}"


def check_pending_index(engine) -> None:
    """Whatever a test did through the services, the escalation index equals a recomputation from scratch."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import DatabaseError

    from services.database import read_session
    from services.pending_store import drift

    try:
        if not inspect(engine).has_table("accionpendiente"):
            return  # the test left the database at an older schema (a migration test)
        with read_session(engine) as session:
            found = drift(session)
    except DatabaseError:
        return  # the test damaged the file on purpose
    assert not found, f"el índice de pendientes no coincide: {found[:4]}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """An empty SQLite database at the newest schema, made once per test process by the migrations themselves."""
    from services.database import open_database

    path = tmp_path_factory.mktemp("plantilla") / "moad.sqlite3"
    # Closing the only connection checkpoints the WAL into the file, so the file alone is the whole database.
    open_database(f"sqlite:///{path}").dispose()
    return path


def upgraded_sqlite(template: Path, path: Path) -> None:
    """A new database at path, copied from the template: a copy takes a millisecond, the 19 migrations 150 ms, and
    hundreds of tests start from an empty database."""
    shutil.copy(template, path)


@pytest.fixture
def engine(db_url, request):
    """An upgraded engine on the test database."""
    from services.database import open_database

    if db_url.startswith("sqlite:///"):
        upgraded_sqlite(request.getfixturevalue("sqlite_template"), Path(db_url.removeprefix("sqlite:///")))
    else:
        from tests.pg_schema import upgrade_from_template

        upgrade_from_template(db_url)
    engine = open_database(db_url)
    yield engine
    check_pending_index(engine)
    engine.dispose()


@dataclass
class Desk:
    """A unit with áreas, a buzón and one actor per role, ready for lifecycle tests."""

    engine: object
    unidad: object
    areas: list
    buzon: object
    oficial: Actor
    director: Actor
    supervisor: Actor
    admin: Actor


@pytest.fixture
def desk(engine) -> Desk:
    """A unit with two áreas, a buzón and users of every role on the test database."""
    return make_desk(engine)


@pytest.fixture
def app_factory(tmp_path, sqlite_template):
    """Build a MoadApp on a fresh SQLite file (optionally prepared by a callback on the engine)."""
    from services.database import open_database
    from tui.app import MoadApp
    from tui.context import DeskContext

    engines = []

    def make(prepare=None, idle_lock_seconds: float = 300) -> MoadApp:
        path = tmp_path / "desk.sqlite3"
        if not path.exists():
            # A second app of the same test opens the database the first one left.
            upgraded_sqlite(sqlite_template, path)
        engine = open_database(f"sqlite:///{path}")
        engines.append(engine)
        if prepare is not None:
            prepare(engine)
        return MoadApp(DeskContext(engine=engine, data_dir=tmp_path / "data"), idle_lock_seconds=idle_lock_seconds)

    yield make
    for engine in engines:
        check_pending_index(engine)
        engine.dispose()


@pytest.fixture
def snap_compare(snap_compare, monkeypatch):
    """The snapshot plugin's comparison with every text cursor held lit, so a capture never depends on when it blinked."""
    from textual.widgets import Input, TextArea

    # A loaded machine takes the picture at any moment of the 0.5 s blink cycle: lit in one run, dark in the next.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: setattr(self, "_cursor_visible", True))
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: setattr(self, "_cursor_visible", True))
    return snap_compare


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A small demo database made once per test module by `moad demo`, to be copied by demo_copy."""
    from tests.cli_runner import moad

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    made = moad("demo", "--peticiones", "30", db=f"sqlite:///{path}")
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    """A fresh copy of the module's demo database for one test: its path."""
    import shutil

    path = tmp_path / "moad.sqlite3"
    shutil.copy(demo_file, path)
    return path


def make_desk(engine) -> Desk:
    """Create the desk fixture's unit, áreas, buzón and users at the clock's current moment."""
    from services.auth import actor_for
    from services.catalogs.areas import add_area
    from services.catalogs.mailboxes import add_buzon
    from services.catalogs.units import create_unit
    from services.catalogs.users import add_user
    from services.database import write_session

    with write_session(engine) as session:
        unit = create_unit(session=session, actor=SYSTEM, clave="UMF-T1", nombre="Unidad de Prueba",
                           director_nombre="Dra. Prueba Directora", director_cargo="Directora", director_telefono="5550001111")
        areas = [
            add_area(session=session, actor=SYSTEM, unidad_id=unit.id, nombre=name, enlace_nombre=f"Enlace {name}",
                     superior_nombre=f"Jefe {name}", superior_cargo=f"Jefe de {name}")
            for name in ("Farmacia", "Consulta externa")
        ]
        buzon = add_buzon(session=session, actor=SYSTEM, unidad_id=unit.id, clave="B-01", ubicacion="Sala de espera")
        users = {
            rol: add_user(session=session, actor=SYSTEM, unidad_id=unit.id, usuario=rol.value, nombre=f"Usuario {rol.value}",
                          rol=rol, pin="246810", pin_hash="sin-hash-en-pruebas")
            for rol in (Rol.OFICIAL, Rol.DIRECTOR, Rol.SUPERVISOR, Rol.ADMINISTRADOR)
        }
    return Desk(engine, unit, areas, buzon, actor_for(users[Rol.OFICIAL]), actor_for(users[Rol.DIRECTOR]),
                actor_for(users[Rol.SUPERVISOR]), actor_for(users[Rol.ADMINISTRADOR]))


def mx(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware moment in Mexico City, for readable test data."""
    return datetime(year, month, day, hour, minute, tzinfo=MEXICO_CITY)


@pytest.fixture
def collector_on():
    """The cycle collector on during the test, and left as it was found."""
    # Textual pauses the collector while a scroll animates (App.PAUSE_GC_ON_SCROLL) and an app ended mid-scroll by an
    # earlier test of this worker can leave it off: start from on, and leave it as found.
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()
