import csv
import json

import pytest

from nlp.cli.predict import main as predict_main
from nlp.pipeline import DisclosureClassifier

REQUEST = "关于申请拨付乡村道路建设资金的请示\n县人民政府：\n我局拟实施道路工程，资金缺口300万元。\n妥否，请批示。"


@pytest.fixture()
def inputs(tmp_path, tiny_corpus):
    d = tmp_path / "in"
    d.mkdir()
    for i, (text, _, _) in enumerate(tiny_corpus[:6]):
        (d / f"{i:02d}.txt").write_text(text, encoding="gb18030" if i % 2 else "utf-8")
    (d / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (d / "empty.txt").write_bytes(b"")
    return d


def _read_jsonl(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines()]


def test_predict_records_and_errors(inputs, tmp_path, tiny_model_dir):
    out = tmp_path / "out.jsonl"
    assert predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(out), "--workers", "1"]) == 0
    recs = {r["id"]: r for r in _read_jsonl(out)}
    assert len(recs) == 8
    assert recs["broken.txt"]["error"] and recs["broken.txt"]["label"] is None
    assert "empty" in recs["empty.txt"]["error"]
    ok = recs["00.txt"]
    assert ok["error"] is None and ok["label"] in ok["probabilities"]
    assert abs(sum(ok["probabilities"].values()) - 1) < 1e-3
    assert ok["codes"] and isinstance(ok["needs_review"], bool)
    for e in ok["evidence"]:
        assert e["end"] > e["start"] and e["code"]


def test_resume_skips_finished_items(inputs, tmp_path, tiny_model_dir):
    out = tmp_path / "out.jsonl"
    predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(out), "--workers", "1"])
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:3]) + lines[3][:20], encoding="utf-8")  # interrupted mid-line
    predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(out), "--resume", "--workers", "1"])
    ids = [r["id"] for r in _read_jsonl(out)]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 8


def test_parallel_matches_serial(inputs, tmp_path, tiny_model_dir):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(a), "--workers", "1"])
    predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(b), "--workers", "2"])
    strip = lambda rs: [(r["id"], r["label"], r["codes"]) for r in rs]  # noqa: E731
    assert strip(_read_jsonl(a)) == strip(_read_jsonl(b))


def test_csv_and_xlsx_outputs(inputs, tmp_path, tiny_model_dir):
    c = tmp_path / "out.csv"
    predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(c), "--workers", "1"])
    rows = list(csv.DictReader(c.open(encoding="utf-8")))
    assert len(rows) == 8 and {"id", "label", "codes", "error"} <= set(rows[0])
    x = tmp_path / "out.xlsx"
    predict_main([str(inputs), "--model", str(tiny_model_dir), "-o", str(x), "--workers", "1"])
    from openpyxl import load_workbook

    ws = load_workbook(x).active
    assert ws.max_row == 9


def test_secret_mark_overrides_and_request_is_withheld(tiny_model_dir):
    clf = DisclosureClassifier.from_pretrained(tiny_model_dir)
    secret, request = clf.classify_texts(["秘密★1年\n关于召开全县道路建设公告发布会的通知\n各乡镇：\n请广大市民周知。", REQUEST])
    assert secret["label"] == "不予公开" and secret["codes"][0] == "WH-A14-SECRET"
    assert secret["decided_by"] == "rule:secret_mark"
    assert any(e["text"] == "秘密★1年" for e in secret["evidence"])
    assert request["label"] == "不予公开" and request["codes"][0] == "WH-A16-PROCESS"
    assert request["basis"]["citation"].endswith("第十六条第二款")


def test_markers_in_input_are_stripped_before_the_model(tiny_model_dir):
    clf = DisclosureClassifier.from_pretrained(tiny_model_dir)
    plain, marked = clf.classify_texts([REQUEST, REQUEST + "\n（此件主动公开）"])
    assert marked["markers_removed"] == ["（此件主动公开）"]
    assert plain["probabilities"] == marked["probabilities"]


def test_prior_adjustment_moves_probability_to_the_common_class(tiny_model_dir):
    from nlp.decision import load_policy

    base = DisclosureClassifier.from_pretrained(tiny_model_dir)
    policy = load_policy()
    policy["class_priors"] = {"主动公开": 0.9, "依申请公开": 0.05, "不予公开": 0.05}
    shifted = DisclosureClassifier(base.model, policy)
    text = "关于机关值班安排的通知\n机关各科室：\n请按时到岗。"
    assert shifted.classify_texts([text])[0]["probabilities"]["主动公开"] > base.classify_texts([text])[0]["probabilities"]["主动公开"]


def test_cost_sensitive_decision_avoids_leaks():
    import numpy as np

    from nlp.decision import load_policy, min_expected_cost

    costs = load_policy()["costs"]
    p = np.array([0.5, 0.1, 0.4])  # argmax says 主动公开, but a leak costs four times more
    assert min_expected_cost(p, None) == "主动公开"
    assert min_expected_cost(p, costs) == "依申请公开"  # expected costs: 1.7 主动, 0.9 依申请, 1.1 不予
    assert min_expected_cost(np.array([0.9, 0.05, 0.05]), costs) == "主动公开"
