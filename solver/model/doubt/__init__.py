"""The negotiation game with the sender's resolve in doubt: its PBE, check and scorecards."""
