"""Build-time code: what makes Baton's shipped artifacts, never imported at run time."""
