"""Sectors, scenarios and agendas: builds representations from parameters, calls algorithms."""
