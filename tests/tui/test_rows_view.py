"""The Bandeja's row view keeps the DataTable's keys and mouse, and draws only the rows on screen."""

from rich.text import Text
from textual.app import App, ComposeResult

from tui.widgets.rows_view import Column, RowsView

ROWS = 500
# 12 lines: the header plus 11 rows on screen.
HEIGHT = 12


class Rows(App):
    """A RowsView of ROWS numbered rows, recording what it reports."""

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []
        self.drawn: list[int] = []

    def compose(self) -> ComposeResult:
        yield RowsView(id="rows")

    def on_mount(self) -> None:
        view = self.query_one(RowsView)
        view.set_columns([Column("n", Text("Núm."), 8), Column("texto", Text("Texto"), 20)])
        view.add_rows([(f"k{n}", (Text(str(n)), Text(f"fila {n}"))) for n in range(ROWS)])
        view.focus()
        drawing = view._row

        def counted(row: int, cursor: bool, width: int):
            self.drawn.append(row)
            return drawing(row, cursor, width)

        view._row = counted

    def on_rows_view_selected(self, event: RowsView.Selected) -> None:
        self.selected.append(event.key)


async def test_keys_move_the_cursor_as_the_data_table_did():
    app = Rows()
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        view = app.query_one(RowsView)
        page = HEIGHT - 1
        await pilot.press("down", "down", "down", "up")
        assert view.cursor_row == 2
        await pilot.press("pagedown")
        assert view.cursor_row == 2 + page and view.scroll_y == page
        await pilot.press("pageup")
        assert view.cursor_row == 2 and view.scroll_y == 0
        await pilot.press("end")
        assert view.cursor_row == ROWS - 1 and view.scroll_y == ROWS + 1 - HEIGHT
        await pilot.press("home")
        assert view.cursor_row == 0 and view.scroll_y == 0
        await pilot.press("up", "pageup")
        assert view.cursor_row == 0
        await pilot.press("down", "enter")
        assert app.selected == ["k1"]


async def test_a_click_moves_the_cursor_and_a_second_click_opens_the_row():
    app = Rows()
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        view = app.query_one(RowsView)
        await pilot.click(RowsView, offset=(2, 4))
        assert view.cursor_row == 3 and app.selected == []
        await pilot.click(RowsView, offset=(2, 4))
        assert app.selected == ["k3"]
        await pilot.click(RowsView, offset=(2, 0))
        assert view.cursor_row == 3 and app.selected == ["k3"], "la cabecera no elige fila"


async def test_paging_draws_only_the_rows_that_come_on_screen():
    app = Rows()
    async with app.run_test(size=(40, HEIGHT)) as pilot:
        await pilot.pause()
        app.drawn.clear()
        await pilot.press("pagedown")
        await pilot.pause()
        # The view moved one screen of rows down: those rows are drawn, once each, and nothing off screen.
        on_screen = set(range(HEIGHT - 1, 2 * (HEIGHT - 1)))
        assert set(app.drawn) == on_screen and len(app.drawn) == len(on_screen)
