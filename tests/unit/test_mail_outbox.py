"""E-mail to petitioners on a real SMTP server on 127.0.0.1: the PDF arrives intact, a refusal or a hang-up keeps the
message pending and retried with back-off, a desk that dies mid-send loses nothing, two desks never both send it."""

import hashlib
import smtplib
import socket
import ssl
from datetime import timedelta

import pytest
from sqlalchemy import select

from models import Correo, Documento, Evento, Notificacion, Peticion
from models.enums import Estado
from services import answers, paperwork, routing
from services.database import read_session, write_session
from services.errors import InvalidInput, NotFound
from services.mail import outbox, petitioner, server
from services.mail.sender import Round, send_due
from tests.conftest import DEFAULT_NOW, mx
from tests.factories import ALL_CHECKED, register_full
from tests.mail_server import LocalSmtp

NOW = DEFAULT_NOW


@pytest.fixture
def smtp():
    with LocalSmtp() as running:
        yield running


def _configure(desk, port, tmp_path, **changes):
    fields = dict(host="127.0.0.1", puerto=port, seguridad="ninguna", remitente="moad.umf@example.mx")
    with write_session(desk.engine) as s:
        server.set_server(session=s, actor=desk.admin, unidad_id=desk.unidad.id, **{**fields, **changes})


def _acuse_queued(desk, data_dir, **changes) -> Peticion:
    p = register_full(desk, **changes)
    with write_session(desk.engine) as s:
        peticion = s.get_one(Peticion, p.id)
        documento = paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=data_dir)
        outbox.enqueue(session=s, actor=desk.oficial, peticion=peticion, documento=documento, clase=outbox.ACUSE,
                       now=NOW)
    return p


def _row(desk) -> Correo:
    with read_session(desk.engine) as s:
        return s.execute(select(Correo)).scalar_one()


def test_the_acuse_arrives_with_its_pdf_intact_and_a_spanish_subject(desk, smtp, tmp_path):
    _configure(desk, smtp.port, tmp_path)
    p = _acuse_queued(desk, tmp_path)
    assert send_due(desk.engine, tmp_path, now=NOW).enviados == 1
    [message] = smtp.handler.received
    assert message["Subject"] == f"Acuse de recibo de su petición {p.folio}"
    assert message["To"] == "ximena.prueba@example.mx"
    assert "Recibimos su petición con el folio" in message.get_body(("plain",)).get_content()
    [attachment] = list(message.iter_attachments())
    with read_session(desk.engine) as s:
        documento = s.execute(select(Documento).where(Documento.tipo == "acuse")).scalar_one()
        event = s.execute(select(Evento).where(Evento.accion == "correo_enviado")).scalar_one()
    assert hashlib.sha256(attachment.get_content()).hexdigest() == documento.sha256
    row = _row(desk)
    assert (row.estado, row.intentos, row.respuesta_servidor) == ("enviado", 1, "250 2.0.0 Ok: queued as Q0001")
    assert message["Message-ID"].strip() == row.message_id
    assert "ximena" not in str(event.detalle).lower()
    assert send_due(desk.engine, tmp_path, now=NOW + timedelta(hours=1)).enviados == 0
    assert len(smtp.handler.received) == 1


def test_a_refused_address_stays_pending_and_is_retried_with_back_off(desk, smtp, tmp_path):
    _configure(desk, smtp.port, tmp_path)
    _acuse_queued(desk, tmp_path)
    smtp.handler.mode = "refuse"
    assert send_due(desk.engine, tmp_path, now=NOW).fallidos == 1
    row = _row(desk)
    assert (row.estado, row.intentos, row.proximo_intento) == ("pendiente", 1, NOW + timedelta(minutes=1))
    assert row.ultimo_error.startswith("El servidor rechazó la dirección del peticionario: 550 5.1.1")
    assert "ximena" not in row.ultimo_error
    assert send_due(desk.engine, tmp_path, now=NOW + timedelta(seconds=59)) == Round(enviados=0, fallidos=0)
    assert _row(desk).intentos == 1
    smtp.handler.mode = "accept"
    assert send_due(desk.engine, tmp_path, now=NOW + timedelta(minutes=1)).enviados == 1
    assert _row(desk).estado == "enviado"


