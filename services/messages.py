"""Spanish wording of pydantic validation errors, one line per problem, naming the field."""

from pydantic import ValidationError

from models.petition_io import FIELD_LABELS


def spanish_errors(error: ValidationError) -> list[str]:
    """One Spanish sentence per validation problem, each naming the field."""
    lines = []
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else ""
        label = FIELD_LABELS.get(field, field)
        kind = problem["type"]
        if kind == "missing":
            lines.append(f"falta {label}")
        elif kind == "enum":
            lines.append(f"{label}: «{problem.get('input')}» no es un valor permitido ({problem['ctx']['expected']})")
        elif kind == "value_error":
            lines.append(f"{label}: {problem['msg'].removeprefix('Value error, ')}")
        elif kind == "string_too_short":
            lines.append(f"{label}: no puede quedar vacío")
        elif kind == "string_too_long":
            lines.append(f"{label}: es demasiado largo")
        elif kind.startswith(("datetime", "date")):
            lines.append(f"{label}: fecha no válida (use dd/mm/aaaa o AAAA-MM-DD)")
        else:
            lines.append(f"{label}: valor no válido")
    return lines
