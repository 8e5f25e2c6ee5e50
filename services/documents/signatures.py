"""Signature blocks: a caption, room to sign, a rule and the signer's name, alone or side by side."""

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table, TableStyle

from services.documents.model import UnitInfo
from services.documents.styles import styles
from services.documents.text import escape


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
