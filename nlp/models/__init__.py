"""Models: the classical TF-IDF linear model (default) and the fine-tuned transformer; both follow one
API (fit / predict_proba / analyse / save_pretrained / from_pretrained)."""
import json
from pathlib import Path

from .classical import ClassicalDisclosureModel

__all__ = ["ClassicalDisclosureModel", "load_model"]


def load_model(path):
    """Load a model directory of either kind, by the ``model_type`` in its ``config.json``."""
    config = json.loads((Path(path) / "config.json").read_text(encoding="utf-8"))
    if config.get("model_type", "").startswith("transformer"):
        from .transformer import TransformerDisclosureModel  # torch is imported only when needed

        return TransformerDisclosureModel.from_pretrained(path)
    return ClassicalDisclosureModel.from_pretrained(path)
