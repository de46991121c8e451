from intranet.assessments.routes import bp

__all__ = ["bp"]
