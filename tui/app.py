"""The MOAD Desk application: first run, sign-in, idle lock, header, F-keys and the command palette."""

import importlib
import logging
import time
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.worker import WorkerFailed

from tui import key_order
from tui.browser_focus import focus_screen_field
from tui.context import DeskContext
from tui.desk_commands import DeskCommands
from tui.mail_round import MAIL_EVERY_SECONDS, start_mail_round
from tui.message_loops import keep_message_loops_alive
from tui.work import without_values

log = logging.getLogger("moad.tui")
key_order.install()
UNEXPECTED = ("Ocurrió un error inesperado; no se perdió lo escrito y puede seguir trabajando. "
              "El detalle quedó en el registro de la aplicación.")
# The same failure again within this many seconds (a widget failing on every repaint) is neither logged nor shown again.
REPEAT_QUIET_SECONDS = 10

SCREENS_BY_NAME = {
    "nueva": ("tui.screens.intake", "IntakeScreen", "Nueva petición", "Registrar una petición en el módulo"),
    "bandeja": ("tui.screens.queue", "QueueScreen", "Bandeja", "Peticiones con filtros y búsqueda"),
    "pendientes": ("tui.screens.escalation", "EscalationScreen", "Pendientes y escalamiento", "Lo que vence hoy o está vencido"),
    "buzones": ("tui.screens.buzones", "BuzonesScreen", "Buzones", "Recolecciones y captura de hojas de buzón"),
    "reportes": ("tui.screens.reports", "ReportsScreen", "Reportes", "Informe mensual (Anexo 1)"),
    "admin": ("tui.screens.admin", "AdminScreen", "Administración", "Unidad, áreas, usuarios, inhábiles, plazos, correo"),
}
# Screens that exist only for one permission: a role without it is told so at F2 or F6, not after typing a whole form.
SCREEN_PERMISSIONS = {"nueva": "registrar", "reportes": "reportes"}


@runtime_checkable
class Reopens(Protocol):
    """A kept screen that another screen can send somewhere (F4 → a buzón)."""

    def reopen(self, **kwargs: Any) -> None: ...


