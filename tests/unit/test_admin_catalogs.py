"""The administrator's catalog services: validation, roles, audit events and terms per tipo, on a real database."""

import json

import pytest
from sqlalchemy import select

from models import Area, Evento, Termino, Usuario
from models.enums import Reloj, Rol, Tipo
from services.auth import sign_in
from services.catalogs import areas, mailboxes, term_settings, units, users
from services.database import read_session, write_session
from services.errors import InvalidInput, PermissionDenied
from services.intake import register
from services.routing import route
from services.terms import load_terms
from tests.conftest import mx
from tests.factories import FULL


def _events(engine, accion):
    with read_session(engine) as s:
        return [json.loads(e.detalle) for e in s.execute(select(Evento).where(Evento.accion == accion)).scalars()]


def test_update_unit_records_the_fields_changed(desk):
    with write_session(desk.engine) as s:
        unit = units.update_unit(session=s, actor=desk.admin, unidad_id=desk.unidad.id,
                                 director_nombre="Dr. Nuevo Director", director_telefono="55 1234 5678",
                                 director_cargo="Directora")
    assert unit.director_nombre == "Dr. Nuevo Director" and unit.director_telefono == "5512345678"
    assert _events(desk.engine, "unidad_modificada") == [{"campos": ["nombre del director", "teléfono del director"]}]


def test_update_unit_refuses_a_bad_phone_and_other_roles(desk):
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="Teléfono del director: el teléfono debe tener "
                                                                            "10 dígitos"):
        units.update_unit(session=s, actor=desk.admin, unidad_id=desk.unidad.id, director_telefono="123")
    with write_session(desk.engine) as s, pytest.raises(PermissionDenied, match="administrador"):
        units.update_unit(session=s, actor=desk.oficial, unidad_id=desk.unidad.id, domicilio="Otra calle 1")


def test_add_and_update_area_validates_contact_data(desk):
    with write_session(desk.engine) as s:
        area = areas.add_area(session=s, actor=desk.admin, unidad_id=desk.unidad.id, nombre="Trabajo social",
                              enlace_nombre="Lic. Enlace", enlace_correo="Enlace@Ejemplo.MX", enlace_telefono="5511112222")
    assert area.enlace_correo == "Enlace@ejemplo.mx"
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="Correo del superior jerárquico: "
                                                                            "el correo electrónico no es válido"):
        areas.update_area(session=s, actor=desk.admin, area_id=area.id, superior_correo="no-es-correo")
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="Ya existe un área activa"):
        areas.add_area(session=s, actor=desk.admin, unidad_id=desk.unidad.id, nombre="farmacia")
    with write_session(desk.engine) as s:
        areas.update_area(session=s, actor=desk.admin, area_id=area.id, superior_nombre="Mtra. Jefa",
                          superior_cargo="Jefa de Trabajo Social", enlace_nombre="Lic. Enlace")
    assert _events(desk.engine, "area_modificada") == [
        {"area": "Trabajo social", "campos": ["nombre del superior jerárquico", "cargo del superior jerárquico"]}
    ]


def test_deactivated_area_reports_open_petitions_and_refuses_new_routing(desk):
    farmacia = desk.areas[0]
    with write_session(desk.engine) as s:
        p = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 16, 9))
        route(session=s, actor=desk.oficial, folio=p.folio, area_id=farmacia.id, now=mx(2026, 11, 16, 10))
        q = register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL, now=mx(2026, 11, 16, 9))
    with write_session(desk.engine) as s:
        assert areas.set_area_active(session=s, actor=desk.admin, area_id=farmacia.id, activa=False) == 1
    with write_session(desk.engine) as s:
        assert ([a.nombre for a in areas.list_areas(session=s, unidad_id=desk.unidad.id, incluir_inactivas=True)]
                == ["Consulta externa", "Farmacia"])
        assert not s.get(Area, farmacia.id).activa
    from services.errors import NotFound

    with write_session(desk.engine) as s, pytest.raises(NotFound):
        route(session=s, actor=desk.oficial, folio=q.folio, area_id=farmacia.id, now=mx(2026, 11, 16, 11))
    assert _events(desk.engine, "area_desactivada") == [{"area": "Farmacia", "peticiones_abiertas": 1}]


def test_buzon_add_refuses_duplicates_and_deactivation_is_audited(desk):
    with write_session(desk.engine) as s:
        b2 = mailboxes.add_buzon(session=s, actor=desk.admin, unidad_id=desk.unidad.id, clave="b-02", ubicacion="Farmacia")
    assert b2.clave == "B-02"
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="B-01"):
        mailboxes.add_buzon(session=s, actor=desk.admin, unidad_id=desk.unidad.id, clave="B-01", ubicacion="Otra")
    with write_session(desk.engine) as s:
        mailboxes.set_buzon_active(session=s, actor=desk.admin, buzon_id=desk.buzon.id, activo=False)
        assert ([(b.clave, b.activo)
                 for b in mailboxes.list_buzones(session=s, unidad_id=desk.unidad.id, incluir_inactivos=True)]
                == [("B-02", True), ("B-01", False)])
    assert _events(desk.engine, "buzon_desactivado") == [{"buzon": "B-01"}]


