"""Hostile text (Rich markup, an ANSI escape, right-to-left text, emoji, 2,000 characters) in every form's text fields
is shown literally and saved as typed, or refused in Spanish with the text kept."""

# Pilot's press() cannot type an escape character (it is the Escape key), so only the first field of each form is
# typed key by key; the rest arrives as a terminal paste (an events.Paste posted to the app), which is how an escape
# sequence really reaches a field, and the app drops its control characters there. The one-digit satisfaction fields
# (max_length=1) refuse a longer paste whole, so they are left out.

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import select
from textual import events
from textual.widgets import Input, TextArea

from models import Area, Buzon, Declinacion, DiaInhabil, Evento, Notificacion, Peticion, Prorroga, Respuesta, Unidad, Usuario
from models.validators import clean_text
from services import answers, routing
from services.answers import Checklist
from services.auth import actor_for
from services.database import open_database, read_session, write_session
from services.demo import populate
from services.intake import register
from tests.conftest import mx
from tests.tui.conftest import screen_text, settle, type_text

TODAY = date(2026, 11, 20)
MARKUP = "[bold red]x[/]"
COMBINED = f"{MARKUP} [link=http://a]y[/link] \x1b[31mrojo مرحبا 🚑"
LONG = ((COMBINED + " ") * 40)[:2000]
PERSON = ("nombre", "primer_apellido", "segundo_apellido", "curp", "telefono", "correo", "calle", "numero_exterior",
          "numero_interior", "colonia", "codigo_postal", "municipio", "entidad")
CHECKED = ("curp", "telefono", "correo", "codigo_postal")
ALL_CHECKED = Checklist(lenguaje_claro=True, fundamentada=True, congruente=True, datos_firmante=True)



def _personal_of_event(session, accion: str) -> dict:
    """The personal data an event keeps apart from its hashed detail."""
    from services.audit import personal_of

    evento_id = session.execute(select(Evento.id).where(Evento.accion == accion)).scalar_one()
    return personal_of(session, [evento_id])[evento_id]

