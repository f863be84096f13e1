"""Domain adaptation: continued masked-language-model training of an encoder on legal and official
text (``../shared/corpora/laws`` plus the drafting corpus's *train* split — never dev/test, never the
real set), so that the encoder has seen 公文 vocabulary before it is fine-tuned.

    python -m nlp.encoders.adapt --out models/encoders/e5-small-zh-gov --layers 6 --max-seconds 900

E5 checkpoints ship without an MLM head, so a fresh BERT prediction head (tied to the frozen word
embeddings) is trained alongside the encoder's upper layers. Only the first ``--layers`` layers are
kept and adapted (the fine-tuning recipe uses the same number). The held-out masked-token loss
(drafting dev split and 1 in 50 law texts, fixed masks) is measured before and after and written to
``provenance.json`` with the data fingerprint and the command; whether the adapted encoder helps the
classifier is measured by fine-tuning both (see ``models/transformer-e5-small`` model card).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shlex
import sys
import time
from pathlib import Path

import numpy as np

LAWS_FILE = "corpora/laws/lawrefbook.jsonl.gz"


def law_texts(path: Path | None = None) -> list[str]:
    """Statute texts (markdown bodies of the law book), index pages and front matter dropped."""
    from ..shared import require_shared

    path = path or require_shared(LAWS_FILE)
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = rec.get("text", "")
            if rec.get("title") == "_index" or len(text) < 200:
                continue
            out.append(text)
    return out


def windows(texts: list[str], tokenizer, length: int) -> list[list[int]]:
    """Token windows of ``length`` (CLS + tokens + SEP) cut from each text in order."""
    body = length - 2
    out = []
    for i in range(0, len(texts), 64):
        for ids in tokenizer(texts[i:i + 64], add_special_tokens=False)["input_ids"]:
            for s in range(0, len(ids), body):
                piece = ids[s:s + body]
                if len(piece) >= 32:
                    out.append([tokenizer.cls_token_id] + piece + [tokenizer.sep_token_id])
    return out


def mask_tokens(batch: list[list[int]], tokenizer, rng: np.random.Generator, p: float = 0.15):
    """BERT masking (80% [MASK], 10% random, 10% kept) of ``p`` of the non-special tokens."""
    import torch

    width = max(len(x) for x in batch)
    ids = np.full((len(batch), width), tokenizer.pad_token_id, dtype=np.int64)
    att = np.zeros_like(ids)
    for i, x in enumerate(batch):
        ids[i, :len(x)] = x
        att[i, :len(x)] = 1
    special = np.isin(ids, [tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id])
    chosen = (rng.random(ids.shape) < p) & ~special
    labels = np.where(chosen, ids, -100)
    r = rng.random(ids.shape)
    inputs = ids.copy()
    inputs[chosen & (r < 0.8)] = tokenizer.mask_token_id
    rand = chosen & (r >= 0.8) & (r < 0.9)
    inputs[rand] = rng.integers(5, len(tokenizer), size=int(rand.sum()))
    return torch.tensor(inputs), torch.tensor(att), torch.tensor(labels)


def masked_loss(model, inputs, att, labels):
    """Cross-entropy at the masked positions only: the vocabulary projection runs on ~15% of the
    tokens instead of all of them (about a third of the step's cost otherwise)."""
    import torch

    hidden = model.bert(input_ids=inputs, attention_mask=att).last_hidden_state
    where = labels != -100
    logits = model.cls(hidden[where])
    return torch.nn.functional.cross_entropy(logits, labels[where])


def mlm_loss(model, data: list[list[int]], tokenizer, batch_size: int = 32, seed: int = 1234) -> float:
    """Mean masked-token loss over ``data`` with fixed masks (same seed before and after training)."""
    import torch

    rng = np.random.default_rng(seed)
    model.eval()
    total, count = 0.0, 0
    with torch.inference_mode():
        for i in range(0, len(data), batch_size):
            inputs, att, labels = mask_tokens(data[i:i + batch_size], tokenizer, rng)
            n = int((labels != -100).sum())
            total += float(masked_loss(model, inputs, att, labels)) * n
            count += n
    model.train()
    return total / max(count, 1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m nlp.encoders.adapt", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--encoder", default="models/encoders/e5-small-zh", help="local encoder directory or hub id")
    ap.add_argument("--out", type=Path, default=Path("models/encoders/e5-small-zh-gov"))
    ap.add_argument("--layers", type=int, default=6, help="keep and adapt the first N layers")
    ap.add_argument("--length", type=int, default=128, help="tokens per training window")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--head-lr", type=float, default=5e-4)
    ap.add_argument("--drafts-share", type=float, default=0.5, help="share of windows drawn from the drafting corpus")
    ap.add_argument("--max-steps", type=int, default=3000)
    ap.add_argument("--max-seconds", type=float, default=900)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    import torch
    from transformers import AutoConfig, BertForMaskedLM
    from transformers.utils import logging as hf_logging

    from ..corpus import load_drafts
    from . import check_source, load_tokenizer

    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    source = check_source(args.encoder)
    tokenizer = load_tokenizer(source)
    config = AutoConfig.from_pretrained(source)
    config.num_hidden_layers = min(args.layers, config.num_hidden_layers)
    hf_logging.set_verbosity_error()  # the MLM head is new and the dropped layers unused, by design
    model = BertForMaskedLM.from_pretrained(source, config=config)
    hf_logging.set_verbosity_warning()
    for p in model.bert.embeddings.parameters():
        p.requires_grad_(False)

    drafts = load_drafts()
    laws = law_texts()
    law_dev = [t for t in laws if int(hashlib.sha1(t.encode()).hexdigest(), 16) % 50 == 0]
    law_train = [t for t in laws if int(hashlib.sha1(t.encode()).hexdigest(), 16) % 50 != 0]
    draft_train = [r["text"] for r in drafts if r["split"] == "train"]
    draft_dev = [r["text"] for r in drafts if r["split"] == "dev"]
    fingerprint = hashlib.sha256("\n\u0000".join(law_train + draft_train).encode("utf-8")).hexdigest()
    t0 = time.perf_counter()
    w_laws, w_drafts = windows(law_train, tokenizer, args.length), windows(draft_train, tokenizer, args.length)
    held = {"drafts_dev": windows(draft_dev, tokenizer, args.length)[:400],
            "laws_dev": windows(law_dev, tokenizer, args.length)[:400]}
    print(f"windows: laws {len(w_laws)}, drafts {len(w_drafts)}; held-out {[len(v) for v in held.values()]} "
          f"({time.perf_counter() - t0:.0f}s)", flush=True)
    before = {k: round(mlm_loss(model, v, tokenizer), 4) for k, v in held.items()}
    print("held-out MLM loss before:", before, flush=True)

    head = [p for n, p in model.named_parameters() if n.startswith("cls.") and p.requires_grad]
    body = [p for n, p in model.named_parameters() if not n.startswith("cls.") and p.requires_grad]
    optim = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}],
                              weight_decay=0.01)
    warm = 100
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda s: min(1.0, (s + 1) / warm))
    n_drafts = int(round(args.batch_size * args.drafts_share))
    model.train()
    t_start, step, log = time.perf_counter(), 0, []
    while step < args.max_steps and time.perf_counter() - t_start < args.max_seconds:
        batch = [w_drafts[i] for i in rng.integers(0, len(w_drafts), n_drafts)]
        batch += [w_laws[i] for i in rng.integers(0, len(w_laws), args.batch_size - n_drafts)]
        inputs, att, labels = mask_tokens(batch, tokenizer, rng)
        loss = masked_loss(model, inputs, att, labels)
        optim.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(body + head, 1.0)
        optim.step()
        sched.step()
        step += 1
        if step % 20 == 0:
            entry = {"step": step, "loss": round(float(loss.detach()), 4),
                     "seconds": round(time.perf_counter() - t_start, 1)}
            log.append(entry)
            print(json.dumps(entry), flush=True)
    after = {k: round(mlm_loss(model, v, tokenizer), 4) for k, v in held.items()}
    print("held-out MLM loss after:", after, flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    model.bert.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    src_prov = Path(source) / "provenance.json"
    provenance = {
        "adapted_from": source,
        "source_provenance": json.loads(src_prov.read_text(encoding="utf-8")) if src_prov.exists() else None,
        "method": "continued masked-LM (15% BERT masking), embeddings frozen, fresh tied MLM head",
        "layers": config.num_hidden_layers, "window_tokens": args.length, "batch_size": args.batch_size,
        "steps": step, "train_seconds": round(time.perf_counter() - t_start, 1),
        "tokens_seen": step * args.batch_size * args.length, "drafts_share": args.drafts_share,
        "data": {"laws_texts": len(law_train), "drafts_train_texts": len(draft_train),
                 "law_windows": len(w_laws), "draft_windows": len(w_drafts), "fingerprint": fingerprint},
        "held_out_mlm_loss": {"before": before, "after": after},
        "log": log,
        "command": "python -m nlp.encoders.adapt " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])),
    }
    (args.out / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
