"""The desk empties the outbox by itself: a queued acuse reaches the local SMTP server and the officer is told."""

from sqlalchemy import select

from models import Correo, Unidad, Usuario
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


async def test_the_outbox_is_emptied_in_the_background_and_the_officer_told(app_factory, tmp_path):
    with LocalSmtp() as smtp:
        def prepare(engine):
            pilot_unit(engine)
            with write_session(engine) as s:
                unit = s.execute(select(Unidad)).scalar_one()
                set_server(session=s, actor=SYSTEM, unidad_id=unit.id, host="127.0.0.1", puerto=smtp.port,
                           seguridad="ninguna", remitente="moad.umf@example.mx")
                officer = actor_for(s.execute(select(Usuario)).scalar_one())
                p = register(session=s, actor=officer, unidad=unit, data=FULL, now=mx(2026, 11, 20, 9, 30))
                paperwork.acuse(session=s, actor=officer, folio=p.folio, data_dir=tmp_path / "data")

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
