"""Nueva petición (F2): the intake form, with L3 data checked as it is typed, L2 triage as the description is written,
a draft on disk that survives a closed terminal, possible duplicates, and the folio in large figures."""

import re
import time
from datetime import datetime, timedelta
from uuid import uuid4
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList, Suggester
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Footer, Input, Select, Static, TextArea

from models.enums import CANAL_LABELS, TIPO_LABELS, Canal, Tipo
from models.petition_io import PersonData
from models.validators import normalize_curp, normalize_email, normalize_phone, normalize_postal_code
from services import drafts
from services.calendar import MEXICO_CITY, now_utc
from services.duplicates import find as find_duplicates
from services.intake import UrgencyDecision, register, registered_from_draft
from services.triage import CATEGORY_LABELS, NOT_URGENT, SUPPRESSION_LABELS, Triage, assess
from services.typed_before import TypedBefore, typed_before
from tui.dialogs.common import ConfirmDialog, ReasonDialog
from tui.dialogs.intake_duplicates import DuplicatesDialog
from tui.dialogs.intake_saved import SavedDialog
from tui.dialogs.intake_urgency import URGENT_STYLE, CategoryDialog, UrgencyDialog
from tui.widgets.desk_header import DeskHeader
from tui.widgets.check import ClearCheckbox
from tui.work import call

MOMENT_FORMAT = "%Y-%m-%d %H:%M"
PERSON_FIELDS = {
    "nombre": "Nombre(s)",
    "primer_apellido": "Primer apellido",
    "segundo_apellido": "Segundo apellido",
    "curp": "CURP",
    "telefono": "Teléfono",
    "correo": "Correo electrónico",
    "calle": "Calle",
    "numero_exterior": "Núm. ext.",
    "numero_interior": "Núm. int.",
    "colonia": "Colonia",
    "codigo_postal": "Código postal",
    "municipio": "Municipio o alcaldía",
    "entidad": "Estado",
}
TEXT_FIELDS = (*PERSON_FIELDS, "servidor_publico")
CHECKED_FIELDS = {
    "curp": normalize_curp,
    "telefono": normalize_phone,
    "correo": normalize_email,
    "codigo_postal": normalize_postal_code,
}
PLACEHOLDERS = {"curp": "18 caracteres", "telefono": "10 dígitos", "correo": "nombre@dominio.mx",
                "codigo_postal": "5 dígitos", "servidor_publico": "si lo menciona: nombre y puesto (→ completa)",
                "colonia": "→ completa lo sugerido", "municipio": "→ completa lo sugerido",
                "entidad": "→ completa lo sugerido"}
# Values the desk typed before, per running app: read once in a worker, refreshed each time the form opens.
TYPED_BEFORE: "WeakKeyDictionary[object, TypedBefore]" = WeakKeyDictionary()
SUGGESTED_FIELDS = ("calle", "colonia", "municipio", "entidad", "servidor_publico")
DRAFT_STAMP = "guardado_en"
# One token per petition being typed, kept in its draft and recorded with its registration.
DRAFT_TOKEN = "ficha"
# The draft is written once typing pauses for a second, and at the latest three seconds after the first unsaved
# change: an officer who types without pausing still loses no more than that if the desk dies.
DRAFT_PAUSE_SECONDS = 1.0
DRAFT_MAX_DELAY_SECONDS = 3.0
NOT_SAVED = "No se guardó: "


def parse_received(value: str, now: datetime) -> datetime:
    """«2026-11-20 09:30» (or «20/11/2026 09:30») as a moment in Mexico City; ValueError in Spanish otherwise."""
    text = " ".join(value.split())
    for pattern in (MOMENT_FORMAT, "%d/%m/%Y %H:%M"):
        try:
            moment = datetime.strptime(text, pattern).replace(tzinfo=MEXICO_CITY)
            break
        except ValueError:
            continue
    else:
        raise ValueError("escriba fecha y hora como AAAA-MM-DD HH:MM, por ejemplo 2026-11-20 09:30")
    if moment > now + timedelta(minutes=2):
        raise ValueError("no puede ser posterior a este momento")
    return moment


