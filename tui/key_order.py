"""Keys reach a text field in the order they were typed, even when they arrive together.

Textual 8 inserts a typed character in the field's own key handler, but runs bound keys (Backspace, arrows, Ctrl+U,
Enter…) only after the key has bubbled from the field up to the app. When keys queue up (a busy screen, a remote
terminal, the browser desk), «Anx⌫a» became «Anx»: the characters behind the bound key landed first. Upstream:
Textualize/textual#6605 (fix proposed in #6631). Until a release carries it, a focused Input, TextArea, Checkbox,
Button, Choice or NumberedSelect resolves its bound keys at once, through the same binding chain the app would use.
A key that moves the focus (Tab) still cannot redirect characters the app already handed to the field it leaves:
forms bind Tab with priority (FocusOnArrival).
"""

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, cast

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from tui.widgets.numbered_select import NumberedSelect

# Moving between fields is decided as each key arrives, not after the field has handled the keys before it: otherwise
# the first letters of a fast typist land in the field just left.
FOCUS_BINDINGS = [Binding("tab", "move_focus(1)", show=False, priority=True),
                  Binding("shift+tab", "move_focus(-1)", show=False, priority=True)]
# The same for a digit on a numbered list (NumberedSelect) of a form that moves on once one is chosen (the intake's tipo
# and medio): the name typed after «2 1» lands in the name, not in the list it would have left a moment later.
PICK_BINDINGS = [Binding(str(n), f"pick_on_arrival({n - 1})", show=False, priority=True) for n in range(1, 10)]


class FocusOnArrival:
    """A form whose Tab and Shift+Tab (FOCUS_BINDINGS, in its BINDINGS) move the focus the moment they arrive, and
    whose numbered lists (with PICK_BINDINGS) take a digit and move on the moment it arrives."""

    def action_move_focus(self, step: int) -> None:
        """Tab and Shift+Tab."""
        screen = cast(Screen, self)
        if step > 0:
            screen.focus_next()
        else:
            screen.focus_previous()

    def enter_on_arrival(self, acts: Mapping[str, Callable[[], object]], *, moving: Collection[str] = ()) -> None:
        """Enter as it arrives (a priority binding's action): in a one-line field with an act, the act runs once the
        field has taken the keys typed before it, the focus first moving on if the field is in moving; in another
        one-line field the focus moves on; elsewhere Enter keeps its meaning."""
        screen = cast(Screen, self)
        focused = screen.focused
        if not isinstance(focused, Input):
            # A button is pressed, a list opens, a text area gets its new line.
            raise SkipAction()
        act = acts.get(focused.id or "")
        if act is None or focused.id in moving:
            screen.focus_next()
        if act is not None:
            focused.call_later(act)

    def after_typed_keys(self, callback: Callable[[], object]) -> None:
        """Run callback once the focused field has taken the keys typed before the one being handled: a priority key
        (Ctrl+S, F8) arrives ahead of the letters typed just before it."""
        screen = cast(Screen, self)
        (screen.focused or screen).call_later(callback)

    def action_pick_on_arrival(self, index: int) -> None:
        """A digit (PICK_BINDINGS) on a numbered list: choose that option and move on; elsewhere the digit is typed."""
        from tui.widgets.numbered_select import NumberedSelect

        focused = cast(Screen, self).focused
        if not isinstance(focused, NumberedSelect) or index >= len(focused.keyed_values):
            raise SkipAction()
        focused.action_pick(index)
        self.after_pick(focused)

    def after_pick(self, select: "NumberedSelect") -> None:
        """Where the focus goes once a digit chose an option: the next field, unless the form says otherwise."""
        cast(Screen, self).focus_next()


async def _bound_now(widget: Widget, event: events.Key, *, types: bool) -> bool:
    """Run the binding the app would run for this key once it bubbled up (the field's own first); True when one ran."""
    if types and event.is_printable:
        return False
    # The field's own editing keys act on this field even if a priority key (the form's Tab) moved the focus on since.
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            return _handled(event)
    # Priority bindings already ran before the key was handed to the field; this is the rest of the chain.
    if widget.has_focus and await widget.app._check_bindings(event.key):
        return _handled(event)
    return False


def _handled(event: events.Key) -> bool:
    event.stop()
    event.prevent_default()
    return True


def _inline(cls: type[Widget], inserts=lambda widget, key: False, *, types: bool = True) -> None:
    original = cls._on_key
    if getattr(original, "inline_bindings", False):
        return

    async def _on_key(self, event: events.Key) -> None:
        if not inserts(self, event.key) and await _bound_now(self, event, types=types):
            return
        await original(self, event)

    _on_key.inline_bindings = True  # type: ignore[attr-defined]
    cls._on_key = _on_key  # type: ignore[method-assign]


def install() -> None:
    """Make Input resolve its bound keys in typing order (once per process)."""
    _inline(Input)


def install_after_first_screen() -> None:
    """The same for TextArea, Checkbox, Button, Choice and NumberedSelect (Space, Enter, arrows and digits are bindings
    there too): TextArea's import costs 8 ms, so the app installs these once its first screen is drawn."""
    from textual.widgets import Button, Checkbox, TextArea

    from tui.widgets.choice import Choice
    from tui.widgets.numbered_select import NumberedSelect

    def inserts(widget, key: str) -> bool:
        return key == "enter" or (key == "tab" and widget.tab_behavior == "indent")

    _inline(TextArea, inserts)
    for widget in (Checkbox, Button, Choice, NumberedSelect):
        _inline(widget, types=False)
