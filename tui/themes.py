"""The desk's high-contrast theme, for old screens, bright rooms and colour-blind officers."""

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="alto-contraste",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFB000",
    error="#FF4040",
    dark=True,
)
THEME_NAMES = {"": "textual-dark", "alto-contraste": "alto-contraste"}
