"""On PostgreSQL the desks' role cannot rewrite the log and sees only its unit's rows; the owner is refused too."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.actor import SYSTEM
from services.audit_check import verify
from services.catalogs.units import create_unit
from services.database import make_engine, read_session, write_session
from services.intake import register
from services.privacy import reveal
from tests.conftest import mx
from tests.factories import FULL


@pytest.fixture
def two_units(desk):
    if desk.engine.dialect.name != "postgresql":
        pytest.skip("privilegios, disparadores y seguridad por filas son de PostgreSQL")
    with write_session(desk.engine) as s:
        other = create_unit(session=s, actor=SYSTEM, clave="UMF-T2", nombre="Otra unidad", director_nombre="",
                            director_cargo="", director_telefono="")
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 9))
        reveal(session=s, actor=desk.oficial, folio=p.folio, motivo="Llamar a la peticionaria")
        register(session=s, actor=SYSTEM, unidad=other, data=FULL, now=mx(2026, 11, 13, 9))
    return desk, other


def _as_desk(desk, unidad_id: int):
    """An engine that connects as the desk role of one unit, as a desk's URL would say it."""
    url = desk.engine.url.render_as_string(hide_password=False)
    return make_engine(url.replace("options=", f"options=-crole%3Dmoad_mesa%20-cmoad.unidad%3D{unidad_id}%20", 1))


def test_nobody_updates_or_deletes_events_not_even_the_owner(two_units):
    desk, _ = two_units
    for statement in ("UPDATE evento SET accion = 'otra'", "DELETE FROM evento"):
        with pytest.raises(DBAPIError, match="La bitácora no se modifica ni se borra"), desk.engine.begin() as c:
            c.execute(text(statement))
    with pytest.raises(DBAPIError, match="solo se pueden olvidar"), desk.engine.begin() as c:
        c.execute(text("DELETE FROM eventodato"))


def test_the_desk_role_writes_but_cannot_rewrite_and_sees_only_its_unit(two_units):
    desk, other = two_units
    engine = _as_desk(desk, desk.unidad.id)
    try:
        with engine.connect() as c:
            assert c.execute(text("SELECT current_user")).scalar_one() == "moad_mesa"
            units = set(c.execute(text("SELECT DISTINCT unidad_id FROM peticion")).scalars())
            event_units = set(c.execute(text("SELECT DISTINCT unidad_id FROM evento")).scalars())
        assert units == {desk.unidad.id} and other.id not in event_units
        with write_session(engine) as s:
            register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 13, 10))
        for statement in ("UPDATE evento SET accion = 'otra'", "DELETE FROM evento", "TRUNCATE evento",
                          "DELETE FROM eventodato",
                          f"INSERT INTO cadenaeventos (cadena, ultimo_id, ultimo_hash, eventos, sello) "
                          f"VALUES ({other.id + 100}, 0, '', 0, '')"):
            with pytest.raises(DBAPIError, match=r"permission denied|row-level security"), engine.begin() as c:
                c.execute(text(statement))
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM evento WHERE unidad_id = :u"), {"u": other.id}).scalar_one() == 0
        with read_session(engine) as s:
            assert verify(s)[1] == []
    finally:
        engine.dispose()
    with read_session(desk.engine) as s:
        assert verify(s)[1] == []


def test_a_desk_with_no_unit_set_sees_no_petitions(two_units):
    desk, _ = two_units
    url = desk.engine.url.render_as_string(hide_password=False)
    engine = make_engine(url.replace("options=", "options=-crole%3Dmoad_mesa%20", 1))
    try:
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM peticion")).scalar_one() == 0
    finally:
        engine.dispose()


def test_a_desk_sees_none_of_another_units_data_in_any_table(two_units):
    from services import routing
    from services.database import read_session as reading

    desk, other = two_units
    with write_session(desk.engine) as s:
        theirs = register(session=s, actor=SYSTEM, unidad=other, data=FULL, now=mx(2026, 11, 14, 9))
        from services.catalogs.areas import add_area

        area = add_area(session=s, actor=SYSTEM, unidad_id=other.id, nombre="Farmacia de la otra")
        routing.route(session=s, actor=SYSTEM, folio=theirs.folio, area_id=area.id, now=mx(2026, 11, 14, 10))
    engine = _as_desk(desk, desk.unidad.id)
    try:
        with reading(engine) as s:
            c = s.connection()
            seen_units = set(c.execute(text("SELECT id FROM unidad")).scalars())
            seen_areas = set(c.execute(text("SELECT unidad_id FROM area")).scalars())
            routed = c.execute(text("SELECT count(*) FROM canalizacion WHERE peticion_id = :p"),
                               {"p": theirs.id}).scalar_one()
        assert seen_units == {desk.unidad.id} and seen_areas == {desk.unidad.id} and routed == 0
    finally:
        engine.dispose()
    with reading(desk.engine) as s:
        assert s.connection().execute(text("SELECT count(*) FROM canalizacion WHERE peticion_id = :p"),
                                      {"p": theirs.id}).scalar_one() == 1


# Tables every unit shares by design: the schema's version, the calendar of días inhábiles and the terms' defaults.
SHARED_TABLES = {"alembic_version", "diainhabil", "termino"}


def test_every_table_a_unit_writes_has_row_level_security(two_units):
    desk, _other = two_units
    with read_session(desk.engine) as s:
        c = s.connection()
        open_tables = set(c.execute(text(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace "
            "AND NOT relrowsecurity")).scalars())
    assert open_tables <= SHARED_TABLES, f"tablas sin seguridad por filas: {sorted(open_tables - SHARED_TABLES)}"
