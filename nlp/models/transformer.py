"""A fine-tuned transformer disclosure model: a pretrained encoder (default: the pruned
multilingual-e5-small built by ``python -m nlp.encoders.build``), mean pooling over the document's
tokens, a linear label head and a linear reason-code head, trained jointly with class weights and
early stopping on the dev macro-F1; probabilities are temperature-scaled on the dev set.

Same public API as :class:`nlp.models.classical.ClassicalDisclosureModel`: ``fit(texts, y, codes=None,
sample_weight=None)``, ``predict_proba(texts, prepared=False)``, ``predict``, ``analyse(texts)``,
``save_pretrained(dir, metadata)``, ``from_pretrained(dir_or_hub_id)``.

Long documents: ``long_text="head_tail"`` keeps the first ``head_tokens`` and the last
``max_length - 2 - head_tokens`` tokens (openings name the 文种 and the addressees, endings hold
落款/印发/附注); ``long_text="chunks"`` runs up to ``max_chunks`` windows of ``max_length`` tokens
and mean-pools over all their tokens.

A saved model is a directory of JSON and safetensors only (no pickle)::

    config.json          model type, labels, parameters, temperature, code classes, history, metadata
    heads.safetensors    label and code heads
    encoder/             the fine-tuned encoder and its tokenizer (``save_pretrained`` format)
"""
from __future__ import annotations

import json
import math
import shutil
import time
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from ..labels import DEFAULT_CODE, LABELS, REASON_CODES
from ..text import prepare
from .classical import fit_temperature, softmax

MODEL_TYPE = "transformer-disclosure"
FORMAT_VERSION = 1
CONFIG = "config.json"
HEADS = "heads.safetensors"
ENCODER_DIR = "encoder"
DEFAULT_ENCODER = "models/encoders/e5-small-zh"


def _resolve_encoder(name_or_path: str) -> str:
    """A local directory (as given, or relative to the repository) or else a hub id, unchanged."""
    from ..shared import REPO_ROOT

    p = Path(str(name_or_path)).expanduser()
    if p.is_dir():
        return str(p)
    if not p.is_absolute() and (REPO_ROOT / p).is_dir():
        return str(REPO_ROOT / p)
    return str(name_or_path)


def _local_dir(name_or_path) -> Path:
    """A local model directory for ``from_pretrained``: the path itself, or a hub snapshot."""
    p = Path(str(name_or_path)).expanduser()
    if p.is_dir():
        return p
    from huggingface_hub import snapshot_download

    return Path(snapshot_download(repo_id=str(name_or_path)))


def _net_class():
    import torch

    class DisclosureNet(torch.nn.Module):
        """encoder → mean pooling over every token of every window of a document → heads."""

        def __init__(self, encoder, n_labels: int, n_codes: int, dropout: float):
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(dropout)
            self.label_head = torch.nn.Linear(hidden, n_labels)
            self.code_head = torch.nn.Linear(hidden, n_codes) if n_codes else None

        def forward(self, input_ids, attention_mask, doc_index, n_docs: int):
            h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(h.dtype)
            sums = (h * m).sum(1)
            counts = m.sum(1)
            doc_sum = h.new_zeros(n_docs, h.shape[-1]).index_add(0, doc_index, sums)
            doc_cnt = h.new_zeros(n_docs, 1).index_add(0, doc_index, counts)
            pooled = doc_sum / doc_cnt.clamp(min=1.0)
            z = self.dropout(pooled)
            codes = self.code_head(z) if self.code_head is not None else None
            return self.label_head(z), codes, pooled

    return DisclosureNet


