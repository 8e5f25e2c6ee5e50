"""Buzones (F5): the week's L1 compliance, recording a collection, typing its sheets in a batch, and the L1 notices."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from models import Recoleccion
from services.buzones import MAX_SHEETS, acknowledge, collect, resume
from services.calendar import now_utc, today_local
from services.dates import day_text, moment_text, parse_moment
from services.intake import UrgencyDecision, register
from services.pending import PendingAction
from services.triage import assess
from tui.buzones_rows import BuzonesData, ack_line, counter_text, load_buzones, triage_label, week_text
from tui.context import desk
from tui.dialogs.alert import Alert, AlertDialog
from tui.dialogs.buzones_acuse import MEDIOS, AcuseMedioDialog
from tui.dialogs.common import ConfirmDialog
from tui.escalation_rows import URGENT_STYLE
from tui.key_order import FOCUS_BINDINGS, FocusOnArrival
from tui.widgets.buzon_sheet import BuzonSheet
from tui.widgets.desk_header import DeskHeader
from tui.widgets.keyed_select import KeyedSelect
from tui.work import call


class BuzonesScreen(FocusOnArrival, Screen):
    """Collections and the fast batch capture of buzón sheets, with the week's compliance and the L1 notices."""

    CSS_PATH = "buzones.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    # Sheets are typed in a batch by people who do not wait for the screen: Tab and Enter are decided as they arrive,
    # so the letters typed after them land in the next field (tui/key_order.py).
    BINDINGS = [
        Binding("ctrl+s", "register_sheet", "Registrar hoja"),
        Binding("escape", "leave", "Volver"),
        Binding("enter", "enter_key", show=False, priority=True),
        *FOCUS_BINDINGS,
    ]

    def __init__(self, buzon_id: int | None = None, recoleccion_id: int | None = None) -> None:
        super().__init__()
        self.preselect = buzon_id
        self.resume_id = recoleccion_id
        self.collection: Recoleccion | None = None
        self.captured = 0
        self._acks: dict[str, PendingAction] = {}
        self._collecting = False
        self._buzones: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="bz-body", can_focus=False), Horizontal(id="bz-columns"):
            with Vertical(id="bz-left"):
                yield Static("1. Recolección", classes="section-title")
                with Horizontal(id="bz-collect-row"):
                    yield KeyedSelect([], id="bz-buzon", prompt="Buzón", allow_blank=True)
                    yield Input(moment_text(now_utc()), id="bz-when")
                    yield Input(id="bz-hojas", type="integer", placeholder="0")
                    yield Button("Registrar", id="bz-collect", variant="primary", compact=True)
                yield Static("", id="bz-collect-status")
                with Horizontal(id="bz-sheet-head"):
                    yield Static("2. Hojas", classes="section-title")
                    yield Static("", id="bz-counter")
                yield BuzonSheet(id="bz-sheet", disabled=True)
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
        self.query_one("#bz-when", Input).border_title = "Fecha y hora"
        self.query_one("#bz-hojas", Input).border_title = "Hojas"
        self._update_counter()
        self.query_one("#bz-buzon", KeyedSelect).focus()
        if self.resume_id is not None:
            call(self, resume, on_done=self._resumed, recoleccion_id=self.resume_id)

    def _resumed(self, found: tuple[Recoleccion, int]) -> None:
        """Go on typing the sheets of a collection recorded earlier (from F4), counting those typed already."""
        collection, typed = found
        self.preselect = collection.buzon_id
        if collection.buzon_id in self._buzones:
            self.query_one("#bz-buzon", KeyedSelect).value = collection.buzon_id
        self._collected(collection)
        self.captured = typed
        self._update_counter()
        self.query_one("#bz-collect-status", Static).update(Text(
            f"Recolección del {moment_text(collection.recolectada_en)}: {typed} de {collection.hojas_declaradas} "
            "hojas capturadas; capture las que faltan."))

    def on_screen_resume(self) -> None:
        if self.collection is None and not self.query_one("#bz-hojas", Input).value:
            # Nothing under way: the moment of the next collection is now, not when the screen was first opened.
            self.query_one("#bz-when", Input).value = moment_text(now_utc())
        self._load()

    def reopen(self, buzon_id: int | None = None, recoleccion_id: int | None = None) -> None:
        """F4 sends the officer to a buzón or to a collection's untyped sheets, unless a collection's sheets are being
        typed: they come first (switching would clear the sheet on screen), and F4 still lists the other one."""
        if self.collection is not None and self.captured < self.collection.hojas_declaradas:
            if recoleccion_id not in (None, self.collection.id):
                self.query_one("#bz-collect-status", Static).update(Text(
                    "Termine primero las hojas de la recolección en captura; la otra sigue en Pendientes (F4)."))
            return
        if recoleccion_id is not None:
            call(self, resume, on_done=self._resumed, recoleccion_id=recoleccion_id)
            return
        self.preselect = buzon_id
        if buzon_id in self._buzones:
            self.query_one("#bz-buzon", KeyedSelect).value = buzon_id
            self.query_one("#bz-hojas", Input).focus()

    def _load(self) -> None:
        call(self, load_buzones, on_done=self._show, group="buzones", exclusive=True,
             unidad_id=desk(self).unidad_id, today=today_local())

    def _show(self, data: BuzonesData) -> None:
        self.query_one("#bz-week", Static).update(week_text(data.week))
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
            acks.add_option(Option(ack_line(action, today), id=str(index)))
        if not data.acks:
            acks.add_option(Option(Text("Ningún aviso pendiente. ✓"), disabled=True))
        elif keep is not None:
            acks.highlighted = min(keep, len(data.acks) - 1)

    def _update_counter(self) -> None:
        declared = None if self.collection is None else self.collection.hojas_declaradas
        self.query_one("#bz-counter", Static).update(counter_text(self.captured, declared))

    def _help(self, message: str) -> None:
        self.query_one("#bz-help", Static).update(Text(message))

    def action_enter_key(self) -> None:
        """Enter in a one-line field moves on; in «Hojas» it records the collection and in «Servidor público» the
        sheet, once the field has taken the keys typed before it. Elsewhere it keeps its meaning."""
        # Focus leaves the count at once, so nothing typed while the collection is saved lands in it.
        self.enter_on_arrival({"bz-hojas": self._record_collection, "servidor_publico": self.action_register_sheet},
                              moving=("bz-hojas",))

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
            when = parse_moment(self.query_one("#bz-when", Input).value, "Fecha y hora", now=now_utc())
        except ValueError as problem:
            status.update(Text(str(problem)))
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
             actor=desk(self).actor, buzon_id=buzon_id, hojas=int(hojas_text), when=when)

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
        moment = moment_text(collection.recolectada_en)
        status.update(Text(f"✓ Recolección {label} del {moment}: {collection.hojas_declaradas} hojas declaradas."))
        self._update_counter()
        self._load()
        self.query_one("#bz-sheet").disabled = False
        self.query_one(BuzonSheet).clear()
        self._help("1–5: tipo · Tab: siguiente campo · Ctrl+S o Enter en «Servidor público»: registrar la hoja.")

    def _sheet_data(self) -> dict:
        collection = self.collection
        assert collection is not None, "sheets are typed only after a collection"
        return {**self.query_one(BuzonSheet).values(), "canal": "buzon", "buzon_id": collection.buzon_id,
                "recoleccion_id": collection.id, "recibida_en": collection.recolectada_en}

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
        problems = self.query_one(BuzonSheet).problems()
        if problems:
            self._sheet_error("Corrija antes de registrar: " + " · ".join(problems) + ".")
            return
        triage = assess(data["descripcion"])
        if not triage.urgent:
            self._save(data, None)
            return

        def alerted(alert: Alert | None) -> None:
            if alert is None:
                self.query_one("#bz-descripcion", TextArea).focus()
                return
            self._save(data, UrgencyDecision(confirmar=True, alertado_a=alert.who, alertado_en=alert.when,
                                             categoria=triage.category))

        dialog = AlertDialog(Text("▲ URGENTE — " + triage_label(triage)), confirm="Registrar la hoja", back="Volver a la hoja")
        self.app.push_screen(dialog, alerted)

    def _save(self, data: dict, decision: UrgencyDecision | None) -> None:
        # The form is cleared at once so the next sheet can be typed while this one is written.
        self.query_one(BuzonSheet).clear()
        ctx = desk(self)
        call(self, register, write=True, on_done=self._registered, on_error=lambda message: self._not_saved(data, message),
             actor=ctx.actor, unidad=ctx.unidad, data=data, urgencia=decision)

    def _not_saved(self, data: dict, message: str) -> None:
        if self.query_one(BuzonSheet).started():
            self._sheet_error(f"La hoja anterior no se registró: {message} Descripción: «{data['descripcion'][:80]}».")
            return
        self.query_one(BuzonSheet).fill(data)
        self._sheet_error(message)

    def _registered(self, peticion) -> None:
        self.captured += 1
        status = self.query_one("#bz-sheet-status", Static)
        status.set_class(False, "error")
        line = Text(f"✓ Hoja {self.captured} registrada: folio {peticion.folio}")
        if peticion.urgente:
            line.append("  ")
            line.append("▲ URGENTE", style=URGENT_STYLE)
        if peticion.acuse_vence_en:
            line.append(f" · avisar al peticionario a más tardar el {day_text(peticion.acuse_vence_en)} (L1)")
        status.update(line)
        self._update_counter()
        self.query_one(DeskHeader).refresh_counts()
        self._load()

    def action_leave(self) -> None:
        """Go back; a sheet half typed is not lost without asking."""
        if not self.query_one(BuzonSheet).started():
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("Hay una hoja escrita sin registrar. ¿Salir de Buzones sin registrarla?",
                                           confirm="Salir sin registrar", cancel="Seguir capturando",
                                           destructive=True), answered)

    @on(OptionList.OptionSelected, "#bz-acks")
    def _acknowledge(self, event: OptionList.OptionSelected) -> None:
        action = self._acks.get(event.option.id or "")
        if action is None:
            return

        def chosen(medio: str | None) -> None:
            if medio:
                call(self, acknowledge, write=True, on_error=self._ack_error,
                     on_done=lambda _: self._acknowledged(action.folio or "", medio),
                     actor=desk(self).actor, folio=action.folio, medio=medio)

        self.app.push_screen(AcuseMedioDialog(action.folio or ""), chosen)

    def _ack_error(self, message: str) -> None:
        self._help("✗ " + message)
        self.app.notify(message, title="No se pudo", severity="error", timeout=8)

    def _acknowledged(self, folio: str, medio: str) -> None:
        self._help(f"✓ Aviso registrado ({MEDIOS[medio]}): folio {folio}.")
        self.query_one(DeskHeader).refresh_counts()
        self._load()
