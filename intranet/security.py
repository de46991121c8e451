"""Security headers on every response, and safe redirect targets (DESIGN section 6)."""

from urllib.parse import urlsplit

from flask import Flask
from flask import request
from flask import Response
from flask import url_for
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)


def add_security_headers(response: Response) -> Response:
    """after_request hook: CSP without inline script, no framing, no sniffing, no referrer leak."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.endpoint != "static" and "Cache-Control" not in headers:
        headers["Cache-Control"] = cache_policy()
    return response


# Blueprints whose pages hold what only the police may read, or accounts: never stored.
NO_STORE_BLUEPRINTS = frozenset({"tips", "review", "admin"})


def cache_policy() -> str:
    """``no-store`` for tip, police and account pages; ``private, no-cache`` for the rest.

    ``no-cache`` still asks the server before any reuse, so nothing stale is shown, but lets a
    tablet's Back button use the back/forward cache instead of refetching over 3G; static/js/app.js
    reloads a page restored from that cache after the user signed out.
    """
    police = getattr(getattr(current_user, "organization", None), "kind", None) == "police"
    if request.blueprint in NO_STORE_BLUEPRINTS or police:
        return "no-store"
    return "private, no-cache"


def register_security_headers(app: Flask) -> None:
    """Attach the headers hook to the app."""
    app.after_request(add_security_headers)


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """A redirect target from a form or ?next=: only a path on this site, else the fallback."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
        ):
            return target
    return fallback or url_for("board.index")
