"""Baton's web pages: server-rendered templates, our own CSS and a little JavaScript."""
