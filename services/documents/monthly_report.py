"""The monthly report (Anexo 1, L17): a cover, the sections of counts, compliance and urgent cases, and the detail."""

import calendar

from reportlab.platypus import Flowable, KeepTogether, Spacer

from services.dates import long_day, long_moment, month_year
from services.documents.model import MonthlyReportData
from services.documents.page import LANDSCAPE, PORTRAIT, build_pdf, content_width
from services.documents.report_counts import number
from services.documents.report_detail import detail_section
from services.documents.report_sections import sections
from services.documents.signatures import signature
from services.documents.styles import markup
from services.documents.tables import key_value_table
from services.documents.text import clean, escape
from services.terms import MONTHLY_REPORT_BUSINESS_DAYS

TITLE = "Informe mensual pormenorizado (Anexo 1)"


def render_monthly_report(data: MonthlyReportData) -> bytes:
    """The Anexo 1 of one unit and month as PDF bytes."""
    period = month_year(data.year, data.month)
    story = [*_cover(data), *sections(data), *detail_section(data.detalle), _signature(data)]
    return build_pdf(story, unit=data.unit, title=f"{TITLE} — {period}",
                     label=f"{TITLE}  ·  {clean(data.unit.clave)}  ·  {period}",
                     templates=(("portrait", PORTRAIT), ("landscape", LANDSCAPE)))


def _cover(data: MonthlyReportData) -> list[Flowable]:
    last_day = calendar.monthrange(data.year, data.month)[1]
    rows = [
        ("Unidad", f"{data.unit.nombre} (clave {data.unit.clave})"),
        ("Periodo", f"1 al {last_day} de {month_year(data.year, data.month)}"),
        ("Generado", long_moment(data.generado)),
        ("Entrega a la SAD", f"A más tardar el {long_day(data.entrega_limite)} "
                             f"({MONTHLY_REPORT_BUSINESS_DAYS}.º día hábil; lineamiento 17)"),
        ("Responsable", ", ".join(p for p in (data.unit.director_nombre, data.unit.director_cargo) if p.strip())),
    ]
    if data.ancla_huella:
        rows.append(("Ancla de la bitácora", anchor_text(data.ancla_eventos, data.ancla_huella)))
    return [
        markup(TITLE, "title"),
        markup(f"{escape(data.unit.nombre)}  ·  {escape(month_year(data.year, data.month))}", "subtitle"),
        key_value_table(rows, content_width(), label_width=110),
    ]


def _signature(data: MonthlyReportData) -> Flowable:
    # L17 makes the unit answer for the report: the director signs its last page before it goes to the SAD.
    unit = data.unit
    return KeepTogether([
        Spacer(1, 16),
        markup(f"{escape(unit.lugar)}, a {long_day(data.generado)}", "left"),
        Spacer(1, 8),
        signature("Firma", unit.director_nombre, (unit.director_cargo, "Responsable del informe (lineamiento 17)"),
                  width=300),
    ])


def anchor_text(eventos: int, huella: str) -> str:
    """The chain head as the cover prints it, with the command that checks it later."""
    grouped = " ".join(huella[i:i + 8] for i in range(0, len(huella), 8))
    return (f"{number(eventos)} eventos, huella {grouped}. Compruebe que la bitácora no se reescribió con "
            f"«moad auditoria verificar --ancla {eventos}:HUELLA».")
