"""The desk empties the outbox by itself: a queued acuse reaches the local SMTP server and the officer is told."""

from sqlalchemy import select

from models import Correo, Peticion, Unidad, Usuario
from services import paperwork
from services.actor import SYSTEM
from services.auth import actor_for
from services.database import read_session, write_session
from services.intake import register
from services.mail.server import set_server
from tests.conftest import mx
from tests.factories import FULL, pilot_unit
from tests.mail_server import LocalSmtp
from tests.tui.conftest import settle, sign_in
from tui.mail_round import start_mail_round


def _acuse_queued(engine, port: int, data_dir, received) -> str:
    """The Pilot unit sending e-mail through the local server, and one petition whose acuse is queued; its folio."""
    pilot_unit(engine)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalar_one()
        set_server(session=s, actor=SYSTEM, unidad_id=unit.id, host="127.0.0.1", puerto=port, seguridad="ninguna",
                   remitente="moad.umf@example.mx")
        officer = actor_for(s.execute(select(Usuario)).scalar_one())
        p = register(session=s, actor=officer, unidad=unit, data=FULL, now=received)
        paperwork.acuse(session=s, actor=officer, folio=p.folio, data_dir=data_dir)
        return p.folio


async def test_the_outbox_is_emptied_in_the_background_and_the_officer_told(app_factory, tmp_path):
    with LocalSmtp() as smtp:
        def prepare(engine):
            _acuse_queued(engine, smtp.port, tmp_path / "data", mx(2026, 11, 20, 9, 30))

        app = app_factory(prepare)
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot)
            start_mail_round(app)
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert len(smtp.handler.received) == 1
            assert any(n.message == "Correo enviado a 1 peticionario(s)." for n in app._notifications)
            start_mail_round(app)
            await app.workers.wait_for_complete()
            assert len(smtp.handler.received) == 1
        with read_session(app.ctx.engine) as s:
            assert s.execute(select(Correo.estado)).scalar_one() == "enviado"


async def test_a_refused_message_is_listed_in_f4_and_sent_again_from_there(app_factory, tmp_path):
    from datetime import timedelta

    from services.calendar import freeze, now_utc
    from services.mail.sender import send_due

    with LocalSmtp() as smtp:
        folios = []

        def prepare(engine):
            folios.append(_acuse_queued(engine, smtp.port, tmp_path / "data", mx(2026, 11, 19, 9, 30)))
            smtp.handler.mode = "refuse"
            assert send_due(engine, tmp_path / "data").fallidos == 1

        app = app_factory(prepare)
        freeze(now_utc() + timedelta(days=1))
        smtp.handler.mode = "accept"
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot)
            await pilot.press("f4")
            await settle(pilot)
            listing = app.screen.query_one("#esc-list")
            text = "\n".join(str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count))
            assert "Correos al peticionario no enviados (L15) — 1" in text
            for _ in range(40):
                current = app.screen._current()
                if current is not None and current.accion == "correo_fallido":
                    break
                await pilot.press("down")
            help_line = str(app.screen.query_one("#esc-help").render())
            assert help_line.startswith("No se pudo enviar el acuse por correo: El servidor rechazó la dirección del "
                                        "peticionario: 550 5.1.1 <[correo]>: Recipient address rejected")
            assert "Enter reintenta el envío ahora" in help_line
            await pilot.press("enter")
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert len(smtp.handler.received) == 1
            assert f"Correo del folio {folios[0]} en cola" in str(app.screen.query_one("#esc-status").render())
        with read_session(app.ctx.engine) as s:
            assert s.execute(select(Correo.estado)).scalar_one() == "enviado"


async def test_the_director_signs_and_sends_the_answer_by_e_mail_from_the_expediente(app_factory):
    from services import answers
    from tests.tui.conftest import demo_with_petition

    with LocalSmtp() as smtp:
        def prepare(engine):
            demo_with_petition(engine, n=5, registered=mx(2026, 11, 20, 9, 30), routed=mx(2026, 11, 20, 9, 40))
            with write_session(engine) as s:
                unit = s.execute(select(Unidad)).scalars().first()
                set_server(session=s, actor=SYSTEM, unidad_id=unit.id, host="127.0.0.1", puerto=smtp.port,
                           seguridad="ninguna", remitente="moad.umf@example.mx")
                folio = s.execute(select(Peticion.folio).order_by(Peticion.id.desc())).scalars().first()
                answers.record_answer(session=s, actor=SYSTEM, folio=folio, texto="Se surtió su receta.",
                                      firmante_nombre="Enlace Farmacia", firmante_cargo="Jefa de Farmacia",
                                      firmante_telefono="5550002222", now=mx(2026, 11, 20, 9, 50))
                folios.append(folio)

        folios: list[str] = []
        app = app_factory(prepare)
        async with app.run_test(size=(120, 36)) as pilot:
            await sign_in(pilot, "director")
            app.open_expediente(folios[0])
            await settle(pilot)
            for key in ("f", "space", "tab", "space", "tab", "space", "tab", "space", "ctrl+s"):
                await pilot.press(key)
            await settle(pilot)
            offered = [option.id for option in app.screen.query_one("#exp-actions").options]
            assert "enviar_correo" in offered
            await pilot.press("y")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
            [message] = smtp.handler.received
            assert message["Subject"] == f"Respuesta a su petición {folios[0]}"
            [attachment] = list(message.iter_attachments())
            assert attachment.get_filename().startswith("respuesta")
        with read_session(app.ctx.engine) as s:
            assert s.execute(select(Peticion.estado).where(Peticion.folio == folios[0])).scalar_one() == "notificada"
