"""User text made printable: control characters removed, markup escaped, cut to a length or wrapped to a width."""

from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from models.validators import without_controls

ELLIPSIS = "…"


def clean(text: str | None) -> str:
    """User text without control characters that a PDF cannot show."""
    return without_controls(text or "").replace("\r\n", "\n").replace("\r", "\n")


def escape(text: str | None) -> str:
    """User text made safe for Paragraph markup: entities escaped, line breaks kept."""
    return _xml_escape(clean(text)).replace("\n", "<br/>")


def clip(text: str | None, limit: int) -> str:
    """The text cut at a word boundary to at most `limit` characters, ending in an ellipsis when cut."""
    text = clean(text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + ELLIPSIS


# Per font, per-character widths in 1/1000 em, filled on first use; characters outside WinAnsi print as "?".
_GLYPH_WIDTHS: dict[str, dict[str, float]] = {}


def _width_units(text: str, font: str) -> float:
    table = _GLYPH_WIDTHS.setdefault(font, {})
    try:
        return sum(map(table.__getitem__, text))
    except KeyError:
        for char in set(text) - table.keys():
            table[char] = stringWidth(char if _encodable(char) else "?", font, 1000)
        return sum(map(table.__getitem__, text))


def _encodable(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of plain text in a standard font, as the fast table draws it."""
    return _width_units(text, font) * size / 1000


def wrap_cell(text: str | None, width: float, *, font: str = "Helvetica", size: float = 7,
              max_lines: int = 3) -> str:
    """Plain text broken into lines that fit `width`, at most `max_lines`, the last ending in "…" if cut."""
    text = " ".join(clean(text).split())
    limit = width * 1000 / size
    if _width_units(text, font) <= limit:
        return text
    space = _width_units(" ", font)
    lines: list[str] = []
    current, current_units = "", 0.0
    for word in text.split(" "):
        units = _width_units(word, font)
        if current and current_units + space + units <= limit:
            current, current_units = f"{current} {word}", current_units + space + units
            continue
        if current:
            lines.append(current)
        while units > limit and len(lines) <= max_lines:
            head, word = _split_word(word, limit, font)
            lines.append(head)
            units = _width_units(word, font)
        current, current_units = word, units
        if len(lines) >= max_lines:
            break
    else:
        lines.append(current)
        if len(lines) <= max_lines:
            return "\n".join(lines)
    kept = lines[:max_lines]
    kept[-1] = with_ellipsis(kept[-1], limit, font)
    return "\n".join(kept)


def _split_word(word: str, limit: float, font: str) -> tuple[str, str]:
    # A word wider than the cell (a URL, a run of letters) is broken by characters so it cannot overflow.
    end = len(word)
    while end > 1 and _width_units(word[:end], font) > limit:
        end -= 1
    return word[:end], word[end:]


def with_ellipsis(line: str, limit: float, font: str) -> str:
    """The line shortened until it and a final "…" fit `limit` (in 1/1000 of the font size)."""
    line = line.rstrip(" ,;:.")
    while line and _width_units(line + ELLIPSIS, font) > limit:
        line = line[:-1].rstrip(" ,;:.")
    return line + ELLIPSIS


def fit_line(text: str, width: float, font: str, size: float) -> str:
    """One line of text that fits `width` points, ending in "…" when it had to be cut."""
    limit = width * 1000 / size
    if _width_units(text, font) <= limit:
        return text
    return with_ellipsis(text, limit, font)
