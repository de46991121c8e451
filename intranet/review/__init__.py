from intranet.review.routes import bp

__all__ = ["bp"]
