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

  function render() {
    var filters = { severity: selected("severity"), category: selected("category"), code: selected("code") };
    var showClean = document.getElementById("show-clean").checked;
    var byRisk = document.getElementById("sort").value === "risk";
    var root = document.getElementById("groups");
    root.textContent = "";
    var shown = 0;
    var groups = data.groups.map(function (g) {
      var items = g.segments.map(function (i) {
        var seg = data.segments[i];
        var visible = visibleFindings(seg, filters);
        return { seg: seg, visible: visible, risk: risk(visible), order: i };
      }).filter(function (it) { return it.visible.length || showClean; });
      if (byRisk) items.sort(function (a, b) { return b.risk - a.risk || a.order - b.order; });
      var top = items.reduce(function (m, it) { return Math.max(m, it.risk); }, 0);
      return { g: g, items: items, risk: top };
    });
    if (byRisk) groups.sort(function (a, b) { return b.risk - a.risk; });
    groups.forEach(function (group) {
      if (!group.items.length) return;
      var section = el("section", { className: "group", "data-group": group.g.name });
      section.appendChild(el("h2", { text: group.g.name }));
      var sides = group.g.sides;
      var table = el("table", { className: "segs" });
      var head = el("tr", {}, [el("th", { className: "id", text: "segment" })]);
      sides.forEach(function (side) { head.appendChild(el("th", { text: SIDE_NAMES[side] || side })); });
      table.appendChild(head);
      group.items.forEach(function (it) {
        segmentRows(it.seg, sides, it.visible).forEach(function (r) { table.appendChild(r); });
        shown++;
      });
      section.appendChild(table);
      root.appendChild(section);
    });
    document.getElementById("counter").textContent = "showing " + shown + " of " + data.segments.length + " segments";
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
  document.getElementById("sort").addEventListener("change", render);
  document.getElementById("show-clean").addEventListener("change", render);
  render();
})();
