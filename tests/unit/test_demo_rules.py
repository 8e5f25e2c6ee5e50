"""The demo's histories replayed against the state machine and the rules (L12–L15): none broken, and each rule of the
replay able to find a history that breaks it."""

import shutil
from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import delete, exists, select
from sqlmodel import col

from models import Evento, Notificacion, Peticion, Respuesta, Usuario
from models.enums import Estado, ResultadoNotificacion, Rol, Tipo
from services.calendar import MEXICO_CITY, freeze, local_date, now_utc
from services.database import open_database, read_session, write_session
from services.demo import populate
from services.demo.replay import RULES, check_histories, counts
from tests.conftest import DEFAULT_NOW

SEEDS = (2026, 7)


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> dict[int, str]:
    """A few hundred demo petitions per seed, made once on the tests' stopped clock; each test works on a copy."""
    # Module fixtures start before the autouse clock of each test: stop the clock here too (that fixture lets it run
    # again after the test).
    freeze(DEFAULT_NOW)
    files = {}
    for seed in SEEDS:
        path = tmp_path_factory.mktemp(f"demo{seed}") / "demo.sqlite3"
        engine = open_database(f"sqlite:///{path}")
        populate(engine, n=300, today=local_date(now_utc()), seed=seed)
        engine.dispose()
        files[seed] = str(path)
    return files


