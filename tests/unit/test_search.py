"""Search that finds people: folio whole or in part, CURP, phones in any format, names without accents, description
words; ranked, masked, counted, logged when it can name a person, and blind to people who were forgotten."""

import json
from datetime import date

import pytest
from sqlalchemy import select, text

from models import Evento, Peticion
from models.search_index import purge
from services.database import read_session, write_session
from services.errors import InvalidInput
from services.forgetting import forget_petitioner
from services.queue import QueueFilter
from services.search import EMPTY, folios, parse, search
from tests.conftest import mx
from tests.factories import register_full

TODAY = date(2026, 11, 20)
JOSE = dict(nombre="José", primer_apellido="Hernández", segundo_apellido="Ramírez", curp="HERJ800101HDFRMS09",
            telefono="55 1234 5678", descripcion="No me surten el medicamento de la presión desde hace tres semanas.")
ANA = dict(nombre="Ana", primer_apellido="López", segundo_apellido="Hernández", curp="BADD110313HCMLNS06",
           telefono="33 1234 5678", descripcion="El doctor Ramírez no me atendió en la consulta del martes.")


@pytest.fixture
def people(desk):
    """José (older) and Ana (newer): their folios."""
    jose = register_full(desk, now=mx(2026, 11, 12, 9), **JOSE).folio
    ana = register_full(desk, now=mx(2026, 11, 13, 9), **ANA).folio
    return {"jose": jose, "ana": ana}


def _search(desk, texto, **kwargs):
    with write_session(desk.engine) as session:
        return search(session, actor=desk.oficial, unidad_id=desk.unidad.id, texto=texto, today=TODAY, **kwargs)


def _found(desk, texto, **kwargs):
    return [(hit.item.folio, hit.por) for hit in _search(desk, texto, **kwargs).hits]


@pytest.mark.parametrize(("texto", "expected"), [
    # Names: no accents, no case, every word, prefixes as typed so far.
    ("hernandez ramirez", [("jose", "nombre")]),
    ("HERNÁNDEZ RAMÍREZ", [("jose", "nombre")]),
    ("Hernandez", [("ana", "nombre"), ("jose", "nombre")]),
    ("hernan", [("ana", "nombre"), ("jose", "nombre")]),
    ("jose", [("jose", "nombre")]),
    ("lopez hernandez", [("ana", "nombre")]),
    # A name first, then a description that mentions it.
    ("ramirez", [("jose", "nombre"), ("ana", "descripcion")]),
    # CURP, with blanks and in lower case too.
    ("HERJ800101HDFRMS09", [("jose", "curp")]),
    ("herj 800101 hdfrms09", [("jose", "curp")]),
    # Phones in four formats and an old long-distance prefix.
    ("55 1234 5678", [("jose", "telefono")]),
    ("+52 55 1234 5678", [("jose", "telefono")]),
    ("5512345678", [("jose", "telefono")]),
    ("(55) 1234-5678", [("jose", "telefono")]),
    ("55-1234-5678", [("jose", "telefono")]),
    ("01 33 1234 5678", [("ana", "telefono")]),
    # Description words, accents ignored.
    ("medicamento", [("jose", "descripcion")]),
    ("atendio consulta", [("ana", "descripcion")]),
    ("xyzzy", []),
])
def test_queries(desk, people, texto, expected):
    assert _found(desk, texto) == [(people[who], por) for who, por in expected]


def test_folio_whole_or_in_part(desk, people):
    jose, ana = people["jose"], people["ana"]
    number = int(jose.rsplit("-", 1)[1])
    assert _found(desk, jose) == [(jose, "folio")]
    assert _found(desk, jose.lower()) == [(jose, "folio")]
    assert _found(desk, str(number)) == [(jose, "folio_parcial")]
    assert _found(desk, f"{number:06d}") == [(jose, "folio_parcial")]
    assert _found(desk, f"2026-{number:06d}") == [(jose, "folio_parcial")]
    assert _found(desk, f"2025-{number:06d}") == []
    with read_session(desk.engine) as session:
        assert folios(session, unidad_id=desk.unidad.id, texto=str(number)) == [jose]
        assert folios(session, unidad_id=desk.unidad.id, texto=ana) == [ana]
        assert folios(session, unidad_id=desk.unidad.id, texto="999999") == []
        assert folios(session, unidad_id=desk.unidad.id, texto="hernandez") == []


def test_results_are_masked_counted_and_limited(desk, people):
    results = _search(desk, "hernandez", limit=1)
    assert results.total == 2 and len(results.hits) == 1
    assert results.hits[0].nombre == "A** L**** H********"
    assert "Ana" not in repr(results.hits) and "López" not in repr(results.hits)
    # A folio found both by number and by a word of its description is counted once.
    both = register_full(desk, now=mx(2026, 11, 13, 10), descripcion="Tengo la cita 2026-000001 y no me atendieron.")
    assert both.folio
    assert _search(desk, "1").total == len({hit.item.folio for hit in _search(desk, "1").hits})


