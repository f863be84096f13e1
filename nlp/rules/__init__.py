"""Codebook detectors: transparent evidence with reason codes, strengths and character spans."""
from .detectors import Finding, detect

__all__ = ["Finding", "detect"]
