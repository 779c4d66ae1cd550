"""The web application: ``create_app`` builds it from settings (docs/web.md). Nothing is built at import.

Every request gets its session from the signed cookie, and every response the security headers and, unless
it is a static file, the session cookie again (so the idle clock restarts, WEB-SES-1).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mappa_flow.clock import Clock, SystemClock
from mappa_flow.settings import Settings, SettingsError
from mappa_flow.web.auth import CsrfError, SignInRequiredError, sign_in_location
from mappa_flow.web.pages import router
from mappa_flow.web.render import page
from mappa_flow.web.security import add_security_headers
from mappa_flow.web.services import Services, WebConfig
from mappa_flow.web.session import COOKIE, LONGEST

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def web_config(settings: Settings, *, dev: bool) -> WebConfig:
    """The secret and cookie flags. Without MAPPA_WEB_SECRET only --dev runs, with a secret made for this run
    (sessions end when it stops); the secret itself is never shown."""
    if settings.web_secret is not None:
        return WebConfig(settings.web_secret.get_secret_value(), settings.web_tls, dev)
    if not dev:
        raise SettingsError("MAPPA_WEB_SECRET is not set: the web server needs a secret of 32 characters or more "
                            "to sign its session cookies (or run `mappa-flow serve --dev` on your own machine)")
    return WebConfig(secrets.token_urlsafe(48), settings.web_tls, dev=True)


def create_app(settings: Settings, *, dev: bool = False, clock: Clock | None = None) -> FastAPI:
    """The application, on the store the settings name. Raises SettingsError for a missing or bad setting."""
    from mappa_flow.bootstrap import bootstrap

    config = web_config(settings, dev=dev)
    used_clock = clock or SystemClock()
    services = Services(settings, bootstrap(settings, used_clock), used_clock, config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        services.close()

    app = FastAPI(title="mappa-flow", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.services = services
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)
    _add_middleware(app, services)
    _add_error_pages(app)
    return app


def _add_middleware(app: FastAPI, services: Services) -> None:
    @app.middleware("http")
    async def session_and_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        static = request.url.path.startswith("/static/")
        if not static:
            request.state.session = services.codec.load(request.cookies.get(COOKIE))
        response = await call_next(request)
        if not static:
            response.set_cookie(COOKIE, services.codec.dump(request.state.session),
                                max_age=int(LONGEST.total_seconds()), path="/", httponly=True, samesite="lax",
                                secure=services.config.secure_cookies)
        add_security_headers(response, request.url.path, services.config.secure_cookies)
        return response


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequiredError)
    async def to_sign_in(request: Request, error: SignInRequiredError) -> Response:
        return RedirectResponse(sign_in_location(error.next_path), status_code=303)

    @app.exception_handler(CsrfError)
    async def csrf_refused(request: Request, error: CsrfError) -> Response:
        return page(request, "error.html", "The form has expired", status=403,
                    message="The form was sent without a valid security token, so nothing was changed. Go back, "
                            "reload the page and try again.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        titles = {403: "You cannot see this page", 404: "Page not found", 405: "Not allowed"}
        if not hasattr(request.state, "session"):
            return Response(str(error.detail), status_code=error.status_code, media_type="text/plain")
        return page(request, "error.html", titles.get(error.status_code, "There is a problem"),
                    status=error.status_code, message=str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        return page(request, "error.html", "There is a problem with the request", status=400,
                    message="Part of the request is not valid, so nothing was changed.")

    @app.exception_handler(Exception)
    async def failure(request: Request, error: Exception) -> Response:
        log.exception("web request failed: %s %s", request.method, request.url.path)
        return Response("Sorry, there is a problem with the service. Nothing was changed.", status_code=500,
                        media_type="text/plain")


__all__ = ["create_app", "web_config"]
