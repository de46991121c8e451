from intranet.reports.routes import bp

__all__ = ["bp"]
