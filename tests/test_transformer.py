"""TransformerDisclosureModel on a tiny random BERT (2 layers, hidden 32) and a character-level
tokenizer built here: training runs, the API matches the classical model's, save/load round-trips
exactly through JSON + safetensors only, long texts are cut head + tail (or chunked)."""
from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from nlp.labels import LABELS, REASON_CODES
from nlp.models.transformer import TransformerDisclosureModel

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


@pytest.fixture(scope="session")
def tiny_encoder_dir(tmp_path_factory, tiny_corpus):
    import torch
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    chars = sorted({c for text, _, _ in tiny_corpus for c in text if not c.isspace()} | set("query:"))
    vocab = {t: i for i, t in enumerate(SPECIALS + chars)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(),
                                                 pre_tokenizers.Split(Regex("."), behavior="isolated")])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", cls_token="<s>",
                                   sep_token="</s>", pad_token="<pad>", unk_token="<unk>", mask_token="<mask>",
                                   model_max_length=128)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128, pad_token_id=1)
    path = tmp_path_factory.mktemp("tiny-encoder")
    BertModel(config, add_pooling_layer=False).save_pretrained(path)
    fast.save_pretrained(path)
    return path


def _model(encoder_dir, **kw):
    params = dict(encoder=str(encoder_dir), num_layers=6, max_length=48, head_tokens=20, epochs=4, batch_size=6,
                  learning_rate=2e-3, head_learning_rate=1e-2, warmup=0.0, freeze_embeddings=False, dev_fraction=0,
                  threads=1, random_state=0)
    params.update(kw)
    return TransformerDisclosureModel(**params)


@pytest.fixture(scope="session")
def fitted(tiny_encoder_dir, tiny_corpus):
    texts, labels, codes = map(list, zip(*tiny_corpus))
    return _model(tiny_encoder_dir).fit(texts, labels, codes=codes)


def test_fit_predict_analyse(fitted, tiny_corpus):
    texts, labels, _ = map(list, zip(*tiny_corpus))
    proba = fitted.predict_proba(texts)
    assert proba.shape == (len(texts), 3) and np.allclose(proba.sum(1), 1)
    assert list(fitted.classes_) == list(LABELS)
    assert set(fitted.predict(texts)) <= set(LABELS)
    assert fitted.net_.encoder.config.num_hidden_layers == 2  # num_layers caps at the encoder's depth
    assert len(fitted.code_classes_) > 2 and fitted.history_
    prepared = fitted.prepare_batch(texts[:4])
    out = fitted.analyse(prepared, top_features=5)
    assert len(out) == 4
    for a, p in zip(out, fitted.predict_proba(prepared, prepared=True)):
        np.testing.assert_allclose(a["probabilities"], p, atol=1e-6)
        label = LABELS[int(np.argmax(a["probabilities"]))]
        assert a["codes"] and all(REASON_CODES[c].label == label for c in a["codes"])
        assert len(a["drivers"]) <= 5 and all(n.startswith("word:") and w > 0 for n, w in a["drivers"])
    assert any(a["drivers"] for a in out)
    assert all(a["drivers"] == [] for a in fitted.analyse(prepared, top_features=0))


def test_learns_the_training_set(fitted, tiny_corpus):
    texts, labels, _ = map(list, zip(*tiny_corpus))
    assert np.mean(fitted.predict(texts) == np.array(labels)) >= 0.8


def test_save_load_round_trip_without_pickle(fitted, tiny_corpus, tmp_path):
    texts = [t for t, _, _ in tiny_corpus]
    path = fitted.save_pretrained(tmp_path / "m", {"version": "test"})
    files = [p for p in path.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} <= {".json", ".safetensors"}, files
    for p in files:
        head = p.read_bytes()[:2]
        assert head != b"\x80\x02" and head[:1] != b"\x80" and not zipfile.is_zipfile(p)  # no pickle, no torch.save
    loaded = TransformerDisclosureModel.from_pretrained(path, int8=False)
    np.testing.assert_allclose(loaded.predict_proba(texts), fitted.predict_proba(texts), rtol=0, atol=1e-6)
    assert loaded.temperature_ == fitted.temperature_ and list(loaded.code_classes_) == list(fitted.code_classes_)
    prepared = fitted.prepare_batch(texts[:3])
    assert [a["codes"] for a in loaded.analyse(prepared, 0)] == [a["codes"] for a in fitted.analyse(prepared, 0)]
    assert loaded.metadata == {"version": "test"} and loaded.get_params()["max_length"] == 48
    cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
    assert cfg["model_type"] == "transformer-disclosure" and cfg["labels"] == list(LABELS)


