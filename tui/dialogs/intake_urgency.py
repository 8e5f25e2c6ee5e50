"""Raising the urgent flag by hand on the intake form (L2): the officer picks the category of the case."""


from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from services.triage import CATEGORY_LABELS, TriageCategory

# In the order L2 lists them: a) código infarto, b) urgencia médica, c) traslado de paciente grave.
CATEGORIES = tuple(TriageCategory)

URGENT_STYLE = "bold white on red"


class CategoryDialog(ModalScreen[str | None]):
    """Lets the officer raise the urgent flag by hand on a text the engine missed, choosing its category."""

    DEFAULT_CSS = """
    CategoryDialog { align: center middle; }
    CategoryDialog > Vertical { width: 70; max-width: 100%; height: auto; border: thick $error;
                                background: $surface; padding: 1 2; }
    CategoryDialog OptionList { height: auto; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancelar"),
                *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, len(CATEGORIES) + 1))]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Marcar como urgente (L2)", classes="dialog-title")
            yield Static("El sistema no detectó urgencia en la descripción. Si usted la ve, elija qué tipo de caso "
                         "es (1–3, o flechas y Enter). Al guardar se le pedirá a quién alertó y a qué hora.")
            yield OptionList(*(Option(f"{n} {CATEGORY_LABELS[c].capitalize()}", id=c.value)
                               for n, c in enumerate(CATEGORIES, 1)), id="category-list")
            yield Static("Esc: cancelar", classes="muted")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        """Choose the category at this position."""
        self.dismiss(CATEGORIES[index].value)

    def action_cancel(self) -> None:
        """Close without raising the flag."""
        self.dismiss(None)
