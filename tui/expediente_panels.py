"""What the expediente screen shows (L15): the petition read with its áreas and calendar, and each section of it
(heading, petitioner, follow-up with the área, answers, notifications, documents, history) as Rich text."""

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from sqlalchemy.orm import Session

from models import Area, Peticion
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS, Estado, Reloj
from services import l3, privacy
from services.actor import Actor
from services.answers import issuer_missing
from services.calendar import BusinessCalendar, local_date
from services.catalogs.areas import list_areas
from services.dates import as_aware, day_text, moment_text
from services.expediente import Expediente, event_detail, load
from services.inhabiles import load_rules
from services.labels import (
    DOCUMENT_NAMES,
    IDENTIFICACION_LABELS,
    MEDIO_LABELS,
    RESULTADO_LABELS,
)
from services.late_declination import days_late
from services.terms import TERM_SOURCES, Terms
from services.triage import CATEGORY_LABELS
from tui.dialogs.expediente_answer import CHECKLIST_SHORT
from tui.printing import folder_lines
from tui.widgets.due import due_label

URGENT_STYLE = "bold white on red"
FOLDER_WIDTH = 44
# States in which a petition that had an answer is with the área again (the answer was returned).
# Where a routed área stands, as the expediente says it on the área's line (L4).
AREA_STAGES = {"canalizada": "esperando su respuesta", "recordatorio_1": "con primer recordatorio",
               "recordatorio_2": "con segundo recordatorio", "oficio_superior": "con oficio al superior",
               "respondida": "respondió"}
ROUTED_AGAIN = frozenset({Estado.CANALIZADA, Estado.RECORDATORIO_1, Estado.RECORDATORIO_2, Estado.OFICIO_SUPERIOR,
                          Estado.PRORROGA})
NO_CLOCK = Text("sin plazo abierto", style="dim")


@dataclass
class ExpedienteView:
    """The expediente plus what the screen needs around it: the unit's áreas, the business calendar and the terms."""

    expediente: Expediente
    areas: list[Area]
    calendar: BusinessCalendar
    terms: Terms


def load_view(*, session: Session, actor: Actor, folio: str) -> ExpedienteView:
    """Read the expediente (the read is recorded), the unit's áreas, the calendar and the terms in one transaction."""
    expediente = load(session=session, actor=actor, folio=folio)
    areas = list_areas(session=session, unidad_id=expediente.peticion.unidad_id, incluir_inactivas=True)
    return ExpedienteView(expediente, areas, *load_rules(session))


def code_name(mapping: dict, value: str | None) -> str:
    """The Spanish name of a stored code, the code itself when unnamed, a dash when empty."""
    return mapping.get(value, value or "—")


def external_text(p) -> Text:
    """«SINAPP S-123 · cerrada el 20/11/2026 · SIDAC 4410», or what is missing there (L1, L15), on its own line."""
    text = Text("SINAPP ", style="dim")
    text.append(p.sinapp_folio or "sin folio", style="" if p.sinapp_folio else "bold")
    if p.sinapp_cerrada_en:
        text.append(f" · cerrada el {day_text(p.sinapp_cerrada_en)}")
    elif p.estado == Estado.CONCLUIDA:
        text.append(" · falta cerrarla allá (tecla X)", style="bold")
    if p.sidac_folio:
        text.append(" · SIDAC ", style="dim")
        text.append(p.sidac_folio)
    text.append("\n")
    return text


