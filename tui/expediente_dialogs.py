"""Which dialog each action of the expediente opens, and the question asked before an escalation letter goes out."""

from collections.abc import Callable
from datetime import date

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
from tui.expediente_panels import ExpedienteView, declination_note, next_step_text


def action_dialogs(view: ExpedienteView, folio: str, *, revealed: bool,
                   today: date) -> dict[str, Callable[[], ModalScreen]]:
    """The dialog each action opens, built only when its key is pressed."""
    p = view.expediente.peticion
    return {
        "canalizar": lambda: RouteDialog(folio, [a for a in view.areas if a.activa],
                                         {d.area_id for d in view.expediente.declinaciones},
                                         (view.terms.days(p.tipo, Reloj.SEGUIMIENTO),
                                          view.terms.days(p.tipo, Reloj.DECLINACION))),
        "declinar": lambda: ReasonActionDialog(
            folio, title="Declinación del área (no competencia, L9)", service=routing.decline, field="motivo",
            prompt="Motivo por el que el área declara no ser competente", confirm="Registrar declinación",
            note=f"Área: {view.expediente.area.nombre if view.expediente.area else '—'}. La petición vuelve a "
                 "canalizarse a otra área." + declination_note(view, today)),
        "prorroga": lambda: ProrrogaDialog(folio, p.vence_en, extensions.latest_date(view.calendar, today)),
        "medida_sad": lambda: MeasureDialog(folio, view.expediente.prorrogas[-1].nueva_fecha),
        "cumplir_medida": lambda: FulfilDialog(folio, [m for m in view.expediente.medidas if m.cumplida_en is None]),
        "respuesta": lambda: AnswerDialog(folio, view.expediente.area),
        "corregir_respuesta": lambda: CorrectedAnswerDialog(folio, view.expediente.area,
                                                            view.expediente.respuestas[-1]),
        "devolver_area": lambda: ReasonActionDialog(
            folio, title="Devolver la respuesta al área (L12)", service=answers.return_to_area, field="motivo",
            prompt="¿Qué debe corregir el área?", confirm="Devolver al área",
            note=f"Área: {view.expediente.area.nombre if view.expediente.area else '—'}. La respuesta queda en el "
                 "expediente y el área tiene de nuevo 3 días hábiles desde hoy (L5)."),
        "firmar": lambda: SignDialog(folio, view.expediente.respuestas[-1] if view.expediente.respuestas else None),
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
                                                      (view.terms.days(p.tipo, Reloj.SEGUIMIENTO),
                                                       view.terms.days(p.tipo, Reloj.DECLINACION))),
        "reabrir": lambda: reopen_dialog(folio),
    }


def escalation_question(view: ExpedienteView, folio: str, step: str) -> str:
    """The confirmation asked before a reminder or the oficio al superior goes out (L6–L8)."""
    area = view.expediente.area
    what = {"recordatorio_1": "el primer recordatorio al área", "recordatorio_2": "el segundo recordatorio al área",
            "oficio_superior": "el oficio al superior jerárquico del área"}[step]
    lines = [f"¿Enviar {what}?", "", f"Folio: {folio}", f"Área: {area.nombre if area else '—'}"]
    if area is not None and step == "oficio_superior":
        lines.append(f"Para: {area.superior_nombre or '(sin superior registrado)'}"
                     + (f", {area.superior_cargo}" if area.superior_cargo else ""))
    elif area is not None:
        lines.append(f"Enlace: {area.enlace_nombre or '(sin enlace registrado)'}")
    p = view.expediente.peticion
    if p.vence_en:
        lines.append(f"Plazo del área: {day_text(p.vence_en)}.")
    lines += ["", "Queda registrado con número de oficio y abre el plazo siguiente del área."]
    return "\n".join(lines)

