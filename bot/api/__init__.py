"""Baton's HTTP API (``/api/v1``) and the service around it; built by ``create_app``."""
