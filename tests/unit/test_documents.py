"""The printable documents: rendered from generated data and read back with pypdf (text, dates, totals, escaping)."""

import csv
import io
import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from services.documents.acuse import _qr, render_acuse
from services.documents.common import escape, fecha_larga, mes_anio, text_width, wrap_cell
from services.documents.constancia import render_constancia
from services.documents.model import (AcuseData, AreaCompliance, AreaInfo, ConstanciaData, Delivery, DetailRow,
                                      MonthlyReportData, NotificationAttempt, OficioData, UnitInfo, UrgentCase)
from services.documents.monthly_report import CSV_HEADER, render_monthly_report, write_detail_csv
from services.documents.oficios import render_oficio

HOSTILE = "<b>x</b> & [bold red]y[/]"
UNIT = UnitInfo(clave="DF-HR-0042", nombre="Hospital Regional de Prueba «Lic. Ejemplo Ñúñez»",
                domicilio="Av. Ficticia 123, Col. Inventada, C.P. 01030, Ciudad de México",
                director_nombre="Dra. Begoña Ibáñez Prueba", director_cargo="Directora del Hospital Regional",
                director_telefono="55 5000 0000 ext. 12345")
AREA = AreaInfo(nombre="Servicio de Urgencias Adultos", enlace_nombre="Lic. José Ángel Muñoz Ejemplo",
                enlace_correo="enlace@ejemplo.invalid", enlace_telefono="55 1111 2222",
                superior_nombre="Dr. Íñigo Peña Ficticio", superior_cargo="Subdirector Médico",
                superior_correo="superior@ejemplo.invalid")
PETITIONER = "María Fernanda Ñúñez Prueba"
SENTENCE = "¿Por qué nadie atiende? ¡Llevo cuatro horas esperando en urgencias con mi mamá, señora de 78 años! "
LONG_TEXT = (SENTENCE * 60)[:3900] + " Fin de la descripción: solicito atención inmediata."


def utc(*parts: int) -> datetime:
    """A UTC moment, as the database hands them over."""
    return datetime(*parts, tzinfo=timezone.utc)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed, so wrapped lines read as one."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    """The whole document's text with whitespace collapsed."""
    return " ".join(pages_text(pdf))


# --- common -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day, expected", [
    (date(2026, 1, 1), "1 de enero de 2026"),
    (date(2026, 12, 31), "31 de diciembre de 2026"),
    (date(2026, 11, 22), "22 de noviembre de 2026"),
    (date(2024, 2, 29), "29 de febrero de 2024"),
    (utc(2026, 1, 1, 3, 0), "31 de diciembre de 2025"),
])
def test_fecha_larga_writes_the_date_out_in_spanish(day, expected):
    assert fecha_larga(day) == expected


@pytest.mark.parametrize("month, expected", [(1, "enero de 2026"), (9, "septiembre de 2026"),
                                             (12, "diciembre de 2026")])
def test_mes_anio(month, expected):
    assert mes_anio(2026, month) == expected


@pytest.mark.parametrize("raw, expected", [
    (HOSTILE, "&lt;b&gt;x&lt;/b&gt; &amp; [bold red]y[/]"),
    ("línea 1\nlínea 2", "línea 1<br/>línea 2"),
    ("con\x00control\x1b", "concontrol"),
    (None, ""),
])
def test_escape_makes_user_text_safe_for_paragraph_markup(raw, expected):
    assert escape(raw) == expected


@pytest.mark.parametrize("text, max_lines", [
    (SENTENCE * 5, 3),
    ("x" * 400, 2),
    ("https://ejemplo.invalid/" + "a" * 300 + " fin", 4),
    ("corto", 1),
])
def test_wrap_cell_keeps_every_line_inside_the_column(text, max_lines):
    wrapped = wrap_cell(text, 100, size=7, max_lines=max_lines)
    lines = wrapped.split("\n")
    assert len(lines) <= max_lines
    assert all(text_width(line, "Helvetica", 7) <= 100 for line in lines)
    if len(text) > 200:
        assert wrapped.endswith("…")


# --- acuse ------------------------------------------------------------------------------------------------------

