"""Request (``XCreate``/``XUpdate``) and response (``XPublic``) bodies, kept apart."""
