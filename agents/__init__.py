"""The specialist catalog and how a specialist composes its deliverable."""