def acuse_data(**changes) -> AcuseData:
    """An acuse with generated data; keyword arguments replace fields."""
    base = dict(
        unit=UNIT, folio="2026-DFHR0042-000123", recibida=utc(2026, 11, 22, 16, 5), tipo="Inconformidad",
        canal="Módulo de orientación", resumen=f"{LONG_TEXT} {HOSTILE}", peticionario=PETITIONER,
        terminos=("El área competente dará seguimiento en un plazo no mayor a 3 días hábiles (L5).",
                  "Recibida la respuesta, se le notificará en un plazo no mayor a 2 días hábiles (L14)."),
        como_dar_seguimiento="Pregunte por su folio en el módulo, en persona o por teléfono.",
        aviso_privacidad="Aviso de privacidad simplificado: sus datos se usan solo para atender su petición.",
        urgente="Código infarto — se alertó a la Jefatura de Urgencias",
    )
    return AcuseData(**{**base, **changes})


def test_acuse_shows_folio_date_person_terms_and_the_whole_long_summary():
    pdf = render_acuse(acuse_data())
    pages = pages_text(pdf)
    text = " ".join(pages)
    assert text.count("2026-DFHR0042-000123") >= 2
    assert "22 de noviembre de 2026, 10:05 h" in text  # 16:05 UTC is 10:05 in Mexico City
    assert PETITIONER in text
    assert "Módulo de orientación" in text and "Inconformidad" in text
    assert "3 días hábiles (L5)" in text and "2 días hábiles (L14)" in text
    assert "¿Cómo dar seguimiento?" in text
    assert "ATENCIÓN PRIORITARIA" in text and "Código infarto" in text
    assert "INSTITUTO DE SEGURIDAD Y SERVICIOS SOCIALES DE LOS TRABAJADORES DEL ESTADO" in text
    assert "Unidad de Atención al Derechohabiente" in text and "DF-HR-0042" in text
    assert HOSTILE in text
    assert "Fin de la descripción: solicito atención inmediata." in text
    assert len(pages) >= 2 and f"Hoja {len(pages)} de {len(pages)}" in pages[-1]


def test_anonymous_acuse_says_anonimo_and_fits_one_page():
    pdf = render_acuse(acuse_data(peticionario=None, resumen="Pido informes sobre mi cita 😀", urgente=None))
    pages = pages_text(pdf)
    assert len(pages) == 1 and "Hoja 1 de 1" in pages[0]
    assert "Anónimo" in pages[0] and PETITIONER not in pages[0]
    assert "ATENCIÓN PRIORITARIA" not in pages[0]


def test_acuse_qr_carries_the_folio():
    drawing = _qr("2026-DFHR0042-000123")
    assert drawing.contents[0].value == "2026-DFHR0042-000123"


# --- oficios ----------------------------------------------------------------------------------------------------

PREVIOS = {
    "recordatorio_1": (),
    "recordatorio_2": (("Primer recordatorio", date(2026, 11, 27)),),
    "oficio_superior": (("Primer recordatorio", date(2026, 11, 27)), ("Segundo recordatorio", date(2026, 12, 1))),
}


def oficio_data(kind: str, **changes) -> OficioData:
    """An oficio of the given kind with generated data."""
    base = dict(unit=UNIT, area=AREA, kind=kind, numero="UAD/DF-HR-0042/2026/0007", fecha=date(2026, 12, 3),
                folio="2026-DFHR0042-000123", recibida=date(2026, 11, 22), canalizada=date(2026, 11, 23),
                previos=PREVIOS[kind], vence=date(2026, 12, 8), resumen=f"{LONG_TEXT} {HOSTILE}")
    return OficioData(**{**base, **changes})


@pytest.mark.parametrize("kind, addressee, absent, expected", [
    ("recordatorio_1", AREA.enlace_nombre, AREA.superior_nombre,
     ("Primer recordatorio", "lineamiento 5", "lineamiento 6", "2 días hábiles")),
    ("recordatorio_2", AREA.enlace_nombre, AREA.superior_nombre,
     ("Segundo recordatorio", "lineamiento 7", "24 horas, considerando días hábiles (1 día hábil)",
      "primer recordatorio de fecha 27 de noviembre de 2026")),
    ("oficio_superior", AREA.superior_nombre, None,
     ("incumplimiento", "lineamiento 8", "3 días hábiles", AREA.superior_cargo, "Primer recordatorio",
      "27 de noviembre de 2026", "Segundo recordatorio", "1 de diciembre de 2026",
      "c.c.p. Subdirección de Atención al Derechohabiente", AREA.enlace_nombre)),
])
def test_oficio_cites_its_lineamiento_and_term_and_fits_one_signed_page(kind, addressee, absent, expected):
    pages = pages_text(render_oficio(oficio_data(kind)))
    text = " ".join(pages)
    assert len(pages) == 1 and "Hoja 1 de 1" in text
    assert "UAD/DF-HR-0042/2026/0007" in text
    assert "Ciudad de México, a 3 de diciembre de 2026" in text
    assert "Asunto:" in text and "2026-DFHR0042-000123" in text
    assert "22 de noviembre de 2026" in text and "23 de noviembre de 2026" in text
    assert "a más tardar el 8 de diciembre de 2026" in text
    assert addressee in text and "P r e s e n t e" in text
    if absent:
        assert absent not in text
    for phrase in expected:
        assert phrase in text, phrase
    assert UNIT.director_nombre in text and UNIT.director_cargo in text and UNIT.director_telefono in text
    assert "…" in text  # the long summary is cut to an extract
    assert "&lt;" not in text and "&amp;" not in text


