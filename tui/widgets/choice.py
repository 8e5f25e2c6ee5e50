"""One option of a few, in a line, that reads without colour: ( ) and (●), the chosen one also bold and underlined."""

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Choice(Widget, can_focus=True):
    """One option of a few, in a line: ←/→ or the option's number changes it (there is no separate «press»)."""

    DEFAULT_CSS = """
    Choice { height: auto; width: 1fr; padding: 0 1; background: $boost; }
    Choice:focus { background: $block-cursor-blurred-background; text-style: bold; }
    """
    BINDINGS = [Binding("left", "move(-1)", show=False), Binding("right", "move(1)", show=False),
                *(Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10))]
    index: reactive[int] = reactive(0)

    class Changed(Message):
        """The chosen option changed."""

        def __init__(self, choice: "Choice", value: str) -> None:
            super().__init__()
            self.choice, self.value = choice, value

        @property
        def control(self) -> "Choice":
            """The choice that changed."""
            return self.choice

    def __init__(self, options: list[tuple[str, str]], *, value: str | None = None, id: str | None = None,
                 disabled: bool = False):
        super().__init__(id=id, disabled=disabled)
        self.options = options
        values = [v for v, _ in options]
        self.set_reactive(Choice.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> str:
        """The value of the chosen option."""
        return self.options[self.index][0]

    def render(self) -> Text:
        line = Text()
        for position, (_, label) in enumerate(self.options):
            chosen = position == self.index
            line.append(f"{position + 1} ", style="dim")
            line.append("(●) " if chosen else "( ) ")
            line.append(label, style="bold underline" if chosen else "")
            line.append("   ")
        return line

    def watch_index(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def action_move(self, step: int) -> None:
        """Choose the previous or next option."""
        self.index = (self.index + step) % len(self.options)

    def action_pick(self, position: int) -> None:
        """Choose the option with this number."""
        if position < len(self.options):
            self.index = position
