"""Models: the classical TF-IDF linear model (default) and the fine-tuned transformer; both follow one
API (fit / predict_proba / analyse / save_pretrained / from_pretrained)."""
import json
from pathlib import Path

from .classical import ClassicalDisclosureModel

__all__ = ["ClassicalDisclosureModel", "how_to_build", "load_model"]


def how_to_build(path) -> str:
    """Where a missing model comes from: its card's rebuild command (models whose weights are not
    committed), else training."""
    card = Path(path) / "README.md"
    return (f"its model card {card} gives the command that rebuilds it" if card.is_file()
            else f"train one with: python train.py --output {path}")


def load_model(path):
    """Load a model directory of either kind, by the ``model_type`` in its ``config.json``."""
    cfg = Path(path) / "config.json"
    if not cfg.is_file():
        raise FileNotFoundError(f"no model at {path} ({how_to_build(path)})")
    config = json.loads(cfg.read_text(encoding="utf-8"))
    if config.get("model_type", "").startswith("transformer"):
        from .transformer import TransformerDisclosureModel  # torch is imported only when needed

        return TransformerDisclosureModel.from_pretrained(path)
    return ClassicalDisclosureModel.from_pretrained(path)
