"""Shared HTTP machinery: every resource app builds on these pieces."""
