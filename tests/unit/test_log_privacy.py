"""What reaches moad.log never quotes personal data: SQL errors hide their parameters, unexpected errors lose their message."""

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from models import Peticion
from services.database import write_session
from tests.factories import register_full
from tui.work import without_values

SECRET_NAME = "Eufrosina Generada Inventada"
SECRET_CURP = "BADD110313HCMLNS06"


def test_a_failed_statement_does_not_quote_the_values_it_carried(desk):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        row = dict(s.execute(select(Peticion.__table__).where(Peticion.id == p.id)).mappings().one())
    row.pop("id")
    row.update(nombre=SECRET_NAME, curp=SECRET_CURP)
    with pytest.raises(IntegrityError) as caught, write_session(desk.engine) as s:
        s.execute(insert(Peticion.__table__).values(**row))
    message = str(caught.value)
    assert "peticion" in message.lower()
    assert SECRET_NAME not in message and SECRET_CURP not in message


def _validate_curp(value):
    raise ValueError(f"CURP inválida: {value} de {SECRET_NAME}")


def test_an_unexpected_error_is_logged_with_its_place_and_type_but_not_its_message():
    try:
        _validate_curp(SECRET_CURP)
    except ValueError as error:
        logged = without_values(error)
    assert "_validate_curp" in logged and "test_log_privacy.py" in logged and logged.endswith("builtins.ValueError")
    assert SECRET_CURP not in logged and SECRET_NAME not in logged
