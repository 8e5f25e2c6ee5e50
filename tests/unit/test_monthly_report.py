"""The monthly report (Anexo 1) rendered from generated months and read back with pypdf, and its CSV detail."""

import csv
import random
from collections import Counter
from datetime import date, timedelta

import pytest

from services.documents.detail_csv import CSV_HEADER, write_detail_csv
from services.documents.model import AreaCompliance, DetailRow, MonthlyReportData, UrgentCase
from services.documents.monthly_report import render_monthly_report
from tests.pdf_samples import HOSTILE, LONG_TEXT, SENTENCE, UNIT, all_text, pages_text, utc

# --- monthly report ---------------------------------------------------------------------------------------------

TIPOS = ("Inconformidad", "Reconocimiento", "Sugerencia", "Solicitud de servicio", "Orientación")
CANALES = ("Módulo", "Buzón", "Teléfono (ISSSTE-Tel)", "Correo electrónico", "Presidencia (SIDAC)", "GOB.MX")
AREAS = ("Urgencias adultos", "Farmacia", "Consulta externa", "Trabajo social", "Archivo clínico")
ESTADOS = ("Canalizada", "Respondida", "Notificada", "Concluida", "En resguardo")


def detail_rows(count: int, seed: int = 3) -> list[DetailRow]:
    """Generated petitions; a few carry hostile text, a very long problem or characters outside WinAnsi."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        problem = rng.choice((SENTENCE, "No había medicamento en farmacia.", "Solicito copia de mi expediente."))
        if index == 1:
            problem = HOSTILE
        elif index == 2:
            problem = LONG_TEXT
        elif index == 3:
            problem = "Trato excelente 😀 del personal; ¡gracias!"
        rows.append(DetailRow(folio=f"CMF-PRUEBA-2026-{index:06d}",
                              recibida=date(2026, 11, 1) + timedelta(days=index % 30),
                              tipo=rng.choice(TIPOS), canal=rng.choice(CANALES), area=rng.choice(AREAS),
                              estado=rng.choice(ESTADOS), problema=problem,
                              respuesta=rng.choice(("Se surtió la receta al día siguiente.", "")),
                              solucion=rng.choice(("Se reforzó el abasto del almacén.", ""))))
    return rows


def report_data(rows: list[DetailRow]) -> MonthlyReportData:
    """A month whose aggregates are computed from the given rows, as the service does."""
    by_tipo_canal = Counter((r.tipo, r.canal) for r in rows)
    by_area = Counter(r.area for r in rows)
    by_estado = Counter(r.estado for r in rows)
    compliance = tuple(AreaCompliance(area=a, enlace=f"Enlace {a} Prueba", termino="Seguimiento del área (L5, 3 d.h.)",
                                      total=n, en_plazo=n * 3 // 4, promedio_dias=2.5, peor_dias=7)
                       for a, n in sorted(by_area.items()))
    urgent = (UrgentCase(folio="2026-0042-000005", categoria="Código infarto", recibida=utc(2026, 11, 5, 15),
                         alertado="Jefatura de urgencias", minutos_a_alerta=4),
              UrgentCase(folio="2026-0042-000009", categoria="urgencia médica", recibida=utc(2026, 11, 9, 15),
                         alertado=None, minutos_a_alerta=None),
              UrgentCase(folio="2026-0042-000011", categoria="Traslado de paciente grave",
                         recibida=utc(2026, 11, 11, 15), alertado="Dirección de la unidad", minutos_a_alerta=None))
    return MonthlyReportData(
        unit=UNIT, year=2026, month=11, generado=utc(2026, 12, 2, 17),
        por_tipo_canal=dict(by_tipo_canal), por_area=tuple(by_area.most_common()),
        por_estado=tuple(sorted(by_estado.items())), cumplimiento=compliance, urgentes=urgent,
        tendencia=tuple((f"{2025 + (m + 11) // 12}-{(m + 11) % 12 + 1:02d}", 500 + m * 10) for m in range(12)),
        detalle=rows, entrega_limite=date(2026, 12, 14), satisfaccion=((1, 2), (3, 10), (5, 30)),
    )


@pytest.fixture(scope="module")
def report():
    """A 600-petition month rendered once for the tests that read it."""
    rows = detail_rows(600)
    data = report_data(rows)
    pdf = render_monthly_report(data)
    return data, pdf, pages_text(pdf)


def _by(counts: dict[tuple[str, str], int], index: int) -> list[tuple[str, int]]:
    totals = Counter()
    for key, n in counts.items():
        totals[key[index]] += n
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def test_report_header_period_and_summary(report):
    _data, _, pages = report
    first = pages[0]
    assert "Informe mensual pormenorizado (Anexo 1)" in first
    assert "noviembre de 2026" in first and "1 al 30 de noviembre de 2026" in first
    assert "A más tardar el 14 de diciembre de 2026 (10.º día hábil; lineamiento 17)" in first
    assert UNIT.nombre in first and "DF-HR-0042" in first
    assert "Se recibieron 600 peticiones en noviembre de 2026" in first
    assert f"Hoja 1 de {len(pages)}" in first


def test_report_totals_equal_the_sums_of_the_input(report):
    data, _, pages = report
    text = " ".join(pages)
    tipos = _by(data.por_tipo_canal, 0)
    canales = [c for c, _ in _by(data.por_tipo_canal, 1)]
    column_totals = [sum(n for (t, c), n in data.por_tipo_canal.items() if c == canal) for canal in canales]
    grand = sum(data.por_tipo_canal.values())
    assert grand == 600
    assert "Total " + " ".join(f"{v:,}" for v in [*column_totals, grand]) in text
    for tipo, total in tipos:
        row = [data.por_tipo_canal.get((tipo, c), 0) for c in canales]
        assert f"{tipo} " + " ".join(f"{v:,}" for v in [*row, total]) in text
    for name, n in (*data.por_area, *data.por_estado):
        assert f"{name} {n:,} {100 * n / grand:.1f} %" in text
    in_term = sum(r.en_plazo for r in data.cumplimiento)
    assert f"{in_term:,} de 600 atendidas en plazo ({100 * in_term / 600:.1f} %)" in text


def test_report_lists_urgent_cases_and_flags_the_unalerted(report):
    _, _, pages = report
    text = " ".join(pages)
    assert "Se registraron 3 casos urgentes; se alertó al personal de la unidad en 2." in text
    assert "mediana 4 min" in text and "En 1 no se registró la hora de la alerta." in text
    assert "1 sin alerta registrada" in text
    assert "Código infarto" in text and "Jefatura de urgencias" in text and "Urgencia médica" in text


def test_report_detail_has_every_folio_and_repeats_its_header(report):
    data, _, pages = report
    text = " ".join(pages)
    for row in data.detalle:
        assert row.folio in text
    detail_pages = [p for p in pages if "Problemática" in p]
    assert all("Problemática" in p and "Solución" in p for p in detail_pages)
    assert len(detail_pages) > 10
    assert HOSTILE in text
    assert "¡Llevo cuatro horas esperando en urgencias con mi mamá" in text
    assert "…" in text
    assert "¡gracias!" in text


@pytest.mark.parametrize("rows", [0, 1, 600])
def test_report_ends_with_the_directors_signature_block(report, rows):
    pages = report[2] if rows == 600 else pages_text(render_monthly_report(report_data(detail_rows(rows))))
    last = pages[-1]
    for expected in ("Ciudad de México, a 2 de diciembre de 2026", "Firma", UNIT.director_nombre, UNIT.director_cargo,
                     "Responsable del informe (lineamiento 17)"):
        assert expected in last, expected
    assert all("Responsable del informe" not in page for page in pages[:-1])


def test_report_of_an_empty_month_renders():
    data = report_data([])
    text = all_text(render_monthly_report(data))
    assert "No se recibieron peticiones en noviembre de 2026" in text
    assert "Sin peticiones en el periodo." in text


def test_report_of_one_petition_speaks_in_singular():
    text = all_text(render_monthly_report(report_data(detail_rows(1))))
    assert "Se recibió 1 petición en noviembre de 2026" in text
    assert "Detalle de las peticiones del mes (1)" in text


def test_detail_csv_has_bom_and_round_trips(tmp_path):
    rows = detail_rows(50)
    rows[4] = DetailRow(folio="CMF-PRUEBA-2026-999999", recibida=date(2026, 11, 30), tipo="Inconformidad",
                        canal="Buzón", area="Farmacia", estado="Concluida",
                        problema='Dijo "no hay", luego; otra línea\ncon ñ, ¿¡',
                        respuesta="=HYPERLINK(\"http://ejemplo.invalid\")", solucion="")
    path = tmp_path / "detalle.csv"
    assert write_detail_csv(rows, path) == 50
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert tuple(read[0]) == CSV_HEADER and len(read) == 51
    assert read[5][:7] == ["CMF-PRUEBA-2026-999999", "2026-11-30", "Inconformidad", "Buzón", "Farmacia", "Concluida",
                           'Dijo "no hay", luego; otra línea\ncon ñ, ¿¡']
    assert read[5][7] == "'=HYPERLINK(\"http://ejemplo.invalid\")"  # a formula stays text in Excel
    assert read[1][0] == rows[0].folio and read[1][6] == rows[0].problema


def test_report_with_a_thousand_rows_keeps_every_page_numbered():
    pdf = render_monthly_report(report_data(detail_rows(1000, seed=11)))
    pages = pages_text(pdf)
    assert all(f"Hoja {i} de {len(pages)}" in page for i, page in enumerate(pages, start=1))
