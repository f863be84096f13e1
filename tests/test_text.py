import pytest

from nlp.text import normalize, prepare, strip_markers


@pytest.mark.parametrize("marker", [
    "（此件公开发布）", "(此件公开发布)", "（此件主动公开）", "(此件主动公开)", "（此件依申请公开）", "(此件依申请公开)",
    "（此件不予公开）", "(此件不予公开)", "（此件不公开）", "(此件不公开)",
    "（此件不公开发布，发至收文单位本部。未经公司许可，严禁以任何方式对外传播和发布）",
    "(此件不公开发布，仅限公司内部员工阅知)", "（此 件 公 开 发 布）",
])
def test_bracketed_markers_are_removed(marker):
    text, found = prepare(f"关于某事项的通知\n各单位：\n请遵照执行。\n某局\n2024年1月2日\n{marker}")
    assert "此件" not in text and found
    assert text.endswith("2024年1月2日")


@pytest.mark.parametrize("line", ["公开方式：主动公开", "公开属性：依申请公开", "信息公开选项：不予公开",
                                  "信息公开：主动公开", "公开方式: 不予公开"])
def test_attribute_lines_are_removed(line):
    text, found = prepare(f"关于某事项的通知\n请遵照执行。\n{line}\n抄送：县委办。")
    assert line.split("：")[0].split(":")[0] not in text
    assert "抄送" in text and found


def test_inline_attribute_in_run_on_text_is_removed():
    text, _ = strip_markers("某局2024年1月2日信息公开选项：主动公开抄送：县委办")
    assert text == "某局2024年1月2日抄送：县委办"


def test_legitimate_signals_are_kept():
    raw = "秘密★1年\n内部资料 注意保存\n关于做好信息公开工作的通知\n信息公开工作要依法进行。"
    text, found = prepare(raw)
    assert "秘密★1年" in text and "内部资料" in text and "信息公开工作要依法进行" in text and not found


def test_normalize_width_spaces_and_punctuation():
    assert normalize("ＡＢＣ１２３　关 于 做 好 工 作 的 通 知") == "ABC123 关于做好工作的通知"
    assert normalize("各单位:\n会议于10:00召开,请参加.") == "各单位：\n会议于10:00召开，请参加."
    assert normalize("鲁政办发[2021]1号") == "鲁政办发〔2021〕1号"


def test_broken_lines_are_joined_but_titles_and_items_are_not():
    raw = ("关于加强农村公路养护工作的通知\n各乡镇人民政府，县直有关部门：\n为进一步加强农村公路养护管理工作，提高\n"
           "路况水平，现就有关事项通知如下。\n一、明确责任\n（一）各乡镇要落实属地责任。")
    lines = normalize(raw).split("\n")
    assert lines[0] == "关于加强农村公路养护工作的通知"
    assert "提高路况水平" in lines[2]
    assert lines[3] == "一、明确责任" and lines[4].startswith("（一）")


def test_normalize_is_idempotent():
    raw = "关 于\u3000做好 工作的通知\r\n\r\n各单位:\n请 于 ３ 日前报送。"
    assert normalize(normalize(raw)) == normalize(raw)
