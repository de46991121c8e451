from intranet.orgs.routes import bp

__all__ = ["bp"]
