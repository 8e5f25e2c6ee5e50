"""The intake form's fields and their checks (L3): which are checked and how, judged as they are typed."""

import re

from rich.text import Text
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from models.validators import normalize_curp, normalize_email, normalize_phone, normalize_postal_code
from services import l3
from services.calendar import now_utc
from services.dates import parse_moment
from tui.intake_parts import IntakeParts

RECEIVED_LABEL = "Recibida"
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
        return len(" ".join(value.split())) >= len("20/11/2026 09:30")
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


def label_of(name: str) -> str:
    """The field's name as the form shows it."""
    return PERSON_FIELDS.get(name, RECEIVED_LABEL)


def problem_sentence(name: str, value: str) -> tuple[str, str]:
    """(problem, warning) as whole sentences naming the field; the reception moment may not lie in the future."""
    if name == "recibida":
        try:
            parse_moment(value, RECEIVED_LABEL, now=now_utc())
        except ValueError as error:
            return str(error), ""
        return "", ""
    problem, warning = check_field(name, value)
    return (f"{label_of(name)}: {problem}." if problem else ""), (f"{warning}." if warning else "")


class FieldMessages(IntakeParts):
    """The line under each checked field and the L3 summary, for the intake screen."""

    touched: set[str]
    _shown: dict[str, str]

    def _put(self, widget_id: str, text: Text) -> Static:
        """Update a Static only when its text changes: every repaint of the layout costs a keystroke's time."""
        static = self.query_one(f"#{widget_id}", Static)
        if self._shown.get(widget_id) != text.markup:
            self._shown[widget_id] = text.markup
            static.update(text)
        return static

    def _show_check(self, name: str, *, quiet: bool = False) -> str:
        field = self.query_one(f"#{name}", Input)
        problem, warning = ("", "") if field.disabled else problem_sentence(name, field.value)
        if problem and not quiet:
            text = Text(f"✗ {problem}")
        elif warning:
            text = Text(f"⚠ {warning}")
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
        verdict = l3.assess(values, tipo=str(self.query_one("#tipo", Select).value),
                            descripcion=self.query_one("#descripcion", TextArea).text,
                            servidor_publico=self.query_one("#servidor_publico", Input).value)
        if self.query_one("#anonima", Checkbox).value:
            text = Text("○ Anónima: se registra sin datos del peticionario.")
        elif verdict.anonima:
            text = Text("○ Sin nombre ni datos de contacto: se registrará como anónima.")
        elif verdict.faltan:
            text = Text()
            text.append("◐ Datos incompletos: ", style="bold")
            text.append(f"faltan {', '.join(verdict.faltan)}.")
            if "servidor" in verdict.motivos:
                text.append(f" La descripción menciona «{verdict.menciones[0]}»: anote el servidor público.")
            text.append(" Se puede guardar así.")
        else:
            text = Text("✓ Datos del peticionario completos (L3).")
        self._put("in-faltan", text)

    def _error(self, message: str) -> None:
        self._put("in-error", Text(message)).set_class(bool(message), "-shown")


def input_fields(*names: str):
    """The form's text fields by name, with their placeholders."""
    for name in names:
        # Not selecting on focus: a fast typist's first letter must never be replaced by the second.
        yield Input(id=name, placeholder=PLACEHOLDERS.get(name, ""), select_on_focus=False)


def message_lines(*names: str):
    """The line under each field where its check speaks."""
    for name in names:
        yield Static("", id=f"{name}-msg", classes="in-msg")
