"""First run on an empty database: the unit's data and the first administrator."""

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from services.setup import first_run
from tui.work import call

FIELDS = (
    ("clave", "Clave de la unidad", "p. ej. CMF-IZT"),
    ("nombre", "Nombre de la unidad", "p. ej. Clínica de Medicina Familiar Iztapalapa"),
    ("director_nombre", "Nombre del director o encargado", ""),
    ("director_cargo", "Cargo", "Director de la unidad"),
    ("director_telefono", "Teléfono del director", "10 dígitos"),
    ("admin_usuario", "Usuario del administrador", "p. ej. admin"),
    ("admin_nombre", "Nombre del administrador", ""),
    ("admin_pin", "PIN del administrador", "6 a 12 dígitos"),
)


class FirstRunScreen(Screen[bool]):
    """Creates the unit and its first administrator; nothing else can be done before this."""

    AUTO_FOCUS = "#clave"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static("Primera configuración", classes="dialog-title")
            yield Static("La base de datos está vacía. Registre la unidad y a su primer administrador.", classes="muted")
            for name, _, placeholder in FIELDS:
                yield Input(id=name, placeholder=placeholder, password=name == "admin_pin")
            yield Static("", id="first-run-error", classes="error")
            yield Button("Guardar", id="guardar", variant="primary")

    def on_mount(self) -> None:
        # The label rides on the field's border, so a short terminal that scrolls the form never hides it.
        for name, label, _ in FIELDS:
            self.query_one(f"#{name}", Input).border_title = label
        # Focusing the first field scrolls a short terminal past the title and the explanation: bring them back.
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    @on(Input.Submitted)
    def _advance(self, event: Input.Submitted) -> None:
        names = [name for name, _, _ in FIELDS]
        index = names.index(event.input.id or "")
        if index + 1 < len(names):
            self.query_one(f"#{names[index + 1]}", Input).focus()
        else:
            self._save()

    @on(Button.Pressed, "#guardar")
    def _save(self) -> None:
        values: dict[str, Any] = {name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS}
        call(self, first_run, write=True, on_done=lambda _: self._saved(), on_error=self._error, **values)

    def _error(self, message: str) -> None:
        self.query_one("#first-run-error", Static).update(Text(message))

    def _saved(self) -> None:
        self.app.notify("Unidad y administrador creados. Entre con su usuario y PIN.")
        self.dismiss(True)
