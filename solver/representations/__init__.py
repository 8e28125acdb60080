"""Immutable values: bimatrix games, game trees, bargaining problems."""