def test_users_add_sign_in_reset_pin_and_deactivate(desk):
    with write_session(desk.engine) as s:
        row = users.add_user(session=s, actor=desk.admin, unidad_id=desk.unidad.id, usuario=" Nueva.Oficial ",
                             nombre="Nueva Oficial", rol="oficial", pin="864213")
    assert row.usuario == "nueva.oficial"
    with write_session(desk.engine) as s:
        assert s.get(Usuario, row.id).pin_hash.startswith("$argon2")
        assert sign_in(session=s, usuario="nueva.oficial", pin="864213").id == row.id
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="Ya existe el usuario"):
        users.add_user(session=s, actor=desk.admin, unidad_id=desk.unidad.id, usuario="nueva.oficial",
                       nombre="Otra", rol="oficial", pin="111111")
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="PIN"):
        users.add_user(session=s, actor=desk.admin, unidad_id=desk.unidad.id, usuario="otra", nombre="Otra",
                       rol="oficial", pin="12")
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="rol"):
        users.add_user(session=s, actor=desk.admin, unidad_id=desk.unidad.id, usuario="otra", nombre="Otra",
                       rol="sistema", pin="1234")
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="de 6 a 12 dígitos"):
        users.reset_pin(session=s, actor=desk.admin, user_id=row.id, pin="9753")
    with write_session(desk.engine) as s:
        users.reset_pin(session=s, actor=desk.admin, user_id=row.id, pin="975311")
    with write_session(desk.engine) as s:
        assert sign_in(session=s, usuario="nueva.oficial", pin="975311").id == row.id
        users.set_user_active(session=s, actor=desk.admin, user_id=row.id, activo=False)
    with read_session(desk.engine) as s:
        rows = {u.usuario: u for u in users.list_users(s, actor=desk.admin, unidad_id=desk.unidad.id)}
    assert not rows["nueva.oficial"].activo and rows["oficial"].activo
    details = _events(desk.engine, "pin_restablecido") + _events(desk.engine, "usuario_creado")
    assert all("864213" not in json.dumps(d) and "975311" not in json.dumps(d) for d in details)
    assert _events(desk.engine, "usuario_desactivado") == [{"usuario": "nueva.oficial"}]


def test_a_locked_user_is_listed_until_when_and_the_admin_unlocks_them(desk):
    from datetime import timedelta

    from services.auth import MAX_FAILED
    from services.errors import PermissionDenied as Refused
    from services.transactions import run_write

    now = mx(2026, 11, 20, 10)
    with write_session(desk.engine) as s:
        row = users.add_user(session=s, actor=desk.admin, unidad_id=desk.unidad.id, usuario="ana", nombre="Ana",
                             rol="oficial", pin="864213")
    for attempt in range(2 * MAX_FAILED):
        with pytest.raises(Refused):
            run_write(desk.engine, sign_in, usuario="ana", pin="000000",
                      now=now + timedelta(minutes=16 if attempt >= MAX_FAILED else 0))
    with read_session(desk.engine) as s:
        listed = {u.usuario: u for u in users.list_users(s, actor=desk.admin, unidad_id=desk.unidad.id)}["ana"]
    assert listed.bloqueado_hasta == now + timedelta(minutes=16 + 30) and listed.intentos_fallidos == 2 * MAX_FAILED
    with write_session(desk.engine) as s, pytest.raises(PermissionDenied):
        users.unlock_user(session=s, actor=desk.oficial, user_id=row.id)
    with write_session(desk.engine) as s:
        unlocked = users.unlock_user(session=s, actor=desk.admin, user_id=row.id)
    assert unlocked.bloqueado_hasta is None and unlocked.intentos_fallidos == 0
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="no está bloqueado"):
        users.unlock_user(session=s, actor=desk.admin, user_id=row.id)
    assert _events(desk.engine, "usuario_desbloqueado") == [{"usuario": "ana"}]
    assert run_write(desk.engine, sign_in, usuario="ana", pin="864213", now=now).usuario == "ana"


def test_an_admin_cannot_deactivate_themselves_nor_the_last_admin(desk):
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="su propio usuario"):
        users.set_user_active(session=s, actor=desk.admin, user_id=desk.admin.id, activo=False)
    from services.actor import SYSTEM

    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="único administrador"):
        users.set_user_active(session=s, actor=SYSTEM, user_id=desk.admin.id, activo=False)
    with read_session(desk.engine) as s, pytest.raises(PermissionDenied):
        users.list_users(s, actor=desk.supervisor, unidad_id=desk.unidad.id)


