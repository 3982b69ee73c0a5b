"""The reference central system: enrols offices, imports their packages, acknowledges them.

It keeps its own database (``app.central.models``), separate from any office database.
"""
