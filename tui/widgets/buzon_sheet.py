"""The form of one buzón sheet: tipo, anonymity, the person, the description with its triage banner."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Static, TextArea

from models.enums import TIPO_LABELS, Tipo
from services.triage import assess
from tui.buzones_rows import contact_problems, triage_label
from tui.widgets.check import ClearCheckbox
from tui.widgets.numbered_select import NumberedSelect

PERSON_FIELDS = ("nombre", "primer_apellido", "segundo_apellido", "telefono", "correo")
SHEET_INPUTS = (*PERSON_FIELDS, "servidor_publico")
TITLES = {"nombre": "Nombre(s)", "primer_apellido": "Primer apellido", "segundo_apellido": "Segundo apellido",
          "telefono": "Teléfono", "correo": "Correo electrónico", "bz-descripcion": "Descripción (Tab para seguir)",
          "servidor_publico": "Servidor público (Enter registra)"}


class BuzonSheet(Vertical):
    """Checks the phone and e-mail and shows the urgency banner as the sheet is typed; hands back what was typed."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._banner = ""
        self._problems = ""

    def compose(self) -> ComposeResult:
        with Horizontal(classes="bz-row"):
            yield NumberedSelect([(TIPO_LABELS[t], t.value) for t in Tipo],
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

    def on_mount(self) -> None:
        self.query_one("#bz-tipo", NumberedSelect).query_one("SelectCurrent").border_title = "Tipo (1–5)"
        for widget_id, title in TITLES.items():
            self.query_one(f"#{widget_id}").border_title = title

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
        problems = " · ".join(self.problems())
        if problems != self._problems:
            self._problems = problems
            self.query_one("#bz-field-errors", Static).update(Text(problems))

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

    def problems(self) -> list[str]:
        """What is wrong with the phone and e-mail typed."""
        return contact_problems(self.query_one("#telefono", Input).value, self.query_one("#correo", Input).value)

    def values(self) -> dict:
        """Tipo, anonymity, the person's fields (blank when anonymous), the description and the servidor público."""
        anonymous = self.query_one("#bz-anonima", Checkbox).value
        data: dict[str, object] = {name: self.query_one(f"#{name}", Input).value for name in SHEET_INPUTS}
        if anonymous:
            data.update(dict.fromkeys(PERSON_FIELDS, ""))
        data.update(tipo=self.query_one("#bz-tipo", NumberedSelect).value, anonima=anonymous,
                    descripcion=self.query_one("#bz-descripcion", TextArea).text)
        return data

    def fill(self, data: dict) -> None:
        """Put a sheet that could not be saved back on the form."""
        self.query_one("#bz-tipo", NumberedSelect).value = data["tipo"]
        self.query_one("#bz-anonima", Checkbox).value = data["anonima"]
        for name in SHEET_INPUTS:
            self.query_one(f"#{name}", Input).value = data[name]
        self.query_one("#bz-descripcion", TextArea).text = data["descripcion"]

    def clear(self) -> None:
        """An empty sheet, an inconformidad by default, with the cursor on the tipo."""
        self.query_one("#bz-anonima", Checkbox).value = False
        for name in SHEET_INPUTS:
            field = self.query_one(f"#{name}", Input)
            field.disabled = False
            field.value = ""
        self.query_one("#bz-descripcion", TextArea).text = ""
        self._problems = ""
        self.query_one("#bz-field-errors", Static).update("")
        tipo = self.query_one("#bz-tipo", NumberedSelect)
        tipo.value = Tipo.INCONFORMIDAD.value
        tipo.focus()

    def started(self) -> bool:
        """Whether anything has been typed on the sheet."""
        return bool(self.query_one("#bz-descripcion", TextArea).text.strip()
                    or any(self.query_one(f"#{name}", Input).value.strip() for name in SHEET_INPUTS))
