"""The editors' desk. Thin: every process is a function in the domain modules."""
from . import article, records, taxonomy  # noqa: F401  (registers the ModelAdmins)
