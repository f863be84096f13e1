"""Models: the classical TF-IDF linear model (and, later, the fine-tuned transformer)."""
from .classical import ClassicalDisclosureModel

__all__ = ["ClassicalDisclosureModel"]
