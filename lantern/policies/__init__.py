"""Lantern's custom Rasa dialogue policies."""
