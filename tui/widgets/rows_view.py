"""A table of one-line rows on Textual's Line API: it keeps the rows it is given and draws only those on screen."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


@dataclass(frozen=True)
class Column:
    """A column: its key, its header and how many cells wide it is drawn."""

    key: str
    label: Text
    width: int


class _RowMessage(Message):
    """A row of a RowsView, by position and key."""

    def __init__(self, view: "RowsView", row: int, key: str) -> None:
        super().__init__()
        self.view, self.row, self.key = view, row, key

    @property
    def control(self) -> "RowsView":
        return self.view


class RowsView(ScrollView, can_focus=True):
    """A row-cursor table drawn line by line, so paging costs the rows on screen, not the rows held."""

    BINDINGS = [
        Binding("up", "cursor_up", "Arriba", show=False),
        Binding("down", "cursor_down", "Abajo", show=False),
        Binding("pageup", "page_up", "RePág", show=False),
        Binding("pagedown", "page_down", "AvPág", show=False),
        Binding("home,ctrl+home", "first", "Inicio", show=False),
        Binding("end,ctrl+end", "last", "Fin", show=False),
        Binding("enter", "select", "Abrir", show=False),
    ]
    COMPONENT_CLASSES = {"rows-view--header", "rows-view--cursor", "rows-view--even-row", "rows-view--odd-row"}
    # The DataTable's look, so that the Bandeja did not change when it stopped being one.
    DEFAULT_CSS = """
    RowsView {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .rows-view--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .rows-view--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .rows-view--even-row {
            background: $surface-darken-1 40%;
        }
        & > .rows-view--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .rows-view--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .rows-view--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .rows-view--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(_RowMessage):
        """The cursor moved to a row."""

    class Selected(_RowMessage):
        """Enter (or a click on the cursor's row) chose a row."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._columns: tuple[Column, ...] = ()
        self._keys: list[str] = []
        self._cells: list[tuple[Text, ...]] = []
        self._index: dict[str, int] = {}
        # Drawn lines by (row, is cursor, width): moving the cursor redraws two rows, not the screen.
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(1024)

    @property
    def row_count(self) -> int:
        """How many rows the view holds."""
        return len(self._keys)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns, in order."""
        return self._columns

    def set_columns(self, columns: Iterable[Column]) -> None:
        """Set the columns (before any row is added)."""
        self._columns = tuple(columns)
        self._resized()

    def get_row_at(self, row: int) -> tuple[Text, ...]:
        """The cells of a row."""
        return self._cells[row]

    def key_at(self, row: int) -> str:
        """The key a row was added with."""
        return self._keys[row]

    def index_of(self, key: str) -> int | None:
        """Where the row of a key is, if the view holds it."""
        return self._index.get(key)

    def clear(self) -> None:
        """Drop every row and go back to the top."""
        self._keys, self._cells, self._index = [], [], {}
        self._strips.clear()
        self._resized()
        self.cursor_row = 0
        self.scroll_to(0, 0, animate=False, immediate=True)

    def add_rows(self, rows: Sequence[tuple[str, tuple[Text, ...]]]) -> None:
        """Append rows (key, cells) after the ones held; nothing is measured or drawn until it is on screen."""
        start = len(self._keys)
        for offset, (key, cells) in enumerate(rows):
            self._index[key] = start + offset
            self._keys.append(key)
            self._cells.append(cells)
        self._resized()
        if start == 0 and self._keys:
            self.move_cursor(self.cursor_row)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on a row (clamped to the rows held) and scroll it into view."""
        self.cursor_row = max(0, min(row, len(self._keys) - 1))

    def _resized(self) -> None:
        self.virtual_size = Size(sum(column.width for column in self._columns), len(self._keys) + 1)
        self.refresh()

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._keys) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if self._keys:
            self.post_message(self.Highlighted(self, new, self._keys[new]))

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        row, page = self.cursor_row, self._page()
        if row < self.scroll_y:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= self.scroll_y + page:
            self.scroll_to(y=row - page + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_page_down(self) -> None:
        # As the DataTable did: the view and the cursor both move one screen of rows.
        page = self._page()
        self.scroll_to(y=self.scroll_y + page, animate=False, immediate=True)
        self.move_cursor(self.cursor_row + page)

    def action_page_up(self) -> None:
        page = self._page()
        self.scroll_to(y=max(0, self.scroll_y - page), animate=False, immediate=True)
        self.move_cursor(self.cursor_row - page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._keys) - 1)

    def action_select(self) -> None:
        if self._keys:
            self.post_message(self.Selected(self, self.cursor_row, self._keys[self.cursor_row]))

    async def _on_click(self, event: events.Click) -> None:
        row = event.y - 1 + int(self.scroll_y)
        if event.y < 1 or row >= len(self._keys):
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.move_cursor(row)

    def _on_focus(self, event: events.Focus) -> None:
        self._restyled()

    def _on_blur(self, event: events.Blur) -> None:
        self._restyled()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyled()

    def _restyled(self) -> None:
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            line = self._header(width + scroll_x)
        else:
            row = y - 1 + scroll_y
            if row >= len(self._keys):
                return Strip.blank(width, self.rich_style)
            key = (row, row == self.cursor_row, width + scroll_x)
            cached = self._strips.get(key)
            if cached is None:
                cached = self._strips[key] = self._row(row, key[1], key[2])
            line = cached
        return line.crop(scroll_x, scroll_x + width)

    def _header(self, width: int) -> Strip:
        style = self.get_component_styles("rows-view--header").rich_style
        return self._draw([column.label for column in self._columns], style, Style(), width)

    def _row(self, row: int, cursor: bool, width: int) -> Strip:
        style = self.get_component_styles("rows-view--odd-row" if row % 2 else "rows-view--even-row").rich_style
        post = Style()
        if cursor:
            highlight = self.get_component_rich_style("rows-view--cursor")
            style += highlight
            # As in the DataTable: the cursor's text colour wins, a cell's own background (the urgent red) stays.
            post = Style.from_color(highlight.color)
        return self._draw(self._cells[row], style, post, width)

    def _draw(self, cells: Sequence[Text], style: Style, post: Style, width: int) -> Strip:
        console = self.app.console
        segments: list[Segment] = []
        for cell, column in zip(cells, self._columns, strict=False):
            text = cell.copy()
            text.no_wrap = True
            text.truncate(column.width, overflow="ellipsis", pad=True)
            segments.extend(Segment.apply_style(text.render(console, end=""), style, post or None))
        strip = Strip(segments, sum(column.width for column in self._columns))
        return strip.extend_cell_length(width, style).simplify()
