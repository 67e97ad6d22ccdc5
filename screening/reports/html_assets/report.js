/* 审查报告的交互：决定、筛选、键盘、分组、导入/导出。无网络请求。 */
(function () {
  "use strict";
  var CFG = JSON.parse(document.getElementById("config").textContent);
  var PAGE = 100, TPAGE = 200, STATE_ZH = ["待定", "去标识化", "可公开"], DECISION = [null, "redact", "publish"];
  var DOCS = [], cur = null, filt = { sev: "", type: "", state: "", doc: "" };
  var $ = function (id) { return document.getElementById(id); };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function ctx(text, left) {
    text = text.replace(/\t/g, " │ ").replace(/\n/g, " ");
    return text.length >= 30 ? (left ? "…" + text : text + "…") : text;
  }
  function nowIso() {
    var d = new Date(), off = -d.getTimezoneOffset(), p = function (n) { return (n < 10 ? "0" : "") + n; };
    var sign = off >= 0 ? "+" : "-"; off = Math.abs(off);
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()) + "T" + p(d.getHours()) + ":" +
      p(d.getMinutes()) + ":" + p(d.getSeconds()) + sign + p(Math.floor(off / 60)) + ":" + p(off % 60);
  }
  function msg(text) { $("msg").textContent = text; }

  // -- data ------------------------------------------------------------------------------------------
  for (var r = 0; r < CFG.docs; r++) {
    var d = JSON.parse($("data-" + r).textContent), it = d.items, n = it.fp.length;
    d.n = n; d.st = new Uint8Array(d.keys); d.reason = new Array(d.keys); d.time = new Array(d.keys);
    d.who = new Array(d.keys); d.page = 0; d.tpage = 0; d.prior = []; d.priorByKey = {};
    d.keyIndex = {}; d.keyFirst = new Int32Array(d.keys).fill(-1); d.keyItems = null;
    for (var i = 0; i < n; i++) {
      var k = it.ki[i];
      if (d.keyFirst[k] < 0) { d.keyFirst[k] = i; d.keyIndex[it.fp[i] + "|" + it.ck[i]] = k; }
    }
    d.sec = $("doc-" + r); d.list = $("items-" + r); d.view = null;
    DOCS.push(d);
  }
  function itemsOfKey(d, k) {
    if (!d.keyItems) {
      d.keyItems = {};
      for (var i = 0; i < d.n; i++) { var kk = d.items.ki[i]; (d.keyItems[kk] = d.keyItems[kk] || []).push(i); }
    }
    return d.keyItems[k] || [];
  }
  function valueOf(d, i) {
    var it = d.items, b = it.b[i];
    return b < 0 ? (d.hv[i] || "") : d.blocks[b][1].slice(it.o[i], it.e[i]);
  }

  // -- item markup (the same as screening/reports/html.py _item_row) -----------------------------------
  function itemRow(d, i) {
    var it = d.items, t = CFG.types[it.t[i]], b = it.b[i], s = it.s[i], left = "", right = "", v;
    if (b >= 0) {
      var text = d.blocks[b][1];
      left = text.slice(Math.max(0, it.o[i] - 30), it.o[i]); v = text.slice(it.o[i], it.e[i]);
      right = text.slice(it.e[i], it.e[i] + 30);
    } else { v = d.hv[i] || ""; }
    var rep = it.rp[i] < 0 ? v : d.reps[it.rp[i]], ex = d.expl[it.x[i]];
    return '<div class="it s' + s + '" id="it-' + d.rank + "-" + i + '" data-doc="' + d.rank + '" data-i="' + i +
      '" data-k="' + it.ki[i] + '" data-fingerprint="' + it.fp[i] + '" data-context-key="' + it.ck[i] +
      '" data-entity-type="' + esc(t[0]) + '" data-severity="' + CFG.sev[s] + '" data-state="0">' +
      '<div class="ih"><span class="sv">' + CFG.sevZh[s] + '</span><span class="ty">' + esc(t[1]) +
      '</span><span class="lc">' + esc(it.l[i]) + '</span><span class="st">待定</span></div>' +
      '<div class="cx">' + esc(ctx(left, true)) + (v ? "<mark>" + esc(v) + "</mark>" : "") + esc(ctx(right, false)) + "</div>" +
      '<div class="mt">' + (b >= 0 ? "建议替换为" : "处理") + '：<b class="rp">' + esc(rep) + "</b>" +
      (ex ? "<span class=ex>" + esc(ex) + "</span>" : "") + "</div>" +
      '<div class="ctl"><button type="button" data-act="1">去标识化</button>' +
      '<button type="button" data-act="2">可公开</button><button type="button" data-act="0">待定</button>' +
      '<input class="rs" placeholder="可公开的理由（必填），如：任前公示依规公开" aria-label="可公开的理由"></div></div>';
  }
  function paintRow(d, el) {
    var k = +el.getAttribute("data-k"), s = d.st[k], stEl = el.querySelector(".st"), rs = el.querySelector(".rs");
    el.setAttribute("data-state", String(s));
    var label = STATE_ZH[s];
    if (s === 2) label += "：" + (d.reason[k] || "");
    var pr = d.priorByKey[k];
    if (pr) label = pr + " · " + label;
    stEl.textContent = label;
    if (s === 2 && rs && document.activeElement !== rs) rs.value = d.reason[k] || "";
  }
  function rowEl(d, i) { return document.getElementById("it-" + d.rank + "-" + i); }

  // -- filters and views -----------------------------------------------------------------------------
  function passes(d, i) {
    var it = d.items;
    if (filt.sev !== "" && it.s[i] !== +filt.sev) return false;
    if (filt.type !== "" && it.t[i] !== +filt.type) return false;
    if (filt.state !== "") {
      var s = d.st[it.ki[i]];
      if (filt.state === "d" ? s === 0 : s !== +filt.state) return false;
    }
    return true;
  }
  function computeView(d) {
    var v = [];
    if (filt.doc === "" || +filt.doc === d.rank) for (var i = 0; i < d.n; i++) if (passes(d, i)) v.push(i);
    d.view = v; d.pos = null;
  }
  function positionOf(d, i) {
    if (!d.pos) { d.pos = new Int32Array(d.n).fill(-1); for (var j = 0; j < d.view.length; j++) d.pos[d.view[j]] = j; }
    return d.pos[i];
  }
  function render(d) {
    d.sec.hidden = filt.doc !== "" && +filt.doc !== d.rank;
    if (d.static) {
      var shown = {}; d.view.forEach(function (i) { shown[i] = 1; });
      var rows = d.list.children;
      for (var j = 0; j < rows.length; j++) {
        rows[j].hidden = !shown[rows[j].getAttribute("data-i")]; paintRow(d, rows[j]);
      }
      $("pager-" + d.rank).innerHTML = "";
    } else {
      var pages = Math.max(1, Math.ceil(d.view.length / PAGE));
      if (d.page >= pages) d.page = pages - 1;
      var html = [], lo = d.page * PAGE, hi = Math.min(d.view.length, lo + PAGE);
      for (var q = lo; q < hi; q++) html.push(itemRow(d, d.view[q]));
      d.list.innerHTML = html.join("");
      for (var c = d.list.firstChild; c; c = c.nextSibling) paintRow(d, c);
      $("pager-" + d.rank).innerHTML = d.view.length > PAGE ?
        '<button type="button" data-pg="-1">上一页</button><span>第 ' + (d.page + 1) + " / " + pages + " 页（共 " +
        d.view.length.toLocaleString() + ' 项，每页 ' + PAGE + ' 项）</span><button type="button" data-pg="1">下一页</button>' : "";
    }
    if (cur && cur.d === d) { var el = rowEl(d, cur.i); if (el) el.classList.add("cur"); }
  }
  function refilter() {
    DOCS.forEach(function (d) { computeView(d); render(d); });
  }

  // -- decisions -------------------------------------------------------------------------------------
  function reviewer() {
    return { reviewer: $("rv-name").value.trim(), unit: $("rv-unit").value.trim(), level: $("rv-level").value };
  }
  function setKey(d, k, state, reason) {
    d.st[k] = state; d.reason[k] = state === 2 ? reason : ""; d.time[k] = state ? nowIso() : undefined;
  }
  function repaintKey(d, k) {
    itemsOfKey(d, k).forEach(function (i) { var el = rowEl(d, i); if (el) paintRow(d, el); });
    paintMarks(d);
  }
  // decide one item; publish needs a reason: returns false (and asks for one) when it is missing
  function decide(d, i, state, reasonFrom) {
    var k = d.items.ki[i], el = rowEl(d, i), rs = el ? el.querySelector(".rs") : null;
    if (state === 2) {
      var reason = (reasonFrom !== undefined ? reasonFrom : (rs ? rs.value : "")).trim();
      if (!reason) {
        if (el) { el.classList.add("asking"); rs.focus(); }
        msg("“可公开”须填写理由（如：任前公示依规公开），填写后按回车或再点“可公开”。");
        return false;
      }
      setKey(d, k, 2, reason);
    } else setKey(d, k, state, "");
    if (el) el.classList.remove("asking");
    repaintKey(d, k); progress(); msg("");
    return true;
  }
  function decideMany(d, list, state, reason) {
    var seen = {};
    list.forEach(function (i) { var k = d.items.ki[i]; if (!seen[k]) { seen[k] = 1; setKey(d, k, state, reason); } });
    render(d); paintMarks(d); progress(); renderGroups(d);
    return Object.keys(seen).length;
  }
  function progress() {
    var all = 0, done = 0;
    DOCS.forEach(function (d) {
      var dn = 0; for (var k = 0; k < d.keys; k++) if (d.st[k]) dn++;
      all += d.keys; done += dn;
      var t = d.keys ? "已决定 " + dn.toLocaleString() + " / " + d.keys.toLocaleString() : "无须审核项";
      $("dprog-" + d.rank).textContent = t; $("prog-" + d.rank).textContent = t;
    });
    $("progress").textContent = "审核进度：已决定 " + done.toLocaleString() + " / " + all.toLocaleString() + " 项" +
      (all && done === all ? "（全部已决定）" : "");
    var rv = reviewer();
    $("reviewer-print").textContent = "审核人：" + (rv.reviewer || "________") + "　单位：" + (rv.unit || "________") +
      "　审核级别：" + rv.level;
  }

  // -- groups: by (sheet, column, type) and by value ----------------------------------------------------
  function groupItems(d, g) { var out = []; for (var i = 0; i < d.n; i++) if (d.items.g[i] === g) out.push(i); return out; }
  function valueGroups(d) {
    var by = {}, out = [];
    for (var i = 0; i < d.n; i++) { var f = d.items.fp[i]; (by[f] = by[f] || []).push(i); }
    for (var f2 in by) if (by[f2].length > 1) out.push(by[f2]);
    out.sort(function (a, b) { return b.length - a.length; });
    return out.slice(0, 50);
  }
  function groupRow(label, count, undecided, attr) {
    return '<div class="grp" ' + attr + '><span class="gl">' + esc(label) + "：" + count.toLocaleString() +
      ' 处</span><span class="gc">待定 ' + undecided.toLocaleString() + '</span>' +
      '<button type="button" data-gact="1">全部去标识化</button><button type="button" data-gact="2">全部可公开</button>' +
      '<input class="grs" placeholder="可公开的理由（必填）"><button type="button" data-gact="0">全部待定</button></div>';
  }
  function undecidedIn(d, list) { var n = 0; list.forEach(function (i) { if (!d.st[d.items.ki[i]]) n++; }); return n; }
  function renderGroups(d) {
    var box = $("groups-" + d.rank), html = [];
    d.groups.forEach(function (g, gi) {
      if (g[1] > 1) html.push(groupRow(g[0], g[1], undecidedIn(d, groupItems(d, gi)), 'data-g="' + gi + '"'));
    });
    if (d.vgroups) d.vgroups.forEach(function (list, vi) {
      html.push(groupRow("同一值 " + valueOf(d, list[0]) + "（" + CFG.types[d.items.t[list[0]]][1] + "）", list.length,
        undecidedIn(d, list), 'data-vg="' + vi + '"'));
    });
    if (d.n > 1) html.push('<div class="grp noprint"><button type="button" data-vgroups="1">' +
      (d.vgroups ? "收起按值分组" : "按值分组（同一值出现多次）") + "</button></div>");
    box.innerHTML = html.join("");
  }

  // -- the text view ---------------------------------------------------------------------------------
  function marksOf(d) {
    if (d.marks) return d.marks;
    var m = {}, it = d.items, i;
    for (i = 0; i < d.n; i++) if (it.b[i] >= 0) (m[it.b[i]] = m[it.b[i]] || []).push([it.o[i], it.e[i], i]);
    for (i = 0; i < d.low.length; i += 4) (m[d.low[i]] = m[d.low[i]] || []).push([d.low[i + 1], d.low[i + 2], -1]);
    for (var b in m) m[b].sort(function (a, c) { return a[0] - c[0]; });
    return (d.marks = m);
  }
  function renderText(d) {
    var det = $("text-" + d.rank); if (!det.open) return;
    var m = marksOf(d), pages = Math.max(1, Math.ceil(d.blocks.length / TPAGE)), out = [];
    if (d.tpage >= pages) d.tpage = pages - 1;
    for (var b = d.tpage * TPAGE; b < Math.min(d.blocks.length, (d.tpage + 1) * TPAGE); b++) {
      var text = d.blocks[b][1], pos = 0, parts = [], ms = m[b] || [];
      for (var j = 0; j < ms.length; j++) {
        var o = ms[j][0], e = ms[j][1], i = ms[j][2];
        if (o < pos) continue;  // a second finding on the same span: one mark
        parts.push(plain(text.slice(pos, o)));
        parts.push(i < 0 ? '<mark class="lo">' + esc(text.slice(o, e)) + "</mark>" :
          '<mark class="m" data-i="' + i + '" title="' + esc(CFG.types[d.items.t[i]][1]) + '">' + esc(text.slice(o, e)) + "</mark>");
        pos = e;
      }
      parts.push(plain(text.slice(pos)));
      out.push('<div class="tb"><span class="tl">' + esc(d.blocks[b][0]) + '</span><span class="tt">' + parts.join("") +
        "</span></div>");
    }
    det.querySelector(".tbody").innerHTML = out.join("");
    det.querySelector(".tpager").innerHTML = pages > 1 ? '<button type="button" data-tpg="-1">上一页</button><span>第 ' +
      (d.tpage + 1) + " / " + pages + ' 页</span><button type="button" data-tpg="1">下一页</button>' : "";
    paintMarks(d);
  }
  function plain(s) { return esc(s).replace(/\t/g, '<span class="tab">│</span>'); }
  function paintMarks(d) {
    var det = $("text-" + d.rank); if (!det.open) return;
    det.querySelectorAll("mark.m").forEach(function (mk) {
      var s = d.st[d.items.ki[+mk.getAttribute("data-i")]]; mk.className = "m" + (s ? " d" + s : "");
    });
  }

  // -- navigation ------------------------------------------------------------------------------------
  function focusItem(d, i, scroll) {
    if (cur) { var old = rowEl(cur.d, cur.i); if (old) old.classList.remove("cur"); }
    cur = { d: d, i: i };
    if (!d.static) {
      var p = positionOf(d, i);
      if (p < 0) { filt.doc = ""; filt.sev = filt.type = filt.state = ""; syncFilters(); refilter(); p = positionOf(d, i); }
      var page = Math.floor(p / PAGE);
      if (page !== d.page) { d.page = page; render(d); }
    }
    var el = rowEl(d, i);
    if (el) { el.hidden = false; el.classList.add("cur"); if (scroll !== false) el.scrollIntoView({ block: "center" }); }
  }
  function step(dir) {
    var order = DOCS.filter(function (d) { return !d.sec.hidden; });
    if (!order.length) return;
    var di = cur ? Math.max(0, order.indexOf(cur.d)) : (dir > 0 ? 0 : order.length - 1);
    var start = cur && order[di] === cur.d ? positionOf(cur.d, cur.i) : (dir > 0 ? -1 : order[di].view.length);
    for (var t = 0; t < order.length + 1; t++) {
      var d = order[di], v = d.view;
      for (var p = start + dir; p >= 0 && p < v.length; p += dir) {
        if (!d.st[d.items.ki[v[p]]]) { focusItem(d, v[p]); return; }
      }
      di = (di + dir + order.length) % order.length;
      start = dir > 0 ? -1 : order[di].view.length;
    }
    msg("没有待定的项目了。");
  }

  // -- import / export -------------------------------------------------------------------------------
  function docRecord(d) {
    var rv = reviewer(), out = [], it = d.items;
    for (var k = 0; k < d.keys; k++) {
      if (!d.st[k]) continue;
      var i = d.keyFirst[k];
      out.push({ fingerprint: it.fp[i], context_key: it.ck[i], entity_type: CFG.types[it.t[i]][0],
        decision: DECISION[d.st[k]], reason: d.reason[k] || "", reviewer: d.who[k] ? d.who[k].reviewer : rv.reviewer,
        unit: d.who[k] ? d.who[k].unit : rv.unit, level: d.who[k] ? d.who[k].level : rv.level, time: d.time[k] });
    }
    return { schema_version: 1, document: { path: d.path, sha256: d.sha256, title: d.title, doc_number: d.doc_number },
      decisions: d.prior.concat(out) };
  }
  // the object the export buttons download: one document's record, or {"schema_version":1,"records":[...]}
  window.screeningExport = function (rank) {
    if (rank !== undefined && rank !== null) return docRecord(DOCS[rank]);
    if (DOCS.length === 1) return docRecord(DOCS[0]);
    return { schema_version: 1, records: DOCS.filter(function (d) { return d.status === "ok"; }).map(docRecord) };
  };
  window.screeningState = function () {
    return DOCS.map(function (d) { return { keys: d.keys, decided: Array.prototype.filter.call(d.st, Boolean).length }; });
  };
  function download(rank) {
    if (!reviewer().reviewer) { msg("请先填写审核人姓名（导出的决定记录审核人、单位和审核级别）。"); $("rv-name").focus(); return; }
    var data = window.screeningExport(rank), single = rank !== undefined && rank !== null ? DOCS[rank] :
      (DOCS.length === 1 ? DOCS[0] : null);
    var name = single ? single.name.replace(/\.[^.]*$/, "") + ".decisions.json" : "审核决定.json";
    var blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = name; document.body.appendChild(a); a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    msg("已导出 " + name + "。");
  }
  function importRecord(rec) {
    var doc = rec.document || {}, d = null;
    DOCS.forEach(function (x) { if (!d && doc.sha256 && x.sha256 === doc.sha256) d = x; });
    DOCS.forEach(function (x) { if (!d && doc.path && x.path === doc.path) d = x; });
    if (!d && DOCS.length === 1) d = DOCS[0];
    if (!d) return "未找到对应文件：" + (doc.path || "?");
    var level = $("rv-level").value, matched = 0, kept = 0, changed = doc.sha256 && d.sha256 && doc.sha256 !== d.sha256;
    (rec.decisions || []).forEach(function (x) {
      var k = d.keyIndex[x.fingerprint + "|" + x.context_key], state = x.decision === "redact" ? 1 : x.decision === "publish" ? 2 : 0;
      if (k === undefined || !state || x.level !== level) {
        d.prior.push(x); kept++;
        if (k !== undefined && state) d.priorByKey[k] = (x.level || "") + "：" + STATE_ZH[state] + (x.reviewer ? "（" + x.reviewer + "）" : "") +
          (state === 2 && x.reason ? " " + x.reason : "");
        return;
      }
      d.st[k] = state; d.reason[k] = x.reason || ""; d.time[k] = x.time || nowIso();
      d.who[k] = { reviewer: x.reviewer || "", unit: x.unit || "", level: x.level };
      matched++;
    });
    render(d); renderGroups(d); paintMarks(d);
    return d.name + "：导入本级（" + level + "）决定 " + matched + " 条，其他级别或未匹配的 " + kept + " 条保留并随导出写回" +
      (changed ? "（文件内容已改变）" : "");
  }
  function importText(text) {
    var data = JSON.parse(text), recs = data.records ? data.records : [data], out = [];
    if (data.schema_version !== 1) throw new Error("不支持的 schema_version：" + data.schema_version);
    recs.forEach(function (rec) { out.push(importRecord(rec)); });
    progress();
    return out.join("；");
  }
  window.screeningImport = importText;

  // -- events ----------------------------------------------------------------------------------------
  document.addEventListener("click", function (ev) {
    var t = ev.target, row = t.closest(".it"), d, i;
    if (row) { d = DOCS[+row.getAttribute("data-doc")]; i = +row.getAttribute("data-i"); }
    if (row && t.hasAttribute("data-act")) { focusItem(d, i, false); decide(d, i, +t.getAttribute("data-act")); return; }
    if (row && t.tagName !== "INPUT") { focusItem(d, i, false); return; }
    var sec = t.closest("section.doc"); d = sec ? DOCS[+sec.getAttribute("data-doc")] : null;
    if (t.hasAttribute("data-pg")) { d.page += +t.getAttribute("data-pg"); render(d); return; }
    if (t.hasAttribute("data-tpg")) { d.tpage += +t.getAttribute("data-tpg"); renderText(d); return; }
    if (t.hasAttribute("data-vgroups")) { d.vgroups = d.vgroups ? null : valueGroups(d); renderGroups(d); return; }
    if (t.tagName === "MARK" && t.hasAttribute("data-i")) { focusItem(d, +t.getAttribute("data-i")); return; }
    if (t.hasAttribute("data-gact")) {
      var g = t.closest(".grp"), state = +t.getAttribute("data-gact"), list;
      list = g.hasAttribute("data-g") ? groupItems(d, +g.getAttribute("data-g")) : d.vgroups[+g.getAttribute("data-vg")];
      var reason = g.querySelector(".grs").value.trim();
      if (state === 2 && !reason) { g.querySelector(".grs").focus(); msg("“全部可公开”须填写理由。"); return; }
      var n = decideMany(d, list, state, reason);
      msg("已对 " + n.toLocaleString() + " 项记录：" + STATE_ZH[state] + "。");
      return;
    }
    if (t.classList.contains("export-doc")) { download(+t.getAttribute("data-doc")); return; }
    if (t.id === "export-all") download(null);
  });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (t.classList && t.classList.contains("grs") && ev.key === "Enter") {
      ev.preventDefault(); t.closest(".grp").querySelector("button[data-gact='2']").click(); return;
    }
    if (t.classList && t.classList.contains("rs")) {
      var row = t.closest(".it");
      if (ev.key === "Enter") {
        ev.preventDefault();
        var d = DOCS[+row.getAttribute("data-doc")], i = +row.getAttribute("data-i");
        if (decide(d, i, 2)) { t.blur(); step(1); }
      } else if (ev.key === "Escape") { row.classList.remove("asking"); t.blur(); }
      return;
    }
    if (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName) && ev.key !== "Escape" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var key = ev.key;
    if (key === "j" || key === "n") { step(1); ev.preventDefault(); }
    else if (key === "k" || key === "N") { step(-1); ev.preventDefault(); }
    else if (cur && (key === "r" || key === "u")) {
      decide(cur.d, cur.i, key === "r" ? 1 : 0); if (key === "r") step(1); ev.preventDefault();
    } else if (cur && key === "p") {
      ev.preventDefault();
      var el = rowEl(cur.d, cur.i), rs = el && el.querySelector(".rs");
      if (rs && rs.value.trim()) { decide(cur.d, cur.i, 2); step(1); } else decide(cur.d, cur.i, 2);
    }
  });
  function syncFilters() { $("f-sev").value = filt.sev; $("f-type").value = filt.type; $("f-state").value = filt.state; $("f-doc").value = filt.doc; }
  ["f-sev", "f-type", "f-state", "f-doc"].forEach(function (id) {
    $(id).addEventListener("change", function () { filt[id.slice(2)] = this.value; refilter(); });
  });
  document.querySelectorAll("details.text").forEach(function (det) {
    det.addEventListener("toggle", function () { renderText(DOCS[+det.id.slice(5)]); });
    // a view open from the start (a small document): its first "toggle" may have fired before this
    // script ran, so draw it now (drawing is idempotent)
    if (det.open) renderText(DOCS[+det.id.slice(5)]);
  });
  $("import").addEventListener("change", function () {
    Array.prototype.forEach.call(this.files, function (file) {
      var fr = new FileReader();
      fr.onload = function () { try { msg(importText(fr.result)); } catch (e) { msg("无法导入 " + file.name + "：" + e.message); } };
      fr.readAsText(file, "utf-8");
    });
    this.value = "";
  });
  ["rv-name", "rv-unit", "rv-level"].forEach(function (id) {
    try { var v = localStorage.getItem("screening." + id); if (v) $(id).value = v; } catch (e) { /* file: without storage */ }
    $(id).addEventListener("change", function () {
      try { localStorage.setItem("screening." + id, this.value); } catch (e) { /* ignore */ }
      progress();
    });
  });

  // -- start -----------------------------------------------------------------------------------------
  var used = {};
  DOCS.forEach(function (d) { d.items.t.forEach(function (t) { used[t] = 1; }); });
  $("f-type").innerHTML += Object.keys(used).map(function (t) {
    return '<option value="' + t + '">' + esc(CFG.types[t][1]) + "</option>"; }).join("");
  $("f-doc").innerHTML += DOCS.map(function (d) { return '<option value="' + d.rank + '">' + esc(d.name) + "</option>"; }).join("");
  refilter(); DOCS.forEach(renderGroups); progress();
  window.screeningReady = true;
})();
