"""`moad publicar`: a small read-only page (Starlette) where folio + code show where a petition stands.

Safe to expose: the code is compared in constant time, an unknown folio and a wrong code get the same answer, each
address has a bounded number of tries, every answer carries strict security headers, and nothing personal is shown."""

import html
import time
from collections import defaultdict, deque
from collections.abc import Callable
from urllib.parse import parse_qs

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from services.dates import day_text
from services.public_status import PublicStatus, lookup
from services.transactions import run_write

TRIES = 10
WINDOW_SECONDS = 600
MAX_BODY = 2048
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
STYLE = ("body{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}"
         "h1{color:#691c32;font-size:1.4rem}label{display:block;margin-top:1rem}input{font-size:1.1rem;width:100%}"
         "button{margin-top:1rem;font-size:1.1rem;background:#691c32;color:#fff;border:0;padding:.5rem 1rem}"
         "dt{font-weight:bold;margin-top:.6rem}.aviso{background:#fdecea;padding:.6rem}.pie{font-size:.8rem;color:#555}")
NOT_FOUND = ("No encontramos una petición con ese folio y esa clave. Revise los dos datos en su acuse de recibo; "
             "si el problema sigue, pregunte en el módulo.")
TOO_MANY = "Demasiados intentos desde esta conexión. Espere unos minutos y vuelva a intentarlo."


class Limiter:
    """At most TRIES consultations per address in a sliding window, so codes cannot be guessed by brute force."""

    def __init__(self, tries: int = TRIES, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.tries, self.window, self.clock = tries, window, clock
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, address: str) -> bool:
        """Count one try for the address; False once it has used up the window's tries."""
        now, seen = self.clock(), self.seen[address]
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        if len(seen) >= self.tries:
            return False
        seen.append(now)
        return True


def _page(body: str, status: int = 200) -> HTMLResponse:
    document = (f'<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>Consulta de su petición</title><style>{STYLE}</style></head><body>"
                f"<h1>Consulta de su petición</h1>{body}"
                '<p class="pie">Módulo de Orientación y Atención al Derechohabiente. Esta página no muestra datos '
                "personales.</p></body></html>")
    return HTMLResponse(document, status_code=status, headers=HEADERS)


def _form(folio: str = "", message: str = "") -> str:
    notice = f'<p class="aviso" role="alert">{html.escape(message)}</p>' if message else ""
    return (f'{notice}<form method="post" action="/consulta">'
            f'<label for="folio">Folio (como aparece en su acuse)</label>'
            f'<input id="folio" name="folio" maxlength="40" autocomplete="off" required value="{html.escape(folio)}">'
            '<label for="clave">Clave de consulta</label>'
            '<input id="clave" name="clave" maxlength="24" autocomplete="off" required>'
            "<button type=\"submit\">Consultar</button></form>")


def _status(status: PublicStatus) -> str:
    rows = [("Folio", status.folio), ("Situación", status.estado), ("Recibida", day_text(status.recibida))]
    if status.canalizada:
        rows.append(("Enviada al área", day_text(status.canalizada)))
    if status.respondida:
        rows.append(("Respuesta firmada", day_text(status.respondida)))
    rows.append(("Siguiente paso", status.siguiente))
    if status.vence:
        rows.append(("A más tardar", day_text(status.vence)))
    listing = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    pick_up = f"<h2>Cómo recoger su respuesta</h2><p>{html.escape(status.recoger)}</p>" if status.recoger else ""
    return f'<dl id="estado">{listing}</dl>{pick_up}<p><a href="/">Consultar otra petición</a></p>'


def build(engine: Engine, *, limiter: Limiter | None = None) -> Starlette:
    """The status page over the desk's database."""
    limiter = limiter or Limiter()

    async def home(_request: Request) -> Response:
        return _page(_form())

    async def answer(request: Request, folio: str, clave: str) -> Response:
        address = request.client.host if request.client else "?"
        if not limiter.allow(address):
            return _page(_form(folio, TOO_MANY), status=429)
        status = run_write(engine, lookup, folio=folio, clave=clave)
        if status is None:
            return _page(_form(folio, NOT_FOUND), status=404)
        return _page(_status(status))

    async def consulta(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return _page(_form(message="La consulta es demasiado larga."), status=413)
        fields = parse_qs(body.decode("utf-8", "replace"))
        return await answer(request, fields.get("folio", [""])[0], fields.get("clave", [""])[0])

    async def link(request: Request) -> Response:
        return await answer(request, request.path_params["folio"], request.path_params["clave"])

    async def not_found(request: Request, _exc: Exception) -> Response:
        return _page(_form(), status=404)

    routes = [Route("/", home), Route("/consulta", consulta, methods=["POST"]),
              Route("/c/{folio}/{clave}", link)]
    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})
