"""The CSV importer: all-or-nothing validation by line, idempotent re-import."""

from datetime import date

import pytest
from sqlalchemy import func, select

from models import Evento, Peticion
from services.actor import SYSTEM
from services.database import read_session
from services.errors import InvalidInput
from services.importer import import_rows, parse

TODAY = date(2026, 11, 22)
HEADER = "recibida,tipo,canal,descripcion,nombre,primer_apellido,telefono,id_externo\n"
GOOD = (
    HEADER
    + "2026-11-10,inconformidad,presidencia,\"No me dan cita, ¿por qué?\",Ximena,Prueba,5512345678,SIDAC-100\n"
    + "2026-11-11T09:30,sugerencia,gobmx,Pongan más bancas,,,,GOB-7\n"
    + "2026-11-12,reconocimiento,correo,Gracias a la enfermera Ñúñez,Íñigo,Generado,,\n"
)


def _count(engine, model):
    with read_session(engine) as session:
        return session.execute(select(func.count()).select_from(model)).scalar()


def test_import_and_reimport_adds_nothing(desk):
    items = [item for _, item in parse(GOOD.encode(), today=TODAY)]
    first = import_rows(desk.engine, actor=SYSTEM, items=items, unidad_clave=None)
    assert first.folios == ["UMF-T1-2026-000001", "UMF-T1-2026-000002", "UMF-T1-2026-000003"]
    again = import_rows(desk.engine, actor=SYSTEM, items=items, unidad_clave=None)
    assert again.folios == ["UMF-T1-2026-000004"]  # the row without id_externo cannot be recognised
    assert again.ya_importadas == 2
    assert _count(desk.engine, Peticion) == 4
    assert _count(desk.engine, Evento) >= 4


@pytest.mark.parametrize(
    "content, expected",
    [
        (HEADER + "2026-11-10,queja,modulo,texto,,,,\n", "línea 2: tipo"),
        (HEADER + "2026-11-10,inconformidad,fax,texto,,,,\n", "línea 2: medio de captación"),
        (HEADER + "2026-02-30,inconformidad,modulo,texto,,,,\n", "línea 2: fecha de recepción"),
        (HEADER + "2027-01-10,inconformidad,modulo,texto,,,,\n", "posterior a hoy"),
        (HEADER + "2026-11-10,inconformidad,modulo,,,,,\n", "línea 2: descripción"),
        (HEADER + "2026-11-10,inconformidad,modulo,texto,,,123,\n", "línea 2: teléfono"),
        ("recibida,tipo,descripcion\n2026-11-10,inconformidad,x\n", "faltan las columnas: canal"),
        ("recibida,tipo,canal,descripcion,color\n", "columnas desconocidas: color"),
        (HEADER + "2026-11-10,inconformidad,gobmx,a,,,,G1\n2026-11-10,inconformidad,gobmx,b,,,,G1\n", "línea 3: repite"),
        (HEADER + "2026-11-10,inconformidad,modulo\n", "número de columnas"),
        ("", "vacío"),
    ],
)
def test_bad_files_are_refused_with_the_line(content, expected):
    with pytest.raises(InvalidInput, match=expected):
        parse(content.encode(), today=TODAY)


def test_every_bad_row_is_listed_and_nothing_imported(desk):
    content = HEADER + "2026-11-10,queja,modulo,x,,,,\n2026-11-10,inconformidad,modulo,ok,,,,\n2026-11-10,inconformidad,fax,x,,,,\n"
    with pytest.raises(InvalidInput) as refused:
        parse(content.encode(), today=TODAY)
    message = str(refused.value)
    assert "línea 2" in message and "línea 4" in message and "línea 3" not in message
    assert _count(desk.engine, Peticion) == 0


def test_wrong_encoding_is_refused():
    with pytest.raises(InvalidInput, match="UTF-8"):
        parse(GOOD.encode("latin-1"), today=TODAY)


def test_bom_is_accepted():
    assert len(parse(b"\xef\xbb\xbf" + GOOD.encode(), today=TODAY)) == 3
