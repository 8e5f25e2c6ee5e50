"""The intake form's draft on disk: written as typing pauses, recovered when the form opens, never registered twice."""

import time
from datetime import datetime

from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select, TextArea

from models.enums import Canal, Tipo
from services import drafts
from services.calendar import now_utc
from services.dates import clock_text, day_text
from services.errors import os_reason
from services.intake import registered_from_draft
from services.triage import CATEGORY_LABELS, assess
from tui.context import desk
from tui.intake_checks import CHECKED_FIELDS, TEXT_FIELDS
from tui.intake_parts import IntakeParts
from tui.work import call

DRAFT_STAMP = "guardado_en"
# One token per petition being typed, kept in its draft and recorded with its registration.
DRAFT_TOKEN = "ficha"
# The draft is written once typing pauses for a second, and at the latest three seconds after the first unsaved
# change: an officer who types without pausing still loses no more than that if the desk dies.
DRAFT_PAUSE_SECONDS = 1.0
DRAFT_MAX_DELAY_SECONDS = 3.0


def saved_at_text(stamp: object) -> str:
    """«20/11/2026 a las 10:00» for the draft's stamp, or «trabajo anterior» when it has none that reads."""
    try:
        moment = datetime.fromisoformat(str(stamp)) if stamp else None
        if moment is None:
            return "trabajo anterior"
    except (TypeError, ValueError):
        return "trabajo anterior"
    return f"{day_text(moment)} a las {clock_text(moment)}"


def has_content(fields: dict) -> bool:
    """Whether the form holds anything typed worth keeping."""
    return any(str(fields.get(name, "")).strip() for name in (*TEXT_FIELDS, "descripcion"))


class DraftKeeping(IntakeParts):
    """What the intake screen shows, as plain values kept on disk until the petition is registered or thrown away."""

    given_draft: dict | None
    draft_token: str
    manual: str | None
    cleared: str | None
    cleared_matches: frozenset[str]
    touched: set[str]
    _draft_timer: Timer | None
    _draft_deadline: float | None
    _draft_written: dict | None
    _draft_failed: bool
    _fields_now: dict

    def _fields(self) -> dict:
        fields: dict[str, object] = {name: self.query_one(f"#{name}", Input).value for name in ("recibida", *TEXT_FIELDS)}
        fields.update(
            tipo=str(self.query_one("#tipo", Select).value), canal=str(self.query_one("#canal", Select).value),
            descripcion=self.query_one("#descripcion", TextArea).text,
            aviso_privacidad=self.query_one("#aviso_privacidad", Checkbox).value,
            anonima=self.query_one("#anonima", Checkbox).value,
            urgencia_manual=self.manual or "", urgencia_descartada=self.cleared or "",
        )
        return fields

    def _recover_draft(self) -> None:
        """Put back the draft given or left on disk, and check it was not registered before the desk closed."""
        draft = self.given_draft if self.given_draft is not None else self._load_draft()
        if not draft:
            return
        self._restore(draft)
        self.app.notify(f"Se recuperó el borrador del {saved_at_text(draft.get(DRAFT_STAMP))}.", title="Borrador")
        if isinstance(draft.get(DRAFT_TOKEN), str):
            self.draft_token = draft[DRAFT_TOKEN]
            call(self, registered_from_draft, on_done=self._already_registered, group="draft-check",
                 actor=desk(self).actor, borrador=self.draft_token)

    def _restore(self, draft: dict) -> None:
        for name in ("recibida", *TEXT_FIELDS):
            if isinstance(draft.get(name), str):
                self.query_one(f"#{name}", Input).value = draft[name]
        for name, kind in (("tipo", Tipo), ("canal", Canal)):
            if draft.get(name) in {item.value for item in kind}:
                self.query_one(f"#{name}", Select).value = draft[name]
        if isinstance(draft.get("descripcion"), str):
            self.query_one("#descripcion", TextArea).load_text(draft["descripcion"])
        for name in ("aviso_privacidad", "anonima"):
            self.query_one(f"#{name}", Checkbox).value = bool(draft.get(name))
        manual, cleared = draft.get("urgencia_manual"), draft.get("urgencia_descartada")
        self.manual = manual if manual in CATEGORY_LABELS else None
        self.cleared = cleared if isinstance(cleared, str) and cleared.strip() else None
        self.triage = assess(self.query_one("#descripcion", TextArea).text)
        self.cleared_matches = frozenset(self.triage.matches) if self.cleared else frozenset()
        self._set_anonymous(bool(draft.get("anonima")))
        for name in ("recibida", *CHECKED_FIELDS):
            if self.query_one(f"#{name}", Input).value.strip():
                self.touched.add(name)
                self._show_check(name)

    def _load_draft(self) -> dict | None:
        ctx = desk(self)
        return drafts.load(ctx.data_dir, ctx.usuario)

    def _changed(self) -> None:
        self._fields_now = self._fields()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        now = time.monotonic()
        if self._draft_deadline is None:
            self._draft_deadline = now + DRAFT_MAX_DELAY_SECONDS
        left = self._draft_deadline - now
        if left <= 0:
            # Past the deadline the draft is written now: a Textual timer of zero seconds divides by zero when late.
            self._draft_timer = None
            self._write_draft()
            return
        self._draft_timer = self.set_timer(min(DRAFT_PAUSE_SECONDS, left), self._write_draft)

    def _write_draft(self) -> None:
        self._draft_deadline = None
        fields = self._fields_now
        if fields == self._draft_written:
            return
        ctx = desk(self)
        try:
            if has_content(fields):
                drafts.save(ctx.data_dir, ctx.usuario,
                            {**fields, DRAFT_STAMP: now_utc().isoformat(), DRAFT_TOKEN: self.draft_token})
            else:
                drafts.discard(ctx.data_dir, ctx.usuario)
        except OSError as problem:
            if not self._draft_failed:
                self._draft_failed = True
                self.app.notify(f"No se pudo guardar el borrador en disco ({os_reason(problem)}).",
                                title="Borrador", severity="warning", timeout=10)
            return
        self._draft_written = fields

    def _flush_draft(self) -> None:
        """Write what is pending at once, as the form is left."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._write_draft()

    def _already_registered(self, folio: str | None) -> None:
        # The terminal closed after the petition was saved but before its folio was shown.
        if folio is None:
            return
        self._discard_draft()
        self._clear()
        self.app.notify(f"Ese borrador ya se había registrado con el folio {folio} (el equipo se cerró antes de "
                        "mostrarlo); no se registra dos veces. Búsquelo en la bandeja.",
                        title="Ya registrado", severity="warning", timeout=15)

    def _discard_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_deadline = None
        ctx = desk(self)
        try:
            drafts.discard(ctx.data_dir, ctx.usuario)
        except OSError:
            return