def test_a_hang_up_at_data_is_explained_and_after_the_last_retry_waits_for_a_person(desk, smtp, tmp_path):
    _configure(desk, smtp.port, tmp_path)
    _acuse_queued(desk, tmp_path)
    smtp.handler.mode = "drop"
    moment = NOW
    for wait in (*outbox.BACKOFF_MINUTES, None):
        assert send_due(desk.engine, tmp_path, now=moment).fallidos == 1
        if wait is not None:
            moment += timedelta(minutes=wait)
    row = _row(desk)
    assert (row.estado, row.intentos) == ("fallido", len(outbox.BACKOFF_MINUTES) + 1)
    assert row.ultimo_error == "El servidor de correo cerró la conexión antes de aceptar el mensaje."
    assert send_due(desk.engine, tmp_path, now=moment + timedelta(days=1)) == Round(enviados=0, fallidos=0)
    with read_session(desk.engine) as s:
        assert [c.id for c in outbox.failed(session=s, unidad_id=desk.unidad.id)] == [row.id]
    smtp.handler.mode = "accept"
    with write_session(desk.engine) as s:
        outbox.retry(session=s, actor=desk.oficial, correo_id=row.id, now=moment)
    assert send_due(desk.engine, tmp_path, now=moment).enviados == 1
    with read_session(desk.engine) as s:
        assert outbox.failed(session=s, unidad_id=desk.unidad.id) == []
        with pytest.raises(InvalidInput, match="ya fue enviado"):
            outbox.retry(session=s, actor=desk.oficial, correo_id=row.id, now=moment)


def test_a_desk_that_died_mid_send_leaves_a_claim_that_is_sent_later_with_the_same_message_id(desk, smtp, tmp_path):
    _configure(desk, smtp.port, tmp_path)
    _acuse_queued(desk, tmp_path)
    row = _row(desk)
    with write_session(desk.engine) as s:
        assert outbox.claim(session=s, correo_id=row.id, now=NOW)
    with write_session(desk.engine) as s:
        assert not outbox.claim(session=s, correo_id=row.id, now=NOW), "a second desk must not send it too"
    assert send_due(desk.engine, tmp_path, now=NOW + timedelta(minutes=9)).enviados == 0
    assert send_due(desk.engine, tmp_path, now=NOW + outbox.STALE_CLAIM).enviados == 1
    [message] = smtp.handler.received
    assert message["Message-ID"].strip() == row.message_id


def test_a_changed_pdf_is_not_sent(desk, smtp, tmp_path):
    _configure(desk, smtp.port, tmp_path)
    _acuse_queued(desk, tmp_path)
    with read_session(desk.engine) as s:
        documento = s.execute(select(Documento).where(Documento.tipo == "acuse")).scalar_one()
    with open(documento.ruta, "ab") as pdf:
        pdf.write(b"%% altered")
    assert send_due(desk.engine, tmp_path, now=NOW).fallidos == 1
    assert _row(desk).ultimo_error.startswith(f"El archivo {documento.nombre} no coincide")
    assert smtp.handler.received == []


def test_no_e_mail_no_message_and_no_server_is_said_in_spanish(desk, smtp, tmp_path):
    p = _acuse_queued(desk, tmp_path, correo="")
    with read_session(desk.engine) as s:
        assert s.execute(select(Correo)).first() is None
    _acuse_queued(desk, tmp_path)
    assert send_due(desk.engine, tmp_path, now=NOW).fallidos == 1
    assert _row(desk).ultimo_error == "No hay servidor de correo configurado para la unidad; configúrelo en Administración."
    with read_session(desk.engine) as s, pytest.raises(NotFound):
        server.get_server(s, desk.unidad.id)
    assert p.correo == ""


def _signed(desk, tmp_path, **changes) -> Peticion:
    p = register_full(desk, **changes)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        answers.record_answer(session=s, actor=desk.oficial, folio=p.folio, texto="Se surtió la receta.",
                              firmante_nombre="Enlace", firmante_cargo="Jefe", firmante_telefono="5550003333",
                              now=mx(2026, 11, 17, 9))
        answers.sign(session=s, actor=desk.director, folio=p.folio, checklist=ALL_CHECKED, now=mx(2026, 11, 17, 10),
                     data_dir=tmp_path)
    return p


def test_the_signed_answer_sent_is_a_notification_by_e_mail(desk, smtp, tmp_path):
    _configure(desk, smtp.port, tmp_path)
    p = _signed(desk, tmp_path)
    with write_session(desk.engine) as s:
        petitioner.send_answer(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 17, 10, 5))
    assert send_due(desk.engine, tmp_path, now=mx(2026, 11, 17, 10, 6)).enviados == 1
    [message] = smtp.handler.received
    assert message["Subject"] == f"Respuesta a su petición {p.folio}"
    with read_session(desk.engine) as s:
        attempt = s.execute(select(Notificacion)).scalar_one()
        state = s.get_one(Peticion, p.id).estado
        queued = s.execute(select(Evento).where(Evento.accion == "correo_en_cola")).scalar_one()
    assert (attempt.medio, attempt.resultado, state) == ("correo", "notificado", Estado.NOTIFICADA)
    assert attempt.usuario_id == desk.oficial.id == queued.usuario_id
    assert message["Message-ID"].strip() in attempt.detalle
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="ya se envió por correo"):
        petitioner.send_answer(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 17, 11))


