"""L3 at the desk: who is anonymous at registration, the contact action F4 lists, its attempts and its end."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from models import Evento
from services import personal_data
from services.actions import available_actions
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.expediente import load
from services.inhabiles import load_calendar
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.pending import pending_actions
from tests.conftest import mx
from tests.factories import FULL, register_full

NOBODY = dict.fromkeys(("nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo", "calle",
                        "numero_exterior", "colonia", "codigo_postal", "municipio", "entidad"), "")
TODAY = date(2026, 11, 20)


def _contact_rows(desk, today=TODAY):
    with read_session(desk.engine) as session:
        actions = pending_actions(session, unidad_id=desk.unidad.id, today=today, calendar=load_calendar(session))
    return [a for a in actions if a.accion == "contactar_datos"]


def _attempt(desk, folio, when=None, medio="telefono", resultado="No contestó"):
    with write_session(desk.engine) as session:
        return personal_data.log_contact_attempt(session=session, actor=desk.oficial, folio=folio, medio=medio,
                                                 resultado=resultado, intentado_en=when, now=mx(2026, 11, 20, 10))


def _offered(desk, folio):
    with read_session(desk.engine) as session:
        expediente = load(session=session, actor=desk.oficial, folio=folio)
    return available_actions(expediente, desk.oficial, revealed=False, today=TODAY)


def test_a_phone_without_a_name_is_incomplete_not_anonymous(desk):
    p = register_full(desk, **{**NOBODY, "telefono": "5512345678"})
    assert p.anonima is False and p.datos_incompletos is True
    with read_session(desk.engine) as session:
        detail = json.loads(session.execute(select(Evento.detalle).where(Evento.peticion_id == p.id)).scalar_one())
    assert detail["datos_faltantes"][:2] == ["nombre", "primer apellido"]


def test_ticked_anonymous_and_nothing_at_all_stay_anonymous(desk):
    ticked = register_full(desk, **{**NOBODY, "telefono": "5512345678"}, anonima=True, canal="buzon")
    nothing = register_full(desk, **NOBODY)
    assert (ticked.anonima, ticked.datos_incompletos) == (True, False)
    assert (nothing.anonima, nothing.datos_incompletos) == (True, False)
    assert _contact_rows(desk) == []


def test_an_inconformidad_about_an_unnamed_doctor_asks_for_the_servant(desk):
    p = register_full(desk, descripcion="La doctora del consultorio 3 no me quiso atender.")
    assert p.datos_incompletos is True
    [row] = _contact_rows(desk)
    assert row.folio == p.folio
    with write_session(desk.engine) as session:
        done = personal_data.update(session=session, actor=desk.oficial, folio=p.folio,
                                    changes={"servidor_publico": "Dra. Generada Tres, medicina familiar"})
        assert done.datos_incompletos is False and done.servidor_publico.startswith("Dra. Generada")
    assert _contact_rows(desk) == []


def test_the_contact_action_counts_attempts_and_stops_after_three(desk):
    p = register_full(desk, **{**NOBODY, "telefono": "5512345678"})
    [row] = _contact_rows(desk)
    assert (row.folio, row.vence_en, row.dias_vencido, row.detalle) == (p.folio, TODAY, 0, {"intentos": 0})
    assert not row.vencido(TODAY), "L3 sets no term: the action is never overdue"
    assert "(L3)" in row.descripcion
    assert _attempt(desk, p.folio, when=mx(2026, 11, 13, 12, 30)) == 1
    with read_session(desk.engine) as session:
        [event] = session.execute(select(Evento).where(Evento.accion == "intento_completar_datos")).scalars()
        detail = json.loads(event.detalle)
    assert detail["medio"] == "telefono" and detail["intento"] == 1
    assert detail["intentado_en"] == "2026-11-13T12:30:00-06:00"
    assert "No contestó" not in event.detalle, "the result is kept apart, with the personal data"
    assert _contact_rows(desk)[0].detalle == {"intentos": 1}
    assert "intento_contacto" in _offered(desk, p.folio)
    _attempt(desk, p.folio, medio="presencial")
    assert _attempt(desk, p.folio) == MAX_CONTACT_ATTEMPTS
    assert _contact_rows(desk) == []
    with pytest.raises(InvalidInput, match="Ya se registraron 3 intentos"):
        _attempt(desk, p.folio)
    with read_session(desk.engine) as session:
        expediente = load(session=session, actor=desk.oficial, folio=p.folio)
    assert expediente.intentos_contacto == 3 and not expediente.contacto_pendiente
    assert "intento_contacto" not in _offered(desk, p.folio) and "completar_datos" in _offered(desk, p.folio)


def test_completing_the_data_ends_the_contact_action(desk):
    p = register_full(desk, **{**NOBODY, "telefono": "5512345678"})
    _attempt(desk, p.folio)
    with write_session(desk.engine) as session:
        partly = personal_data.update(session=session, actor=desk.oficial, folio=p.folio,
                                      changes={"nombre": "Ximena", "primer_apellido": "Prueba"})
        assert partly.anonima is False and partly.datos_incompletos is True
    assert [a.folio for a in _contact_rows(desk)] == [p.folio], "still missing address and e-mail"
    rest = {name: FULL[name] for name in ("correo", "calle", "numero_exterior", "colonia", "codigo_postal",
                                          "municipio", "entidad")}
    with write_session(desk.engine) as session:
        assert personal_data.update(session=session, actor=desk.oficial, folio=p.folio,
                                    changes=rest).datos_incompletos is False
    assert _contact_rows(desk) == []
    with pytest.raises(InvalidInput, match="ya están completos"):
        _attempt(desk, p.folio)


def test_typed_data_make_a_petition_marked_anonymous_a_known_one(desk):
    p = register_full(desk, **NOBODY, anonima=True, canal="buzon")
    with write_session(desk.engine) as session:
        changed = personal_data.update(session=session, actor=desk.oficial, folio=p.folio,
                                       changes={"correo": "quien.escribe@example.mx"})
        assert (changed.anonima, changed.datos_incompletos) == (False, True)
    assert [a.folio for a in _contact_rows(desk)] == [p.folio]


def test_no_way_to_reach_them_means_nothing_to_list(desk):
    named = register_full(desk, **{**NOBODY, "nombre": "Ximena", "primer_apellido": "Prueba", "colonia": "Centro"})
    assert named.datos_incompletos is True
    assert _contact_rows(desk) == [], "a name and a colonia give no way to seek the petitioner"


@pytest.mark.parametrize(("when", "message"), [
    (mx(2026, 11, 21, 9), "posterior a este momento"),
    (mx(2026, 11, 12, 9), "anterior a la recepción"),
])
def test_the_attempt_moment_is_checked(desk, when, message):
    p = register_full(desk, **{**NOBODY, "telefono": "5512345678"})
    with pytest.raises(InvalidInput, match=message):
        _attempt(desk, p.folio, when=when)
    with pytest.raises(InvalidInput, match="medio"):
        _attempt(desk, p.folio, medio="paloma")
    assert _contact_rows(desk)[0].detalle == {"intentos": 0}


def test_upgrade_makes_old_nameless_petitions_with_contact_incomplete(desk):
    from sqlalchemy import text

    from services.database import current_revision, upgrade
    from services.schema_peek import HEAD_REVISION

    phone_only = register_full(desk, **{**NOBODY, "telefono": "5512345678"})
    sheet = register_full(desk, **NOBODY, canal="buzon")
    named = register_full(desk)
    from alembic import command
    from alembic.config import Config

    from services.database import _migrations

    config = Config()
    config.set_main_option("script_location", str(_migrations()))
    with desk.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014")
        # As the older reading stored a phone without a name: anonymous, nothing missing; schema before 0015.
        connection.execute(text("UPDATE peticion SET anonima = :yes, datos_incompletos = :no WHERE id = :id")
                           .bindparams(yes=True, no=False, id=phone_only.id))
    assert upgrade(desk.engine) == "0014" and current_revision(desk.engine) == HEAD_REVISION
    with read_session(desk.engine) as session:
        rows = dict(session.execute(text("SELECT id, anonima FROM peticion")).all())
        incomplete = dict(session.execute(text("SELECT id, datos_incompletos FROM peticion")).all())
    assert (bool(rows[phone_only.id]), bool(incomplete[phone_only.id])) == (False, True)
    assert (bool(rows[sheet.id]), bool(incomplete[sheet.id])) == (True, False)
    assert (bool(rows[named.id]), bool(incomplete[named.id])) == (False, False)
    assert [a.folio for a in _contact_rows(desk)] == [phone_only.folio]
