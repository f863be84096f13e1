"""Codebook detectors: transparent evidence with reason codes, strengths and character spans."""
from .detectors import DETECTORS, Finding, detect, findings_of

__all__ = ["DETECTORS", "Finding", "detect", "findings_of"]