@pytest.fixture
def demo(demo_files, tmp_path):
    """An engine on a fresh copy of the seed-2026 demo, for a test to break one history of."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_files[2026], path)
    engine = open_database(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("seed", SEEDS)
def test_demo_histories_break_no_rule(demo_files, seed):
    engine = open_database(f"sqlite:///{demo_files[seed]}")
    with read_session(engine) as session:
        found = check_histories(session)
        states = set(session.execute(select(col(Peticion.estado))).scalars())
        anonymous = session.execute(select(Peticion).where(col(Peticion.anonima))).scalars().first()
        tipos_answered = set(session.execute(
            select(col(Peticion.tipo)).join(Respuesta, col(Respuesta.peticion_id) == Peticion.id)).scalars())
    engine.dispose()
    assert counts(found) == {}, {rule: [v.detalle for v in found[rule][:3]] for rule in counts(found)}
    # Not clean by being empty: the demo walks the whole lifecycle, answers every tipo and has anonymous petitioners.
    assert {Estado.CONCLUIDA, Estado.EN_RESGUARDO, Estado.NOTIFICADA, Estado.CANALIZADA} <= states
    assert tipos_answered == set(Tipo)
    assert anonymous is not None


# Each row the demo writes with the event of the same step: (table, its moment, the step's event, how they pair).
_SAME_MOMENT = (
    ("canalizacion", "canalizada_en", "'canalizar'", "r.peticion_id = e.peticion_id"),
    ("recordatorio", "enviado_en", "r.tipo", "r.peticion_id = e.peticion_id"),
    ("respuesta", "recibida_en", "'respuesta'", "r.peticion_id = e.peticion_id"),
    ("notificacion", "intentada_en", "'notificar'", "r.peticion_id = e.peticion_id"),
    ("peticion", "concluida_en", "'concluir'", "r.id = e.peticion_id"),
)


@pytest.mark.parametrize("table, moment, accion, pair", _SAME_MOMENT, ids=[t for t, *_ in _SAME_MOMENT])
def test_a_step_and_its_event_share_one_moment(demo_files, table, moment, accion, pair):
    # The expediente shows both, as the desk writes both in one step: «canalizada 10:48» next to an event at 13:43
    # would read as two acts.
    engine = open_database(f"sqlite:///{demo_files[2026]}")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT count(*), sum(EXISTS (SELECT 1 FROM evento e WHERE {pair} AND e.accion = {accion} "
            f"AND e.ocurrido_en = r.{moment})) FROM {table} r WHERE r.{moment} IS NOT NULL "
            + ("AND NOT EXISTS (SELECT 1 FROM evento o WHERE o.peticion_id = r.id AND o.accion = 'concluir_orientacion')"
               if table == "peticion" else "")).one()
    engine.dispose()
    assert rows[0] > 5 and rows[1] == rows[0], f"{rows[0] - rows[1]} de {rows[0]} sin su evento en el mismo momento"


def _first(session, statement):
    row = session.execute(statement.order_by(col(Peticion.id))).scalars().first()
    assert row is not None, "the demo has no petition of that kind to break"
    return row


def _events(session, peticion: Peticion, accion: str | None = None) -> list[Evento]:
    statement = select(Evento).where(col(Evento.peticion_id) == peticion.id)
    if accion:
        statement = statement.where(col(Evento.accion) == accion)
    return list(session.execute(statement.order_by(col(Evento.id))).scalars())


def _answered(tipo: Tipo):
    return select(Peticion).where(col(Peticion.tipo) == tipo, exists().where(col(Respuesta.peticion_id) == Peticion.id))


def _notified():
    """Concluded after the petitioner was told: registration to conclusion, every step on record."""
    return select(Peticion).where(col(Peticion.estado) == Estado.CONCLUIDA, exists().where(
        col(Notificacion.peticion_id) == Peticion.id, col(Notificacion.resultado) == ResultadoNotificacion.NOTIFICADO))


def _kept_not_located():
    return select(Peticion).where(col(Peticion.estado) == Estado.EN_RESGUARDO, exists().where(
        col(Notificacion.peticion_id) == Peticion.id))


def _answer(session, peticion: Peticion) -> Respuesta:
    return session.execute(select(Respuesta).where(col(Respuesta.peticion_id) == peticion.id)).scalars().one()


def _user(session, rol: Rol) -> Usuario:
    return session.execute(select(Usuario).where(col(Usuario.rol) == rol)).scalars().one()


def _no_registration(session) -> Peticion:
    peticion = _first(session, _notified())
    session.execute(delete(Evento).where(col(Evento.id) == _events(session, peticion, "registrar")[0].id))
    return peticion


def _out_of_order(session) -> Peticion:
    peticion = _first(session, _notified())
    signed = _events(session, peticion, "firmar")[0].ocurrido_en
    _events(session, peticion, "respuesta")[0].ocurrido_en = signed + timedelta(hours=1)
    return peticion


def _skipped_routing(session) -> Peticion:
    peticion = _first(session, _notified())
    session.execute(delete(Evento).where(col(Evento.id) == _events(session, peticion, "canalizar")[0].id))
    return peticion


def _stored_state_differs(session) -> Peticion:
    peticion = _first(session, _notified())
    peticion.estado = Estado.CANALIZADA.value
    return peticion


def _thanks_for_a_complaint(session) -> Peticion:
    peticion = _first(session, _answered(Tipo.INCONFORMIDAD))
    _answer(session, peticion).texto = "Se agradece su reconocimiento, que fue turnado al personal y a su jefe inmediato."
    return peticion


def _no_thanks_for_praise(session) -> Peticion:
    peticion = _first(session, _answered(Tipo.RECONOCIMIENTO))
    _answer(session, peticion).texto = "Se reprogramó la cita para la fecha más próxima disponible y se confirmó por teléfono."
    return peticion


def _suggestion_text_for_a_request(session) -> Peticion:
    peticion = _first(session, _answered(Tipo.SOLICITUD_SERVICIO))
    _answer(session, peticion).texto = ("Su sugerencia fue analizada por la dirección y se incluirá en el programa de "
                                        "mejora de la unidad.")
    return peticion


def _issuer_without_phone(session) -> Peticion:
    peticion = _first(session, _answered(Tipo.INCONFORMIDAD))
    _answer(session, peticion).firmante_telefono = ""
    return peticion


def _signed_by_the_officer(session) -> Peticion:
    peticion = _first(session, _notified())
    _events(session, peticion, "firmar")[0].usuario_id = _user(session, Rol.OFICIAL).id
    return peticion


def _answer_signer_cannot_sign(session) -> Peticion:
    peticion = _first(session, _notified())
    _answer(session, peticion).firmada_por = _user(session, Rol.SUPERVISOR).id
    return peticion


def _signature_without_its_event(session) -> Peticion:
    peticion = _first(session, _notified())
    answer = _answer(session, peticion)
    answer.firmada_en = answer.firmada_en - timedelta(minutes=1)
    return peticion


def _told_by_phone_without_phone(session) -> Peticion:
    peticion = _first(session, _notified())
    peticion.telefono = ""
    return peticion


def _anonymous_told(session) -> Peticion:
    peticion = _first(session, _notified())
    peticion.anonima = True
    return peticion


def _kept_before_the_term(session) -> Peticion:
    peticion = _first(session, _kept_not_located())
    tried = _events(session, peticion, "notificar")[-1]
    _events(session, peticion, "resguardo")[0].ocurrido_en = tried.ocurrido_en + timedelta(minutes=1)
    return peticion


def _concluded_without_proof(session) -> Peticion:
    peticion = _first(session, _notified())
    session.execute(delete(Notificacion).where(col(Notificacion.peticion_id) == peticion.id))
    return peticion


def _concluded_tomorrow(session) -> Peticion:
    peticion = _first(session, _notified())
    _events(session, peticion, "concluir")[0].ocurrido_en = now_utc() + timedelta(days=1)
    return peticion


def _routed_before_received(session) -> Peticion:
    peticion = _first(session, _notified())
    _events(session, peticion, "canalizar")[0].ocurrido_en = peticion.recibida_en - timedelta(hours=1)
    return peticion


BROKEN: dict[str, tuple[str, Callable]] = {
    "sin registro": ("registro", _no_registration),
    "respuesta después de la firma": ("orden", _out_of_order),
    "respuesta sin canalizar": ("paso", _skipped_routing),
    "estado guardado distinto": ("estado", _stored_state_differs),
    "agradecimiento a una inconformidad": ("agradecimiento", _thanks_for_a_complaint),
    "reconocimiento sin agradecer": ("agradecimiento", _no_thanks_for_praise),
    "texto de sugerencia a una solicitud": ("agradecimiento", _suggestion_text_for_a_request),
    "emisor sin teléfono": ("emisor", _issuer_without_phone),
    "firma el oficial": ("firma", _signed_by_the_officer),
    "respuesta firmada por supervisión": ("firma", _answer_signer_cannot_sign),
    "fecha de firma sin evento": ("firma", _signature_without_its_event),
    "teléfono sin teléfono": ("medio", _told_by_phone_without_phone),
    "anónima notificada": ("medio", _anonymous_told),
    "resguardo antes del plazo": ("resguardo", _kept_before_the_term),
    "concluida sin comprobante": ("conclusion", _concluded_without_proof),
    "concluida mañana": ("reloj", _concluded_tomorrow),
    "canalizada antes de recibirla": ("reloj", _routed_before_received),
}


def test_every_rule_has_a_broken_history():
    assert {rule for rule, _ in BROKEN.values()} == set(RULES)


@pytest.mark.parametrize("case", BROKEN)
def test_replay_finds_the_broken_rule(demo, case):
    rule, breaks = BROKEN[case]
    with write_session(demo) as session:
        folio = breaks(session).folio
    with read_session(demo) as session:
        found = check_histories(session)
    assert {v.folio for v in found[rule]} == {folio}, [v.detalle for v in found[rule]]
    assert all(v.detalle for v in found[rule])


@pytest.mark.parametrize("seed", SEEDS)
def test_the_desk_and_its_phone_receive_on_business_days_only(demo_files, seed):
    from services.inhabiles import load_calendar

    engine = open_database(f"sqlite:///{demo_files[seed]}")
    with read_session(engine) as session:
        calendar = load_calendar(session)
        received = session.execute(select(col(Peticion.canal), col(Peticion.recibida_en))).all()
    engine.dispose()
    closed = {canal for canal, moment in received if not calendar.is_business_day(local_date(moment))}
    assert not closed & {"modulo", "telefono"}, "nobody is at the desk or its phone on a closed day"
    assert closed, "online channels and the buzón still bring petitions dated on weekends"


def test_a_demo_made_on_a_sunday_records_no_act_on_it(tmp_path):
    from models import Canalizacion

    sunday = DEFAULT_NOW.date() + timedelta(days=(6 - DEFAULT_NOW.weekday()) % 7)
    assert sunday.weekday() == 6
    freeze(datetime.combine(sunday, time(19, 0), MEXICO_CITY))
    engine = open_database(f"sqlite:///{tmp_path / 'domingo.sqlite3'}")
    populate(engine, n=300, today=sunday, seed=11)
    with read_session(engine) as session:
        # The petitions' acts; the catalog's own events (áreas, users, buzones) are made now, whatever the day.
        acts = [*session.execute(select(col(Evento.ocurrido_en)).where(col(Evento.peticion_id).is_not(None),
                                                                       col(Evento.accion) != "registrar")).scalars(),
                *session.execute(select(col(Canalizacion.canalizada_en))).scalars()]
    engine.dispose()
    assert acts and not [moment for moment in acts if local_date(moment) == sunday], "the desk is closed on Sunday"
