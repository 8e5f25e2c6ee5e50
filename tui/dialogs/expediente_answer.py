"""The área's answer: recording it with the L12 checklist, and the director's review and signature (L13)."""

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from models import Area, Respuesta
from services import answers
from services.answers import Checklist
from tui.context import desk
from tui.dialogs.expediente_common import ActionDialog, labelled, side_by_side
from tui.widgets.check import ClearCheckbox

CHECKLIST = (
    ("lenguaje_claro", "Redactada en lenguaje claro y sencillo"),
    ("fundamentada", "Debidamente fundamentada (norma o criterio que la sustenta)"),
    ("congruente", "Congruente con lo que se solicitó"),
    ("datos_firmante", "Con nombre, cargo y teléfono de quien la emite"),
)
CHECKLIST_SHORT = {"lenguaje_claro": "lenguaje claro", "fundamentada": "fundamentada", "congruente": "congruente",
                   "datos_firmante": "datos de quien la emite"}


def checklist_boxes(prefix: str, answer: Respuesta | None = None) -> ComposeResult:
    """The four L12 points as checkboxes (space ticks), ticked as the answer has them."""
    for name, label in CHECKLIST:
        yield ClearCheckbox(label, value=bool(answer and getattr(answer, name)), id=f"{prefix}-{name}")


class AnswerDialog(ActionDialog):
    """Registrar respuesta: the área's text, the solution, who signs it at the área, and the L12 review."""

    HEADING = "Registrar la respuesta del área (L12)"
    CONFIRM = "Registrar respuesta"

    def __init__(self, folio: str, area: Area | None):
        super().__init__(folio)
        self.area = area

    def fields(self) -> ComposeResult:
        whose = f"de {self.area.nombre}" if self.area else "del área"
        yield from labelled(f"Texto de la respuesta {whose} (Tab pasa al siguiente campo)",
                            TextArea(id="answer-texto", soft_wrap=True, tab_behavior="focus"))
        yield from labelled("Solución o acción tomada", Input(id="answer-solucion"))
        enlace = self.area.enlace_nombre if self.area else ""
        telefono = self.area.enlace_telefono if self.area else ""
        yield from side_by_side(("Nombre de quien la emite", Input(enlace, id="answer-firmante")),
                                ("Cargo", Input(id="answer-cargo", placeholder="p. ej. Jefa de Farmacia")),
                                ("Teléfono", Input(telefono, id="answer-telefono")))
        yield Static(Text("Revisión (L12) — marque con la barra espaciadora lo que cumple:"), classes="action-note")
        yield from checklist_boxes("answer")

    def request(self):
        texto = self.query_one("#answer-texto", TextArea).text.strip()
        if not texto:
            raise ValueError("Escriba el texto de la respuesta del área.")
        return answers.record_answer, {
            "texto": texto, "solucion": self.text("answer-solucion"), "firmante_nombre": self.text("answer-firmante"),
            "firmante_cargo": self.text("answer-cargo"), "firmante_telefono": self.text("answer-telefono"),
            "checklist": Checklist(**{name: self.ticked(f"answer-{name}") for name, _ in CHECKLIST}),
        }


class SignDialog(ActionDialog):
    """Firmar: the director reads the answer and confirms each L12 point before signing (L13)."""

    HEADING = "Revisar y firmar la respuesta (L12, L13)"
    CONFIRM = "Firmar"

    def __init__(self, folio: str, answer: Respuesta | None):
        super().__init__(folio)
        self.answer = answer

    def fields(self) -> ComposeResult:
        answer = self.answer
        if answer is None:
            yield Static(Text("No hay respuesta registrada."), classes="action-note")
            return
        text = Text()
        text.append("Respuesta:\n", style="bold")
        text.append(answer.texto)
        if answer.solucion:
            text.append("\n\nSolución: ", style="bold")
            text.append(answer.solucion)
        text.append("\n\nEmite: ", style="bold")
        signer = ", ".join(v for v in (answer.firmante_nombre, answer.firmante_cargo, answer.firmante_telefono) if v)
        text.append(signer or "(sin datos de quien la emite)")
        yield Static(text, id="sign-answer")
        yield Static(Text("Confirme cada punto (barra espaciadora); sin los cuatro no se puede firmar:"),
                     classes="action-note")
        yield from checklist_boxes("sign")

    def request(self):
        if self.answer is None:
            raise ValueError("No hay respuesta registrada que firmar.")
        # Signing also produces the oficio de respuesta for the petitioner, kept in the expediente.
        return answers.sign, {"checklist": Checklist(**{name: self.ticked(f"sign-{name}") for name, _ in CHECKLIST}),
                              "data_dir": desk(self).data_dir}