def _prepare(engine):
    """A small demo unit and five petitions, one for each expediente dialog: registered, three routed, one signed."""
    populate(engine, n=5, today=TODAY)
    with write_session(engine) as s:
        unit = s.execute(select(Unidad)).scalars().first()
        users = {u.usuario: actor_for(u) for u in s.execute(select(Usuario)).scalars()}
        folios = [register(session=s, actor=users["oficial"], unidad=unit, now=mx(2026, 11, 20, 9, minute),
                           data={"tipo": "inconformidad", "descripcion": f"Caso hostil {minute}", "nombre": "Generado"}
                           ).folio for minute in range(5)]
        for folio in folios[1:]:
            routing.route(session=s, actor=users["oficial"], folio=folio, area_id=1, now=mx(2026, 11, 20, 9, 10))
        answers.record_answer(session=s, actor=users["oficial"], folio=folios[4], texto="Se atendió.",
                              firmante_nombre="Enlace Generado", firmante_cargo="Jefe", firmante_telefono="5550001111",
                              checklist=ALL_CHECKED, now=mx(2026, 11, 20, 9, 20))
        answers.sign(session=s, actor=users["director"], folio=folios[4], checklist=ALL_CHECKED,
                     now=mx(2026, 11, 20, 9, 30))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The prepared database, built once and copied for each form."""
    path = tmp_path_factory.mktemp("hostil") / "desk.sqlite3"
    engine = open_database(f"sqlite:///{path}")
    _prepare(engine)
    engine.dispose()
    return path


def _case(s, index: int) -> Peticion:
    return s.execute(select(Peticion).where(Peticion.descripcion == f"Caso hostil {index}")).scalar_one()


def _newest(s, model):
    return s.execute(select(model).order_by(model.id.desc())).scalars().first()


async def _keys(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


def _expediente(index: int, key: str):
    async def open_dialog(pilot):
        with read_session(pilot.app.ctx.engine) as s:
            folio = _case(s, index).folio
        pilot.app.open_expediente(folio)
        await settle(pilot)
        await _keys(pilot, key)
    return open_dialog


def _admin_tab(steps: int, new: bool = True):
    async def open_tab(pilot):
        await _keys(pilot, "f7", *["right"] * steps, *(["n"] if new else []))
    return open_tab


async def _buzon_sheet(pilot):
    await _keys(pilot, "f5", "1", "tab", "tab")
    await type_text(pilot, "1")
    await _keys(pilot, "enter")
    assert "Recolección" in str(pilot.app.screen.query_one("#bz-collect-status").render())


def _columns(row, names: tuple[str, ...], prefix: str = "#") -> dict[str, str]:
    return {f"{prefix}{name}": getattr(row, name) for name in names}


@dataclass
class Form:
    """One form: who opens it and how, its text fields, where it complains, and where each field is saved."""

    usuario: str
    open: Callable
    fields: tuple[str, ...]
    long: str
    error: str
    saved: Callable[[object], dict[str, str]]
    invalid: dict[str, str] = field(default_factory=dict)
    refusal: str = ""
    stored_as: Callable[[str, str], str] = lambda name, value: clean_text(value)
    prefill: dict[str, str] = field(default_factory=dict)
    echoed: bool = True
    """Whether the screen after saving shows a saved value (masked personal data and log-only notes are not)."""


def _saved_petition(s) -> dict[str, str]:
    return _columns(_newest(s, Peticion), (*PERSON, "servidor_publico", "descripcion"))


FORMS = {
    "nueva_peticion": Form(
        "oficial", lambda pilot: _keys(pilot, "f2"),
        tuple(f"#{name}" for name in (*PERSON, "servidor_publico", "descripcion", "recibida")), "#descripcion",
        "#in-error", _saved_petition,
        invalid={**{f"#{name}": "" for name in CHECKED}, "#recibida": "2026-11-20 09:55"},
        refusal="No se guardó: corrija Recibida, CURP, Teléfono, Correo electrónico, Código postal"),
    "datos_del_peticionario": Form(
        "oficial", _expediente(0, "e"), tuple(f"#person-{name}" for name in PERSON), "#person-calle", "#action-error",
        lambda s: _columns(_case(s, 0), PERSON, "#person-"),
        invalid={f"#person-{name}": "" for name in CHECKED}, refusal="Corrija los campos marcados con ✗.", echoed=False),
    "intento_de_contacto": Form(
        "oficial", _expediente(0, "i"), ("#contact-resultado",), "#contact-resultado", "#action-error",
        lambda s: {"#contact-resultado": _personal_of_event(s, "intento_completar_datos")["resultado"]}, echoed=False),
    "declinacion": Form(
        "oficial", _expediente(1, "d"), ("#reason-text",), "#reason-text", "#action-error",
        lambda s: {"#reason-text": _newest(s, Declinacion).motivo}),
    "prorroga": Form(
        "oficial", _expediente(2, "p"), ("#prorroga-motivo", "#prorroga-fecha"), "#prorroga-motivo", "#action-error",
        lambda s: {"#prorroga-motivo": _newest(s, Prorroga).motivo},
        invalid={"#prorroga-fecha": "27/11/2026"}, refusal="Nueva fecha: escriba la fecha como dd/mm/aaaa"),
    "respuesta": Form(
        "oficial", _expediente(3, "r"),
        ("#answer-texto", "#answer-solucion", "#answer-firmante", "#answer-cargo", "#answer-telefono"),
        "#answer-solucion", "#action-error",
        lambda s: {f"#answer-{name}": getattr(_newest(s, Respuesta), column) for name, column in (
            ("texto", "texto"), ("solucion", "solucion"), ("firmante", "firmante_nombre"), ("cargo", "firmante_cargo"),
            ("telefono", "firmante_telefono"))}),
    "notificacion": Form(
        "oficial", _expediente(4, "n"), ("#notify-detalle",), "#notify-detalle", "#action-error",
        lambda s: {"#notify-detalle": _newest(s, Notificacion).detalle}, echoed=False),
    "urgencia_a_mano": Form(
        "oficial", _expediente(0, "u"), ("#raise-motivo",), "#raise-motivo", "#action-error",
        lambda s: {"#raise-motivo": _personal_of_event(s, "urgencia_manual")["motivo"]}, echoed=False),
    "entrega_en_persona": Form(
        "oficial", _expediente(4, "t"), ("#deliver-nombre", "#deliver-numero"), "#deliver-numero", "#action-error",
        lambda s: {"#deliver-nombre": _newest(s, Notificacion).recibe_nombre,
                   "#deliver-numero": _newest(s, Notificacion).identificacion_numero}, echoed=False),
    "hoja_de_buzon": Form(
        "oficial", _buzon_sheet,
        ("#nombre", "#primer_apellido", "#segundo_apellido", "#telefono", "#correo", "#bz-descripcion",
         "#servidor_publico"), "#bz-descripcion", "#bz-sheet-status",
        lambda s: _columns(_newest(s, Peticion), ("nombre", "primer_apellido", "segundo_apellido", "servidor_publico"))
        | {"#bz-descripcion": _newest(s, Peticion).descripcion},
        invalid={"#telefono": "", "#correo": ""}, refusal="Corrija antes de registrar", echoed=False),
    "datos_de_la_unidad": Form(
        "admin", _admin_tab(0, new=False),
        tuple(f"#u-{name}" for name in ("nombre", "tipo", "domicilio", "lugar", "director_nombre", "director_cargo",
                                        "director_telefono")), "#u-domicilio", "#admin-status",
        lambda s: _columns(s.get(Unidad, 1), ("nombre", "tipo", "domicilio", "lugar", "director_nombre",
                                              "director_cargo", "director_telefono"), "#u-"),
        invalid={"#u-director_telefono": "5550001234"}, refusal="Teléfono del director"),
    "nueva_area": Form(
        "admin", _admin_tab(1),
        tuple(f"#f-{name}" for name in ("nombre", "enlace_nombre", "enlace_correo", "enlace_telefono",
                                        "superior_nombre", "superior_cargo", "superior_correo")),
        "#f-superior_cargo", "#form-error",
        lambda s: _columns(_newest(s, Area), ("nombre", "enlace_nombre", "superior_nombre", "superior_cargo"), "#f-"),
        invalid={"#f-enlace_correo": "", "#f-enlace_telefono": "", "#f-superior_correo": ""},
        refusal="Correo del enlace: el correo electrónico no es válido"),
    "nuevo_buzon": Form(
        "admin", _admin_tab(2), ("#f-clave", "#f-ubicacion"), "#f-ubicacion", "#form-error",
        lambda s: _columns(_newest(s, Buzon), ("clave", "ubicacion"), "#f-"),
        stored_as=lambda name, value: clean_text(value).upper() if name == "#f-clave" else clean_text(value)),
    "nuevo_usuario": Form(
        "admin", _admin_tab(3), ("#f-nombre", "#f-usuario"), "#f-nombre", "#form-error",
        lambda s: {"#f-nombre": _newest(s, Usuario).nombre},
        invalid={"#f-usuario": "generado.hostil"}, refusal="El nombre de usuario admite hasta 40 letras",
        prefill={"#f-pin": "864213", "#f-pin_confirmacion": "864213"}),
    "dia_inhabil": Form(
        "admin", _admin_tab(4), ("#f-motivo", "#f-fundamento", "#f-fecha"), "#f-fundamento", "#form-error",
        lambda s: _columns(s.execute(select(DiaInhabil).where(DiaInhabil.fecha == date(2026, 12, 24))).scalar_one(),
                           ("motivo", "fundamento"), "#f-"),
        invalid={"#f-fecha": "24/12/2026"}, refusal="Escriba la fecha como dd/mm/aaaa"),
}


def _value(widget) -> str:
    return widget.text if isinstance(widget, TextArea) else widget.value


def _clear(widget) -> None:
    if isinstance(widget, TextArea):
        widget.clear()
    else:
        widget.value = ""


async def _paste(pilot, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def _fill(pilot, form: Form) -> dict[str, str]:
    """The first field typed key by key, then pasted into; every other field pasted; returns what was put in each."""
    app = pilot.app
    put = {}
    for index, selector in enumerate(form.fields):
        widget = app.screen.query_one(selector)
        _clear(widget)
        widget.focus()
        await pilot.pause()
        if index == 0:
            await type_text(pilot, MARKUP)
            await pilot.pause()
            assert MARKUP in screen_text(app), "markup typed into a field shows as typed"
            await _paste(pilot, COMBINED.removeprefix(MARKUP))
            put[selector] = COMBINED
        else:
            put[selector] = ""
        if selector == form.long:
            await _paste(pilot, LONG)
            put[selector] += LONG
        elif index:
            await _paste(pilot, COMBINED)
            put[selector] += COMBINED
    for selector, value in form.prefill.items():
        app.screen.query_one(selector, Input).value = value
    await settle(pilot)
    return put


@pytest.mark.parametrize("name", FORMS)
async def test_hostile_text_is_shown_literally_and_saved_as_typed(app_factory, template, tmp_path, name):
    form = FORMS[name]
    shutil.copy(template, tmp_path / "desk.sqlite3")
    app = app_factory()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        # Signing in is not under test here: its fields are filled at once.
        app.screen.query_one("#usuario", Input).value = form.usuario
        pin = app.screen.query_one("#pin", Input)
        pin.value = "246810"
        pin.focus()
        await _keys(pilot, "enter")
        assert type(app.screen).__name__ == "HomeScreen"
        await form.open(pilot)
        screen = app.screen
        put = await _fill(pilot, form)
        shown = {selector: _value(screen.query_one(selector)) for selector in form.fields}
        assert shown == {selector: value.replace("\x1b", "") for selector, value in put.items()}, \
            "a paste keeps everything but the escape character"
        text = screen_text(app)
        assert "\x1b" not in text and "مرحبا" in text and "🚑" in text

        await _keys(pilot, "ctrl+s")
        if form.invalid:
            assert app.screen is screen, "a refused form stays open"
            assert form.refusal in str(screen.query_one(form.error).render())
            assert {selector: _value(screen.query_one(selector)) for selector in form.fields} == shown, \
                "the form keeps what was typed"
            for selector, value in form.invalid.items():
                screen.query_one(selector, Input).value = value
            await _keys(pilot, "ctrl+s")
        if form.echoed:
            assert MARKUP in screen_text(app), "the saved text is shown back literally"
    with read_session(app.ctx.engine) as s:
        saved = {selector: value for selector, value in form.saved(s).items() if selector not in form.invalid}
    assert set(saved) == set(form.fields) - set(form.invalid), "every field but the corrected ones is checked"
    assert saved == {selector: form.stored_as(selector, shown[selector]) for selector in saved}
