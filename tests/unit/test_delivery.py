"""Telling the petitioner (L14) as written: attempts keep the 2-day clock, resguardo 10 business days after the
answer's emission (or at once without data), conclusion from resguardo with its proof, hand-over at any later time."""

from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from models import Evento, Notificacion, Peticion
from models.enums import Estado
from services import answers, delivery, paperwork, routing
from services.calendar import BusinessCalendar
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.inhabiles import load_calendar
from services.notification_plan import plan
from services.pending import pending_actions
from services.terms import Terms
from tests.conftest import mx
from tests.factories import ALL_CHECKED, register_full

NO_CONTACT = dict(telefono="", correo="", calle="", numero_exterior="", codigo_postal="")


def _petition(**fields) -> Peticion:
    data = dict(folio="UMF-T-2026-000001", unidad_id=1, tipo="inconformidad", canal="modulo", estado="firmada",
                telefono="5512345678", correo="x@example.mx", calle="Calle Falsa", codigo_postal="06000")
    return Peticion(**{**data, **fields})


@pytest.mark.parametrize("emitted, vence, desde", [
    # Friday 13/11: Monday 16/11 is Revolución; the tenth business day is the month's last, Monday 30/11.
    (mx(2026, 11, 13, 12), date(2026, 11, 30), date(2026, 12, 1)),
    # Signed on a Saturday: it counts from Monday 23/11.
    (mx(2026, 11, 21, 12), date(2026, 12, 7), date(2026, 12, 8)),
    # 25/12 is not counted; the tenth day is the year's last, and 1/1 is a holiday: resguardo from Monday 4/1.
    (mx(2026, 12, 16, 12), date(2026, 12, 31), date(2027, 1, 4)),
    # The tenth day falls on Friday 27/2; the resguardo may be recorded from Monday 2/3.
    (mx(2026, 2, 13, 12), date(2026, 2, 27), date(2026, 3, 2)),
])
def test_resguardo_counts_ten_business_days_from_the_emission(emitted, vence, desde):
    tried = [Notificacion(medio="telefono", resultado="no_localizado")]
    calendar, terms = BusinessCalendar(), Terms()
    before = plan(peticion=_petition(), attempts=tried, emitida_en=emitted, today=vence, calendar=calendar, terms=terms)
    assert (before.resguardo_vence, before.resguardo_desde) == (vence, desde)
    assert before.resguardo_negado == (f"El resguardo procede a partir del {desde:%d/%m/%Y}: 10 días hábiles después "
                                       "de la emisión de la respuesta sin localizar al peticionario (L14).")
    after = plan(peticion=_petition(), attempts=tried, emitida_en=emitted, today=desde, calendar=calendar, terms=terms)
    assert after.resguardo_negado is None


def test_a_declared_dia_inhabil_moves_the_resguardo_and_an_act_on_a_weekend_counts_on_monday():
    tried = [Notificacion(medio="correo", resultado="no_localizado")]
    calendar = BusinessCalendar.with_days([date(2026, 11, 25)])
    kept = plan(peticion=_petition(), attempts=tried, emitida_en=mx(2026, 11, 13, 12), today=date(2026, 12, 1),
                calendar=calendar, terms=Terms())
    assert (kept.resguardo_vence, kept.resguardo_desde) == (date(2026, 12, 1), date(2026, 12, 2))
    saturday = plan(peticion=_petition(), attempts=tried, emitida_en=mx(2026, 11, 13, 12), today=date(2026, 12, 5),
                    calendar=BusinessCalendar(), terms=Terms())
    assert saturday.resguardo_negado is None


@pytest.mark.parametrize("fields, attempts, summary", [
    ({}, [], "Aún sin intentos de notificación. Siguiente: teléfono, correo electrónico, correo postal al domicilio o "
             "visita al domicilio."),
    ({}, [("telefono", "no_localizado")],
     "Intentado: teléfono (no localizado). Siguiente: correo electrónico, correo postal al domicilio o visita al "
     "domicilio."),
    ({"correo": "", "calle": ""}, [("telefono", "no_localizado"), ("telefono", "no_localizado")],
     "Intentado: teléfono (no localizado, 2 intentos). Ya se intentaron todos los medios que permiten los datos del "
     "peticionario."),
    ({"telefono": "", "calle": ""}, [("correo", "datos_insuficientes")],
     "Intentado: correo electrónico (datos insuficientes). Ya se intentaron todos los medios"),
    (NO_CONTACT, [], "Sin teléfono, correo ni domicilio para localizar al peticionario: la respuesta puede ponerse en "
                     "resguardo desde ahora (L14)."),
    ({}, [("telefono", "no_localizado"), ("correo", "notificado")], ""),
])
def test_the_panel_says_what_was_tried_and_what_to_try_next(fields, attempts, summary):
    tried = [Notificacion(medio=medio, resultado=result) for medio, result in attempts]
    state = plan(peticion=_petition(**fields), attempts=tried, emitida_en=mx(2026, 11, 13, 12), today=date(2026, 11, 17),
                 calendar=BusinessCalendar(), terms=Terms())
    assert state.summary().startswith(summary) and (summary or not state.summary())
    if summary and not state.sin_datos:
        assert state.summary().endswith("Si no se le localiza, resguardo desde el 01/12/2026 (10 días hábiles después "
                                        "de la emisión de la respuesta, L14).")


