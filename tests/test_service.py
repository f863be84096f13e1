"""The HTTP API (nlp/service) on the tiny model: endpoints, uploads, limits, errors, logging."""
from __future__ import annotations

import io
import logging
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")
from fastapi.testclient import TestClient  # noqa: E402

from nlp.labels import LABELS, NOTE_LINES, REASON_CODES  # noqa: E402
from nlp.service import create_app  # noqa: E402

REQUEST = "关于申请拨付乡村道路建设资金的请示\n县人民政府：\n我局拟实施道路工程，资金缺口300万元。\n妥否，请批示。"
SECRET_WORDS = "资金缺口300万元"  # a phrase of the document that must never reach the logs
DUTY = "关于机关国庆节期间值班安排的通知\n机关各科室：\n现将国庆节期间值班安排通知如下，请值班人员按时到岗。"


@pytest.fixture(scope="module")
def app(tiny_model_dir):
    return create_app(tiny_model_dir, max_bytes=100_000, timeout_s=10)


@pytest.fixture()
def client(app):
    with TestClient(app) as c:
        yield c


def _check_record(r: dict):
    assert r["error"] is None
    assert r["label"] in LABELS
    assert abs(sum(r["probabilities"].values()) - 1) < 1e-3
    assert r["confidence"] == r["probabilities"][r["label"]]
    assert r["codes"] and r["codes"][0] in REASON_CODES
    assert r["basis"]["code"] == r["codes"][0] and r["basis"]["citation"] and r["basis"]["text"]
    assert r["note_line"] == NOTE_LINES[r["label"]]
    assert isinstance(r["needs_review"], bool) and isinstance(r["review_reasons"], list)
    assert r["model_version"] == "test"
    text = r["text_normalised"]
    for e in r["evidence"]:  # offsets refer to the returned normalised text
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert text[e["start"]:e["end"]] == e["text"]
        assert e["code"] in REASON_CODES


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "model_version": "test", "api_version": "1"}


def test_labels(client):
    body = client.get("/v1/labels").json()
    assert [l["label"] for l in body["labels"]] == list(LABELS)
    assert {l["note_line"] for l in body["labels"]} == set(NOTE_LINES.values())
    codes = {c["code"]: c for c in body["reason_codes"]}
    assert set(codes) == set(REASON_CODES)
    process = codes["WH-A16-PROCESS"]
    assert process["label"] == "不予公开" and "第十六条" in process["citation"] and process["article_text"]


def test_check_json(client):
    r = client.post("/v1/check", json={"text": REQUEST, "id": "OA-1"})
    assert r.status_code == 200, r.text
    rec = r.json()
    _check_record(rec)
    assert rec["id"] == "OA-1" and rec["source"] == "text"
    assert rec["label"] == "不予公开" and rec["codes"][0] == "WH-A16-PROCESS"
    assert "第十六条" in rec["basis"]["citation"]
    assert rec["note_line"] == "（此件不予公开）"
    assert rec["evidence"], "a 请示 has evidence spans"
    assert rec["doc_type"] == "请示"


def test_check_without_id_gets_one(client):
    rec = client.post("/v1/check", json={"text": DUTY}).json()
    _check_record(rec)
    assert rec["id"]


def test_check_upload_txt_gb18030(client):
    data = REQUEST.encode("gb18030")
    r = client.post("/v1/check", files={"file": ("请示.txt", data, "text/plain")}, data={"id": "f1"})
    assert r.status_code == 200, r.text
    rec = r.json()
    _check_record(rec)
    assert rec["id"] == "f1" and rec["source"] == "请示.txt"
    assert rec["label"] == "不予公开"
    assert "妥否，请批示" in rec["text_normalised"]


