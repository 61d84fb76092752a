"""Automated tasks: the monthly set on the 1st and the weekly set on Mondays."""
