"""Pure functions from a representation to a result: equilibria, bargaining solutions."""