def test_queue_filters_apply(desk, people):
    assert _found(desk, "hernandez", filtro=QueueFilter(estado="concluida")) == []
    assert len(_found(desk, "hernandez", filtro=QueueFilter(solo_abiertas=True))) == 2


def test_empty_input_is_refused_in_spanish(desk):
    for texto in ("", "   ", "--", "\x1b"):
        with pytest.raises(InvalidInput, match="Escriba qué buscar"):
            _search(desk, texto)
    assert EMPTY.startswith("Escriba")


def _searches(engine) -> list[dict]:
    with read_session(engine) as session:
        rows = session.execute(select(Evento.detalle).where(Evento.accion == "busqueda_datos_personales")
                               .order_by(Evento.id)).scalars()
        return [json.loads(row) for row in rows]


def test_a_search_that_can_name_a_person_is_logged_without_what_was_typed(desk, people):
    _search(desk, "Hernández Ramírez")
    _search(desk, "5512345678")
    _search(desk, JOSE["curp"])
    logged = _searches(desk.engine)
    assert [e["criterio"] for e in logged] == ["nombre", "telefono", "curp"]
    assert all(e["folios"] == [people["jose"]] and e["resultados"] == 1 for e in logged)
    dump = json.dumps(logged, ensure_ascii=False).lower()
    assert "hern" not in dump and "5512345678" not in dump and JOSE["curp"].lower() not in dump
    # Folios are not personal data: looking one up is not an access to a person.
    _search(desk, people["ana"])
    _search(desk, "2026-000001")
    assert len(_searches(desk.engine)) == 3


def test_a_forgotten_person_is_no_longer_found(desk, people):
    with write_session(desk.engine) as session:
        peticion = session.execute(select(Peticion).where(Peticion.folio == people["jose"])).scalar_one()
        forget_petitioner(session, peticion)
        session.flush()
        purge(session.connection())
    for texto in ("jose hernandez", "José", JOSE["curp"], "55 1234 5678"):
        assert people["jose"] not in [folio for folio, _ in _found(desk, texto)], texto
    assert _found(desk, "hernandez") == [(people["ana"], "nombre")]
    # The folio and the complaint itself are not personal data: they still find the petition.
    assert _found(desk, people["jose"]) == [(people["jose"], "folio")]
    assert _found(desk, "medicamento presion") == [(people["jose"], "descripcion")]
    if desk.engine.dialect.name == "sqlite":
        with desk.engine.begin() as connection:
            connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, peticion_busqueda, 'row')")
            terms = {row[0] for row in connection.execute(text("SELECT term FROM temp.vocab"))}
        assert "jose" not in terms and "ramirez" in terms and "hernandez" in terms


def test_index_follows_corrections(desk, people):
    from services.personal_data import update

    with write_session(desk.engine) as session:
        update(session=session, actor=desk.oficial, folio=people["ana"], changes={"segundo_apellido": "Núñez"})
    assert _found(desk, "lopez nunez") == [(people["ana"], "nombre")]
    assert _found(desk, "lopez hernandez") == []


@pytest.mark.parametrize(("texto", "fields"), [
    ("2982", {"consecutivo": 2982, "anio": None, "telefono": None, "curp": None}),
    ("2026-002982", {"consecutivo": 2982, "anio": 2026, "telefono": None}),
    ("UMF-001-2026-002982", {"consecutivo": 2982, "anio": 2026, "folio": "UMF-001-2026-002982"}),
    ("55 1234 5678", {"telefono": "5512345678", "consecutivo": None, "palabras": ()}),
    # Dashes as people write a phone: «1234» is no folio year, so this is a phone, not unit 55, year 1234.
    ("55-1234-5678", {"telefono": "5512345678", "folio": None, "consecutivo": None}),
    ("+52 1 55 1234 5678", {"telefono": "5512345678"}),
    ("badd110313hcmlns06", {"curp": "BADD110313HCMLNS06", "consecutivo": None}),
    ("Hernández  RAMÍREZ", {"palabras": ("hernandez", "ramirez"), "folio": None, "consecutivo": None}),
])
def test_parse(texto, fields):
    query = parse(texto)
    assert {name: getattr(query, name) for name in fields} == fields


@pytest.mark.parametrize(("texto", "personal"), [
    ("2982", False), ("2026-002982", False), ("UMF-001-2026-002982", False),
    ("55 1234 5678", True), ("BADD110313HCMLNS06", True), ("hernandez", True),
])
def test_which_searches_are_personal(texto, personal):
    assert parse(texto).personal is personal


def test_words_are_counted_up_to_a_cap(desk, people, monkeypatch):
    import services.search

    monkeypatch.setattr(services.search, "COUNT_CAP", 1)
    results = _search(desk, "hernandez")
    assert results.total == 1 and not results.total_exacto and len(results.hits) == 2
    exact = _search(desk, "hernandez ramirez")
    assert exact.total == 1 and exact.total_exacto
