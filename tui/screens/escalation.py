"""Pendientes y escalamiento (F4): everything due today or overdue, grouped by action, each done with one key."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from services import delivery, routing
from services.actor import require
from services.buzones import acknowledge
from services.calendar import today_local
from services.dates import day_text
from services.errors import PermissionDenied
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.labels import DOCUMENT_NAMES
from services.mail.outbox import retry
from services.pending import PendingAction
from services.pending_view import PAGE, by_kind
from tui.context import desk, desk_app
from tui.dialogs.buzones_acuse import MEDIOS, AcuseMedioDialog
from tui.dialogs.common import ConfirmDialog
from tui.dialogs.expediente_person import ContactAttemptDialog
from tui.escalation_rows import (
    EscalationData,
    area_width,
    columns_text,
    group_title,
    load_more,
    load_pending,
    more_text,
    row_text,
    summary_text,
)
from tui.mail_round import start_mail_round
from tui.printing import produced
from tui.widgets.desk_header import DeskHeader
from tui.widgets.sectioned_list import SectionedList
from tui.work import call

# The permission each escalation step needs; its name is the document's (services/labels.DOCUMENT_NAMES).
ESCALATION_STEPS = {"recordatorio_1": "recordatorio", "recordatorio_2": "recordatorio", "oficio_superior": "oficio",
                    "prorroga_vencida": "recordatorio"}
# A prórroga that ran out without an answer is escalated again from the first reminder (L10, L6).
SENDS = {"prorroga_vencida": "recordatorio_1"}
HELP = {
    "canalizar": "Enter abre el expediente: ahí se elige el área a la que se canaliza.",
    "recordatorio_1": "Enter envía el primer recordatorio al área (pide confirmación).",
    "recordatorio_2": "Enter envía el segundo recordatorio al área (pide confirmación).",
    "oficio_superior": "Enter envía el oficio al superior jerárquico del área (pide confirmación).",
    "informar_sad": "Enter abre el expediente: informar a la SAD y acordar la prórroga pide fechas y motivo.",
    "prorroga_vencida": "Enter envía el primer recordatorio al área (pide confirmación): la prórroga venció sin "
                        "respuesta y el escalamiento vuelve a empezar (L10, L6).",
    "medida_sad": "Enter abre el expediente: H registra la medida cumplida y cómo (L11).",
    "notificar": "Enter abre el expediente: cada intento pide medio, hora y resultado; ahí se ve qué medio sigue (L14).",
    "resguardo": "Enter pone la respuesta en resguardo para que el peticionario la recoja (pide confirmación): "
                 "10 días hábiles sin localizarlo desde la emisión, o sin datos para entregarla (L14).",
    "correo_fallido": ("Enter reintenta el envío ahora; si la dirección está mal, corríjala en el expediente (E) y "
                       "reintente; si no llega, notifique por otro medio."),
    "acuse_buzon": "Enter registra que se avisó al peticionario, por teléfono (T) o por escrito (E).",
    "contactar_datos": ("Enter registra un intento de contacto (medio, hora y resultado); al completar los datos en el "
                        f"expediente (tecla E) deja de estar pendiente, y también tras {MAX_CONTACT_ATTEMPTS} intentos (L3)."),
    "capturar_hojas": "Enter abre Buzones en esa recolección para capturar las hojas que faltan.",
    "recolectar_buzon": "Enter abre Buzones para registrar la recolección y capturar sus hojas.",
    "semana_buzon": ("La semana ya pasó: queda registrada y se informa en el Anexo 1 del mes en que terminó; deja de "
                     "estar pendiente cuando ese informe se marca como enviado. Enter abre Reportes."),
    "cerrar_sinapp": "Enter abre el expediente: X registra el folio SINAPP y que se cerró allá (L15).",
    "informe_mensual": "Enter abre Reportes para generar y enviar el informe mensual.",
}
OPENS_EXPEDIENTE = frozenset({"canalizar", "informar_sad", "medida_sad", "notificar", "cerrar_sinapp"})
# The id of the row that closes a kind with more rows than shown: this prefix and the kind.
MORE = "mas:"
MORE_HELP = "Enter muestra la siguiente página de este grupo; los más urgentes y los más vencidos van primero."


class EscalationScreen(Screen):
    """The supervisor's morning list: every pending action grouped by kind, urgent first, one key to act."""

    CSS_PATH = "escalation.tcss"
    PAGE = PAGE
    BINDINGS = [
        Binding("x", "act", "Hacer", key_display="⏎/x"),
        Binding("ctrl+down", "group(1)", "Grupo siguiente", key_display="Ctrl+↓"),
        Binding("ctrl+up", "group(-1)", "Grupo anterior", show=False),
        Binding("e", "expediente", "Expediente"),
        Binding("r", "reload", "Actualizar"),
        Binding("escape", "app.pop_screen", "Volver"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data = EscalationData([], {})
        self.today = today_local()
        self._rows: dict[str, PendingAction] = {}
        self._keep_index: int | None = None
        self._busy = False
        self._width = 18
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("Cargando pendientes…", id="esc-summary")
        yield Static("", id="esc-columns")
        yield SectionedList(id="esc-list")
        yield Static("", id="esc-help")
        yield Static("", id="esc-status")
        yield Footer()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        """Read the pending actions again."""
        self.today = today_local()
        call(self, load_pending, on_done=self._show, group="escalation", exclusive=True,
             unidad_id=desk(self).unidad_id, today=self.today, per_kind=self.PAGE)

    def on_resize(self) -> None:
        if self._loaded and area_width(self.size.width) != self._width:
            self._show(self.data)

    def _show(self, data: EscalationData) -> None:
        self.data, self._loaded = data, True
        self._width = area_width(self.size.width)
        self.query_one("#esc-summary", Static).update(summary_text(data.counts, self.today))
        self.query_one("#esc-columns", Static).update(columns_text(self._width))
        listing = self.query_one(SectionedList)
        keep = self._keep_index if self._keep_index is not None else listing.highlighted
        self._keep_index = None
        listing.clear_options()
        self._rows = {}
        options: list[Option] = []
        for accion, items in by_kind(data.counts, data.actions).items():
            count = data.counts[accion]
            options.append(Option(group_title(accion, count), disabled=True))
            for action in items:
                key = str(len(self._rows))
                self._rows[key] = action
                options.append(Option(row_text(action, data, self.today, self._width), id=key))
            if count.total > len(items):
                options.append(Option(more_text(len(items), count.total, self.PAGE), id=f"{MORE}{accion}"))
        listing.add_options(options)
        if not self._rows:
            self._help(None)
            return
        target = min(keep or 0, len(options) - 1)
        while options[target].disabled and target + 1 < len(options):
            target += 1
        while options[target].disabled:
            target -= 1
        listing.highlighted = target
        self._help(self._rows.get(options[target].id or ""), more=(options[target].id or "").startswith(MORE))
        listing.focus()

    def _more(self, accion: str) -> None:
        """Read the next page of one kind's rows and show them after the ones already shown."""
        if self._busy:
            return
        self._busy = True
        self._keep_index = self.query_one(SectionedList).highlighted
        shown = sum(action.accion == accion for action in self.data.actions)

        def done(more: list[PendingAction]) -> None:
            self._busy = False
            self._show(self.data.with_more(accion, more))

        def failed(message: str) -> None:
            self._busy = False
            self._status(message, error=True)

        call(self, load_more, on_done=done, on_error=failed, group="escalation", exclusive=True,
             unidad_id=desk(self).unidad_id, today=self.today, accion=accion, offset=shown,
             urgent_listed=self.data.counts[accion].urgent, limit=self.PAGE)

    def _current(self) -> PendingAction | None:
        listing = self.query_one(SectionedList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return None if option.disabled else self._rows.get(option.id or "")

    def _help(self, action: PendingAction | None, more: bool = False) -> None:
        help_line = self.query_one("#esc-help", Static)
        if action is None:
            help_line.update(MORE_HELP if more else "")
            return
        text = HELP[action.accion]
        if action.accion in ESCALATION_STEPS and not action.vencido(self.today):
            text = "El plazo del área vence hoy: el recordatorio u oficio procede desde el siguiente día hábil."
        if action.accion == "correo_fallido":
            # The server's reason is what the officer needs to decide: retry, correct the address, or another medio.
            text = f"{action.descripcion} {text}"
        if action.folio:
            text += " E abre el expediente."
        help_line.update(Text(text))

    @on(OptionList.OptionHighlighted, "#esc-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._help(self._rows.get(event.option.id or ""), more=(event.option.id or "").startswith(MORE))

    @on(OptionList.OptionSelected, "#esc-list")
    def _selected(self) -> None:
        self.action_act()

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#esc-status", Static)
        status.display = True
        status.set_class(error, "error")
        status.update(Text(("✗ " if error else "✓ ") + message))
        if error:
            self.app.notify(message, title="No se pudo", severity="error", timeout=8)

    def _allowed(self, permiso: str) -> bool:
        # The service checks the role again; asking first spares a read-only role a pointless confirmation.
        try:
            require(desk(self).signed_in, permiso)
        except PermissionDenied as refusal:
            self._status(str(refusal), error=True)
            return False
        return True

    def action_group(self, direction: int) -> None:
        """Jump to the first row of the next (or previous) section."""
        self.query_one(SectionedList).jump_section(direction)

    def action_expediente(self) -> None:
        """Open the expediente of the highlighted row."""
        action = self._current()
        if action is not None and action.folio:
            desk_app(self).open_expediente(action.folio or "")

    def action_act(self) -> None:
        """Do what the highlighted row asks for, or show more rows of its kind."""
        listing = self.query_one(SectionedList)
        if listing.highlighted is not None:
            option_id = listing.get_option_at_index(listing.highlighted).id or ""
            if option_id.startswith(MORE):
                self._more(option_id.removeprefix(MORE))
                return
        action = self._current()
        if action is None or self._busy:
            return
        if action.accion in ESCALATION_STEPS:
            self._escalate(action)
        elif action.accion in OPENS_EXPEDIENTE:
            desk_app(self).open_expediente(action.folio or "")
        elif action.accion == "resguardo":
            self._resguardo(action)
        elif action.accion == "acuse_buzon":
            self._acuse(action)
        elif action.accion == "correo_fallido":
            self._run(retry, correo_id=action.detalle["correo_id"], on_done=lambda _: self._mail_retried(action))
        elif action.accion == "contactar_datos":
            self._contact(action)
        elif action.accion == "recolectar_buzon":
            desk_app(self).open_screen("buzones", buzon_id=action.detalle.get("buzon_id"))
        elif action.accion == "capturar_hojas":
            desk_app(self).open_screen("buzones", recoleccion_id=action.detalle.get("recoleccion_id"))
        elif action.accion in ("informe_mensual", "semana_buzon"):
            desk_app(self).open_screen("reportes")

    def _escalate(self, action: PendingAction) -> None:
        step = SENDS.get(action.accion, action.accion)
        what = f"el {DOCUMENT_NAMES[step].lower()}"
        if not self._allowed(ESCALATION_STEPS[action.accion]):
            return
        if not action.vencido(self.today):
            self._status(f"El plazo del área vence hoy ({day_text(action.vence_en)}); {what} procede desde el "
                         "siguiente día hábil.", error=True)
            return
        area = self.data.areas.get(action.area)
        lines = [f"¿Enviar {what}{'' if step == 'oficio_superior' else ' al área'}?", "",
                 f"Folio: {action.folio}", f"Área: {action.area or '—'}"]
        if area is not None and step == "oficio_superior":
            lines.append(f"Para: {area.superior_nombre or '(sin superior registrado)'}"
                         + (f", {area.superior_cargo}" if area.superior_cargo else ""))
        elif area is not None:
            lines.append(f"Enlace: {area.enlace_nombre or '(sin enlace registrado)'}"
                         + (f" <{area.enlace_correo}>" if area.enlace_correo else ""))
        lines += [f"Plazo vencido el {day_text(action.vence_en)} ({action.dias_vencido} d.h.).", "",
                  "Queda registrado con número de oficio y abre el plazo siguiente del área."]

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(routing.escalate, on_done=lambda result: self._escalated(step, action, result),
                          folio=action.folio, step=step, area_id=action.detalle.get("area_id"))

        self.app.push_screen(ConfirmDialog("\n".join(lines), confirm="Enviar", cancel="Cancelar"), confirmed)

    def _escalated(self, step: str, action: PendingAction, reminder) -> None:
        self._status(f"{DOCUMENT_NAMES[step]} enviado: folio {action.folio}, oficio {reminder.numero}; "
                     f"el área tiene hasta el {day_text(reminder.vence_en)}.")
        self.produce_document(step, reminder)

    def produce_document(self, kind: str, result) -> None:
        """Produce the PDF of the reminder or oficio just recorded and keep it in the expediente (L15)."""
        from services.paperwork import escalation_letter

        call(self, escalation_letter, write=True, actor=desk(self).actor, recordatorio_id=result.id,
             data_dir=desk(self).data_dir, on_done=lambda document: produced(self, document))

    def _resguardo(self, action: PendingAction) -> None:
        if not self._allowed("resguardo"):
            return
        question = (f"¿Poner en resguardo la respuesta del folio {action.folio}?\n\nÁrea: {action.area or '—'}\n"
                    "El peticionario no fue localizado; la respuesta queda para que la recoja (L14).")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(delivery.to_resguardo, folio=action.folio,
                          on_done=lambda _: self._status(f"Folio {action.folio} en resguardo."))

        self.app.push_screen(ConfirmDialog(question, confirm="Poner en resguardo", cancel="Cancelar"), confirmed)

    def _mail_retried(self, action: PendingAction) -> None:
        self._status(f"Correo del folio {action.folio} en cola: se envía en este momento.")
        start_mail_round(self.app)

    def _acuse(self, action: PendingAction) -> None:
        if not self._allowed("buzon"):
            return

        def chosen(medio: str | None) -> None:
            if medio:
                self._run(acknowledge, folio=action.folio, medio=medio,
                          on_done=lambda _: self._status(f"Aviso registrado ({MEDIOS[medio]}): folio {action.folio}."))

        self.app.push_screen(AcuseMedioDialog(action.folio or ""), chosen)

    def _contact(self, action: PendingAction) -> None:
        if not self._allowed("datos"):
            return

        def recorded(count: int | None) -> None:
            if count is None:
                return
            self._keep_index = self.query_one(SectionedList).highlighted
            left = MAX_CONTACT_ATTEMPTS - count
            self._status(f"Intento {count} de {MAX_CONTACT_ATTEMPTS} registrado: folio {action.folio}"
                         + (f"; quedan {left}." if left else "; ya no se buscará más (L3)."))
            self.action_reload()

        self.app.push_screen(ContactAttemptDialog(action.folio or ""), recorded)

    def _run(self, service, *, on_done, **kwargs) -> None:
        self._busy = True
        self._keep_index = self.query_one(SectionedList).highlighted

        def done(result) -> None:
            self._busy = False
            on_done(result)
            self.query_one(DeskHeader).refresh_counts()
            self.action_reload()

        def failed(message: str) -> None:
            self._busy = False
            self._status(message, error=True)

        call(self, service, write=True, on_done=done, on_error=failed, actor=desk(self).actor, **kwargs)
