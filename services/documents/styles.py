"""The institutional colours and paragraph styles every document shares, and paragraphs built from them."""

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from services.documents.text import escape

GUINDA = colors.HexColor("#691C32")
DORADO = colors.HexColor("#BC955C")
GRIS = colors.HexColor("#4D4D4D")
GRIS_CLARO = colors.HexColor("#F2F2F2")
LINEA = colors.HexColor("#B8B8B8")


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
