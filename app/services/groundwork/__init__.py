"""Before you start and steps 1–4: focus areas, preconditions, partners, training, inventory,
needs."""
from app.services.groundwork import codes  # noqa: F401  (registers the feature's code lists)
