"""Hypothesis: any string or file gives a valid value or a Spanish error naming the field — never an exception."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.validators import clean_text, normalize_curp, normalize_email, normalize_phone, normalize_postal_code
from services.errors import InvalidInput
from services.importer import parse
from services.intake import validate

HOSTILE = st.sampled_from([
    "", " ", "\x00", "\x1b[31mrojo\x1b[0m", "[bold red]x[/]", "[/]", "\u202eevil\u202c", "😀🇲🇽", "ñÑáÉ¿¡",
    "a" * 100_000, "\r\n\t", "'; DROP TABLE peticion; --", "%s%s%n", "\ud7ff", "５５１２３４５６７８",
])
TEXT = st.one_of(st.text(max_size=300), HOSTILE)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT, st.sampled_from([normalize_curp, normalize_email, normalize_phone, normalize_postal_code]))
def test_normalizers_return_or_refuse_in_spanish(value, normalizer):
    try:
        result = normalizer(value)
    except ValueError as error:
        message = str(error)
        assert message and message[0].islower() and any(w in message for w in ("debe", "no es", "no corresponde", "no es válid"))
        return
    assert isinstance(result, str) and result == result.strip()


@SETTINGS
@given(TEXT)
def test_clean_text_removes_control_characters(value):
    cleaned = clean_text(value)
    assert "\x00" not in cleaned and "\x1b" not in cleaned


FIELDS = ["nombre", "primer_apellido", "curp", "telefono", "correo", "codigo_postal", "descripcion", "tipo", "canal",
          "calle", "servidor_publico", "id_externo"]


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=8))
def test_petition_input_is_valid_or_names_the_field(data):
    data = {"tipo": "inconformidad", "descripcion": "texto", **data}
    try:
        validate(data)
    except InvalidInput as error:
        labels = ("tipo", "medio de captación", "descripción", "nombre", "apellido", "CURP", "teléfono", "correo",
                  "calle", "código postal", "servidor público", "id externo")
        assert any(label in str(error) for label in labels), str(error)


CSV_LINE = st.lists(st.one_of(st.text(max_size=40), HOSTILE.filter(lambda s: len(s) < 200)), min_size=1, max_size=6)


@SETTINGS
@given(st.one_of(
    st.binary(max_size=2000),
    st.lists(CSV_LINE, max_size=6).map(
        lambda rows: ("recibida,tipo,canal,descripcion\n"
                      + "\n".join(",".join(r) for r in rows)).encode("utf-8", "surrogatepass")),
))
def test_importer_parses_or_lists_problems_in_spanish(content):
    try:
        items = parse(content, today=date(2026, 11, 22))
    except InvalidInput as error:
        assert str(error)
        return
    assert items
