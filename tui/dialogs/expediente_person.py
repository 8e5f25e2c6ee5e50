"""The petitioner's L3 data: completing or correcting it, and logging each attempt to reach them for it."""

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from models import Peticion
from models.enums import Tipo
from models.petition_io import REQUIRED_FOR_COMPLETE
from models.validators import normalize_curp, normalize_email, normalize_phone, normalize_postal_code
from services import l3, personal_data
from services.calendar import now_utc
from services.dates import MOMENT_EXAMPLE, moment_text
from services.l3 import MAX_CONTACT_ATTEMPTS
from services.labels import MEDIO_LABELS
from services.privacy import mask_curp, mask_email, mask_name, mask_phone, mask_word
from tui.dialogs.expediente_common import ActionDialog, labelled
from tui.dialogs.expediente_delivery import attempt_moment
from tui.widgets.choice import Choice

FIELDS = {
    "nombre": "Nombre(s)",
    "primer_apellido": "Primer apellido",
    "segundo_apellido": "Segundo apellido",
    "curp": "CURP",
    "telefono": "Teléfono (10 dígitos)",
    "correo": "Correo electrónico",
    "calle": "Calle",
    "numero_exterior": "Número exterior",
    "numero_interior": "Número interior",
    "colonia": "Colonia",
    "codigo_postal": "Código postal",
    "municipio": "Municipio o alcaldía",
    "entidad": "Estado",
}
CHECKS = {"curp": normalize_curp, "telefono": normalize_phone, "correo": normalize_email,
          "codigo_postal": normalize_postal_code}
MASKS = {"nombre": mask_name, "primer_apellido": mask_name, "segundo_apellido": mask_name, "curp": mask_curp,
         "telefono": mask_phone, "correo": mask_email, "codigo_postal": lambda v: v[:2] + "***"}
SERVANT = "servidor_publico"
# The petitioner is sought for their data by the same means the answer reaches them.
CONTACT_MEDIOS = list(MEDIO_LABELS.items())


def current_hint(name: str, value: str, revealed: bool) -> str:
    """What the field holds now, masked unless the officer already chose to see the data (L16)."""
    if not value:
        return "falta" if name in REQUIRED_FOR_COMPLETE else "vacío"
    if revealed:
        return f"actual: {value}"
    return "actual: " + MASKS.get(name, mask_word)(value)


class PersonDataDialog(ActionDialog):
    """Completar datos: only what is typed changes; each checked field says at once what is wrong with it."""

    DEFAULT_CSS = """
    PersonDataDialog .person-row { height: 1; margin-top: 1; }
    PersonDataDialog .person-label { width: 24; margin: 0; color: $text; }
    PersonDataDialog .person-error { height: auto; color: $error; display: none; }
    PersonDataDialog .person-error.-shown { display: block; }
    """
    HEADING = "Completar o corregir los datos del peticionario (L3)"
    CONFIRM = "Guardar datos"

    def __init__(self, folio: str, peticion: Peticion, revealed: bool):
        super().__init__(folio)
        self.peticion, self.revealed = peticion, revealed
        # L3 b asks for the servant an inconformidad is about; another tipo shows the field only to correct one.
        self.fields_shown = dict(FIELDS)
        if peticion.tipo == Tipo.INCONFORMIDAD or peticion.servidor_publico:
            self.fields_shown[SERVANT] = "Servidor público"

    def fields(self) -> ComposeResult:
        yield Static(Text("Escriba solo lo que cambia o falta; lo que deje vacío se conserva. Lo que escriba debe "
                          "ser válido."), classes="action-note")
        for name, label in self.fields_shown.items():
            with Horizontal(classes="person-row"):
                yield Label(label, classes="person-label")
                yield Input(id=f"person-{name}", compact=True, placeholder=self._hint(name))
            if name in CHECKS:
                yield Static("", id=f"person-{name}-error", classes="person-error")

    def _hint(self, name: str) -> str:
        if name != SERVANT:
            return current_hint(name, getattr(self.peticion, name) or "", self.revealed)
        if self.peticion.servidor_publico:
            return f"actual: {self.peticion.servidor_publico}"
        mentions = l3.staff_mentions(self.peticion.descripcion) if self.peticion.tipo == Tipo.INCONFORMIDAD else ()
        return (f"falta: la descripción menciona «{mentions[0]}»; nombre y puesto" if mentions
                else "si lo menciona: nombre y puesto")

    @on(Input.Blurred)
    def _check_on_leave(self, event: Input.Blurred) -> None:
        name = (event.input.id or "").removeprefix("person-")
        if name in CHECKS:
            self._check(name)

    def _check(self, name: str) -> str:
        value = self.text(f"person-{name}")
        problem = ""
        if value:
            try:
                CHECKS[name](value)
            except ValueError as error:
                problem = f"✗ {FIELDS[name]}: {error}"
        shown = self.query_one(f"#person-{name}-error", Static)
        shown.update(Text(problem))
        shown.set_class(bool(problem), "-shown")
        return problem

    def request(self):
        problems = [problem for name in CHECKS if (problem := self._check(name))]
        if problems:
            raise ValueError("Corrija los campos marcados con ✗.")
        changes = {name: self.text(f"person-{name}") for name in self.fields_shown if self.text(f"person-{name}")}
        if not changes:
            raise ValueError("No escribió ningún dato nuevo.")
        return personal_data.update, {"changes": changes}


class ContactAttemptDialog(ActionDialog):
    """Intento de contacto: how and when the officer tried to reach the petitioner for their data, and what happened."""

    HEADING = "Intento de completar datos (L3)"
    CONFIRM = "Registrar intento"

    def fields(self) -> ComposeResult:
        yield Static(Text(f"Se registran hasta {MAX_CONTACT_ATTEMPTS} intentos; después se da seguimiento con los datos "
                          "que hay. Si el peticionario da sus datos, complételos en el expediente (tecla E)."),
                     classes="action-note")
        yield from labelled("Medio (←/→ o el número)", Choice(CONTACT_MEDIOS, id="contact-medio"))
        yield from labelled("Resultado", Input(id="contact-resultado",
                                               placeholder="p. ej. no contestó; dio su correo; número equivocado"))
        yield from labelled(f"Fecha y hora del intento ({MOMENT_EXAMPLE}; «ahora» o vacío: este momento)",
                            Input(moment_text(now_utc()), id="contact-cuando", classes="submits"))

    def request(self):
        resultado = self.text("contact-resultado")
        if not resultado:
            raise ValueError("Escriba el resultado del intento.")
        return personal_data.log_contact_attempt, {"medio": self.query_one("#contact-medio", Choice).value,
                                                   "resultado": resultado,
                                                   "intentado_en": attempt_moment(self.text("contact-cuando"))}
