"""Nueva petición (F2): the intake form, with L3 data checked as it is typed, L2 triage as the description is written,
a draft on disk that survives a closed terminal, possible duplicates, and the folio in large figures."""

from uuid import uuid4

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from models.enums import CANAL_LABELS, TIPO_LABELS, Canal, Tipo
from models.validators import phone_text
from services.calendar import now_utc
from services.dates import MOMENT_EXAMPLE, moment_text, parse_moment
from services.duplicates import find as find_duplicates
from services.intake import UrgencyDecision, register
from services.triage import NOT_URGENT, Triage
from services.typed_before import TypedBefore
from tui.context import desk, desk_app
from tui.dialogs.common import ConfirmDialog
from tui.dialogs.intake_duplicates import SAVE, DuplicatesDialog
from tui.dialogs.intake_saved import SavedDialog, saved_details
from tui.intake_autofill import PlaceFilling
from tui.intake_checks import (
    CHECKED_FIELDS,
    PERSON_FIELDS,
    RECEIVED_LABEL,
    TEXT_FIELDS,
    FieldMessages,
    input_fields,
    label_of,
    long_enough,
    message_lines,
    normalized,
)
from tui.intake_draft import DraftKeeping, has_content
from tui.intake_triage import TriageMarking
from tui.key_order import FOCUS_BINDINGS, PICK_BINDINGS, FocusOnArrival
from tui.printing import AcusePrinter
from tui.widgets.check import ClearCheckbox
from tui.widgets.desk_header import DeskHeader
from tui.widgets.numbered_select import NumberedSelect
from tui.widgets.quiet_footer import QuietFooter
from tui.work import call

NOT_SAVED = "No se guardó: "


