"""The header every desk screen shows: unit, officer, today's date, urgent and overdue counts."""

from textual.widgets import Static

from services.calendar import today_local
from services.queue import header_counts
from tui.work import call

_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre")
_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def long_date(day) -> str:
    """«domingo 22 de noviembre de 2026»."""
    return f"{_DAYS[day.weekday()]} {day.day} de {_MONTHS[day.month - 1]} de {day.year}"


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

    def refresh_counts(self) -> None:
        """Ask the database for the urgent and overdue counts."""
        ctx = self.app.ctx
        if ctx.unidad is None:
            return
        call(self, header_counts, on_done=self._got_counts, group="header", exclusive=True,
             unidad_id=ctx.unidad_id, today=today_local())

    def _got_counts(self, counts: tuple[int, int]) -> None:
        self.counts = counts
        self._render_line()

    def _render_line(self) -> None:
        from rich.text import Text

        ctx = self.app.ctx
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("MOAD Desk", style="bold")
        if ctx.unidad is not None:
            line.append(f"  {ctx.unidad.clave} {ctx.unidad.nombre}")
        if ctx.actor is not None:
            line.append(f"  · {ctx.actor.nombre}")
        line.append(f"  · {long_date(today_local())}")
        if self.counts is not None:
            urgent, overdue = self.counts
            line.append(f"  ▲ {urgent} urgentes", style="bold reverse" if urgent else "")
            line.append(f"  ⏰ {overdue} vencidas", style="bold" if overdue else "")
        self.update(line)
