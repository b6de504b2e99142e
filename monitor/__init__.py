"""Monitoring: what the city can observe, power of its indicators, learning from each year."""
