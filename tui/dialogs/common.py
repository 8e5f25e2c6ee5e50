"""Small modal dialogs every screen uses: confirm a step, and ask for a written reason."""

from rich.markup import escape
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class ConfirmDialog(ModalScreen[bool]):
    """Asks yes or no; Escape cancels; a destructive question starts on «No», so a stray Enter destroys nothing."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 70; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, question: str, *, confirm: str = "Sí", cancel: str = "No", destructive: bool = False):
        super().__init__()
        self.question, self.confirm_label, self.cancel_label = question, confirm, cancel
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(escape(self.question))
            with Horizontal():
                yield Button(self.confirm_label, id="si", variant="error" if self.destructive else "primary")
                yield Button(self.cancel_label, id="no")

    shown_at: float | None = None

    def on_mount(self, event: events.Mount) -> None:
        # Keys are stamped when the terminal sends them: one older than this dialog was meant for the screen before.
        self.shown_at = event.time
        self.query_one("#no" if self.destructive else "#si", Button).focus()

    def typed_before(self, key: events.Key) -> bool:
        """Whether a key was pressed before this dialog was on screen (a stray Enter must not answer it)."""
        return self.shown_at is None or key.time < self.shown_at

    @on(Button.Pressed, "#si")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        """Close without doing anything."""
        self.dismiss(False)


class ReasonDialog(ModalScreen[str | None]):
    """Asks for a written reason (required); returns it, or None when cancelled."""

    DEFAULT_CSS = """
    ReasonDialog { align: center middle; }
    ReasonDialog > Vertical {
        width: 80; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    ReasonDialog .error { color: $error; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, title: str, prompt: str, *, placeholder: str = ""):
        super().__init__()
        self.title_text, self.prompt, self.placeholder = title, prompt, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(escape(self.title_text), classes="dialog-title")
            yield Static(escape(self.prompt))
            yield Input(id="reason", placeholder=self.placeholder)
            yield Static("", id="reason-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def _submit(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#reason-error", Static).update("Este dato es obligatorio.")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without a reason."""
        self.dismiss(None)