class MoadApp(App):
    """The desk: everything an officer, director, supervisor or administrator does, from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "MOAD Desk"
    COMMANDS = App.COMMANDS | {DeskCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = [
        Binding("f1", "help", "Ayuda"),
        Binding("f2", "open('nueva')", "Nueva"),
        Binding("f3", "open('bandeja')", "Bandeja"),
        Binding("f4", "open('pendientes')", "Pendientes"),
        Binding("f5", "open('buzones')", "Buzones"),
        Binding("f6", "open('reportes')", "Reportes"),
        Binding("f7", "open('admin')", "Admin"),
        Binding("ctrl+l", "lock", "Bloquear", priority=True),
        Binding("ctrl+q", "quit", "Salir", priority=True),
        Binding("ctrl+p", "command_palette", "Comandos", show=False, priority=True,
                tooltip="Abrir la paleta de comandos"),
    ]

    def __init__(self, ctx: DeskContext, *, idle_lock_seconds: float = 300, upgrade_notice: str | None = None,
                 needs_setup: bool | None = None):
        super().__init__()
        self.ctx = ctx
        self.needs_setup = needs_setup
        self.idle_lock_seconds = idle_lock_seconds
        self.upgrade_notice = upgrade_notice
        self.last_activity = time.monotonic()
        self.locked = False
        self._held_screens: list[tuple] = []
        self._held_notifications: list[tuple[str, dict]] = []
        self._last_unexpected: tuple[str, float] = ("", 0.0)
        self._desk_screens: set[str] = set()
        self.terminal_fd: int | None = None  # the real terminal, watched for a hang-up (run_app sets it; Pilot has none)
        keep_message_loops_alive()

    @property
    def session_open(self) -> bool:
        """Someone is signed in and the screen is not locked: only then can the app be left or the palette used."""
        return self.ctx.actor is not None and not self.locked

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Quitting and the palette exist only for a signed-in, unlocked session (the public sees the other screens)."""
        if action in ("quit", "command_palette"):
            return self.session_open
        return True

    async def action_quit(self) -> None:
        """Leave the desk, only at the request of a signed-in user."""
        if self.session_open:
            self.exit()

    def action_command_palette(self) -> None:
        """Open the palette for a signed-in, unlocked session."""
        from textual.command import CommandPalette

        from tui.widgets.palette import DeskPalette

        if self.session_open and not CommandPalette.is_open(self):
            self.push_screen(DeskPalette())

    def get_key_display(self, binding: Binding) -> str:
        """Keys in the footer as the officer reads them on the keyboard: «Ctrl+Q», «F1», «Esc» (not «^q», «f1»)."""
        from tui.keys import key_label

        return binding.key_display or key_label(binding.key)

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit; a signed-in user is told which key does."""
        if self.session_open:
            self.notify("Para salir de MOAD Desk use Ctrl+Q.", title="Salir")

    def on_mount(self) -> None:
        """Say whether the schema was upgraded, then ask for first-run set-up or sign-in."""
        from tui.themes import HIGH_CONTRAST

        self.register_theme(HIGH_CONTRAST)
        self.call_after_refresh(key_order.install_after_first_screen)
        if self.upgrade_notice:
            self.notify(self.upgrade_notice, title="Base de datos")
        self.set_interval(5, self._check_idle)
        self.set_interval(MAIL_EVERY_SECONDS, partial(start_mail_round, self))
        if self.terminal_fd is not None:
            from tui.terminal_watch import watch

            watch(self, self.terminal_fd)
        if self.needs_setup is not None:
            # Known at launch (read without SQLAlchemy): the first screen goes up now, the database layer loads after.
            self._start(self.needs_setup)
            self.screen.call_after_refresh(self._warm_up)
            return
        from services.setup import needs_setup
        from tui.work import call

        call(self, needs_setup, on_done=self._start)

    def _warm_up(self) -> None:
        # While the officer types: what signing in needs, so that «Entrar» does not wait for the imports.
        self.run_worker(self.ctx.warm_up, thread=True, group="arranque", exit_on_error=False)

    def _start(self, needs: bool) -> None:
        if needs:
            from tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen(), callback=lambda _: self._ask_sign_in())
        else:
            self._ask_sign_in()

    def _ask_sign_in(self) -> None:
        from tui.screens.sign_in import SignInScreen

        self.push_screen(SignInScreen(), callback=self._signed_in)

    def _signed_in(self, _result) -> None:
        from tui.screens.home import HomeScreen
        from tui.themes import THEME_NAMES

        self.theme = THEME_NAMES.get(self.ctx.tema, "textual-dark")
        self.sub_title = f"{self.ctx.unit.nombre} — {self.ctx.signed_in.nombre}"
        self.switch_screen(HomeScreen()) if len(self.screen_stack) > 1 else self.push_screen(HomeScreen())
        self._offer_draft()

    def _offer_draft(self) -> None:
        # After a crash or a closed terminal the officer may not think of F2: say the petition typed is waiting there.
        from services import drafts

        if drafts.load(self.ctx.data_dir, self.ctx.usuario):
            self.notify("Tiene una petición sin guardar de su trabajo anterior: F2 (Nueva petición) la recupera.",
                        title="Borrador", timeout=15)

    def action_help(self) -> None:
        """Show what the current screen is for, its keys, and the deadlines with their lineamientos."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen) or self.locked:
            return
        self.push_screen(HelpScreen(self.screen))

    def action_open(self, name: str) -> None:
        """Open one of the desk's screens by name."""
        self.open_screen(name)

    def open_screen(self, name: str, **kwargs) -> None:
        """Switch to one of the desk's screens: one instance each, kept as it was left until the session ends."""
        from textual.screen import ModalScreen

        if self.ctx.actor is None or self.locked:
            return
        module_name, class_name, title, _ = SCREENS_BY_NAME[name]
        if not self._may_open(name, title):
            return
        if isinstance(self.screen, ModalScreen):
            # A dialog waits for its answer; jumping away would leave it unanswered behind another screen.
            self.notify("Primero termine o cierre (Esc) la ventana abierta.", title=title)
            return
        if name not in self._desk_screens:
            module = importlib.import_module(module_name)
            self.install_screen(getattr(module, class_name)(**kwargs), name)
            self._desk_screens.add(name)
        screen = self.get_screen(name)
        if kwargs and isinstance(screen, Reopens):
            screen.reopen(**kwargs)
        if screen in self.screen_stack:
            while self.screen is not screen:
                self.pop_screen()
            return
        # Switching, not stacking: whatever was over the home screen makes way (installed screens keep their state).
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.push_screen(name)

    def _may_open(self, name: str, title: str) -> bool:
        from services.actor import require
        from services.errors import PermissionDenied

        if name not in SCREEN_PERMISSIONS:
            return True
        try:
            require(self.ctx.signed_in, SCREEN_PERMISSIONS[name])
        except PermissionDenied as refusal:
            self.notify(f"{title}: {refusal}", title="No permitido", severity="error", timeout=8)
            return False
        return True

    def open_expediente(self, folio: str) -> None:
        """Open the expediente of a folio."""
        if self.ctx.actor is None or self.locked:
            return
        from tui.screens.expediente import ExpedienteScreen

        self.push_screen(ExpedienteScreen(folio))

    def get_system_commands(self, screen):
        """The palette's built-in commands, in Spanish, plus lock and quit."""
        if not self.session_open:
            return
        yield SystemCommand("Bloquear pantalla", "Bloquea la pantalla hasta que escriba su PIN", self.action_lock)
        yield SystemCommand("Cambiar de oficial", "Cierra esta sesión y vuelve a la entrada, sin salir de MOAD Desk",
                            self.sign_out)
        yield SystemCommand("Salir", "Cierra MOAD Desk", self.action_quit)
        yield SystemCommand("Alto contraste (sí / no)", "Colores de alto contraste; se recuerda para su usuario",
                            self.action_toggle_contrast)

    def action_toggle_contrast(self) -> None:
        """Switch the high-contrast theme on or off and remember it for the signed-in user."""
        from services.auth import set_theme
        from tui.themes import THEME_NAMES
        from tui.work import call

        self.ctx.tema = "" if self.ctx.tema == "alto-contraste" else "alto-contraste"
        self.theme = THEME_NAMES[self.ctx.tema]
        call(self, set_theme, write=True, actor=self.ctx.actor, tema=self.ctx.tema)

    async def on_event(self, event: events.Event) -> None:
        """Every key, click or paste counts as activity for the idle lock; pasted text loses its control characters."""
        if isinstance(event, (events.Key, events.MouseDown, events.Paste)):
            self.last_activity = time.monotonic()
        if isinstance(event, events.Key) and self._typed_before_dialog(event):
            return
        if isinstance(event, events.Paste):
            # Pasted into a field, an escape sequence would reach the terminal as it is.
            from models.validators import without_controls

            event.text = without_controls(event.text)
        await super().on_event(event)

    def watch_app_focus(self, focus: bool) -> None:
        """When a browser tab (moad servir) gets focus, put the cursor where the screen wants it, as in a terminal."""
        if focus:
            focus_screen_field(self)

    def _typed_before_dialog(self, key: events.Key) -> bool:
        from tui.dialogs.common import ConfirmDialog

        screen = self.screen_stack[-1] if self.screen_stack else None
        # Ctrl+L locks whatever is open, even with a key stamped before the dialog.
        return isinstance(screen, ConfirmDialog) and key.key != "ctrl+l" and screen.typed_before(key)

    def _check_idle(self) -> None:
        if self.ctx.actor is not None and not self.locked and time.monotonic() - self.last_activity > self.idle_lock_seconds:
            self.action_lock()

    def action_lock(self) -> None:
        """Cover the screen, open dialogs included, until the signed-in officer types their PIN: the public sees it."""
        if self.ctx.actor is None or self.locked:
            return
        from tui.screens.lock import LockScreen

        self.locked = True
        # A toast may quote a folio or a file name; it would stay on top of the lock screen.
        self.clear_notifications()
        self.push_screen(LockScreen(), callback=self._unlocked)

    def _unlocked(self, _result) -> None:
        self.locked = False
        self.last_activity = time.monotonic()
        held_screens, self._held_screens = self._held_screens, []
        held_notifications, self._held_notifications = self._held_notifications, []
        for screen, callback in held_screens:
            self.push_screen(screen, callback=callback)
        for message, options in held_notifications:
            self.notify(message, **options)

    def sign_out(self) -> None:
        """End the locked session so that someone else can sign in at this desk; what was open is closed."""
        self._held_screens, self._held_notifications = [], []
        if self.ctx.actor is not None:
            from services.auth import record_sign_out
            from tui.work import call

            call(self, record_sign_out, write=True, group="cierre", actor=self.ctx.actor, unidad_id=self.ctx.unidad_id)
        # Blank first: the screens revealed one by one while they are closed must not show their data, not even a frame.
        for screen in self.screen_stack[1:]:
            for child in screen.children:
                child.display = False
        self.run_worker(self._close_session(), group="sesion", exclusive=True)

    async def _close_session(self) -> None:
        # Each screen is closed before the session is forgotten: a screen that is revealed reloads with it on resume.
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        for name in self._desk_screens:
            kept = self.get_screen(name)
            self.uninstall_screen(name)
            await kept.remove()
        self._desk_screens.clear()
        self.ctx.actor, self.ctx.usuario, self.ctx.unidad, self.ctx.tema = None, "", None, ""
        self.sub_title = ""
        self.locked = False
        self._ask_sign_in()

    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False):  # type: ignore[override]
        """Push a screen; while locked, one opened by work that finished behind the lock waits until it is unlocked."""
        from tui.screens.lock import LockScreen

        if self.locked and not isinstance(screen, LockScreen) and not wait_for_dismiss:
            self._held_screens.append((screen, callback))
            return None
        return super().push_screen(screen, callback=callback, wait_for_dismiss=wait_for_dismiss)  # type: ignore[call-overload]

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = False) -> None:
        """A toast whose text is shown as written (never read as markup); while locked it waits for the unlock."""
        options = {"title": title, "severity": severity, "timeout": timeout, "markup": markup}
        if self.locked:
            self._held_notifications.append((message, options))
            return
        super().notify(message, **options)

    def _handle_exception(self, error: Exception) -> None:
        """Every error Textual would end the app with: reported, and the desk goes on (nothing reaches the terminal)."""
        self.report_unexpected(error.error if isinstance(error, WorkerFailed) else error)

    def report_unexpected(self, error: BaseException) -> None:
        """Log where an unexpected error happened (frames and type, never its message) and tell the officer in Spanish."""
        where = without_values(error)
        now = time.monotonic()
        last_where, last_time = self._last_unexpected
        self._last_unexpected = (where, now)
        if where == last_where and now - last_time < REPEAT_QUIET_SECONDS:
            return
        log.error("error inesperado\n%s", where)
        if self.is_headless and self._exception is None and isinstance(error, Exception):
            # Under Pilot the test is handed the error when it ends (as Textual does), so a broken handler is not missed.
            self._exception = error
        self.notify(UNEXPECTED, title="Error inesperado", severity="error", timeout=12)