def long_enough(name: str, value: str) -> bool:
    """Whether a value being typed is long enough to judge it before the field loses focus."""
    if name == "curp":
        return len(re.sub(r"[\s-]", "", value)) >= 18
    if name == "telefono":
        return sum(ch.isdigit() for ch in value) >= 10
    if name == "codigo_postal":
        return len(value.strip()) >= 5
    if name == "correo":
        return "." in value.rpartition("@")[2]
    if name == "recibida":
        return len(" ".join(value.split())) >= len("2026-11-20 09:30")
    return True


def check_field(name: str, value: str) -> tuple[str, str]:
    """(problem, warning) for one of the checked fields; both empty when the value is fine or blank."""
    if not value.strip():
        return "", ""
    try:
        clean = CHECKED_FIELDS[name](value)
    except ValueError as problem:
        return str(problem), ""
    return "", getattr(clean, "warning", "")


def normalized(name: str, value: str) -> str:
    """The clean value of a checked field, or "" when it is blank or not valid."""
    try:
        return CHECKED_FIELDS[name](value) if value.strip() else ""
    except ValueError:
        return ""


def triage_banner(triage: Triage, manual: str | None, cleared: str | None, *, keys: bool = True) -> tuple[Text, bool]:
    """The banner over the form and whether it is the urgent one: category, trigger words, and the key to change it."""
    if (triage.urgent and cleared is None) or manual is not None:
        line = Text()
        line.append("▲ URGENTE", style="bold reverse")
        category = CATEGORY_LABELS.get(manual or triage.category, "urgente")
        if triage.urgent and cleared is None:
            words = ", ".join(f"«{match}»" for match in triage.matches)
            heading = triage.heading() if manual is None else category
            line.append(f" — {heading} — detectado por: {words}", style="bold")
        else:
            line.append(f" — {category} — marcada a mano por usted", style="bold")
        if keys:
            line.append("   Ctrl+U: " + ("quitar la marca" if manual is not None else "no es urgente (con motivo)"))
        return line, True
    if cleared is not None:
        line = Text()
        line.append("△ Urgencia descartada por usted: ", style="bold")
        line.append(f"«{cleared}»")
        if keys:
            line.append("   Ctrl+U: volver a marcarla", style="italic")
        return line, False
    line = Text("Sin señales de urgencia (L2)")
    if triage.suppressed:
        reason = SUPPRESSION_LABELS.get(triage.rule.partition(":")[2], "sin efecto")
        line.append(f" — no cuenta ({reason}): " + ", ".join(f"«{word}»" for word in triage.suppressed))
    if keys:
        line.append("   Ctrl+U: marcar urgente a mano", style="italic")
    return line, False


