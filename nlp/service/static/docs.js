/* Renders /openapi.json as a plain page: no Swagger UI, no CDN. */
"use strict";
(function () {
  const root = document.getElementById("ops");
  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }
  function resolve(schema, spec, depth) {
    if (!schema || typeof schema !== "object" || depth > 8) return schema;
    if (Array.isArray(schema)) return schema.map((s) => resolve(s, spec, depth + 1));
    if (schema.$ref) {
      const parts = schema.$ref.replace(/^#\//, "").split("/");
      let target = spec;
      for (const p of parts) target = target && target[p];
      return resolve(target, spec, depth + 1);
    }
    const out = {};
    for (const [k, v] of Object.entries(schema)) out[k] = k === "$defs" ? undefined : resolve(v, spec, depth + 1);
    return out;
  }
  function schemaBlock(title, schema, spec) {
    const d = el("details");
    d.append(el("summary", null, title));
    d.append(el("pre", null, JSON.stringify(resolve(schema, spec, 0), null, 2)));
    return d;
  }
  fetch("openapi.json").then((r) => r.json()).then((spec) => {
    root.replaceChildren();
    for (const [path, ops] of Object.entries(spec.paths || {})) {
      for (const [method, op] of Object.entries(ops)) {
        const card = el("section", "card op");
        const h = el("h3");
        h.append(el("span", "method " + method, method.toUpperCase()), el("span", null, path), el("span", "summary", op.summary || ""));
        card.append(h);
        if (op.description) card.append(el("p", null, op.description.replace(/`/g, "")));
        const body = op.requestBody && op.requestBody.content;
        if (body) {
          card.append(el("h4", null, "请求体"));
          for (const [ctype, c] of Object.entries(body)) card.append(schemaBlock(ctype, c.schema, spec));
        }
        card.append(el("h4", null, "响应"));
        for (const [status, r] of Object.entries(op.responses || {})) {
          const line = el("div", "resp");
          line.append(el("b", null, status), " " + (r.description || ""));
          card.append(line);
          const json = r.content && r.content["application/json"];
          if (json && json.schema && Object.keys(json.schema).length) card.append(schemaBlock("application/json", json.schema, spec));
        }
        root.append(card);
      }
    }
  }).catch((e) => { root.replaceChildren(el("p", "error", "无法读取 /openapi.json：" + e)); });
})();
