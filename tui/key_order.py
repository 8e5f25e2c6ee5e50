"""Keys reach a text field in the order they were typed, even when they arrive together.

Textual 8 inserts a typed character in the field's own key handler, but runs the field's bound keys (Backspace, Delete,
arrows, Ctrl+U…) only after the key has bubbled up to the app. When keys queue up (a busy screen, a remote terminal,
the browser desk), «ab⌫c» became «ab»: the next character landed before the Backspace. Upstream: Textualize/textual
#6605 (fix proposed in #6631); until a release carries it, Input and TextArea run their own bindings inline here.
"""

from textual import events
from textual.widget import Widget
from textual.widgets import Input

# Keys a TextArea turns into text itself (a new line; a tab when it indents), before any binding is looked at.
_TEXT_AREA_INSERTS = frozenset(("enter", "tab"))


async def _own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own binding for the key, as the app would after the bubble; True when one ran."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


def _inline(cls: type[Widget], skip: frozenset[str] = frozenset()) -> None:
    original = cls._on_key
    if getattr(original, "inline_bindings", False):
        return

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable and event.key not in skip and await _own_binding(self, event):
            return
        await original(self, event)

    _on_key.inline_bindings = True  # type: ignore[attr-defined]
    cls._on_key = _on_key  # type: ignore[method-assign]


def install() -> None:
    """Make Input run its own bound keys in typing order (once per process)."""
    _inline(Input)


def install_text_area() -> None:
    """The same for TextArea, whose import (8 ms) the app makes after its first screen is drawn."""
    from textual.widgets import TextArea

    _inline(TextArea, _TEXT_AREA_INSERTS)
