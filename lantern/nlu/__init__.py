"""Lantern's custom Rasa NLU components."""