def header_text(view: ExpedienteView, today: date) -> Text:
    """Folio, state, tipo, canal, when received, área, the open clock, the urgent flag and the data marker."""
    p = view.expediente.peticion
    text = Text()
    text.append(p.folio, style="bold")
    text.append("  ")
    text.append(f" {code_name(ESTADO_LABELS, p.estado)} ", style="bold reverse")
    text.append(f"  {code_name(TIPO_LABELS, p.tipo)} · {code_name(CANAL_LABELS, p.canal)}\n")
    text.append("Recibida ", style="dim")
    text.append(moment_text(p.recibida_en))
    text.append(" · Área ", style="dim")
    text.append(view.expediente.area.nombre if view.expediente.area else "sin canalizar")
    text.append("\n")
    if p.sinapp_folio or p.sidac_folio or p.estado == Estado.CONCLUIDA:
        text.append_text(external_text(p))
    if p.estado == Estado.CONCLUIDA:
        text.append("Concluida ", style="dim")
        text.append(moment_text(p.concluida_en))
    elif p.vence_en is not None:
        text.append("Vence ", style="dim")
        text.append(day_text(p.vence_en) + " ")
        text.append_text(due_label(p.vence_en, today, view.calendar, unit=" d.h.", none=NO_CLOCK))
        if p.reloj:
            with contextlib.suppress(ValueError, KeyError):
                text.append(f" — {TERM_SOURCES[Reloj(p.reloj)]}", style="dim")
    else:
        text.append("Sin plazo abierto", style="dim")
    if p.urgente:
        text.append("\n")
        category = CATEGORY_LABELS.get(p.triage_categoria, "urgente") if p.triage_categoria else "urgente"
        text.append(" ▲ URGENTE ", style=URGENT_STYLE)
        text.append(f" {category}", style="bold")
        if p.triage_coincidencias:
            words = ", ".join(f"«{w.strip()}»" for w in p.triage_coincidencias.split("|") if w.strip())
            text.append(f" — detectado por: {words}")
        if p.urgencia_alertado_a:
            text.append(f"\n  Se alertó a {p.urgencia_alertado_a}")
            text.append(f" el {moment_text(p.urgencia_alertado_en)}." if p.urgencia_alertado_en else ".")
        else:
            text.append("\n  Falta registrar a quién se alertó en la unidad (tecla U).", style="bold")
    if p.datos_incompletos:
        text.append_text(incomplete_text(view.expediente))
    if p.satisfaccion:
        text.append(f"\nSatisfacción del peticionario: {p.satisfaccion} de 5")
    return text


def incomplete_text(expediente: Expediente) -> Text:
    """«◐ Datos incompletos — faltan: …», with the attempts to reach the petitioner for them (L3)."""
    p = expediente.peticion
    text = Text("\n")
    text.append("◐ Datos incompletos", style="bold magenta")
    missing = l3.assess_record(p, anonima=False).faltan
    if missing:
        text.append(" — faltan: " + ", ".join(missing))
    done = expediente.intentos_contacto
    if expediente.contacto_pendiente:
        text.append(f"\n  Pendiente: contactar al peticionario para completarlos (tecla I); intentos: {done} de "
                    f"{l3.MAX_CONTACT_ATTEMPTS}.")
    elif done >= l3.MAX_CONTACT_ATTEMPTS:
        text.append(f"\n  Se agotaron los {l3.MAX_CONTACT_ATTEMPTS} intentos de contacto; se da seguimiento con los "
                    "datos que hay (L3).", style="bold")
    elif done:
        text.append(f"\n  Intentos de contacto: {done} de {l3.MAX_CONTACT_ATTEMPTS}.")
    elif not l3.reachable(l3.values_of(p)):
        text.append("\n  Sin teléfono, correo ni domicilio para buscarlo: se completan cuando se presente (L3).",
                    style="dim")
    return text


