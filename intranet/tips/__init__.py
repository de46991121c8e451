from intranet.tips.routes import bp

__all__ = ["bp"]
