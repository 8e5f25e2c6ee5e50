"""F4's opening view (counts and first pages, read by ranges) says what the whole list says, page after page."""

from contextlib import ExitStack
from datetime import date

import pytest
from sqlalchemy import select, update

from models import AccionPendiente
from services.database import open_database, read_session, write_session
from services.demo.fill import populate
from services.inhabiles import load_calendar
from services.pending import pending_actions
from services.pending_labels import ACTION_ORDER
from services.pending_view import KindCount, more_of_kind, pending_view
from tests.conftest import BACKENDS, POSTGRES_ENV, postgres_url
from tests.pg_schema import temporary_schema

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory):
    """A demo desk of 1,500 petitions, some of whose stored actions are marked urgent so each kind mixes both."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('view') / 'moad.sqlite3'}"
        elif postgres_url() is None:
            pytest.skip(f"{POSTGRES_ENV} no está definida: se omite la prueba en PostgreSQL")
        else:
            url = stack.enter_context(temporary_schema(postgres_url(), "vista"))
        engine = open_database(url)
        populate(engine, n=1500, today=TODAY, seed=7)
        with write_session(engine) as session:
            session.execute(update(AccionPendiente).where(AccionPendiente.id % 5 == 0, AccionPendiente.accion != "cerrar_sinapp")
                            .values(urgente=True))
        yield engine
        engine.dispose()


def _whole_list_by_kind(engine) -> dict[str, list]:
    with read_session(engine) as session:
        actions = pending_actions(session, unidad_id=1, today=TODAY, calendar=load_calendar(session))
    kinds: dict[str, list] = {}
    for action in actions:
        kinds.setdefault(action.accion, []).append(action)
    return kinds


def _key(action) -> tuple:
    return action.accion, action.folio, action.vence_en, action.urgente, action.area, action.descripcion


def test_counts_equal_those_of_the_whole_list(demo):
    kinds = _whole_list_by_kind(demo)
    with read_session(demo) as session:
        view = pending_view(session, unidad_id=1, today=TODAY, calendar=load_calendar(session), per_kind=4)
    expected = {accion: KindCount(len(items), sum(a.urgente for a in items), sum(a.vencido(TODAY) for a in items),
                                  sum(a.vence_en == TODAY for a in items)) for accion, items in kinds.items()}
    assert view.counts == expected
    assert list(view.counts) == [accion for accion in ACTION_ORDER if accion in view.counts]
    assert sum(count.urgent for count in view.counts.values()) > 0
    assert view.total().total == sum(len(items) for items in kinds.values())


@pytest.mark.parametrize("page", [1, 3, 7, 50])
def test_paging_a_kind_gives_its_rows_in_the_whole_lists_order(demo, page):
    kinds = _whole_list_by_kind(demo)
    busiest = max(kinds, key=lambda accion: len(kinds[accion]))
    assert len(kinds[busiest]) > 7
    with read_session(demo) as session:
        calendar = load_calendar(session)
        shown = pending_view(session, unidad_id=1, today=TODAY, calendar=calendar, per_kind=page).by_kind()
        stored = set(session.execute(select(AccionPendiente.accion).distinct()).scalars())
        for accion, items in kinds.items():
            # Kinds not kept in the table (buzones, mail, reports) are few and shown whole.
            first = items[:page] if accion in stored else items
            assert [_key(a) for a in shown[accion]] == [_key(a) for a in first], accion
        urgent_listed = sum(action.urgente for action in kinds[busiest])
        rows = []
        while len(rows) < len(kinds[busiest]) + page:
            more = more_of_kind(session, unidad_id=1, today=TODAY, calendar=calendar, accion=busiest, offset=len(rows),
                                urgent_listed=urgent_listed, limit=page)
            if not more:
                break
            rows += more
    assert [_key(a) for a in rows] == [_key(a) for a in kinds[busiest]]


def test_a_page_starting_past_the_urgent_rows_counts_them(demo):
    kinds = _whole_list_by_kind(demo)
    accion, items = next((accion, items) for accion, items in kinds.items()
                         if 0 < sum(a.urgente for a in items) < len(items) - 2 and accion != "recolectar_buzon")
    urgent = sum(a.urgente for a in items)
    with read_session(demo) as session:
        page = more_of_kind(session, unidad_id=1, today=TODAY, calendar=load_calendar(session), accion=accion,
                            offset=urgent + 1, urgent_listed=urgent, limit=2)
    assert [_key(a) for a in page] == [_key(a) for a in items[urgent + 1:urgent + 3]]