def person_text(peticion: Peticion, revealed: dict | None) -> Text:
    """The petitioner's data, masked unless the officer chose to see it (and that was recorded)."""
    text = Text()
    if revealed is None:
        shown = privacy.masked_person(peticion)
        rows = [("Nombre", shown["nombre"]), ("CURP", shown["curp"]), ("Teléfono", shown["telefono"]),
                ("Correo", shown["correo"]), ("Domicilio", shown["domicilio"]), ("Código postal", shown["codigo_postal"])]
    else:
        name = " ".join(v for v in (revealed["nombre"], revealed["primer_apellido"], revealed["segundo_apellido"]) if v)
        number = " ".join(v for v in (revealed["numero_exterior"], f"int. {revealed['numero_interior']}"
                                      if revealed["numero_interior"] else "") if v)
        address = ", ".join(v for v in (" ".join(v for v in (revealed["calle"], number) if v), revealed["colonia"],
                                         revealed["municipio"], revealed["entidad"]) if v)
        rows = [("Nombre", name or ("Anónimo" if peticion.anonima else "Sin nombre")), ("CURP", revealed["curp"]),
                ("Teléfono", revealed["telefono"]),
                ("Correo", revealed["correo"]), ("Domicilio", address), ("Código postal", revealed["codigo_postal"])]
    for label, value in rows:
        text.append(f"{label + ':':<15}", style="dim")
        text.append(f"{value or '—'}\n")
    if peticion.servidor_publico:
        text.append(f"{'Servidor público involucrado:'} ", style="dim")
        text.append(peticion.servidor_publico + "\n")
    text.append("Aviso de privacidad: ", style="dim")
    text.append("entregado ✓" if peticion.aviso_privacidad else "no consta")
    if revealed is None:
        text.append("\nDatos ocultos. M: Mostrar datos (la consulta queda registrada con su nombre).", style="italic")
    else:
        text.append("\nDatos mostrados; la consulta quedó registrada con su nombre (L16).", style="italic")
    return text


def followup_text(view: ExpedienteView) -> Text | None:
    """Routings, reminders and oficios, declinations (late ones with their days), prórrogas and the SAD's measures."""
    e = view.expediente
    names = {area.id: area.nombre for area in view.areas}
    text = Text()
    for routing_row in e.canalizaciones:
        text.append("Canalizada ", style="dim")
        text.append(f"{moment_text(routing_row.canalizada_en)} a {names.get(routing_row.area_id, '—')}")
        text.append(f" · seguimiento hasta {day_text(routing_row.vence_seguimiento)}"
                    f" · declinar hasta {day_text(routing_row.vence_declinacion)}")
        if not routing_row.activa:
            text.append(" · ya no vigente\n", style="dim")
            continue
        # Each área in force says where it stands and its own term (L4), as F4 lists it.
        text.append(f" · {AREA_STAGES.get(routing_row.etapa, routing_row.etapa)}", style="bold")
        due = f", vence {day_text(routing_row.vence_en)}" if routing_row.reloj and routing_row.vence_en else ""
        text.append(f"{due}\n")
    for reminder in e.recordatorios:
        text.append(f"{DOCUMENT_NAMES.get(reminder.tipo, reminder.tipo)} ", style="bold")
        text.append(f"oficio {reminder.numero} · enviado {moment_text(reminder.enviado_en)} · "
                    f"vence {day_text(reminder.vence_en)}\n")
    routings = {row.id: row for row in e.canalizaciones}
    for declined in e.declinaciones:
        text.append("Declinación ", style="bold")
        text.append(f"{moment_text(declined.declarada_en)} · {names.get(declined.area_id, '—')} · ")
        if declined.en_plazo:
            text.append("en plazo (L9) ✓")
        else:
            text.append(late_text(view, declined, routings.get(declined.canalizacion_id)), style="bold")
        text.append(" · motivo: ", style="dim")
        text.append(declined.motivo + "\n")
    for extension in e.prorrogas:
        text.append("Prórroga ", style="bold")
        text.append(f"hasta {day_text(extension.nueva_fecha)} · "
                    f"SAD informada {moment_text(extension.sad_informada_en)} · "
                    f"peticionario informado {moment_text(extension.peticionario_contactado_en)} · motivo: ")
        text.append(extension.motivo + "\n")
    measures_text(view, text)
    text.rstrip()
    return text if text.plain else None


