"""The demo practice: fictional staff, patients and a month of their work for `baton demo-data`."""
