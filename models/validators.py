"""Normalisers for the petitioner's data (L3); each returns the clean value or raises ValueError in Spanish."""

import re

_OLD_MOBILE_PREFIXES = ("044", "045")
_CP = re.compile(r"^\d{5}$")


class Warned(str):
    """A valid value that still deserves a warning for the officer (kept in .warning)."""

    warning: str = ""


def normalize_curp(value: str) -> str:
    """A valid CURP in capitals; the non-binary sex marker X is accepted with a warning."""
    from stdnum.mx import curp

    compact = re.sub(r"[\s-]", "", value).upper()
    if len(compact) != 18:
        raise ValueError(f"la CURP debe tener 18 caracteres (tiene {len(compact)})")
    try:
        return curp.validate(compact)
    except curp.InvalidChecksum:
        raise ValueError("la CURP no es válida: el dígito verificador no corresponde") from None
    except curp.ValidationError:
        if compact[10] == "X":
            return _curp_with_x_marker(compact)
        raise ValueError("la CURP no es válida: revise fecha, sexo, entidad y formato") from None


def _curp_with_x_marker(compact: str) -> str:
    from stdnum.mx import curp

    as_h = compact[:10] + "H" + compact[11:]
    try:
        curp.validate(as_h, validate_check_digits=False)
    except curp.ValidationError:
        raise ValueError("la CURP no es válida: revise fecha, sexo, entidad y formato") from None
    if compact[-1] != curp.calc_check_digit(compact):
        raise ValueError("la CURP no es válida: el dígito verificador no corresponde")
    warned = Warned(compact)
    warned.warning = "CURP con marcador de sexo X: se acepta, verifique con la identificación"
    return warned


def normalize_phone(value: str) -> str:
    """A Mexican phone number as its 10 national digits, whatever old prefixes were typed."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+") or (len(digits) in (12, 13) and digits.startswith("52")):
        digits = digits[2:]
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
    if len(digits) == 13 and digits.startswith(_OLD_MOBILE_PREFIXES):
        digits = digits[3:]
    if len(digits) == 12 and digits.startswith("01"):
        digits = digits[2:]
    if len(digits) != 10:
        raise ValueError("el teléfono debe tener 10 dígitos (por ejemplo 55 1234 5678)")
    import phonenumbers

    parsed = phonenumbers.parse(digits, "MX")
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError("el teléfono no corresponde a un número de México válido")
    return digits


def phone_text(digits: str) -> str:
    """Ten national digits as they are read aloud in Mexico: «55 1234 5678», «222 123 4567»."""
    import phonenumbers

    return phonenumbers.format_number(phonenumbers.parse(digits, "MX"), phonenumbers.PhoneNumberFormat.NATIONAL)


def normalize_email(value: str) -> str:
    """A syntactically valid e-mail address (no network check: desks may be offline)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError("el correo electrónico no es válido (ejemplo: nombre@dominio.mx)") from None


def normalize_postal_code(value: str) -> str:
    """A código postal of exactly five digits."""
    compact = value.strip()
    if not _CP.match(compact):
        raise ValueError("el código postal debe tener 5 dígitos")
    return compact


# C0 and C1 controls except tab and line breaks: NUL breaks PostgreSQL, and an escape sequence shown on a terminal
# recolours, retitles or rewrites the officer's screen.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_controls(value: str) -> str:
    """The text with its control characters removed and nothing else changed."""
    return _CONTROL.sub("", value)


def clean_text(value: str) -> str:
    """Free text without control characters (NUL, escapes) and without surrounding blanks."""
    return without_controls(value).strip()
