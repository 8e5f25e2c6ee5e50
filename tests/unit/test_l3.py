"""L3 read as one rule: when a petition is anonymous, when its data are incomplete and what is missing."""

import pytest

from services.l3 import assess, reachable, staff_mentions
from tests.factories import FULL

PERSON = {name: FULL[name] for name in ("nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo",
                                        "calle", "numero_exterior", "colonia", "codigo_postal", "municipio", "entidad")}
NOBODY = dict.fromkeys(PERSON, "")
CALM = "No me surten el medicamento de la presión desde hace tres semanas."
ABOUT_STAFF = "La doctora del consultorio 4 me gritó y no me quiso revisar."


def only(**given):
    return {**NOBODY, **given}


# (case, values, tipo, descripcion, servidor, ticked anonymous) -> (anonymous, incomplete, reasons, first missing)
CASES = [
    ("everything given", PERSON, "inconformidad", CALM, "", False, (False, False, set(), None)),
    ("ticked anonymous wins over data", PERSON, "inconformidad", CALM, "", True, (True, False, set(), None)),
    ("nothing at all", NOBODY, "inconformidad", CALM, "", False, (True, False, set(), None)),
    ("only a CURP says no one to reach", only(curp=FULL["curp"]), "sugerencia", CALM, "", False,
     (True, False, set(), None)),
    ("phone without a name", only(telefono="5512345678"), "inconformidad", CALM, "", False,
     (False, True, {"nombre"}, "nombre")),
    ("e-mail without a name", only(correo="a@b.mx"), "sugerencia", CALM, "", False,
     (False, True, {"nombre"}, "nombre")),
    ("street without a name", only(calle="Calle Falsa"), "sugerencia", CALM, "", False,
     (False, True, {"nombre"}, "nombre")),
    ("a name and nothing to reach them", only(nombre="Ximena", primer_apellido="Prueba"), "sugerencia", CALM, "", False,
     (False, True, {"contacto"}, "calle")),
    ("a name and a phone, no e-mail nor address", only(nombre="X", primer_apellido="P", telefono="5512345678"),
     "reconocimiento", CALM, "", False, (False, True, set(), "calle")),
    ("inconformidad about a doctor, no servant", PERSON, "inconformidad", ABOUT_STAFF, "", False,
     (False, True, {"servidor"}, "servidor público")),
    ("the servant recorded", PERSON, "inconformidad", ABOUT_STAFF, "Dra. Generada Uno, médica familiar", False,
     (False, False, set(), None)),
    ("a reconocimiento may praise the doctor unnamed", PERSON, "reconocimiento", ABOUT_STAFF, "", False,
     (False, False, set(), None)),
    ("staff in plural, no accents", PERSON, "inconformidad", "las enfermeras del turno de noche no contestan", "",
     False, (False, True, {"servidor"}, "servidor público")),
    ("a two-word role", PERSON, "inconformidad", "La Trabajadora Social no me dio el pase", "", False,
     (False, True, {"servidor"}, "servidor público")),
    ("an anonymous sheet about the guard stays anonymous", NOBODY, "inconformidad", "El vigilante no me dejó pasar",
     "", False, (True, False, set(), None)),
    ("phone only, about the receptionist", only(telefono="5512345678"), "inconformidad",
     "la recepcionista me colgó", "", False, (False, True, {"nombre", "servidor"}, "nombre")),
]


@pytest.mark.parametrize(("values", "tipo", "descripcion", "servidor", "ticked", "expected"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_assess(values, tipo, descripcion, servidor, ticked, expected):
    verdict = assess(values, tipo=tipo, descripcion=descripcion, servidor_publico=servidor, anonima=ticked)
    anonymous, incomplete, reasons, first = expected
    assert (verdict.anonima, verdict.datos_incompletos, set(verdict.motivos)) == (anonymous, incomplete, reasons)
    assert (verdict.faltan[0] if verdict.faltan else None) == first
    if "servidor" in reasons:
        assert verdict.faltan[-1] == "servidor público" and verdict.menciones
    assert not (anonymous and verdict.faltan), "an anonymous petition lacks nothing"


@pytest.mark.parametrize(("text", "expected"), [
    ("El médico no me revisó", ("médico",)),
    ("la Dra. Pérez y el licenciado de ventanilla", ("Dra", "licenciado")),
    ("el QFB de farmacia y los camilleros", ("QFB", "camilleros")),
    ("el personal de archivo perdió mi expediente", ("personal de",)),
    ("Me cancelaron la cita de especialidad", ()),
    ("Urge su traslado a UCI del Centro Médico", ()),
    ("No me dieron el certificado médico; el médico no estaba", ("médico",)),
    ("La Secretaría de Salud no responde", ()),
    ("", ()),
])
def test_staff_mentions_as_written(text, expected):
    assert staff_mentions(text) == expected


@pytest.mark.parametrize(("given", "expected"), [
    ({"telefono": "5512345678"}, True), ({"correo": "a@b.mx"}, True),
    ({"calle": "Calle Falsa", "codigo_postal": "06000"}, True), ({"calle": "Calle Falsa"}, False),
    ({"colonia": "Centro"}, False), ({}, False),
])
def test_reachable_means_a_way_to_seek_the_petitioner(given, expected):
    assert reachable(only(**given)) is expected
