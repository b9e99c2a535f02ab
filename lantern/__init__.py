"""Lantern: the clinic logic behind the Rasa assistant, importable without Rasa."""
