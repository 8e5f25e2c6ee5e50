"""An argparse parser that speaks Spanish and fails with one line and exit code 2."""

import argparse
import sys

# argparse looks its messages up through the module-level gettext alias at call time,
# so replacing it translates usage, help headings and every error template.
_ES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan los argumentos: %s",
    "unrecognized arguments: %s": "argumentos no reconocidos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "se esperaba un valor",
    "expected at most one argument": "se esperaba como máximo un valor",
    "expected at least one argument": "se esperaba al menos un valor",
    "ambiguous option: %(option)s could match %(matches)s": "opción ambigua: %(option)s puede ser %(matches)s",
    "not allowed with argument %s": "no se permite junto con %s",
    "one of the arguments %s is required": "se requiere uno de los argumentos %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
}
argparse._ = lambda text: _ES.get(text, text)  # type: ignore[attr-defined]


class SpanishParser(argparse.ArgumentParser):
    """Argument parser whose errors are a single Spanish line on stderr with exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"moad: error: {message}\n")
        sys.exit(2)
