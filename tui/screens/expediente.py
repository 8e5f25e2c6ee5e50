"""Expediente (L15): everything about one petition, its timeline of events, and each step allowed now, from the keyboard."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from models import Area, Peticion
from models.enums import CANAL_LABELS, ESTADO_LABELS, TIPO_LABELS, Estado, Reloj
from models.petition_io import FIELD_LABELS, PersonData
from services import delivery, paperwork, privacy, routing, urgency
from services.actor import ACTION_ROLES, Actor, require
from services.calendar import MEXICO_CITY, BusinessCalendar, today_local
from services.catalogs.areas import list_areas
from services.errors import PermissionDenied
from services.expediente import Expediente, event_detail, load
from services.inhabiles import load_calendar
from services.lifecycle import STEPS
from services.terms import TERM_SOURCES
from services.triage import CATEGORY_LABELS
from tui.dialogs.common import ConfirmDialog
from tui.dialogs.expediente_answer import CHECKLIST_SHORT, AnswerDialog, SignDialog
from tui.dialogs.expediente_attach import AttachDialog
from tui.dialogs.expediente_common import ReasonActionDialog
from tui.dialogs.expediente_delivery import IDENTIFICACIONES, MEDIOS, RESULTADOS, DeliverDialog, NotifyDialog
from tui.dialogs.expediente_person import ContactAttemptDialog, PersonDataDialog
from tui.dialogs.expediente_routing import ProrrogaDialog, RouteDialog
from tui.dialogs.expediente_urgency import ConfirmUrgencyDialog, RaiseUrgencyDialog
from tui.widgets.desk_header import DeskHeader
from tui.widgets.due import due_label
from tui.work import call

URGENT_STYLE = "bold white on red"
NO_CLOCK = Text("sin plazo abierto", style="dim")
# One letter per action, the same in every state; steps that never coexist share one (the three escalations,
# the two ways to conclude).
STEP_KEYS = {
    "canalizar": "a", "declinar": "d", "recordatorio_1": "s", "recordatorio_2": "s", "oficio_superior": "s",
    "prorroga": "p", "respuesta": "r", "firmar": "f", "notificar": "n", "resguardo": "g", "entregar": "t",
    "concluir": "c", "concluir_orientacion": "c",
}
# The usual next step first, so that Enter on the panel's first line is most often what the officer wants.
STEP_ORDER = ("canalizar", "respuesta", "firmar", "notificar", "entregar", "concluir", "concluir_orientacion",
              "recordatorio_1", "recordatorio_2", "oficio_superior", "prorroga", "resguardo", "declinar")
PANEL_LABELS = {
    "canalizar": "Canalizar a un área", "declinar": "Declinación del área", "recordatorio_1": "Primer recordatorio",
    "recordatorio_2": "Segundo recordatorio", "oficio_superior": "Oficio al superior", "prorroga": "Prórroga",
    "respuesta": "Registrar respuesta", "firmar": "Firmar respuesta", "notificar": "Notificar",
    "resguardo": "Poner en resguardo", "entregar": "Entregar en persona", "concluir": "Concluir",
    "concluir_orientacion": "Concluir orientación", "confirmar_urgencia": "Confirmar urgencia",
    "marcar_urgente": "Marcar urgente", "descartar_urgencia": "Descartar urgencia",
    "completar_datos": "Completar datos", "intento_contacto": "Intento de contacto", "adjuntar": "Adjuntar archivo",
    "mostrar_datos": "Mostrar datos", "imprimir_acuse": "Imprimir acuse de recibo",
    "imprimir_constancia": "Constancia de notificación",
}
KEY_NAMES = {"a": "Canalizar", "d": "Declinación", "s": "Recordatorio u oficio", "p": "Prórroga",
             "r": "Registrar respuesta", "f": "Firmar", "n": "Notificar", "g": "Resguardo", "t": "Entregar",
             "c": "Concluir", "u": "Urgencia", "q": "Descartar urgencia", "e": "Completar datos",
             "i": "Intento de contacto", "j": "Adjuntar archivo", "m": "Mostrar datos", "o": "Imprimir acuse",
             "k": "Constancia de notificación"}
KEY_PERMISSIONS = {"u": "urgencia", "q": "urgencia", "e": "datos", "i": "datos", "j": "registrar", "o": "registrar",
                   "k": "notificar"}
EVENT_LABELS = {
    **{name: step.etiqueta for name, step in STEPS.items()},
    "registrar": "Registro de la petición",
    "notificar": "Notificación al peticionario",
    "urgencia_confirmada": "Urgencia confirmada",
    "urgencia_descartada": "Urgencia descartada",
    "urgencia_manual": "Marcada urgente a mano",
    "datos_actualizados": "Datos del peticionario actualizados",
    "datos_revelados": "Datos personales consultados",
    "intento_completar_datos": "Intento de completar datos",
    "documento_generado": "Documento generado",
    "adjuntar": "Archivo adjuntado",
    "acuse_buzon": "Aviso de recepción de la hoja de buzón",
    "anonimizar": "Datos anonimizados por retención",
    "arco_acceso": "Derecho ARCO: acceso",
    "arco_rectificacion": "Derecho ARCO: rectificación",
    "arco_cancelacion": "Derecho ARCO: cancelación",
    "arco_oposicion": "Derecho ARCO: oposición",
}
DETAIL_LABELS = {
    "area": "área", "vence": "vence", "motivo": "motivo", "oficio": "oficio", "nueva_fecha": "nueva fecha",
    "sad_informada_en": "SAD informada", "peticionario_contactado_en": "peticionario informado",
    "recibida_en": "recibida", "notificar_a_mas_tardar": "notificar a más tardar", "firmada_por": "firmó",
    "medio": "medio", "resultado": "resultado", "satisfaccion": "satisfacción", "identificacion": "identificación",
    "tercero": "entregada a un tercero", "nota": "nota", "categoria": "categoría", "alertado_a": "se alertó a",
    "alertado_en": "a las", "campos": "campos", "datos_incompletos": "datos incompletos", "archivo": "archivo",
    "sha256": "SHA-256", "tipo": "tipo", "canal": "canal", "folio": "folio", "en_plazo_L9": "en plazo (L9)",
    "plazo_L9": "plazo L9", "bytes": "tamaño", "datos_faltantes": "faltan", "triage": "detección",
    "coincidencias": "palabras", "retencion_anos": "años de retención",
}
# Kept in the event for the software (the folio is already in the heading; the draft token only matches drafts).
HIDDEN_DETAILS = frozenset({"folio", "borrador"})
VALUE_LABELS = {
    **dict(MEDIOS), **dict(RESULTADOS), **dict(IDENTIFICACIONES), **CATEGORY_LABELS,
    **{k.value: v for k, v in TIPO_LABELS.items()}, **{k.value: v for k, v in CANAL_LABELS.items()},
    **{name: label for name, label in FIELD_LABELS.items()},
}
DOCUMENT_KINDS = {"acuse": "Acuse de recibo", "recordatorio_1": "Primer recordatorio",
                  "recordatorio_2": "Segundo recordatorio", "oficio_superior": "Oficio al superior jerárquico",
                  "constancia": "Constancia de notificación", "adjunto": "Archivo adjunto"}
RECORDATORIO_NAMES = {"recordatorio_1": "Primer recordatorio", "recordatorio_2": "Segundo recordatorio",
                      "oficio_superior": "Oficio al superior jerárquico"}


@dataclass
class ExpedienteView:
    """The expediente plus what the screen needs around it: the unit's áreas and the business calendar."""

    expediente: Expediente
    areas: list[Area]
    calendar: BusinessCalendar


