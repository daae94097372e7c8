"""The data-market models of the reference papers."""
