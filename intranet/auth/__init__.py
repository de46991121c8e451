from intranet.auth.routes import bp

__all__ = ["bp"]
