"""Lantern's custom actions: thin adapters between Rasa and the `lantern` package."""
