import hashlib
import json

from nlp.corpus import real_split, text_split
from nlp.corpus.near_duplicates import near_duplicate_pairs, near_duplicates_of
from nlp.training import assemble


def test_real_split_rule_is_the_documented_one():
    for i in range(50):
        doc_id = f"real-{i:04d}"
        expected = "test" if int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) % 10 < 5 else "train"
        assert real_split(doc_id) == expected


def test_text_split_depends_on_normalised_text_only():
    assert text_split("关 于 做好工作的通知") == text_split("关于做好工作的通知")
    splits = [text_split(f"关于第{i}号事项的通知，请各单位遵照执行。") for i in range(2000)]
    assert 0.75 < splits.count("train") / 2000 < 0.85
    assert 0.07 < splits.count("dev") / 2000 < 0.13


BASE = ("为进一步加强农村公路养护管理工作，提高路况水平，保障群众安全便捷出行，现就有关事项通知如下。"
        "一、明确养护责任。各乡镇要落实属地管理责任，建立县乡村三级路长制。二、保障养护资金。")


def test_near_duplicates_found_and_distinct_texts_not():
    edited = BASE.replace("三级", "3级") + "特此通知。"
    other = "关于召开全县安全生产工作会议的通知：定于5月6日上午9时在县政府三楼会议室召开全县安全生产工作会议，请准时参加。"
    pairs = near_duplicate_pairs([BASE, edited, other])
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]
    assert near_duplicates_of([other, edited], [BASE]) == [1]


def test_assemble_drops_near_duplicates_of_test_and_keeps_partial_labels():
    rows = [
        {"id": "real-a", "text": BASE, "label": None, "public": None, "label_origin": None, "split": "test", "codes": []},
        {"id": "drafts-b", "text": BASE + "特此通知。", "label": "主动公开", "public": True, "label_origin": "authored",
         "split": "train", "codes": ["PUB-A19"]},
        {"id": "real-c", "text": "关于公司内部会议安排的通知。" * 5, "label": None, "public": False,
         "label_origin": "marker-soe", "split": "train", "codes": []},
    ]
    data = assemble(rows)
    assert data.stats["dropped_near_duplicates_of_dev_or_test"] == 1
    assert "drafts-b" not in data.ids
    assert sorted(zip(data.labels, data.weights)) == [("不予公开", 0.5), ("依申请公开", 0.5)]


def test_format_variants_keep_labels_and_leave_dev_alone():
    import random

    from nlp.corpus.augment import as_draft, run_on, variant
    from nlp.training import TrainingData, with_format_variants

    doc = "某县人民政府文件\n某府发〔2024〕3号\n关于某事项的通知\n各乡镇：\n请执行。\n抄送：县委办。\n某县人民政府办公室2024年1月2日印发"
    assert "\n" not in run_on(doc)
    assert as_draft(doc) == "关于某事项的通知\n各乡镇：\n请执行。"
    assert variant(doc, random.Random(0)) != doc or variant(doc, random.Random(1)) != doc
    data = TrainingData(texts=[doc] * 10, labels=["主动公开"] * 10, codes=[None] * 10, weights=[1.0] * 10,
                        ids=[f"d{i}" for i in range(10)], dev=[{"id": "dev"}])
    aug = with_format_variants(data, share=0.5, seed=0)
    added = aug.stats["format_variants_added"]
    assert 0 < added < 10 and len(aug.texts) == 10 + added and set(aug.labels) == {"主动公开"}
    assert aug.dev == data.dev and len(data.texts) == 10


def test_authoring_compiles_and_composed_documents_inherit_the_parent_split(tmp_path):
    from nlp.corpus import load_drafts
    from nlp.corpus.authoring import main as compile_main

    head = ("title: 关于{t}的通知\ndoc_type: 通知\nissuer: 某县政府办\nissuer_level: 县\nprovince: 四川\ntopic: t\n"
            "label: {l}\ncodes: {c}\nedge_case: -\nrationale: r\n{extra}---\n{body}\n")
    (tmp_path / "A").mkdir()
    (tmp_path / "B").mkdir()
    for i in range(12):
        (tmp_path / "A" / f"{i:03d}.txt").write_text(head.format(t=f"事项{i}", l="主动公开", c="PUB-A19", extra="",
                                                            body=f"关于事项{i}的通知\n各乡镇：请做好第{i}项工作。"), encoding="utf-8")
        (tmp_path / "B" / f"{i:03d}.txt").write_text(head.format(
            t=f"事项{i}", l="依申请公开", c="REQ-SPECIFIC", extra=f"origin: composed\nrecipe: twin\nparents: A/{i:03d}\n",
            body=f"关于同意事项{i}的复函\n某单位：你单位来函收悉，同意办理第{i}项。此复。"), encoding="utf-8")
    (tmp_path / "A" / "bad.txt").write_text(head.format(t="x", l="主动公开", c="WH-A16-PROCESS", extra="", body="x"),
                                            encoding="utf-8")
    out = tmp_path / "drafts" / "authored.jsonl"
    assert compile_main([str(tmp_path), str(out)]) == 0
    ds = load_drafts(out.parent)
    assert len(ds) == 24  # the file whose code contradicts its label was skipped
    split = {r["id"]: r["split"] for r in ds}
    composed = [r for r in (json.loads(l) for l in (out.parent / "composed.jsonl").read_text().splitlines())]
    assert all(split[r["id"]] == split[r["parents"][0]] for r in composed)

    # appending a new slice keeps every compiled line byte for byte, even when a staging file changed since
    before = out.read_text(encoding="utf-8")
    (tmp_path / "A" / "000.txt").write_text(head.format(t="改", l="主动公开", c="PUB-A19", extra="", body="改写后的正文"),
                                            encoding="utf-8")
    (tmp_path / "C").mkdir()
    (tmp_path / "C" / "001.txt").write_text(head.format(t="新", l="依申请公开", c="REQ-INTERNAL", extra="",
                                                        body="关于机关值班安排的通知\n各科室：请按表值班。"), encoding="utf-8")
    (tmp_path / "C" / "002.txt").write_text(head.format(t="新2", l="不予公开", c="WH-A16-PROCESS",
                                                        extra="origin: composed\nrecipe: twin\nparents: A/003\n",
                                                        body="关于事项3的请示\n县政府：妥否，请批示。"), encoding="utf-8")
    assert compile_main([str(tmp_path), str(out), "--slices", "C"]) == 0
    after = out.read_text(encoding="utf-8")
    assert after.startswith(before) and len(after.splitlines()) == 13 and "改写后的正文" not in after
    ds = load_drafts(out.parent)
    assert len(ds) == 26
    new_twin = [json.loads(l) for l in (out.parent / "composed.jsonl").read_text().splitlines()][-1]
    assert new_twin["parents"] == [json.loads(before.splitlines()[3])["id"]]  # A/003 resolved from the compiled file
    assert compile_main([str(tmp_path), str(out), "--slices", "C"]) == 0  # idempotent
    assert len(load_drafts(out.parent)) == 26
