"""Buzones (F5): the week's L1 compliance, recording a collection, typing its sheets in a batch, and the L1 notices."""

from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from models.enums import TIPO_LABELS, Tipo
from models.validators import normalize_email, normalize_phone
from services.buzones import WeekCompliance, acknowledge, collect, week_compliance
from services.calendar import MEXICO_CITY, now_utc, today_local
from services.inhabiles import load_calendar
from services.intake import UrgencyDecision, register
from services.pending import PendingAction, pending_actions
from services.triage import assess
from tui.dialogs.buzones_acuse import MEDIOS, AcuseMedioDialog
from tui.dialogs.buzones_urgencia import UrgentAlertDialog
from tui.dialogs.common import ConfirmDialog
from tui.screens.escalation import URGENT_STYLE, situation, short_date
from tui.widgets.desk_header import DeskHeader
from tui.widgets.check import ClearCheckbox
from tui.work import call

TIPOS = tuple(Tipo)
PERSON_FIELDS = ("nombre", "primer_apellido", "segundo_apellido", "telefono", "correo")
SHEET_INPUTS = (*PERSON_FIELDS, "servidor_publico")
DATE_FORMAT = "%d/%m/%Y %H:%M"
MAX_SHEETS = 500


@dataclass(frozen=True)
class BuzonesData:
    """This week's collections per buzón and the L1 notices due today or overdue."""

    week: list[WeekCompliance]
    acks: list[PendingAction]


def load_buzones(*, session, unidad_id: int, today: date) -> BuzonesData:
    """The week's compliance and the pending notices to buzón petitioners, read in one session."""
    actions = pending_actions(session, unidad_id=unidad_id, today=today, calendar=load_calendar(session))
    return BuzonesData(week_compliance(session, unidad_id=unidad_id, day=today),
                       [a for a in actions if a.accion == "acuse_buzon"])


def compliance_line(week: WeekCompliance) -> Text:
    """«B-01 Sala de espera — 1 de 2 recolecciones esta semana ✗ no cumple (L1)»."""
    line = Text(f"{week.clave} {week.ubicacion} — {week.recolecciones} de 2 recolecciones esta semana ")
    if week.cumple:
        line.append("✓ cumple", style="bold green")
    else:
        line.append("✗ no cumple", style="bold red")
    line.append(" (L1)")
    return line


def parse_moment(value: str) -> datetime:
    """«20/11/2026 10:30» as a moment in Mexico City; ValueError in Spanish otherwise."""
    try:
        moment = datetime.strptime(" ".join(value.split()), DATE_FORMAT)
    except ValueError:
        raise ValueError("escriba fecha y hora como dd/mm/aaaa hh:mm, por ejemplo 20/11/2026 09:30") from None
    return moment.replace(tzinfo=MEXICO_CITY)


def triage_label(triage) -> str:
    """«urgencia médica — posible anafilaxia — «labios hinchados»» for the banner and the alert dialog."""
    words = ", ".join(f"«{match}»" for match in triage.matches)
    return f"{triage.heading()} — {words}"


