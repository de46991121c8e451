from intranet.logs.routes import bp

__all__ = ["bp"]
