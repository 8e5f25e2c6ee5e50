"""Shared pieces of every document: Spanish dates, escaping, styles, letterhead, page numbers and signatures."""

import io
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import lru_cache
from xml.sax.saxutils import escape as _xml_escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from models.validators import without_controls
from services.calendar import MEXICO_CITY, MONTHS
from services.documents.model import UnitInfo

INSTITUTE = "INSTITUTO DE SEGURIDAD Y SERVICIOS SOCIALES DE LOS TRABAJADORES DEL ESTADO"
UAD = "Unidad de Atención al Derechohabiente"
GUIDE = ("Guía operativa para la atención, seguimiento y conclusión de peticiones e inconformidades "
         "de los derechohabientes")
MONTHS_SHORT = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")

GUINDA = colors.HexColor("#691C32")
DORADO = colors.HexColor("#BC955C")
GRIS = colors.HexColor("#4D4D4D")
GRIS_CLARO = colors.HexColor("#F2F2F2")
LINEA = colors.HexColor("#B8B8B8")

PORTRAIT = LETTER
LANDSCAPE = landscape(LETTER)
MARGIN_X = 60
MARGIN_X_WIDE = 40
HEADER_HEIGHT = 96
FOOTER_HEIGHT = 52
FOOTER_Y = 26

ELLIPSIS = "…"


def to_local(moment: datetime) -> datetime:
    """The moment in Mexico City time; a naive value is taken as UTC, as the database stores it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(MEXICO_CITY)


def fecha_larga(day: date) -> str:
    """A date written out in Spanish, e.g. "22 de noviembre de 2026"."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def mes_anio(year: int, month: int) -> str:
    """A month written out in Spanish, e.g. "noviembre de 2026"."""
    return f"{MONTHS[month - 1]} de {year}"


def fecha_hora(moment: datetime) -> str:
    """A moment in Mexico City written out in Spanish with a 24-hour time."""
    local = to_local(moment)
    return f"{fecha_larga(local.date())}, {local:%H:%M} h"


def fecha_corta(day: date) -> str:
    """A compact dd/mm/aaaa date for table cells."""
    if isinstance(day, datetime):
        day = to_local(day).date()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def fecha_hora_corta(moment: datetime) -> str:
    """A compact dd/mm/aaaa hh:mm h moment in Mexico City for table cells."""
    local = to_local(moment)
    return f"{fecha_corta(local.date())} {local:%H:%M} h"


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
    kept[-1] = _with_ellipsis(kept[-1], limit, font)
    return "\n".join(kept)


def _split_word(word: str, limit: float, font: str) -> tuple[str, str]:
    # A word wider than the cell (a URL, a run of letters) is broken by characters so it cannot overflow.
    end = len(word)
    while end > 1 and _width_units(word[:end], font) > limit:
        end -= 1
    return word[:end], word[end:]


def _with_ellipsis(line: str, limit: float, font: str) -> str:
    line = line.rstrip(" ,;:.")
    while line and _width_units(line + ELLIPSIS, font) > limit:
        line = line[:-1].rstrip(" ,;:.")
    return line + ELLIPSIS


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles every document shares."""
    base = ParagraphStyle("base", fontName="Helvetica", fontSize=10, leading=14, textColor=colors.black,
                          allowWidows=0, allowOrphans=0)
    return {
        "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, spaceAfter=7),
        "left": ParagraphStyle("left", parent=base, alignment=TA_LEFT),
        "bold": ParagraphStyle("bold", parent=base, fontName="Helvetica-Bold"),
        "quote": ParagraphStyle("quote", parent=base, fontSize=9, leading=12.5, alignment=TA_JUSTIFY,
                                leftIndent=18, rightIndent=18, textColor=GRIS, spaceAfter=8),
        "tiny": ParagraphStyle("tiny", parent=base, fontSize=7, leading=9, textColor=GRIS),
        "title": ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=14, leading=18,
                                alignment=TA_CENTER, textColor=GUINDA, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, leading=13, alignment=TA_CENTER,
                                   textColor=GRIS, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base, fontName="Helvetica-Bold", fontSize=11, leading=14,
                             textColor=GUINDA, spaceBefore=10, spaceAfter=5),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_small": ParagraphStyle("cell_small", parent=base, fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontSize=8, leading=10, fontName="Helvetica-Bold"),
        "head": ParagraphStyle("head", parent=base, fontSize=6.8, leading=8, fontName="Helvetica-Bold",
                               textColor=colors.white, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", parent=base, fontSize=9, leading=11.5, alignment=TA_CENTER),
        "sign_bold": ParagraphStyle("sign_bold", parent=base, fontSize=9, leading=11.5, alignment=TA_CENTER,
                                    fontName="Helvetica-Bold"),
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of user text, escaped."""
    return Paragraph(escape(text), styles()[style])


