"""Baton's surfaces: command line, HTTP API and web pages, Slack."""
