"""Reportes: generate the monthly Anexo 1 (L17) with its charts, and mark it sent to the SAD."""


from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, ProgressBar, Static

from services.calendar import today_local
from services.dates import MONTHS_SHORT, month_year
from services.errors import InvalidInput
from services.pending import previous_month
from services.reports import mark_sent, parse_month, record_generated, render
from services.terms import MONTHLY_REPORT_BUSINESS_DAYS
from tui.context import desk
from tui.printing import folder_lines, print_document
from tui.widgets.desk_header import DeskHeader
from tui.work import call


class ReportsScreen(Screen):
    """Choose a month, generate the PDF and CSV in a worker, and see its trend and tipos in the terminal."""

    CSS_PATH = "reports.tcss"
    # Priority, because the month field has the focus and an Input takes Ctrl+E as "go to end".
    BINDINGS = [
        Binding("ctrl+g", "generate", "Generar", priority=True),
        Binding("ctrl+e", "mark_sent", "Marcar enviado", priority=True),
        Binding("ctrl+o", "print", "Imprimir", priority=True),
        Binding("escape", "app.pop_screen", "Volver"),
    ]
    AUTO_FOCUS = "#reports-month"
    _files: tuple[tuple[int, int], Text] | None = None
    """The month and file paths of the report generated in this visit."""

    def compose(self) -> ComposeResult:
        year, month = previous_month(today_local())
        yield DeskHeader()
        with VerticalScroll(id="reports-body"):
            yield Static("Informe mensual pormenorizado (Anexo 1, L17) — se envía a la SAD a más tardar el "
                         f"{MONTHLY_REPORT_BUSINESS_DAYS}.º día hábil del mes siguiente.",
                         classes="section-title")
            with Horizontal(id="reports-controls"):
                yield Label("Mes (mm/aaaa):")
                yield Input(f"{month:02d}/{year}", id="reports-month")
                yield Button("Generar (Ctrl+G)", id="reports-generate", variant="primary")
                yield Button("Marcar enviado (Ctrl+E)", id="reports-sent")
            yield ProgressBar(total=1.0, show_eta=False, id="reports-progress")
            yield Static("", id="reports-result")
            with Horizontal(id="reports-charts"):
                yield Vertical(id="reports-trend")
                yield Vertical(id="reports-tipos")
        yield Footer()

    def _month(self) -> tuple[int, int] | None:
        try:
            return parse_month(self.query_one("#reports-month", Input).value.strip())
        except InvalidInput as error:
            self._show(Text(str(error), style="bold red"))
            return None

    def _show(self, text: Text | str) -> None:
        self.query_one("#reports-result", Static).update(text)

    @on(Button.Pressed, "#reports-generate")
    @on(Input.Submitted, "#reports-month")
    def action_generate(self) -> None:
        """Render the month's PDF and CSV under the data directory."""
        chosen = self._month()
        if chosen is None:
            return
        year, month = chosen
        ctx = desk(self)
        folder = ctx.data_dir / "informes"
        stem = f"anexo1-{ctx.unit.clave}-{year}-{month:02d}"
        bar = self.query_one("#reports-progress", ProgressBar)
        bar.update(progress=0.05)
        self._show(f"Generando el informe de {month_year(year, month)}…")
        # Rendering only reads, so other desks keep writing meanwhile; recording it is a short write afterwards.
        call(self, render, on_done=self._rendered, on_error=self._failed, group="report", exclusive=True,
             actor=ctx.actor, unidad=ctx.unidad, year=year, month=month, pdf=folder / f"{stem}.pdf",
             csv=folder / f"{stem}.csv", progress=lambda share: self.app.call_from_thread(bar.update, progress=share))

    def _rendered(self, result: dict) -> None:
        data, ctx = result["data"], desk(self)
        call(self, record_generated, write=True, on_done=lambda _: self._generated(result), on_error=self._failed,
             group="report", actor=ctx.actor, unidad=ctx.unidad, year=data.year, month=data.month, pdf=result["pdf"],
             peticiones=result["peticiones"], ancla=(data.ancla_eventos, data.ancla_huella))

    def _failed(self, message: str) -> None:
        self.query_one("#reports-progress", ProgressBar).update(progress=0)
        self._show(Text(message, style="bold red"))

    def _generated(self, result: dict) -> None:
        self.query_one("#reports-progress", ProgressBar).update(progress=1.0)
        data = result["data"]
        text = Text()
        text.append(f"✓ Informe de {month_year(data.year, data.month)}: {result['peticiones']} peticiones.\n", style="bold")
        # The folder broken only after «/» and each file on its own line: no name is cut in two.
        folder = "\n         ".join(folder_lines(result["pdf"].parent, max(20, self.size.width - 14)))
        files = Text(f"Carpeta: {folder}\nPDF: {result['pdf'].name}\nCSV (Excel): {result['csv'].name}")
        self._files = ((data.year, data.month), files)
        text.append_text(files)
        text.append("\n")
        text.append("Revíselo, imprímalo (Ctrl+O), fírmelo y envíelo a la SAD; después márquelo como enviado (Ctrl+E).")
        self._show(text)
        self._charts(data)

    def _charts(self, data) -> None:
        from textual_plotext import PlotextPlot

        from tui.widgets.charts import draw_bars

        trend, tipos = PlotextPlot(), PlotextPlot()
        # Three-letter month names, one row each: every month is labelled even at 80 columns.
        months = [MONTHS_SHORT[int(label[5:7]) - 1] for label, _ in data.tendencia]
        draw_bars(trend.plt, months, [count for _, count in data.tendencia], "Peticiones por mes (12 meses)")
        totals: dict[str, int] = {}
        for (tipo, _), count in data.por_tipo_canal.items():
            totals[tipo] = totals.get(tipo, 0) + count
        draw_bars(tipos.plt, [tipo.split()[0] for tipo in totals], list(totals.values()), "Por tipo en el mes")
        for holder, plot in (("#reports-trend", trend), ("#reports-tipos", tipos)):
            container = self.query_one(holder, Vertical)
            container.remove_children()
            container.mount(plot)

    @on(Button.Pressed, "#reports-sent")
    def action_mark_sent(self) -> None:
        """Record that the month's report went to the SAD."""
        chosen = self._month()
        if chosen is None:
            return
        year, month = chosen
        ctx = desk(self)
        call(self, mark_sent, write=True, on_error=self._failed, on_done=lambda _: self._sent(year, month),
             actor=ctx.actor, unidad=ctx.unidad, year=year, month=month)

    def _sent(self, year: int, month: int) -> None:
        # The paths of a report generated in this visit stay on screen: the person still has to find the file.
        text = Text(f"✓ Informe de {month_year(year, month)} marcado como enviado a la SAD.", style="bold")
        if self._files is not None and self._files[0] == (year, month):
            text = Text.assemble(text, "\n", self._files[1])
        self._show(text)

    def action_print(self) -> None:
        """Send the month's Anexo 1, as last generated, to this desk's printer."""
        chosen = self._month()
        if chosen is None:
            return
        year, month = chosen
        ctx = desk(self)
        pdf = ctx.data_dir / "informes" / f"anexo1-{ctx.unit.clave}-{year}-{month:02d}.pdf"
        print_document(self, f"Informe de {month_year(year, month)}", pdf, report=(ctx.unidad_id, year, month))
