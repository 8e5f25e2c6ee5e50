"""A Select whose options are numbered: the keys 1 to 9 choose one and say so, so a form can move on."""

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Select


class NumberedSelect(Select):
    """A Select whose options are numbered: the keys 1 to 9 choose one without opening the list."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, options: list[tuple[str, str]], **kwargs) -> None:
        super().__init__([(f"{n} {label}", value) for n, (label, value) in enumerate(options, 1)], **kwargs)
        self.keyed_values = [value for _, value in options]

    class Picked(Message):
        """An option was chosen by its number: the form moves on to the next field."""

        def __init__(self, select: "NumberedSelect") -> None:
            super().__init__()
            self.select = select

    def action_pick(self, index: int) -> None:
        """Choose the option at this position."""
        if index < len(self.keyed_values):
            self.value = self.keyed_values[index]
            self.post_message(self.Picked(self))
