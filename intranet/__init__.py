"""The Ia Krai commune intranet: create_app() and nothing else."""

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import StrictUndefined
from sqlalchemy.engine import make_url
from werkzeug.middleware.proxy_fix import ProxyFix

from intranet import cli
from intranet import evidence
from intranet import i18n
from intranet import inputs
from intranet import navigation
from intranet import rendering
from intranet import sealing
from intranet import search
from intranet import security
from intranet.admin import bp as admin_bp
from intranet.assessments import bp as assessments_bp
from intranet.attachments import bp as attachments_bp
from intranet.auth import bp as auth_bp
from intranet.awards import bp as awards_bp
from intranet.board import bp as board_bp
from intranet.extensions import babel
from intranet.extensions import buffer_static_file
from intranet.extensions import compress
from intranet.extensions import configure_sqlite
from intranet.extensions import csrf
from intranet.extensions import db
from intranet.extensions import htmx
from intranet.extensions import login_manager
from intranet.extensions import migrate
from intranet.logs import bp as logs_bp
from intranet.orgs import bp as orgs_bp
from intranet.permissions import enforce_sign_in
from intranet.reports import bp as reports_bp
from intranet.review import bp as review_bp
from intranet.stats import bp as stats_bp
from intranet.tips import bp as tips_bp
from intranet.villages import bp as villages_bp


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error handlers, headers."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.request_class = evidence.UploadAwareRequest
    app.config.from_object("intranet.config.Config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("INTRANET")
    if test_config is not None:
        app.config.from_mapping(test_config)
    _prepare_instance(app)
    if app.config["PROXY_FIX_X_FOR"]:
        # Behind nginx: take the client's address from X-Forwarded-For (login throttling, audit).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)

    db.init_app(app)
    configure_sqlite(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    sealing.prepare_keys(app)  # needs the database: refuses to start with a lost key
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    compress.init_app(app)
    app.after_request(buffer_static_file)

    if app.testing or app.debug:
        app.jinja_env.undefined = StrictUndefined
    i18n.register_template_helpers(app)
    navigation.register_template_globals(app)
    search.init_app(app)
    inputs.register(app)
    _register_blueprints(app)
    app.before_request(enforce_sign_in)
    rendering.register_error_handlers(app)
    security.register_security_headers(app)
    cli.register(app)
    return app


def _prepare_instance(app: Flask) -> None:
    """Make the instance folder and a generated secret key; point at the catalogues and database."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    # Database, keys and backups are the commune's secrets: nobody but the app's user reads them.
    os.chmod(instance, 0o700)
    if not app.config.get("SECRET_KEY"):
        key_file = instance / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            os.chmod(key_file, 0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    translations = Path(app.root_path).parent / "translations"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(translations))
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'intranet.db'}"
    _protect_sqlite_files(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config["DEMO_MODE"] and not app.config["SESSION_COOKIE_SECURE"]:
        app.logger.warning(
            "INTRANET_SESSION_COOKIE_SECURE is false on a real installation (DEMO_MODE is "
            "false): session cookies would also travel over plain HTTP. Serve the intranet "
            "over HTTPS only and set INTRANET_SESSION_COOKIE_SECURE=true."
        )


def _protect_sqlite_files(uri: str) -> None:
    """Make the SQLite database (and its -wal, -shm) readable by the app's user only (0600).

    A missing database file is created empty with that mode first: SQLite gives the
    write-ahead log and shared-memory files the database file's mode, so all three stay
    private whatever the process's umask.
    """
    url = make_url(uri)
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return
    if database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists():
            os.chmod(file, 0o600)


def _register_blueprints(app: Flask) -> None:
    """One blueprint per feature package."""
    app.register_blueprint(auth_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(logs_bp)
    app.register_blueprint(attachments_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(orgs_bp)
    app.register_blueprint(villages_bp)
    app.register_blueprint(stats_bp)
    app.register_blueprint(awards_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(tips_bp)
    app.register_blueprint(assessments_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
