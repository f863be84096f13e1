import hashlib

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
