from intranet.admin.routes import bp

__all__ = ["bp"]