def _signed(desk, **changes):
    """Answer received Monday 16/11 (a holiday, so it counts on 17/11) and signed Tuesday 17/11 at 10:00."""
    p = register_full(desk, **changes)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió la receta.",
                              firmante_nombre="Enlace", firmante_cargo="Jefe", firmante_telefono="5550003333",
                              now=mx(2026, 11, 17, 9))
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 17, 10))
    return p


def _get(desk, folio) -> Peticion:
    with read_session(desk.engine) as session:
        return session.execute(select(Peticion).where(Peticion.folio == folio)).scalar_one()


def _pending(desk, today, folio):
    with read_session(desk.engine) as session:
        return [(a.accion, a.vence_en) for a in pending_actions(session, unidad_id=desk.unidad.id, today=today,
                                                                 calendar=load_calendar(session)) if a.folio == folio]


def test_failed_attempts_keep_the_two_day_clock_and_record_when_they_happened(desk):
    p = _signed(desk)
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="no_localizado",
                        detalle="Sin respuesta", intentada_en=mx(2026, 11, 17, 17, 30), now=mx(2026, 11, 18, 9))
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="correo", resultado="no_localizado",
                        now=mx(2026, 11, 18, 9, 5))
    got = _get(desk, p.folio)
    assert (got.estado, got.reloj, got.reloj_dias, got.vence_en) == (Estado.FIRMADA, "notificacion", 2, date(2026, 11, 19))
    with read_session(desk.engine) as s:
        moments = s.execute(select(Notificacion.intentada_en).order_by(Notificacion.id)).scalars().all()
    assert moments == [mx(2026, 11, 17, 17, 30), mx(2026, 11, 18, 9, 5)]
    # F4: the notification is due, then overdue; the resguardo only once ten days after the emission have passed.
    assert _pending(desk, date(2026, 11, 19), p.folio) == [("notificar", date(2026, 11, 19))]
    assert _pending(desk, date(2026, 12, 1), p.folio) == [("notificar", date(2026, 11, 19))]
    assert _pending(desk, date(2026, 12, 2), p.folio) == [("resguardo", date(2026, 12, 1))]


@pytest.mark.parametrize("moment, now, message", [
    (mx(2026, 11, 18, 12), mx(2026, 11, 18, 9), "no puede ser posterior a este momento"),
    (mx(2026, 11, 17, 9, 30), mx(2026, 11, 18, 9), "no puede ser anterior a la firma de la respuesta (17/11/2026 10:00)"),
])
def test_an_attempt_in_the_future_or_before_the_signature_is_refused(desk, moment, now, message):
    p = _signed(desk)
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")), \
            write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="no_localizado",
                        intentada_en=moment, now=now)
    with read_session(desk.engine) as s:
        assert s.execute(select(Notificacion)).first() is None


def test_without_data_to_deliver_it_the_answer_goes_to_resguardo_at_once(desk):
    p = _signed(desk, **NO_CONTACT)
    assert _pending(desk, date(2026, 11, 17), p.folio) == [("resguardo", date(2026, 11, 19))]
    with write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 17, 11))
    got = _get(desk, p.folio)
    assert (got.estado, got.reloj) == (Estado.EN_RESGUARDO, None)
    with read_session(desk.engine) as s:
        detail = s.execute(select(Evento.detalle).where(Evento.accion == "resguardo")).scalar_one()
    assert "sin datos para la entrega" in detail