def late_text(view: ExpedienteView, declined, routing_row) -> str:
    """«fuera del plazo de L9 ✗ (2 d.h. tarde; vencía el 17/11/2026)»: the late declination as recorded (L9)."""
    if routing_row is None:
        return "fuera del plazo de L9 ✗"
    late = days_late(view.calendar, routing_row.vence_declinacion, local_date(as_aware(declined.declarada_en)))
    return (f"fuera del plazo de L9 ✗ ({late} d.h. tarde; vencía el {day_text(routing_row.vence_declinacion)}; "
            "se informa en el Anexo 1)")


def declination_note(view: ExpedienteView, today: date) -> str:
    """What the declination dialog adds when L9's term already ran out: it will be recorded as late."""
    active = [row for row in view.expediente.canalizaciones if row.activa]
    if not active:
        return ""
    due = active[-1].vence_declinacion
    late = days_late(view.calendar, due, today)
    if not late:
        return ""
    return (f"\nFuera del plazo de L9: vencía el {day_text(due)} ({late} d.h. tarde). Queda registrada como declinación "
            "extemporánea y se informa a la SAD en el Anexo 1 (L9, L17).")


def measures_text(view: ExpedienteView, text: Text) -> None:
    """Append each measure agreed with the SAD (L11): what, who answers for it, when agreed, due, fulfilled."""
    due_of = {row.id: row.nueva_fecha for row in view.expediente.prorrogas}
    for measure in view.expediente.medidas:
        text.append("Medida SAD ", style="bold")
        due = measure.vence_en or due_of.get(measure.prorroga_id or 0)
        text.append(f"acordada {day_text(measure.acordada_en)} · responsable: {measure.responsable} · "
                    f"cumplir a más tardar {day_text(due)} · ")
        if measure.cumplida_en:
            text.append(f"cumplida {moment_text(measure.cumplida_en)} ✓", style="bold")
        else:
            text.append("pendiente", style="bold")
        text.append(" · medida: ", style="dim")
        text.append(measure.descripcion + ("" if not measure.cumplimiento else f" · cómo: {measure.cumplimiento}") + "\n")


def routings_in_force(view: ExpedienteView) -> list:
    """The routings of the petition no área declined (L4)."""
    return [r for r in view.expediente.canalizaciones if r.activa]


def latest_answer(view: ExpedienteView, area_id: int | None):
    """The latest answer of the área (of the petition when no área is given), or None."""
    answers = [a for a in view.expediente.respuestas if area_id is None or a.area_id == area_id]
    return answers[-1] if answers else None


def answers_in_force(view: ExpedienteView) -> list:
    """Each área in force that answered, with its latest answer: what the director signs (L4, L13)."""
    names = {area.id: area.nombre for area in view.areas}
    return [(names.get(r.area_id, "—"), answer) for r in routings_in_force(view)
            if r.etapa == "respondida" and (answer := latest_answer(view, r.area_id)) is not None]


def answers_text(view: ExpedienteView, signer: str) -> Text | None:
    """Each answer: its text, solution, who issues it, the L12 review and the signature."""
    e = view.expediente
    if not e.respuestas:
        return None
    names = {area.id: area.nombre for area in view.areas}
    text = Text()
    # Each área's latest answer is in force (L4); an earlier one of the same área was replaced.
    last = {answer.area_id: answer for answer in e.respuestas}
    waiting = {r.area_id for r in e.canalizaciones if r.activa and r.etapa != "respondida"}
    for answer in e.respuestas:
        if answer is not last[answer.area_id]:
            text.append("Sustituida por la respuesta corregida · ", style="dim")
        elif e.peticion.estado in ROUTED_AGAIN and (answer.area_id in waiting or not e.canalizaciones):
            text.append("Devuelta al área para corregirla · ", style="dim")
        text.append(f"Recibida {moment_text(answer.recibida_en)}", style="bold")
        text.append(f" · de {names.get(answer.area_id, '—') if answer.area_id else '—'}\n")
        text.append(answer.texto + "\n")
        if answer.solucion:
            text.append("Solución: ", style="dim")
            text.append(answer.solucion + "\n")
        issued = ", ".join(v for v in (answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono) if v)
        text.append("Emite: ", style="dim")
        text.append((issued or "sin datos de quien la emite") + "\n")
        text.append("Revisión L12: ", style="dim")
        issuer = answer_issuer_complete(answer)
        text.append(" · ".join(("✓ " if (issuer if name == "datos_firmante" else getattr(answer, name)) else "✗ ")
                               + label for name, label in CHECKLIST_SHORT.items()) + "\n")
        if answer.firmada_en:
            text.append(f"Firmada por {signer or 'el director'} el {moment_text(answer.firmada_en)} ✓\n", style="bold")
        else:
            text.append("Sin firmar: la firma el director (L13).\n", style="bold")
        text.append("\n")
    text.rstrip()
    return text


