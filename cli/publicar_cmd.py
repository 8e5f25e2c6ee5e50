"""`moad publicar`: serve the petitioners' read-only status page (folio + code of the acuse)."""

from cli.common import add_command, add_listen_options, notice, open_engine, warn_if_exposed


def register(subparsers) -> None:
    """Add the publicar subcommand."""
    parser = add_command(subparsers, "publicar", "Sirve la página de consulta para peticionarios (solo lectura, sin "
                                                 "datos personales), con el folio y la clave del acuse.")
    add_listen_options(parser, 8080)
    parser.set_defaults(func=run)


def run(args) -> int:
    """Serve until interrupted; the access log stays off because links carry the code."""
    import uvicorn

    from services.public_status import may_change_petitions
    from web.status_page import build

    engine = open_engine(args, sign_in=False)
    warn_if_exposed(args.host)
    if may_change_petitions(engine):
        notice("Aviso: el usuario de PostgreSQL de esta página puede modificar peticiones; conéctela con un usuario "
               "miembro de moad_publico, que solo lee lo que la página muestra (vea el README).")
    notice(f"Página de consulta en http://{args.host}:{args.puerto}/ (Ctrl+C termina).")
    uvicorn.run(build(engine), host=args.host, port=args.puerto, access_log=False, log_level="warning",
                server_header=False, proxy_headers=True)
    return 0
