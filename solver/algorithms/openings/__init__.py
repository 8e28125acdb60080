"""The first release's bargaining programs over market openings (not on the model's path)."""
