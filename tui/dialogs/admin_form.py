"""A small form in a modal for the administrator's catalogs: it calls the service itself and stays open on errors."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from tui.work import call


@dataclass(frozen=True)
class FormField:
    """One field of the form: an Input, or a Select when options are given."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    password: bool = False
    options: tuple[tuple[str, str], ...] | None = None


class FormDialog(ModalScreen[object]):
    """Enter goes to the next field and saves on the last one; Ctrl+S saves; Escape closes without saving.

    With `confirm_when`, values it has a warning for are saved only on a second Enter (or Ctrl+S) with the same
    values, and the service then gets confirmado=True.
    """

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog > VerticalScroll { width: 84; max-width: 100%; height: auto; max-height: 90%; border: thick $primary;
                                  background: $surface; padding: 1 2; }
    FormDialog Input, FormDialog Select { margin-bottom: 0; }
    FormDialog Input, FormDialog SelectCurrent { border-title-color: $text-muted; }
    FormDialog #form-error { color: $error; text-style: bold; }
    FormDialog #form-error.confirm { color: $warning; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Guardar"), Binding("escape", "cancel", "Cancelar")]

    def __init__(self, title: str, fields: list[FormField], service: Callable, *, fixed: dict | None = None,
                 convert: Callable[[dict], dict] | None = None, note: str = "",
                 confirm_when: Callable[[dict], str | None] | None = None):
        super().__init__()
        self.title_text, self.fields, self.service = title, fields, service
        self.fixed, self.convert, self.note, self.confirm_when = fixed or {}, convert, note, confirm_when
        self._saving = False
        self._warned: dict | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            yield Static(Text(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(Text(self.note), classes="muted")
            for field in self.fields:
                if field.options is not None:
                    yield Select(field.options, id=f"f-{field.name}", allow_blank=False,
                                 value=field.value or field.options[0][1])
                else:
                    yield Input(field.value, id=f"f-{field.name}", placeholder=field.placeholder,
                                password=field.password)
            yield Static("", id="form-error")
            yield Static("Enter: siguiente campo · Enter en el último o Ctrl+S: guardar · Escape: cancelar",
                         classes="muted")

    def on_mount(self) -> None:
        for field in self.fields:
            widget = self.query_one(f"#f-{field.name}")
            target = widget.query_one("SelectCurrent") if isinstance(widget, Select) else widget
            target.border_title = field.label
        self.query_one(f"#f-{self.fields[0].name}").focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == f"f-{self.fields[-1].name}":
            self.action_save()
        else:
            self.focus_next()

    def values(self) -> dict:
        """What is on the form, by field name."""
        return {field.name: self._value(field.name) for field in self.fields}

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#f-{name}")
        return str(widget.value) if isinstance(widget, Input | Select) else ""

    def action_save(self) -> None:
        """Convert what was typed and call the service; errors stay on the form."""
        if self._saving:
            return
        try:
            kwargs = self.convert(self.values()) if self.convert else self.values()
        except ValueError as problem:
            self._error(str(problem))
            return
        warning = self.confirm_when(kwargs) if self.confirm_when else None
        if warning and self._warned != kwargs:
            # The first Enter only warns; the same values again are the person's confirmation.
            self._warned = kwargs
            self._error(f"⚠ {warning}. Pulse Enter otra vez (o Ctrl+S) para confirmar, o Escape para cancelar.",
                        confirm=True)
            return
        self._saving = True
        arguments: dict[str, Any] = {**self.fixed, **kwargs, **({"confirmado": True} if warning else {})}
        call(self, self.service, write=True, on_done=self.dismiss, on_error=self._error, **arguments)

    def _error(self, message: str, *, confirm: bool = False) -> None:
        self._saving = False
        shown = self.query_one("#form-error", Static)
        shown.set_class(confirm, "confirm")
        shown.update(Text(message))

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
