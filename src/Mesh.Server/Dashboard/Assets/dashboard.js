// Mesh dashboard: reads /api/v1/topology every 2 s and draws the graph (SVG, layered left to right by call
// depth), the service list, and, for the selected service, /api/v1/services/{ns}/{name}. Plain DOM, no framework;
// every text goes through textContent, never innerHTML.
(function () {
  "use strict";

  const REFRESH_MS = 2000;
  const NODE_W = 190, NODE_H = 52, COL_GAP = 230, ROW_GAP = 22, SERVICE_GAP = 14, PAD = 24;
  const SVG = "http://www.w3.org/2000/svg";

  const state = { topology: null, service: null, selected: null, token: null, timer: null };

  // ---- small helpers -------------------------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined) continue;
      if (key === "text") node.textContent = value;
      else if (key === "class") node.setAttribute("class", value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) if (child) node.appendChild(child);
    return node;
  }

  const fmtRps = (v) => v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  const fmtPct = (v) => v === null || v === undefined ? "–" : (v >= 0.9995 ? "100" : (v * 100).toFixed(v >= 0.99 ? 2 : 1)) + "%";
  const fmtMs = (v) => v === null || v === undefined ? "–" : v >= 1000 ? (v / 1000).toFixed(2) + "s" : v >= 10 ? v.toFixed(0) + "ms" : v.toFixed(1) + "ms";
  const edgeState = (rate) => rate >= 0.99 ? "ok" : rate >= 0.8 ? "warn" : "bad";

  function fmtExpiry(iso) {
    if (!iso) return "–";
    const at = new Date(iso);
    const hours = (at.getTime() - Date.now()) / 3600000;
    const left = hours < 0 ? "expired" : hours < 48 ? hours.toFixed(1) + " h left" : (hours / 24).toFixed(0) + " d left";
    return at.toISOString().replace("T", " ").slice(0, 16) + " UTC (" + left + ")";
  }

  function hashParams() {
    const params = new URLSearchParams(location.hash.slice(1));
    return { service: params.get("service"), token: params.get("token") };
  }

  async function getJson(path) {
    const headers = state.token ? { Authorization: "Bearer " + state.token } : {};
    const response = await fetch(path, { headers, cache: "no-store" });
    if (response.status === 401 || response.status === 403) {
      throw new Error("The control server wants a token from this address: open the dashboard as " +
        location.origin + "/#token=<join or admin token> (from the server's data directory), or from 127.0.0.1.");
    }
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try { message = (await response.json()).message || message; } catch (e) { /* not our error shape */ }
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  function showError(message) {
    const banner = document.getElementById("error");
    banner.hidden = !message;
    banner.textContent = message || "";
    const live = document.getElementById("live");
    live.dataset.state = message ? "error" : "live";
  }

  // ---- graph layout ----------------------------------------------------------------------------------------------

  function layout(nodes, edges) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const depth = new Map(nodes.map((n) => [n.id, 0]));
    const linked = new Set();
    for (const e of edges) { linked.add(e.source); linked.add(e.destination); }
    // Longest path from the sources; at most |nodes| passes, so a cycle cannot loop forever.
    for (let pass = 0; pass < nodes.length; pass++) {
      let changed = false;
      for (const e of edges) {
        if (e.source === e.destination || !byId.has(e.source) || !byId.has(e.destination)) continue;
        const d = depth.get(e.source) + 1;
        if (d > depth.get(e.destination) && d < nodes.length) { depth.set(e.destination, d); changed = true; }
      }
      if (!changed) break;
    }

    // A version without traffic sits beside its service's other versions rather than in the first column.
    for (const n of nodes) {
      if (linked.has(n.id)) continue;
      for (const m of nodes) {
        if (linked.has(m.id) && m.service === n.service && m.namespace === n.namespace) depth.set(n.id, Math.max(depth.get(n.id), depth.get(m.id)));
      }
    }

    const columns = [];
    for (const n of nodes) {
      const d = depth.get(n.id);
      (columns[d] = columns[d] || []).push(n);
    }
    for (let d = 0; d < columns.length; d++) columns[d] = columns[d] || [];

    const position = new Map();
    let height = 0;
    columns.forEach((column, d) => {
      // Order by where callers sit (fewer crossings), keeping a service's versions together; unlinked nodes last.
      const callerY = (n) => {
        const ys = edges.filter((e) => e.destination === n.id && position.has(e.source)).map((e) => position.get(e.source).y);
        return ys.length ? Math.min(...ys) : Number.MAX_SAFE_INTEGER;
      };
      const serviceLinked = (n) => column.some((m) => m.service === n.service && m.namespace === n.namespace && linked.has(m.id));
      const serviceKey = new Map();
      for (const n of column) {
        const key = n.namespace + "/" + n.service;
        const y = callerY(n);
        serviceKey.set(key, Math.min(serviceKey.has(key) ? serviceKey.get(key) : Number.MAX_SAFE_INTEGER, y));
      }
      column.sort((a, b) => {
        const la = serviceLinked(a) ? 0 : 1, lb = serviceLinked(b) ? 0 : 1;
        if (la !== lb) return la - lb;
        const ka = serviceKey.get(a.namespace + "/" + a.service), kb = serviceKey.get(b.namespace + "/" + b.service);
        if (ka !== kb) return ka - kb;
        return (a.service + a.namespace).localeCompare(b.service + b.namespace) || a.version.localeCompare(b.version);
      });
      let y = PAD, previous = null;
      for (const n of column) {
        if (previous && previous !== n.namespace + "/" + n.service) y += SERVICE_GAP;
        position.set(n.id, { x: PAD + d * (NODE_W + COL_GAP), y });
        previous = n.namespace + "/" + n.service;
        y += NODE_H + ROW_GAP;
      }
      height = Math.max(height, y);
    });
    const width = PAD * 2 + Math.max(1, columns.length) * NODE_W + Math.max(0, columns.length - 1) * COL_GAP;
    return { position, width, height: height + PAD };
  }

  function bezierPoint(p0, p1, p2, p3, t) {
    const u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
  }

  // Puts an edge's label on its curve where it overlaps no label placed before (several edges often converge on
  // one node); tries points nearer the middle first, and pushes the label down when every point is taken.
  function placeLabel(placed, width, at) {
    const overlaps = (x, y) => placed.some((p) => Math.abs(p.x - x) < (p.w + width) / 2 + 4 && Math.abs(p.y - y) < 36);
    let best = null;
    for (const t of [0.62, 0.5, 0.74, 0.4, 0.84, 0.3]) {
      const [x, y] = at(t);
      if (!overlaps(x, y)) { best = { x, y }; break; }
    }
    if (!best) {
      const [x, y0] = at(0.62);
      let y = y0;
      while (overlaps(x, y)) y += 36;
      best = { x, y };
    }
    placed.push({ x: best.x, y: best.y, w: width });
    return { lx: best.x, ly: best.y };
  }

  function drawGraph(topology) {
    const host = document.getElementById("graph");
    const nodes = topology.nodes.filter((n) => n.kind !== "client" || topology.edges.some((e) => e.source === n.id));
    if (nodes.length === 0) {
      host.replaceChildren(el("p", { class: "muted empty", text: "No services registered and no traffic reported yet." }));
      return;
    }
    const { position, width, height } = layout(nodes, topology.edges);
    // Scales down to the card's width (never up), so the whole graph is in view without scrolling.
    const root = svg("svg", { width: "100%", viewBox: `0 0 ${width} ${height}`, style: `max-width:${width}px;height:auto`, role: "img", "aria-label": "service graph" });
    root.appendChild(svg("defs", {},
      ["ok", "warn", "bad"].map((s) => svg("marker", { id: "arrow-" + s, viewBox: "0 0 10 10", refX: 9, refY: 5, markerUnits: "userSpaceOnUse", markerWidth: 11, markerHeight: 11, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", fill: s === "ok" ? "#5b9e6f" : s === "warn" ? "#e08a00" : "#d64545" })))));

    const placed = [];
    const edgeLayer = svg("g", { class: "edges" });
    const labelLayer = svg("g", { class: "labels" });
    for (const e of topology.edges) {
      const a = position.get(e.source), b = position.get(e.destination);
      if (!a || !b) continue;
      const x0 = a.x + NODE_W, y0 = a.y + NODE_H / 2, x3 = b.x - 2, y3 = b.y + NODE_H / 2;
      const bend = Math.max(60, Math.abs(x3 - x0) / 2);
      const x1 = x0 + bend, x2 = x3 - bend;
      const d = `M${x0},${y0} C${x1},${y0} ${x2},${y3} ${x3},${y3}`;
      const s = edgeState(e.successRate);
      const widthPx = 1.5 + Math.min(4.5, Math.log10(1 + e.rps) * 2.2);
      const line1 = `${fmtRps(e.rps)} rps · ${fmtPct(e.successRate)}`;
      const line2 = `p50 ${fmtMs(e.p50Ms)} · p99 ${fmtMs(e.p99Ms)}`;
      const labelW = Math.max(line1.length, line2.length) * 6.8 + 14;
      const { lx, ly } = placeLabel(placed, labelW, (t) => [bezierPoint(x0, x1, x2, x3, t), bezierPoint(y0, y0, y3, y3, t)]);
      const group = svg("g", {
        class: "edge", "data-source": e.source, "data-destination": e.destination, "data-rps": e.rps,
        "data-success": e.successRate, "data-requests": e.requests, "data-errors": e.errors,
        "data-p50": e.p50Ms ?? "", "data-p99": e.p99Ms ?? "", "data-state": s,
      },
      svg("title", { text: `${e.source} → ${e.destination}\n${e.requests} requests, ${e.errors} errors in the window` }),
      svg("path", { class: "line", d, "stroke-width": widthPx.toFixed(1), "marker-end": `url(#arrow-${s})` }),
      e.rps > 0 ? svg("path", { class: "flow", d, "stroke-width": Math.max(1, widthPx - 1).toFixed(1) }) : null);
      edgeLayer.appendChild(group);
      labelLayer.appendChild(svg("g", { class: "label", "data-source": e.source, "data-destination": e.destination, "data-state": s, transform: `translate(${(lx - labelW / 2).toFixed(1)},${(ly - 16).toFixed(1)})` },
        svg("rect", { width: labelW.toFixed(1), height: 32, rx: 6 }),
        svg("text", { class: "rate", x: 6, y: 13, text: line1 }),
        svg("text", { x: 6, y: 26, text: line2 })));
    }

    const nodeLayer = svg("g", { class: "nodes" });
    for (const n of nodes) {
      const p = position.get(n.id);
      const live = n.instances.filter((i) => i.lease === "live" || i.lease === "static").length;
      const sub = n.kind === "external" ? "external" :
        n.kind === "client" ? "caller (not registered)" :
        `${live}/${n.instances.length} instance${n.instances.length === 1 ? "" : "s"}` + (n.inboundRps > 0 ? ` · ${fmtRps(n.inboundRps)} rps in` : "");
      const selected = state.selected && state.selected === n.namespace + "/" + n.service;
      const title = n.service.length > 22 ? n.service.slice(0, 21) + "…" : n.service;
      const chipW = n.version ? n.version.length * 7 + 12 : 0;
      nodeLayer.appendChild(svg("g", {
        class: "node" + (selected ? " selected" : ""), "data-id": n.id, "data-service": n.service, "data-namespace": n.namespace,
        "data-version": n.version, "data-health": n.health, "data-kind": n.kind, transform: `translate(${p.x},${p.y})`,
        onclick: () => n.namespace && select(n.namespace + "/" + n.service),
      },
      svg("title", { text: `${n.id} — ${n.health}` }),
      svg("rect", { class: "box", width: NODE_W, height: NODE_H, rx: 8 }),
      svg("rect", { class: "bar", x: 0, y: 0, width: 6, height: NODE_H, rx: 3 }),
      svg("text", { class: "title", x: 16, y: 21, text: title }),
      n.version ? svg("rect", { class: "vchip", x: NODE_W - chipW - 8, y: 8, width: chipW, height: 18, rx: 9 }) : null,
      n.version ? svg("text", { class: "version", x: NODE_W - chipW / 2 - 8, y: 21, "text-anchor": "middle", text: n.version }) : null,
      svg("text", { class: "sub", x: 16, y: 40, text: sub })));
    }

    root.append(edgeLayer, nodeLayer, labelLayer);
    host.replaceChildren(root);
  }

  // ---- service list ----------------------------------------------------------------------------------------------

  function drawServices(topology) {
    const groups = new Map();
    for (const n of topology.nodes) {
      if (n.kind === "client" && !topology.edges.some((e) => e.source === n.id)) continue;
      const ns = n.namespace || "outside the mesh";
      if (!groups.has(ns)) groups.set(ns, new Map());
      const services = groups.get(ns);
      if (!services.has(n.service)) services.set(n.service, []);
      services.get(n.service).push(n);
    }
    const host = document.getElementById("services");
    if (groups.size === 0) {
      host.replaceChildren(el("p", { class: "muted", text: "No services yet." }));
      return;
    }
    const items = [];
    for (const ns of [...groups.keys()].sort()) {
      items.push(el("div", { class: "ns", text: ns }));
      for (const [name, versions] of [...groups.get(ns)].sort((a, b) => a[0].localeCompare(b[0]))) {
        const instances = versions.reduce((sum, v) => sum + v.instances.length, 0);
        const key = ns + "/" + name;
        items.push(el("button", {
          class: "svc" + (state.selected === key ? " selected" : ""), "data-service": key,
          onclick: () => versions[0].namespace && select(key),
        },
        el("div", { class: "name" }, name),
        el("div", { class: "meta", text: versions[0].kind === "external" ? "external host" : versions[0].kind === "client" ? "caller" : `${instances} instance${instances === 1 ? "" : "s"}` }),
        el("div", { class: "chips" }, versions.map((v) => el("span", { class: "chip", title: v.health },
          el("span", { class: "dot " + v.health }), v.version || "–")))));
      }
    }
    host.replaceChildren(...items);
  }

  // ---- service page ----------------------------------------------------------------------------------------------

  function table(headers, rows) {
    if (rows.length === 0) return el("p", { class: "muted", text: "None." });
    return el("table", {}, el("thead", {}, el("tr", {}, headers.map((h) => el("th", { text: h })))),
      el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) =>
        c instanceof Node ? el("td", {}, c) : el("td", { class: typeof c === "number" ? "num" : null, text: c === null || c === undefined ? "–" : String(c) }))))));
  }

  function describeMatch(match) {
    if (!match || match.length === 0) return "any request";
    return match.map((m) => Object.entries(m).map(([k, v]) => k + " " + JSON.stringify(v)).join(", ")).join(" | ");
  }

  function weights(destinations) {
    const bar = el("div", { class: "weights" });
    for (const d of destinations) {
      const label = (d.subset || d.host) + " " + d.weight + "%";
      // Grows with its weight, but a small share stays wide enough to read.
      bar.appendChild(el("span", { style: `flex:${d.weight} 1 0;min-width:${d.weight > 0 ? 52 : 0}px`, title: d.host + (d.subset ? " subset " + d.subset : ""), text: label }));
    }
    return bar;
  }

  function drawService(view) {
    const card = document.getElementById("service");
    card.hidden = false;
    const instances = [];
    for (const v of view.versions) {
      for (const i of v.instances) {
        const lease = i.lease === "live" ? el("span", { class: "badge ok", text: "live" }) :
          i.lease === "static" ? el("span", { class: "badge", text: "static" }) : el("span", { class: "badge bad", text: i.lease });
        instances.push([v.version || "–", i.name, el("code", { text: i.endpoint }), lease,
          i.leaseRemainingSeconds === null || i.leaseRemainingSeconds === undefined ? "–" : i.leaseRemainingSeconds.toFixed(0) + " s",
          i.ejectedBy.length ? el("span", { class: "badge bad", text: "by " + i.ejectedBy.join(", ") }) : "no",
          fmtExpiry(i.certificateNotAfter)]);
      }
    }
    const routes = view.routes.map((r) => [r.policy, r.name, describeMatch(r.match), weights(r.destinations),
      [r.timeout ? "timeout " + r.timeout : null, r.retries ? "retries " + JSON.stringify(r.retries) : null,
        r.fault ? "fault " + JSON.stringify(r.fault) : null, r.mirror ? "mirror " + r.mirror : null].filter(Boolean).join("; ") || "–"]);
    const subsets = view.subsets.map((s) => [s.policy, s.name, Object.entries(s.labels).map(([k, v]) => k + "=" + v).join(", "), s.instances,
      s.trafficPolicy ? JSON.stringify(s.trafficPolicy) : "–"]);
    const ejected = view.ejected.map((e) => [el("code", { text: e.endpoint }), e.subset || "–", e.reportedBy, e.remainingSeconds.toFixed(0) + " s"]);
    const edgeRows = (list) => list.map((e) => [e.source, e.destination, fmtRps(e.rps), fmtPct(e.successRate), fmtMs(e.p50Ms), fmtMs(e.p99Ms), e.requests]);
    const policies = view.policies.map((p) => el("details", { class: "policy", open: p.warnings.length > 0 },
      el("summary", {}, `${p.kind} ${p.namespace}/${p.name}`, p.warnings.length ? el("span", { class: "badge", text: p.warnings.length + " warning" + (p.warnings.length === 1 ? "" : "s") }) : null),
      p.warnings.map((w) => el("div", { class: "warn", text: (w.path ? w.path + ": " : "") + w.message + (w.code ? " [" + w.code + "]" : "") })),
      el("pre", { class: "yaml", text: p.yaml })));

    card.replaceChildren(
      el("button", { class: "close", onclick: () => select(null), text: "Close" }),
      el("h2", { text: view.name }),
      el("div", { class: "host", text: view.host }),
      el("h3", { text: "Instances" }),
      table(["version", "instance", "endpoint", "lease", "renews in", "ejected", "certificate expiry"], instances),
      el("h3", { text: "Routes" }),
      table(["policy", "route", "match", "destinations", "options"], routes),
      el("h3", { text: "Subsets" }),
      table(["policy", "subset", "labels", "instances", "traffic policy"], subsets),
      el("h3", { text: "Ejected endpoints" }),
      table(["endpoint", "subset", "ejected by", "remaining"], ejected),
      el("h3", { text: "Inbound traffic" }),
      table(["from", "to", "rps", "success", "p50", "p99", "requests"], edgeRows(view.inbound)),
      el("h3", { text: "Outbound traffic" }),
      table(["from", "to", "rps", "success", "p50", "p99", "requests"], edgeRows(view.outbound)),
      el("h3", { text: "Policies" }),
      ...(policies.length ? policies : [el("p", { class: "muted", text: "No policy applies: default routing (round robin over all instances)." })]));
  }

  // ---- refresh loop ----------------------------------------------------------------------------------------------

  function select(key) {
    const params = new URLSearchParams(location.hash.slice(1));
    if (key) params.set("service", key); else params.delete("service");
    location.hash = params.toString();
  }

  async function refresh() {
    try {
      const topology = await getJson("/api/v1/topology");
      state.topology = topology;
      drawGraph(topology);
      drawServices(topology);
      const edges = topology.edges.length;
      document.getElementById("graph-summary").textContent =
        `${topology.nodes.length} node${topology.nodes.length === 1 ? "" : "s"} · ${edges} edge${edges === 1 ? "" : "s"}`;
      document.getElementById("window").textContent = `rates over the last ${topology.windowSeconds.toFixed(0)} s`;
      if (state.selected) {
        const [ns, name] = state.selected.split("/");
        try {
          drawService(await getJson(`/api/v1/services/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`));
        } catch (error) {
          if (error.status !== 404) throw error;
          document.getElementById("service").replaceChildren(el("p", { class: "muted", text: `No service ${name} in ${ns} (any more).` }));
        }
      } else {
        document.getElementById("service").hidden = true;
      }
      showError(null);
      document.getElementById("live").textContent = "live · " + new Date(topology.generatedAt).toLocaleTimeString();
    } catch (error) {
      showError(error.message || String(error));
    }
    document.body.dataset.refreshed = String(Date.now());
  }

  function onHash() {
    const params = hashParams();
    if (params.token) {
      state.token = params.token;
      sessionStorage.setItem("mesh-token", params.token);
    }
    state.selected = params.service;
    refresh();
  }

  state.token = sessionStorage.getItem("mesh-token");
  window.addEventListener("hashchange", onHash);
  onHash();
  state.timer = setInterval(refresh, REFRESH_MS);
})();
