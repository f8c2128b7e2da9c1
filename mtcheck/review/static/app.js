// mtcheck review page. Plain DOM: every piece of input text goes in with textContent
// (never innerHTML), and the server's Content-Security-Policy forbids inline script.
"use strict";
(() => {
  const TOKEN = new URLSearchParams(location.search).get("token") || "";
  const LABEL = { src: "Source", mt: "MT", ref: "Reference", back: "Back-translation" };
  const LANG = { src: "ru", mt: "en", ref: "en", back: "ru" };

  let S = null; // the review's state, as the server sent it
  let flat = []; // every finding in queue order: {seg, f}
  let cur = 0; // index into flat
  let pending = 0;
  let saveError = null;
  let chain = Promise.resolve();
  let positionQueued = false;
  const recheck = new Map(); // segment key -> findings of the corrected text (this session only)
  // Another window or editor may change the same review. Every write carries the revision this page
  // had seen when the editor acted; the server refuses one on a record changed since (409).
  const POLL_MS = 5000;
  const ownRevision = new Map(); // "d:"+fingerprint or "c:"+segment -> revision of this page's last write to it
  const inFlight = new Map(); // same keys -> writes not answered yet (polls leave those records alone)
  let polling = false;
  let noticeTimer = 0;
  let linkTargets = new Map(); // fingerprint -> elements showing it

  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  // -- talking to the server ------------------------------------------------
  async function request(path, body) {
    const opts = { headers: { "X-Mtcheck-Token": TOKEN }, cache: "no-store", credentials: "same-origin" };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(path, opts);
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new Error((data && data.error) || res.status + " " + res.statusText);
      err.status = res.status;
      err.data = data;
      throw err;
    }
    return data;
  }

  // Writes go one after another, in the order the editor made them. `key` names the record a write
  // touches; a 409 for it goes to `conflict` instead of being a save error.
  function save(make, after, key, conflict) {
    pending += 1;
    if (key) inFlight.set(key, (inFlight.get(key) || 0) + 1);
    showSave();
    chain = chain
      .then(() => { const [path, body] = make(); return request(path, body); })
      .then((data) => { saveError = null; if (after) after(data); })
      .catch((err) => {
        if (err.status === 409 && err.data && err.data.conflict && conflict) { saveError = null; conflict(err.data); }
        else saveError = err.message;
      })
      .finally(() => {
        pending -= 1;
        if (key) { const n = inFlight.get(key) - 1; if (n) inFlight.set(key, n); else inFlight.delete(key); }
        showSave();
      });
    return chain;
  }

  // The revision to send: what the page had seen when the editor acted, or this page's own later write
  // to the same record (its own change is not a conflict).
  const baseFor = (key, seen) => Math.max(seen, ownRevision.get(key) || 0);

  const revOf = (rec) => (rec ? Math.max(rec.revision || 0, rec.verdict_revision || 0, rec.note_revision || 0) : 0);

  // Records the server says changed since the revision the page sent (or polled with). An answer
  // that left the server before one already applied may hold older versions: those are skipped.
  function applyChanges(data, skipInFlight) {
    let changed = false;
    for (const [fp, rec] of Object.entries(data.decisions || {})) {
      if (skipInFlight && inFlight.has("d:" + fp)) continue;
      if (revOf(rec) < revOf(S.decisions[fp])) continue;
      if (JSON.stringify(S.decisions[fp]) !== JSON.stringify(rec)) { S.decisions[fp] = rec; changed = true; }
    }
    for (const [key, rec] of Object.entries(data.corrections || {})) {
      if (skipInFlight && inFlight.has("c:" + key)) continue;
      if (revOf(rec) < revOf(S.corrections[key])) continue;
      const live = rec.mt !== null ? rec : null; // mt null: the correction was taken back
      if (JSON.stringify(S.corrections[key] || null) !== JSON.stringify(live)) {
        if (live) S.corrections[key] = live;
        else delete S.corrections[key];
        recheck.delete(key); // what this page rechecked was another text
        changed = true;
      }
    }
    if (data.progress) S.progress = data.progress;
    if (typeof data.revision === "number") S.revision = Math.max(S.revision, data.revision);
    return changed;
  }

  function notice(text) {
    const n = $("notice");
    n.textContent = text;
    n.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { n.hidden = true; }, 15000);
  }

  // Another window decided the same record otherwise: show theirs, say so, keep going.
  function conflicted(what) {
    return (data) => {
      const c = data.conflict;
      if (c.kind === "decision") {
        if (c.record) S.decisions[c.key] = c.record;
        else delete S.decisions[c.key];
      } else {
        if (c.record && c.record.mt !== null) S.corrections[c.key] = c.record;
        else delete S.corrections[c.key];
        recheck.delete(c.key);
      }
      applyChanges(data, false);
      notice(what + ": " + data.error + ". Your change was not applied.");
      render();
    };
  }

  // Pick up what other windows (or another mtcheck on the same file) saved.
  async function poll() {
    if (polling || pending || !S || document.visibilityState === "hidden") return;
    polling = true;
    try {
      const data = await request("/api/changes?since=" + S.revision);
      if (applyChanges(data, true)) render();
      else renderProgress();
    } catch (err) {
      // Quiet: a server that stopped shows up on the next write.
    } finally {
      polling = false;
    }
  }

  function showSave() {
    const s = $("save-status");
    s.dataset.pending = String(pending);
    s.dataset.error = saveError ? "1" : "0";
    if (saveError) s.textContent = "Not saved: " + saveError;
    else if (pending) s.textContent = "Saving…";
    else s.textContent = "All changes saved";
  }

  // -- positions --------------------------------------------------------------
  const segAt = (i) => S.queue[flat[i].seg];
  const findingAt = (i) => segAt(i).findings[flat[i].f];
  const verdictOf = (fp) => (S.decisions[fp] && S.decisions[fp].verdict) || null;

  function savePosition() {
    if (positionQueued) return; // the queued write sends wherever the editor is by then
    positionQueued = true;
    save(() => {
      positionQueued = false;
      return ["/api/position", { segment: segAt(cur).key, finding: findingAt(cur).fingerprint }];
    });
  }

  function go(i) {
    if (!flat.length) return;
    const next = Math.max(0, Math.min(flat.length - 1, i));
    const moved = next !== cur;
    cur = next;
    render();
    if (moved) savePosition();
  }

  function goSegment(step) {
    const seg = flat[cur].seg + step;
    const i = flat.findIndex((p) => p.seg === seg);
    if (i >= 0) go(i);
  }

  function resumeIndex() {
    const pos = S.position || {};
    let i = flat.findIndex((p) => S.queue[p.seg].findings[p.f].fingerprint === pos.finding && S.queue[p.seg].key === pos.segment);
    if (i < 0) i = flat.findIndex((p) => S.queue[p.seg].key === pos.segment);
    if (i < 0) i = flat.findIndex((p) => !verdictOf(S.queue[p.seg].findings[p.f].fingerprint));
    return Math.max(i, 0);
  }

  // -- rendering --------------------------------------------------------------
  function render() {
    renderProgress();
    renderQueue();
    renderSegment();
  }

  function renderProgress() {
    const p = S.progress;
    $("progress-bar").max = Math.max(p.findings, 1);
    $("progress-bar").value = p.decided;
    $("progress-text").textContent =
      p.decided + " of " + p.findings + " findings reviewed · " + p.segments_done + " of " + p.segments +
      " segments done · " + p.corrected + " corrected";
  }

  function segmentDone(seg) {
    return seg.findings.every((f) => verdictOf(f.fingerprint));
  }

  function renderQueue() {
    const list = $("queue");
    list.replaceChildren();
    const here = flat[cur].seg;
    S.queue.forEach((seg, i) => {
      const li = el("li", i === here ? "current" : "");
      const b = el("button");
      b.type = "button";
      b.tabIndex = -1;
      if (i === here) li.setAttribute("aria-current", "true");
      b.append(el("span", "sev sev-" + seg.worst, seg.worst === "critical" ? "!!" : seg.worst === "major" ? "!" : "·"));
      b.append(el("span", "qid", (seg.doc && S.queue.some((s) => s.doc !== seg.doc) ? seg.doc + " " : "") + seg.id));
      b.append(el("span", "qtext muted", seg.texts.mt));
      b.append(el("span", "muted", String(seg.findings.length)));
      const state = (segmentDone(seg) ? "✓" : "") + (S.corrections[seg.key] ? "✎" : "");
      b.append(el("span", "qstate", state));
      b.title = seg.texts.mt;
      b.addEventListener("click", () => go(flat.findIndex((p) => p.seg === i)));
      li.append(b);
      list.append(li);
      if (i === here) li.scrollIntoView({ block: "nearest" });
    });
    $("queue-count").textContent = S.queue.length + " of " + S.total_segments + " segments flagged";
  }

  function register(fp, node) {
    if (!linkTargets.has(fp)) linkTargets.set(fp, []);
    linkTargets.get(fp).push(node);
  }

  function link(fps, on) {
    fps.forEach((fp) => (linkTargets.get(fp) || []).forEach((n) => n.classList.toggle("linked", on)));
  }

  function linkable(node, fps) {
    fps.forEach((fp) => register(fp, node));
    const onIn = () => link(fps, true);
    const onOut = () => link(fps, false);
    node.addEventListener("mouseenter", onIn);
    node.addEventListener("mouseleave", onOut);
    node.addEventListener("focus", onIn);
    node.addEventListener("blur", onOut);
  }

  // Offsets are Python string indices (code points): slice code points, not UTF-16 units.
  function renderText(container, text, field, findings) {
    const chars = Array.from(text);
    const clamp = (n) => Math.max(0, Math.min(chars.length, n));
    const ranges = [];
    findings.forEach((f) => {
      for (const [span, kind] of [[f.span, "span"], [f.related, "related"]]) {
        if (span && span.field === field) {
          ranges.push({ s: clamp(span.start), e: clamp(span.end), kind, f });
        }
      }
    });
    const cuts = new Set([0, chars.length]);
    ranges.forEach((r) => { cuts.add(r.s); cuts.add(r.e); });
    const points = [...cuts].sort((a, b) => a - b);
    const points0 = ranges.filter((r) => r.s === r.e);
    const mark = (covering, piece) => {
      const kinds = new Set(covering.map((r) => r.kind));
      const worst = covering.map((r) => r.f.severity).sort((a, b) => rank(b) - rank(a))[0];
      const m = el("mark", "hl sev-" + worst + (kinds.has("span") ? "" : " related") + (piece === "" ? " point" : ""), piece);
      m.tabIndex = 0;
      const fps = [...new Set(covering.map((r) => r.f.fingerprint))];
      m.dataset.fps = fps.join(" ");
      m.title = covering.map((r) => r.f.code + (r.kind === "related" ? " (other side)" : "") + ": " + r.f.message).join("\n");
      linkable(m, fps);
      const here = flat[cur].seg;
      m.addEventListener("click", () => {
        const i = flat.findIndex((p) => p.seg === here && S.queue[p.seg].findings[p.f].fingerprint === fps[0]);
        if (i >= 0) go(i);
      });
      if (fps.includes(findingAt(cur).fingerprint)) m.classList.add("current");
      container.append(m);
    };
    points.forEach((a, k) => {
      const atPoint = points0.filter((r) => r.s === a);
      if (atPoint.length) mark(atPoint, "");
      if (k === points.length - 1) return;
      const b = points[k + 1];
      const piece = chars.slice(a, b).join("");
      const covering = ranges.filter((r) => r.s < r.e && r.s <= a && b <= r.e);
      if (covering.length) mark(covering, piece);
      else container.append(document.createTextNode(piece));
    });
  }

  function rank(sev) {
    return { critical: 3, major: 2, minor: 1, info: 0 }[sev] ?? -1;
  }

  function renderSegment() {
    linkTargets = new Map();
    const seg = segAt(cur);
    const pos = flat[cur];
    const where = [seg.doc ? seg.doc : null, seg.line ? "line " + seg.line : null].filter(Boolean).join(", ");
    $("segment-title").dataset.key = seg.key;
    $("segment-title").textContent =
      "Segment " + seg.id + (where ? " (" + where + ")" : "") + " · " + (pos.seg + 1) + " of " + S.queue.length +
      " in the queue · finding " + (pos.f + 1) + " of " + seg.findings.length;

    const sides = $("sides");
    sides.replaceChildren();
    S.fields.forEach((field) => {
      const box = el("div", "side side-" + field);
      box.append(el("h3", "", LABEL[field] + " (" + LANG[field] + ")"));
      const text = seg.texts[field];
      if (text === undefined || text === null) {
        box.append(el("p", "text absent", "none"));
      } else {
        const p = el("p", "text");
        p.lang = LANG[field];
        renderText(p, text, field, seg.findings);
        box.append(p);
      }
      sides.append(box);
    });

    const corr = S.corrections[seg.key];
    const ct = $("corrected-text");
    ct.className = corr ? "" : "none";
    ct.textContent = corr ? corr.mt : "none yet (press e to edit the translation)";
    const rc = $("recheck");
    rc.replaceChildren();
    const again = recheck.get(seg.key);
    if (corr && again) {
      if (!again.length) rc.append(el("span", "clean", "After your edit mtcheck finds nothing in this segment."));
      else {
        rc.append(el("span", "", "After your edit mtcheck still finds: "));
        rc.append(el("span", "", again.map((f) => f.code + " " + f.message).join("; ")));
      }
    }

    const list = $("findings");
    list.replaceChildren();
    seg.findings.forEach((f, i) => {
      const li = el("li", "finding sev-" + f.severity + (i === pos.f ? " current" : ""));
      li.dataset.fingerprint = f.fingerprint;
      if (i === pos.f) li.setAttribute("aria-current", "true");
      const head = el("div", "fhead");
      head.append(el("span", "code", f.code));
      head.append(el("span", "sev", f.severity));
      head.append(el("span", "muted", f.check + " · " + f.category));
      const v = verdictOf(f.fingerprint);
      head.append(el("span", "verdict " + (v || "open"), v || "not reviewed"));
      li.append(head);
      li.append(el("p", "message", f.message));
      if (f.suggestion) li.append(el("p", "suggestion", "Suggestion: " + f.suggestion));
      const d = S.decisions[f.fingerprint];
      if (d && d.note) li.append(el("p", "note", "Note: " + d.note));
      if (d && d.verdict && d.reviewer) li.append(el("p", "note", (d.verdict) + " by " + d.reviewer + " " + (d.time || "")));
      const actions = el("div", "actions");
      for (const [label, verdict] of [["Confirm (c)", "confirmed"], ["Dismiss (d)", "dismissed"], ["Undecide (u)", null]]) {
        const b = el("button", "", label);
        b.type = "button";
        b.addEventListener("click", (ev) => { ev.stopPropagation(); go(flat.findIndex((p) => p.seg === pos.seg && p.f === i)); decide(verdict); });
        actions.append(b);
      }
      li.append(actions);
      li.addEventListener("click", () => go(flat.findIndex((p) => p.seg === pos.seg && p.f === i)));
      linkable(li, [f.fingerprint]);
      list.append(li);
    });
  }

  // -- actions ----------------------------------------------------------------
  function decide(verdict) {
    const f = findingAt(cur);
    const fp = f.fingerprint;
    const seen = S.revision;
    const key = "d:" + fp;
    S.decisions[fp] = Object.assign({}, S.decisions[fp] || { code: f.code, note: "" }, { verdict });
    save(() => ["/api/decision", { fingerprint: fp, verdict, revision: baseFor(key, seen) }], (data) => {
      applyChanges(data, false);
      S.decisions[fp] = data.decision;
      ownRevision.set(key, data.revision);
      render();
    }, key, conflicted(f.code + " in segment " + segAt(cur).id));
    if (verdict && cur < flat.length - 1) go(cur + 1);
    else render();
  }

  function startEdit() {
    const seg = segAt(cur);
    const corr = S.corrections[seg.key];
    $("edit-form").hidden = false;
    const box = $("edit-box");
    box.value = corr ? corr.mt : seg.texts.mt;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  function endEdit(keep) {
    const box = $("edit-box");
    $("edit-form").hidden = true;
    box.blur();
    if (!keep) return;
    const seg = segAt(cur);
    const value = box.value.replace(/[\t\r\n\v\f\u2028\u2029]+/g, " ").trim();
    if (!value) return;
    const seen = S.revision;
    const key = "c:" + seg.key;
    if (value === seg.texts.mt) delete S.corrections[seg.key];
    else S.corrections[seg.key] = { mt: value };
    render();
    save(() => ["/api/correction", { segment: seg.key, mt: value, revision: baseFor(key, seen) }], (data) => {
      applyChanges(data, false);
      if (data.correction) S.corrections[seg.key] = data.correction;
      else delete S.corrections[seg.key];
      if (data.recheck) recheck.set(seg.key, data.recheck);
      else recheck.delete(seg.key);
      ownRevision.set(key, data.revision);
      render();
    }, key, conflicted("The translation of segment " + seg.id));
  }

  function startNote() {
    const f = findingAt(cur);
    const d = S.decisions[f.fingerprint];
    $("note-target").textContent = f.code + " in segment " + segAt(cur).id;
    $("note-form").hidden = false;
    const box = $("note-box");
    box.value = (d && d.note) || "";
    box.focus();
  }

  function endNote(keep) {
    const box = $("note-box");
    $("note-form").hidden = true;
    box.blur();
    if (!keep) return;
    const f = findingAt(cur);
    const fp = f.fingerprint;
    const note = box.value.trim();
    const seen = S.revision;
    const key = "d:" + fp;
    S.decisions[fp] = Object.assign({}, S.decisions[fp] || { code: f.code, verdict: null }, { note });
    render();
    save(() => ["/api/note", { fingerprint: fp, note, revision: baseFor(key, seen) }], (data) => {
      applyChanges(data, false);
      S.decisions[fp] = data.decision;
      ownRevision.set(key, data.revision);
      render();
    }, key, conflicted("The note on " + f.code + " in segment " + segAt(cur).id));
  }

  function toggleHelp(show) {
    const help = $("help");
    help.hidden = !show;
    if (show) help.focus();
  }

  // -- keys -------------------------------------------------------------------
  function onKey(ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && (t.tagName === "TEXTAREA" || t.tagName === "INPUT")) return;
    if (!$("help").hidden) {
      if (ev.key === "Escape" || ev.key === "?") { ev.preventDefault(); toggleHelp(false); }
      return;
    }
    if (ev.key === "?") { ev.preventDefault(); toggleHelp(true); return; }
    if (!flat.length) return;
    const actions = {
      j: () => go(cur + 1), ArrowDown: () => go(cur + 1),
      k: () => go(cur - 1), ArrowUp: () => go(cur - 1),
      J: () => goSegment(1), K: () => goSegment(-1),
      c: () => decide("confirmed"), d: () => decide("dismissed"), u: () => decide(null),
      e: startEdit, n: startNote,
    };
    const act = actions[ev.key];
    if (act) { ev.preventDefault(); act(); }
  }

  function formKeys(box, end) {
    box.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); end(true); }
      else if (ev.key === "Escape") { ev.preventDefault(); end(false); }
    });
  }

  // -- start ------------------------------------------------------------------
  async function start() {
    showSave();
    document.addEventListener("keydown", onKey);
    formKeys($("edit-box"), endEdit);
    formKeys($("note-box"), endNote);
    $("edit-form").addEventListener("submit", (ev) => { ev.preventDefault(); endEdit(true); });
    $("note-form").addEventListener("submit", (ev) => { ev.preventDefault(); endNote(true); });
    $("help").addEventListener("click", (ev) => { if (ev.target === $("help")) toggleHelp(false); });
    try {
      S = await request("/api/state");
    } catch (err) {
      const box = $("fatal");
      box.hidden = false;
      box.textContent = "Cannot load the review: " + err.message;
      return;
    }
    $("input-name").textContent = S.input + " · reviewer " + S.reviewer;
    flat = [];
    S.queue.forEach((seg, i) => seg.findings.forEach((_, j) => flat.push({ seg: i, f: j })));
    if (!flat.length) {
      $("segment-pane").hidden = true;
      $("empty").hidden = false;
      renderProgress();
      document.body.dataset.ready = "1";
      return;
    }
    cur = resumeIndex();
    render();
    $("notice").addEventListener("click", () => { $("notice").hidden = true; });
    setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
    window.addEventListener("focus", poll);
    document.body.dataset.ready = "1";
  }

  start();
})();
