"""Administración (F7): the unit, áreas, buzones, users, días inhábiles, terms, printer and mail server; administrators
only."""

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Footer, Input, Static, TabbedContent, TabPane, Tabs

from models.enums import ROL_LABELS, TIPO_LABELS, Reloj, Tipo
from services.actor import may
from services.calendar import WEEKDAYS, local_date, now_utc
from services.catalogs import areas, mailboxes, term_settings, units, users
from services.dates import clock_text, day_text, moment_text
from services.inhabiles import add_day, remove_day
from services.terms import beyond_guide, guide_limit
from tui.admin_mail import MAIL_HELP, MailTab
from tui.admin_printer import PRINTER_HELP, PrinterTab
from tui.admin_rows import AdminData, day_key, day_value, days_value, load_admin, pins_match, state
from tui.context import desk
from tui.dialogs.admin_form import FormDialog, FormField
from tui.dialogs.common import ConfirmDialog
from tui.widgets.desk_header import DeskHeader
from tui.work import call

UNIT_FORM = (
    ("nombre", "Nombre de la unidad"), ("tipo", "Tipo de unidad"), ("domicilio", "Domicilio"),
    ("lugar", "Lugar (para los oficios)"), ("director_nombre", "Nombre del director o encargado"),
    ("director_cargo", "Cargo del director"), ("director_telefono", "Teléfono del director (10 dígitos)"),
)
AREA_FORM = (
    ("nombre", "Nombre del área"), ("enlace_nombre", "Enlace: nombre"), ("enlace_correo", "Enlace: correo electrónico"),
    ("enlace_telefono", "Enlace: teléfono (10 dígitos)"), ("superior_nombre", "Superior jerárquico: nombre"),
    ("superior_cargo", "Superior jerárquico: cargo"), ("superior_correo", "Superior jerárquico: correo electrónico"),
)
TERM_TIPOS = ("", *(t.value for t in Tipo))
TIPO_SHORT = {Tipo.INCONFORMIDAD: "Inconf.", Tipo.RECONOCIMIENTO: "Reconoc.", Tipo.SUGERENCIA: "Suger.",
              Tipo.SOLICITUD_SERVICIO: "Solicitud", Tipo.ORIENTACION: "Orient."}
HELP = {
    "tab-unidad": "Tab: siguiente campo · Ctrl+S o Enter en el último campo: guardar los datos de la unidad.",
    "tab-areas": "N: nueva área · Enter: editar enlace y superior · D: desactivar o reactivar.",
    "tab-buzones": "N: nuevo buzón · D: desactivar o reactivar (un buzón inactivo no cuenta para el L1).",
    "tab-usuarios": "N: nuevo usuario · P: restablecer PIN · B: desbloquear (intentos fallidos) · D: desactivar o reactivar.",
    "tab-inhabiles": "N: agregar un día inhábil · Q: quitar uno declarado (se recuentan los vencimientos en curso que "
                     "lo incluyan). Los feriados de ley se muestran aparte y no se quitan.",
    "tab-plazos": "Días hábiles por plazo; — = sin ajuste (rige la guía). Flechas: elegir plazo y tipo · Enter: "
                  "ajustar. Aplica a los plazos que se abran desde ahora.",
    "tab-impresora": PRINTER_HELP,
    "tab-correo": MAIL_HELP,
}
PANE_ACTIONS = {
    "new": {"tab-areas", "tab-buzones", "tab-usuarios", "tab-inhabiles"},
    "toggle_row": {"tab-areas", "tab-buzones", "tab-usuarios"},
    "remove_day": {"tab-inhabiles"},
    "reset_pin": {"tab-usuarios"},
    "unlock": {"tab-usuarios"},
    "save_unit": {"tab-unidad"},
    "printer": {"tab-impresora"},
    "mail": {"tab-correo"},
    "mail_probe": {"tab-correo"},
}


