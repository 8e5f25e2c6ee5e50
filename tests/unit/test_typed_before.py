"""What intake suggests from what the desk typed before: most frequent first, a código postal's municipio and estado
only when earlier petitions agree, staff names from the áreas, nothing that identifies a petitioner."""

from types import SimpleNamespace

from services.database import read_session, write_session
from services.intake import register
from services.typed_before import ENTIDADES, TypedBefore, typed_before
from tests.conftest import mx
from tests.factories import FULL

IZTAPALAPA = {"colonia": "Santa Cruz Meyehualco", "codigo_postal": "09290", "municipio": "Iztapalapa",
              "entidad": "Ciudad de México"}


def _register(desk, day, **data):
    with write_session(desk.engine) as session:
        register(session=session, actor=desk.oficial, unidad=desk.unidad, now=mx(2026, 11, day, 9),
                 data={**FULL, "curp": "", "telefono": "", "correo": "", "descripcion": f"Petición del día {day}.",
                       **data})


def _read(desk, **kwargs) -> TypedBefore:
    with read_session(desk.engine) as session:
        return typed_before(session=session, unidad_id=desk.unidad.id, **kwargs)


def test_most_frequent_first_and_places_when_earlier_petitions_agree(desk):
    _register(desk, 2, **IZTAPALAPA, correo="uno@correo.example.mx", servidor_publico="Dr. Generado Uno")
    _register(desk, 3, **IZTAPALAPA, correo="dos@correo.example.mx")
    _register(desk, 9, **IZTAPALAPA)
    _register(desk, 4, colonia="Del Valle", codigo_postal="03100", municipio="Benito Juárez", correo="tres@otro.mx")
    _register(desk, 5, colonia="Centro", codigo_postal="06000", municipio="Cuauhtémoc")
    _register(desk, 6, colonia="Centro", codigo_postal="06000", municipio="Iztapalapa")
    typed = _read(desk)
    assert typed.colonias[0] == "Santa Cruz Meyehualco" and set(typed.colonias) == {
        "Santa Cruz Meyehualco", "Del Valle", "Centro"}
    assert typed.municipios[0] == "Iztapalapa"
    assert typed.entidades[0] == "Ciudad de México" and len(typed.entidades) == len(ENTIDADES)
    assert typed.dominios[:2] == ["correo.example.mx", "otro.mx"] and "gmail.com" in typed.dominios
    assert typed.place_of_code["09290"] == ("Iztapalapa", "Ciudad de México")
    assert typed.place_of_code["06000"] in {("Cuauhtémoc", "Ciudad de México"), ("Iztapalapa", "Ciudad de México")}
    assert typed.codes_of_colonia["santa cruz meyehualco"] == ["09290"]
    assert typed.state_of_municipio["benito juárez"] == "Ciudad de México"
    assert typed.servidores[0] == "Dr. Generado Uno"
    assert {"Enlace Farmacia", "Jefe Farmacia", "Enlace Consulta externa"} <= set(typed.servidores)


def test_a_code_whose_petitions_disagree_fills_nothing(desk):
    _register(desk, 2, colonia="Centro", codigo_postal="06000", municipio="Cuauhtémoc")
    _register(desk, 3, colonia="Centro", codigo_postal="06000", municipio="Iztapalapa")
    _register(desk, 4, colonia="Centro", codigo_postal="06000", municipio="Coyoacán")
    assert "06000" not in _read(desk).place_of_code


def test_nothing_that_identifies_a_petitioner_is_offered(desk):
    _register(desk, 2, **IZTAPALAPA, nombre="Yolanda", primer_apellido="Generada", correo="yolanda@correo.example.mx")
    typed = _read(desk)
    offered = [*typed.calles, *typed.colonias, *typed.municipios, *typed.entidades, *typed.servidores,
               *typed.dominios]
    assert not any(value in offered for value in ("Yolanda", "Generada", "yolanda@correo.example.mx", "yolanda"))
    assert "Calle Falsa" in typed.calles


def test_only_the_newest_petitions_are_read(desk):
    _register(desk, 2, colonia="Vieja", codigo_postal="01000", municipio="Álvaro Obregón")
    _register(desk, 3, **IZTAPALAPA)
    typed = _read(desk, recent=1)
    assert typed.colonias == ["Santa Cruz Meyehualco"] and "01000" not in typed.place_of_code


def test_a_petition_registered_now_is_remembered_for_the_next(desk):
    typed = _read(desk)
    typed.remember(SimpleNamespace(calle="Calle Nueva", correo="x@nuevo.mx", servidor_publico="", **IZTAPALAPA))
    assert "Santa Cruz Meyehualco" in typed.colonias and "nuevo.mx" in typed.dominios
    assert typed.place_of_code["09290"] == ("Iztapalapa", "Ciudad de México")
    assert typed.codes_of_colonia["santa cruz meyehualco"] == ["09290"]
    assert typed.state_of_municipio["iztapalapa"] == "Ciudad de México"
