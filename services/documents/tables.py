"""Tables of the documents: labelled values, the shaded header look, and the fast plain table of long listings."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from services.documents.styles import GRIS_CLARO, GUINDA, LINEA, styles
from services.documents.text import escape


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
