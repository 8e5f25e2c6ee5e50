"""The letters and forms (acuse, oficios, constancia) and the text helpers they share, read back with pypdf."""

from dataclasses import replace
from datetime import date

import pytest

from services.dates import long_day, month_year
from services.documents.acuse import _qr, render_acuse
from services.documents.constancia import render_constancia
from services.documents.model import AcuseData, ConstanciaData, Delivery, NotificationAttempt, OficioData
from services.documents.oficios import render_oficio
from services.documents.text import escape, text_width, wrap_cell
from tests.pdf_samples import AREA, HOSTILE, LONG_TEXT, PETITIONER, SENTENCE, UNIT, all_text, pages_text, utc

# --- dates and text ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day, expected", [
    (date(2026, 1, 1), "1 de enero de 2026"),
    (date(2026, 12, 31), "31 de diciembre de 2026"),
    (date(2026, 11, 22), "22 de noviembre de 2026"),
    (date(2024, 2, 29), "29 de febrero de 2024"),
    (utc(2026, 1, 1, 3, 0), "31 de diciembre de 2025"),
])
def test_long_day_writes_the_date_out_in_spanish(day, expected):
    assert long_day(day) == expected


@pytest.mark.parametrize("month, expected", [(1, "enero de 2026"), (9, "septiembre de 2026"),
                                             (12, "diciembre de 2026")])
def test_month_year(month, expected):
    assert month_year(2026, month) == expected


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


# The guide's terms of each letter and of the step before it (L6 after L5, L7 after L6, L8 after L7).
GUIDE_TERMS = {"recordatorio_1": (2, 3), "recordatorio_2": (1, 2), "oficio_superior": (3, 1)}


def oficio_data(kind: str, **changes) -> OficioData:
    """An oficio of the given kind with generated data."""
    plazo, plazo_anterior = GUIDE_TERMS[kind]
    base = dict(unit=UNIT, area=AREA, kind=kind, numero="UAD/DF-HR-0042/2026/0007", fecha=date(2026, 12, 3),
                folio="2026-DFHR0042-000123", recibida=date(2026, 11, 22), canalizada=date(2026, 11, 23),
                previos=PREVIOS[kind], vence=date(2026, 12, 8), resumen=f"{LONG_TEXT} {HOSTILE}",
                plazo=plazo, plazo_anterior=plazo_anterior)
    return OficioData(**{**base, **changes})


@pytest.mark.parametrize("kind, addressee, absent, expected", [
    ("recordatorio_1", AREA.enlace_nombre, AREA.superior_nombre,
     ("Primer recordatorio", "lineamiento 5", "no mayor a 3 días hábiles a partir de su canalización",
      "lineamiento 6", "un plazo de 2 días hábiles, es decir, a más tardar el 8 de diciembre de 2026")),
    ("recordatorio_2", AREA.enlace_nombre, AREA.superior_nombre,
     ("Segundo recordatorio", "lineamiento 7", "24 horas, considerando días hábiles (1 día hábil), es decir",
      "primer recordatorio de fecha 27 de noviembre de 2026", "en un plazo de 2 días hábiles (lineamiento 6")),
    ("oficio_superior", AREA.superior_nombre, None,
     ("incumplimiento", "lineamiento 8", "no mayor a 3 días hábiles, es decir", "(lineamiento 8, 3 días hábiles)",
      AREA.superior_cargo, "Primer recordatorio",
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


@pytest.mark.parametrize("kind, plazo, plazo_anterior, expected, absent", [
    ("recordatorio_1", 5, 4, ("no mayor a 4 días hábiles a partir de su canalización",
                              "un plazo de 5 días hábiles, es decir, a más tardar el 8 de diciembre de 2026"),
     ("3 días hábiles", "2 días hábiles")),
    ("recordatorio_2", 2, 5, ("un plazo de 5 días hábiles (lineamiento 6",
                              "no mayor a 2 días hábiles, es decir, a más tardar el 8 de diciembre de 2026"),
     ("24 horas", "1 día hábil")),
    ("oficio_superior", 1, 1, ("no mayor a 1 día hábil, es decir, a más tardar el 8 de diciembre de 2026",
                               "(lineamiento 8, 1 día hábil)"), ("3 días hábiles",)),
])
def test_oficio_states_the_terms_it_is_given_not_the_guides(kind, plazo, plazo_anterior, expected, absent):
    text = all_text(render_oficio(oficio_data(kind, plazo=plazo, plazo_anterior=plazo_anterior)))
    for phrase in expected:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


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
                fecha=date(2026, 12, 7), dias_resguardo=10)
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
    assert "transcurridos 10 días hábiles desde la emisión de la respuesta, se resguarda" in text
    assert "Hace constar" in text and "Vo. Bo." in text and UNIT.director_nombre in text
    assert len(pages) == 1
    adjusted = all_text(render_constancia(constancia_data(entrega=None, intentos=ATTEMPTS[:1], dias_resguardo=15)))
    assert "transcurridos 15 días hábiles" in adjusted and "10 días" not in adjusted


def test_constancia_warns_when_a_third_party_brings_no_carta_poder():
    delivery = Delivery(recibe="Tercero Sin Poder Prueba", identificacion_tipo="Pasaporte",
                        identificacion_numero="G00000000", tercero=True, carta_poder=False, cuando=utc(2026, 12, 7, 19))
    text = all_text(render_constancia(constancia_data(entrega=delivery)))
    assert "no se presentó carta poder simple" in text
    assert "No presentadas" in text and "Pasaporte, núm. G00000000" in text
