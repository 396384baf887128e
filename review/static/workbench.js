// awardex workbench: the article page's editor. Served as a file (the page allows no inline
// script); every value from the article or the record goes into the page as text, never as HTML.
"use strict";

const SCALARS = ["city", "state", "enrollment", "schools"];
const state = {data: null, work: null, pairs: []};

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function shown(value) {
  if (value === null || value === undefined || (Array.isArray(value) && !value.length)) return "–";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function statusOf(value, reviewed) {
  const empty = value === null || value === undefined || (Array.isArray(value) && !value.length);
  if (reviewed) return empty ? ["reviewed as absent", "absent"] : ["confirmed", "confirmed"];
  return empty ? ["not filled yet", "unfilled"] : ["not reviewed", "unreviewed"];
}

function markReviewed(obj, field) {
  obj.reviewed = obj.reviewed || [];
  if (!obj.reviewed.includes(field)) obj.reviewed.push(field);
}

function rulesFor(rules, value) {
  if (!rules || value === null || value === undefined) return "";
  const values = Array.isArray(value) ? value : [value];
  const found = new Set();
  for (const v of values) for (const r of rules[String(v)] || []) found.add(r);
  return found.size ? "rule " + [...found].join(", ") : "";
}

function parseValue(field, text) {
  text = text.trim();
  if (field === "aliases") return text ? text.split(",").map(s => s.trim()).filter(Boolean) : [];
  if (!text) return null;
  if ((field === "enrollment" || field === "schools") && /^\d[\d,]*$/.test(text)) return Number(text.replace(/,/g, ""));
  if (field === "state") return text.toUpperCase();
  return text;
}

function valueRow(owner, field, extractedValue, rules) {
  const current = owner[field];
  const [label, cls] = statusOf(current, (owner.reviewed || []).includes(field));
  const input = el("input", {class: "value", "data-field": field, value: Array.isArray(current) ? current.join(", ") : (current ?? ""),
                             "aria-label": field});
  const tag = el("span", {class: "tag " + cls}, label);
  input.addEventListener("input", () => {  // edit in place: the page is not redrawn while typing
    owner[field] = parseValue(field, input.value);
    markReviewed(owner, field);
    if (field === "name") delete owner.span;  // the selected place no longer holds this name
    const [now, nowCls] = statusOf(owner[field], true);
    tag.textContent = now;
    tag.className = "tag " + nowCls;
  });
  const accept = el("button", {type: "button", class: "accept", title: "the extracted value is right",
    onclick: () => { if (extractedValue !== undefined) owner[field] = extractedValue; markReviewed(owner, field); render(); }}, "accept");
  const reject = el("button", {type: "button", class: "reject", title: "the article gives no such value",
    onclick: () => { owner[field] = field === "aliases" ? [] : null; markReviewed(owner, field); render(); }}, "reject");
  const differs = extractedValue !== undefined && JSON.stringify(extractedValue ?? null) !== JSON.stringify(current ?? null)
    && !(Array.isArray(current) && !current.length && (extractedValue === null || !extractedValue.length));
  return el("tr", {"data-field": field, class: differs ? "differs" : ""},
    el("td", {class: "field"}, field),
    el("td", {}, input, tag),
    el("td", {class: "extracted"}, shown(extractedValue), el("span", {class: "rule"}, rulesFor(rules, extractedValue))),
    el("td", {class: "actions"}, accept, reject));
}

function roleRow(d, extracted) {
  const select = el("select", {class: "role", "aria-label": "role"});
  for (const r of ["", "recognized", "mentioned"]) {
    const o = el("option", {value: r}, r || "–");
    if ((d.role || "") === r) o.selected = true;
    select.append(o);
  }
  select.addEventListener("change", () => { d.role = select.value || null; markReviewed(d, "role"); render(); });
  const [label, cls] = statusOf(d.role, (d.reviewed || []).includes("role"));
  return el("tr", {"data-field": "role"}, el("td", {class: "field"}, "role"),
    el("td", {}, select, el("span", {class: "tag " + cls}, label)),
    el("td", {class: "extracted"}, shown(extracted ? extracted.role : null),
       el("span", {class: "rule"}, extracted ? rulesFor(extracted.rules.role, extracted.role) : "")), el("td"));
}

function initiativesRow(d, extracted) {
  const list = el("ul", {class: "initiatives"});
  for (const id of d.initiatives) {
    list.append(el("li", {"data-id": id}, id, el("button", {type: "button", class: "remove", title: "remove " + id,
      onclick: () => { d.initiatives = d.initiatives.filter(x => x !== id); markReviewed(d, "initiatives"); render(); }}, "×")));
  }
  const select = el("select", {class: "add-initiative", "aria-label": "initiative to add"});
  for (const t of state.data.taxonomy) if (!d.initiatives.includes(t.id)) select.append(el("option", {value: t.id}, t.id + ": " + t.label));
  const add = el("button", {type: "button", class: "add", onclick: () => {
    if (select.value) { d.initiatives.push(select.value); markReviewed(d, "initiatives"); render(); } }}, "add");
  const [label, cls] = statusOf(d.initiatives, (d.reviewed || []).includes("initiatives"));
  return el("tr", {"data-field": "initiatives"}, el("td", {class: "field"}, "initiatives"),
    el("td", {}, list, el("span", {class: "tag " + cls}, label)),
    el("td", {class: "extracted"}, shown(extracted ? extracted.initiatives : null),
       el("span", {class: "rule"}, extracted ? rulesFor(extracted.rules.initiatives, extracted.initiatives) : "")),
    el("td", {class: "actions"}, select, add));
}

function districtCard(d, i) {
  const ex = state.pairs[i] === null || state.pairs[i] === undefined ? null : state.data.extracted.districts[state.pairs[i]];
  const table = el("table", {class: "district"},
    el("tr", {class: "cols"}, el("td"), el("td", {}, "fixture"), el("td", {}, "extracted"), el("td")));
  table.append(valueRow(d, "name", ex ? ex.name : undefined, ex ? ex.rules.name : null));
  table.append(valueRow(d, "aliases", ex ? ex.aliases : undefined, ex ? ex.rules.aliases : null));
  for (const f of SCALARS) table.append(valueRow(d, f, ex ? ex[f] : undefined, ex ? ex.rules[f] : null));
  table.append(roleRow(d, ex));
  table.append(initiativesRow(d, ex));
  const remove = el("button", {type: "button", class: "remove-district", onclick: () => {
    state.work.districts.splice(i, 1); state.pairs.splice(i, 1); render(); }}, "not a district: remove");
  const note = ex ? null : el("span", {class: "tag unfilled"}, d.span ? "added from the selection" : "not extracted");
  return el("section", {class: "district", "data-i": String(i), "data-name": d.name}, el("h3", {}, d.name || "(no name)", note, remove), table);
}

function extractedOnly() {
  const used = new Set(state.pairs.filter(p => p !== null && p !== undefined));
  const box = el("div");
  state.data.extracted.districts.forEach((ex, j) => {
    if (used.has(j)) return;
    box.append(el("section", {class: "district spurious", "data-extracted": String(j)},
      el("h3", {}, ex.name, el("span", {class: "tag"}, "extracted, not in the fixture"),
        el("button", {type: "button", class: "add-extracted", onclick: () => {
          const copy = {name: ex.name, aliases: [...ex.aliases], city: ex.city, state: ex.state, enrollment: ex.enrollment,
                        schools: ex.schools, initiatives: [...ex.initiatives], role: ex.role};
          state.work.districts.push(copy); state.pairs.push(j); render(); }}, "add to the fixture"))));
  });
  return box;
}

function render() {
  const w = state.work, ex = state.data.extracted;
  const program = el("table", {class: "district article"},
    el("tr", {class: "cols"}, el("td"), el("td", {}, "fixture"), el("td", {}, "extracted"), el("td")),
    valueRow(w, "program", ex.program, ex.program_rules));
  document.getElementById("program").replaceChildren(el("h2", {}, "Article"), program);
  document.getElementById("districts").replaceChildren(el("h2", {}, "Districts"), ...w.districts.map(districtCard));
  document.getElementById("extracted-only").replaceChildren(extractedOnly());
}

function showResult(result) {
  const list = document.getElementById("differences");
  if (!result) { list.replaceChildren(el("li", {}, "no fixture yet: save to create it")); return; }
  list.replaceChildren(...(result.differences.length ? result.differences.map(d =>
    el("li", {}, d.text, d.rules.length ? el("span", {class: "rule"}, "rule " + d.rules.join(", ")) : null))
    : [el("li", {class: "ok"}, "the extraction matches the fixture")]));
}

function say(text, isError) {
  const status = document.getElementById("status");
  status.replaceChildren(text);
  status.className = "status" + (isError ? " error" : "");
}

// A selection's ends as offsets into the article text: every piece of text sits in a
// <span data-o="N"> holding its offset.
function textNodes(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) out.push(walker.currentNode);
  return out;
}

