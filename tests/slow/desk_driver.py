"""A desk in its own process for the crash tests: signs in with Pilot and types or saves until it is killed."""

# python -m tests.slow.desk_driver typing TEXT | saving RUN, with MOAD_DATABASE_URL and MOAD_DATA_DIR set as for
# `moad`. Progress goes to stdout, one flushed line per step, so the test knows what the desk had done when killed.

import asyncio
import sys
import time

from textual.widgets import TextArea

KEY_PAUSE_SECONDS = 0.05


def say(*words) -> None:
    """One progress line with its monotonic time, flushed at once: the process may die right after."""
    print(f"{time.monotonic():.4f}", *words, flush=True)


async def settle(pilot) -> None:
    """Wait until every worker finished and the screen repainted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_intake(pilot) -> None:
    """Sign in as «oficial», open Nueva petición (F2) and put the cursor in the description."""
    await settle(pilot)
    await pilot.press(*"oficial", "enter", *"246810", "enter")
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    await pilot.press(*["shift+tab"] * 5)
    focused = pilot.app.focused
    if type(pilot.app.screen).__name__ != "IntakeScreen" or focused is None or focused.id != "descripcion":
        say("ERROR", type(pilot.app.screen).__name__, getattr(focused, "id", None))
        sys.exit(3)


async def typing(pilot, text: str) -> None:
    """Type the text key by key at an officer's pace, saying after each key how many were typed."""
    await open_intake(pilot)
    say("LISTO")
    for count, char in enumerate(text, 1):
        await pilot.press(char if char != " " else "space")
        say("TECLEADO", count)
        await asyncio.sleep(KEY_PAUSE_SECONDS)
    say("TERMINADO")
    await asyncio.sleep(60)


def announce_transactions() -> None:
    """Say when a petition's rows are written but not yet committed, and when it is committed."""
    import tui.screens.intake as intake

    original = intake.register

    def register(*, session, data, **kwargs):
        peticion = original(session=session, data=data, **kwargs)
        say("ESCRITO_SIN_CONFIRMAR", data["descripcion"].replace(" ", "_"))
        return peticion

    intake.register = register


async def saving(pilot, run: str) -> None:
    """Register petitions one after another with Ctrl+S, saying before each save and after its folio is shown."""
    announce_transactions()
    await open_intake(pilot)
    app = pilot.app
    say("LISTO")
    for number in range(1, 10_000):
        description = f"Sugerencia {run}-{number}"
        app.screen.query_one("#descripcion", TextArea).load_text(description)
        say("GUARDANDO", description.replace(" ", "_"))
        await pilot.press("ctrl+s")
        while type(app.screen).__name__ != "SavedDialog":
            await pilot.pause(0.005)
        folio = app.screen.folio
        say("GUARDADO", folio, description.replace(" ", "_"))
        await pilot.press("enter")
        await pilot.pause()


async def main(mode: str, argument: str) -> None:
    from tui.launch import build_app

    app = build_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await (typing if mode == "typing" else saving)(pilot, argument)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