def test_default_load_is_int8_and_agrees_with_fp32(fitted, tiny_corpus, tmp_path):
    import torch

    texts = [t for t, _, _ in tiny_corpus]
    path = fitted.save_pretrained(tmp_path / "m8", {"version": "test"})
    loaded = TransformerDisclosureModel.from_pretrained(path)  # int8_inference defaults to True
    assert getattr(loaded, "quantized_", False)
    assert not any(isinstance(m, torch.nn.Linear) for m in loaded.net_.encoder.modules())
    p8, p32 = loaded.predict_proba(texts), fitted.predict_proba(texts)
    assert np.abs(p8 - p32).max() < 0.1 and np.mean(p8.argmax(1) == p32.argmax(1)) >= 0.9
    prepared = fitted.prepare_batch(texts[:3])  # explanations run the fp32 network: same as before quantising
    assert [a["codes"] for a in loaded.analyse(prepared, 5)] == [a["codes"] for a in fitted.analyse(prepared, 5)]
    with pytest.raises(ValueError, match="quantised"):
        loaded.save_pretrained(tmp_path / "again")


def test_from_pretrained_rejects_other_model_types(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "classical-tfidf-logreg"}))
    with pytest.raises(ValueError, match="model_type"):
        TransformerDisclosureModel.from_pretrained(tmp_path)


def test_head_tail_truncation_and_chunks(fitted):
    tok = fitted.tokenizer_
    long_text = "关于" * 10 + "通知" * 40 + "请示" * 10  # 120 content chars + prefix
    windows, owner = fitted._windows([long_text, "关于"])
    content = tok(fitted.prefix + long_text, add_special_tokens=False)["input_ids"]
    w = windows[0]
    assert owner == [0, 1] and len(w) == fitted.max_length
    assert w[0] == tok.cls_token_id and w[-1] == tok.sep_token_id
    assert w[1:1 + fitted.head_tokens] == content[:fitted.head_tokens]
    tail = fitted.max_length - 2 - fitted.head_tokens
    assert w[1 + fitted.head_tokens:-1] == content[-tail:]
    chunked = fitted.set_params(long_text="chunks", max_chunks=2)
    try:
        windows, owner = chunked._windows([long_text])
        assert owner == [0, 0] and windows[0][1:-1] == content[:46] and windows[1][1:-1] == content[46:92]
        assert chunked.predict_proba([long_text]).shape == (1, 3)
    finally:
        fitted.set_params(long_text="head_tail", max_chunks=4)


def test_class_weights_balanced():
    m = TransformerDisclosureModel()
    y = np.array([0, 0, 0, 1, 2, 2])
    w = np.array([1, 1, 1, 1, 0.5, 0.5])
    cw = m._class_weights(y, w)
    np.testing.assert_allclose(cw, [5 / 9, 5 / 3, 5 / 3])


def test_early_stopping_and_seeded(tiny_encoder_dir, tiny_corpus):
    texts, labels, codes = map(list, zip(*tiny_corpus))
    dev = (texts[::3], labels[::3])
    a = _model(tiny_encoder_dir, epochs=3, patience=0, evals_per_epoch=2).fit(texts, labels, eval_set=dev)
    assert all("dev_macro_f1" in h for h in a.history_)
    assert a.best_dev_macro_f1_ == max(h["dev_macro_f1"] for h in a.history_)
    assert a.temperature_ > 0
    b = _model(tiny_encoder_dir, epochs=3, patience=0, evals_per_epoch=2).fit(texts, labels, eval_set=dev)
    np.testing.assert_allclose(a.predict_proba(texts[:5]), b.predict_proba(texts[:5]), atol=1e-6)
    assert a.history_ == [{**h, "seconds": a.history_[i]["seconds"]} for i, h in enumerate(b.history_)]


def test_encoder_sources_local_or_hub(tmp_path):
    from nlp.encoders import check_source

    assert check_source("intfloat/multilingual-e5-small") == "intfloat/multilingual-e5-small"  # a hub id, unchanged
    assert check_source(tmp_path) == str(tmp_path)
    with pytest.raises(FileNotFoundError, match="nlp.encoders.build"):
        TransformerDisclosureModel(encoder="models/encoders/not-built").fit(["关于"] * 3, list(LABELS))


def test_model_card_describes_the_transformer_recipe(fitted, tmp_path):
    from nlp.report.model_card import write_model_card

    path = fitted.save_pretrained(tmp_path / "card", {"version": "test", "command": "python -m nlp.models.transformer"})
    loaded = TransformerDisclosureModel.from_pretrained(path, int8=False)
    card = write_model_card(path, loaded, {}).read_text(encoding="utf-8")
    assert "## Recipe" in card and "fine-tuned transformer encoder" in card
    assert "first 2 layers" in card and "head+tail truncation" in card
    assert "python -m nlp.models.transformer" in card and "TF-IDF" not in card
