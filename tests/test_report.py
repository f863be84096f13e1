import json

from nlp.cli.report import main as report_main
from nlp.corpus.splits import text_split
from nlp.report.metrics import binary, three_class


def test_leak_and_over_withholding_rates():
    y = ["不予公开", "不予公开", "不予公开", "不予公开", "主动公开", "主动公开", "依申请公开"]
    p = ["主动公开", "不予公开", "不予公开", "依申请公开", "不予公开", "主动公开", "依申请公开"]
    m = three_class(y, p)
    assert m["leak_rate"] == 0.25 and m["over_withholding_rate"] == 0.5
    assert m["per_class"]["不予公开"]["recall"] == 0.5 and m["per_class"]["不予公开"]["precision"] == 2 / 3
    assert m["confusion"]["matrix"][2] == [1, 1, 2]
    b = binary([False, False, True, True], [True, False, True, True])
    assert b["balanced_accuracy"] == 0.75 and b["non_public_predicted_public"] == 0.5


def test_report_command_writes_markdown_html_and_card(tmp_path, tiny_model_dir, tiny_corpus):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    rows = [{"id": f"drafts-{i}", "text": t + f"（第{j}稿）", "label": l, "codes": [c], "doc_type": "通知",
             "issuer_level": "县", "origin": "authored"}
            for j in range(4) for i, (t, l, c) in enumerate(tiny_corpus)]
    (drafts / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert any(text_split(r["text"]) == "dev" for r in rows)
    out = tmp_path / "report"
    assert report_main(["--model", str(tiny_model_dir), "--output", str(out), "--drafts", str(drafts), "--no-real"]) == 0
    md = (out / "REPORT.md").read_text(encoding="utf-8")
    assert "leak rate" in md and "Confusion matrix" in md and "rules only, model only, combined" in md
    assert "an example of each reason code" in md and "| PUB-A19 |" in md
    html = (out / "REPORT.html").read_text(encoding="utf-8")
    assert "<table>" in html and "data:image/png;base64," in html
    assert "Intended use" in (tiny_model_dir / "README.md").read_text(encoding="utf-8")