function offsetOf(node, offset, atEnd) {
  const text = document.getElementById("text");
  if (node.nodeType !== Node.TEXT_NODE) {
    const inside = textNodes(node);
    const before = offset < node.childNodes.length ? textNodes(node.childNodes[offset]) : [];
    if (before.length) return offsetOf(before[0], 0, atEnd);
    if (inside.length) { const last = inside[inside.length - 1]; return offsetOf(last, last.length, atEnd); }
    return null;
  }
  const holder = node.parentElement && node.parentElement.closest("[data-o]");
  if (!holder || !text.contains(holder)) return null;
  return Number(holder.dataset.o) + offset;
}

function addFromSelection() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) { say("Select the district's name in the text first.", true); return; }
  const range = sel.getRangeAt(0);
  let start = offsetOf(range.startContainer, range.startOffset, false);
  let end = offsetOf(range.endContainer, range.endOffset, true);
  const text = state.data.text;
  if (start === null || end === null) { say("Select the name inside the article text.", true); return; }
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end - start < 2) { say("Select the district's name in the text first.", true); return; }
  const name = text.slice(start, end);
  state.work.districts.push({name, aliases: [], city: null, state: null, enrollment: null, schools: null,
                             initiatives: [], role: null, reviewed: ["name"], span: [start, end]});
  state.pairs.push(null);
  sel.removeAllRanges();
  render();
  say(`Added ${name} (characters ${start}–${end}).`, false);
}

