from intranet.stats.routes import bp

__all__ = ["bp"]
