"""Command-line entry points (``train.py`` and ``predict.py`` at the top level call these)."""