def test_term_override_per_tipo_is_used_and_can_be_removed(desk):
    with write_session(desk.engine) as s:
        row = term_settings.set_term(session=s, actor=desk.admin, reloj=Reloj.SEGUIMIENTO, tipo=Tipo.SUGERENCIA, dias=5,
                                     confirmado=True)
    assert row.ajustes == {"sugerencia": 5} and row.por_omision == 3 and row.fuente.startswith("L5")
    with read_session(desk.engine) as s:
        terms = load_terms(s)
    assert terms.days("sugerencia", Reloj.SEGUIMIENTO) == 5 and terms.days("inconformidad", Reloj.SEGUIMIENTO) == 3
    with write_session(desk.engine) as s:
        term_settings.set_term(session=s, actor=desk.admin, reloj="seguimiento", tipo="", dias=4, confirmado=True)
        term_settings.set_term(session=s, actor=desk.admin, reloj="seguimiento", tipo="sugerencia", dias=None)
    with read_session(desk.engine) as s:
        assert [(t.tipo, t.dias) for t in s.execute(select(Termino)).scalars()] == [("", 4)]
        assert {t.reloj: t.ajustes for t in term_settings.list_terms(s)}["seguimiento"] == {"": 4}
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="1 a 60"):
        term_settings.set_term(session=s, actor=desk.admin, reloj="seguimiento", tipo="", dias=0)
    with write_session(desk.engine) as s, pytest.raises(PermissionDenied):
        term_settings.set_term(session=s, actor=desk.director, reloj="seguimiento", tipo="", dias=2)
    assert [e["despues"] for e in _events(desk.engine, "plazo_modificado")] == [5, 4, "sin ajuste"]


@pytest.mark.parametrize("reloj, dias, refusal", [
    (Reloj.SEGUIMIENTO, 5, "L5 fija 3 días hábiles; 5 excede la guía"),
    (Reloj.DECLINACION, 3, "L9 fija 2 días hábiles; 3 excede la guía"),
    (Reloj.RECORDATORIO_1, 5, "L6 fija 2 días hábiles; 5 excede la guía"),
    (Reloj.RECORDATORIO_2, 2, "L7 fija 24 horas, considerando días hábiles (1 día hábil); 2 excede la guía"),
    (Reloj.OFICIO_SUPERIOR, 4, "L8 fija 3 días hábiles; 4 excede la guía"),
    (Reloj.NOTIFICACION, 3, "L14 fija 2 días hábiles; 3 excede la guía"),
    (Reloj.RESGUARDO, 15, "L14 fija 10 días hábiles; 15 excede la guía"),
])
def test_a_term_beyond_the_guide_is_saved_only_when_confirmed_and_the_event_names_its_lineamiento(desk, reloj, dias,
                                                                                                  refusal):
    with write_session(desk.engine) as s, pytest.raises(term_settings.NeedsConfirmation) as refused:
        term_settings.set_term(session=s, actor=desk.admin, reloj=reloj, tipo="", dias=dias)
    assert str(refused.value) == f"{refusal}. Confirme para guardarlo."
    with read_session(desk.engine) as s:
        assert s.execute(select(Termino)).first() is None
    with write_session(desk.engine) as s:
        row = term_settings.set_term(session=s, actor=desk.admin, reloj=reloj, tipo="", dias=dias, confirmado=True)
    assert row.ajustes == {"": dias}
    [event] = _events(desk.engine, "plazo_modificado")
    assert (event["despues"], event["excede_la_guia"], event["confirmado"]) == (dias, refusal, True)


@pytest.mark.parametrize("reloj, dias", [
    (Reloj.SEGUIMIENTO, 3), (Reloj.SEGUIMIENTO, 1), (Reloj.RECORDATORIO_2, 1), (Reloj.RESGUARDO, 10),
    (Reloj.CANALIZACION, 5), (Reloj.ACUSE_BUZON, 10),  # terms the guide does not fix are the unit's own
])
def test_a_term_within_the_guide_or_one_it_does_not_fix_needs_no_confirmation(desk, reloj, dias):
    with write_session(desk.engine) as s:
        assert term_settings.set_term(session=s, actor=desk.admin, reloj=reloj, tipo="", dias=dias).ajustes == {"": dias}
    [event] = _events(desk.engine, "plazo_modificado")
    assert "excede_la_guia" not in event and "confirmado" not in event


def test_listing_gives_every_role_the_same_catalog_but_writes_need_the_admin(desk):
    with read_session(desk.engine) as s:
        assert len(areas.list_areas(session=s, unidad_id=desk.unidad.id, incluir_inactivas=True)) == 2
    for actor in (desk.oficial, desk.director, desk.supervisor):
        with write_session(desk.engine) as s, pytest.raises(PermissionDenied, match=Rol.ADMINISTRADOR.value):
            mailboxes.add_buzon(session=s, actor=actor, unidad_id=desk.unidad.id, clave="B-09", ubicacion="Pasillo")
