"""Sync with the central system: the package and acknowledgement file formats."""
