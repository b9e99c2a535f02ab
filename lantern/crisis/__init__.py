"""Crisis detection: the deterministic layer that no classifier can out-vote."""
