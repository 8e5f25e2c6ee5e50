"""The start-up's look at a SQLite file without SQLAlchemy agrees with the full check, and leaves the rest to it."""

import sqlite3
from pathlib import Path

import pytest

from services.database import open_database, read_session
from services.errors import InvalidInput
from services.schema_peek import needs_setup_if_current, sqlite_file
from services.settings import Settings
from services.setup import needs_setup
from tests.conftest import make_desk


def _full_check(url: str) -> bool:
    engine = open_database(url)
    try:
        with read_session(engine) as session:
            return needs_setup(session=session)
    finally:
        engine.dispose()


def test_agrees_with_needs_setup_before_and_after_set_up(sqlite_url):
    engine = open_database(sqlite_url)
    engine.dispose()
    assert needs_setup_if_current(sqlite_url) is True and _full_check(sqlite_url) is True
    engine = open_database(sqlite_url)
    make_desk(engine)
    engine.dispose()
    assert needs_setup_if_current(sqlite_url) is False and _full_check(sqlite_url) is False


def _desk_then(sqlite_url: str, *statements: str) -> None:
    """A set-up desk in the file, then statements run on it directly, as a hand at a shell would."""
    engine = open_database(sqlite_url)
    make_desk(engine)
    engine.dispose()
    raw = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    with raw:
        for statement in statements:
            raw.execute(statement)
    raw.close()


def test_a_unit_without_users_still_needs_set_up(sqlite_url):
    _desk_then(sqlite_url, "PRAGMA foreign_keys=OFF", "DELETE FROM usuario")
    assert needs_setup_if_current(sqlite_url) is True and _full_check(sqlite_url) is True


def test_an_older_schema_is_left_to_the_upgrade(sqlite_url):
    _desk_then(sqlite_url, "UPDATE alembic_version SET version_num = '0015'")
    assert needs_setup_if_current(sqlite_url) is None


def test_a_missing_or_foreign_file_is_left_to_the_full_open(tmp_path):
    missing = tmp_path / "nueva.sqlite3"
    assert needs_setup_if_current(f"sqlite:///{missing}") is None
    assert not missing.exists()
    garbage = tmp_path / "otra.sqlite3"
    garbage.write_bytes(b"esto no es una base de datos" * 100)
    assert needs_setup_if_current(f"sqlite:///{garbage}") is None
    empty = tmp_path / "vacia.sqlite3"
    sqlite3.connect(empty).close()
    assert needs_setup_if_current(f"sqlite:///{empty}") is None


@pytest.mark.parametrize("name, tail", [("moad.sqlite3", "moad.sqlite3?timeout=5"), ("a%20b.sqlite3", "a%20b.sqlite3"),
                                        ("~moad.sqlite3", "~moad.sqlite3")])
def test_a_url_with_options_or_escapes_is_left_to_sqlalchemy(name, tail, tmp_path):
    # The file exists under the literal name, so only the URL's form decides.
    sqlite3.connect(tmp_path / name).close()
    sqlite3.connect(tmp_path / "simple.sqlite3").close()
    assert sqlite_file(f"sqlite:///{tmp_path}/{tail}") is None
    assert sqlite_file(f"sqlite:///{tmp_path}/simple.sqlite3") == tmp_path / "simple.sqlite3"


def test_a_file_readable_by_others_is_tightened_before_sqlite_opens_it(sqlite_url):
    open_database(sqlite_url).dispose()
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    path.chmod(0o644)
    needs_setup_if_current(sqlite_url)
    assert path.stat().st_mode & 0o777 == 0o600


def test_settings_read_from_the_environment_in_any_letter_case(tmp_path):
    settings = Settings.from_environment({"MOAD_DATA_DIR": str(tmp_path), "moad_idle_lock_minutes": " 7 ",
                                          "MOAD_IMPRESORA": "Mostrador", "OTRA": "x"})
    assert (settings.data_dir, settings.idle_lock_minutes, settings.impresora) == (tmp_path, 7, "Mostrador")
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'moad.sqlite3'}"
    assert Settings.from_environment({"MOAD_DATA_DIR": str(tmp_path)}).retention_years == 5
    assert Settings.from_environment({"MOAD_DATABASE_URL": "sqlite:///x.db"}).resolved_database_url() == "sqlite:///x.db"


def test_a_setting_that_is_not_a_number_is_named_in_spanish():
    with pytest.raises(InvalidInput, match="MOAD_RETENTION_YEARS debe ser un número entero"):
        Settings.from_environment({"MOAD_RETENTION_YEARS": "cinco"})
