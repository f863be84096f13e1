/* 公文公开属性预检 — the page. Plain JS, no external assets; talks to /v1/check and /v1/labels. */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const LABEL_CLASS = { "主动公开": "pub", "依申请公开": "req", "不予公开": "wh" };
  const LABEL_ORDER = ["主动公开", "依申请公开", "不予公开"];
  const SOURCE_NAMES = { model: "模型", doc_type: "文种", secret_mark: "密级标识" };
  const ERROR_MESSAGES = {
    empty_text: "没有可检查的文字。请粘贴草稿全文，或上传含文字的文件。",
    unsupported_file_type: "不支持该文件类型。请上传 .txt、.docx 或 .pdf（文字版）文件。",
    unsupported_media_type: "请求格式不受支持。",
    unreadable_file: "文件无法读取（可能已损坏、加密，或为扫描件而无文字层）。",
    too_large: "文件或文本过大，超出服务允许的大小。",
    timeout: "检查超时，请稍后重试；如反复出现，请联系管理员。",
    invalid_json: "请求格式有误。",
    invalid_request: "请求内容不完整。",
    internal: "服务内部错误，请联系管理员。",
  };
  let codeInfo = {};  // code -> {when, citation, label}
  let lastRecord = null;
  let chosenFile = null;

  // ---------------------------------------------------------------- reference data
  fetch("v1/labels").then((r) => r.json()).then((data) => {
    for (const c of data.reason_codes || []) codeInfo[c.code] = c;
    if (lastRecord) render(lastRecord);
  }).catch(() => {});
  fetch("health").then((r) => r.json()).then((h) => {
    $("model-version").textContent = "模型版本：" + (h.model_version || "—");
  }).catch(() => {});

  // ---------------------------------------------------------------- input
  function setFile(file) {
    chosenFile = file || null;
    $("file-chosen").hidden = !chosenFile;
    $("file-name").textContent = chosenFile ? chosenFile.name : "";
    if (!chosenFile) $("file").value = "";
  }
  $("file").addEventListener("change", (e) => setFile(e.target.files[0]));
  $("file-clear").addEventListener("click", () => setFile(null));
  $("clear").addEventListener("click", () => {
    $("draft").value = "";
    setFile(null);
    showError(null);
    $("result").hidden = true;
    $("draft").focus();
  });
  $("check").addEventListener("click", check);
  $("draft").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); check(); }
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("dragover"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragover"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("dragover");
    if (e.dataTransfer.files.length) setFile(e.dataTransfer.files[0]);
  });

  function showError(message, detail) {
    const box = $("error");
    box.replaceChildren();
    if (!message) { box.hidden = true; return; }
    box.append(message);
    if (detail) {
      const small = document.createElement("small");
      small.textContent = "详情：" + detail;
      box.append(small);
    }
    box.hidden = false;
  }

  async function check() {
    const text = $("draft").value;
    let request;
    if (chosenFile) {
      const form = new FormData();
      form.append("file", chosenFile, chosenFile.name);
      request = { method: "POST", body: form };
    } else {
      if (!text.trim()) { showError(ERROR_MESSAGES.empty_text); $("draft").focus(); return; }
      request = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: text }) };
    }
    const button = $("check");
    button.disabled = true;
    button.textContent = "检查中…";
    showError(null);
    try {
      const response = await fetch("v1/check", request);
      let body = null;
      try { body = await response.json(); } catch (e) { body = null; }
      if (!response.ok) {
        const code = body && body.code;
        showError(ERROR_MESSAGES[code] || ("检查失败（HTTP " + response.status + "）。"), body && body.detail);
        return;
      }
      lastRecord = body;
      render(body);
      $("result").hidden = false;
      $("verdict").scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (e) {
      showError("无法连接检查服务，请确认服务已启动。", String(e));
    } finally {
      button.disabled = false;
      button.textContent = "检查";
    }
  }

  // ---------------------------------------------------------------- rendering
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children || []) node.append(c);
    return node;
  }
  const pct = (p) => (p == null ? "—" : (100 * p).toFixed(1) + "%");
  const sourceName = (s) => SOURCE_NAMES[s] || ("规则：" + s);

  function reviewReason(r) {
    let m;
    if ((m = /^low confidence ([\d.]+)/.exec(r))) return "模型置信度较低（" + pct(parseFloat(m[1])) + "）";
    if ((m = /^rule (\S+) \((\S+)\) overrides the model's (\S+)/.exec(r)))
      return "规则「" + sourceName(m[1]) + "」（" + m[2] + "）推翻了模型的判断（" + m[3] + "）";
    if ((m = /^(\S+) suggests (\S+) \((\S+)\)/.exec(r)))
      return "检测「" + sourceName(m[1]) + "」提示可能为" + m[2] + "（" + m[3] + "）";
    if (/^non-public decisions are confirmed/.test(r)) return "按本单位规定，非公开决定须人工确认";
    return r;
  }

  function render(rec) {
    const label = rec.label;
    const badge = $("result-label");
    badge.textContent = label;
    badge.className = "label-badge l-" + (LABEL_CLASS[label] || "x");
    $("result-confidence").textContent = pct(rec.confidence != null ? rec.confidence : (rec.probabilities || {})[label]);

    const probs = $("probs");
    probs.replaceChildren();
    for (const l of LABEL_ORDER) {
      const p = (rec.probabilities || {})[l] || 0;
      const fill = el("span", { class: "p-" + LABEL_CLASS[l] });
      fill.style.width = (100 * p).toFixed(1) + "%";
      probs.append(el("div", { class: "prob" + (l === label ? " chosen" : "") }, [
        el("span", { text: l }), el("span", { class: "bar" }, [fill]), el("span", { class: "pct", text: pct(p) })]));
    }
    $("note-line").textContent = rec.note_line || "";
    $("copied").hidden = true;

    // review
    const flag = $("review-flag");
    flag.textContent = rec.needs_review ? "需要人工复核" : "未发现需复核的情形";
    flag.className = "review-flag " + (rec.needs_review ? "yes" : "no");
    const reasons = $("review-reasons");
    reasons.replaceChildren(...(rec.review_reasons || []).map((r) => el("li", { text: reviewReason(r), title: r })));
    $("review-footnote").textContent = label && label !== "主动公开"
      ? "依申请公开、不予公开的决定，发文前须由经办人和审核人确认。"
      : "系统仅提供建议，最终以审核意见为准。";

    // basis
    const codes = rec.codes || [];
    const primary = codes[0];
    const basis = rec.basis || {};
    $("primary-code").textContent = primary || "—";
    $("primary-when").textContent = (codeInfo[primary] && codeInfo[primary].when) || "";
    $("basis-citation").textContent = basis.citation || "";
    $("basis-text").textContent = basis.text || "";
    $("basis-source").textContent = basis.source === "official" ? "条文来源：条例原文" : (basis.source ? "条文来源：内置摘要" : "");
    const others = $("other-codes");
    others.replaceChildren();
    if (codes.length > 1) {
      others.append("其他理由：");
      for (const c of codes.slice(1)) {
        const info = codeInfo[c];
        others.append(el("span", { class: "code-tag", text: c, title: info ? info.when + "（" + info.citation + "）" : c }), " ");
      }
    }

    // meta
    const meta = $("meta");
    meta.replaceChildren();
    const decided = rec.decided_by === "model" ? "模型" : (rec.decided_by || "").startsWith("rule:")
      ? "规则（" + sourceName(rec.decided_by.slice(5)) + "）" : (rec.decided_by || "—");
    const rows = [["标题", rec.title || "（未识别）"], ["文种", rec.doc_type || "（未识别）"], ["判定方式", decided],
      ["字数", rec.chars != null ? String(rec.chars) : "—"]];
    if (rec.source && rec.source !== "text") rows.unshift(["文件", rec.source]);
    if ((rec.markers_removed || []).length) rows.push(["已去除的标注", rec.markers_removed.join("；")]);
    for (const [k, v] of rows) meta.append(el("dt", { text: k }), el("dd", { text: v }));

    renderText(rec.text_normalised || "", rec.evidence || []);
  }

  /* The normalised text with every evidence span highlighted; overlapping spans are cut into
     segments, each carrying the codes of all spans that cover it. */
  function renderText(text, evidence) {
    const spans = evidence.filter((e) => e.end > e.start && e.start >= 0 && e.start < text.length)
      .map((e) => ({ start: e.start, end: Math.min(e.end, text.length), code: e.code, source: e.source }));
    const codes = [...new Set(spans.map((s) => s.code))];
    const color = (code) => "c" + (codes.indexOf(code) % 6);
    const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
    const out = $("doc-text");
    out.replaceChildren();
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1];
      const piece = text.slice(a, b);
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { out.append(piece); continue; }
      const segCodes = [...new Set(covering.map((s) => s.code))];
      const sources = [...new Set(covering.map((s) => sourceName(s.source)))];
      const title = segCodes.map((c) => c + (codeInfo[c] ? "：" + codeInfo[c].when : "")).join("\n") + "\n依据：" + sources.join("、");
      out.append(el("mark", { class: "ev " + color(segCodes[0]) + (segCodes.length > 1 ? " multi" : ""),
        title: title, "data-codes": segCodes.join(" ") }, [piece]));
    }
    const legend = $("legend");
    legend.replaceChildren();
    if (!codes.length) { legend.append(el("span", { class: "caption", text: "本文没有可高亮的依据片段。" })); return; }
    legend.append(el("span", { class: "caption", text: "图例：" }));
    for (const c of codes) {
      const info = codeInfo[c];
      legend.append(el("span", { class: "item", "data-code": c, title: info ? info.citation : c }, [
        el("span", { class: "swatch " + color(c) }), el("span", { class: "code-tag", text: c }),
        el("span", { text: info ? info.when : "" })]));
    }
  }

  // ---------------------------------------------------------------- copy 附注
  $("copy-note").addEventListener("click", async () => {
    const line = $("note-line").textContent;
    let ok = false;
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(line); ok = true; } catch (e) { ok = false; }
    }
    if (!ok) {  // plain http on an intranet address: the Clipboard API is not available there
      const ta = el("textarea", { readonly: "" });
      ta.value = line;
      ta.className = "visually-hidden";
      document.body.append(ta);
      ta.select();
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      ta.remove();
    }
    const note = $("copied");
    note.textContent = ok ? "已复制" : "复制失败，请手动选中复制";
    note.hidden = false;
    setTimeout(() => { note.hidden = true; }, 2500);
  });
})();
