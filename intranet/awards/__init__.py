from intranet.awards.routes import bp

__all__ = ["bp"]
