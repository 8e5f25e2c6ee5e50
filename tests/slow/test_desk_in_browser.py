"""`moad servir` in a real headless Chromium: sign in with user and PIN, register a petition (F2), find it in the
queue (F3); a second tab gets its own sign-in, not the first tab's desk."""

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import col, select

from models import Peticion
from services.database import open_database, read_session
from tests.conftest import child_env
from tests.factories import pilot_unit
from tests.mail_server import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
DESCRIPTION = "Solicito que la farmacia abra a las siete para surtir recetas del turno matutino"
# Generous: each tab starts its own desk process, slow on a loaded machine.
WAIT_SECONDS = 120
# Keeps the page's xterm.js terminal in window.__terminal when textual-serve's script creates it, to read its rows.
KEEP_TERMINAL = """Object.defineProperty(Object.prototype, 'terminal', {configurable: true, set(value) {
  window.__terminal = value;
  Object.defineProperty(this, 'terminal', {value, writable: true, configurable: true, enumerable: true});
}});"""
# The rows on view, as text.
READ_ROWS = """const terminal = window.__terminal; if (!terminal) return '';
const buffer = terminal.buffer.active, rows = [];
for (let i = buffer.viewportY; i < buffer.viewportY + terminal.rows; i++) rows.push(buffer.getLine(i).translateToString(true));
return rows.join('\\n');"""
KEYS = {"enter": ("Enter", "Enter", 13, "\r"), "tab": ("Tab", "Tab", 9, ""), "escape": ("Escape", "Escape", 27, ""),
        "f2": ("F2", "F2", 113, ""), "f3": ("F3", "F3", 114, ""), "s": ("s", "KeyS", 83, "")}
MODIFIERS = {"shift": 8, "ctrl": 2}
# The colour of the left edge («▊») of the input box two rows under a label (a row of the dialog with only it):
# the focused box's edge has its own colour.
EDGE_COLOUR = """const terminal = window.__terminal, buffer = terminal.buffer.active;
for (let i = buffer.viewportY; i < buffer.viewportY + terminal.rows; i++) {
  if (buffer.getLine(i).translateToString(true).replace(/[\\u2588\\s]/g, '') !== arguments[0]) continue;
  const line = buffer.getLine(i + 2);
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x);
    if (cell.getChars() === '\u258a') return cell.getFgColorMode() + ':' + cell.getFgColor();
  }
}
return null;"""


def _seed(url: str) -> None:
    engine = open_database(url)
    pilot_unit(engine)
    engine.dispose()


class Tab:
    """One browser tab on the served desk: reads the terminal's rows and types as a keyboard does (CDP key events)."""

    def __init__(self, driver) -> None:
        self.driver = driver

    def screen(self) -> str:
        return self.driver.execute_script(READ_ROWS)

    def wait_for(self, *texts: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.2)
        pytest.fail(f"la pestaña no mostró {texts!r}; muestra:\n{self.screen()}")

    def move_focus(self, key: str, source: str, target: str) -> None:
        """Press key in the box under label source and wait until the box under label target has the focus.

        Keys typed before the desk has handled the key would still reach the first box, as they would for a
        person who types faster than the desk answers.
        """
        focused = self.driver.execute_script(EDGE_COLOUR, source)
        assert focused is not None and self.driver.execute_script(EDGE_COLOUR, target) != focused
        self.press(key)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.driver.execute_script(EDGE_COLOUR, target) == focused:
                return
            time.sleep(0.1)
        pytest.fail(f"el cuadro «{target}» no recibió el foco; muestra:\n{self.screen()}")

    def press(self, name: str) -> None:
        *held, key = name.split("+")
        label, code, virtual, text = KEYS.get(key, (key, "", 0, key))
        event = {"key": label, "code": code, "windowsVirtualKeyCode": virtual, "modifiers": sum(MODIFIERS[m] for m in held)}
        down = {**event, "type": "keyDown", **({"text": text} if text and not held else {})}
        self.driver.execute_cdp_cmd("Input.dispatchKeyEvent", down)
        self.driver.execute_cdp_cmd("Input.dispatchKeyEvent", {**event, "type": "keyUp"})

    def type(self, text: str) -> None:
        for char in text:
            self.press(char)


@pytest.fixture
def served(tmp_path):
    """`moad servir` on a free loopback port over a seeded SQLite file, and a headless Chromium driven by Selenium."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("Chromium o chromedriver no están instalados (apt-get install chromium chromium-driver): "
                    "se omite la prueba de la mesa en el navegador")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium no está instalado: se omite la prueba")
    url = f"sqlite:///{tmp_path / 'moad.sqlite3'}"
    _seed(url)
    port = free_port()
    env = child_env(PYTHONPATH=str(ROOT), MOAD_DATABASE_URL=url, MOAD_DATA_DIR=str(tmp_path / "datos"))
    server = subprocess.Popen([sys.executable, "-m", "cli.main", "servir", "--puerto", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                     f"--user-data-dir={tmp_path / 'perfil'}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    try:
        _wait_until_served(f"http://127.0.0.1:{port}/", server)
        yield driver, f"http://127.0.0.1:{port}/", open_database(url)
    finally:
        driver.quit()
        server.terminate()
        server.communicate(timeout=30)


def _wait_until_served(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"moad servir terminó: {server.stderr.read()[-2000:] if server.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("moad servir no respondió")


def _open(driver, url: str) -> Tab:
    # Each tab is its own CDP target: the hook is added to the tab in front before it loads the page.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINAL})
    driver.get(url)
    tab = Tab(driver)
    tab.wait_for("Usuario", "su usuario")
    # A click on the terminal gives it the keyboard, as a person does.
    driver.execute_script("window.__terminal.focus()")
    return tab


def _registered(engine, tab: Tab) -> str:
    """The folio of the petition with the typed description, once the desk has committed it."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with read_session(engine) as session:
            folio = session.execute(select(col(Peticion.folio)).where(Peticion.descripcion == DESCRIPTION)).scalar()
        if folio is not None:
            return folio
        time.sleep(0.2)
    pytest.fail(f"la petición no quedó en la base; la pestaña muestra:\n{tab.screen()}")


def test_sign_in_register_and_find_it_in_the_queue_from_a_browser(served, tmp_path):
    driver, url, engine = served
    tab = _open(driver, url)
    tab.type("oficial")
    tab.wait_for("oficial")
    tab.move_focus("enter", "Usuario", "PIN")
    tab.type("246810")
    tab.wait_for("••••••")
    tab.press("enter")
    tab.wait_for("¿Qué desea hacer?")
    tab.press("f2")
    tab.wait_for("Descripción")
    for _ in range(5):
        tab.press("shift+tab")
    tab.type(DESCRIPTION)
    tab.wait_for("matutino")
    tab.press("ctrl+s")
    folio = _registered(engine, tab)
    tab.wait_for("Petición registrada", f"Folio {folio}")
    tab.press("escape")
    tab.wait_for("¿Qué desea hacer?")
    tab.press("f3")
    queue = tab.wait_for("Buscar (/)", folio)
    assert "Petición registrada" not in queue
    driver.save_screenshot(str(tmp_path / "bandeja.png"))

    first = driver.current_window_handle
    driver.switch_to.new_window("tab")
    second = _open(driver, url)
    shown = second.screen()
    assert "su usuario" in shown and folio not in shown
    driver.switch_to.window(first)
    assert folio in tab.screen()
    engine.dispose()
