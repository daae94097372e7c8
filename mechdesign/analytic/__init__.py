"""Closed forms, one module per reference paper (shared/reference/)."""
