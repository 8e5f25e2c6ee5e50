"""Autocompletion on the intake form from what the desk typed before; municipio and estado from the código postal."""

from weakref import WeakKeyDictionary

from textual import events, on
from textual.suggester import SuggestFromList
from textual.widgets import Input
from textual.widgets.input import Selection

from services.typed_before import TypedBefore, typed_before
from tui.context import desk
from tui.intake_checks import normalized
from tui.intake_parts import IntakeParts
from tui.widgets.suggesters import DomainSuggester, PostalCodeSuggester
from tui.work import call

# Values the desk typed before, per running app: read once in a worker, refreshed each time the form opens.
TYPED_BEFORE: "WeakKeyDictionary[object, TypedBefore]" = WeakKeyDictionary()
SUGGESTED_FIELDS = ("calle", "colonia", "municipio", "entidad", "servidor_publico")


class PlaceFilling(IntakeParts):
    """Suggestions in the intake screen's fields, and the place filled in from a known código postal or municipio."""

    typed: TypedBefore | None
    _autofilled: dict[str, tuple[str, str]]

    def _read_typed_before(self) -> None:
        """Use what this app already read at once, and read it again in a worker."""
        if self.app in TYPED_BEFORE:
            self._use_typed(TYPED_BEFORE[self.app])
        call(self, typed_before, on_done=self._use_typed, group="typed-before", exclusive=True,
             unidad_id=desk(self).unidad_id)

    def _use_typed(self, typed: TypedBefore) -> None:
        TYPED_BEFORE[self.app] = self.typed = typed
        lists = (typed.calles, typed.colonias, typed.municipios, typed.entidades, typed.servidores)
        for name, values in zip(SUGGESTED_FIELDS, lists):
            self.query_one(f"#{name}", Input).suggester = SuggestFromList(values, case_sensitive=False)
        self.query_one("#correo", Input).suggester = DomainSuggester(typed.dominios)
        colonia = self.query_one("#colonia", Input)
        self.query_one("#codigo_postal", Input).suggester = PostalCodeSuggester(
            lambda: typed.codes_of_colonia.get(colonia.value.strip().casefold(), []))

    def _fill_place(self, name: str, value: str) -> None:
        """A known código postal fills municipio and estado, a known municipio the estado, unless the officer typed
        them; a value filled in this way says where it came from and goes away if its source changes."""
        if self.typed is None:
            return
        if name == "codigo_postal":
            place = self.typed.place_of_code.get(str(normalized("codigo_postal", value)))
            targets, source = {"municipio": place[0] if place else "", "entidad": place[1] if place else ""}, "del CP"
        elif "municipio" in self._autofilled:
            return
        else:
            state = self.typed.state_of_municipio.get(value.strip().casefold(), "")
            targets, source = {"entidad": state}, "del municipio"
        for target, new in targets.items():
            field = self.query_one(f"#{target}", Input)
            filled, filled_from = self._autofilled.get(target, ("", ""))
            if field.disabled or (field.value and filled != field.value):
                continue
            if filled and filled_from != source and source == "del municipio":
                # The código postal says more than the municipio: what it filled in stays.
                continue
            if new:
                self._autofilled[target] = (new, source)
            elif self._autofilled.pop(target, None) is None:
                continue
            field.border_subtitle = source if new else ""
            field.value = new
            field.cursor_position = len(new)

    @on(events.DescendantFocus)
    def _offer_filled(self, event: events.DescendantFocus) -> None:
        """Entering a filled-in field selects it: what the officer types replaces the desk's guess whole."""
        field = event.widget
        if isinstance(field, Input) and field.id in self._autofilled and field.value == self._autofilled[field.id][0]:
            field.selection = Selection(0, len(field.value))

    def _forget_filled(self, field: Input, value: str) -> None:
        """A filled-in value the officer changed is theirs now, and no longer says where it came from."""
        if field.id in self._autofilled and value != self._autofilled[field.id][0]:
            del self._autofilled[field.id]
            field.border_subtitle = ""
