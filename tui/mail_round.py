"""The outbox emptied in the background every minute by every desk (the claim keeps two desks from sending one message)."""

import logging

from textual.app import App

from tui.context import desk
from tui.work import without_values

log = logging.getLogger("moad.tui")
MAIL_EVERY_SECONDS = 60


def start_mail_round(app: App) -> None:
    """Send what is due in a thread worker; a round still running makes this one wait for the next minute."""
    if any(worker.group == "correo" and worker.is_running for worker in app.workers):
        return
    app.run_worker(lambda: _round(app), thread=True, group="correo", exit_on_error=False)


def _round(app: App) -> None:
    from services.mail.sender import send_due

    ctx = desk(app)
    try:
        done = send_due(ctx.engine, ctx.data_dir)
    except Exception as error:  # noqa: BLE001 - a database hiccup waits for the next round, logged without values
        log.warning("envío de correo pospuesto\n%s", without_values(error))
        return
    if done.enviados and ctx.actor is not None:
        app.call_from_thread(app.notify, f"Correo enviado a {done.enviados} peticionario(s).", title="Correo")
