"""Decision requests: final decisions Baton prepares and named humans make."""