class IntakeScreen(FocusOnArrival, DraftKeeping, PlaceFilling, TriageMarking, FieldMessages):
    """Registers one petition after another; missing data never blocks, invalid data is pointed out where it is."""

    CSS_PATH = "intake.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Guardar", priority=True),
        # Not Ctrl+U: inside a text field that key deletes to the start of the line, as the officer expects.
        Binding("f8", "urgency", "Urgencia", priority=True),
        Binding("ctrl+n", "clear_form", "Limpiar"),
        Binding("escape", "leave", "Volver"),
        Binding("f2", "start_over", show=False),
        Binding("enter", "enter_key", show=False, priority=True),
        *FOCUS_BINDINGS,
        *PICK_BINDINGS,
    ]

    def __init__(self, *, draft: dict | None = None):
        super().__init__()
        self.given_draft = draft
        self.triage: Triage = NOT_URGENT
        self.manual: str | None = None
        self.cleared: str | None = None
        self.cleared_matches: frozenset[str] = frozenset()
        self.last_alert: UrgencyDecision | None = None
        self.touched: set[str] = set()
        self.saving = False
        self.print_acuse = AcusePrinter(self)
        self._draft_timer: Timer | None = None
        self._draft_deadline: float | None = None
        self._draft_written: dict | None = None
        self._draft_failed = False
        self.draft_token = uuid4().hex
        self._fields_now: dict = {}
        self._shown: dict[str, str] = {}
        self.typed: TypedBefore | None = None
        self._autofilled: dict[str, tuple[str, str]] = {}
        self._met_before = False

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static("", id="in-triage")
        yield Static("", id="in-error")
        with VerticalScroll(id="in-body", can_focus=False):
            with Horizontal(id="in-top", classes="in-row"):
                yield NumberedSelect([(TIPO_LABELS[t], t.value) for t in Tipo], value=Tipo.INCONFORMIDAD.value,
                                     allow_blank=False, id="tipo")
                yield NumberedSelect([(CANAL_LABELS[c], c.value) for c in Canal], value=Canal.MODULO.value,
                                     allow_blank=False, id="canal")
                yield Input(moment_text(now_utc()), id="recibida", placeholder=MOMENT_EXAMPLE.partition(",")[0],
                            select_on_focus=False)
            yield Static("", id="recibida-msg", classes="in-msg")
            with Horizontal(id="in-columns"):
                with Vertical(id="in-person"):
                    yield Static("Peticionario (L3) — lo que falte no impide guardar", classes="section-title")
                    with Horizontal(classes="in-row"):
                        yield from input_fields("nombre", "primer_apellido", "segundo_apellido")
                    with Horizontal(classes="in-row"):
                        yield from input_fields("curp", "telefono", "correo")
                    yield from message_lines("curp", "telefono", "correo")
                    with Horizontal(classes="in-row"):
                        yield from input_fields("calle", "numero_exterior", "numero_interior")
                    with Horizontal(classes="in-row"):
                        yield from input_fields("colonia", "codigo_postal")
                    yield from message_lines("codigo_postal")
                    with Horizontal(classes="in-row"):
                        yield from input_fields("municipio", "entidad")
                    yield from input_fields("servidor_publico")
                with Vertical(id="in-matter"):
                    yield Static("Petición", classes="section-title")
                    yield TextArea(id="descripcion", soft_wrap=True, tab_behavior="focus")
                    yield ClearCheckbox("Se entregó el aviso de privacidad (L16)", id="aviso_privacidad", compact=True)
                    yield ClearCheckbox("Anónima (hoja de buzón sin nombre)", id="anonima", compact=True)
                    yield Static("", id="in-faltan")
                    with Horizontal(id="in-buttons"):
                        yield Button("Guardar (Ctrl+S)", id="in-save", variant="primary", compact=True)
                        yield Button("Limpiar (Ctrl+N)", id="in-clear", compact=True)
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#tipo", Select).query_one("SelectCurrent").border_title = "Tipo (1–5)"
        self.query_one("#canal", Select).query_one("SelectCurrent").border_title = "Medio (1–8)"
        self.query_one("#recibida", Input).border_title = RECEIVED_LABEL
        for name, label in PERSON_FIELDS.items():
            self.query_one(f"#{name}", Input).border_title = label
        self.query_one("#servidor_publico", Input).border_title = "Servidor público involucrado"
        self.query_one("#descripcion", TextArea).border_title = "Descripción (Tab: siguiente)"
        self._recover_draft()
        self._fields_now = self._draft_written = self._fields()
        self._show_triage()
        self._show_missing()
        self.query_one("#tipo", Select).focus()
        self._read_typed_before()

    def on_unmount(self) -> None:
        self._flush_draft()

    def on_screen_suspend(self) -> None:
        # Switching to another screen keeps this form as it is; the draft on disk is brought up to date at once.
        self._flush_draft()

    # Live checks.

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = event.input.id
        self._forget_filled(event.input, event.value)
        if self.typed is not None and name in ("codigo_postal", "municipio"):
            self._fill_place(name, event.value)
        if name in CHECKED_FIELDS or name == "recibida":
            self._show_check(name, quiet=name not in self.touched and not long_enough(name, event.value))
        if name in PERSON_FIELDS or name == "servidor_publico":
            self._show_missing()
        self._changed()

    @on(Input.Blurred)
    def _input_left(self, event: Input.Blurred) -> None:
        name = event.input.id
        if (name in CHECKED_FIELDS or name == "recibida") and event.value.strip():
            self.touched.add(name)
            # A valid phone is shown as it is stored and read aloud; an invalid one stays as typed, with the message.
            if name == "telefono" and not self._show_check(name) and (digits := normalized(name, event.value)):
                if event.input.value != (shown := phone_text(digits)):
                    event.input.value = shown
                return
            self._show_check(name)

    def action_enter_key(self) -> None:
        """Enter in a one-line field or on tipo and medio goes to the next field; elsewhere it keeps its meaning."""
        if isinstance(self.focused, NumberedSelect):
            self.after_pick(self.focused)
            return
        self.enter_on_arrival({})

    def after_pick(self, select: NumberedSelect) -> None:
        """From tipo to medio; from medio to the petitioner when it is «módulo», whose petition is received now."""
        chain = self.focus_chain
        recibida = self.query_one("#recibida", Input)
        if select.id == "canal" and select.value == Canal.MODULO.value and recibida in chain[:-1]:
            # At once (set_focus, not focus()): the keys typed after the digit are handed out right behind it.
            self.set_focus(chain[chain.index(recibida) + 1])
        else:
            self.focus_next()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "tipo":
            self._show_missing()
        self._changed()

    @on(Checkbox.Changed)
    def _checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "anonima":
            self._set_anonymous(event.value)
            self._show_missing()
        self._changed()

    @on(TextArea.Changed, "#descripcion")
    def _description_changed(self) -> None:
        self._assess()
        self._show_triage()
        self._show_missing()
        self._changed()

    # Saving: check fields, ask about urgency, look for duplicates, register, show the folio.

    def _petition_data(self) -> dict:
        anonymous = self.query_one("#anonima", Checkbox).value
        data: dict[str, object] = {name: "" if anonymous and name in PERSON_FIELDS else self.query_one(f"#{name}", Input).value
                for name in TEXT_FIELDS}
        data.update(
            tipo=self.query_one("#tipo", Select).value, canal=self.query_one("#canal", Select).value,
            recibida_en=parse_moment(self.query_one("#recibida", Input).value, RECEIVED_LABEL, now=now_utc()),
            descripcion=self.query_one("#descripcion", TextArea).text, anonima=anonymous,
            aviso_privacidad=self.query_one("#aviso_privacidad", Checkbox).value,
        )
        return data

    def action_save(self) -> None:
        """Register the petition on screen (Ctrl+S from any field)."""
        self.after_typed_keys(self._save)

    def _save(self) -> None:
        if self.saving or not self.is_current:
            return
        self._assess()
        problems = [name for name in ("recibida", *CHECKED_FIELDS) if self._show_check(name)]
        if problems:
            self.touched.update(problems)
            labels = ", ".join(label_of(name) for name in problems)
            self._error(f"{NOT_SAVED}corrija {labels} (vea el mensaje bajo el campo). Lo que falte puede quedar vacío.")
            self.query_one(f"#{problems[0]}", Input).focus()
            return
        if not self.query_one("#descripcion", TextArea).text.strip():
            self._error(f"{NOT_SAVED}escriba la descripción; es lo único obligatorio además del tipo.")
            self.query_one("#descripcion", TextArea).focus()
            return
        self._error("")
        data = self._petition_data()
        self._decide_urgency(lambda decision: self._look_for_duplicates(data, decision))

    def _look_for_duplicates(self, data: dict, decision: UrgencyDecision | None) -> None:
        self.saving = True
        call(self, find_duplicates, on_done=lambda found: self._duplicates_found(data, decision, found),
             on_error=self._failed, unidad_id=desk(self).unidad_id, now=now_utc(),
             curp=normalized("curp", data["curp"]), telefono=normalized("telefono", data["telefono"]),
             descripcion=data["descripcion"])

    def _duplicates_found(self, data: dict, decision: UrgencyDecision | None, found: list) -> None:
        if not found:
            self._register(data, decision)
            return

        def answered(choice: str | None) -> None:
            if choice == SAVE:
                self._register(data, decision)
                return
            self.saving = False
            if choice:
                # The earlier folio opens over the form, which stays as it was (and in its draft) for Esc to return.
                desk_app(self).open_expediente(choice)

        self.app.push_screen(DuplicatesDialog(found), answered)

    def _register(self, data: dict, decision: UrgencyDecision | None) -> None:
        ctx = desk(self)
        call(self, register, write=True, on_done=self._registered, on_error=self._failed,
             actor=ctx.actor, unidad=ctx.unidad, data=data, urgencia=decision, borrador=self.draft_token)

    def _failed(self, message: str) -> None:
        self.saving = False
        self._error(f"{NOT_SAVED}{message} Lo escrito sigue en pantalla.")

    def _registered(self, peticion) -> None:
        self.saving = False
        self._discard_draft()
        if self.typed is not None:
            self.typed.remember(peticion)
            self._use_typed(self.typed)
        self.query_one(DeskHeader).refresh_counts()
        details = saved_details(peticion)
        self._clear()
        self.app.push_screen(SavedDialog(peticion.folio, details, on_print=self.print_acuse), self._after_saved)

    def _after_saved(self, choice: str | None) -> None:
        if choice == "cerrar":
            self.app.pop_screen()
        else:
            self.query_one("#tipo", Select).focus()

    # Starting over and leaving.

    def on_screen_resume(self) -> None:
        if self._met_before and not has_content(self._fields()):
            # An empty form met again starts afresh: «Recibida» is now, not when the form was first opened.
            self._clear()
        self._met_before = True

    def _clear(self) -> None:
        self.draft_token = uuid4().hex
        self._autofilled.clear()
        for name in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = ""
            self.query_one(f"#{name}", Input).border_subtitle = ""
        self.query_one("#recibida", Input).value = moment_text(now_utc())
        self.query_one("#tipo", Select).value = Tipo.INCONFORMIDAD.value
        self.query_one("#canal", Select).value = Canal.MODULO.value
        self.query_one("#descripcion", TextArea).load_text("")
        self.query_one("#aviso_privacidad", Checkbox).value = False
        self.query_one("#anonima", Checkbox).value = False
        self._set_anonymous(False)
        self.triage, self.manual, self.cleared, self.cleared_matches = NOT_URGENT, None, None, frozenset()
        self.last_alert = None
        self.touched.clear()
        for name in ("recibida", *CHECKED_FIELDS):
            self._show_check(name, quiet=True)
        self._error("")
        self._show_triage()
        self._show_missing()
        self._fields_now = self._draft_written = self._fields()
        self.query_one("#in-body", VerticalScroll).scroll_home(animate=False)

    @on(Button.Pressed, "#in-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#in-clear")
    def action_clear_form(self) -> None:
        """Throw away what is typed (after asking) and start an empty form."""
        if not has_content(self._fields()):
            self._clear()
            self.query_one("#tipo", Select).focus()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._discard_draft()
                self._clear()
                self.query_one("#tipo", Select).focus()

        self.app.push_screen(ConfirmDialog("¿Borrar todo lo escrito en el formulario? El borrador también se "
                                           "borra y no se podrá recuperar.", confirm="Borrar todo",
                                           cancel="Conservar", destructive=True), answered)

    def action_start_over(self) -> None:
        """F2 on this form: go to its first field instead of opening a second form."""
        self.query_one("#tipo", Select).focus()

    def action_leave(self) -> None:
        """Go back; unsaved work stays as a draft that this form recovers next time."""
        if self.saving:
            return
        if not has_content(self._fields()):
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("La petición no se ha guardado. ¿Salir del formulario? Lo escrito queda "
                                           "como borrador y se recupera al volver a abrir Nueva petición (F2).",
                                           confirm="Salir (queda el borrador)", cancel="Seguir escribiendo"),
                             answered)
