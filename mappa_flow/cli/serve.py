"""``mappa-flow serve``: the web application, served by uvicorn (docs/web.md)."""

from __future__ import annotations

import click

from mappa_flow.cli.context import EXIT_SETTINGS, CliContext, pass_cli
from mappa_flow.cli.errors import CliFailure, guarded


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port.")
@click.option("--dev", is_flag=True, help="On your own machine: runs without MAPPA_WEB_SECRET (a secret made for "
                                          "this run; sessions end when it stops).")
@pass_cli
@guarded
def serve(context: CliContext, host: str, port: int, dev: bool) -> None:
    """Serve the web application with uvicorn (docs/web.md).

    MAPPA_WEB_SECRET (32 characters or more) signs the session cookies and is required unless --dev;
    MAPPA_WEB_TLS=true marks the cookies Secure, for a site behind HTTPS.
    """
    import uvicorn

    from mappa_flow.settings import SettingsError
    from mappa_flow.web.app import create_app

    try:
        app = create_app(context.settings, dev=dev, clock=context.clock)
    except SettingsError as error:
        raise CliFailure(f"invalid setting: {error}", EXIT_SETTINGS) from None
    click.echo(f"Serving mappa-flow on http://{host}:{port}/ ({context.settings.describe_store()})"
               + (" in development mode" if dev else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, proxy_headers=False)


def register(group: click.Group) -> None:
    group.add_command(serve)
