"use strict";
// Renders the report from the JSON in #mtcheck-data. Every piece of input text
// goes into the page through textContent or an attribute value, never as HTML.
(function () {
  var SEVERITIES = ["critical", "major", "minor", "info"];
  var WEIGHT = { critical: 1000, major: 100, minor: 10, info: 1 };
  var SIDE_NAMES = { src: "Source", ref: "Reference", mt: "MT", back: "Back-translation" };
  var data = JSON.parse(document.getElementById("mtcheck-data").textContent);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (key === "text") node.textContent = attrs[key];
        else if (key === "className") node.className = attrs[key];
        else node.setAttribute(key, attrs[key]);
      });
    }
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fmt(value) {
    if (typeof value === "number") return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(2);
    return String(value);
  }

  // ---- summary ---------------------------------------------------------------
  function renderSummary() {
    var s = data.summary;
    document.getElementById("meta").textContent =
      "mtcheck " + data.tool.version + " · inputs: " + (data.inputs.join(", ") || "none") + " · " + data.signature;
    var box = document.getElementById("summary");
    box.appendChild(el("p", { text: s.segments + " segments, " + s.flagged_segments + " flagged, " + s.findings +
      " findings" + (s.worst_severity ? " (worst: " + s.worst_severity + ")" : "") }));
    var cards = el("div", { className: "cards" });
    SEVERITIES.forEach(function (sev) {
      cards.appendChild(el("div", { className: "card " + sev, "data-severity": sev },
        [el("b", { text: String(s.by_severity[sev] || 0) }), sev]));
    });
    box.appendChild(cards);

    var codes = Object.keys(s.by_code);
    if (codes.length) {
      var table = el("table", { className: "small", id: "by-code" });
      table.appendChild(el("tr", {}, [el("th", { text: "code" }), el("th", { text: "check" }),
        el("th", { text: "category" }), el("th", { text: "findings" })]));
      codes.forEach(function (code) {
        var check = data.checks[code] || {};
        table.appendChild(el("tr", {}, [el("td", {}, [el("code", { text: code })]), el("td", { text: check.name || "" }),
          el("td", { text: check.category || "" }), el("td", { text: String(s.by_code[code]) })]));
      });
      box.appendChild(table);
    }
    var corpus = Object.keys(data.corpus).filter(function (k) { return typeof data.corpus[k] === "number"; });
    if (corpus.length) {
      box.appendChild(el("h2", { text: "Corpus scores" }));
      var ct = el("table", { className: "small", id: "corpus" });
      corpus.sort().forEach(function (k) {
        ct.appendChild(el("tr", {}, [el("th", { text: k }), el("td", { text: fmt(data.corpus[k]) })]));
      });
      box.appendChild(ct);
    }
    if (data.thresholds.length) {
      box.appendChild(el("h2", { text: "Thresholds" }));
      var tt = el("table", { className: "small", id: "thresholds" });
      data.thresholds.forEach(function (t) {
        var shown = t.scope === "share" ? (t.value * 100).toFixed(2) + "%" : fmt(t.value);
        tt.appendChild(el("tr", {}, [el("td", { text: t.threshold }), el("td", { text: shown }),
          el("td", { className: t.passed ? "pass" : "fail", text: t.passed ? "passed" : "failed" })]));
      });
      box.appendChild(tt);
    }
    if (data.baseline) {
      box.appendChild(el("p", { id: "baseline", text: "Baseline " + data.baseline.path + ": " + data.baseline.suppressed +
        " known finding(s) suppressed, " + data.baseline.stale.length + " stale entr" +
        (data.baseline.stale.length === 1 ? "y" : "ies") + "." }));
    }
    var notes = (s.skipped || []).concat(s.not_run || []);
    if (notes.length) {
      var details = el("details", { id: "not-run" }, [el("summary", { className: "muted",
        text: notes.length + " note(s): checks that could not run on some segments" })]);
      var list = el("ul", { className: "muted" });
      notes.forEach(function (n) {
        list.appendChild(el("li", { text: n.code + " could not run on " + n.segments + " segment(s): " + n.reason }));
      });
      details.appendChild(list);
      box.appendChild(details);
    }
  }

  // ---- filters -----------------------------------------------------------------
  var allFindings = [];
  data.segments.forEach(function (seg) { seg.findings.forEach(function (f) { allFindings.push(f); }); });

  function uniq(values) {
    var seen = {}, out = [];
    values.forEach(function (v) { if (!seen[v]) { seen[v] = true; out.push(v); } });
    return out.sort();
  }

  function addBoxes(fieldsetId, kind, values, label) {
    var fs = document.getElementById(fieldsetId);
    values.forEach(function (value) {
      var input = el("input", { type: "checkbox", "data-filter": kind, value: value });
      input.checked = true;
      input.addEventListener("change", render);
      fs.appendChild(el("label", {}, [input, " " + (label ? label(value) : value)]));
    });
    if (!values.length) fs.appendChild(el("span", { className: "muted", text: "none" }));
  }

  function selected(kind) {
    var out = {};
    document.querySelectorAll('input[data-filter="' + kind + '"]').forEach(function (input) {
      if (input.checked) out[input.value] = true;
    });
    return out;
  }

  function visibleFindings(seg, filters) {
    return seg.findings.filter(function (f) {
      return filters.severity[f.severity] && filters.category[f.category] && filters.code[f.code];
    });
  }

  function risk(findings) {
    return findings.reduce(function (sum, f) { return sum + WEIGHT[f.severity]; }, 0);
  }

  function worst(findings) {
    for (var i = 0; i < SEVERITIES.length; i++) {
      for (var j = 0; j < findings.length; j++) if (findings[j].severity === SEVERITIES[i]) return SEVERITIES[i];
    }
    return null;
  }

  // ---- highlighting --------------------------------------------------------------
  // The spans of `findings` that lie in `field` (their own span or the related
  // one on the other side), as text nodes and <mark> elements.
  function highlighted(text, field, findings) {
    var marks = [];
    findings.forEach(function (f) {
      [f.span, f.related].forEach(function (span, i) {
        if (span && span.field === field) marks.push({ start: span.start, end: Math.max(span.end, span.start), f: f, related: i === 1 });
      });
    });
    var cuts = [0, text.length];
    marks.forEach(function (m) { cuts.push(Math.min(m.start, text.length), Math.min(m.end, text.length)); });
    cuts = cuts.filter(function (c, i) { return cuts.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1], piece = text.slice(a, b);
      var over = marks.filter(function (m) { return m.start <= a && m.end >= b && m.end > m.start; });
      if (!over.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var fs = over.map(function (m) { return m.f; });
      var reasons = over.map(function (m) {
        return m.f.code + " " + m.f.severity + ": " + m.f.message + (m.related ? " (matching text)" : "");
      });
      var mark = el("mark", { className: "hl " + worst(fs), title: reasons.join("\n"),
        "data-codes": uniq(fs.map(function (f) { return f.code; })).join(" ") });
      mark.textContent = piece;
      frag.appendChild(mark);
    }
    return frag;
  }

  // ---- segments --------------------------------------------------------------------
  // Only one page of segments is in the DOM at a time. Filtering and sorting run over
  // the whole data set in memory and then draw the current page, so a report of
  // 50,000 segments opens and filters about as fast as one of 500.
  var PAGE_SIZES = [50, 100, 200, 500, 1000];
  var DEFAULT_SIZE = 200;
  var state = { page: 1, size: DEFAULT_SIZE };
  // The segments the filters let through, in display order: {seg, visible, risk, order, group}.
  var matched = [];
  var matchedFindings = 0;
  var sortBox = document.getElementById("sort");
  var cleanBox = document.getElementById("show-clean");
  var sizeBox = document.getElementById("page-size");
  var pageBox = document.getElementById("page-input");

  function segmentRows(seg, sides, visible) {
    var row = el("tr", { className: "seg-row", "data-segment-id": seg.id });
    row.appendChild(el("td", { className: "id", title: seg.where || "" }, [seg.id]));
    sides.forEach(function (side) {
      var cell = el("td", { className: "side side-" + side, "data-side": side });
      var text = seg.fields[side];
      if (text === undefined || text === null) {
        cell.appendChild(el("span", { className: "muted", text: "—" }));
      } else {
        cell.appendChild(highlighted(text, side, visible));
      }
      row.appendChild(cell);
    });
    var rows = [row];
    if (visible.length) {
      var list = el("ul", { className: "findings" });
      visible.forEach(function (f) {
        var text = seg.fields[f.span.field] || "";
        var flagged = text.slice(f.span.start, f.span.end);
        var item = el("li", { "data-code": f.code, "data-severity": f.severity }, [
          el("span", { className: "sev " + f.severity, text: f.severity }), " ",
          el("code", { text: f.code }), " ", el("span", { className: "muted", text: f.category }), " ",
          el("span", { className: "flagged", text: "“" + flagged + "”" }), " ", f.message]);
        if (f.suggestion) item.appendChild(el("span", { className: "muted", text: " — suggestion: " + f.suggestion }));
        list.appendChild(item);
      });
      var detail = el("tr", { className: "finding-row", "data-segment-id": seg.id });
      detail.appendChild(el("td", {}, []));
      var cell = el("td", { colspan: String(sides.length) }, [list]);
      detail.appendChild(cell);
      rows.push(detail);
    }
    return rows;
  }

  function select() {
    var filters = { severity: selected("severity"), category: selected("category"), code: selected("code") };
    var showClean = cleanBox.checked;
    var byRisk = sortBox.value === "risk";
    var groups = data.groups.map(function (g, gi) {
      var items = [];
      for (var k = 0; k < g.segments.length; k++) {
        var i = g.segments[k], seg = data.segments[i];
        var visible = visibleFindings(seg, filters);
        if (visible.length || showClean) items.push({ seg: seg, visible: visible, risk: risk(visible), order: i, group: gi });
      }
      if (byRisk) items.sort(function (a, b) { return b.risk - a.risk || a.order - b.order; });
      var top = items.reduce(function (m, it) { return Math.max(m, it.risk); }, 0);
      return { items: items, risk: top, order: gi };
    });
    if (byRisk) groups.sort(function (a, b) { return b.risk - a.risk || a.order - b.order; });
    matched = [];
    matchedFindings = 0;
    groups.forEach(function (group) {
      group.items.forEach(function (it) { matched.push(it); matchedFindings += it.visible.length; });
    });
  }

  function pageCount() {
    return Math.max(1, Math.ceil(matched.length / state.size));
  }

  function groupTable(g, continued) {
    var section = el("section", { className: "group", "data-group": g.name });
    var title = el("h2", { text: g.name });
    if (continued) title.appendChild(el("span", { className: "muted", text: " (continued)" }));
    section.appendChild(title);
    var table = el("table", { className: "segs" });
    var head = el("tr", {}, [el("th", { className: "id", text: "segment" })]);
    g.sides.forEach(function (side) { head.appendChild(el("th", { text: SIDE_NAMES[side] || side })); });
    table.appendChild(head);
    section.appendChild(table);
    return { section: section, table: table };
  }

  function drawPage() {
    var pages = pageCount();
    state.page = Math.min(Math.max(1, state.page), pages);
    var first = (state.page - 1) * state.size;
    var last = Math.min(first + state.size, matched.length);
    var frag = document.createDocumentFragment();
    var current = -1, box = null;
    for (var k = first; k < last; k++) {
      var it = matched[k];
      if (it.group !== current) {
        current = it.group;
        box = groupTable(data.groups[current], k === first && k > 0 && matched[k - 1].group === current);
        frag.appendChild(box.section);
      }
      segmentRows(it.seg, data.groups[current].sides, it.visible).forEach(function (r) { box.table.appendChild(r); });
    }
    var root = document.getElementById("groups");
    root.textContent = "";
    root.appendChild(frag);
    document.getElementById("counter").textContent = "showing " + matched.length + " of " + data.segments.length + " segments";
    document.getElementById("shown-findings").textContent = "· " + matchedFindings + " finding" + (matchedFindings === 1 ? "" : "s");
    pageBox.value = String(state.page);
    pageBox.max = String(pages);
    document.getElementById("page-count").textContent = String(pages);
    document.getElementById("page-range").textContent = matched.length
      ? "segments " + (first + 1) + "–" + last + " of " + matched.length : "no segments match";
    document.getElementById("first").disabled = document.getElementById("prev").disabled = state.page <= 1;
    document.getElementById("next").disabled = document.getElementById("last").disabled = state.page >= pages;
    writeHash();
  }

  // Filters, sorting or the clean-segment switch changed: select again, back to page 1.
  function render() {
    select();
    state.page = 1;
    drawPage();
  }

  function go(page) {
    var target = Math.min(Math.max(1, page), pageCount());
    if (target === state.page) return;
    state.page = target;
    drawPage();
    // Back to the first row of the new page when the old one was scrolled past it.
    var root = document.getElementById("groups");
    var top = root.getBoundingClientRect().top + window.pageYOffset - document.getElementById("controls").offsetHeight - 8;
    if (window.pageYOffset > top) window.scrollTo(0, top);
  }

  // ---- URL state: #page=3&sort=risk&clean=1&size=500 ------------------------------------
  var writtenHash = null;

  function hashState() {
    var parts = [];
    if (state.page > 1) parts.push("page=" + state.page);
    if (sortBox.value === "risk") parts.push("sort=risk");
    if (cleanBox.checked) parts.push("clean=1");
    if (state.size !== DEFAULT_SIZE) parts.push("size=" + state.size);
    return parts.length ? "#" + parts.join("&") : "";
  }

  function writeHash() {
    var wanted = hashState();
    if ((location.hash || "") === wanted || (!wanted && !location.hash)) return;
    writtenHash = wanted || "#";
    // replace, not assign: paging should not fill the back button's history.
    location.replace(wanted || "#");
  }

  function readHash() {
    var out = {};
    (location.hash || "").replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) out[part.slice(0, at)] = part.slice(at + 1);
    });
    return out;
  }

  function applyHash() {
    var h = readHash();
    var size = parseInt(h.size, 10);
    size = PAGE_SIZES.indexOf(size) >= 0 ? size : DEFAULT_SIZE;
    sortBox.value = h.sort === "risk" ? "risk" : "input";
    cleanBox.checked = h.clean === "1";
    state.size = size;
    sizeBox.value = String(size);
    select();
    state.page = parseInt(h.page, 10) || 1;
    drawPage();
  }

  renderSummary();
  addBoxes("filter-severity", "severity", SEVERITIES.filter(function (s) {
    return allFindings.some(function (f) { return f.severity === s; });
  }));
  addBoxes("filter-category", "category", uniq(allFindings.map(function (f) { return f.category; })));
  addBoxes("filter-code", "code", uniq(allFindings.map(function (f) { return f.code; })), function (code) {
    var check = data.checks[code];
    return check ? code + " " + check.name : code;
  });
  PAGE_SIZES.forEach(function (n) { sizeBox.appendChild(el("option", { value: String(n), text: String(n) })); });
  sortBox.addEventListener("change", render);
  cleanBox.addEventListener("change", render);
  sizeBox.addEventListener("change", function () {
    // Keep the first row of the current page in view at the new size.
    var first = (state.page - 1) * state.size;
    state.size = parseInt(sizeBox.value, 10) || DEFAULT_SIZE;
    state.page = Math.floor(first / state.size) + 1;
    drawPage();
  });
  pageBox.addEventListener("change", function () { go(parseInt(pageBox.value, 10) || 1); });
  document.getElementById("first").addEventListener("click", function () { go(1); });
  document.getElementById("prev").addEventListener("click", function () { go(state.page - 1); });
  document.getElementById("next").addEventListener("click", function () { go(state.page + 1); });
  document.getElementById("last").addEventListener("click", function () { go(pageCount()); });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    var t = e.target;
    if (t && (t.tagName === "SELECT" || t.tagName === "TEXTAREA" || (t.tagName === "INPUT" && t.type !== "checkbox"))) return;
    if (e.key === "n" || e.key === "ArrowRight") go(state.page + 1);
    else if (e.key === "p" || e.key === "ArrowLeft") go(state.page - 1);
    else return;
    e.preventDefault();
  });
  window.addEventListener("hashchange", function () {
    if (location.hash === writtenHash || (writtenHash === "#" && !location.hash)) return;
    applyHash();
  });
  applyHash();
})();