def test_unknown_oficio_kind_is_refused():
    with pytest.raises(ValueError):
        render_oficio(replace(oficio_data("recordatorio_1"), kind="recordatorio_9"))


# --- constancia -------------------------------------------------------------------------------------------------

ATTEMPTS = (
    NotificationAttempt(cuando=utc(2026, 12, 5, 16, 0), medio="telefono", resultado="no_localizado",
                        detalle=f"Buzón de voz; se dejó mensaje. {HOSTILE}"),
    NotificationAttempt(cuando=utc(2026, 12, 6, 17, 30), medio="Correo electrónico", resultado="Notificado",
                        detalle="Enviado a la dirección registrada."),
)


def constancia_data(**changes) -> ConstanciaData:
    """A constancia with generated data; keyword arguments replace fields."""
    base = dict(unit=UNIT, folio="2026-DFHR0042-000123", peticionario=PETITIONER,
                respuesta_resumen=f"Se revisó su caso con la jefatura del servicio. {LONG_TEXT}",
                firmada_por=UNIT.director_nombre, firmada_en=utc(2026, 12, 4, 18, 0), intentos=ATTEMPTS,
                entrega=Delivery(recibe="Andrés Ñúñez Sánchez Prueba", identificacion_tipo="INE",
                                 identificacion_numero="IDMEX0000000000", tercero=True, carta_poder=True,
                                 cuando=utc(2026, 12, 7, 19, 15)),
                fecha=date(2026, 12, 7))
    return ConstanciaData(**{**base, **changes})


def test_constancia_with_third_party_delivery_records_id_and_carta_poder():
    text = all_text(render_constancia(constancia_data()))
    assert "CONSTANCIA DE NOTIFICACIÓN Y ENTREGA DE RESPUESTA" in text
    assert "En Ciudad de México, a 7 de diciembre de 2026" in text
    assert PETITIONER in text and "Andrés Ñúñez Sánchez Prueba" in text
    assert "INE, núm. IDMEX0000000000" in text
    assert "Tercero autorizado" in text and "carta poder simple" in text and "lineamiento 14" in text
    assert "Teléfono" in text and "No localizado" in text and "Correo electrónico" in text
    assert "05/12/2026 10:00 h" in text
    assert "notificado de la respuesta el 6 de diciembre de 2026, 11:30 h" in text
    assert "4 de diciembre de 2026, 12:00 h (lineamiento 13)" in text
    assert "Entrega" in text and "Recibe" in text and "Firma de recibido" in text
    assert HOSTILE in text


def test_constancia_without_delivery_explains_resguardo_and_has_director_sign():
    pages = pages_text(render_constancia(constancia_data(entrega=None, intentos=ATTEMPTS[:1])))
    text = " ".join(pages)
    assert "CONSTANCIA DE NOTIFICACIÓN DE RESPUESTA" in text and "ENTREGA" not in text
    assert "10 días hábiles" in text and "resguarda" in text
    assert "Hace constar" in text and "Vo. Bo." in text and UNIT.director_nombre in text
    assert len(pages) == 1


def test_constancia_warns_when_a_third_party_brings_no_carta_poder():
    delivery = Delivery(recibe="Tercero Sin Poder Prueba", identificacion_tipo="Pasaporte",
                        identificacion_numero="G00000000", tercero=True, carta_poder=False, cuando=utc(2026, 12, 7, 19))
    text = all_text(render_constancia(constancia_data(entrega=delivery)))
    assert "no se presentó carta poder simple" in text
    assert "No presentadas" in text and "Pasaporte, núm. G00000000" in text


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
    data, _, pages = report
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