def markup(text: str, style: str = "body") -> Paragraph:
    """A paragraph of trusted markup built by this package (user parts already escaped)."""
    return Paragraph(text, styles()[style])


def key_value_table(rows: Sequence[tuple[str, str]], width: float, *, label_width: float = 130) -> Table:
    """A two-column table of labels and user values, labels shaded."""
    cell = styles()["cell"]
    data = [[Paragraph(escape(label), styles()["cell_bold"]), Paragraph(escape(value), cell)] for label, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width])
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (0, -1), GRIS_CLARO),
        ("GRID", (0, 0), (-1, -1), 0.5, LINEA),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def header_style(extra: Sequence[tuple] = ()) -> TableStyle:
    """The look of a data table whose first row is a header: guinda header, zebra rows, thin grid."""
    return TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), GUINDA),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 9.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, GRIS_CLARO]),
        ("GRID", (0, 0), (-1, -1), 0.4, LINEA),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *extra,
    ])


_PDF_ESCAPES = {ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)",
                **{code: f"\\{code:03o}" for code in range(128, 256)}}


def _pdf_string(text: str) -> str:
    # WinAnsi bytes (the encoding of reportlab's standard fonts) written as an ASCII PDF literal string.
    return text.encode("cp1252", "replace").decode("latin-1").translate(_PDF_ESCAPES)


