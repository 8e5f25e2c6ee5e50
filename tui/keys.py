"""Key names as the officer reads them on the keyboard: «Esc», «Enter», «Ctrl+S», «F4»."""

NAMES = {"escape": "Esc", "enter": "Enter", "tab": "Tab", "space": "Espacio", "delete": "Supr", "backspace": "Retroceso",
         "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "RePág", "pagedown": "AvPág", "home": "Inicio",
         "end": "Fin"}


def key_label(key: str) -> str:
    """«ctrl+s» → «Ctrl+S», «escape» → «Esc», «f4» → «F4»; a key the table does not know is shown upper-case."""
    *modifiers, last = key.split("+")
    name = NAMES.get(last, last.upper())
    return "+".join([*(modifier.capitalize() for modifier in modifiers), name])
