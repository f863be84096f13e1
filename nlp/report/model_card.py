"""The model card (``README.md`` in a model directory), generated from the model, its metadata and
its report, so that it stays true: one card layout, with the parts that differ by model type
(what the model is, its files, its recipe) taken from the loaded model."""
from __future__ import annotations

from pathlib import Path

from .render import SUMMARY_HEADER, _table, summary_row


def _classical_parts(model) -> dict:
    return {
        "type": "character 1–3-gram + jieba word 1–2-gram TF-IDF and 公文 structure features → class-weighted "
                "multinomial logistic regression, temperature-scaled probabilities, a reason-code head; decisions go "
                "through the codebook decision layer (`nlp/decision.py`).",
        "files": "`config.json` (parameters, labels, metadata) and `arrays.npz` (weights, IDF, vocabularies); "
                 "loading never unpickles.",
        "recipe": [],
    }


def _transformer_parts(model) -> dict:
    p = model.get_params()
    prov = _encoder_provenance(model)
    adapted = prov.get("held_out_mlm_loss") if prov else None
    long_text = (f"head+tail truncation ({p['head_tokens']} head tokens of {p['max_length']})"
                 if p["long_text"] == "head_tail" else
                 f"chunk pooling (up to {p['max_chunks']} windows of {p['max_length']} tokens, mean-pooled)")
    recipe = [
        f"- Encoder: `{model.encoder_source_}` cut to its first {model.net_.encoder.config.num_hidden_layers} layers"
        + (f"; domain-adapted by `{prov.get('command')}` ({prov.get('steps')} MLM steps, "
           f"{prov.get('tokens_seen'):,} tokens; held-out masked-token loss {adapted['before']} → {adapted['after']})"
           if adapted else "") + ".",
        f"- Long documents: {long_text}; input prefix `{p['prefix']}`.",
        f"- Fine-tuning: {p['epochs']} epoch(s) at most, batch {p['batch_size']}, encoder lr {p['learning_rate']}, "
        f"head lr {p['head_learning_rate']}, embeddings {'frozen' if p['freeze_embeddings'] else 'trained'}, "
        f"class weights `{p['class_weight']}`, code loss weight {p['code_loss_weight']}, early stopping on the dev "
        f"macro-F1 (patience {p['patience']}), seed {p['random_state']}; best dev macro-F1 "
        f"{model.best_dev_macro_f1_}, temperature {model.temperature_:.3f}.",
        "- Training curve: " + "; ".join(
            f"step {h['step']} ({h['seconds']:.0f} s) dev {h.get('dev_macro_f1')}" for h in model.history_) + ".",
        f"- Fit time: {model.metadata.get('fit_seconds')} s on the machine that trained it.",
        f"- Inference: dynamic int8 quantisation of the Linear layers at load for scoring (`int8_inference="
        f"{p['int8_inference']}`; `benchmarks/transformer_speed.py` measures speed and agreement against fp32); "
        "explanations (driving passages) run the fp32 network, whose gradients they need.",
        *_variant_lines(),
        "",
        "The weights are not committed (over the repository's 60 MB budget); rebuild them with "
        "`python -m nlp.encoders.build` and the creation command above.",
    ]
    return {
        "type": "fine-tuned transformer encoder (multilingual-e5-small, vocabulary pruned to Chinese text) → mean "
                "pooling over all tokens → a label head and a reason-code head, trained jointly; temperature-scaled "
                "probabilities; decisions go through the codebook decision layer (`nlp/decision.py`).",
        "files": "`config.json` (parameters, labels, training history, metadata), `heads.safetensors` and "
                 "`encoder/` (safetensors weights, tokenizer, provenance); loading never unpickles.",
        "recipe": recipe,
    }


def _variant_lines() -> list[str]:
    """How the recipe was chosen: the table of ``benchmarks/transformer_variants.py``, when it was run."""
    import json

    from ..shared import REPO_ROOT

    f = REPO_ROOT / "benchmarks" / "results" / "transformer_variants.json"
    if not f.is_file():
        return []
    rows = json.loads(f.read_text(encoding="utf-8"))
    return ["- Recipe choice (`python benchmarks/transformer_variants.py`, one epoch each on one corpus version, "
            "chosen on the dev macro-F1 with a 0.005 margin; real-set figures shown, not used to choose): " + "; ".join(
                f"{r['variant']} ({r['long_text']}) dev {r['dev_macro_f1']}, real test binary BA "
                f"{r['real_test_combined_binary_ba']}" for r in rows) + "."]


def _encoder_provenance(model) -> dict | None:
    import json

    f = Path(str(getattr(model, "encoder_source_", "") or "")) / "provenance.json"
    return json.loads(f.read_text(encoding="utf-8")) if f.is_file() else None


PARTS = {"ClassicalDisclosureModel": _classical_parts, "TransformerDisclosureModel": _transformer_parts}


def write_model_card(model_dir: Path, model, results: dict) -> Path:
    meta = getattr(model, "metadata", {}) or {}
    parts = PARTS.get(type(model).__name__, lambda m: {"type": type(m).__name__, "files": "see config.json",
                                                       "recipe": []})(model)
    td = meta.get("training_data", {})
    lines = [
        f"# Model card — {model_dir.name}", "",
        f"- **Version**: {meta.get('version')}  •  created {meta.get('created')}",
        f"- **Created by**: `{meta.get('command')}`",
        f"- **Training data fingerprint**: `{meta.get('training_data_fingerprint')}`",
        f"- **Type**: {parts['type']}",
        f"- **Files**: {parts['files']}", "",
        "## Training data", "",
        f"{td.get('train_documents')} documents ({td.get('train_rows')} rows; by corpus {td.get('train_by_corpus')}); "
        f"label weight {td.get('train_label_weight')}. {td.get('dropped_near_duplicates_of_dev_or_test')} training "
        "documents were dropped as near-duplicates (MinHash Jaccard ≥ 0.8) of dev or test documents. "
        "Real-set `marker-soe` documents (an enterprise's 不公开发布 marking) enter as a partial label "
        "(not public, class unknown), never as a three-class label.", "",
    ]
    if parts["recipe"]:
        lines += ["## Recipe", "", *parts["recipe"], ""]
    lines += [
        "## Evaluation (from the report)", "",
        _table(SUMMARY_HEADER, [summary_row(n, m) for n, m in results.items()]), "",
        "Full report: `report/REPORT.md` / `report/REPORT.html`.", "",
        "## Intended use and limits", "",
        "- A drafting-stage pre-check and an archive triage tool. **A person confirms every non-public decision** "
        "and every item flagged `needs_review`; the model proposes, the signer decides.",
        "- The real set's non-public documents come almost all from one enterprise: its binary figures are "
        "confounded by issuer (see the per-issuer tables). The drafting corpus is written by this project to the "
        "codebook; figures on it measure agreement with the codebook, not with any one locality's practice.",
        "- Localities differ on 依申请公开 vs 不予公开 for internal and privacy matters; set the policy file accordingly.",
        "- Real-world priors are skewed (≈90% 主动公开): set `class_priors` in the policy to adjust probabilities.",
    ]
    path = model_dir / "README.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
