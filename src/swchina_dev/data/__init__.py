"""Bundled data resources of swchina_dev (read with importlib.resources; no code)."""
