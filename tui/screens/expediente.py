"""Expediente (L15): everything about one petition, its history, and each action allowed now, from the keyboard.

services.actions decides what is allowed and tui.expediente_panels draws the sections; this screen gives each
action its key and its dialog."""

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from models.enums import ESTADO_LABELS, Estado
from services import corrections, delivery, paperwork, privacy, routing, urgency
from services.actions import area_choices, available_actions, refusal, waiting_steps
from services.calendar import today_local
from services.labels import ACTION_LABELS, DOCUMENT_NAMES, ESCALATION_LETTERS
from services.mail import petitioner
from services.triage import CATEGORY_LABELS
from tui.context import desk
from tui.dialogs.alert import Alert, AlertDialog
from tui.dialogs.common import ConfirmDialog
from tui.dialogs.expediente_correction import CorrectionDialog
from tui.dialogs.expediente_routing import AREA_QUESTIONS, AreaChoiceDialog
from tui.expediente_dialogs import action_dialogs, escalation_question
from tui.expediente_messages import done_message
from tui.expediente_panels import (
    ExpedienteView,
    answers_text,
    code_name,
    documents_text,
    followup_text,
    header_text,
    load_view,
    notifications_text,
    person_text,
    routings_in_force,
    signer_name,
)
from tui.expediente_timeline import timeline_text
from tui.keys import key_label
from tui.mail_round import start_mail_round
from tui.printing import print_document, produced
from tui.widgets.desk_header import DeskHeader
from tui.work import call