async function save() {
  const id = document.getElementById("workbench").dataset.article;
  say("Saving…", false);
  const response = await fetch("/api/article/" + encodeURIComponent(id), {
    method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(state.work)});
  const answer = await response.json();
  if (!response.ok) { say("Not saved: " + answer.error, true); return; }
  const s = answer.scores;
  const status = document.getElementById("status");
  status.className = "status saved";
  status.replaceChildren(`Saved ${answer.fixture_file}: record F1 `, el("span", {id: "record-f1"}, s.record_f1.toFixed(2)),
    ", district F1 ", el("span", {id: "district-f1"}, s.district_f1.toFixed(2)),
    ` (floor recorded: district ${answer.floor.district}, record ${answer.floor.record}).`);
  showResult(answer);
}

async function start() {
  const main = document.getElementById("workbench");
  if (!main) return;
  const response = await fetch("/api/article/" + encodeURIComponent(main.dataset.article));
  state.data = await response.json();
  if (!response.ok) { say(state.data.error, true); return; }
  state.work = JSON.parse(JSON.stringify(state.data.working));
  state.pairs = [...state.data.pairs];
  document.getElementById("add-district").addEventListener("click", addFromSelection);
  document.getElementById("save").addEventListener("click", save);
  render();
  showResult(state.data.result);
  main.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", start);
