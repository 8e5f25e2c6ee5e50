"""First run on an empty database: the unit's data and the first administrator."""

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

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
    ("admin_pin_2", "Repita el PIN", "el mismo PIN"),
)
PINS = ("admin_pin", "admin_pin_2")


def _first_run(*, session, **values):
    # Imported in the worker: the first screen is drawn before the models are loaded.
    from services.setup import first_run

    return first_run(session=session, **values)


class FirstRunScreen(Screen[bool]):
    """Creates the unit and its first administrator; nothing else can be done before this."""

    AUTO_FOCUS = "#clave"
    # Moving on is decided as the Enter key arrives: a fast typist's next letters land in the next field.
    BINDINGS = [Binding("enter", "advance", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static("Primera configuración", classes="dialog-title")
            yield Static("La base de datos está vacía. Registre la unidad y a su primer administrador.", classes="muted")
            for name, _, placeholder in FIELDS:
                yield Input(id=name, placeholder=placeholder, password=name in PINS)
            yield Static("", id="first-run-error", classes="error")
            yield Button("Guardar", id="guardar", variant="primary")

    def on_mount(self) -> None:
        # The label rides on the field's border, so a short terminal that scrolls the form never hides it.
        for name, label, _ in FIELDS:
            self.query_one(f"#{name}", Input).border_title = label
        # Focusing the first field scrolls a short terminal past the title and the explanation: bring them back.
        self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)

    def action_advance(self) -> None:
        """Enter: the next field, or save from the last one (or on the button)."""
        names = [name for name, _, _ in FIELDS]
        focused = self.focused
        if not isinstance(focused, Input) or focused.id not in names:
            self._save()
            return
        index = names.index(focused.id)
        if index + 1 < len(names):
            # set_focus moves at once; focus() would wait behind the keys already typed.
            self.set_focus(self.query_one(f"#{names[index + 1]}", Input))
        else:
            # Queued behind the letters typed just before Enter, so the last field has them when the form is read.
            focused.call_later(self._save)

    @on(Button.Pressed, "#guardar")
    def _save(self) -> None:
        values: dict[str, Any] = {name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS}
        if values.pop("admin_pin_2") != values["admin_pin"]:
            self._error("Los dos PIN no coinciden; escríbalos de nuevo.")
            for name in PINS:
                self.query_one(f"#{name}", Input).value = ""
            self.query_one("#admin_pin", Input).focus()
            return
        call(self, _first_run, write=True, on_done=lambda _: self._saved(), on_error=self._error, **values)

    def _error(self, message: str) -> None:
        self.query_one("#first-run-error", Static).update(Text(message))

    def _saved(self) -> None:
        self.app.notify("Unidad y administrador creados. Entre con su usuario y PIN.")
        self.dismiss(True)