class PlainTable(Flowable):
    """Pre-wrapped plain text drawn straight to the page, split between rows with the header repeated on each part."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
                 size: float = 6.5, leading: float = 7.6, padding: float = 2.0):
        super().__init__()
        self.header, self.rows, self.widths = list(header), list(rows), list(widths)
        self.size, self.leading, self.padding = size, leading, padding
        self.header_height = self._height(self.header)
        self.heights = [self._height(row) for row in self.rows]
        self.width = sum(self.widths)

    def _height(self, cells: Sequence[str]) -> float:
        return (max(cell.count("\n") for cell in cells) + 1) * self.leading + 2 * self.padding

    def wrap(self, available_width, available_height):
        """The full size: header plus every row."""
        self.height = self.header_height + sum(self.heights)
        return self.width, self.height

    def split(self, available_width, available_height):
        """The rows that fit, and the rest as a second table with the same header."""
        room = available_height - self.header_height
        used, count = 0.0, 0
        for height in self.heights:
            if used + height > room:
                break
            used += height
            count += 1
        if count == 0:
            return []
        if count == len(self.rows):
            return [self]
        options = {"size": self.size, "leading": self.leading, "padding": self.padding}
        return [PlainTable(self.header, self.rows[:count], self.widths, **options),
                PlainTable(self.header, self.rows[count:], self.widths, **options)]

    def draw(self):
        """Shade the header and alternate rows, rule rows and columns, then write all text in two text objects."""
        canvas = self.canv
        top = self.height
        canvas.saveState()
        canvas.setFillColor(GUINDA)
        canvas.rect(0, top - self.header_height, self.width, self.header_height, stroke=0, fill=1)
        canvas.setFillColor(GRIS_CLARO)
        y = top - self.header_height
        rules = []
        for index, height in enumerate(self.heights):
            if index % 2:
                canvas.rect(0, y - height, self.width, height, stroke=0, fill=1)
            y -= height
            rules.append((0, y, self.width, y))
        x = 0.0
        for width in self.widths[:-1]:
            x += width
            rules.append((x, 0, x, top))
        canvas.setStrokeColor(LINEA)
        canvas.setLineWidth(0.3)
        canvas.lines(rules)
        canvas.rect(0, 0, self.width, top, stroke=1, fill=0)
        self._write(canvas, [self.header], [self.header_height], top, "Helvetica-Bold", colors.white)
        self._write(canvas, self.rows, self.heights, top - self.header_height, "Helvetica", colors.black)
        canvas.restoreState()

    def _write(self, canvas, rows, heights, top, font, color) -> None:
        canvas.setFont(font, self.size, self.leading)
        canvas.setFillColor(color)
        starts = [sum(self.widths[:index]) + self.padding + 0.5 for index in range(len(self.widths))]
        ops = ["BT"]
        for row, height in zip(rows, heights):
            baseline = top - self.padding - self.size * 0.8
            for x, cell in zip(starts, row):
                y = baseline
                for line in cell.split("\n"):
                    if line:
                        ops.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({_pdf_string(line)}) Tj")
                    y -= self.leading
            top -= height
        ops.append("ET")
        canvas.addLiteral("\n".join(ops))


def signature(caption: str, name: str, lines: Sequence[str] = (), width: float = 230) -> Table:
    """One signature block: a caption, space to sign, a rule, the signer's name and further lines."""
    rows = [[Paragraph(escape(caption), styles()["sign_bold"])], [""],
            [Paragraph(escape(name) if name.strip() else "&nbsp;", styles()["sign_bold"])]]
    rows += [[Paragraph(escape(line), styles()["sign"])] for line in lines if line and line.strip()]
    table = Table(rows, colWidths=[width], rowHeights=[None, 40] + [None] * (len(rows) - 2))
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 1), (0, 1), 0.8, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def director_signature(unit: UnitInfo, caption: str = "Atentamente") -> Table:
    """The unit director's signature block with name, cargo and telephone (L12, L13)."""
    phone = f"Tel. {unit.director_telefono}" if unit.director_telefono.strip() else ""
    return signature(caption, unit.director_nombre, (unit.director_cargo, phone), width=260)


def signatures_side_by_side(blocks: Sequence[Table], width: float) -> Table:
    """Signature blocks in one row; a single table row, so it never splits across pages."""
    table = Table([list(blocks)], colWidths=[width / len(blocks)] * len(blocks))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def content_width(pagesize: tuple[float, float] = PORTRAIT) -> float:
    """The usable width of a page of this size."""
    return pagesize[0] - 2 * _margin(pagesize)


def _margin(pagesize: tuple[float, float]) -> float:
    return MARGIN_X_WIDE if pagesize[0] > pagesize[1] else MARGIN_X


def draw_letterhead(canvas: Canvas, unit: UnitInfo, pagesize: tuple[float, float]) -> None:
    """The institute's letterhead: ISSSTE mark, institute line, unit name and clave, UAD line, gold rule."""
    width, height = pagesize
    margin = _margin(pagesize)
    top = height - 30
    canvas.saveState()
    canvas.setFillColor(GUINDA)
    canvas.setFont("Helvetica-Bold", 24)
    canvas.drawString(margin, top - 26, "ISSSTE")
    mark = stringWidth("ISSSTE", "Helvetica-Bold", 24)
    canvas.setStrokeColor(DORADO)
    canvas.setLineWidth(1.2)
    rule_x = margin + mark + 10
    canvas.line(rule_x, top - 42, rule_x, top + 2)
    text_x = rule_x + 10
    text_width = width - margin - text_x
    canvas.setFillColor(GRIS)
    canvas.setFont("Helvetica-Bold", 7.5)
    canvas.drawString(text_x, top - 6, _fit(INSTITUTE, text_width, "Helvetica-Bold", 7.5))
    canvas.setFillColor(colors.black)
    name_lines = simpleSplit(clean(unit.nombre), "Helvetica-Bold", 10, text_width) or [""]
    if len(name_lines) > 2:
        name_lines = [name_lines[0], _with_ellipsis(name_lines[1], text_width * 100, "Helvetica-Bold")]
    y = top - 19
    canvas.setFont("Helvetica-Bold", 10)
    for line in name_lines:
        canvas.drawString(text_x, y, _fit(line, text_width, "Helvetica-Bold", 10))
        y -= 12
    canvas.setFillColor(GUINDA)
    canvas.setFont("Helvetica", 8.5)
    unit_line = f"{UAD}  ·  Clave de la unidad: {clean(unit.clave)}"
    canvas.drawString(text_x, y, _fit(unit_line, text_width, "Helvetica", 8.5))
    canvas.setStrokeColor(DORADO)
    canvas.setLineWidth(2)
    rule_y = height - HEADER_HEIGHT + 14
    canvas.line(margin, rule_y, width - margin, rule_y)
    canvas.restoreState()


