"""The header every desk screen shows: unit, officer, today's date, urgent and overdue counts."""

from datetime import date

from rich.text import Text
from textual import events
from textual.widgets import Static

from services.calendar import WEEKDAYS, today_local
from services.dates import day_text, weekday_day
from services.queue import header_counts
from tui.context import desk
from tui.work import call


def short_date(day: date) -> str:
    """«dom 22/11/2026», for narrow terminals."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day_text(day)}"


def counts_text(counts: tuple[int, int] | None) -> Text:
    """«▲ 2 urgentes  ⏰ 5 vencidas»: symbol and word, so the counts read without colour."""
    text = Text()
    if counts is not None:
        urgent, overdue = counts
        text.append(f"  ▲ {urgent:,} {'urgente' if urgent == 1 else 'urgentes'}",
                    style="bold reverse" if urgent else "")
        text.append(f"  ⏰ {overdue:,} {'vencida' if overdue == 1 else 'vencidas'}", style="bold" if overdue else "")
    return text


def context_variants(unit_code: str, unit_name: str, officer: str, day: date) -> list[Text]:
    """The left part of the header from fullest to shortest: a narrow terminal drops words, never the counts."""
    variants = []
    for title, unit, when, gap in (("MOAD Desk", f"{unit_code} {unit_name}".strip(), weekday_day(day), "  "),
                                   ("MOAD Desk", unit_code, weekday_day(day), "  "),
                                   ("MOAD Desk", unit_code, short_date(day), " "),
                                   ("", unit_code, short_date(day), " "),
                                   ("", unit_code, day_text(day), " ")):
        line = Text()
        line.append(title, style="bold")
        parts = [unit] if unit else []
        parts += [f"· {officer}"] if officer else []
        parts.append(f"· {when}")
        for part in parts:
            line.append(gap + part if line else part, style="" if line or title else "bold")
        variants.append(line)
    return variants


def header_line(width: int, unit_code: str, unit_name: str, officer: str, day: date,
                counts: tuple[int, int] | None) -> Text:
    """The fullest header that fits `width` cells with the counts and the date whole; a long officer's name is cut."""
    tail = counts_text(counts)
    for variant in context_variants(unit_code, unit_name, officer, day):
        if variant.cell_len + tail.cell_len <= width:
            return variant + tail
    room = width - tail.cell_len - (context_variants(unit_code, "", "", day)[-1].cell_len + 3)
    if officer and room >= 4:
        short_name = Text(officer)
        short_name.truncate(room, overflow="ellipsis")
        return context_variants(unit_code, "", short_name.plain, day)[-1] + tail
    shortest = context_variants(unit_code, "", "", day)[-1]
    shortest.truncate(max(width - tail.cell_len, 8), overflow="ellipsis")
    return shortest + tail


class DeskHeader(Static):
    """One line of context at the top; the counts refresh every minute and after each change."""

    DEFAULT_CSS = """
    DeskHeader { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.counts: tuple[int, int] | None = None
        self._render_line()
        self.refresh_counts()
        self.set_interval(60, self.refresh_counts)

    def on_resize(self, _event: events.Resize) -> None:
        self._render_line()

    def refresh_counts(self) -> None:
        """Ask the database for the urgent and overdue counts."""
        ctx = desk(self)
        if ctx.unidad is None:
            return
        call(self, header_counts, on_done=self._got_counts, group="header", exclusive=True,
             unidad_id=ctx.unidad_id, today=today_local())

    def _got_counts(self, counts: tuple[int, int]) -> None:
        self.counts = counts
        self._render_line()

    def _render_line(self) -> None:
        ctx = desk(self)
        width = self.content_size.width or self.app.size.width - 2
        line = header_line(width, ctx.unidad.clave if ctx.unidad else "", ctx.unidad.nombre if ctx.unidad else "",
                           ctx.actor.nombre if ctx.actor else "", today_local(), self.counts)
        line.no_wrap, line.overflow = True, "ellipsis"
        self.update(line)
