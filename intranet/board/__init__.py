from intranet.board.routes import bp

__all__ = ["bp"]