def test_concluding_from_resguardo_needs_the_attempts_and_a_constancia_made_after_them(desk, tmp_path):
    p = _signed(desk, **NO_CONTACT)

    def conclude():
        with write_session(desk.engine) as s:
            delivery.conclude(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 18, 12))

    def constancia():
        with write_session(desk.engine) as s:
            return paperwork.constancia(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)

    with write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 17, 11))
    with pytest.raises(InvalidInput) as refused:
        conclude()
    assert str(refused.value) == (
        "No se puede concluir desde el resguardo: falta registrar al menos un intento de notificación (con resultado "
        "«Datos insuficientes» si no hay datos para localizar al peticionario) y generar la constancia de "
        "notificación con los intentos y el resguardo (L14, L15).")
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="postal", resultado="datos_insuficientes",
                        now=mx(2026, 11, 17, 12))
    document = constancia()
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="datos_insuficientes",
                        now=mx(2026, 11, 18, 9))
    with pytest.raises(InvalidInput, match="falta generar la constancia de notificación con los intentos"):
        conclude()
    assert _get(desk, p.folio).estado == Estado.EN_RESGUARDO
    document = constancia()
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(document.ruta).pages)
    assert "se resguarda una copia de la respuesta" in text and "17 de noviembre de 2026, 11:00 h" in text
    conclude()
    assert _get(desk, p.folio).estado == Estado.CONCLUIDA


def test_a_hand_over_after_conclusion_is_recorded_without_reopening_and_has_its_constancia(desk, tmp_path):
    p = _signed(desk)
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="no_localizado",
                        now=mx(2026, 11, 18, 9))
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 2, 9))
        paperwork.constancia(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
        delivery.conclude(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 12, 2, 10))
    concluded = _get(desk, p.folio).concluida_en
    with write_session(desk.engine) as s:
        delivery.deliver(session=s, actor=desk.oficial, folio=p.folio, recibe_nombre="Ximena Prueba Generada",
                         identificacion_tipo="pasaporte", identificacion_numero="G12345678", satisfaccion=4,
                         now=mx(2026, 12, 14, 11, 20))
        document = paperwork.constancia(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
    got = _get(desk, p.folio)
    assert (got.estado, got.concluida_en, got.satisfaccion, got.reloj) == (Estado.CONCLUIDA, concluded, 4, None)
    with read_session(desk.engine) as s:
        last = s.execute(select(Evento.accion, Evento.estado_anterior, Evento.estado_nuevo)
                         .where(Evento.peticion_id == p.id, Evento.accion == "entregar")).one()
    assert tuple(last) == ("entregar", "concluida", "concluida")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(document.ruta).pages)
    for expected in ("CONSTANCIA DE NOTIFICACIÓN Y ENTREGA DE RESPUESTA", p.folio, "Ximena Prueba Generada",
                     "Pasaporte, núm. G12345678", "14 de diciembre de 2026, 11:20 h", "No localizado"):
        assert expected in text, expected


def test_a_hand_over_from_resguardo_notifies_and_an_orientation_has_nothing_to_hand_over(desk):
    p = _signed(desk, **NO_CONTACT)
    with write_session(desk.engine) as s:
        delivery.to_resguardo(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 17, 11))
        delivery.deliver(session=s, actor=desk.oficial, folio=p.folio, recibe_nombre="Ximena Prueba Generada",
                         identificacion_tipo="ine", identificacion_numero="IDMEX1", now=mx(2026, 11, 19, 9))
    assert _get(desk, p.folio).estado == Estado.NOTIFICADA
    orientation = register_full(desk, tipo="orientacion", descripcion="Pregunta por el horario.")
    with write_session(desk.engine) as s:
        delivery.conclude_orientation(session=s, actor=desk.oficial, folio=orientation.folio, nota="De 8 a 20 h.")
    with pytest.raises(InvalidInput, match=r"^No hay una respuesta firmada que entregar \(L13, L14\)\.$"), \
            write_session(desk.engine) as s:
        delivery.deliver(session=s, actor=desk.oficial, folio=orientation.folio, recibe_nombre="X",
                         identificacion_tipo="ine", identificacion_numero="1")
    assert _get(desk, orientation.folio).estado == Estado.CONCLUIDA


def test_an_attempt_typed_in_the_minute_of_the_signature_is_accepted(desk):
    """The dialog offers «now» to the minute; signed at 10:00:40, an attempt typed «10:00» is not before it."""
    from datetime import timedelta

    p = register_full(desk)
    signed_at = mx(2026, 11, 17, 10) + timedelta(seconds=40)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió la receta.",
                              firmante_nombre="Enlace", firmante_cargo="Jefe", firmante_telefono="5550003333",
                              now=mx(2026, 11, 17, 9))
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=signed_at)
    with write_session(desk.engine) as s:
        delivery.notify(session=s, actor=desk.oficial, folio=p.folio, medio="telefono", resultado="no_localizado",
                        intentada_en=mx(2026, 11, 17, 10), now=mx(2026, 11, 17, 10, 1))
    with read_session(desk.engine) as s:
        assert s.execute(select(Notificacion.intentada_en)).scalar_one() == mx(2026, 11, 17, 10)