class TransformerDisclosureModel(BaseEstimator, ClassifierMixin):
    """Fine-tuned encoder → calibrated probabilities over the three labels, plus reason codes.

    ``fit(texts, y, codes=None, sample_weight=None, eval_set=None)``: ``eval_set=(dev_texts, dev_labels)``
    drives early stopping (best dev macro-F1 wins) and temperature scaling; without it a stratified
    ``dev_fraction`` of the fully labelled training rows is held out (0 = no early stopping,
    temperature 1). ``sample_weight`` < 1 marks partially labelled rows as in the classical model.
    """

    def __init__(self, encoder=DEFAULT_ENCODER, num_layers=6, max_length=256, head_tokens=128,
                 long_text="head_tail", max_chunks=4, prefix="query: ", epochs=3, batch_size=16,
                 learning_rate=5e-5, head_learning_rate=1e-3, weight_decay=0.01, warmup=0.1,
                 freeze_embeddings=True, class_weight="balanced", code_loss_weight=0.5, dropout=0.1,
                 dev_fraction=0.1, patience=2, evals_per_epoch=1, max_train_seconds=None, threads=None,
                 int8_inference=True, random_state=0, verbose=False):
        self.encoder = encoder
        self.num_layers = num_layers
        self.max_length = max_length
        self.head_tokens = head_tokens
        self.long_text = long_text
        self.max_chunks = max_chunks
        self.prefix = prefix
        self.epochs = epochs
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.head_learning_rate = head_learning_rate
        self.weight_decay = weight_decay
        self.warmup = warmup
        self.freeze_embeddings = freeze_embeddings
        self.class_weight = class_weight
        self.code_loss_weight = code_loss_weight
        self.dropout = dropout
        self.dev_fraction = dev_fraction
        self.patience = patience
        self.evals_per_epoch = evals_per_epoch
        self.max_train_seconds = max_train_seconds
        self.threads = threads
        self.int8_inference = int8_inference
        self.random_state = random_state
        self.verbose = verbose

    # ----- tokens -----------------------------------------------------------------------------
    def prepare_batch(self, texts) -> list[str]:
        return [prepare(t)[0] for t in texts]

    def _special(self) -> tuple[int, int]:
        tok = self.tokenizer_
        start = tok.cls_token_id if tok.cls_token_id is not None else tok.bos_token_id
        end = tok.sep_token_id if tok.sep_token_id is not None else tok.eos_token_id
        if start is None or end is None:
            raise ValueError("the tokenizer needs cls/bos and sep/eos tokens")
        return int(start), int(end)

    def _windows(self, texts: list[str]) -> tuple[list[list[int]], list[int]]:
        """Token windows (special tokens included) and, for each, the index of its document."""
        start, end = self._special()
        budget = self.max_length - 2
        content = self.tokenizer_([self.prefix + t for t in texts], add_special_tokens=False, truncation=False,
                                  verbose=False)["input_ids"]
        windows, owner = [], []
        for i, ids in enumerate(content):
            ids = list(ids)
            if len(ids) <= budget:
                parts = [ids]
            elif self.long_text == "chunks":
                parts = [ids[a:a + budget] for a in range(0, len(ids), budget)][:self.max_chunks]
            elif self.long_text == "head_tail":
                head = min(self.head_tokens, budget)
                parts = [ids[:head] + (ids[len(ids) - (budget - head):] if budget > head else [])]
            else:
                raise ValueError(f"long_text must be 'head_tail' or 'chunks', not {self.long_text!r}")
            for p in parts:
                windows.append([start] + p + [end])
                owner.append(i)
        return windows, owner

    def _batches(self, texts: list[str], order=None):
        """Yield (doc indices, tensors) batches of ``batch_size`` documents, padded per batch."""
        import torch

        order = np.arange(len(texts)) if order is None else order
        pad = self.tokenizer_.pad_token_id if self.tokenizer_.pad_token_id is not None else 0
        for b in range(0, len(order), self.batch_size):
            docs = order[b:b + self.batch_size]
            windows, owner = self._windows([texts[i] for i in docs])
            width = max(len(w) for w in windows)
            ids = torch.full((len(windows), width), pad, dtype=torch.long)
            mask = torch.zeros((len(windows), width), dtype=torch.long)
            for r, w in enumerate(windows):
                ids[r, :len(w)] = torch.tensor(w)
                mask[r, :len(w)] = 1
            yield docs, ids, mask, torch.tensor(owner, dtype=torch.long)

    # ----- training ---------------------------------------------------------------------------
    def _load_encoder(self):
        from ..encoders import load_encoder

        self.encoder_source_ = _resolve_encoder(self.encoder)
        self.tokenizer_, enc = load_encoder(self.encoder_source_, num_layers=self.num_layers)
        return enc

    def _class_weights(self, y_idx, w) -> np.ndarray:
        if self.class_weight is None:
            return np.ones(len(LABELS))
        if isinstance(self.class_weight, dict):
            return np.array([float(self.class_weight.get(l, 1.0)) for l in LABELS])
        mass = np.array([w[y_idx == k].sum() for k in range(len(LABELS))])
        present = mass > 0
        out = np.ones(len(LABELS))
        out[present] = mass[present].sum() / (present.sum() * mass[present])
        return out

    def fit(self, texts, y, codes=None, sample_weight=None, eval_set=None):
        import torch

        t_start = time.perf_counter()
        if self.threads:
            torch.set_num_threads(int(self.threads))
        encoder = self._load_encoder()  # first: a missing encoder fails before any other work
        torch.manual_seed(self.random_state)
        rng = np.random.default_rng(self.random_state)
        texts = self.prepare_batch(texts)
        y_idx = np.array([LABELS.index(v) for v in y])
        w = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        codes = list(codes) if codes is not None else [None] * len(texts)
        self.classes_ = np.array(LABELS)

        if eval_set is not None:
            dev_texts = self.prepare_batch(eval_set[0])
            dev_y = np.array([LABELS.index(v) for v in eval_set[1]])
        elif self.dev_fraction and self.dev_fraction > 0:
            from sklearn.model_selection import train_test_split

            full = np.flatnonzero(w >= 1)
            _, dev = train_test_split(full, test_size=self.dev_fraction, random_state=self.random_state,
                                      stratify=y_idx[full])
            dev_texts, dev_y = [texts[i] for i in dev], y_idx[dev]
            keep = np.setdiff1d(np.arange(len(texts)), dev)
            texts, y_idx, w = [texts[i] for i in keep], y_idx[keep], w[keep]
            codes = [codes[i] for i in keep]
        else:
            dev_texts, dev_y = [], np.array([], dtype=int)

        present = sorted({c for c in codes if c in REASON_CODES})
        self.code_classes_ = np.array(present if len(present) >= 2 else [], dtype=str)
        code_idx = np.array([int(np.flatnonzero(self.code_classes_ == c)[0]) if c in present and len(self.code_classes_)
                             else -1 for c in codes])

        self.net_ = _net_class()(encoder, len(LABELS), len(self.code_classes_), self.dropout)
        if self.freeze_embeddings:
            for p in self.net_.encoder.get_input_embeddings().parameters():
                p.requires_grad_(False)
            emb = getattr(self.net_.encoder, "embeddings", None)
            for p in (emb.parameters() if emb is not None else []):
                p.requires_grad_(False)
        head_params = [p for n, p in self.net_.named_parameters() if not n.startswith("encoder.") and p.requires_grad]
        enc_params = [p for n, p in self.net_.named_parameters() if n.startswith("encoder.") and p.requires_grad]
        optim = torch.optim.AdamW([{"params": enc_params, "lr": self.learning_rate},
                                   {"params": head_params, "lr": self.head_learning_rate}],
                                  weight_decay=self.weight_decay)
        steps_per_epoch = math.ceil(len(texts) / self.batch_size)
        total = max(1, steps_per_epoch * self.epochs)
        warm = int(self.warmup * total)
        sched = torch.optim.lr_scheduler.LambdaLR(
            optim, lambda s: (s + 1) / (warm + 1) if s < warm else max(0.0, (total - s) / max(1, total - warm)))
        cw = torch.tensor(self._class_weights(y_idx, w), dtype=torch.float32)
        eval_steps = {min(steps_per_epoch, math.ceil(steps_per_epoch * (k + 1) / max(1, self.evals_per_epoch)))
                      for k in range(max(1, self.evals_per_epoch))}

        self.history_ = []
        best, best_state, bad, step, stop = -1.0, None, 0, 0, False
        self.temperature_ = 1.0
        for epoch in range(self.epochs):
            order = rng.permutation(len(texts))
            self.net_.train()
            for bi, (docs, ids, mask, owner) in enumerate(self._batches(texts, order)):
                logits, code_logits, _ = self.net_(ids, mask, owner, len(docs))
                yt = torch.tensor(y_idx[docs])
                sw = torch.tensor(w[docs], dtype=torch.float32) * cw[yt]
                loss = (torch.nn.functional.cross_entropy(logits, yt, reduction="none") * sw).sum() / sw.sum()
                if code_logits is not None and self.code_loss_weight:
                    ct = torch.tensor(code_idx[docs])
                    has = ct >= 0
                    if has.any():
                        cl = torch.nn.functional.cross_entropy(code_logits[has], ct[has], reduction="none")
                        loss = loss + self.code_loss_weight * (cl * torch.tensor(w[docs], dtype=torch.float32)[has]).mean()
                optim.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_([p for g in optim.param_groups for p in g["params"]], 1.0)
                optim.step()
                sched.step()
                step += 1
                timed_out = self.max_train_seconds and time.perf_counter() - t_start > self.max_train_seconds
                if (bi + 1) in eval_steps or timed_out:
                    entry = {"epoch": epoch + 1, "step": step, "loss": round(float(loss.detach()), 4),
                             "seconds": round(time.perf_counter() - t_start, 1)}
                    if len(dev_texts):
                        dev_logits = self._logits(dev_texts)
                        entry["dev_macro_f1"] = round(_macro_f1(dev_y, dev_logits.argmax(1)), 4)
                        if entry["dev_macro_f1"] > best:
                            best, bad = entry["dev_macro_f1"], 0
                            best_state = {k: v.detach().clone() for k, v in self.net_.state_dict().items()}
                            best_logits = dev_logits
                            entry["best"] = True
                        else:
                            bad += 1
                        self.net_.train()
                    self.history_.append(entry)
                    if self.verbose:
                        print(json.dumps(entry), flush=True)
                    if (len(dev_texts) and bad > self.patience) or timed_out:
                        stop = True
                        break
            if stop:
                break
        if best_state is not None:
            self.net_.load_state_dict(best_state)
            self.temperature_ = fit_temperature(best_logits.astype(np.float64), dev_y)
        self.net_.eval()
        self.best_dev_macro_f1_ = best if best >= 0 else None
        self.fit_seconds_ = time.perf_counter() - t_start
        return self

    # ----- inference --------------------------------------------------------------------------
    def _forward_all(self, texts: list[str], with_pooled=False):
        import torch

        self.net_.eval()
        lengths = np.array([len(t) for t in texts])
        order = np.argsort(-lengths, kind="stable")  # similar lengths together: less padding
        logits = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        code_logits = np.zeros((len(texts), len(self.code_classes_)), dtype=np.float32)
        with torch.inference_mode():
            for docs, ids, mask, owner in self._batches(texts, order):
                lg, cl, _ = self.net_(ids, mask, owner, len(docs))
                logits[docs] = lg.float().numpy()
                if cl is not None:
                    code_logits[docs] = cl.float().numpy()
        return logits, code_logits

    def _logits(self, texts: list[str]) -> np.ndarray:
        return self._forward_all(texts)[0]

    def decision_function(self, texts, prepared: bool = False) -> np.ndarray:
        texts = list(texts) if prepared else self.prepare_batch(texts)
        return self._logits(texts)

    def predict_proba(self, texts, prepared: bool = False) -> np.ndarray:
        return softmax(self.decision_function(texts, prepared).astype(np.float64) / self.temperature_)

    def predict(self, texts, prepared: bool = False):
        return self.classes_[self.predict_proba(texts, prepared).argmax(1)]

    def analyse(self, texts: list[str], top_features: int = 25):
        """For prepared texts: probabilities, ranked reason codes, and drivers — the tokens whose
        gradient × embedding most pushed each document towards its predicted label, as
        ``("word:<token text>", weight)`` (the token's surface string, so evidence passages can be
        found in the text; ``top_features=0`` skips the backward pass)."""
        texts = list(texts)
        if not top_features:
            logits, code_logits = self._forward_all(texts)
            drivers = [[] for _ in texts]
        else:
            logits, code_logits, drivers = self._attributions(texts, top_features)
        proba = softmax(logits.astype(np.float64) / self.temperature_)
        out = []
        for i in range(len(texts)):
            label = LABELS[int(proba[i].argmax())]
            out.append({"probabilities": proba[i], "codes": self._rank_codes(label, code_logits, i),
                        "drivers": drivers[i]})
        return out

    def _attributions(self, texts, top_features):
        import torch

        net = getattr(self, "net_fp32_", self.net_)
        emb_module = net.encoder.get_input_embeddings()
        captured = {}

        def hook(_module, _inputs, output):
            output = output.detach().requires_grad_(True)
            captured["emb"] = output
            return output

        handle = emb_module.register_forward_hook(hook)
        logits = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        code_logits = np.zeros((len(texts), len(self.code_classes_)), dtype=np.float32)
        drivers: list[list] = [[] for _ in texts]
        net.eval()
        try:
            for docs, ids, mask, owner in self._batches(texts):
                with torch.enable_grad():
                    lg, cl, _ = net(ids, mask, owner, len(docs))
                    k = lg.argmax(1)
                    others = (lg.sum(1) - lg.gather(1, k[:, None])[:, 0]) / (lg.shape[1] - 1)
                    target = (lg.gather(1, k[:, None])[:, 0] - others).sum()  # contrast, like the classical model
                    grad, = torch.autograd.grad(target, captured["emb"])
                attr = (grad * captured["emb"]).sum(-1).detach().numpy()
                logits[docs] = lg.detach().numpy()
                if cl is not None:
                    code_logits[docs] = cl.detach().numpy()
                special = set(self.tokenizer_.all_special_ids)
                for r in range(ids.shape[0]):
                    d = int(docs[int(owner[r])])
                    scores: dict[str, float] = {}
                    for tok_id, a, m in zip(ids[r].tolist(), attr[r], mask[r].tolist()):
                        if not m or tok_id in special:
                            continue
                        s = self.tokenizer_.convert_ids_to_tokens(tok_id).replace("\u2581", "").strip()
                        if s:
                            scores[s] = scores.get(s, 0.0) + float(a)
                    drivers[d] += list(scores.items())
        finally:
            handle.remove()
        for i, items in enumerate(drivers):
            merged: dict[str, float] = {}
            for s, a in items:
                merged[s] = merged.get(s, 0.0) + a
            drivers[i] = [(f"word:{s}", a) for s, a in sorted(merged.items(), key=lambda x: -x[1])[:top_features] if a > 0]
        return logits, code_logits, drivers

    def _rank_codes(self, label, code_logits, i) -> list[str]:
        allowed = [j for j, c in enumerate(self.code_classes_) if REASON_CODES[c].label == label]
        if not len(self.code_classes_) or not allowed:
            return [DEFAULT_CODE[label]]
        s = code_logits[i]
        return [str(self.code_classes_[j]) for j in sorted(allowed, key=lambda j: -s[j])][:3]

    def quantize_dynamic(self):
        """Dynamic int8 quantisation of the Linear layers for scoring (``predict_proba``); ``analyse``
        keeps the fp32 network for its gradient attributions. A quantised model cannot be saved."""
        import torch
        from torch.ao.quantization import quantize_dynamic

        self.net_fp32_ = self.net_.eval()  # explanations need gradients, which quantised layers lack
        self.net_ = quantize_dynamic(self.net_fp32_, {torch.nn.Linear}, dtype=torch.qint8)  # a copy
        self.quantized_ = True
        return self

    # ----- persistence ------------------------------------------------------------------------
    def save_pretrained(self, path, metadata: dict | None = None) -> Path:
        from safetensors.torch import save_file

        if getattr(self, "quantized_", False):
            raise ValueError("a dynamically quantised model cannot be saved; save before quantize_dynamic()")
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        enc_dir = path / ENCODER_DIR
        if enc_dir.exists():
            shutil.rmtree(enc_dir)
        self.net_.encoder.save_pretrained(enc_dir, safe_serialization=True)
        self.tokenizer_.save_pretrained(enc_dir)
        src = Path(self.encoder_source_) / "provenance.json" if getattr(self, "encoder_source_", None) else None
        if src is not None and src.is_file():
            shutil.copy(src, enc_dir / "provenance.json")
        heads = {f"label_head.{k}": v.detach().contiguous() for k, v in self.net_.label_head.state_dict().items()}
        if self.net_.code_head is not None:
            heads.update({f"code_head.{k}": v.detach().contiguous() for k, v in self.net_.code_head.state_dict().items()})
        save_file(heads, str(path / HEADS))
        params = self.get_params()
        params["encoder"] = str(self.encoder)
        config = {"model_type": MODEL_TYPE, "format_version": FORMAT_VERSION, "labels": list(LABELS),
                  "params": params, "encoder_source": str(getattr(self, "encoder_source_", self.encoder)),
                  "temperature": self.temperature_, "code_classes": self.code_classes_.tolist(),
                  "best_dev_macro_f1": getattr(self, "best_dev_macro_f1_", None),
                  "history": getattr(self, "history_", []), "metadata": metadata or {}}
        (path / CONFIG).write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_pretrained(cls, path, int8: bool | None = None) -> "TransformerDisclosureModel":
        """Load from a saved directory or a hub id (downloaded with ``huggingface_hub``). ``int8``
        (default: the saved ``int8_inference`` parameter, True) applies dynamic int8 quantisation for
        CPU inference — about 2.4× faster at the same decisions (``benchmarks/transformer_speed.py``)."""
        import torch
        from safetensors.torch import load_file

        from ..encoders import load_encoder

        t0 = time.perf_counter()
        path = _local_dir(path)
        if not (path / CONFIG).is_file():
            raise FileNotFoundError(f"{path} is not a model directory (no {CONFIG})")
        config = json.loads((path / CONFIG).read_text(encoding="utf-8"))
        if config.get("model_type") != MODEL_TYPE:
            raise ValueError(f"{path}: model_type {config.get('model_type')!r} is not {MODEL_TYPE!r}")
        if list(config["labels"]) != list(LABELS):
            raise ValueError(f"{path}: labels {config['labels']} differ from this version's {list(LABELS)}")
        model = cls(**config["params"])
        if model.threads:
            torch.set_num_threads(int(model.threads))
        model.classes_ = np.array(config["labels"])
        model.code_classes_ = np.array(config["code_classes"], dtype=str)
        model.temperature_ = float(config["temperature"])
        model.tokenizer_, encoder = load_encoder(path / ENCODER_DIR)
        model.encoder_source_ = config.get("encoder_source")
        model.net_ = _net_class()(encoder, len(LABELS), len(model.code_classes_), model.dropout)
        heads = load_file(str(path / HEADS))
        model.net_.label_head.load_state_dict({k.split(".", 1)[1]: v for k, v in heads.items() if k.startswith("label_head.")})
        if model.net_.code_head is not None:
            model.net_.code_head.load_state_dict({k.split(".", 1)[1]: v for k, v in heads.items() if k.startswith("code_head.")})
        model.net_.eval()
        model.history_ = config.get("history", [])
        model.best_dev_macro_f1_ = config.get("best_dev_macro_f1")
        model.metadata = config.get("metadata", {})
        if model.int8_inference if int8 is None else int8:
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # torch.ao.quantization deprecation notices
                model.quantize_dynamic()
        model.load_seconds_ = time.perf_counter() - t0
        return model


