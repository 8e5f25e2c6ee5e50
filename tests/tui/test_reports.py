"""Reportes (F6) on demo data: a supervisor generates last month's Anexo 1 in a worker and marks it sent."""

from datetime import date

from pypdf import PdfReader
from sqlalchemy import select
from textual.widgets import ProgressBar, Static
from textual_plotext import PlotextPlot

from models import Evento, ReporteMensual, Usuario
from services.database import read_session
from services.demo import populate
from services.printing import choose_printer
from tests import printer_stub
from tests.tui.conftest import settle, sign_in
from tui.printing import home_short

TODAY = date(2026, 11, 20)


def _result(app) -> str:
    return str(app.screen.query_one("#reports-result", Static).render())


def _files_shown(text: str) -> tuple[str, list[str]]:
    """The folder as the result shows it (its lines joined back) and the lines naming the files."""
    folder, _, files = text.partition("Carpeta: ")[2].partition("\nPDF: ")
    return "".join(line.strip() for line in folder.splitlines()), ("PDF: " + files).splitlines()[:2]


async def test_supervisor_generates_last_month_prints_it_and_marks_it_sent(app_factory, tmp_path, monkeypatch):
    stub = printer_stub.install(tmp_path / "cups", monkeypatch)
    app = app_factory(lambda engine: populate(engine, n=400, today=TODAY))
    pdf = app.ctx.data_dir / "informes" / "anexo1-CMF-DEMO-2026-10.pdf"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, "supervisor")
        await pilot.press("f6")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportsScreen"
        assert app.screen.query_one("#reports-month").value == "10/2026"
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "El informe de octubre de 2026 aún no se ha generado" in _result(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        shown = _result(app)
        assert "✓ Informe de octubre de 2026:" in shown
        assert _files_shown(shown) == (home_short(pdf.parent), [f"PDF: {pdf.name}", f"CSV (Excel): {pdf.stem}.csv"])
        # Every line fits the screen: the folder is broken after a «/», never inside a name.
        width = app.screen.query_one("#reports-result", Static).content_region.width
        assert max(len(line) for line in shown.splitlines()) <= width
        assert app.screen.query_one("#reports-progress", ProgressBar).progress == 1.0
        assert len(app.screen.query(PlotextPlot)) == 2
        trend, tipos = (plot.render().plain for plot in app.screen.query(PlotextPlot))
        assert all(month in trend for month in ("nov", "dic", "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago",
                                                "sep", "oct"))
        assert all(tipo in tipos for tipo in ("Inconformidad", "Reconocimiento", "Sugerencia", "Solicitud", "Orientación"))
        assert "." not in trend + tipos
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "✓ Informe de octubre de 2026 marcado como enviado a la SAD." in _result(app)
        assert _files_shown(_result(app))[0] == home_short(pdf.parent)
        choose_printer(app.ctx.data_dir, "Escritorio")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await settle(pilot)
        assert stub.argv == ["-d", "Escritorio", "-t", pdf.stem, str(pdf.resolve())]
        assert "Se recibieron" in stub.text() and stub.received.read_bytes() == pdf.read_bytes()
        assert any("Informe de octubre de 2026 enviado a la impresora «Escritorio»" in n.message
                   for n in app._notifications)
    count = int(shown.split("2026: ")[1].split(" peticiones")[0])
    assert count > 30
    assert f"Se recibieron {count:,} peticiones en octubre de 2026" in " ".join(
        PdfReader(pdf).pages[0].extract_text().split())
    with read_session(app.ctx.engine) as s:
        supervisor = s.execute(select(Usuario.id).where(Usuario.usuario == "supervisor")).scalar_one()
        record = s.execute(select(ReporteMensual).where(ReporteMensual.anio == 2026, ReporteMensual.mes == 10)).scalar_one()
        printed = s.execute(select(Evento.usuario_id).where(Evento.accion == "documento_impreso")).scalars().all()
        events = s.execute(select(Evento.accion, Evento.usuario_id).where(Evento.accion.like("informe_mensual%"))
                           .order_by(Evento.id)).all()
    assert (record.anio, record.mes, record.archivo) == (2026, 10, str(pdf.resolve()))
    assert record.generado_en is not None and record.enviado_en is not None
    assert printed == [supervisor]
    assert [tuple(e) for e in events] == [("informe_mensual_generado", supervisor),
                                          ("informe_mensual_enviado", supervisor)]


def test_charts_label_every_bar_and_count_in_whole_numbers():
    from rich.text import Text
    from textual_plotext.plot import Plot

    from tui.widgets.charts import draw_bars

    tipos = ["Inconformidad", "Reconocimiento", "Sugerencia", "Solicitud", "Orientación"]
    plot = Plot()
    draw_bars(plot, tipos, [478, 12, 33, 7, 398], "Por tipo en el mes")
    plot.plotsize(36, 16)  # half of an 80-column terminal, the height the screen gives each chart
    plot.theme("clear")
    drawn = Text.from_ansi(plot.build()).plain
    assert all(tipo in drawn for tipo in tipos)
    ticks = drawn.splitlines()[-1].split()
    assert ticks == ["0", "200", "400", "600"] and "." not in drawn.replace("Por tipo", "")
