"""Dadras: complaint handling for inspection offices (domain services, no Qt)."""

__version__ = "0.1.0"