def test_sending_the_answer_says_why_it_cannot(desk, smtp, tmp_path):
    without_email = _signed(desk, tmp_path, correo="")
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="no tiene correo electrónico"):
        petitioner.send_answer(session=s, actor=desk.oficial, folio=without_email.folio, now=mx(2026, 11, 17, 11))
    p = _signed(desk, tmp_path)
    with write_session(desk.engine) as s, pytest.raises(InvalidInput, match="No hay servidor de correo"):
        petitioner.send_answer(session=s, actor=desk.oficial, folio=p.folio, now=mx(2026, 11, 17, 11))


def test_the_acuse_is_queued_once_when_first_produced_and_only_where_the_unit_sends_e_mail(desk, smtp, tmp_path):
    before = _acuse_queued_by_paperwork(desk, tmp_path)
    _configure(desk, smtp.port, tmp_path)
    p = _acuse_queued_by_paperwork(desk, tmp_path)
    with write_session(desk.engine) as s:
        paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
    with read_session(desk.engine) as s:
        queued = [c.peticion_id for c in s.execute(select(Correo)).scalars()]
    assert queued == [p.id] and before.id != p.id


def _acuse_queued_by_paperwork(desk, data_dir) -> Peticion:
    p = register_full(desk)
    with write_session(desk.engine) as s:
        paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=data_dir)
    return p


def test_the_server_is_checked_and_its_password_lives_in_a_private_file(desk, tmp_path):
    with write_session(desk.engine) as s:
        for bad, message in ((dict(host=""), "Escriba el servidor"), (dict(puerto=0), "El puerto"),
                             (dict(seguridad="tls13"), "La seguridad"), (dict(remitente="no-es-correo"), "El remitente")):
            fields = dict(host="smtp.example.mx", puerto=587, seguridad="starttls", remitente="moad@example.mx")
            with pytest.raises(InvalidInput, match=message):
                server.set_server(session=s, actor=desk.admin, unidad_id=desk.unidad.id, **{**fields, **bad})
        with pytest.raises(Exception, match="rol"):
            server.set_server(session=s, actor=desk.oficial, unidad_id=desk.unidad.id, host="smtp.example.mx",
                              puerto=587, seguridad="starttls", remitente="moad@example.mx")
    path = server.set_password(tmp_path, "s3creto-ñ")
    assert path.stat().st_mode & 0o777 == 0o600
    assert server.password(tmp_path) == "s3creto-ñ"


def test_a_message_not_sent_is_pending_in_f4_and_counted_overdue_from_the_next_day(desk, smtp, tmp_path):
    from services.inhabiles import load_calendar
    from services.pending import pending_actions
    from services.pending_view import overdue_count

    _configure(desk, smtp.port, tmp_path)
    p = _acuse_queued(desk, tmp_path)
    smtp.handler.mode = "refuse"
    send_due(desk.engine, tmp_path, now=NOW)
    today, monday = NOW.date(), NOW.date() + timedelta(days=3)
    with read_session(desk.engine) as s:
        calendar = load_calendar(s)
        [mail] = [a for a in pending_actions(s, unidad_id=desk.unidad.id, today=today, calendar=calendar)
                  if a.accion == "correo_fallido"]
        counted_today = overdue_count(s, unidad_id=desk.unidad.id, today=today, calendar=calendar)
        counted_monday = overdue_count(s, unidad_id=desk.unidad.id, today=monday, calendar=calendar)
        overdue_monday = [a for a in pending_actions(s, unidad_id=desk.unidad.id, today=monday, calendar=calendar)
                          if a.vencido(monday)]
    assert (mail.folio, mail.vence_en, mail.detalle["intentos"]) == (p.folio, today, 1)
    assert mail.descripcion.startswith("No se pudo enviar el acuse por correo: El servidor rechazó")
    assert counted_monday == len(overdue_monday) and counted_monday == counted_today + 1


@pytest.mark.parametrize(("error", "reason"), [
    (ConnectionRefusedError(111, "Connection refused"), "rechazó la conexión"),
    (socket.gaierror(-2, "Name or service not known"), "no se encontró ese nombre de servidor"),
    (TimeoutError("timed out"), "no respondió a tiempo"),
    (ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number"), "falló la conexión segura"),
    (OSError(101, "Network is unreachable"), "la red no permitió la conexión"),
    (smtplib.SMTPNotSupportedError("STARTTLS extension not supported by server."), "no admite en ese puerto"),
])
def test_network_failures_are_explained_in_spanish(error, reason):
    said = server.explain(error)
    assert said.startswith(("No se pudo hablar con el servidor de correo", "El servidor de correo")), said
    assert reason in said and not any(english in said for english in ("refused", "unreachable", "extension")), said
