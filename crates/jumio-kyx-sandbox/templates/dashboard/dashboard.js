"use strict";
let state = null, editing = null;
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined) e.append(kid instanceof Node ? kid : String(kid));
  return e;
}
function say(text, error) { const m = document.getElementById("message"); m.textContent = text; m.className = error ? "error" : ""; }
async function call(method, path, body) {
  const r = await fetch("/__sandbox" + path, {method, headers: body === undefined ? {} : {"content-type": "application/json"}, body: body === undefined ? undefined : JSON.stringify(body)});
  if (!r.ok) { let d = r.statusText; try { d = (await r.json()).detail || d; } catch (_) {} say(method + " " + path + ": " + d, true); throw new Error(d); }
  await refresh();
  return r;
}
function scenarioEditor(current, save) {
  const box = h("div", {class: "scenario"});
  const selects = {};
  for (const [cap, labels] of Object.entries(state.capabilities)) {
    const s = h("select", {"data-capability": cap}, h("option", {value: ""}, "(passes)"),
      labels.map(l => h("option", {value: l.label, selected: current.labels && current.labels[cap] === l.label}, l.label + " — " + l.decision)));
    selects[cap] = s;
    box.append(h("label", {}, cap + " ", s), " ");
  }
  const risk = h("input", {type: "number", min: 0, max: 100, step: "any", placeholder: "risk", value: current.risk ?? "", "data-risk": ""});
  box.append(h("label", {}, "risk ", risk), " ",
    h("button", {class: "primary", onclick: () => {
      const labels = {};
      for (const [cap, s] of Object.entries(selects)) if (s.value) labels[cap] = s.value;
      const out = {labels};
      if (risk.value !== "") out.risk = Number(risk.value);
      editing = null; save(out);
    }}, "save scenario"));
  return box;
}
function workflowRow(w) {
  const images = w.credentials.flatMap(c => c.parts.map(p => p.image
    ? h("img", {class: "thumb", alt: c.category + " " + p.classifier, title: c.category + " " + p.classifier + " (" + p.bytes + " bytes)",
        src: "/__sandbox/ui/parts/" + encodeURIComponent(w.id) + "/" + encodeURIComponent(c.id) + "/" + encodeURIComponent(p.classifier)})
    : h("span", {class: "muted mono", title: p.contentType}, c.category + " " + p.classifier + " ")));
  const decision = w.decision ? h("div", {},
      h("span", {class: "status " + w.decision.type}, w.decision.type), " ",
      h("span", {class: "muted"}, "risk " + (w.decision.risk ? w.decision.risk.score : "?")),
      h("details", {}, h("summary", {}, "capabilities"),
        h("table", {}, Object.entries(w.capabilities || {}).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", {class: "mono"}, v))))))
    : h("span", {class: "muted"}, w.nextChangeAt ? "changes at " + w.nextChangeAt : "—");
  const actions = h("td", {});
  if (w.status === "INITIATED") {
    if (w.webHref) actions.append(h("a", {href: w.webHref, target: "_blank", rel: "noopener"}, "open journey"), " ");
    actions.append(h("button", {class: "primary", "data-complete": w.id, onclick: () => call("POST", "/workflows/" + encodeURIComponent(w.id) + "/complete").then(() => say("journey completed for " + w.id))}, "complete journey"));
  }
  if (w.status === "INITIATED" || w.status === "ACQUIRED") {
    actions.append(h("button", {onclick: () => { editing = editing === w.id ? null : w.id; render(); }}, "scenario…"));
    if (editing === w.id) actions.append(scenarioEditor(w.scenario || {}, s => call("PUT", "/workflows/" + encodeURIComponent(w.id) + "/scenario", s).then(() => say("scenario saved for " + w.id))));
  }
  return h("tr", {"data-workflow": w.id},
    h("td", {class: "mono"}, w.createdAt),
    h("td", {class: "mono"}, w.id, h("br"), h("span", {class: "muted"}, w.accountId), h("br"), h("span", {class: "muted"}, "definition " + w.definitionKey)),
    h("td", {}, w.customerInternalReference ?? ""),
    h("td", {class: "status " + w.status}, w.status),
    h("td", {}, decision),
    h("td", {}, images),
    actions);
}
function faultEffect(f) {
  const bits = [];
  if (f.status) bits.push("status " + f.status);
  if (f.drop) bits.push("drop " + f.drop);
  if (f.latencyMs) bits.push(f.latencyMs + " ms late");
  if (f.retryAfter !== undefined) bits.push("Retry-After " + f.retryAfter);
  if (f.body !== undefined) bits.push("custom body");
  return bits.join(", ");
}
function saveFaults(rules) { return call("PUT", "/faults", rules); }
function render() {
  if (!state) return;
  document.getElementById("clock").textContent = state.now;
  document.getElementById("offset").textContent = state.offsetMs ? "(+" + Math.round(state.offsetMs / 1000) + " s)" : "";
  document.getElementById("wf-count").textContent = "(" + state.workflows.length + ")";
  document.querySelector("#workflows tbody").replaceChildren(...state.workflows.map(workflowRow));
  document.querySelector("#callbacks tbody").replaceChildren(...state.callbacks.slice().reverse().map(c => h("tr", {"data-callback": c.id},
    h("td", {}, c.id), h("td", {class: "mono"}, c.workflowExecutionId), h("td", {class: "mono"}, c.url),
    h("td", {class: c.state}, c.state),
    h("td", {}, c.attempts.map(a => h("div", {class: "mono"}, a.at + " → " + (a.status ?? a.error) + " (" + Math.round(a.durationMs) + " ms)"))),
    h("td", {}, h("button", {"data-redeliver": c.id, onclick: () => call("POST", "/callbacks/" + c.id + "/redeliver").then(() => say("callback " + c.id + " redelivering"))}, "redeliver")))));
  if (editing !== "default") {
    document.getElementById("default-scenario").replaceChildren(
      h("span", {class: "mono"}, JSON.stringify(state.defaultScenario)), " ",
      h("button", {onclick: () => { editing = "default"; render(); }}, "edit"));
  } else if (!document.querySelector("#default-scenario .scenario")) {
    document.getElementById("default-scenario").replaceChildren(scenarioEditor(state.defaultScenario, s => call("PUT", "/scenario", s).then(() => say("default scenario saved"))));
  }
  const faults = state.faults;
  document.querySelector("#faults tbody").replaceChildren(...faults.map((f, i) => h("tr", {"data-fault": i},
    h("td", {}, f.operation === "*" ? "every operation" : f.operation), h("td", {}, faultEffect(f)), h("td", {}, f.rate ?? 1), h("td", {}, f.count ?? "∞"),
    h("td", {}, f.disabled ? "off" : "on"),
    h("td", {},
      h("button", {onclick: () => saveFaults(faults.map((g, j) => j === i ? Object.assign({}, g, {disabled: !g.disabled}) : g))}, f.disabled ? "switch on" : "switch off"),
      h("button", {onclick: () => saveFaults(faults.filter((_, j) => j !== i))}, "remove")))));
  if (!document.querySelector("#fault-form form")) {
    const op = h("select", {name: "operation"}, h("option", {value: "*"}, "every operation"), state.operations.map(o => h("option", {value: o}, o)));
    const status = h("input", {name: "status", type: "number", min: 100, max: 599, placeholder: "status", value: 503});
    const drop = h("select", {name: "drop"}, h("option", {value: ""}, "answer"), h("option", {value: "before"}, "drop before processing"), h("option", {value: "after"}, "drop after processing"));
    const count = h("input", {name: "count", type: "number", min: 1, placeholder: "times (∞)"});
    const form = h("form", {onsubmit: (e) => {
      e.preventDefault();
      const rule = {operation: op.value};
      if (drop.value) rule.drop = drop.value; else if (status.value) rule.status = Number(status.value);
      if (count.value) rule.count = Number(count.value);
      saveFaults(state.faults.concat([rule])).then(() => say("fault added"));
    }}, "add fault: ", op, " ", status, " ", drop, " ", count, " ", h("button", {type: "submit"}, "add"));
    document.getElementById("fault-form").replaceChildren(form);
  }
  document.getElementById("req-count").textContent = "(" + state.requestCount + ", newest " + state.requests.length + " shown)";
  document.querySelector("#requests tbody").replaceChildren(...state.requests.map(r => h("tr", {},
    h("td", {}, r.seq), h("td", {class: "mono"}, r.at), h("td", {class: "mono"}, r.method + " " + r.path),
    h("td", {}, r.operation ?? "", r.event === undefined ? "" : h("details", {class: "event"}, h("summary", {}, "event"), h("pre", {class: "mono"}, JSON.stringify(r.event, null, 1)))),
    h("td", {}, r.status ?? "dropped"), h("td", {}, r.durationMs === undefined ? "" : Math.round(r.durationMs)))));
  document.getElementById("settings").textContent = JSON.stringify(state.settings, null, 2);
}
async function refresh() {
  try {
    const r = await fetch("/__sandbox/ui/state", {cache: "no-store"});
    state = await r.json();
    // Keep an open scenario editor: re-rendering it would lose the choice being made.
    if (!(editing && document.activeElement && document.activeElement.closest(".scenario"))) render();
  } catch (e) { say("sandbox unreachable: " + e.message, true); }
}
for (const b of document.querySelectorAll("[data-advance]")) b.addEventListener("click", () => call("POST", "/clock/advance", {seconds: Number(b.dataset.advance)}).then(() => say("clock moved " + b.dataset.advance + " s")));
document.getElementById("import-state").addEventListener("click", () => document.getElementById("import-file").click());
document.getElementById("import-file").addEventListener("change", async (ev) => {
  const file = ev.target.files[0];
  ev.target.value = "";
  if (!file || !confirm("Replace the sandbox's state with " + file.name + "?")) return;
  const r = await fetch("/__sandbox/state", {method: "PUT", headers: {"content-type": "application/json"}, body: await file.text()});
  if (!r.ok) { let d = r.statusText; try { d = (await r.json()).detail || d; } catch (_) {} say("import: " + d, true); return; }
  say("imported " + file.name);
  await refresh();
});
document.getElementById("reset").addEventListener("click", () => { if (confirm("Forget every account, workflow and callback?")) call("POST", "/reset").then(() => say("reset")); });
refresh();
setInterval(refresh, 1000);
