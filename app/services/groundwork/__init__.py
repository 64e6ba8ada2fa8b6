"""Before you start and steps 1–4: focus areas, preconditions, partners, training, inventory,
needs."""
