"""Cleaning the free-text fields of a catalog form: phones and e-mails normalized, every problem named in Spanish."""

from models.validators import clean_text, normalize_email, normalize_phone
from services.errors import InvalidInput

_PHONES = frozenset({"director_telefono", "enlace_telefono"})
_EMAILS = frozenset({"enlace_correo", "superior_correo"})


def clean_fields(fields: dict, labels: dict[str, str]) -> dict[str, str]:
    """The fields cleaned, or InvalidInput naming unknown fields or every bad phone and e-mail."""
    unknown = set(fields) - set(labels)
    if unknown:
        raise InvalidInput("Campos desconocidos: " + ", ".join(sorted(unknown)) + ".")
    problems, clean = [], {}
    for name, value in fields.items():
        value = clean_text(str(value or ""))
        try:
            if value and name in _PHONES:
                value = normalize_phone(value)
            elif value and name in _EMAILS:
                value = normalize_email(value)
        except ValueError as error:
            problems.append(f"{labels[name][0].upper()}{labels[name][1:]}: {error}")
            continue
        clean[name] = value
    if problems:
        raise InvalidInput("; ".join(problems) + ".")
    return clean


def apply_changes(row: object, changes: dict) -> list[str]:
    """Set the values that differ on the row; the names of the fields that changed."""
    changed = [name for name, value in changes.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, changes[name])
    return changed
