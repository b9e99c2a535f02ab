"""Rasa input channels of Lantern's own (registered in credentials.yml)."""
