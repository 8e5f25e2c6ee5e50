"""Fixtures for driving the desk with Textual's Pilot on a real SQLite file."""

from datetime import datetime

from tests.conftest import DEFAULT_NOW


async def settle(pilot) -> None:
    """Wait until every worker finished and the screen stopped changing."""
    # A DataTable sizes its columns when idle, which a loaded machine may delay past one pause.
    shown = None
    from textual.worker import WorkerCancelled

    for _ in range(10):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            # An exclusive worker replaced by a newer one (Home reloads its summary on mount and on resume) is finished
            # too; the next turn of the loop waits for the newer one.
            continue
        await pilot.pause()
        now = pilot.app.export_screenshot()
        if now == shown:
            return
        shown = now


async def type_text(pilot, text: str) -> None:
    """Type text key by key, as an officer would."""
    await pilot.press(*(char if char != " " else "space" for char in text))


async def burst_into(pilot, selector: str, keys: list[str]) -> None:
    """Focus a field, then queue keys at once, as a busy screen or a remote terminal hands them over."""
    from textual import events

    pilot.app.screen.query_one(selector).focus()
    await settle(pilot)
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await settle(pilot)


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")




def demo_with_petition(engine, *, n: int, registered: datetime, routed: datetime | None = None, **data) -> None:
    """A demo unit of n petitions plus one registered (and optionally routed to área 3) at the given moments."""
    from sqlalchemy import select

    from models import Unidad
    from services.actor import SYSTEM
    from services.database import write_session
    from services.demo import populate
    from services.intake import register
    from services.routing import route
    from tests.factories import FULL

    populate(engine, n=n, today=DEFAULT_NOW.date())
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        peticion = register(session=s, actor=SYSTEM, unidad=unit, data={**FULL, **data}, now=registered)
        if routed is not None:
            route(session=s, actor=SYSTEM, folio=peticion.folio, area_id=3, now=routed)


async def sign_in(pilot, usuario: str = "oficial", pin: str = "246810") -> None:
    """Type user and PIN on the sign-in screen, as an officer does, and wait for the home screen to settle."""
    await settle(pilot)
    await type_text(pilot, usuario)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)


async def admin_tab(pilot, tab: str) -> None:
    """Sign in as admin, open Administración (F7) and show one of its tabs («tab-correo»)."""
    await sign_in(pilot, "admin")
    await pilot.press("f7")
    await settle(pilot)
    pilot.app.screen.query_one("#admin-tabs").active = tab
    await settle(pilot)
