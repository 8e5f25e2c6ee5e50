"""The áreas and buzones screens offer: the unit's own, active ones by name unless inactive ones are asked for."""

from models import Area, Buzon
from services.actor import SYSTEM
from services.catalogs.areas import add_area, list_areas
from services.catalogs.mailboxes import add_buzon, list_buzones
from services.catalogs.units import create_unit
from services.database import read_session, write_session


def _other_unit_and_inactive(desk):
    with write_session(desk.engine) as session:
        other = create_unit(session=session, actor=SYSTEM, clave="UMF-T2", nombre="Otra unidad")
        add_area(session=session, actor=SYSTEM, unidad_id=other.id, nombre="Archivo de la otra")
        add_buzon(session=session, actor=SYSTEM, unidad_id=other.id, clave="B-99", ubicacion="Otra")
        add_area(session=session, actor=SYSTEM, unidad_id=desk.unidad.id, nombre="Admisión")
        closed = add_area(session=session, actor=SYSTEM, unidad_id=desk.unidad.id, nombre="Banco de sangre")
        closed.activa = False
        add_buzon(session=session, actor=SYSTEM, unidad_id=desk.unidad.id, clave="B-00", ubicacion="Pasillo")
        retired = add_buzon(session=session, actor=SYSTEM, unidad_id=desk.unidad.id, clave="B-02", ubicacion="Bodega")
        retired.activo = False


def test_active_areas_of_the_unit_by_name(desk):
    _other_unit_and_inactive(desk)
    with read_session(desk.engine) as session:
        names = [a.nombre for a in list_areas(session=session, unidad_id=desk.unidad.id)]
        every = [a.nombre for a in list_areas(session=session, unidad_id=desk.unidad.id, incluir_inactivas=True)]
        assert all(isinstance(a, Area) for a in list_areas(session=session, unidad_id=desk.unidad.id))
    assert names == ["Admisión", "Consulta externa", "Farmacia"]
    assert every == ["Admisión", "Banco de sangre", "Consulta externa", "Farmacia"]


def test_active_buzones_of_the_unit_by_clave(desk):
    _other_unit_and_inactive(desk)
    with read_session(desk.engine) as session:
        claves = [b.clave for b in list_buzones(session=session, unidad_id=desk.unidad.id)]
        every = [b.clave for b in list_buzones(session=session, unidad_id=desk.unidad.id, incluir_inactivos=True)]
        assert all(isinstance(b, Buzon) for b in list_buzones(session=session, unidad_id=desk.unidad.id))
    assert claves == ["B-00", "B-01"]
    assert every == ["B-00", "B-01", "B-02"]


def test_a_unit_without_catalogs_gets_empty_lists(desk):
    with write_session(desk.engine) as session:
        empty = create_unit(session=session, actor=SYSTEM, clave="UMF-T3", nombre="Unidad vacía")
    with read_session(desk.engine) as session:
        assert list_areas(session=session, unidad_id=empty.id) == []
        assert list_buzones(session=session, unidad_id=empty.id) == []
