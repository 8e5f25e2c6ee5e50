"""On PostgreSQL the status page's role (moad_publico) reads only what the page shows and appends only its
consultations to the log; the page works on it end to end."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from starlette.testclient import TestClient

from models import Evento, Peticion
from services import paperwork, routing
from services.audit_check import verify
from services.database import make_engine, read_session, write_session
from services.public_status import lookup, may_change_petitions, shown
from tests.conftest import mx
from tests.factories import FULL, register_full
from web.status_page import build

REFUSED = r"permission denied|row-level security|solo añade su consulta"


@pytest.fixture
def page(desk, tmp_path):
    """A consultable petition and an engine that connects as moad_publico, as the page's login role would."""
    if desk.engine.dialect.name != "postgresql":
        pytest.skip("los roles y la seguridad por filas son de PostgreSQL")
    p = register_full(desk)
    with write_session(desk.engine) as s:
        routing.route(session=s, actor=desk.oficial, folio=p.folio, area_id=desk.areas[0].id, now=mx(2026, 11, 13, 11))
        paperwork.acuse(session=s, actor=desk.oficial, folio=p.folio, data_dir=tmp_path)
        code = s.get_one(Peticion, p.id).clave_consulta
    url = desk.engine.url.render_as_string(hide_password=False)
    engine = make_engine(url.replace("options=", "options=-crole%3Dmoad_publico%20", 1))
    yield desk, p, code, engine
    engine.dispose()


def test_the_page_works_on_the_public_role_and_each_consultation_is_chained(page):
    desk, p, code, engine = page
    with engine.connect() as c:
        assert c.execute(text("SELECT current_user")).scalar_one() == "moad_publico"
    assert not may_change_petitions(engine) and may_change_petitions(desk.engine)  # moad publicar warns on the owner
    client = TestClient(build(engine), client=("203.0.113.9", 50000))
    answer = client.get(f"/c/{p.folio}/{shown(code)}")
    assert answer.status_code == 200 and "En atención: el área correspondiente la está revisando." in answer.text
    assert client.get(f"/c/{p.folio}/AAAAA-AAAAA").status_code == 404
    with read_session(desk.engine) as s:
        events = s.execute(select(Evento).where(Evento.accion == "consulta_publica")).scalars().all()
        assert [e.peticion_id for e in events] == [p.id]
        assert verify(s)[1] == []


def test_the_public_role_reads_no_personal_data_and_changes_nothing(page):
    desk, p, _code, engine = page
    refused = [
        "SELECT * FROM peticion", "SELECT nombre FROM peticion", "SELECT descripcion FROM peticion",
        "SELECT detalle FROM evento", "SELECT * FROM eventodato", "SELECT * FROM usuario", "SELECT * FROM area",
        "SELECT * FROM notificacion", "SELECT texto FROM respuesta", "SELECT * FROM accionpendiente",
        "UPDATE peticion SET estado = 'concluida'", "DELETE FROM peticion", "DELETE FROM canalizacion",
        "UPDATE evento SET accion = 'otra'", "DELETE FROM evento", "TRUNCATE evento",
        "UPDATE cadenaeventos SET eventos = 0", "UPDATE cadenaeventos SET eventos = eventos + 1",
        "DELETE FROM cadenaeventos", "INSERT INTO cadenaeventos (cadena, ultimo_id, ultimo_hash, eventos, sello) "
                                     "VALUES (999, 0, '', 0, '')",
        f"INSERT INTO evento (unidad_id, peticion_id, actor, ocurrido_en, accion, detalle, hash_anterior, hash, "
        f"version, origen) VALUES ({desk.unidad.id}, {p.id}, 'x', now(), 'registrar', '', '', '', 1, '')",
    ]
    for statement in refused:
        with pytest.raises(DBAPIError, match=REFUSED), engine.begin() as c:
            c.execute(text(statement))
    with engine.connect() as c:
        assert c.execute(text("SELECT count(id) FROM evento")).scalar_one() == 0  # the desk's events stay hidden
    with read_session(desk.engine) as s:
        assert s.get_one(Peticion, p.id).nombre == FULL["nombre"]


def test_a_petition_without_a_code_is_invisible_to_the_public_role(page):
    desk, p, _code, engine = page
    other = register_full(desk)
    with engine.connect() as c:
        folios = set(c.execute(text("SELECT folio FROM peticion")).scalars())
    assert folios == {p.folio} and other.folio not in folios
    with write_session(engine) as s:
        assert lookup(session=s, folio=other.folio, clave="") is None
