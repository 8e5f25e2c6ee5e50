"""The área's answer: recording it with the L12 checklist, and the director's review and signature (L13)."""

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from models import Area, Respuesta
from services import answers
from services.answers import Checklist
from services.calendar import today_local
from services.dates import day_text, parse_day
from tui.context import desk
from tui.dialogs.expediente_common import ActionDialog, labelled, side_by_side
from tui.widgets.check import ClearCheckbox

CHECKLIST = (
    ("lenguaje_claro", "Redactada en lenguaje claro y sencillo"),
    ("fundamentada", "Debidamente fundamentada (norma o criterio que la sustenta)"),
    ("congruente", "Congruente con lo que se solicitó"),
    ("datos_firmante", "Con nombre, cargo y teléfono de quien la emite"),
)
# What the officer confirms when recording; the issuer's data is checked by the service, not ticked.
REVIEW = CHECKLIST[:3]
CHECKLIST_SHORT = {"lenguaje_claro": "lenguaje claro", "fundamentada": "fundamentada", "congruente": "congruente",
                   "datos_firmante": "datos de quien la emite"}


def checklist_boxes(prefix: str, answer: Respuesta | None = None) -> ComposeResult:
    """The four L12 points as checkboxes (space ticks), ticked as the answer has them."""
    for name, label in CHECKLIST:
        yield ClearCheckbox(label, value=bool(answer and getattr(answer, name)), id=f"{prefix}-{name}")


class AnswerDialog(ActionDialog):
    """Registrar respuesta: the área's text, the solution, the day it answered, who issues it, and the L12 review."""

    HEADING = "Registrar la respuesta del área (L12)"
    CONFIRM = "Registrar respuesta"
    SERVICE: Callable[..., Any] = staticmethod(answers.record_answer)
    """The service that records the answer."""

    def __init__(self, folio: str, area: Area | None, previous: Respuesta | None = None, *,
                 area_id: int | None = None):
        super().__init__(folio)
        self.area = area
        self.previous = previous
        self.area_id = area_id
        """Which of the petition's áreas answers (L4), when the expediente asked; None lets the service take the one."""

    def before_answer(self) -> ComposeResult:
        """Fields above the answer's own (the reason, for a corrected one)."""
        yield from ()

    def fields(self) -> ComposeResult:
        yield from self.before_answer()
        before = self.previous
        whose = f"de {self.area.nombre}" if self.area else "del área"
        yield from labelled(f"Texto de la respuesta {whose} (Tab pasa al siguiente campo)",
                            TextArea(before.texto if before else "", id="answer-texto", soft_wrap=True,
                                     tab_behavior="focus"))
        yield from side_by_side(("Solución o acción tomada", Input(before.solucion if before else "",
                                                                   id="answer-solucion")),
                                ("Fecha en que respondió el área", Input(day_text(today_local()), id="answer-fecha",
                                                                         placeholder="dd/mm/aaaa")))
        nombre = before.firmante_nombre if before else (self.area.enlace_nombre if self.area else "")
        cargo = before.firmante_cargo if before else ""
        telefono = before.firmante_telefono if before else (self.area.enlace_telefono if self.area else "")
        yield from side_by_side(("Nombre de quien la emite", Input(nombre, id="answer-firmante")),
                                ("Cargo", Input(cargo, id="answer-cargo", placeholder="p. ej. Jefa de Farmacia")),
                                ("Teléfono", Input(telefono, id="answer-telefono")))
        yield Static(Text("Nombre, cargo y teléfono de quien la emite son obligatorios (L12). Revisión — marque con "
                          "la barra espaciadora lo que cumple:"), classes="action-note")
        for name, label in REVIEW:
            yield ClearCheckbox(label, value=bool(before and getattr(before, name)), id=f"answer-{name}")

    def extra(self) -> dict:
        """Arguments besides the answer's own (the reason, for a corrected one); ValueError in Spanish."""
        return {}

    def request(self):
        extra = self.extra()
        texto = self.query_one("#answer-texto", TextArea).text.strip()
        if not texto:
            raise ValueError("Escriba el texto de la respuesta del área.")
        issuer = (self.text("answer-firmante"), self.text("answer-cargo"), self.text("answer-telefono"))
        missing = answers.issuer_missing(*issuer)
        if missing:
            raise ValueError(missing)
        day = parse_day(self.text("answer-fecha"), "Fecha en que respondió el área")
        if self.area_id is not None:
            extra["area_id"] = self.area_id
        return self.SERVICE, {
            **extra, "texto": texto, "solucion": self.text("answer-solucion"), "firmante_nombre": issuer[0],
            "firmante_cargo": issuer[1], "firmante_telefono": issuer[2], "recibida_el": day,
            "checklist": Checklist(**{name: self.ticked(f"answer-{name}") for name, _ in REVIEW}),
        }


class CorrectedAnswerDialog(AnswerDialog):
    """Registrar respuesta corregida: why the answer is replaced, then the corrected answer, filled from the current."""

    HEADING = "Registrar la respuesta corregida (L12)"
    CONFIRM = "Registrar respuesta corregida"
    SERVICE = staticmethod(answers.correct_answer)

    def before_answer(self) -> ComposeResult:
        yield Static(Text("La respuesta actual queda en el expediente; la corregida la sustituye para la firma."),
                      classes="action-note")
        yield from labelled("Motivo de la corrección (qué no cumplía)", Input(id="answer-motivo"))

    def extra(self) -> dict:
        motivo = self.text("answer-motivo")
        if not motivo:
            raise ValueError("Motivo de la corrección: es obligatorio.")
        return {"motivo": motivo}


class SignDialog(ActionDialog):
    """Firmar: the director reads the answer and confirms each L12 point before signing (L13)."""

    HEADING = "Revisar y firmar la respuesta (L12, L13)"
    CONFIRM = "Firmar"

    def __init__(self, folio: str, answer: Respuesta | None, others: Sequence[tuple[str, Respuesta]] = (),
                 area: str = ""):
        super().__init__(folio)
        self.answer = answer
        self.area = area
        self.others = list(others)
        """The other áreas' answers signed with it (L4), each with its área's name."""

    @classmethod
    def of(cls, folio: str, in_force: Sequence[tuple[str, Respuesta]], latest: Respuesta | None) -> "SignDialog":
        """The dialog for every área's answer in force (L4), or for the petition's latest answer with one área."""
        if len(in_force) < 2:
            return cls(folio, latest)
        (area, first), *others = in_force
        return cls(folio, first, others, area)

    def fields(self) -> ComposeResult:
        answer = self.answer
        if answer is None:
            yield Static(Text("No hay respuesta registrada."), classes="action-note")
            return
        text = Text()
        for area, shown in [(self.area, answer), *self.others]:
            if text.plain:
                text.append("\n\n")
            text.append(f"Respuesta de {area}:\n" if self.others else "Respuesta:\n", style="bold")
            text.append(shown.texto)
            if shown.solucion:
                text.append("\n\nSolución: ", style="bold")
                text.append(shown.solucion)
            text.append("\n\nEmite: ", style="bold")
            signer = ", ".join(v for v in (shown.firmante_nombre, shown.firmante_cargo, shown.firmante_telefono) if v)
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
