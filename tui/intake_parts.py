"""The base the intake screen's parts share: a Screen, plus what each part calls on another, for the type checker."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static


class IntakeParts(Screen[None]):
    """The intake screen as its parts (checks, triage, draft, autofill) see it."""

    if TYPE_CHECKING:
        def _put(self, widget_id: str, text: Text) -> Static: ...
        def _show_check(self, name: str, *, quiet: bool = False) -> str: ...
        def _set_anonymous(self, anonymous: bool) -> None: ...
        def after_typed_keys(self, callback: Callable[[], object]) -> None: ...
        def _changed(self) -> None: ...
        def _clear(self) -> None: ...
