"""Who may do what: every role against every permission, and every kind of service refusing a role it does not serve,
with a Spanish refusal that names the role needed."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import Evento
from models.enums import ROL_LABELS, Rol
from services import answers, arco, buzones, inhabiles, paperwork, personal_data, reports, retention, routing, urgency
from services.actor import ACTION_ROLES, Actor, require
from services.answers import Checklist
from services.catalogs import areas
from services.database import write_session
from services.errors import PermissionDenied
from services.intake import register
from tests.factories import FULL

OFI, DIR, SUP, ADM, SIS = Rol.OFICIAL, Rol.DIRECTOR, Rol.SUPERVISOR, Rol.ADMINISTRADOR, Rol.SISTEMA
DESK = {OFI, DIR, SIS}
# Written from the issue, not copied from services.actor: officers register, route, remind and notify; directors also
# sign; supervisors read and report; administrators keep the catalogs; the command line (sistema) does desk work.
EXPECTED = {
    "registrar": DESK, "canalizar": DESK, "declinar": DESK, "recordatorio": DESK, "oficio": DESK, "prorroga": DESK,
    "respuesta": DESK, "devolver": DESK, "corregir": DESK,
    "notificar": DESK, "resguardo": DESK, "entregar": DESK, "concluir": DESK, "urgencia": DESK,
    "datos": DESK, "buzon": DESK, "sistemas_externos": DESK,
    "firmar": {DIR},
    # Correcting the record: an officer too (on what they registered); the tipo, the área and reopening, only those
    # in charge of the unit's records (issue 17, point 5).
    "corregir_registro": {OFI, DIR, SUP}, "corregir_clasificacion": {DIR, SUP}, "reabrir": {DIR, SUP},
    "leer": {OFI, DIR, SUP, ADM, SIS},
    "reportes": {DIR, SUP, ADM, SIS},
    "catalogos": {ADM, SIS},
}
PAIRS = [(action, rol) for action in EXPECTED for rol in Rol]


def test_the_table_names_every_permission_the_services_use():
    assert set(ACTION_ROLES) == set(EXPECTED)


@pytest.mark.parametrize(("action", "rol"), PAIRS, ids=[f"{a}-{r.value}" for a, r in PAIRS])
def test_require_allows_or_refuses_naming_the_roles_needed(action, rol):
    actor = Actor(id=7, nombre="Persona Generada", rol=rol)
    if rol in EXPECTED[action]:
        require(actor, action)
        return
    with pytest.raises(PermissionDenied) as refusal:
        require(actor, action)
    message = str(refusal.value)
    assert message.startswith("Esta acción requiere el rol de ")
    needed = message.removeprefix("Esta acción requiere el rol de ").partition(";")[0]
    assert set(needed.split(" o ")) == {ROL_LABELS[r] for r in EXPECTED[action] - {SIS}}
    assert message.endswith(f"su rol es {ROL_LABELS[rol]}.")


def _folio(desk) -> str:
    with write_session(desk.engine) as s:
        return register(session=s, actor=desk.oficial, unidad=desk.unidad, data=FULL).folio


ALL_CHECKED = Checklist(lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True)
# (service, the role that tries it, its arguments besides session and actor, the role label the refusal must name)
SERVICES = [
    ("registrar", "supervisor", lambda d, f, tmp: (register, {"unidad": d.unidad, "data": FULL}), "oficial de módulo"),
    ("canalizar", "supervisor", lambda d, f, tmp: (routing.route, {"folio": f, "area_id": d.areas[0].id}), "oficial de módulo"),
    ("urgencia", "admin", lambda d, f, tmp: (urgency.raise_flag, {"folio": f, "categoria": "codigo_infarto",
                                                                   "motivo": "dolor de pecho"}), "oficial de módulo"),
    ("datos", "supervisor", lambda d, f, tmp: (personal_data.update, {"folio": f, "changes": {"nombre": "Otro"}}),
     "oficial de módulo"),
    ("respuesta", "admin", lambda d, f, tmp: (answers.record_answer, {"folio": f, "texto": "Respuesta"}), "director"),
    ("firmar", "oficial", lambda d, f, tmp: (answers.sign, {"folio": f, "checklist": ALL_CHECKED}), "director"),
    ("devolver", "supervisor", lambda d, f, tmp: (answers.return_to_area, {"folio": f, "motivo": "Falta el cargo"}),
     "oficial de módulo"),
    ("corregir", "admin", lambda d, f, tmp: (answers.correct_answer, {"folio": f, "motivo": "Falta el cargo",
                                                                      "texto": "Respuesta"}), "director"),
    ("buzon", "supervisor", lambda d, f, tmp: (buzones.collect, {"buzon_id": d.buzon.id, "hojas": 2}), "oficial de módulo"),
    ("acuse", "supervisor", lambda d, f, tmp: (paperwork.acuse, {"folio": f, "data_dir": tmp}), "oficial de módulo"),
    ("reportes", "oficial", lambda d, f, tmp: (reports.mark_sent, {"unidad": d.unidad, "year": 2026, "month": 10}),
     "supervisor"),
    ("arco", "oficial", lambda d, f, tmp: (arco.export, {"folio": f}), "supervisor"),
    ("catalogos", "director", lambda d, f, tmp: (areas.add_area, {"unidad_id": d.unidad.id,
                                                                            "nombre": "Trabajo social"}), "administrador"),
    ("inhabil", "supervisor", lambda d, f, tmp: (inhabiles.add_day, {"fecha": date(2026, 12, 24),
                                                                     "motivo": "Acuerdo"}), "administrador"),
    ("retencion", "director", lambda d, f, tmp: (retention.anonymise, {"years": 5}), "administrador"),
]


@pytest.mark.parametrize(("name", "who", "call", "needed"), SERVICES, ids=[case[0] for case in SERVICES])
def test_each_service_refuses_a_role_it_does_not_serve_and_changes_nothing(desk, tmp_path: Path, name, who, call, needed):
    folio = _folio(desk)
    actor = getattr(desk, who)
    service, arguments = call(desk, folio, tmp_path)
    with write_session(desk.engine) as s:
        before = s.execute(select(func.count()).select_from(Evento)).scalar()
    with pytest.raises(PermissionDenied) as refusal, write_session(desk.engine) as s:
        service(session=s, actor=actor, **arguments)
    assert needed in str(refusal.value) and f"su rol es {ROL_LABELS[actor.rol]}" in str(refusal.value)
    with write_session(desk.engine) as s:
        assert s.execute(select(func.count()).select_from(Evento)).scalar() == before