def _macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    f1s = []
    for k in range(len(LABELS)):
        support = (y_true == k).sum()
        if not support:
            continue
        tp = ((y_true == k) & (y_pred == k)).sum()
        pred = (y_pred == k).sum()
        p = tp / pred if pred else 0.0
        r = tp / support
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return float(np.mean(f1s)) if f1s else 0.0


# ----- command line: fine-tune on the drafting corpus -----------------------------------------
def main(argv=None) -> int:
    """``python -m nlp.models.transformer --out models/transformer-e5-small``: fine-tune on the drafting
    corpus train split plus the real set's non-test part where ``../shared`` is present (near-duplicates
    of dev/test dropped, partial labels weighted as in :func:`nlp.training.assemble`), early
    stopping on the dev split, then report dev/test metrics (model argmax and the full pipeline)."""
    import argparse
    import shlex
    import sys

    ap = argparse.ArgumentParser(prog="python -m nlp.models.transformer", description=main.__doc__)
    ap.add_argument("--out", type=Path, default=Path("models/transformer-e5-small"))
    ap.add_argument("--encoder", default=DEFAULT_ENCODER, help="local encoder directory or hub id")
    ap.add_argument("--drafts", type=Path, default=None, help="drafting corpus folder (default corpora/drafts)")
    ap.add_argument("--no-real", action="store_true", help="do not train on the real set's non-test part")
    ap.add_argument("--layers", type=int, default=6)
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--head-tokens", type=int, default=128)
    ap.add_argument("--long-text", choices=("head_tail", "chunks"), default="head_tail")
    ap.add_argument("--max-chunks", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--evals-per-epoch", type=int, default=2)
    ap.add_argument("--patience", type=int, default=2)
    ap.add_argument("--no-freeze-embeddings", action="store_true")
    ap.add_argument("--max-train-seconds", type=float, default=None)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from ..corpus import load_drafts
    from ..pipeline import DisclosureClassifier
    from ..report.evaluate import evaluate_rows
    from ..report.metrics import three_class
    from ..training import assemble, metadata, real_set_if_present

    data = assemble(real_set_if_present(not args.no_real), load_drafts(args.drafts))
    print(json.dumps(data.stats, ensure_ascii=False), flush=True)
    model = TransformerDisclosureModel(
        encoder=args.encoder, num_layers=args.layers, max_length=args.max_length, head_tokens=args.head_tokens,
        long_text=args.long_text, max_chunks=args.max_chunks, epochs=args.epochs, batch_size=args.batch_size,
        learning_rate=args.lr, head_learning_rate=args.head_lr, evals_per_epoch=args.evals_per_epoch,
        patience=args.patience, freeze_embeddings=not args.no_freeze_embeddings,
        max_train_seconds=args.max_train_seconds, threads=args.threads, random_state=args.seed, verbose=True)
    model.fit(data.texts, data.labels, codes=data.codes, sample_weight=data.weights,
              eval_set=([r["text"] for r in data.dev], [r["label"] for r in data.dev]))
    print(f"trained in {model.fit_seconds_:.0f}s, best dev macro-F1 {model.best_dev_macro_f1_}, "
          f"temperature {model.temperature_:.3f}", flush=True)
    metrics = {}
    split_rows = {"drafts_dev": data.dev, "drafts_test": [r for r in data.held_out if r.get("corpus") == "drafts"],
                  "real_test": [r for r in data.held_out if r.get("corpus") == "real"]}
    classifier = DisclosureClassifier(model)
    for name, rows in split_rows.items():
        if not rows:
            continue
        t0 = time.perf_counter()
        labelled = [r for r in rows if r["label"] in LABELS]  # the real set's soe rows carry only `public`
        proba = model.predict_proba([r["text"] for r in labelled])
        model_only = three_class([r["label"] for r in labelled], [LABELS[k] for k in proba.argmax(1)], proba)
        metrics[name + "_model_argmax"] = model_only
        metrics[name], _ = evaluate_rows(classifier, rows)
        tc, binary = metrics[name].get("three_class", {}), metrics[name].get("binary", {})
        print(f"{name}: n={len(rows)} model argmax macro-F1={model_only['macro_f1']:.4f} leak={model_only['leak_rate']} | "
              f"pipeline macro-F1={tc.get('macro_f1')} leak={tc.get('leak_rate')} "
              f"binary BA={binary.get('balanced_accuracy')} ({time.perf_counter() - t0:.0f}s)", flush=True)
    command = "python -m nlp.models.transformer " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    meta = metadata(data, metrics, command.strip())
    meta["fit_seconds"] = round(model.fit_seconds_, 1)
    model.save_pretrained(args.out, meta)
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
