"""SINAPP and SIDAC (L1, L15): folios recorded and audited, closing in SINAPP only once concluded, searchable, pending
in F4 until closed there, and `moad exportar sinapp` with personal data masked unless asked (and then logged)."""

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import select

from models import Evento, Peticion
from services import external_systems, pending_store
from services.database import read_session, write_session
from services.errors import InvalidInput, PermissionDenied
from services.external_systems import clean_folio
from services.inhabiles import load_calendar
from services.pending import pending_actions
from services.pending_view import overdue_count
from services.queue import QueueFilter, page
from tests.cli_runner import moad
from tests.conftest import mx
from tests.factories import register_full, tampering


@pytest.mark.parametrize(("typed", "stored"), [
    ("  sinapp-2026-000123 ", "SINAPP-2026-000123"), ("CDMX/UMF 12.345", "CDMX/UMF 12.345"), ("a  b", "A B"),
    ("", None), ("   ", None), (None, None), ("X" * 40, "X" * 40),
])
def test_a_folio_is_trimmed_and_upper_case(typed, stored):
    assert clean_folio(typed, "SINAPP") == stored


@pytest.mark.parametrize(("typed", "message"), [
    ("X" * 41, "El folio SINAPP admite hasta 40 caracteres; tiene 41."),
    ("123;DROP", "El folio SINAPP solo lleva letras, números, espacios y los signos - / _ ."),
    ("12\x1b[31m", "El folio SINAPP solo lleva letras, números, espacios y los signos - / _ ."),
])
def test_a_folio_that_cannot_be_one_is_refused(typed, message):
    with pytest.raises(InvalidInput) as refused:
        clean_folio(typed, "SINAPP")
    assert str(refused.value) == message


def _record(desk, folio, actor=None, **fields):
    values = {"sinapp_folio": None, "cerrada_en_sinapp": False, **fields}
    with write_session(desk.engine) as s:
        return external_systems.record(session=s, actor=actor or desk.oficial, folio=folio, **values)


def _conclude(desk, folio):
    with tampering(desk.engine) as c:
        c.execute(Peticion.__table__.update().where(Peticion.__table__.c.folio == folio).values(
            estado="concluida", concluida_en=mx(2026, 11, 18, 12), reloj=None, vence_en=None))
    # The raw UPDATE goes past the services, so the escalation list is recomputed as after any act on the petition.
    with write_session(desk.engine) as s:
        pending_store.refresh(s, [s.execute(select(Peticion.id).where(Peticion.folio == folio)).scalar_one()])


def _events(desk, folio):
    with read_session(desk.engine) as s:
        return s.execute(select(Evento.detalle).join(Peticion, Peticion.id == Evento.peticion_id)
                         .where(Peticion.folio == folio, Evento.accion == "sistemas_externos")
                         .order_by(Evento.id)).scalars().all()


def test_folios_and_closing_are_recorded_once_and_audited(desk):
    p = register_full(desk)
    _record(desk, p.folio, sinapp_folio=" sin-1 ")
    _record(desk, p.folio, sinapp_folio="SIN-1")
    _conclude(desk, p.folio)
    closed = _record(desk, p.folio, sinapp_folio="SIN-1", cerrada_en_sinapp=True)
    assert (closed.sinapp_folio, closed.sinapp_cerrada_en) == ("SIN-1", mx(2026, 11, 20, 10))
    assert [json.loads(d) for d in _events(desk, p.folio)] == [
        {"sinapp_folio": "SIN-1"}, {"sinapp_cerrada_en": "2026-11-20T16:00:00+00:00"}]


@pytest.mark.parametrize(("concluded", "fields", "message"), [
    (False, {"sinapp_folio": "S-1", "cerrada_en_sinapp": True}, "Solo una petición concluida aquí se cierra en el SINAPP"),
    (True, {"cerrada_en_sinapp": True}, "Para marcarla como cerrada en el SINAPP escriba su folio SINAPP."),
    (False, {"sidac_folio": "PR-7"}, "El folio SIDAC es solo de las peticiones recibidas de Presidencia"),
])
def test_what_cannot_be_recorded_is_refused(desk, concluded, fields, message):
    p = register_full(desk)
    if concluded:
        _conclude(desk, p.folio)
    with pytest.raises(InvalidInput, match=message):
        _record(desk, p.folio, **fields)
    assert _events(desk, p.folio) == []


def test_a_folio_of_another_petition_is_refused_and_a_supervisor_may_not_record(desk):
    first, second = register_full(desk), register_full(desk)
    _record(desk, first.folio, sinapp_folio="S-1")
    with pytest.raises(InvalidInput, match=f"El folio SINAPP S-1 ya está registrado en la petición {first.folio}."):
        _record(desk, second.folio, sinapp_folio="s-1")
    with pytest.raises(PermissionDenied):
        _record(desk, second.folio, actor=desk.supervisor, sinapp_folio="S-2")