class AdminScreen(PrinterTab, MailTab):
    """The administrator's tabs; any other role sees only the refusal."""

    CSS_PATH = "admin.tcss"
    BINDINGS = [
        Binding("n", "new", "Nuevo"),
        Binding("d", "toggle_row", "Desactivar/reactivar"),
        Binding("q", "remove_day", "Quitar día"),
        Binding("p", "reset_pin", "Restablecer PIN"),
        Binding("b", "unlock", "Desbloquear"),
        Binding("ctrl+s", "save_unit", "Guardar"),
        Binding("i", "printer", "Impresora"),
        Binding("c", "mail", "Configurar correo"),
        Binding("v", "mail_probe", "Verificar"),
        Binding("escape", "back", "Volver"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: AdminData | None = None

    @property
    def allowed(self) -> bool:
        """Only a role that may keep the catalogs (the administrator) uses this screen."""
        return may(desk(self).signed_in, "catalogos")

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        if not self.allowed:
            yield Static(Text(f"Esta pantalla requiere el rol de administrador; su rol es "
                              f"{ROL_LABELS[desk(self).signed_in.rol]}."), id="admin-refusal", classes="error")
            yield Footer()
            return
        with TabbedContent(id="admin-tabs"):
            with TabPane("Unidad", id="tab-unidad"), VerticalScroll(id="admin-unit-form", can_focus=False):
                for name, _ in UNIT_FORM:
                    yield Input(id=f"u-{name}")
                with Horizontal(id="admin-unit-buttons"):
                    yield Button("Guardar (Ctrl+S)", id="admin-unit-save", variant="primary", compact=True)
            with TabPane("Áreas", id="tab-areas"):
                yield DataTable(id="admin-areas", cursor_type="row", zebra_stripes=True)
            with TabPane("Buzones", id="tab-buzones"):
                yield DataTable(id="admin-buzones", cursor_type="row", zebra_stripes=True)
            with TabPane("Usuarios", id="tab-usuarios"):
                yield DataTable(id="admin-usuarios", cursor_type="row", zebra_stripes=True)
            with TabPane("Días inhábiles", id="tab-inhabiles"):
                yield DataTable(id="admin-inhabiles", cursor_type="row", zebra_stripes=True)
            with TabPane("Plazos", id="tab-plazos"):
                yield DataTable(id="admin-plazos", cursor_type="cell", zebra_stripes=True)
            yield from self.printer_pane()
            yield from self.mail_pane()
        yield Static("", id="admin-help")
        yield Static("", id="admin-status")
        yield Footer()

    def on_mount(self) -> None:
        if not self.allowed:
            return
        for name, label in UNIT_FORM:
            self.query_one(f"#u-{name}", Input).border_title = label
        self.query_one("#admin-areas", DataTable).add_columns(
            "Estado", "Área", "Enlace", "Correo del enlace", "Teléfono", "Superior jerárquico", "Cargo del superior")
        self.query_one("#admin-buzones", DataTable).add_columns("Estado", "Clave", "Ubicación")
        self.query_one("#admin-usuarios", DataTable).add_columns("Estado", "Usuario", "Nombre", "Rol")
        self.query_one("#admin-inhabiles", DataTable).add_columns("Fecha", "Día", "Motivo", "Fundamento", "Origen")
        terms = self.query_one("#admin-plazos", DataTable)
        # The plazo's name stays in view while the arrows move across the tipos; on 80 columns it is cut to fit.
        terms.fixed_columns = 1
        terms.add_column("Plazo (lineamiento)", width=46 if self.app.size.width >= 110 else 30)
        terms.add_columns("Guía (d.h.)", "Todos", *TIPO_SHORT.values())
        self._help()
        self._load()
        self.load_mail()

    def _load(self) -> None:
        ctx = desk(self)
        call(self, load_admin, on_done=self._show, group="admin", exclusive=True, actor=ctx.actor,
             unidad_id=ctx.unidad_id)

    @property
    def loaded(self) -> AdminData:
        """The catalogs shown; rows can be picked only once they are."""
        assert self.data is not None
        return self.data

    def _show(self, data: AdminData) -> None:
        first = self.data is None
        self.data = data
        if first:
            for name, _ in UNIT_FORM:
                self.query_one(f"#u-{name}", Input).value = getattr(data.unit, name) or ""
        self._fill("#admin-areas", [
            (str(a.id), state(a.activa), Text(a.nombre), Text(a.enlace_nombre), Text(a.enlace_correo),
             Text(a.enlace_telefono), Text(a.superior_nombre), Text(a.superior_cargo)) for a in data.areas])
        self._fill("#admin-buzones", [
            (str(b.id), state(b.activo), Text(b.clave), Text(b.ubicacion)) for b in data.buzones])
        self._fill("#admin-usuarios", [
            (str(u.id), self._user_state(u), Text(u.usuario), Text(u.nombre), Text(ROL_LABELS.get(u.rol, u.rol)))
            for u in data.users])
        self._fill("#admin-inhabiles", [
            (day_key(d), Text(day_text(d.fecha)), Text(WEEKDAYS[d.fecha.weekday()]), Text(d.motivo),
             Text(d.fundamento), Text("Declarado", style="bold") if d.declarado else Text("Feriado de ley", style="dim"))
            for d in data.days])
        self._fill("#admin-plazos", [
            (t.reloj, Text(t.fuente), Text(str(t.por_omision)),
             *(Text(str(t.ajustes[tipo]), style="bold") if tipo in t.ajustes else Text("—", style="dim")
               for tipo in TERM_TIPOS)) for t in data.terms])
        if first:
            self.query_one("#admin-plazos", DataTable).move_cursor(column=2, animate=False)

    @staticmethod
    def _user_state(user) -> Text:
        if not user.activo:
            return state(False)
        now = now_utc()
        if user.bloqueado_hasta is not None and user.bloqueado_hasta > now:
            until = user.bloqueado_hasta
            when = clock_text(until) if local_date(until) == local_date(now) else moment_text(until)
            return Text(f"⊘ bloqueado hasta {when}", style="bold yellow")
        return state(True)

    def _fill(self, selector: str, rows: list[tuple]) -> None:
        table = self.query_one(selector, DataTable)
        cursor = table.cursor_coordinate
        table.clear()
        for key, *cells in rows:
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(cursor.row, len(rows) - 1), column=cursor.column, animate=False)

    def _active_pane(self) -> str:
        return self.query_one("#admin-tabs", TabbedContent).active

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self._help()
        self.refresh_bindings()

    def _help(self) -> None:
        self.query_one("#admin-help", Static).update(Text(HELP.get(self._active_pane(), "")))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Show each key only on the tabs where it does something."""
        if action in PANE_ACTIONS:
            return self.allowed and self._active_pane() in PANE_ACTIONS[action]
        return True

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#admin-status", Static)
        status.set_class(error, "error")
        status.update(Text(("✗ " if error else "✓ ") + message))
        self.app.notify(message, severity="error" if error else "information", timeout=8 if error else 5)

    def _done(self, message: str):
        def after(result) -> None:
            if result is None:
                return
            self._status(message.format(result=result))
            self._load()
        return after

    def _selected_key(self, selector: str) -> str | None:
        table = self.query_one(selector, DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_save_unit(self) -> None:
        """Save the unit's data."""
        values: dict[str, Any] = {name: self.query_one(f"#u-{name}", Input).value for name, _ in UNIT_FORM}
        call(self, units.update_unit, write=True, on_done=self._unit_saved, on_error=lambda m: self._status(m, error=True),
             actor=desk(self).actor, unidad_id=desk(self).unidad_id, **values)

    def _unit_saved(self, unit) -> None:
        # The header and the documents read the unit from the context, so it must follow the change.
        desk(self).unidad = unit
        for name, _ in UNIT_FORM:
            self.query_one(f"#u-{name}", Input).value = getattr(unit, name) or ""
        self.query_one(DeskHeader).refresh_counts()
        self._status("Datos de la unidad guardados.")

    @on(Button.Pressed, "#admin-unit-save")
    def _save_button(self) -> None:
        self.action_save_unit()

    @on(Input.Submitted, "#admin-unit-form Input")
    def _unit_next(self, event: Input.Submitted) -> None:
        if event.input.id == f"u-{UNIT_FORM[-1][0]}":
            self.action_save_unit()
        else:
            self.focus_next()

    def action_new(self) -> None:
        """Add a row to the catalog on the active tab."""
        ctx, pane = desk(self), self._active_pane()
        if pane == "tab-areas":
            dialog = FormDialog("Nueva área", [FormField(name, label) for name, label in AREA_FORM], areas.add_area,
                                fixed={"actor": ctx.actor, "unidad_id": ctx.unidad_id})
            self.app.push_screen(dialog, self._done("Área «{result.nombre}» creada."))
        elif pane == "tab-buzones":
            dialog = FormDialog("Nuevo buzón", [FormField("clave", "Clave", placeholder="p. ej. B-04"),
                                                FormField("ubicacion", "Ubicación")],
                                mailboxes.add_buzon, fixed={"actor": ctx.actor, "unidad_id": ctx.unidad_id})
            self.app.push_screen(dialog, self._done("Buzón {result.clave} creado."))
        elif pane == "tab-usuarios":
            roles = tuple((ROL_LABELS[r].capitalize(), r.value) for r in users.ASSIGNABLE_ROLES)
            fields = [FormField("usuario", "Usuario (para entrar)"), FormField("nombre", "Nombre completo"),
                      FormField("rol", "Rol", options=roles),
                      FormField("pin", "PIN (6 a 12 dígitos)", password=True),
                      FormField("pin_confirmacion", "Confirme el PIN", password=True)]
            dialog = FormDialog("Nuevo usuario", fields, users.add_user, convert=pins_match,
                                fixed={"actor": ctx.actor, "unidad_id": ctx.unidad_id})
            self.app.push_screen(dialog, self._done("Usuario «{result.usuario}» creado."))
        elif pane == "tab-inhabiles":
            fields = [FormField("fecha", "Fecha (dd/mm/aaaa)"), FormField("motivo", "Motivo"),
                      FormField("fundamento", "Fundamento (DOF, acuerdo…)")]
            dialog = FormDialog("Agregar día inhábil", fields, add_day, convert=day_value, fixed={"actor": ctx.actor},
                                note="Los vencimientos en curso que incluyan ese día se recorren un día hábil.")
            self.app.push_screen(dialog, self._done("Día inhábil registrado: se movieron {result} vencimientos abiertos."))

    @on(DataTable.RowSelected, "#admin-areas")
    def _edit_area(self, event: DataTable.RowSelected) -> None:
        area = next(a for a in self.loaded.areas if str(a.id) == event.row_key.value)
        fields = [FormField(name, label, value=getattr(area, name) or "") for name, label in AREA_FORM]
        dialog = FormDialog(f"Área «{area.nombre}»", fields, areas.update_area,
                            fixed={"actor": desk(self).actor, "area_id": area.id})
        self.app.push_screen(dialog, self._done("Área «{result.nombre}» guardada."))

    @on(DataTable.CellSelected, "#admin-plazos")
    def _edit_term(self, event: DataTable.CellSelected) -> None:
        term = next(t for t in self.loaded.terms if t.reloj == event.cell_key.row_key.value)
        tipo = TERM_TIPOS[max(0, event.coordinate.column - 2)]
        tipo_label = TIPO_LABELS[Tipo(tipo)] if tipo else "todos los tipos"
        current = term.ajustes.get(tipo)
        dialog = FormDialog(
            f"{term.fuente} — {tipo_label}", [FormField("dias", "Días hábiles", value="" if current is None else str(current),
                                                        placeholder="vacío = sin ajuste")],
            term_settings.set_term, convert=days_value, fixed={"actor": desk(self).actor, "reloj": term.reloj, "tipo": tipo},
            note=f"{guide_limit(Reloj(term.reloj)) or 'La guía no fija este plazo'}. Aplica a los plazos que se abran "
                 "desde ahora; los vencimientos ya calculados no cambian.",
            confirm_when=lambda values: beyond_guide(term.reloj, values["dias"]))
        self.app.push_screen(dialog, self._done(f"Plazo de «{term.fuente}» para {tipo_label} guardado."))

    def action_toggle_row(self) -> None:
        """Deactivate the selected row (or reactivate it), after confirming."""
        ctx, pane = desk(self), self._active_pane()
        if pane == "tab-areas" and (key := self._selected_key("#admin-areas")):
            area = next(a for a in self.loaded.areas if str(a.id) == key)
            verb = "Desactivar" if area.activa else "Reactivar"
            self._confirm(f"¿{verb} el área «{area.nombre}»?" + (
                " Ya no se le podrán canalizar peticiones; las que tiene abiertas siguen su curso." if area.activa else ""),
                areas.set_area_active, f"Área «{area.nombre}» {'desactivada' if area.activa else 'reactivada'}.",
                actor=ctx.actor, area_id=area.id, activa=not area.activa)
        elif pane == "tab-buzones" and (key := self._selected_key("#admin-buzones")):
            buzon = next(b for b in self.loaded.buzones if str(b.id) == key)
            verb = "Desactivar" if buzon.activo else "Reactivar"
            self._confirm(f"¿{verb} el buzón {buzon.clave} ({buzon.ubicacion})?", mailboxes.set_buzon_active,
                          f"Buzón {buzon.clave} {'desactivado' if buzon.activo else 'reactivado'}.",
                          actor=ctx.actor, buzon_id=buzon.id, activo=not buzon.activo)
        elif pane == "tab-usuarios" and (key := self._selected_key("#admin-usuarios")):
            user = next(u for u in self.loaded.users if str(u.id) == key)
            verb = "Desactivar" if user.activo else "Reactivar"
            self._confirm(f"¿{verb} al usuario «{user.usuario}» ({user.nombre})?", users.set_user_active,
                          f"Usuario «{user.usuario}» {'desactivado' if user.activo else 'reactivado'}.",
                          actor=ctx.actor, user_id=user.id, activo=not user.activo)

    def action_remove_day(self) -> None:
        """Remove the selected día inhábil, after confirming: it counts again and the terms spanning it shorten."""
        if key := self._selected_key("#admin-inhabiles"):
            day = next(d for d in self.loaded.days if day_key(d) == key)
            fecha = day.fecha
            if not day.declarado:
                self._status(f"El {day_text(fecha)} es feriado de ley ({day.motivo}); no se puede quitar. Solo se "
                             "quitan los días inhábiles declarados.", error=True)
                return
            self._confirm(f"¿Quitar el {day_text(fecha)} de los días inhábiles? Vuelve a contar como día hábil y los "
                          "vencimientos en curso que lo incluyan se recuentan.", remove_day,
                          "Día inhábil quitado: se movieron {result} vencimientos.", actor=desk(self).actor, fecha=fecha)

    def _confirm(self, question: str, service, message: str, **kwargs) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                call(self, service, write=True, on_done=self._done(message),
                     on_error=lambda m: self._status(m, error=True), **kwargs)

        self.app.push_screen(ConfirmDialog(question), answered)

    def action_back(self) -> None:
        """From a tab's form or table back to the tab bar (nothing typed is lost); from the tab bar, leave."""
        tabs = self.query_one(TabbedContent).query_one(Tabs)
        if self.focused is not None and self.focused is not tabs:
            tabs.focus()
            return
        self.app.pop_screen()

    def action_reset_pin(self) -> None:
        """Give the selected user a new PIN."""
        key = self._selected_key("#admin-usuarios")
        if key is None:
            return
        user = next(u for u in self.loaded.users if str(u.id) == key)
        fields = [FormField("pin", "PIN nuevo (6 a 12 dígitos)", password=True),
                  FormField("pin_confirmacion", "Confirme el PIN", password=True)]
        dialog = FormDialog(f"Restablecer el PIN de «{user.usuario}»", fields, users.reset_pin, convert=pins_match,
                            fixed={"actor": desk(self).actor, "user_id": user.id},
                            note="Dé el PIN a la persona en privado; también se levanta el bloqueo por intentos fallidos.")
        self.app.push_screen(dialog, self._done("PIN de «{result.usuario}» restablecido."))

    def action_unlock(self) -> None:
        """Lift the selected user's lockout by failed sign-ins, after confirming."""
        key = self._selected_key("#admin-usuarios")
        if key is None:
            return
        user = next(u for u in self.loaded.users if str(u.id) == key)
        self._confirm(f"¿Desbloquear al usuario «{user.usuario}» ({user.nombre})? Podrá entrar de inmediato y se "
                      "olvidan sus intentos fallidos.", users.unlock_user, f"Usuario «{user.usuario}» desbloqueado.",
                      actor=desk(self).actor, user_id=user.id)