def draw_footer(canvas: Canvas, unit: UnitInfo, pagesize: tuple[float, float], label: str) -> None:
    """The footer: a thin gold rule, the document label and the unit's address (the page number is added later)."""
    width, _ = pagesize
    margin = _margin(pagesize)
    canvas.saveState()
    canvas.setStrokeColor(DORADO)
    canvas.setLineWidth(0.8)
    canvas.line(margin, FOOTER_Y + 18, width - margin, FOOTER_Y + 18)
    available = width - 2 * margin - 90
    canvas.setFont("Helvetica-Bold", 7)
    canvas.setFillColor(GRIS)
    canvas.drawString(margin, FOOTER_Y + 7, _fit(clean(label), available, "Helvetica-Bold", 7))
    canvas.setFont("Helvetica", 7)
    canvas.drawString(margin, FOOTER_Y - 2, _fit(clean(unit.domicilio), available, "Helvetica", 7))
    canvas.restoreState()


def _fit(text: str, width: float, font: str, size: float) -> str:
    limit = width * 1000 / size
    if _width_units(text, font) <= limit:
        return text
    return _with_ellipsis(text, limit, font)


class NumberedCanvas(Canvas):
    """A canvas that holds every page until the end so each can say "Hoja X de Y"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []

    def showPage(self):
        """Hold the finished page instead of emitting it."""
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        """Stamp each held page with its number and the total, then write the file."""
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._stamp(total)
            super().showPage()
        super().save()

    def _stamp(self, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont("Helvetica-Bold", 8)
        self.setFillColor(GRIS)
        self.drawRightString(width - _margin(self._pagesize), FOOTER_Y + 7, f"Hoja {self._pageNumber} de {total}")
        self.restoreState()


def page_template(template_id: str, unit: UnitInfo, label: str, pagesize: tuple[float, float]) -> PageTemplate:
    """A page with the letterhead and footer around one frame."""
    margin = _margin(pagesize)
    frame = Frame(margin, FOOTER_HEIGHT + 4, pagesize[0] - 2 * margin, pagesize[1] - HEADER_HEIGHT - FOOTER_HEIGHT - 4,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{template_id}-frame")

    def decorate(canvas: Canvas, _doc) -> None:
        draw_letterhead(canvas, unit, pagesize)
        draw_footer(canvas, unit, pagesize, label)

    return PageTemplate(id=template_id, frames=[frame], onPage=decorate, pagesize=pagesize)


def build_pdf(story: list[Flowable], *, unit: UnitInfo, title: str, label: str,
              templates: Sequence[tuple[str, tuple[float, float]]] = (("portrait", PORTRAIT),)) -> bytes:
    """Lay out the story on letter pages with letterhead, footer and "Hoja X de Y"; return the PDF bytes."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=templates[0][1], title=title, author=clean(unit.nombre),
                          subject=f"{UAD} — {clean(unit.nombre)}", creator="MOAD Desk", lang="es-MX",
                          leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=HEADER_HEIGHT,
                          bottomMargin=FOOTER_HEIGHT)
    doc.addPageTemplates([page_template(name, unit, label, size) for name, size in templates])
    with _binary_streams():
        doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


@contextmanager
def _binary_streams():
    # ASCII85 text encoding of page streams is pure Python without rl_accel and costs a third of a long report;
    # binary zlib streams are equally valid PDF.
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous
