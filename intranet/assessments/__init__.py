from intranet.assessments import paper_views  # noqa: F401  (its routes join the blueprint)
from intranet.assessments import ratings_routes  # noqa: F401 (its views join the blueprint)
from intranet.assessments import scale_routes  # noqa: F401 (its views join the blueprint)
from intranet.assessments.routes import bp

__all__ = ["bp"]
