from intranet.attachments.routes import bp

__all__ = ["bp"]
