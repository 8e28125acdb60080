"""Equilibria of game trees: backward induction, the reduced normal form, and PBE."""
