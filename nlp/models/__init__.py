"""Models: the classical TF-IDF linear model (default) and the fine-tuned transformer; both follow one
API (fit / predict_proba / analyse / save_pretrained / from_pretrained)."""
import json
from pathlib import Path

from .classical import ClassicalDisclosureModel

__all__ = ["ClassicalDisclosureModel", "load_model"]


def load_model(path):
    """Load a model directory of either kind, by the ``model_type`` in its ``config.json``."""
    cfg = Path(path) / "config.json"
    if not cfg.is_file():
        card = Path(path) / "README.md"
        hint = f"; its weights are not in the repository — {card} gives the command that rebuilds them" if card.is_file() else ""
        raise FileNotFoundError(f"{path} is not a model directory (no config.json){hint}")
    config = json.loads(cfg.read_text(encoding="utf-8"))
    if config.get("model_type", "").startswith("transformer"):
        from .transformer import TransformerDisclosureModel  # torch is imported only when needed

        return TransformerDisclosureModel.from_pretrained(path)
    return ClassicalDisclosureModel.from_pretrained(path)
