"""A Select whose options are numbered: the keys 1 to 9 choose one without opening the list."""

from textual.binding import Binding
from textual.widgets import Select


class NumberedSelect(Select):
    """A Select whose options are numbered: the keys 1 to 9 choose one; a form with key_order.PICK_BINDINGS also moves
    on to its next field as the digit arrives."""

    BINDINGS = [Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)]

    def __init__(self, options: list[tuple[str, str]], **kwargs) -> None:
        super().__init__([(f"{n} {label}", value) for n, (label, value) in enumerate(options, 1)], **kwargs)
        self.keyed_values = [value for _, value in options]

    def action_pick(self, index: int) -> None:
        """Choose the option at this position."""
        if index < len(self.keyed_values):
            self.value = self.keyed_values[index]
