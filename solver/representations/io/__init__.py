"""Gambit's .nfg and .efg text formats, read as data and written atomically."""
