"""The web page end to end: uvicorn on a free local port (tiny model), driven by headless Chromium.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); skips otherwise.
Saves a screenshot to ``tests/artifacts/web_check.png``.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
    pytest.skip(f"headless browser test needs {CHROMIUM} and {CHROMEDRIVER} "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)
pytest.importorskip("selenium", reason="pip install selenium (test extra)")
uvicorn = pytest.importorskip("uvicorn")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from nlp.service import create_app  # noqa: E402

DRAFT = ("关于申请拨付乡村道路建设资金的请示\n县人民政府：\n"
         "我局拟实施乡村道路硬化工程，总投资约800万元，目前资金缺口300万元。\n"
         "妥否，请批示。\n某县交通运输局\n2025年3月10日")
DUTY = "关于机关国庆节期间值班安排的通知\n机关各科室：\n现将国庆节期间值班安排通知如下，请值班人员按时到岗。"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tiny_model_dir):
    port = _free_port()
    config = uvicorn.Config(create_app(tiny_model_dir), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory, monkeypatch_module):
    monkeypatch_module.setenv("SE_OFFLINE", "true")  # Selenium Manager must not try to download anything
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _wait_result(driver):
    wait = WebDriverWait(driver, 30)
    wait.until(EC.visibility_of_element_located((By.ID, "result")))
    wait.until(lambda d: d.find_element(By.ID, "result-label").text.strip())


def _screenshot(driver, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    page_height = "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)"
    for _ in range(2):  # the window's outer size includes some pixels that are not page
        chrome = driver.execute_script("return window.outerHeight - window.innerHeight") or 0
        driver.set_window_size(1280, min(int(driver.execute_script(page_height)) + int(chrome) + 20, 8000))
    driver.execute_script("window.scrollTo(0, 0)")
    assert driver.save_screenshot(str(path))


def test_paste_draft_and_check(server, browser):
    browser.get(server + "/")
    assert "公文公开属性预检" in browser.title
    draft = browser.find_element(By.ID, "draft")
    draft.send_keys(DRAFT)
    assert "妥否，请批示。" in draft.get_attribute("value")
    browser.find_element(By.ID, "check").click()
    _wait_result(browser)

    assert browser.find_element(By.ID, "result-label").text == "不予公开"
    assert browser.find_element(By.ID, "result-confidence").text.endswith("%")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#probs .prob")) == 3
    assert browser.find_element(By.ID, "note-line").text == "（此件不予公开）"
    assert browser.find_element(By.ID, "primary-code").text == "WH-A16-PROCESS"
    assert "第十六条" in browser.find_element(By.ID, "basis-citation").text
    assert browser.find_element(By.ID, "basis-text").text.strip()

    marks = browser.find_elements(By.CSS_SELECTOR, "#doc-text mark.ev")
    assert marks, "at least one evidence span is highlighted"
    assert any("WH-A16-PROCESS" in m.get_attribute("title") for m in marks), "hover shows the reason code"
    assert any("妥否" in m.text for m in marks)
    legend = browser.find_element(By.ID, "legend")
    assert legend.find_elements(By.CSS_SELECTOR, '[data-code="WH-A16-PROCESS"]')
    assert "妥否，请批示" in browser.find_element(By.ID, "doc-text").text
    assert browser.find_element(By.ID, "review-flag").text  # the review box is filled either way

    browser.find_element(By.ID, "copy-note").click()
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.ID, "copied")))
    assert browser.find_element(By.ID, "copied").text in ("已复制", "复制失败，请手动选中复制")

    _screenshot(browser, ARTIFACTS / "web_check.png")
    assert (ARTIFACTS / "web_check.png").stat().st_size > 10_000
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"] if hasattr(browser, "get_log") else []
    assert not errors, errors


def test_upload_file_and_errors(server, browser, tmp_path):
    browser.set_window_size(1280, 1000)
    browser.get(server + "/")
    browser.find_element(By.ID, "check").click()  # nothing to check: a message, no request
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.ID, "error")))
    assert "没有可检查的文字" in browser.find_element(By.ID, "error").text

    path = tmp_path / "值班通知.txt"
    path.write_bytes(DUTY.encode("gb18030"))
    browser.find_element(By.ID, "file").send_keys(str(path))
    assert browser.find_element(By.ID, "file-name").text == "值班通知.txt"
    browser.find_element(By.ID, "check").click()
    _wait_result(browser)
    assert browser.find_element(By.ID, "result-label").text in ("主动公开", "依申请公开", "不予公开")
    assert "值班安排" in browser.find_element(By.ID, "doc-text").text
    assert not browser.find_element(By.ID, "error").is_displayed()

    bad = tmp_path / "草稿.exe"
    bad.write_bytes(b"MZ\x90\x00")
    browser.find_element(By.ID, "file").send_keys(str(bad))
    browser.find_element(By.ID, "check").click()
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.ID, "error")))
    assert "不支持该文件类型" in browser.find_element(By.ID, "error").text