class NumberedSelect(Select):
    """A Select whose options are numbered: the keys 1 to 9 choose one without opening the list."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, options: list[tuple[str, str]], **kwargs):
        super().__init__([(f"{n} {label}", value) for n, (label, value) in enumerate(options, 1)], **kwargs)
        self.keyed_values = [value for _, value in options]

    class Picked(Message):
        """An option was chosen by its number: the form moves on to the next field."""

        def __init__(self, select: "NumberedSelect") -> None:
            super().__init__()
            self.select = select

    def action_pick(self, index: int) -> None:
        """Choose the option at this position."""
        if index < len(self.keyed_values):
            self.value = self.keyed_values[index]
            self.post_message(self.Picked(self))


class DomainSuggester(Suggester):
    """Completes the part of an e-mail address after the @ with a domain typed before (or a common one)."""

    def __init__(self, domains: list[str]) -> None:
        super().__init__(use_cache=False)
        self.domains = domains

    async def get_suggestion(self, value: str) -> str | None:
        """«ana@g» → «ana@gmail.com»; nothing before the @ is ever suggested."""
        local, at, typed = value.rpartition("@")
        if not at or not local:
            return None
        typed = typed.lower()
        return next((f"{local}@{name}" for name in self.domains if name.startswith(typed) and name != typed), None)


class PostalCodeSuggester(Suggester):
    """Suggests the códigos postales typed before with the colonia already on screen, the most frequent first."""

    def __init__(self, codes) -> None:
        super().__init__(use_cache=False)
        self.codes = codes

    async def get_suggestion(self, value: str) -> str | None:
        """The first known code that starts with what is typed."""
        typed = value.strip()
        return next((code for code in self.codes() if code.startswith(typed)), None)


class QuietFooter(Footer):
    """A Footer rebuilt only when the keys it shows change: Textual's rebuilds it on every focus change, which made
    each Tab in this long form cost a third of a second on a desk computer."""

    shown: tuple = ()

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((binding.key, binding.action, binding.description, enabled, tooltip)
                      for _, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)
        if self._bindings_ready and shown == self.shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.shown = shown
        super().bindings_changed(screen)


class IntakeScreen(Screen):
    """Registers one petition after another; missing data never blocks, invalid data is pointed out where it is."""

    CSS_PATH = "intake.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Guardar", priority=True),
        Binding("ctrl+u", "urgency", "Urgencia", priority=True),
        Binding("ctrl+n", "clear_form", "Limpiar"),
        Binding("escape", "leave", "Volver"),
        Binding("f2", "start_over", show=False),
        # Moving between fields is decided as each key arrives, not after the field has handled it: otherwise the
        # first letters of a fast typist land in the field just left.
        Binding("enter", "enter_key", show=False, priority=True),
        Binding("tab", "move_focus(1)", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", show=False, priority=True),
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
        self._draft_timer: Timer | None = None
        self._draft_deadline: float | None = None
        self._draft_written: dict | None = None
        self._draft_failed = False
        self.draft_token = uuid4().hex
        self._fields_now: dict = {}
        self._shown: dict[str, str] = {}
        self.typed: TypedBefore | None = None
        self._autofilled: dict[str, tuple[str, str]] = {}

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
                yield Input(self._now_text(), id="recibida", placeholder="AAAA-MM-DD HH:MM")
            yield Static("", id="recibida-msg", classes="in-msg")
            with Horizontal(id="in-columns"):
                with Vertical(id="in-person"):
                    yield Static("Peticionario (L3) — lo que falte no impide guardar", classes="section-title")
                    with Horizontal(classes="in-row"):
                        yield from self._inputs("nombre", "primer_apellido", "segundo_apellido")
                    with Horizontal(classes="in-row"):
                        yield from self._inputs("curp", "telefono", "correo")
                    yield from self._messages("curp", "telefono", "correo")
                    with Horizontal(classes="in-row"):
                        yield from self._inputs("calle", "numero_exterior", "numero_interior")
                    with Horizontal(classes="in-row"):
                        yield from self._inputs("colonia", "codigo_postal")
                    yield from self._messages("codigo_postal")
                    with Horizontal(classes="in-row"):
                        yield from self._inputs("municipio", "entidad")
                    yield from self._inputs("servidor_publico")
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

    @staticmethod
    def _inputs(*names: str):
        for name in names:
            # Not selecting on focus: a fast typist's first letter must never be replaced by the second.
            yield Input(id=name, placeholder=PLACEHOLDERS.get(name, ""), select_on_focus=False)

    @staticmethod
    def _messages(*names: str):
        for name in names:
            yield Static("", id=f"{name}-msg", classes="in-msg")

    def on_mount(self) -> None:
        self.query_one("#tipo", Select).query_one("SelectCurrent").border_title = "Tipo (1–5)"
        self.query_one("#canal", Select).query_one("SelectCurrent").border_title = "Medio (1–8)"
        self.query_one("#recibida", Input).border_title = "Recibida"
        for name, label in PERSON_FIELDS.items():
            self.query_one(f"#{name}", Input).border_title = label
        self.query_one("#servidor_publico", Input).border_title = "Servidor público involucrado"
        self.query_one("#descripcion", TextArea).border_title = "Descripción (Tab: siguiente)"
        draft = self.given_draft if self.given_draft is not None else self._load_draft()
        if draft:
            self._restore(draft)
            self.app.notify(f"Se recuperó el borrador del {self._stamp_text(draft.get(DRAFT_STAMP))}.",
                            title="Borrador")
            if isinstance(draft.get(DRAFT_TOKEN), str):
                self.draft_token = draft[DRAFT_TOKEN]
                call(self, registered_from_draft, on_done=self._already_registered, group="draft-check",
                     actor=self.app.ctx.actor, borrador=self.draft_token)
        self._fields_now = self._draft_written = self._fields()
        self._show_triage()
        self._show_missing()
        self.query_one("#tipo", Select).focus()
        if self.app in TYPED_BEFORE:
            self._use_typed(TYPED_BEFORE[self.app])
        call(self, typed_before, on_done=self._use_typed, group="typed-before", exclusive=True,
             unidad_id=self.app.ctx.unidad_id)

    # Autocompletion from what the desk typed before, and municipio and estado filled in from the código postal.

    def _use_typed(self, typed: TypedBefore) -> None:
        TYPED_BEFORE[self.app] = self.typed = typed
        lists = (typed.calles, typed.colonias, typed.municipios, typed.entidades, typed.servidores)
        for name, values in zip(SUGGESTED_FIELDS, lists):
            self.query_one(f"#{name}", Input).suggester = SuggestFromList(values, case_sensitive=False)
        self.query_one("#correo", Input).suggester = DomainSuggester(typed.dominios)
        colonia = self.query_one("#colonia", Input)
        self.query_one("#codigo_postal", Input).suggester = PostalCodeSuggester(
            lambda: typed.codes_of_colonia.get(colonia.value.strip().casefold(), []))

    def _fill_place(self, name: str, value: str) -> None:
        """A known código postal fills municipio and estado, a known municipio the estado, unless the officer typed
        them; a value filled in this way says where it came from and goes away if its source changes."""
        if name == "codigo_postal":
            place = self.typed.place_of_code.get(str(normalized("codigo_postal", value)))
            targets, source = {"municipio": place[0] if place else "", "entidad": place[1] if place else ""}, "del CP"
        elif "municipio" in self._autofilled:
            return
        else:
            state = self.typed.state_of_municipio.get(value.strip().casefold(), "")
            targets, source = {"entidad": state}, "del municipio"
        for target, new in targets.items():
            field = self.query_one(f"#{target}", Input)
            filled, filled_from = self._autofilled.get(target, ("", ""))
            if field.disabled or (field.value and filled != field.value):
                continue
            if filled and filled_from != source and source == "del municipio":
                # The código postal says more than the municipio: what it filled in stays.
                continue
            if new:
                self._autofilled[target] = (new, source)
            elif self._autofilled.pop(target, None) is None:
                continue
            field.border_subtitle = source if new else ""
            field.value = new
            field.cursor_position = len(new)

    @staticmethod
    def _now_text() -> str:
        return now_utc().astimezone(MEXICO_CITY).strftime(MOMENT_FORMAT)

    @staticmethod
    def _stamp_text(stamp) -> str:
        try:
            return datetime.fromisoformat(stamp).astimezone(MEXICO_CITY).strftime("%d/%m/%Y a las %H:%M")
        except (TypeError, ValueError):
            return "trabajo anterior"

    # What is on screen, as plain values: the draft and the petition are built from this.

    def _fields(self) -> dict:
        fields = {name: self.query_one(f"#{name}", Input).value for name in ("recibida", *TEXT_FIELDS)}
        fields.update(
            tipo=str(self.query_one("#tipo", Select).value), canal=str(self.query_one("#canal", Select).value),
            descripcion=self.query_one("#descripcion", TextArea).text,
            aviso_privacidad=self.query_one("#aviso_privacidad", Checkbox).value,
            anonima=self.query_one("#anonima", Checkbox).value,
            urgencia_manual=self.manual or "", urgencia_descartada=self.cleared or "",
        )
        return fields

    @staticmethod
    def _has_content(fields: dict) -> bool:
        return any(str(fields.get(name, "")).strip() for name in (*TEXT_FIELDS, "descripcion"))

    def _restore(self, draft: dict) -> None:
        for name in ("recibida", *TEXT_FIELDS):
            if isinstance(draft.get(name), str):
                self.query_one(f"#{name}", Input).value = draft[name]
        for name, kind in (("tipo", Tipo), ("canal", Canal)):
            if draft.get(name) in {item.value for item in kind}:
                self.query_one(f"#{name}", Select).value = draft[name]
        if isinstance(draft.get("descripcion"), str):
            self.query_one("#descripcion", TextArea).load_text(draft["descripcion"])
        for name in ("aviso_privacidad", "anonima"):
            self.query_one(f"#{name}", Checkbox).value = bool(draft.get(name))
        manual, cleared = draft.get("urgencia_manual"), draft.get("urgencia_descartada")
        self.manual = manual if manual in CATEGORY_LABELS else None
        self.cleared = cleared if isinstance(cleared, str) and cleared.strip() else None
        self.triage = assess(self.query_one("#descripcion", TextArea).text)
        self.cleared_matches = frozenset(self.triage.matches) if self.cleared else frozenset()
        self._set_anonymous(bool(draft.get("anonima")))
        for name in ("recibida", *CHECKED_FIELDS):
            if self.query_one(f"#{name}", Input).value.strip():
                self.touched.add(name)
                self._show_check(name)

    # Drafts: written when typing pauses, at most a few seconds after a change, and whenever the form is left.

    def _load_draft(self) -> dict | None:
        ctx = self.app.ctx
        return drafts.load(ctx.data_dir, ctx.usuario)

    def _changed(self) -> None:
        self._fields_now = self._fields()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        now = time.monotonic()
        if self._draft_deadline is None:
            self._draft_deadline = now + DRAFT_MAX_DELAY_SECONDS
        left = self._draft_deadline - now
        if left <= 0:
            # Past the deadline the draft is written now: a Textual timer of zero seconds divides by zero when late.
            self._draft_timer = None
            self._write_draft()
            return
        self._draft_timer = self.set_timer(min(DRAFT_PAUSE_SECONDS, left), self._write_draft)

    def _write_draft(self) -> None:
        self._draft_deadline = None
        fields = self._fields_now
        if fields == self._draft_written:
            return
        ctx = self.app.ctx
        try:
            if self._has_content(fields):
                drafts.save(ctx.data_dir, ctx.usuario,
                            {**fields, DRAFT_STAMP: now_utc().isoformat(), DRAFT_TOKEN: self.draft_token})
            else:
                drafts.discard(ctx.data_dir, ctx.usuario)
        except OSError as problem:
            if not self._draft_failed:
                self._draft_failed = True
                self.app.notify(f"No se pudo guardar el borrador en disco ({problem.strerror or problem}).",
                                title="Borrador", severity="warning", timeout=10)
            return
        self._draft_written = fields

    def _already_registered(self, folio: str | None) -> None:
        # The terminal closed after the petition was saved but before its folio was shown.
        if folio is None:
            return
        self._discard_draft()
        self._clear()
        self.app.notify(f"Ese borrador ya se había registrado con el folio {folio} (el equipo se cerró antes de "
                        "mostrarlo); no se registra dos veces. Búsquelo en la bandeja.",
                        title="Ya registrado", severity="warning", timeout=15)

    def _discard_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_deadline = None
        ctx = self.app.ctx
        try:
            drafts.discard(ctx.data_dir, ctx.usuario)
        except OSError:
            return

    def on_unmount(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._write_draft()

    # Live checks.

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = event.input.id
        if name in self._autofilled and event.value != self._autofilled[name][0]:
            del self._autofilled[name]
            event.input.border_subtitle = ""
        if self.typed is not None and name in ("codigo_postal", "municipio"):
            self._fill_place(name, event.value)
        if name in CHECKED_FIELDS or name == "recibida":
            self._show_check(name, quiet=name not in self.touched and not long_enough(name, event.value))
        if name in PERSON_FIELDS:
            self._show_missing()
        self._changed()

    @on(Input.Blurred)
    def _input_left(self, event: Input.Blurred) -> None:
        name = event.input.id
        if (name in CHECKED_FIELDS or name == "recibida") and event.value.strip():
            self.touched.add(name)
            self._show_check(name)

    def action_enter_key(self) -> None:
        """Enter in a one-line field or on tipo and medio goes to the next field; elsewhere it keeps its meaning."""
        if isinstance(self.focused, NumberedSelect):
            self._after_list(self.focused)
            return
        if not isinstance(self.focused, Input):
            raise SkipAction()
        self.focus_next()

    @on(NumberedSelect.Picked)
    def _picked(self, event: NumberedSelect.Picked) -> None:
        if event.select.has_focus:
            self._after_list(event.select)

    def _after_list(self, select: NumberedSelect) -> None:
        """From tipo to medio; from medio to the petitioner when it is «módulo», whose petition is received now."""
        chain = self.focus_chain
        recibida = self.query_one("#recibida", Input)
        if select.id == "canal" and select.value == Canal.MODULO.value and recibida in chain[:-1]:
            chain[chain.index(recibida) + 1].focus()
        else:
            self.focus_next()

    def action_move_focus(self, step: int) -> None:
        """Tab and Shift+Tab."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    @on(Select.Changed)
    def _select_changed(self) -> None:
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
        self._changed()

    def _assess(self) -> None:
        self.triage = assess(self.query_one("#descripcion", TextArea).text)
        if self.cleared is not None and (not self.triage.urgent or not set(self.triage.matches) <= self.cleared_matches):
            # The words the officer judged are gone, or new alarming ones appeared: a new text needs a new judgement.
            self.cleared, self.cleared_matches = None, frozenset()

    def _problem(self, name: str) -> tuple[str, str]:
        value = self.query_one(f"#{name}", Input).value
        if name != "recibida":
            return check_field(name, value)
        try:
            parse_received(value, now_utc())
        except ValueError as problem:
            return str(problem), ""
        return "", ""

    def _put(self, widget_id: str, text: Text) -> Static:
        """Update a Static only when its text changes: every repaint of the layout costs a keystroke's time."""
        static = self.query_one(f"#{widget_id}", Static)
        if self._shown.get(widget_id) != text.markup:
            self._shown[widget_id] = text.markup
            static.update(text)
        return static

    def _label(self, name: str) -> str:
        return PERSON_FIELDS.get(name, "Recibida")

    def _show_check(self, name: str, *, quiet: bool = False) -> str:
        field = self.query_one(f"#{name}", Input)
        problem, warning = ("", "") if field.disabled else self._problem(name)
        if problem and not quiet:
            text = Text(f"✗ {self._label(name)}: {problem}.")
        elif warning:
            text = Text(f"⚠ {warning}.")
        else:
            text = Text("")
        message = self._put(f"{name}-msg", text)
        field.set_class(bool(problem) and not quiet, "-invalid")
        message.set_class(bool(problem) and not quiet, "error")
        message.set_class(bool(warning) and not problem, "warning")
        message.set_class(bool((problem and not quiet) or warning), "-shown")
        return problem

    def _set_anonymous(self, anonymous: bool) -> None:
        for name in PERSON_FIELDS:
            self.query_one(f"#{name}", Input).disabled = anonymous
        for name in CHECKED_FIELDS:
            self._show_check(name, quiet=name not in self.touched)

    def _show_missing(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in PERSON_FIELDS}
        if self.query_one("#anonima", Checkbox).value:
            text = Text("○ Anónima: se registra sin datos del peticionario.")
        elif not (values["nombre"] or values["primer_apellido"]):
            text = Text("○ Sin nombre del peticionario: se registrará como anónima.")
        else:
            missing = PersonData.model_construct(**values).missing()
            if missing:
                text = Text()
                text.append("◐ Datos incompletos: ", style="bold")
                text.append(f"faltan {', '.join(missing)}. Se puede guardar así.")
            else:
                text = Text("✓ Datos del peticionario completos (L3).")
        self._put("in-faltan", text)

    def _show_triage(self) -> None:
        text, urgent = triage_banner(self.triage, self.manual, self.cleared)
        self._put("in-triage", text).set_class(urgent, "-urgent")

    def _error(self, message: str) -> None:
        self._put("in-error", Text(message)).set_class(bool(message), "-shown")

    # Urgency by hand (Ctrl+U).

    def _urgent(self) -> bool:
        return (self.triage.urgent and self.cleared is None) or self.manual is not None

    def action_urgency(self) -> None:
        """Raise the urgent flag by hand, clear it with a written reason, or undo either."""
        self._after_typed_keys(self._urgency)

    def _urgency(self) -> None:
        if self.saving or not self.is_current:
            return
        self._assess()
        if self.manual is not None:
            self.manual = None
            self.app.notify("Se quitó la marca de urgencia que usted puso.", title="Urgencia")
            self._after_urgency_change()
        elif self.triage.urgent and self.cleared is None:
            self.app.push_screen(ReasonDialog("No es urgente", "¿Por qué no es urgente? El motivo queda en el "
                                              "expediente (L2).", placeholder="p. ej. habla de un hecho pasado"),
                                 self._cleared_with)
        elif self.cleared is not None:
            self.cleared, self.cleared_matches = None, frozenset()
            self._after_urgency_change()
        else:
            self.app.push_screen(CategoryDialog(), self._raised)

    def _cleared_with(self, reason: str | None) -> None:
        if reason:
            self.cleared, self.cleared_matches = reason, frozenset(self.triage.matches)
            self._after_urgency_change()

    def _raised(self, category: str | None) -> None:
        if category:
            self.manual = category
            self._after_urgency_change()

    def _after_urgency_change(self) -> None:
        self._show_triage()
        self._changed()

    # Saving: check fields, ask about urgency, look for duplicates, register, show the folio.

    def _petition_data(self) -> dict:
        anonymous = self.query_one("#anonima", Checkbox).value
        data = {name: "" if anonymous and name in PERSON_FIELDS else self.query_one(f"#{name}", Input).value
                for name in TEXT_FIELDS}
        data.update(
            tipo=self.query_one("#tipo", Select).value, canal=self.query_one("#canal", Select).value,
            recibida_en=parse_received(self.query_one("#recibida", Input).value, now_utc()),
            descripcion=self.query_one("#descripcion", TextArea).text, anonima=anonymous,
            aviso_privacidad=self.query_one("#aviso_privacidad", Checkbox).value,
        )
        return data

    def _after_typed_keys(self, callback) -> None:
        # Ctrl+S and Ctrl+U are handled as they arrive, possibly before the field has taken the letters typed just
        # before them; queued behind those letters, the callback reads what the officer actually typed.
        (self.focused or self).call_later(callback)

    def action_save(self) -> None:
        """Register the petition on screen (Ctrl+S from any field)."""
        self._after_typed_keys(self._save)

    def _save(self) -> None:
        if self.saving or not self.is_current:
            return
        self._assess()
        problems = [name for name in ("recibida", *CHECKED_FIELDS) if self._show_check(name)]
        if problems:
            self.touched.update(problems)
            labels = ", ".join(self._label(name) for name in problems)
            self._error(f"{NOT_SAVED}corrija {labels} (vea el mensaje bajo el campo). Lo que falte puede quedar vacío.")
            self.query_one(f"#{problems[0]}", Input).focus()
            return
        if not self.query_one("#descripcion", TextArea).text.strip():
            self._error(f"{NOT_SAVED}escriba la descripción; es lo único obligatorio además del tipo.")
            self.query_one("#descripcion", TextArea).focus()
            return
        self._error("")
        data = self._petition_data()
        if self._urgent():
            banner, _ = triage_banner(self.triage, self.manual, None, keys=False)
            dialog = UrgencyDialog(banner, self.manual or self.triage.category,
                                   alertado_a=self.last_alert.alertado_a if self.last_alert else "",
                                   alertado_en=self.last_alert.alertado_en if self.last_alert else None)
            self.app.push_screen(dialog, lambda decision: self._alerted(data, decision))
        elif self.cleared is not None and self.triage.urgent:
            self._look_for_duplicates(data, UrgencyDecision(confirmar=False, motivo=self.cleared))
        else:
            self._look_for_duplicates(data, None)

    def _alerted(self, data: dict, decision: UrgencyDecision | None) -> None:
        if decision is None:
            return
        self.last_alert = decision
        self._look_for_duplicates(data, decision)

    def _look_for_duplicates(self, data: dict, decision: UrgencyDecision | None) -> None:
        self.saving = True
        call(self, find_duplicates, on_done=lambda found: self._duplicates_found(data, decision, found),
             on_error=self._failed, unidad_id=self.app.ctx.unidad_id, now=now_utc(),
             curp=normalized("curp", data["curp"]), telefono=normalized("telefono", data["telefono"]),
             descripcion=data["descripcion"])

    def _duplicates_found(self, data: dict, decision: UrgencyDecision | None, found: list) -> None:
        if not found:
            self._register(data, decision)
            return

        def answered(save: bool | None) -> None:
            if save:
                self._register(data, decision)
            else:
                self.saving = False

        self.app.push_screen(DuplicatesDialog(found), answered)

    def _register(self, data: dict, decision: UrgencyDecision | None) -> None:
        ctx = self.app.ctx
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
        details = self._saved_details(peticion)
        self._clear()
        self.app.push_screen(SavedDialog(peticion.folio, details, on_print=self.print_acuse), self._after_saved)

    @staticmethod
    def _saved_details(peticion) -> Text:
        received = peticion.recibida_en.astimezone(MEXICO_CITY).strftime("%d/%m/%Y %H:%M")
        text = Text(f"{TIPO_LABELS[Tipo(peticion.tipo)]} · {CANAL_LABELS[Canal(peticion.canal)]} · recibida {received}")
        name = " ".join(part for part in (peticion.nombre, peticion.primer_apellido, peticion.segundo_apellido) if part)
        text.append("\nPeticionario: ")
        text.append(name or "anónimo")
        if peticion.urgente:
            text.append("\n")
            text.append("▲ URGENTE", style=URGENT_STYLE)
            category = CATEGORY_LABELS.get(peticion.triage_categoria, "")
            text.append(f" — {category} — se alertó a ")
            text.append(peticion.urgencia_alertado_a)
            if peticion.urgencia_alertado_en:
                text.append(f" a las {peticion.urgencia_alertado_en.astimezone(MEXICO_CITY):%H:%M}")
        if peticion.datos_incompletos:
            text.append("\n◐ Datos incompletos: complételos cuando el peticionario los dé (L3).")
        return text

    def print_acuse(self, folio: str) -> None:
        """Produce the acuse de recibo PDF of this folio and keep it in the expediente."""
        from services.paperwork import acuse

        call(self, acuse, write=True, actor=self.app.ctx.actor, folio=folio, data_dir=self.app.ctx.data_dir,
             on_done=lambda document: self.app.notify(f"Acuse del folio {folio} en PDF: {document.ruta}", timeout=12))

    def _after_saved(self, choice: str | None) -> None:
        if choice == "cerrar":
            self.app.pop_screen()
        else:
            self.query_one("#tipo", Select).focus()

    # Starting over and leaving.

    def _clear(self) -> None:
        self.draft_token = uuid4().hex
        self._autofilled.clear()
        for name in TEXT_FIELDS:
            self.query_one(f"#{name}", Input).value = ""
            self.query_one(f"#{name}", Input).border_subtitle = ""
        self.query_one("#recibida", Input).value = self._now_text()
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
        if not self._has_content(self._fields()):
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
                                           cancel="Conservar"), answered)

    def action_start_over(self) -> None:
        """F2 on this form: go to its first field instead of opening a second form."""
        self.query_one("#tipo", Select).focus()

    def action_leave(self) -> None:
        """Go back; unsaved work stays as a draft that this form recovers next time."""
        if self.saving:
            return
        if not self._has_content(self._fields()):
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("La petición no se ha guardado. ¿Salir del formulario? Lo escrito queda "
                                           "como borrador y se recupera al volver a abrir Nueva petición (F2).",
                                           confirm="Salir (queda el borrador)", cancel="Seguir escribiendo"),
                             answered)
