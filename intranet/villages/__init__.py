from intranet.villages.routes import bp

__all__ = ["bp"]