def answer_issuer_complete(answer) -> bool:
    """Whether the answer names who issues it with cargo and phone: the mark shows what is there, not what was ticked."""
    return issuer_missing(answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono) is None


def notifications_text(view: ExpedienteView, revealed: bool) -> Text | None:
    """Every attempt to tell the petitioner, a delivery with the ID shown (masked unless revealed), and what next."""
    e = view.expediente
    text = Text()
    for attempt in e.notificaciones:
        text.append(moment_text(attempt.intentada_en) + " · ")
        text.append(f"{code_name(MEDIO_LABELS, attempt.medio)} · ")
        text.append(code_name(RESULTADO_LABELS, attempt.resultado), style="bold")
        if attempt.acuse_firmado:
            text.append(" · acuse firmado ✓")
        if attempt.recibe_nombre:
            person = attempt.recibe_nombre if revealed else privacy.mask_name(attempt.recibe_nombre)
            number = attempt.identificacion_numero if revealed else privacy.mask_phone(attempt.identificacion_numero)
            id_name = code_name(IDENTIFICACION_LABELS, attempt.identificacion_tipo)
            text.append(f" · recibe {person} ({id_name} {number})")
            if attempt.tercero:
                text.append(" · tercero con carta poder" if attempt.carta_poder else " · tercero")
        if attempt.detalle:
            text.append(" · ")
            text.append(attempt.detalle)
        text.append("\n")
    advice = next_step_text(view)
    if advice:
        text.append("▸ " + advice, style="bold")
    text.rstrip()
    return text if text.plain else None


def next_step_text(view: ExpedienteView) -> str:
    """What the desk does next to tell the petitioner (L14), from the data they gave and what was tried."""
    p, plan = view.expediente.peticion, view.expediente.plan
    if plan is None:
        return ""
    if p.estado == Estado.FIRMADA:
        return plan.summary()
    if p.estado == Estado.EN_RESGUARDO:
        return ("En resguardo: se entrega en persona cuando el peticionario acuda (T). Para concluir: al menos un "
                "intento registrado y la constancia de notificación generada después del último (K).")
    return ""


def documents_text(view: ExpedienteView) -> Text | None:
    """The files of the expediente, with their SHA-256 and where they are."""
    e = view.expediente
    if not e.documentos:
        return None
    text = Text()
    for document in e.documentos:
        text.append(f"{moment_text(document.creado_en)} · ")
        text.append(DOCUMENT_NAMES.get(document.tipo, document.tipo), style="bold")
        text.append(" · ")
        text.append(document.nombre)
        text.append(f" · SHA-256 {document.sha256[:12]}…\n", style="dim")
        # The folder, broken only after «/», so a narrow panel never cuts a name in two (the name is above).
        for line in folder_lines(Path(document.ruta).parent, FOLDER_WIDTH):
            text.append(f"  {line}\n", style="dim")
    text.rstrip()
    return text


def signer_name(view: ExpedienteView) -> str:
    """Who signed the latest answer, as the «firmar» event recorded it."""
    for evento in reversed(view.expediente.eventos):
        if evento.accion == "firmar":
            return str(event_detail(evento).get("firmada_por", evento.actor))
    return ""
