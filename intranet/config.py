"""Default settings. Override them in instance/config.py or with INTRANET_* variables."""

from datetime import timedelta


class Config:
    """Settings for a single commune on one machine; production overrides come from the env."""

    # Filled in by create_app(): a SQLite file in the instance folder.
    SQLALCHEMY_DATABASE_URI: str | None = None
    # hide_parameters: a failed statement's values (a tip's text, say) never reach the log.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}

    # How long a sign-in lasts: a village tablet (an account bound to a village) 30 days, so
    # that a team leader is not signed out in the middle of a patrol; everyone else 12 hours.
    # The cookie's signature accepts the longest; auth.routes.load_user applies each account's.
    # An IT clerk ends a tablet's sign-in at once with "Sign this tablet out" (admin/users).
    SESSION_LIFETIME = timedelta(hours=12)
    TABLET_SESSION_LIFETIME = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = TABLET_SESSION_LIFETIME
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set INTRANET_SESSION_COOKIE_SECURE=true behind HTTPS
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Board tabs stay open all day: the CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = int(PERMANENT_SESSION_LIFETIME.total_seconds())

    # A form sent from a tablet on a weak network counts as not sent after this many seconds
    # (static/js/app.js keeps it in the outbox and sends it again; the token saves it once).
    SEND_TIMEOUT_SECONDS = 20

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    # Werkzeug's method for new password hashes; tests use a cheaper one to stay fast.
    PASSWORD_HASH_METHOD = "scrypt"

    # Login throttling (intranet/auth/throttle.py): within the window, this many failures for
    # one username and address pause that pair, this many from one address pause the address
    # (password spraying), and this many on the whole site pause every new sign-in.
    LOGIN_MAX_FAILURES = 5
    LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    LOGIN_MAX_FAILURES_TOTAL = 200
    LOGIN_LOCK_MINUTES = 15

    # Shown on every page; the demo marks itself as demo (DESIGN section 4).
    COMMUNE_NAME = "Ia Krai"
    PROVINCE_NAME = "Gia Lai"
    # "Nơi nhận" of the festival-day report (.docx and page), in Vietnamese as the document is;
    # "Lưu: VT." is always added last.
    REPORT_RECIPIENTS = (
        "Ban Chỉ đạo phong trào “Toàn dân bảo vệ an ninh Tổ quốc” tỉnh Gia Lai",
        "Công an tỉnh Gia Lai",
        "Thường trực Đảng ủy, Hội đồng nhân dân xã Ia Krai",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Ia Krai",
        "Công an xã Ia Krai",
    )
    DEMO_MODE = True

    # Start although no informant key opens the sealed informants (the key is truly lost).
    ACCEPT_UNREADABLE_INFORMANTS = False

    # Number of proxies in front (nginx: 1) whose X-Forwarded-For may be trusted; 0 = none.
    PROXY_FIX_X_FOR = 0

    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # A form with photos (views marked evidence.accepts_uploads) may send more: with
    # JavaScript off a phone sends its originals, 5-12 MB each.
    UPLOAD_MAX_REQUEST = 64 * 1024 * 1024
    # Attachments (issue 16, intranet/evidence.py): one file as sent, one PDF, files and
    # stored bytes per record (images are kept re-encoded, ~150-400 KB), pixels of one image
    # (a 48-megapixel phone photo passes; a decompression bomb does not).
    ATTACHMENT_MAX_FILE = 20 * 1024 * 1024
    ATTACHMENT_MAX_PDF = 10 * 1024 * 1024
    ATTACHMENT_MAX_COUNT = 10
    ATTACHMENT_MAX_TOTAL = 30 * 1024 * 1024
    ATTACHMENT_MAX_PIXELS = 50_000_000

    # /logs.xlsx holds at most this many entries, newest first (bench/NOTES.md: it must finish
    # well inside gunicorn's 60 s timeout on a loaded 2-core machine).
    LOGS_EXPORT_MAX_ROWS = 20_000

    # Flask-Compress: brotli where the browser offers it (HTTPS only), gzip everywhere else.
    # zstd is left out: no saving worth a third code path on a tablet's browser.
    COMPRESS_ALGORITHM = ["br", "gzip"]
