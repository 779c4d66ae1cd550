"""Security headers on every response (docs/web.md, "Security headers").

The CSP allows scripts, styles and fonts from the site itself only, so no inline script or style can run; the
design system's CSS draws a few icons from ``data:`` URLs, hence ``img-src 'self' data:``. Every page but the
static files is ``Cache-Control: no-store``: a signed-in page must not stay in a shared or back-button cache.
"""

from __future__ import annotations

from starlette.responses import Response

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers without frame-ancestors
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response, path: str, tls: bool) -> None:
    for name, value in HEADERS.items():
        response.headers[name] = value
    if tls:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if not path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
