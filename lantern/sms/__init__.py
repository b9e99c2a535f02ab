"""The SMS channel's pure parts (no Rasa, no Twilio): keywords, GSM-7 text, splitting, choices."""
