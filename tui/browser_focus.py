"""Putting the cursor where a screen wants it when the desk gets focus in a browser tab (moad servir)."""

from textual.app import App


def focus_screen_field(app: App) -> None:
    """Focus the screen's AUTO_FOCUS field when nothing has focus, as Textual does when a terminal starts focused."""
    # The web driver starts blurred, so Textual skips the screen's AUTO_FOCUS; typed keys would reach no field.
    screen = app.screen
    target = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else app.AUTO_FOCUS
    if target and screen.focused is None:
        field = next((widget for widget in screen.query(target) if widget.focusable), None)
        if field is not None:
            screen.set_focus(field)