# One letter per action, the same in every state; actions that never coexist share one (the three escalations,
# the first and the corrected answer, the two ways to conclude, confirming and raising the urgent flag).
ACTION_KEYS = {
    "canalizar": "a", "declinar": "d", "recordatorio_1": "s", "recordatorio_2": "s", "oficio_superior": "s",
    "prorroga": "p", "respuesta": "r", "corregir_respuesta": "r", "devolver_area": "v", "firmar": "f",
    "notificar": "n", "resguardo": "g", "entregar": "t", "concluir": "c", "concluir_orientacion": "c",
    "confirmar_urgencia": "u", "marcar_urgente": "u", "descartar_urgencia": "q", "completar_datos": "e",
    "intento_contacto": "i", "adjuntar": "j", "imprimir_acuse": "o", "imprimir_constancia": "k",
    "imprimir_documento": "ctrl+o", "mostrar_datos": "m",
    "sistemas_externos": "x", "corregir_datos": "z", "corregir_area": "w", "reabrir": "b", "enviar_correo": "y",
    "medida_sad": "l", "cumplir_medida": "h",
}
KEY_NAMES = {"a": "Canalizar", "d": "Declinación", "s": "Recordatorio u oficio", "p": "Prórroga",
             "r": "Registrar respuesta", "v": "Devolver al área", "f": "Firmar", "n": "Notificar", "g": "Resguardo",
             "t": "Entregar", "c": "Concluir", "u": "Urgencia", "q": "Descartar urgencia", "e": "Completar datos",
             "i": "Intento de contacto", "j": "Adjuntar archivo", "m": "Mostrar datos", "o": "Imprimir acuse",
             "k": "Constancia de notificación", "x": "SINAPP y SIDAC", "z": "Corregir el registro",
             "w": "Corregir el área", "b": "Reabrir", "y": "Enviar por correo",
             "l": "Medida SAD", "h": "Medida cumplida",
             "ctrl+o": "Imprimir un documento"}


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
        self._waiting: dict[str, str] = {}
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
             on_error=self._not_loaded, actor=desk(self).actor, folio=self.folio)

    def _not_loaded(self, message: str) -> None:
        self._status(message, error=True)
        if self.view is None:
            self.query_one("#exp-head", Static).update(Text(f"✗ {message}\nEsc: volver.", style="bold"))

    def _show(self, view: ExpedienteView) -> None:
        self.view = view
        p = view.expediente.peticion
        actor = desk(self).signed_in
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
        self._actions = [(ACTION_KEYS[name], name) for name in available_actions(
            view.expediente, actor, revealed=self.revealed is not None, today=self.today)]
        self._waiting = dict(waiting_steps(view.expediente, actor, today=self.today))
        listing = self.query_one("#exp-actions", OptionList)
        keep = listing.highlighted
        listing.clear_options()
        options = []
        for key, name in self._actions:
            label = Text()
            label.append(f"{key_label(key)}  ", style="bold")
            # Routing a petition some área already follows up adds one more (L4).
            label.append("Canalizar a otra área" if name == "canalizar" and routings_in_force(view)
                         else ACTION_LABELS[name])
            options.append(Option(label, id=name))
        for name, reason in self._waiting.items():
            # Said before it is offered: the step that comes next, and why it does not proceed yet.
            label = Text(f"{key_label(ACTION_KEYS[name])}  {ACTION_LABELS[name]}\n", style="dim")
            label.append(reason, style="dim italic")
            options.append(Option(label, id=f"espera-{name}", disabled=True))
        if not options:
            options.append(Option(Text("Sin acciones para su rol en este estado."), disabled=True))
        listing.add_options(options)
        if self._actions:
            listing.highlighted = min(keep or 0, len(self._actions) - 1)
        follow, self._next_action = self._next_action, None
        if follow and any(name == follow for _, name in self._actions):
            self.start_action(follow)

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
            self.start_action(event.option.id)

    def action_key(self, letter: str) -> None:
        """Do the action this key stands for, or say why it is not available now."""
        for key, name in self._actions:
            if key == letter:
                self.start_action(name)
                return
        if self.view is None:
            return
        self._status(self._why_not(letter), error=True)

    def _why_not(self, letter: str) -> str:
        assert self.view is not None
        p = self.view.expediente.peticion
        actor = desk(self).signed_in
        refused = refusal(actor, next(name for name, key in ACTION_KEYS.items() if key == letter))
        if refused:
            return f"{KEY_NAMES[letter]}: {refused}"
        if letter == "m":
            return "Los datos ya se muestran, o la petición no tiene datos personales."
        waiting = [reason for name, reason in self._waiting.items() if ACTION_KEYS[name] == letter]
        if waiting:
            return f"«{KEY_NAMES[letter]}» no procede todavía: {waiting[0]}"
        return (f"«{KEY_NAMES[letter]}» no procede ahora: la petición está «{code_name(ESTADO_LABELS, p.estado)}». "
                "Las acciones posibles están a la derecha.")

    def start_action(self, name: str) -> None:
        """Open the dialog of an action; its service runs in a worker and the expediente is read again after. A step
        done for one área of several (L4) first asks which."""
        if self.view is None or self._busy:
            return
        choices = area_choices(name, self.view.expediente, today_local())
        if len(choices) > 1:
            self.app.push_screen(AreaChoiceDialog(self.folio, AREA_QUESTIONS[name], choices),
                                 lambda area_id: self._open_action(name, area_id) if area_id is not None else None)
            return
        self._open_action(name, choices[0][0] if choices else None)

    def _open_action(self, name: str, area_id: int | None) -> None:
        if self.view is None:
            return
        view, folio = self.view, self.folio
        p = view.expediente.peticion
        dialogs = action_dialogs(view, folio, revealed=self.revealed is not None, today=self.today, area_id=area_id,
                                 data_dir=desk(self).data_dir)
        if name in dialogs:
            self.app.push_screen(dialogs[name](), lambda result, name=name: self._after_dialog(name, result))
        elif name in ("recordatorio_1", "recordatorio_2", "oficio_superior"):
            self._confirm(escalation_question(view, folio, name, area_id), "Enviar",
                          lambda: self._run(name, routing.escalate, step=name, area_id=area_id))
        elif name == "confirmar_urgencia":
            category = CATEGORY_LABELS.get(p.triage_categoria or "", "urgente")
            dialog = AlertDialog(Text(f"▲ URGENTE — {category} — folio {folio}"), confirm="Confirmar urgencia",
                                 back="Volver al expediente", alertado_a=p.urgencia_alertado_a or "")
            self.app.push_screen(dialog, partial(self._confirm_urgency, name))
        elif name == "imprimir_acuse":
            self._print(name, paperwork.acuse)
        elif name == "imprimir_constancia":
            self._print(name, paperwork.constancia)
        elif name == "resguardo":
            self._confirm(f"¿Poner en resguardo la respuesta del folio {folio}?\n\nEl peticionario no fue localizado: "
                          "la respuesta queda para que la recoja (L14).", "Poner en resguardo",
                          lambda: self._run(name, delivery.to_resguardo))
        elif name == "concluir":
            proof = ("los intentos de notificación y la constancia generada después del último y del resguardo (L14, L15)"
                     if p.estado == Estado.EN_RESGUARDO else "el comprobante de notificación al peticionario (L15)")
            self._confirm(f"¿Concluir la petición {folio}?\n\nSe requiere en el expediente la respuesta firmada y "
                          f"{proof}.", "Concluir", lambda: self._run(name, delivery.conclude))
        elif name == "corregir_datos":
            self._correct()
        elif name == "enviar_correo":
            self._confirm(f"¿Enviar la respuesta firmada del folio {folio} al correo del peticionario?\n\nSe adjunta el "
                          "oficio de respuesta en PDF; cuando el servidor lo acepte queda como notificación (L15).",
                          "Enviar", lambda: self._run(name, petitioner.send_answer))
        elif name == "mostrar_datos":
            self._confirm("¿Mostrar los datos personales del peticionario?\n\nLa consulta quedará registrada con su "
                          "nombre (L16).", "Mostrar datos", self._reveal)

    def _confirm(self, question: str, confirm: str, then: Callable[[], None]) -> None:
        self.app.push_screen(ConfirmDialog(question, confirm=confirm, cancel="Cancelar"),
                             lambda yes: then() if yes else None)

    def _confirm_urgency(self, name: str, alert: Alert | None) -> None:
        if alert is not None:
            self._run(name, urgency.confirm, alertado_a=alert.who, alertado_en=alert.when)

    def _run(self, name: str, service: Callable[..., Any], **kwargs) -> None:
        self._busy = True

        def done(result: Any) -> None:
            self._busy = False
            self._after_dialog(name, result)

        def failed(message: str) -> None:
            self._busy = False
            self._status(message, error=True)

        call(self, service, write=True, on_done=done, on_error=failed, actor=desk(self).actor, folio=self.folio,
             **kwargs)

    def _print(self, name: str, service: Callable[..., Any]) -> None:
        self._run(name, service, data_dir=desk(self).data_dir)

    def _letter(self, recordatorio_id: int) -> None:
        def stored(document) -> None:
            produced(self, document)
            self.action_reload()

        call(self, paperwork.escalation_letter, write=True, on_done=stored,
             on_error=lambda m: self._status(m, error=True), actor=desk(self).actor,
             recordatorio_id=recordatorio_id, data_dir=desk(self).data_dir)

    def _reveal(self) -> None:
        def shown(data: dict) -> None:
            self.revealed = data
            self._status("Datos mostrados; la consulta quedó registrada con su nombre.")
            self.action_reload()

        call(self, privacy.reveal, write=True, on_done=shown, on_error=lambda m: self._status(m, error=True),
             actor=desk(self).actor, folio=self.folio, motivo="Consulta en el expediente")

    def _correct(self) -> None:
        """The correction form shows the data whole: seeing them is recorded first, as «Mostrar datos» is (L16)."""
        assert self.view is not None
        p = self.view.expediente.peticion
        campos = corrections.fields_for(desk(self).signed_in)

        def opened(data: dict | None = None) -> None:
            self.revealed = data or self.revealed
            self.app.push_screen(CorrectionDialog(self.folio, p, campos, self.revealed is not None),
                                 lambda result: self._after_dialog("corregir_datos", result))

        if self.revealed is not None or not any(getattr(p, name) for name in privacy.PERSONAL_FIELDS):
            opened()
            return
        call(self, privacy.reveal, write=True, on_done=opened, on_error=lambda m: self._status(m, error=True),
             actor=desk(self).actor, folio=self.folio, motivo="Corrección del registro")

    def _after_dialog(self, name: str, result: Any) -> None:
        if result is None:
            return
        if name == "imprimir_documento":
            print_document(self, DOCUMENT_NAMES.get(result.tipo, result.tipo), result.ruta, documento_id=result.id)
            return
        waiting = [r.area_id for r in routings_in_force(self.view) if r.etapa != "respondida"] if self.view else []
        self._status(done_message(name, result, self.view.areas if self.view else [], waiting))
        if name == "imprimir_acuse":
            print_document(self, DOCUMENT_NAMES["acuse"], result.ruta, documento_id=result.id)
        if name == "imprimir_constancia":
            produced(self, result)
        self.query_one(DeskHeader).refresh_counts()
        if name in ESCALATION_LETTERS:
            # The área receives a signed letter, not a database row: produce it right after recording the send (L6–L8).
            self._letter(result.id)
        if name == "entregar":
            # The hand-over is signed on paper: its constancia is produced right after recording it (L14).
            self._print("imprimir_constancia", paperwork.constancia)
        if name == "enviar_correo":
            start_mail_round(self.app)
        if name == "marcar_urgente":
            # A flag raised by hand still needs who was alerted and when: ask as soon as the expediente is read again.
            self._next_action = "confirmar_urgencia"
        self.action_reload()