def load_view(*, session, actor: Actor, folio: str) -> ExpedienteView:
    """Read the expediente (the read is recorded), the unit's áreas and the calendar in one transaction."""
    expediente = load(session=session, actor=actor, folio=folio)
    areas = list_areas(session=session, unidad_id=expediente.peticion.unidad_id, incluir_inactivas=True)
    return ExpedienteView(expediente, areas, load_calendar(session))


def when_text(moment: datetime | None) -> str:
    """dd/mm/aaaa hh:mm in Mexico City."""
    return moment.astimezone(MEXICO_CITY).strftime("%d/%m/%Y %H:%M") if moment else "—"


def day_text(day: date | None) -> str:
    """dd/mm/aaaa."""
    return day.strftime("%d/%m/%Y") if day else "—"


def _label(mapping: dict, value: str | None) -> str:
    return mapping.get(value, value or "—")


def missing_data(peticion: Peticion) -> list[str]:
    """Spanish names of the L3 data the petition still lacks."""
    return PersonData.model_construct(**{name: getattr(peticion, name) or "" for name in PersonData.model_fields}).missing()


def header_text(view: ExpedienteView, today: date) -> Text:
    """Folio, state, tipo, canal, when received, área, the open clock, the urgent flag and the data marker."""
    p = view.expediente.peticion
    text = Text()
    text.append(p.folio, style="bold")
    text.append("  ")
    text.append(f" {_label(ESTADO_LABELS, p.estado)} ", style="bold reverse")
    text.append(f"  {_label(TIPO_LABELS, p.tipo)} · {_label(CANAL_LABELS, p.canal)}\n")
    text.append("Recibida ", style="dim")
    text.append(when_text(p.recibida_en))
    text.append(" · Área ", style="dim")
    text.append(view.expediente.area.nombre if view.expediente.area else "sin canalizar")
    text.append("\n")
    if p.estado == Estado.CONCLUIDA:
        text.append("Concluida ", style="dim")
        text.append(when_text(p.concluida_en))
    elif p.vence_en is not None:
        text.append("Vence ", style="dim")
        text.append(day_text(p.vence_en) + " ")
        text.append_text(due_label(p.vence_en, today, view.calendar, unit=" d.h.", none=NO_CLOCK))
        if p.reloj:
            try:
                text.append(f" — {TERM_SOURCES[Reloj(p.reloj)]}", style="dim")
            except (ValueError, KeyError):
                pass
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
            text.append(f" el {when_text(p.urgencia_alertado_en)}." if p.urgencia_alertado_en else ".")
        else:
            text.append("\n  Falta registrar a quién se alertó en la unidad (tecla U).", style="bold")
    if p.datos_incompletos:
        text.append("\n")
        text.append("◐ Datos incompletos", style="bold magenta")
        missing = missing_data(p)
        if missing:
            text.append(" — faltan: " + ", ".join(missing))
    if p.satisfaccion:
        text.append(f"\nSatisfacción del peticionario: {p.satisfaccion} de 5")
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
        rows = [("Nombre", name or "Anónimo"), ("CURP", revealed["curp"]), ("Teléfono", revealed["telefono"]),
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
    """Routings, reminders and oficios, declinations and prórrogas, one line each."""
    e = view.expediente
    names = {area.id: area.nombre for area in view.areas}
    text = Text()
    for routing_row in e.canalizaciones:
        text.append("Canalizada ", style="dim")
        text.append(f"{when_text(routing_row.canalizada_en)} a {names.get(routing_row.area_id, '—')}")
        text.append(f" · seguimiento hasta {day_text(routing_row.vence_seguimiento)}"
                    f" · declinar hasta {day_text(routing_row.vence_declinacion)}")
        text.append(" · vigente\n" if routing_row.activa else " · ya no vigente\n", style="dim")
    for reminder in e.recordatorios:
        text.append(f"{RECORDATORIO_NAMES.get(reminder.tipo, reminder.tipo)} ", style="bold")
        text.append(f"oficio {reminder.numero} · enviado {when_text(reminder.enviado_en)} · "
                    f"vence {day_text(reminder.vence_en)}\n")
    for declined in e.declinaciones:
        text.append("Declinación ", style="bold")
        text.append(f"{when_text(declined.declarada_en)} · {names.get(declined.area_id, '—')} · ")
        text.append("en plazo (L9) ✓" if declined.en_plazo else "fuera del plazo de L9 ✗")
        text.append(" · motivo: ", style="dim")
        text.append(declined.motivo + "\n")
    for extension in e.prorrogas:
        text.append("Prórroga ", style="bold")
        text.append(f"hasta {day_text(extension.nueva_fecha)} · SAD informada {when_text(extension.sad_informada_en)} · "
                    f"peticionario informado {when_text(extension.peticionario_contactado_en)} · motivo: ")
        text.append(extension.motivo + "\n")
    text.rstrip()
    return text if text.plain else None


def answers_text(view: ExpedienteView, signer: str) -> Text | None:
    """Each answer: its text, solution, who issues it, the L12 review and the signature."""
    e = view.expediente
    if not e.respuestas:
        return None
    names = {area.id: area.nombre for area in view.areas}
    text = Text()
    for answer in e.respuestas:
        text.append(f"Recibida {when_text(answer.recibida_en)}", style="bold")
        text.append(f" · de {names.get(answer.area_id, '—')}\n")
        text.append(answer.texto + "\n")
        if answer.solucion:
            text.append("Solución: ", style="dim")
            text.append(answer.solucion + "\n")
        issued = ", ".join(v for v in (answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono) if v)
        text.append("Emite: ", style="dim")
        text.append((issued or "sin datos de quien la emite") + "\n")
        text.append("Revisión L12: ", style="dim")
        text.append(" · ".join(("✓ " if getattr(answer, name) else "✗ ") + label
                               for name, label in CHECKLIST_SHORT.items()) + "\n")
        if answer.firmada_en:
            text.append(f"Firmada por {signer or 'el director'} el {when_text(answer.firmada_en)} ✓\n", style="bold")
        else:
            text.append("Sin firmar: la firma el director (L13).\n", style="bold")
        text.append("\n")
    text.rstrip()
    return text


def notifications_text(view: ExpedienteView, revealed: bool) -> Text | None:
    """Every attempt to tell the petitioner, and a delivery with the ID shown (masked unless revealed)."""
    e = view.expediente
    if not e.notificaciones:
        return None
    text = Text()
    for attempt in e.notificaciones:
        text.append(when_text(attempt.intentada_en) + " · ")
        text.append(f"{_label(dict(MEDIOS), attempt.medio)} · ")
        text.append(_label(dict(RESULTADOS), attempt.resultado), style="bold")
        if attempt.acuse_firmado:
            text.append(" · acuse firmado ✓")
        if attempt.recibe_nombre:
            person = attempt.recibe_nombre if revealed else privacy.mask_name(attempt.recibe_nombre)
            number = attempt.identificacion_numero if revealed else privacy.mask_phone(attempt.identificacion_numero)
            text.append(f" · recibe {person} ({_label(dict(IDENTIFICACIONES), attempt.identificacion_tipo)} {number})")
            if attempt.tercero:
                text.append(" · tercero con carta poder" if attempt.carta_poder else " · tercero")
        if attempt.detalle:
            text.append(" · ")
            text.append(attempt.detalle)
        text.append("\n")
    text.rstrip()
    return text


def documents_text(view: ExpedienteView) -> Text | None:
    """The files of the expediente, with their SHA-256 and where they are."""
    e = view.expediente
    if not e.documentos:
        return None
    text = Text()
    for document in e.documentos:
        text.append(f"{when_text(document.creado_en)} · ")
        text.append(DOCUMENT_KINDS.get(document.tipo, document.tipo), style="bold")
        text.append(" · ")
        text.append(document.nombre)
        text.append(f" · SHA-256 {document.sha256[:12]}…\n", style="dim")
        text.append("  ")
        text.append(document.ruta + "\n", style="dim")
    text.rstrip()
    return text


def detail_value(key: str, value: Any) -> str:
    """One value of an event's detail in words: dates as dd/mm/aaaa, yes/no, lists joined, codes as labels."""
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, list):
        return ", ".join(detail_value(key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{DETAIL_LABELS.get(k, k)}: {detail_value(k, v)}" for k, v in value.items() if v not in (None, ""))
    if key == "sha256" and isinstance(value, str):
        return value[:12] + "…"
    if key == "bytes" and isinstance(value, int):
        return f"{value / 1024:.0f} KB" if value < 1024 * 1024 else f"{value / (1024 * 1024):.1f} MB"
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return day_text(date.fromisoformat(value))
            if len(value) > 10 and value[4] == "-" and "T" in value:
                return when_text(datetime.fromisoformat(value))
        except ValueError:
            pass
        return VALUE_LABELS.get(value, value)
    return str(value)


def detail_summary(detail: dict) -> str:
    """An event's detail as «área: Farmacia · vence: 25/11/2026», long texts cut."""
    parts = []
    for key, value in detail.items():
        if value is None or value == "" or value == [] or key in HIDDEN_DETAILS:
            continue
        shown = detail_value(key, value)
        if len(shown) > 120:
            shown = shown[:119] + "…"
        parts.append(f"{DETAIL_LABELS.get(key, key.replace('_', ' '))}: {shown}")
    return " · ".join(parts)


def timeline_text(view: ExpedienteView) -> Text:
    """Every event, oldest first: when, what, from which state to which, who, and the detail in words."""
    text = Text()
    for evento in view.expediente.eventos:
        text.append(when_text(evento.ocurrido_en) + "  ", style="dim")
        text.append(EVENT_LABELS.get(evento.accion, evento.accion.replace("_", " ").capitalize()), style="bold")
        if evento.estado_nuevo and evento.estado_nuevo != evento.estado_anterior:
            before = f"{_label(ESTADO_LABELS, evento.estado_anterior)} " if evento.estado_anterior else ""
            text.append(f"  ({before}→ {_label(ESTADO_LABELS, evento.estado_nuevo)})")
        text.append("\n    ")
        text.append(f"por {evento.actor or 'sistema'}", style="dim")
        summary = detail_summary(event_detail(evento, view.expediente.personales.get(evento.id)))
        if summary:
            text.append(" · ")
            text.append(summary)
        text.append("\n")
    text.rstrip()
    return text if text.plain else Text("Sin eventos.")


def signer_name(view: ExpedienteView) -> str:
    """Who signed the latest answer, as the «firmar» event recorded it."""
    for evento in reversed(view.expediente.eventos):
        if evento.accion == "firmar":
            return str(event_detail(evento).get("firmada_por", evento.actor))
    return ""


def can(actor: Actor, permission: str) -> bool:
    """Whether the actor's role allows a permission (the service checks again)."""
    return actor.rol in ACTION_ROLES[permission]


def available_actions(view: ExpedienteView, actor: Actor, revealed: bool) -> list[tuple[str, str]]:
    """(key, action) for every action this actor can take on the petition now, lifecycle steps first."""
    p = view.expediente.peticion
    steps = sorted(view.expediente.acciones, key=lambda step: STEP_ORDER.index(step) if step in STEP_ORDER else 99)
    actions = [(STEP_KEYS[step], step) for step in steps]
    if can(actor, "urgencia") and p.estado != Estado.CONCLUIDA:
        if p.urgente:
            # Once someone was alerted the confirmation is on record; only clearing the flag remains.
            if not p.urgencia_alertado_a:
                actions.append(("u", "confirmar_urgencia"))
            actions.append(("q", "descartar_urgencia"))
        else:
            actions.append(("u", "marcar_urgente"))
    if can(actor, "datos"):
        actions.append(("e", "completar_datos"))
        if p.datos_incompletos:
            actions.append(("i", "intento_contacto"))
    if can(actor, "registrar"):
        actions += [("j", "adjuntar"), ("o", "imprimir_acuse")]
    signed = any(r.firmada_en for r in view.expediente.respuestas)
    if can(actor, "notificar") and signed and view.expediente.notificaciones:
        actions.append(("k", "imprimir_constancia"))
    if not revealed and any(getattr(p, name) for name in privacy.PERSONAL_FIELDS):
        actions.append(("m", "mostrar_datos"))
    return actions


class ExpedienteScreen(Screen):
    """One petition: its data and history on the left, what can be done now on the right, each with one key."""

    CSS_PATH = "expediente.tcss"
    BINDINGS = [
        Binding("m", "key('m')", "Mostrar datos"),
        Binding("ctrl+r", "reload", "Actualizar"),
        Binding("tab", "switch_focus", "Acciones ↔ expediente", show=False),
        Binding("pagedown", "page(1)", show=False, priority=True),
        Binding("pageup", "page(-1)", show=False, priority=True),
        Binding("escape", "app.pop_screen", "Volver"),
        *(Binding(letter, f"key('{letter}')", show=False) for letter in KEY_NAMES if letter != "m"),
    ]

    def __init__(self, folio: str):
        super().__init__()
        self.folio = folio.strip().upper()
        self.view: ExpedienteView | None = None
        self.revealed: dict | None = None
        self.today = today_local()
        self._actions: list[tuple[str, str]] = []
        self._busy = False
        self._next_action: str | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("", id="exp-status")
        with Horizontal(id="exp-body"):
            with VerticalScroll(id="exp-main"):
                yield Static(Text(f"Cargando el expediente {self.folio}…"), id="exp-head")
                yield Static("Descripción", classes="section-title exp-section")
                yield Static("", id="exp-description")
                yield Static("Peticionario", classes="section-title exp-section")
                yield Static("", id="exp-person")
                yield Static("Seguimiento con el área", classes="section-title exp-section", id="exp-followup-title")
                yield Static("", id="exp-followup")
                yield Static("Respuesta", classes="section-title exp-section", id="exp-answers-title")
                yield Static("", id="exp-answers")
                yield Static("Notificación al peticionario", classes="section-title exp-section",
                             id="exp-notifications-title")
                yield Static("", id="exp-notifications")
                yield Static("Documentos", classes="section-title exp-section", id="exp-documents-title")
                yield Static("", id="exp-documents")
                yield Static("Historial", classes="section-title exp-section")
                yield Static("", id="exp-timeline")
            with Vertical(id="exp-side"):
                yield Static("Acciones", classes="section-title")
                yield OptionList(id="exp-actions")
                yield Static(Text("Tecla o Enter. Tab: leer el expediente (RePág/AvPág)."), id="exp-side-help")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()
        self.query_one("#exp-actions", OptionList).focus()

    def action_reload(self) -> None:
        """Read the expediente again."""
        self.today = today_local()
        call(self, load_view, write=True, group="expediente", exclusive=True, on_done=self._show,
             on_error=self._not_loaded, actor=self.app.ctx.actor, folio=self.folio)

    def _not_loaded(self, message: str) -> None:
        self._status(message, error=True)
        if self.view is None:
            self.query_one("#exp-head", Static).update(Text(f"✗ {message}\nEsc: volver.", style="bold"))

    def _show(self, view: ExpedienteView) -> None:
        self.view = view
        p = view.expediente.peticion
        actor = self.app.ctx.actor
        self.query_one("#exp-head", Static).update(header_text(view, self.today))
        self.query_one("#exp-description", Static).update(Text(p.descripcion or "—"))
        self.query_one("#exp-person", Static).update(person_text(p, self.revealed))
        for name, content in (("followup", followup_text(view)),
                              ("answers", answers_text(view, signer_name(view))),
                              ("notifications", notifications_text(view, self.revealed is not None)),
                              ("documents", documents_text(view))):
            self.query_one(f"#exp-{name}-title", Static).display = content is not None
            widget = self.query_one(f"#exp-{name}", Static)
            widget.display = content is not None
            widget.update(content or "")
        self.query_one("#exp-timeline", Static).update(timeline_text(view))
        self._actions = available_actions(view, actor, self.revealed is not None)
        listing = self.query_one("#exp-actions", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        options = []
        for key, name in self._actions:
            label = Text()
            label.append(f"{key.upper()}  ", style="bold")
            label.append(PANEL_LABELS[name])
            options.append(Option(label, id=name))
        if not options:
            options.append(Option(Text("Sin acciones para su rol en este estado."), disabled=True))
        listing.add_options(options)
        if self._actions:
            listing.highlighted = min(keep or 0, len(self._actions) - 1)
        follow, self._next_action = self._next_action, None
        if follow and any(name == follow for _, name in self._actions):
            self.run_action(follow)

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#exp-status", Static)
        status.set_class(error, "-error")
        status.set_class(not error, "-ok")
        status.update(Text(("✗ " if error else "✓ ") + message))
        if error:
            self.app.notify(message, title="No se pudo", severity="error", timeout=8)

    def action_switch_focus(self) -> None:
        """Move between the list of actions and the expediente's text."""
        listing = self.query_one("#exp-actions", OptionList)
        (self.query_one("#exp-main") if self.focused is listing else listing).focus()

    def action_page(self, direction: int) -> None:
        """Scroll the expediente's text a page, wherever the focus is."""
        main = self.query_one("#exp-main", VerticalScroll)
        main.scroll_page_down() if direction > 0 else main.scroll_page_up()

    @on(OptionList.OptionSelected, "#exp-actions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.run_action(event.option.id)

    def action_key(self, letter: str) -> None:
        """Do the action this key stands for, or say why it is not available now."""
        for key, name in self._actions:
            if key == letter:
                self.run_action(name)
                return
        if self.view is None:
            return
        self._status(self._why_not(letter), error=True)

    def _why_not(self, letter: str) -> str:
        p = self.view.expediente.peticion
        actor = self.app.ctx.actor
        steps = [name for name, key in STEP_KEYS.items() if key == letter]
        permission = STEPS[steps[0]].permiso if steps else KEY_PERMISSIONS.get(letter)
        if permission:
            try:
                require(actor, permission)
            except PermissionDenied as refusal:
                return f"{KEY_NAMES[letter]}: {refusal}"
        if letter == "m":
            return "Los datos ya se muestran, o la petición no tiene datos personales."
        return (f"«{KEY_NAMES[letter]}» no procede ahora: la petición está «{_label(ESTADO_LABELS, p.estado)}». "
                "Las acciones posibles están a la derecha.")

    def run_action(self, name: str) -> None:
        """Open the dialog of an action; its service runs in a worker and the expediente is read again after."""
        if self.view is None or self._busy:
            return
        view, folio = self.view, self.folio
        p = view.expediente.peticion
        dialogs: dict[str, Callable[[], Any]] = {
            "canalizar": lambda: RouteDialog(folio, [a for a in view.areas if a.activa],
                                             {d.area_id for d in view.expediente.declinaciones}),
            "declinar": lambda: ReasonActionDialog(
                folio, title="Declinación del área (no competencia, L9)", service=routing.decline, field="motivo",
                prompt="Motivo por el que el área declara no ser competente", confirm="Registrar declinación",
                note=f"Área: {view.expediente.area.nombre if view.expediente.area else '—'}. La petición vuelve a "
                     "canalizarse a otra área."),
            "prorroga": lambda: ProrrogaDialog(folio, p.vence_en),
            "respuesta": lambda: AnswerDialog(folio, view.expediente.area),
            "firmar": lambda: SignDialog(folio, view.expediente.respuestas[-1] if view.expediente.respuestas else None),
            "notificar": lambda: NotifyDialog(folio, p.canal),
            "entregar": lambda: DeliverDialog(folio),
            "concluir_orientacion": lambda: ReasonActionDialog(
                folio, title="Concluir la orientación en el módulo", service=delivery.conclude_orientation,
                field="nota", prompt="¿Qué orientación se dio al peticionario?", confirm="Concluir"),
            "confirmar_urgencia": lambda: ConfirmUrgencyDialog(folio, p.triage_categoria, p.urgencia_alertado_a),
            "descartar_urgencia": lambda: ReasonActionDialog(
                folio, title="Descartar la urgencia (L2)", service=urgency.clear, field="motivo",
                prompt="¿Por qué no es urgente?", confirm="Descartar urgencia",
                note="El motivo queda en el expediente; la petición deja de ir al principio de las listas."),
            "marcar_urgente": lambda: RaiseUrgencyDialog(folio),
            "completar_datos": lambda: PersonDataDialog(folio, p, self.revealed is not None),
            "intento_contacto": lambda: ContactAttemptDialog(folio),
            "adjuntar": lambda: AttachDialog(folio),
        }
        if name in dialogs:
            self.app.push_screen(dialogs[name](), lambda result, name=name: self._after_dialog(name, result))
        elif name in ("recordatorio_1", "recordatorio_2", "oficio_superior"):
            self._confirm(self._escalation_question(name), "Enviar",
                          lambda: self._run(name, routing.escalate, step=name))
        elif name == "imprimir_acuse":
            self._print(name, paperwork.acuse)
        elif name == "imprimir_constancia":
            self._print(name, paperwork.constancia)
        elif name == "resguardo":
            self._confirm(f"¿Poner en resguardo la respuesta del folio {folio}?\n\nEl peticionario no fue localizado: "
                          "la respuesta queda para que la recoja (L14).", "Poner en resguardo",
                          lambda: self._run(name, delivery.to_resguardo))
        elif name == "concluir":
            self._confirm(f"¿Concluir la petición {folio}?\n\nSe requiere en el expediente la respuesta firmada y el "
                          "comprobante de notificación al peticionario (L15).", "Concluir",
                          lambda: self._run(name, delivery.conclude))
        elif name == "mostrar_datos":
            self._confirm("¿Mostrar los datos personales del peticionario?\n\nLa consulta quedará registrada con su "
                          "nombre (L16).", "Mostrar datos", self._reveal)

    def _escalation_question(self, step: str) -> str:
        view = self.view
        area = view.expediente.area
        what = {"recordatorio_1": "el primer recordatorio al área", "recordatorio_2": "el segundo recordatorio al área",
                "oficio_superior": "el oficio al superior jerárquico del área"}[step]
        lines = [f"¿Enviar {what}?", "", f"Folio: {self.folio}", f"Área: {area.nombre if area else '—'}"]
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

    def _confirm(self, question: str, confirm: str, then: Callable[[], None]) -> None:
        self.app.push_screen(ConfirmDialog(question, confirm=confirm, cancel="Cancelar"),
                             lambda yes: then() if yes else None)

    def _run(self, name: str, service: Callable[..., Any], **kwargs) -> None:
        self._busy = True

        def done(result: Any) -> None:
            self._busy = False
            self._after_dialog(name, result)

        def failed(message: str) -> None:
            self._busy = False
            self._status(message, error=True)

        call(self, service, write=True, on_done=done, on_error=failed, actor=self.app.ctx.actor, folio=self.folio,
             **kwargs)

    def _print(self, name: str, service: Callable[..., Any]) -> None:
        self._run(name, service, data_dir=self.app.ctx.data_dir)

    def _letter(self, recordatorio_id: int) -> None:
        def stored(document) -> None:
            self.app.notify(f"{DOCUMENT_KINDS.get(document.tipo, document.tipo)} en PDF: {document.ruta}", timeout=10)
            self.action_reload()

        call(self, paperwork.escalation_letter, write=True, on_done=stored,
             on_error=lambda m: self._status(m, error=True), actor=self.app.ctx.actor,
             recordatorio_id=recordatorio_id, data_dir=self.app.ctx.data_dir)

    def _reveal(self) -> None:
        def shown(data: dict) -> None:
            self.revealed = data
            self._status("Datos mostrados; la consulta quedó registrada con su nombre.")
            self.action_reload()

        call(self, privacy.reveal, write=True, on_done=shown, on_error=lambda m: self._status(m, error=True),
             actor=self.app.ctx.actor, folio=self.folio, motivo="Consulta en el expediente")

    def _after_dialog(self, name: str, result: Any) -> None:
        if result is None:
            return
        self._status(self._done_message(name, result))
        self.query_one(DeskHeader).refresh_counts()
        if name in RECORDATORIO_NAMES:
            # The área receives a signed letter, not a database row: produce it right after recording the send (L6–L8).
            self._letter(result.id)
        if name == "marcar_urgente":
            # A flag raised by hand still needs who was alerted and when: ask as soon as the expediente is read again.
            self._next_action = "confirmar_urgencia"
        self.action_reload()

    def _done_message(self, name: str, result: Any) -> str:
        view = self.view
        names = {area.id: area.nombre for area in view.areas} if view else {}
        if name == "canalizar":
            return (f"Canalizada a {names.get(result.area_id, 'el área')}; el área tiene hasta el "
                    f"{day_text(result.vence_en)} para dar seguimiento (L5).")
        if name in RECORDATORIO_NAMES:
            return (f"{RECORDATORIO_NAMES[name]} registrado con el oficio {result.numero}; el área tiene hasta el "
                    f"{day_text(result.vence_en)}.")
        if name == "prorroga":
            return f"Prórroga registrada: la nueva fecha es el {day_text(result.vence_en)}."
        if name == "notificar":
            return (f"Notificación registrada: {_label(dict(MEDIOS), result.medio)}, "
                    f"{_label(dict(RESULTADOS), result.resultado).lower()}.")
        if name == "completar_datos":
            return "Datos actualizados." + (" Aún faltan datos (◐)." if result.datos_incompletos else " Datos completos.")
        if name in ("imprimir_acuse", "imprimir_constancia"):
            return f"{DOCUMENT_KINDS.get(result.tipo, result.tipo)} en PDF: {result.ruta}"
        if name == "adjuntar":
            return f"Archivo adjuntado: {result.nombre} (SHA-256 {result.sha256[:12]}…)."
        if name == "confirmar_urgencia":
            return f"Urgencia confirmada: se alertó a {result.urgencia_alertado_a}."
        return {
            "declinar": "Declinación registrada: la petición vuelve a canalizarse.",
            "respuesta": "Respuesta registrada; pasa a revisión y firma del director (L12, L13).",
            "firmar": "Respuesta firmada; notifique al peticionario (L14).",
            "resguardo": "Respuesta en resguardo para que el peticionario la recoja (L14).",
            "entregar": "Entrega registrada: la petición queda notificada.",
            "concluir": "Petición concluida (L15).",
            "concluir_orientacion": "Orientación concluida.",
            "descartar_urgencia": "Urgencia descartada; el motivo queda en el expediente.",
            "marcar_urgente": "Marcada como urgente; registre a quién alertó.",
            "intento_contacto": "Intento de contacto registrado.",
        }.get(name, "Hecho.")
