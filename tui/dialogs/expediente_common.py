"""What the expediente's action dialogs share: a form that runs its own service, a one-reason form, fields under
their labels and the satisfaction rating (dates and times are read by services.dates)."""

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from tui.context import desk
from tui.key_order import FOCUS_BINDINGS, FocusOnArrival
from tui.work import call


def parse_rating(value: str) -> int | None:
    """The optional satisfaction rating, 1 to 5; blank is None."""
    text = value.strip()
    if not text:
        return None
    if text not in {"1", "2", "3", "4", "5"}:
        raise ValueError("Satisfacción: escriba un número del 1 al 5, o déjela vacía.")
    return int(text)


class ActionDialog(FocusOnArrival, ModalScreen[Any]):
    """A form that calls its service itself: a refusal is shown in the form and everything typed stays."""

    DEFAULT_CSS = """
    ActionDialog { align: center middle; }
    ActionDialog > VerticalScroll { width: 92; max-width: 100%; height: auto; max-height: 100%;
                                    border: thick $primary; background: $surface; padding: 0 2; }
    ActionDialog .dialog-title { margin: 1 0 0 0; }
    ActionDialog Label { margin-top: 1; color: $text-muted; width: 100%; }
    ActionDialog Input, ActionDialog TextArea { background: $boost; }
    ActionDialog .action-note { color: $text-muted; margin-top: 1; }
    ActionDialog .action-buttons { height: auto; margin: 1 0; }
    ActionDialog .action-buttons Button { margin-right: 2; }
    ActionDialog #action-error { height: auto; margin-top: 1; color: $error; text-style: bold; }
    ActionDialog TextArea { height: 6; }
    ActionDialog .action-row { height: auto; }
    ActionDialog .action-row > Vertical { height: auto; width: 1fr; margin-right: 2; }
    ActionDialog ClearCheckbox { border: none; padding: 0; height: 1; }
    ActionDialog ClearCheckbox.spaced { margin-top: 1; }
    ActionDialog ClearCheckbox:focus { border: none; background: $block-cursor-blurred-background; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancelar"), Binding("ctrl+s", "save_typed", "Guardar", priority=True),
                Binding("enter", "enter_key", show=False, priority=True), *FOCUS_BINDINGS]
    HEADING = ""
    """The dialog's title, in Spanish."""
    CONFIRM = "Guardar"
    """The label of the button that runs the service."""

    def __init__(self, folio: str):
        super().__init__()
        self.folio = folio
        self._busy = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(Text(f"{self.HEADING} — folio {self.folio}"), classes="dialog-title")
            yield from self.fields()
            yield Static("", id="action-error")
            with Horizontal(classes="action-buttons"):
                yield Button(f"{self.CONFIRM} (Ctrl+S)", id="action-ok", variant="primary")
                yield Button("Cancelar (Esc)", id="action-cancel")

    def fields(self) -> ComposeResult:
        """The form's widgets."""
        yield from ()

    def request(self) -> tuple[Callable[..., Any], dict]:
        """The service to call and its arguments (besides session, actor and folio); ValueError in Spanish."""
        raise NotImplementedError

    def on_mount(self) -> None:
        # Borderless fields and buttons keep the longest form (the answer) within a 24-line terminal.
        for widget in (*self.query(Input), *self.query(TextArea), *self.query(Button)):
            widget.compact = True
        # On a short terminal the form scrolls; it opens at its title, not wherever focusing a field left it.
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    def text(self, widget_id: str) -> str:
        """What is typed in an Input of the form, without surrounding spaces."""
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def ticked(self, widget_id: str) -> bool:
        """Whether a checkbox of the form is ticked."""
        return self.query_one(f"#{widget_id}", Checkbox).value

    def action_enter_key(self) -> None:
        """Enter in a one-line field moves on to the next; in one marked «submits» (the last of a form) it saves."""
        self.enter_on_arrival({field.id: self.action_submit for field in self.query("Input.submits") if field.id})

    def action_save_typed(self) -> None:
        """Ctrl+S: save once the field being typed in has taken the letters typed just before it."""
        self.after_typed_keys(self.action_submit)

    @on(Button.Pressed, "#action-ok")
    def action_submit(self) -> None:
        """Check what can be checked here, then run the service in a worker."""
        if self._busy:
            return
        try:
            service, arguments = self.request()
        except ValueError as problem:
            self.show_error(str(problem))
            return
        self._busy = True
        self.query_one("#action-ok", Button).disabled = True
        self.query_one("#action-error", Static).update(Text("Guardando…", style="italic"))
        call(self, service, write=True, on_done=self._done, on_error=self._refused,
             actor=desk(self).actor, folio=self.folio, **arguments)

    def _done(self, result: Any) -> None:
        self.dismiss(result)

    def _refused(self, message: str) -> None:
        self._busy = False
        self.query_one("#action-ok", Button).disabled = False
        self.show_error(message)

    def show_error(self, message: str) -> None:
        """Say what is wrong, in the form."""
        self.query_one("#action-error", Static).update(Text("✗ " + message))

    @on(Button.Pressed, "#action-cancel")
    def action_cancel(self) -> None:
        """Close without doing anything."""
        if not self._busy:
            self.dismiss(None)


class ReasonActionDialog(ActionDialog):
    """One required text (a motivo or a note) passed to a service under the given name."""

    def __init__(self, folio: str, *, title: str, prompt: str, service: Callable[..., Any], field: str,
                 confirm: str = "Guardar", placeholder: str = "", note: str = ""):
        super().__init__(folio)
        self.HEADING, self.CONFIRM = title, confirm
        self.prompt, self.service, self.field, self.placeholder, self.note = prompt, service, field, placeholder, note

    def fields(self) -> ComposeResult:
        if self.note:
            yield Static(Text(self.note), classes="action-note")
        yield Label(self.prompt)
        yield Input(id="reason-text", placeholder=self.placeholder, classes="submits")

    def request(self):
        text = self.query_one("#reason-text", Input).value.strip()
        if not text:
            raise ValueError(f"{self.prompt}: es obligatorio.")
        return self.service, {self.field: text}


def labelled(label: str, widget: Widget) -> ComposeResult:
    """A label over its field."""
    yield Label(label)
    yield widget


def side_by_side(*fields: tuple[str, Widget]) -> ComposeResult:
    """Short fields in one row, each under its label."""
    with Horizontal(classes="action-row"):
        for label, widget in fields:
            with Vertical():
                yield Label(label)
                yield widget
