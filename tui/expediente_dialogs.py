"""Which dialog each action of the expediente opens, and the question asked before an escalation letter goes out."""

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from textual.screen import ModalScreen

from models.enums import Reloj
from services import answers, delivery, extensions, routing, urgency
from services.dates import day_text
from tui.dialogs.expediente_answer import AnswerDialog, CorrectedAnswerDialog, SignDialog
from tui.dialogs.expediente_attach import AttachDialog
from tui.dialogs.expediente_common import ReasonActionDialog
from tui.dialogs.expediente_correction import AreaCorrectionDialog, reopen_dialog
from tui.dialogs.expediente_delivery import DeliverDialog, NotifyDialog
from tui.dialogs.expediente_external import ExternalSystemsDialog
from tui.dialogs.expediente_person import ContactAttemptDialog, PersonDataDialog
from tui.dialogs.expediente_routing import ProrrogaDialog, RouteDialog
from tui.dialogs.expediente_sad import FulfilDialog, MeasureDialog
from tui.dialogs.expediente_urgency import RaiseUrgencyDialog
from tui.dialogs.printing import DocumentChoiceDialog
from tui.expediente_panels import (
    ExpedienteView,
    answers_in_force,
    declination_note,
    latest_answer,
    next_step_text,
    routings_in_force,
)


def action_dialogs(view: ExpedienteView, folio: str, *, revealed: bool, today: date, data_dir: Path,
                   area_id: int | None = None) -> dict[str, Callable[[], ModalScreen]]:
    """The dialog each action opens, built only when its key is pressed; `area_id` is the área it concerns (L4)."""
    p = view.expediente.peticion
    area = view.expediente.areas.get(area_id) if area_id is not None else view.expediente.area
    terms = (view.terms.days(p.tipo, Reloj.SEGUIMIENTO), view.terms.days(p.tipo, Reloj.DECLINACION))
    return {
        "canalizar": lambda: RouteDialog(folio, [a for a in view.areas if a.activa],
                                         {d.area_id for d in view.expediente.declinaciones}, terms,
                                         routed={r.area_id for r in view.expediente.canalizaciones if r.activa}),
        "declinar": lambda: ReasonActionDialog(
            folio, title="Declinación del área (no competencia, L9)", service=partial(routing.decline, area_id=area_id),
            field="motivo", prompt="Motivo por el que el área declara no ser competente",
            confirm="Registrar declinación",
            note=f"Área: {area.nombre if area else '—'}. " + (
                "La petición sigue con las demás áreas." if len(routings_in_force(view)) > 1
                else "La petición vuelve a canalizarse a otra área.") + declination_note(view, today)),
        "prorroga": lambda: ProrrogaDialog(folio, p.vence_en, extensions.latest_date(view.calendar, today)),
        "medida_sad": lambda: MeasureDialog(folio, view.expediente.prorrogas[-1].nueva_fecha),
        "cumplir_medida": lambda: FulfilDialog(folio, [m for m in view.expediente.medidas if m.cumplida_en is None]),
        "respuesta": lambda: AnswerDialog(folio, area, area_id=area_id),
        "corregir_respuesta": lambda: CorrectedAnswerDialog(folio, area, latest_answer(view, area_id), area_id=area_id),
        "devolver_area": lambda: ReasonActionDialog(
            folio, title="Devolver la respuesta al área (L12)", service=partial(answers.return_to_area, area_id=area_id),
            field="motivo", prompt="¿Qué debe corregir el área?", confirm="Devolver al área",
            note=f"Área: {area.nombre if area else '—'}. La respuesta queda en el "
                 "expediente y el área tiene de nuevo 3 días hábiles desde hoy (L5)."),
        "firmar": lambda: SignDialog.of(folio, answers_in_force(view), latest_answer(view, None)),
        "notificar": lambda: NotifyDialog(folio, p.canal, next_step_text(view)),
        "entregar": lambda: DeliverDialog(folio),
        "concluir_orientacion": lambda: ReasonActionDialog(
            folio, title="Concluir la orientación en el módulo", service=delivery.conclude_orientation,
            field="nota", prompt="¿Qué orientación se dio al peticionario?", confirm="Concluir"),
        "descartar_urgencia": lambda: ReasonActionDialog(
            folio, title="Descartar la urgencia (L2)", service=urgency.clear, field="motivo",
            prompt="¿Por qué no es urgente?", confirm="Descartar urgencia",
            note="El motivo queda en el expediente; la petición deja de ir al principio de las listas."),
        "marcar_urgente": lambda: RaiseUrgencyDialog(folio),
        "completar_datos": lambda: PersonDataDialog(folio, p, revealed),
        "intento_contacto": lambda: ContactAttemptDialog(folio),
        "adjuntar": lambda: AttachDialog(folio),
        "sistemas_externos": lambda: ExternalSystemsDialog(folio, p),
        "corregir_area": lambda: AreaCorrectionDialog(folio, [a for a in view.areas if a.activa], view.expediente.area,
                                                      terms),
        "reabrir": lambda: reopen_dialog(folio),
        "imprimir_documento": lambda: DocumentChoiceDialog(folio, view.expediente.documentos, data_dir),
    }


def escalation_question(view: ExpedienteView, folio: str, step: str, area_id: int | None) -> str:
    """The confirmation asked before a reminder or the oficio al superior goes out to one área (L6–L8)."""
    area = view.expediente.areas.get(area_id) if area_id is not None else view.expediente.area
    routed = next((r for r in view.expediente.canalizaciones if r.activa and r.area_id == area_id), None)
    what = {"recordatorio_1": "el primer recordatorio al área", "recordatorio_2": "el segundo recordatorio al área",
            "oficio_superior": "el oficio al superior jerárquico del área"}[step]
    lines = [f"¿Enviar {what}?", "", f"Folio: {folio}", f"Área: {area.nombre if area else '—'}"]
    if area is not None and step == "oficio_superior":
        lines.append(f"Para: {area.superior_nombre or '(sin superior registrado)'}"
                     + (f", {area.superior_cargo}" if area.superior_cargo else ""))
    elif area is not None:
        lines.append(f"Enlace: {area.enlace_nombre or '(sin enlace registrado)'}")
    due = routed.vence_en if routed is not None else view.expediente.peticion.vence_en
    if due:
        lines.append(f"Plazo del área: {day_text(due)}.")
    lines += ["", "Queda registrado con número de oficio y abre el plazo siguiente del área."]
    return "\n".join(lines)
