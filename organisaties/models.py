"""Organisations, regions and network maps: see issue 3. Empty for now."""
