"""Search from the Bandeja and Ctrl+P: names without accents, «N resultados», Esc clears the box and stays, and the
palette offers only folios that exist («2982» finds 2026-002982), so it never opens an empty expediente."""

from textual.widgets import Input, Static

from tests.conftest import mx
from tests.tui.conftest import demo_with_petition, screen_text, settle, sign_in, type_text
from tui.widgets.palette import NO_MATCHES
from tui.widgets.rows_view import RowsView


def _prepare(engine):
    # José Hernández Ramírez, registered this morning, among demo petitions; his folio's number is printed as typed.
    demo_with_petition(engine, n=30, registered=mx(2026, 11, 20, 9), nombre="José", primer_apellido="Hernández",
                       segundo_apellido="Ramírez", telefono="55 8765 4321", curp="HERJ800101HDFRMS09")


def _rows(app) -> list[str]:
    table = app.screen.query_one("#queue-table", RowsView)
    return [table.get_row_at(index)[1].plain.strip() for index in range(table.row_count)]


def _count(app) -> str:
    return str(app.screen.query_one("#queue-count", Static).render())


async def _search(pilot, texto):
    await pilot.press("slash")
    box = pilot.app.screen.query_one("#queue-search", Input)
    box.value = ""
    await type_text(pilot, texto)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_queue_finds_people_counts_and_esc_clears(app_factory):
    app = app_factory(_prepare)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("f3")
        await settle(pilot)
        everything = _rows(app)
        await _search(pilot, "hernandez ramirez")
        found = _rows(app)
        assert found and found[0] == "CMF-DEMO-2026-000031", found
        assert f"{len(found)} resultado" in _count(app)
        assert "José" not in screen_text(app) and "Hernández" not in screen_text(app)
        await _search(pilot, "+52 55 8765 4321")
        assert _rows(app) == [found[0]] and "1 resultado" in _count(app)
        await _search(pilot, "xyzzyqq")
        assert _rows(app) == [] and "0 resultados" in _count(app)
        assert "Solo abiertas" in _count(app)
        # Esc in the box clears the search and goes back to the list, on the same screen.
        await pilot.press("slash")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "QueueScreen"
        assert app.screen.query_one("#queue-search", Input).value == ""
        assert app.focused is app.screen.query_one("#queue-table", RowsView)
        assert _rows(app) == everything and "resultado" not in _count(app)


async def test_the_palette_finds_a_folio_by_its_number(app_factory):
    app = app_factory(_prepare)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "31")
        await pilot.pause(0.5)
        await settle(pilot)
        assert "Ir al folio CMF-DEMO-2026-000031" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ExpedienteScreen"
        assert "CMF-DEMO-2026-000031" in str(app.screen.query_one("#exp-head", Static).render())


async def test_the_palette_offers_no_folio_that_does_not_exist(app_factory):
    app = app_factory(_prepare)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "2026-009999")
        await pilot.pause(0.8)
        await settle(pilot)
        shown = screen_text(app)
        assert "Ir al folio" not in shown and NO_MATCHES in shown
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ != "ExpedienteScreen"
