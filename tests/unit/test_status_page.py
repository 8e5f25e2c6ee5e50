"""The petitioners' status page, attacked as a stranger would: no enumeration, no guessing, no personal data, strict
headers on every answer, and each consultation an event without personal data."""

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from models import Evento, Peticion
from services import paperwork, routing
from services.database import read_session, write_session
from services.public_status import CODE_LENGTH, shown
from tests.conftest import mx
from tests.factories import FULL, register_full
from web.status_page import HEADERS, NOT_FOUND, TOO_MANY, Limiter, build


@pytest.fixture
def published(desk, tmp_path):
    p = register_full(desk)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
        code = s.get_one(Peticion, p.id).clave_consulta
    clock = [0.0]
    app = build(desk.engine, limiter=Limiter(tries=10, window=600, clock=lambda: clock[0]))
    return desk, p, code, TestClient(app, client=("203.0.113.7", 50000)), clock


def _ask(client, folio, clave):
    return client.post("/consulta", content=f"folio={folio}&clave={clave}",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})


def test_folio_and_code_show_the_state_in_plain_spanish_and_nothing_personal(published):
    desk, p, code, client, _clock = published
    page = _ask(client, p.folio, shown(code).lower())
    assert page.status_code == 200
    text = page.text
    assert f"<dt>Folio</dt><dd>{p.folio}</dd>" in text
    assert "En atención: el área correspondiente la está revisando." in text
    assert "<dt>Recibida</dt><dd>13/11/2026</dd>" in text and "<dt>Enviada al área</dt><dd>13/11/2026</dd>" in text
    for personal in (FULL["nombre"], FULL["primer_apellido"], FULL["curp"], "1234", FULL["correo"], FULL["calle"],
                     "medicamento", desk.areas[0].nombre):
        assert personal.lower() not in text.lower(), personal
    assert client.get(f"/c/{p.folio}/{code}").text == text
    with read_session(desk.engine) as s:
        events = s.execute(select(Evento).where(Evento.accion == "consulta_publica")).scalars().all()
    assert len(events) == 2 and all(e.peticion_id == p.id and e.detalle in (None, "", "{}") for e in events)
    assert len(code) == CODE_LENGTH


def test_an_unknown_folio_and_a_wrong_code_get_the_same_answer(published):
    _desk, p, code, client, _clock = published
    wrong = _ask(client, p.folio, "AAAAA-AAAAA")
    unknown = _ask(client, p.folio.replace("2026", "2025"), shown(code))
    empty = _ask(client, p.folio, "")
    assert wrong.status_code == unknown.status_code == empty.status_code == 404
    assert NOT_FOUND in wrong.text
    assert wrong.text.replace(p.folio, "F") == unknown.text.replace(p.folio.replace("2026", "2025"), "F")


def test_a_petition_whose_acuse_was_never_printed_cannot_be_consulted_with_an_empty_code(desk, tmp_path):
    p = register_full(desk)
    client = TestClient(build(desk.engine))
    assert _ask(client, p.folio, "").status_code == 404
    assert client.get(f"/c/{p.folio}/%20").status_code == 404


def test_guessing_is_stopped_per_address_and_allowed_again_after_the_window(published):
    _desk, p, code, client, clock = published
    for _ in range(10):
        assert _ask(client, p.folio, "AAAAAAAAAA").status_code == 404
    blocked = _ask(client, p.folio, code)
    assert blocked.status_code == 429 and TOO_MANY in blocked.text and "<dl" not in blocked.text
    other = TestClient(client.app, client=("198.51.100.9", 40000))
    assert _ask(other, p.folio, code).status_code == 200
    clock[0] += 601
    assert _ask(client, p.folio, code).status_code == 200


def test_every_answer_carries_the_security_headers(published):
    _desk, p, code, client, _clock = published
    answers = [client.get("/"), _ask(client, p.folio, code), _ask(client, p.folio, "x"), client.get("/../../etc/passwd"),
               client.get("/consulta"), client.post("/consulta", content="folio=" + "A" * 5000)]
    assert [a.status_code for a in answers] == [200, 200, 404, 404, 404, 413]
    for response in answers:
        for name, value in HEADERS.items():
            assert response.headers[name] == value
        assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


def test_hostile_input_is_shown_as_text_and_reaches_no_sql(published):
    desk, _p, _code, client, _clock = published
    hostile = _ask(client, "<script>alert(1)</script>' OR '1'='1", "' OR ''='")
    assert hostile.status_code == 404
    assert "<script>" not in hostile.text and "&lt;script&gt;" in hostile.text
    with read_session(desk.engine) as s:
        assert s.execute(select(Peticion)).scalars().first() is not None