def test_check_upload_docx(client):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for line in REQUEST.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    r = client.post("/v1/check", files={"file": ("draft.docx", buf.getvalue(),
                                                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document")})
    assert r.status_code == 200, r.text
    rec = r.json()
    _check_record(rec)
    assert rec["label"] == "不予公开" and rec["title"] == "关于申请拨付乡村道路建设资金的请示"


@pytest.mark.parametrize("payload", [{"text": ""}, {"text": "   \n "}])
def test_empty_text_422(client, payload):
    r = client.post("/v1/check", json=payload)
    assert r.status_code == 422
    assert r.json()["code"] == "empty_text" and r.json()["detail"]


def test_bad_requests(client):
    assert client.post("/v1/check", json={"id": "x"}).status_code == 422  # no text
    assert client.post("/v1/check", json=["not", "an", "object"]).status_code == 422
    r = client.post("/v1/check", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["code"] == "invalid_json"
    r = client.post("/v1/check", content=REQUEST.encode(), headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type"


def test_unsupported_file_type(client):
    r = client.post("/v1/check", files={"file": ("draft.exe", b"MZ\x90\x00", "application/octet-stream")})
    assert r.status_code == 415
    assert r.json()["code"] == "unsupported_file_type" and ".docx" in r.json()["detail"]


@pytest.mark.parametrize("name,data", [("broken.docx", b"PK\x03\x04 not really a zip"),
                                       ("binary.txt", b"\x00\x01\x02\xff" * 50),
                                       ("scan.pdf", b"%PDF-1.4 garbage")])
def test_unreadable_file_422(client, name, data):
    r = client.post("/v1/check", files={"file": (name, data)})
    assert r.status_code == 422
    assert r.json()["code"] == "unreadable_file" and name in r.json()["detail"]


def test_empty_file_422(client):
    r = client.post("/v1/check", files={"file": ("empty.txt", b"")})
    assert r.status_code == 422 and r.json()["code"] == "empty_text"


def test_oversize_413(client):
    r = client.post("/v1/check", json={"text": "关于" + "字" * 60_000})
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    r = client.post("/v1/check", files={"file": ("big.txt", ("字" * 40_000).encode("utf-8"))})
    assert r.status_code == 413


def test_oversize_chunked_413(client):
    def body():  # no Content-Length: the limit holds while the body streams in
        for _ in range(150):
            yield b'{"text": "' + b"a" * 1000

    r = client.post("/v1/check", content=body(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_timeout_504(tiny_model_dir, monkeypatch):
    app = create_app(tiny_model_dir, timeout_s=0.2)
    real = app.state.classifier.classify_texts

    def slow(*a, **k):
        time.sleep(1.0)
        return real(*a, **k)

    monkeypatch.setattr(app.state.classifier, "classify_texts", slow)
    with TestClient(app) as c:
        r = c.post("/v1/check", json={"text": REQUEST})
    assert r.status_code == 504 and r.json()["code"] == "timeout"


def test_batch_with_bad_item(client):
    items = [{"id": "a", "text": REQUEST}, {"id": "b", "text": ""}, {"id": "c", "text": DUTY}, {"id": "d"}, "oops"]
    r = client.post("/v1/batch", json=items)
    assert r.status_code == 200, r.text
    recs = r.json()
    assert [x["id"] for x in recs] == ["a", "b", "c", "d", "4"]
    _check_record(recs[0])
    _check_record(recs[2])
    assert recs[0]["label"] == "不予公开"
    for bad in (recs[1], recs[3], recs[4]):
        assert bad["label"] is None and bad["error"]


def test_batch_limits(client):
    r = client.post("/v1/batch", json=[{"id": str(i), "text": "通知"} for i in range(101)])
    assert r.status_code == 422 and r.json()["code"] == "too_many_items"
    assert client.post("/v1/batch", json={"text": REQUEST}).status_code == 422


def test_logs_never_hold_text_by_default(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/v1/check", json={"text": REQUEST, "id": "log-1"})
    client.post("/v1/check", files={"file": ("x.txt", REQUEST.encode("gb18030"))}, data={"id": "log-2"})
    client.post("/v1/batch", json=[{"id": "log-3", "text": REQUEST}])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "log-1" in logged and "label=不予公开" in logged and "latency_ms=" in logged and "chars=" in logged
    assert "log-2" in logged and "log-3" in logged
    assert SECRET_WORDS not in logged and "妥否" not in logged


def test_log_text_opt_in(tiny_model_dir, caplog):
    caplog.set_level(logging.INFO)
    with TestClient(create_app(tiny_model_dir, log_text=True)) as c:
        c.post("/v1/check", json={"text": REQUEST, "id": "log-4"})
    assert SECRET_WORDS in "\n".join(r.getMessage() for r in caplog.records)


def test_page_and_offline_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and "公文公开属性预检" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/app.css", "/static/docs.js"):
        r = client.get(asset)
        assert r.status_code == 200
        assert "http://" not in r.text and "https://" not in r.text, f"{asset} must not load external assets"
    assert "https://" not in page.text and "http://" not in page.text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert client.get("/redoc").status_code == 404
    spec = client.get("/openapi.json").json()
    assert {"/v1/check", "/v1/batch", "/v1/labels", "/health"} <= set(spec["paths"])
    assert "multipart/form-data" in spec["paths"]["/v1/check"]["post"]["requestBody"]["content"]
