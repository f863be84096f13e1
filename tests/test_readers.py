"""Reader tests; every fixture is built in tmp_path so no binaries are committed."""
import json
import random
import zipfile

import pytest

from nlp.readers import Document, Limits, ReadError, decode_text, iter_documents, read_path

ZH = "关于印发《2024年政务公开工作要点》的通知\n各区人民政府，市政府各委、办、局：\n"


def docs(*inputs, **kw):
    return list(iter_documents([str(i) for i in inputs], **kw))


# --- encodings -------------------------------------------------------------

@pytest.mark.parametrize("data", [
    ZH.encode("utf-8"),
    b"\xef\xbb\xbf" + ZH.encode("utf-8"),
    ZH.encode("gbk"),
    ZH.encode("gb18030"),
    b"\xff\xfe" + ZH.encode("utf-16-le"),
    b"\xfe\xff" + ZH.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16le-bom", "utf16be-bom"])
def test_decode_text_encodings(data):
    assert decode_text(data) == ZH


def test_decode_gb18030_only_characters():
    text = "吉祥的“𠮷”字与䶮"  # U+20BB7 and U+4DAE are outside GBK
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    assert decode_text(text.encode("gb18030")) == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(codec):
    text = "Notice No. 12: 通知\r\nline 2\r\n"
    assert decode_text(text.encode(codec)) == "Notice No. 12: 通知\nline 2\n"


def test_decode_rejects_binary():
    garbage = b"\x89PNG\r\n\x1a\n" + random.Random(0).randbytes(4096)
    with pytest.raises(ReadError, match="binary data, not text \\(NUL bytes\\)"):
        decode_text(garbage)
    with pytest.raises(ReadError, match="too many control characters"):
        decode_text(b"\x01\x02\x03\x04abc" * 50)


def test_decode_rejects_undecodable_and_empty():
    with pytest.raises(ReadError, match="undecodable text: not UTF-8, UTF-16 or GB18030"):
        decode_text(b"abc \x81\x20 def")
    for empty in (b"", b" \r\n\t ", b"\xef\xbb\xbf\n"):
        with pytest.raises(ReadError, match="^empty document$"):
            decode_text(empty)


def test_txt_file_and_read_path_errors(tmp_path):
    (tmp_path / "a.txt").write_bytes(ZH.encode("gbk"))
    assert read_path(tmp_path / "a.txt") == ZH.strip()
    (tmp_path / "b.xyz").write_text("x")
    with pytest.raises(ReadError, match="unsupported format: .xyz"):
        read_path(tmp_path / "b.xyz")
    (tmp_path / "big.txt").write_bytes(b"a" * 101)
    with pytest.raises(ReadError, match="file too large: 101 bytes > limit 100"):
        read_path(tmp_path / "big.txt", max_bytes=100)


# --- formats ---------------------------------------------------------------

def test_docx_paragraphs_and_table(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("第一条 总则")
    d.add_paragraph("")
    p = d.add_paragraph("第二条 ")
    p.add_run("适用范围").bold = True
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([["项目", "金额"], ["道路", "100万元"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("附件：无")
    d.save(tmp_path / "a.docx")
    assert read_path(tmp_path / "a.docx") == "第一条 总则\n第二条 适用范围\n项目\n金额\n道路\n100万元\n附件：无"


def test_docx_corrupt(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="^corrupt DOCX file: File is not a zip file$"):
        read_path(tmp_path / "bad.docx")
    with zipfile.ZipFile(tmp_path / "empty.docx", "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ReadError, match="^corrupt DOCX file: word/document.xml missing$"):
        read_path(tmp_path / "empty.docx")


def make_pdf(content: bytes) -> bytes:
    """A minimal one-page PDF with a correct xref, using the standard Helvetica font."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_layer(tmp_path):
    (tmp_path / "a.pdf").write_bytes(make_pdf(b"BT /F1 12 Tf 72 720 Td (Notice 2024) Tj 0 -20 Td (Budget report) Tj ET"))
    assert read_path(tmp_path / "a.pdf") == "Notice 2024\nBudget report"


def test_pdf_without_text_layer_and_corrupt(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(make_pdf(b"0 0 m 100 100 l S"))
    with pytest.raises(ReadError, match=r"^no text layer \(scanned PDF\? OCR it first\)$"):
        read_path(tmp_path / "scan.pdf")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4\nthis is not a pdf body\n")
    with pytest.raises(ReadError, match="^corrupt PDF file: "):
        read_path(tmp_path / "bad.pdf")


def test_html_meta_charset_gbk(tmp_path):
    html = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            "<title>通知</title><style>p { color: red }</style>"
            "<script>var s = '<p>不要</p>';</script></head>"
            "<body><div>第一段\n  继续&nbsp;文字</div><p>第二段<br>换行</p>"
            "<ul><li>甲</li><li>乙</li></ul></body></html>")
    (tmp_path / "a.html").write_bytes(html.encode("gbk"))
    assert read_path(tmp_path / "a.html") == "通知\n第一段 继续 文字\n第二段\n换行\n甲\n乙"


def test_html_without_charset_is_sniffed(tmp_path):
    (tmp_path / "a.htm").write_bytes("<p>政务公开</p><p>第二段</p>".encode("gb18030"))
    assert read_path(tmp_path / "a.htm") == "政务公开\n第二段"


def ofd_page(*objects):
    """objects: (boundary_y, y, text)"""
    ns = "http://www.ofdspec.org/2016"
    body = "".join(f'<ofd:TextObject ID="{i}" Boundary="20 {by} 170 10" Font="1" Size="5">'
                   f'<ofd:TextCode X="0" Y="{y}">{text}</ofd:TextCode></ofd:TextObject>'
                   for i, (by, y, text) in enumerate(objects))
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{ns}"><ofd:Content>'
            f'<ofd:Layer ID="0">{body}</ofd:Layer></ofd:Content></ofd:Page>')


def test_ofd_pages_in_order(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.ofd", "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD xmlns:ofd='http://www.ofdspec.org/2016'/>")
        zf.writestr("Doc_0/Pages/Page_10/Content.xml", ofd_page((30, 5, "第三页")))
        zf.writestr("Doc_0/Pages/Page_2/Content.xml", ofd_page((30, 5, "第二页")))
        zf.writestr("Doc_0/Pages/Page_0/Content.xml",
                    ofd_page((30, 5, "关于"), (30, 5, "通知"), (40, 5, "各单位：")))
        zf.writestr("Doc_0/Tpls/Tpl_0/Content.xml", ofd_page((0, 5, "模板")))
    assert read_path(tmp_path / "a.ofd") == "关于通知\n各单位：\n第二页\n第三页"


# --- sources ---------------------------------------------------------------

def test_directory_tree(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_text("乙", encoding="utf-8")
    (root / "a.txt").write_text("甲", encoding="gbk")
    (root / "sub" / "c.htm").write_text("<p>丙</p>", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")
    (root / ".hidden.txt").write_text("secret")
    (root / "sub" / "empty.txt").write_bytes(b"")
    result = docs(root)
    assert [(d.id, d.text, d.error) for d in result] == [
        ("a.txt", "甲", None), ("b.txt", "乙", None), ("sub/c.htm", "丙", None),
        ("sub/empty.txt", None, "empty document")]
    assert result[0].source == str(root / "a.txt")


def test_single_file_missing_path_and_unsupported(tmp_path):
    (tmp_path / "one.txt").write_text("正文", encoding="utf-8")
    (tmp_path / "x.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    missing = tmp_path / "nope.txt"
    result = docs(tmp_path / "one.txt", missing, tmp_path / "x.doc")
    assert result == [
        Document("one.txt", "正文", str(tmp_path / "one.txt")),
        Document(str(missing), None, str(missing), "no such file or directory"),
        Document("x.doc", None, str(tmp_path / "x.doc"), "unsupported format: .doc"),
    ]
    assert list(iter_documents(str(tmp_path / "one.txt")))[0].text == "正文"  # a bare path is one input


def test_zip_traversal_refused_good_member_read(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../evil.txt", "evil")
        zf.writestr("/etc/abs.txt", "abs")
        zf.writestr("docs/good.txt", "正文内容".encode("gbk"))
        zf.writestr("docs/inner.zip", b"PK")
        zf.writestr("__MACOSX/docs/._good.txt", b"\0\0")
        zf.writestr("readme.md", "skipped")
        zf.writestr("./dot/ok.txt", "点")
        zf.writestr("dot/.hidden.txt", "hidden")
        link = zipfile.ZipInfo("docs/link.txt")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
    got = {d.id: (d.text, d.error) for d in docs(tmp_path / "a.zip")}
    assert got == {
        "a.zip!../evil.txt": (None, "zip member refused: path traversal (..)"),
        "a.zip!/etc/abs.txt": (None, "zip member refused: absolute path"),
        "a.zip!./dot/ok.txt": ("点", None),
        "a.zip!docs/good.txt": ("正文内容", None),
        "a.zip!docs/inner.zip": (None, "zip member refused: nested archive (extract it first)"),
        "a.zip!docs/link.txt": (None, "zip member refused: symlink"),
    }


def test_zip_gbk_member_names(tmp_path, monkeypatch):
    # Emulate zips from Chinese Windows (GBK names) and Info-ZIP (UTF-8 names), both without the UTF-8 flag.
    monkeypatch.setattr(zipfile.ZipInfo, "_encodeFilenameFlags", lambda self: (
        self.filename.encode("gbk" if "gbk" in self.filename else "utf-8"), self.flag_bits & ~0x800))
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
        zf.writestr("gbk/通知.txt", "正文")
        zf.writestr("utf8/公告.txt", "公告正文")
    monkeypatch.undo()
    assert [(d.id, d.text) for d in docs(tmp_path / "a.zip")] == [
        ("a.zip!gbk/通知.txt", "正文"), ("a.zip!utf8/公告.txt", "公告正文")]


def test_zip_caps(tmp_path):
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as zf:
        for i in range(4):
            zf.writestr(f"{i}.txt", "文")
    assert [(d.id, d.error) for d in docs(tmp_path / "many.zip", limits=Limits(max_members=3))] == [
        ("many.zip", "zip refused: 4 members > limit 3")]

    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", "a" * 100_000)
        zf.writestr("ok.txt", "正常文本")
    result = docs(tmp_path / "bomb.zip", limits=Limits(max_ratio=50))
    assert result[0].id == "bomb.zip!bomb.txt" and result[0].text is None
    assert result[0].error.startswith("zip member refused: compression ratio ") and result[0].error.endswith("x > limit 50x")
    assert (result[1].id, result[1].text) == ("bomb.zip!ok.txt", "正常文本")

    assert [(d.id, d.error) for d in docs(tmp_path / "bomb.zip", limits=Limits(max_total_bytes=1000))] == [
        ("bomb.zip", "zip refused: 100012 bytes uncompressed > limit 1000")]
    (tmp_path / "corrupt.zip").write_bytes(b"not a zip")
    assert [(d.id, d.error) for d in docs(tmp_path / "corrupt.zip")] == [
        ("corrupt.zip", "corrupt zip: File is not a zip file")]


def test_jsonl_bad_line_in_middle(tmp_path):
    lines = [json.dumps({"id": "n1", "text": "第一篇", "dept": "财政局"}, ensure_ascii=False),
             '{"id": "n2", "text": broken',
             "",
             json.dumps({"text": "无编号"}, ensure_ascii=False),
             json.dumps({"id": 7, "title": "no text"}),
             "[1, 2]"]
    (tmp_path / "d.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = str(tmp_path / "d.jsonl")
    result = docs(tmp_path / "d.jsonl")
    assert result[0] == Document("n1", "第一篇", src, meta={"dept": "财政局"})
    assert result[1].id == "d.jsonl#2" and result[1].text is None
    assert result[1].error.startswith("bad JSONL line 2: Expecting value")
    assert result[2] == Document("d.jsonl#4", "无编号", src)
    assert result[3] == Document("7", None, src, "missing 'text' field", {"title": "no text"})
    assert result[4] == Document("d.jsonl#6", None, src, "bad JSONL line 6: not a JSON object")
    assert len(result) == 5


def test_csv_gb18030(tmp_path):
    body = 'id,text,category\nc1,"第一行\n第二行",教育\nc2,"含,逗号𠮷",卫生\n,无编号,\n'
    (tmp_path / "d.csv").write_bytes(body.encode("gb18030"))
    src = str(tmp_path / "d.csv")
    assert docs(tmp_path / "d.csv") == [
        Document("c1", "第一行\n第二行", src, meta={"category": "教育"}),
        Document("c2", "含,逗号𠮷", src, meta={"category": "卫生"}),
        Document("d.csv#5", "无编号", src, meta={"category": ""}),
    ]


def test_csv_large_field_and_missing_text_column(tmp_path):
    big = "长" * 300_000  # beyond csv's default 131072-character field limit
    (tmp_path / "big.csv").write_text(f"id,text\nb1,{big}\n", encoding="utf-8-sig")
    assert [(d.id, len(d.text)) for d in docs(tmp_path / "big.csv")] == [("b1", 300_000)]
    (tmp_path / "bad.csv").write_text("id,body\n1,x\n", encoding="utf-8")
    assert [(d.id, d.error) for d in docs(tmp_path / "bad.csv")] == [("bad.csv", "CSV header has no 'text' column")]