class KeyedSelect(Select):
    """A Select whose options are numbered: the keys 1 to 9 choose one without opening the list."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, options: list[tuple[str, object]], **kwargs):
        super().__init__(self.numbered(options), **kwargs)
        self.keyed_values = [value for _, value in options]

    @staticmethod
    def numbered(options: list[tuple[str, object]]) -> list[tuple[str, object]]:
        """«1 Inconformidad», «2 Reconocimiento»…"""
        return [(f"{index} {label}", value) for index, (label, value) in enumerate(options, 1)]

    def set_keyed_options(self, options: list[tuple[str, object]]) -> None:
        """Replace the options, numbering them."""
        self.keyed_values = [value for _, value in options]
        self.set_options(self.numbered(options))

    def action_pick(self, index: int) -> None:
        """Choose the option at this position."""
        if index < len(self.keyed_values):
            self.value = self.keyed_values[index]


class BuzonesScreen(Screen):
    """Collections and the fast batch capture of buzón sheets, with the week's compliance and the L1 notices."""

    CSS_PATH = "buzones.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "register_sheet", "Registrar hoja"),
        Binding("escape", "leave", "Volver"),
    ]

    def __init__(self, buzon_id: int | None = None) -> None:
        super().__init__()
        self.preselect = buzon_id
        self.collection = None
        self.captured = 0
        self._acks: dict[str, PendingAction] = {}
        self._collecting = False
        self._buzones: dict[int, str] = {}
        self._banner = ""
        self._problems = ""

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="bz-body", can_focus=False):
            with Horizontal(id="bz-columns"):
                with Vertical(id="bz-left"):
                    yield Static("1. Recolección", classes="section-title")
                    with Horizontal(id="bz-collect-row"):
                        yield KeyedSelect([], id="bz-buzon", prompt="Buzón", allow_blank=True)
                        yield Input(now_utc().astimezone(MEXICO_CITY).strftime(DATE_FORMAT), id="bz-when")
                        yield Input(id="bz-hojas", type="integer", placeholder="0")
                        yield Button("Registrar", id="bz-collect", variant="primary", compact=True)
                    yield Static("", id="bz-collect-status")
                    with Horizontal(id="bz-sheet-head"):
                        yield Static("2. Hojas", classes="section-title")
                        yield Static("", id="bz-counter")
                    with Vertical(id="bz-sheet", disabled=True):
                        with Horizontal(classes="bz-row"):
                            yield KeyedSelect([(TIPO_LABELS[t], t.value) for t in TIPOS],
                                              value=Tipo.INCONFORMIDAD.value, allow_blank=False, id="bz-tipo")
                            yield ClearCheckbox("Anónima", id="bz-anonima")
                        with Horizontal(classes="bz-row"):
                            yield Input(id="nombre")
                            yield Input(id="primer_apellido")
                            yield Input(id="segundo_apellido")
                        with Horizontal(classes="bz-row"):
                            yield Input(id="telefono", placeholder="10 dígitos")
                            yield Input(id="correo", placeholder="opcional")
                        yield Static("", id="bz-field-errors", classes="error")
                        yield TextArea(id="bz-descripcion", soft_wrap=True, tab_behavior="focus")
                        yield Static("", id="bz-triage")
                        yield Input(id="servidor_publico", placeholder="si la hoja lo menciona")
                    yield Static("", id="bz-sheet-status")
                with Vertical(id="bz-right"):
                    yield Static("Recolecciones de esta semana", classes="section-title")
                    yield Static("Cargando…", id="bz-week")
                    yield Static("3. Avisos de recepción pendientes (L1)", classes="section-title")
                    yield Static("Vencen hoy o están vencidos. Enter: avisado por teléfono (T) o por escrito (E).",
                                 classes="muted")
                    yield OptionList(id="bz-acks")
        yield Static("", id="bz-help")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#bz-tipo", KeyedSelect).query_one("SelectCurrent").border_title = "Tipo (1–5)"
        titles = {"bz-when": "Fecha y hora", "bz-hojas": "Hojas", "nombre": "Nombre(s)", "primer_apellido": "Primer apellido",
                  "segundo_apellido": "Segundo apellido", "telefono": "Teléfono", "correo": "Correo electrónico",
                  "bz-descripcion": "Descripción (Tab para seguir)", "servidor_publico": "Servidor público (Enter registra)"}
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title
        self._update_counter()
        self.query_one("#bz-buzon", KeyedSelect).focus()

    def on_screen_resume(self) -> None:
        self._load()

    def _load(self) -> None:
        call(self, load_buzones, on_done=self._show, group="buzones", exclusive=True,
             unidad_id=self.app.ctx.unidad_id, today=today_local())

    def _show(self, data: BuzonesData) -> None:
        week = Text("\n").join(compliance_line(w) for w in data.week) if data.week else Text("No hay buzones activos.")
        self.query_one("#bz-week", Static).update(week)
        if not self._buzones:
            self._buzones = {w.buzon_id: f"{w.clave} {w.ubicacion}" for w in data.week}
            select = self.query_one("#bz-buzon", KeyedSelect)
            select.set_keyed_options([(label, buzon_id) for buzon_id, label in self._buzones.items()])
            select.query_one("SelectCurrent").border_title = f"Buzón (1–{len(self._buzones)})" if self._buzones else "Buzón"
            ids = [w.buzon_id for w in data.week]
            if self.preselect in ids or len(ids) == 1:
                select.value = self.preselect if self.preselect in ids else ids[0]
                self.query_one("#bz-hojas", Input).focus()
        acks = self.query_one("#bz-acks", OptionList)
        keep = acks.highlighted
        acks.clear_options()
        self._acks = {}
        today = today_local()
        for index, action in enumerate(data.acks):
            self._acks[str(index)] = action
            line = Text(no_wrap=True, overflow="ellipsis")
            if action.urgente:
                line.append("▲ URGENTE", style=URGENT_STYLE)
                line.append(" ")
            line.append(f"{action.folio}  ")
            line.append_text(situation(action, today))
            acks.add_option(Option(line, id=str(index)))
        if not data.acks:
            acks.add_option(Option(Text("Ningún aviso pendiente. ✓"), disabled=True))
        elif keep is not None:
            acks.highlighted = min(keep, len(data.acks) - 1)

    def _update_counter(self) -> None:
        counter = self.query_one("#bz-counter", Static)
        if self.collection is None:
            counter.update(Text("Primero registre la recolección.", style="italic"))
            return
        declared = self.collection.hojas_declaradas
        if self.captured < declared:
            text = Text(f"Hoja {self.captured + 1} de {declared} declaradas", style="bold")
            text.append(f" · {self.captured} {'capturada' if self.captured == 1 else 'capturadas'}")
        else:
            text = Text(f"{self.captured} de {declared} hojas capturadas ", style="bold")
            if self.captured == declared:
                text.append("✓ completa", style="bold green")
            else:
                text.append(f"⚠ {self.captured - declared} más de las declaradas: revise el conteo", style="bold red")
        counter.update(text)

    def _help(self, message: str) -> None:
        self.query_one("#bz-help", Static).update(Text(message))

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        field = event.input.id
        if field == "bz-when":
            self.query_one("#bz-hojas", Input).focus()
        elif field == "bz-hojas":
            # Focus leaves the count at once, so nothing typed while the collection is saved lands in it.
            self.query_one("#bz-collect", Button).focus()
            self._record_collection()
        elif field == "servidor_publico":
            self.action_register_sheet()
        elif field in PERSON_FIELDS:
            self.focus_next()

    @on(Button.Pressed, "#bz-collect")
    def _record_collection(self) -> None:
        if self._collecting:
            return
        status = self.query_one("#bz-collect-status", Static)
        status.set_class(True, "error")
        buzon_id = self.query_one("#bz-buzon", KeyedSelect).value
        if buzon_id is Select.NULL:
            status.update("Elija el buzón que recolectó.")
            self.query_one("#bz-buzon", KeyedSelect).focus()
            return
        try:
            when = parse_moment(self.query_one("#bz-when", Input).value)
        except ValueError as problem:
            status.update(Text(f"Fecha y hora: {problem}."))
            self.query_one("#bz-when", Input).focus()
            return
        if when > now_utc():
            status.update("La fecha y hora de la recolección no puede ser posterior a este momento.")
            self.query_one("#bz-when", Input).focus()
            return
        hojas_text = self.query_one("#bz-hojas", Input).value.strip()
        if not hojas_text.isdigit() or int(hojas_text) > MAX_SHEETS:
            status.update(Text("Escriba cuántas hojas había en el buzón (0 si estaba vacío)." if not hojas_text.isdigit()
                               else f"Revise el número de hojas: {hojas_text} es más de {MAX_SHEETS}."))
            self.query_one("#bz-hojas", Input).focus()
            return
        self._collecting = True
        call(self, collect, write=True, on_done=self._collected, on_error=self._collect_error,
             actor=self.app.ctx.actor, buzon_id=buzon_id, hojas=int(hojas_text), when=when)

    def _collect_error(self, message: str) -> None:
        self._collecting = False
        self.query_one("#bz-collect-status", Static).update(Text(message))
        self.query_one("#bz-hojas", Input).focus()

    def _collected(self, collection) -> None:
        self._collecting = False
        self.collection, self.captured = collection, 0
        label = self._buzones.get(collection.buzon_id, "").split(" ")[0]
        status = self.query_one("#bz-collect-status", Static)
        status.set_class(False, "error")
        moment = collection.recolectada_en.astimezone(MEXICO_CITY).strftime(DATE_FORMAT)
        status.update(Text(f"✓ Recolección {label} del {moment}: {collection.hojas_declaradas} hojas declaradas."))
        self._update_counter()
        self._load()
        self.query_one("#bz-sheet").disabled = False
        self._clear_sheet()
        self._help("1–5: tipo · Tab: siguiente campo · Ctrl+S o Enter en «Servidor público»: registrar la hoja.")

    @on(Checkbox.Changed, "#bz-anonima")
    def _anonymous(self, event: Checkbox.Changed) -> None:
        for name in PERSON_FIELDS:
            field = self.query_one(f"#{name}", Input)
            field.disabled = event.value
            if event.value:
                field.value = ""

    @on(Input.Changed, "#telefono")
    @on(Input.Changed, "#correo")
    def _validate_contact(self) -> None:
        problems = " · ".join(self._contact_problems())
        if problems != self._problems:
            self._problems = problems
            self.query_one("#bz-field-errors", Static).update(Text(problems))

    def _contact_problems(self) -> list[str]:
        problems = []
        for name, check in (("telefono", normalize_phone), ("correo", normalize_email)):
            value = self.query_one(f"#{name}", Input).value.strip()
            if value:
                try:
                    check(value)
                except ValueError as problem:
                    problems.append(str(problem).capitalize())
        return problems

    @on(TextArea.Changed, "#bz-descripcion")
    def _triage(self, event: TextArea.Changed) -> None:
        triage = assess(event.text_area.text)
        message = "▲ URGENTE — " + triage_label(triage) if triage.urgent else ""
        if message == self._banner:
            return
        self._banner = message
        banner = self.query_one("#bz-triage", Static)
        banner.set_class(triage.urgent, "urgent")
        banner.update(Text(message))

    def _sheet_data(self) -> dict:
        anonymous = self.query_one("#bz-anonima", Checkbox).value
        data = {name: self.query_one(f"#{name}", Input).value for name in SHEET_INPUTS}
        if anonymous:
            data.update({name: "" for name in PERSON_FIELDS})
        data.update(tipo=self.query_one("#bz-tipo", KeyedSelect).value, canal="buzon", anonima=anonymous,
                    descripcion=self.query_one("#bz-descripcion", TextArea).text, buzon_id=self.collection.buzon_id,
                    recibida_en=self.collection.recolectada_en)
        return data

    def _sheet_error(self, message: str) -> None:
        status = self.query_one("#bz-sheet-status", Static)
        status.set_class(True, "error")
        status.update(Text("✗ " + message))

    def action_register_sheet(self) -> None:
        """Register the sheet on screen as a buzón petition of the collection; urgent ones ask who was alerted."""
        if self.collection is None:
            self._sheet_error("Registre primero la recolección del buzón.")
            return
        data = self._sheet_data()
        if not data["descripcion"].strip():
            self._sheet_error("Escriba la descripción de la hoja: es lo único obligatorio.")
            self.query_one("#bz-descripcion", TextArea).focus()
            return
        problems = self._contact_problems()
        if problems:
            self._sheet_error("Corrija antes de registrar: " + " · ".join(problems) + ".")
            return
        triage = assess(data["descripcion"])
        if not triage.urgent:
            self._save(data, None)
            return

        def alerted(answer) -> None:
            if answer is None:
                self.query_one("#bz-descripcion", TextArea).focus()
                return
            who, when = answer
            self._save(data, UrgencyDecision(confirmar=True, alertado_a=who, alertado_en=when, categoria=triage.category))

        self.app.push_screen(UrgentAlertDialog(triage_label(triage)), alerted)

    def _save(self, data: dict, decision: UrgencyDecision | None) -> None:
        # The form is cleared at once so the next sheet can be typed while this one is written.
        self._clear_sheet()
        ctx = self.app.ctx
        call(self, register, write=True, on_done=self._registered, on_error=lambda message: self._not_saved(data, message),
             actor=ctx.actor, unidad=ctx.unidad, data=data, urgencia=decision)

    def _not_saved(self, data: dict, message: str) -> None:
        if self._sheet_started():
            self._sheet_error(f"La hoja anterior no se registró: {message} Descripción: «{data['descripcion'][:80]}».")
            return
        self._fill_sheet(data)
        self._sheet_error(message)

    def _fill_sheet(self, data: dict) -> None:
        self.query_one("#bz-tipo", KeyedSelect).value = data["tipo"]
        self.query_one("#bz-anonima", Checkbox).value = data["anonima"]
        for name in SHEET_INPUTS:
            self.query_one(f"#{name}", Input).value = data[name]
        self.query_one("#bz-descripcion", TextArea).text = data["descripcion"]

    def _registered(self, peticion) -> None:
        self.captured += 1
        status = self.query_one("#bz-sheet-status", Static)
        status.set_class(False, "error")
        line = Text(f"✓ Hoja {self.captured} registrada: folio {peticion.folio}")
        if peticion.urgente:
            line.append("  ")
            line.append("▲ URGENTE", style=URGENT_STYLE)
        if peticion.acuse_vence_en:
            line.append(f" · avisar al peticionario a más tardar el {short_date(peticion.acuse_vence_en)} (L1)")
        status.update(line)
        self._update_counter()
        self.query_one(DeskHeader).refresh_counts()
        self._load()

    def _clear_sheet(self) -> None:
        self.query_one("#bz-anonima", Checkbox).value = False
        for name in SHEET_INPUTS:
            field = self.query_one(f"#{name}", Input)
            field.disabled = False
            field.value = ""
        self.query_one("#bz-descripcion", TextArea).text = ""
        self._problems = ""
        self.query_one("#bz-field-errors", Static).update("")
        tipo = self.query_one("#bz-tipo", KeyedSelect)
        tipo.value = Tipo.INCONFORMIDAD.value
        tipo.focus()

    def _sheet_started(self) -> bool:
        return bool(self.query_one("#bz-descripcion", TextArea).text.strip()
                    or any(self.query_one(f"#{name}", Input).value.strip() for name in SHEET_INPUTS))

    def action_leave(self) -> None:
        """Go back; a sheet half typed is not lost without asking."""
        if not self._sheet_started():
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("Hay una hoja escrita sin registrar. ¿Salir de Buzones sin registrarla?",
                                           confirm="Salir sin registrar", cancel="Seguir capturando"), answered)

    @on(OptionList.OptionSelected, "#bz-acks")
    def _acknowledge(self, event: OptionList.OptionSelected) -> None:
        action = self._acks.get(event.option.id)
        if action is None:
            return

        def chosen(medio: str | None) -> None:
            if medio:
                call(self, acknowledge, write=True, on_error=self._ack_error,
                     on_done=lambda _: self._acknowledged(action.folio, medio),
                     actor=self.app.ctx.actor, folio=action.folio, medio=medio)

        self.app.push_screen(AcuseMedioDialog(action.folio), chosen)

    def _ack_error(self, message: str) -> None:
        self._help("✗ " + message)
        self.app.notify(message, title="No se pudo", severity="error", timeout=8)

    def _acknowledged(self, folio: str, medio: str) -> None:
        self._help(f"✓ Aviso registrado ({MEDIOS[medio]}): folio {folio}.")
        self.query_one(DeskHeader).refresh_counts()
        self._load()