def test_the_queue_finds_a_petition_by_its_sinapp_or_sidac_folio(desk):
    p = register_full(desk, canal="presidencia")
    register_full(desk)
    _record(desk, p.folio, sinapp_folio="SIN-77/2026", sidac_folio="SIDAC 4410")
    with read_session(desk.engine) as s:
        for text in ("sin-77", "SIDAC 4410", "4410"):
            found = page(s, unidad_id=desk.unidad.id, today=date(2026, 11, 20), filtro=QueueFilter(buscar=text))
            assert [item.folio for item in found.items] == [p.folio], text


def test_f4_and_the_header_list_concluded_petitions_not_closed_in_sinapp(desk):
    p = register_full(desk)
    _conclude(desk, p.folio)
    today = date(2026, 11, 20)
    with read_session(desk.engine) as s:
        calendar = load_calendar(s)
        actions = [a for a in pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=calendar)
                   if a.accion == "cerrar_sinapp"]
        overdue = overdue_count(s, unidad_id=desk.unidad.id, today=today, calendar=calendar)
    assert [(a.folio, a.vence_en, a.dias_vencido) for a in actions] == [(p.folio, date(2026, 11, 18), 2)]
    assert overdue >= 1
    _record(desk, p.folio, sinapp_folio="S-9", cerrada_en_sinapp=True)
    with read_session(desk.engine) as s:
        calendar = load_calendar(s)
        assert [a for a in pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=calendar)
                if a.accion == "cerrar_sinapp"] == []
        assert overdue_count(s, unidad_id=desk.unidad.id, today=today, calendar=calendar) == overdue - 1


def _signing_in(desk) -> None:
    """The desk fixture's users store no PIN hash: give the officer and the supervisor one to sign in with."""
    from services.actor import SYSTEM
    from services.catalogs.users import reset_pin

    with write_session(desk.engine) as s:
        for actor in (desk.oficial, desk.supervisor):
            reset_pin(session=s, actor=SYSTEM, user_id=actor.id, pin="246810")


def _revealed(desk) -> int:
    with read_session(desk.engine) as s:
        return len(s.execute(select(Evento.id).where(Evento.accion == "datos_revelados")).all())


def test_export_masks_personal_data_and_reads_in_csv_and_json(desk, db_url):
    p = register_full(desk, descripcion="Soy Ximena Prueba y no me surten la receta; llamen al 55 1234 5678.")
    register_full(desk, now=mx(2026, 11, 2, 9))
    _record(desk, p.folio, sinapp_folio="S-1")
    _signing_in(desk)
    result = moad("exportar", "sinapp", "--desde", "10/11/2026", "--hasta", "2026-11-20", "--csv", db=db_url,
                  user="oficial", pin="246810")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["folio"], r["recibida"], r["tipo"], r["canal"], r["estado"], r["sinapp_folio"]) for r in rows] == [
        (p.folio, "2026-11-13", "Inconformidad", "Módulo", "Registrada", "S-1")]
    assert (rows[0]["peticionario"], rows[0]["telefono"], rows[0]["correo"]) == (
        "X***** P***** G*******", "******5678", "x************@example.mx")
    assert "Ximena" not in result.stdout and "1234" not in result.stdout
    assert "1 peticiones recibidas del 10/11/2026 al 20/11/2026 en UMF-T1: 0 sin folio SINAPP" in result.stderr
    assert _revealed(desk) == 0
    as_json = moad("exportar", "sinapp", "--desde", "2026-11-01", "--hasta", "2026-11-30", "--json", "--con-datos",
                   db=db_url, user="oficial", pin="246810")
    assert as_json.returncode == 0, as_json.stderr
    lines = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert [line["peticionario"] for line in lines] == ["Ximena Prueba Generada"] * 2
    assert "la consulta quedó registrada" in as_json.stderr
    assert _revealed(desk) == 2


@pytest.mark.parametrize(("args", "message"), [
    (("--desde", "31/02/2026", "--hasta", "2026-11-30"), "«31/02/2026» no es una fecha válida"),
    (("--desde", "2026-11-30", "--hasta", "2026-11-01"), "La fecha «hasta» es anterior a «desde»."),
])
def test_export_bad_input_is_one_spanish_line_and_exit_2(desk, db_url, args, message):
    _signing_in(desk)
    result = moad("exportar", "sinapp", *args, db=db_url, user="oficial", pin="246810")
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) <= 2


def test_export_needs_a_desk_role(desk, db_url):
    _signing_in(desk)
    result = moad("exportar", "sinapp", "--desde", "2026-11-01", "--hasta", "2026-11-30", db=db_url,
                  user="supervisor", pin="246810")
    assert result.returncode == 2 and "requiere el rol" in result.stderr
