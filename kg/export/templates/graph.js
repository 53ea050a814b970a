/* policy-kg: the offline graph page.
 *
 * Reads its data from the JSON block #kg-data (written by kg/export/html.py) and draws
 * it with vis-network. Text from documents is only ever written with textContent (or
 * handed to vis-network, which draws labels on a canvas and sets tooltips with
 * innerText): never as markup. Nothing here makes a network request.
 */
(function () {
  "use strict";

  const D = JSON.parse(document.getElementById("kg-data").textContent);
  const T = D.types;
  const ROLE = D.roles;
  const ROLE_COLOUR = { lead: "#c0392b", responsible: "#2c7fb8", cooperate: "#7f8c8d" };
  const ROLE_ORDER = ["lead", "responsible", "cooperate"];
  const FONT = getComputedStyle(document.documentElement).getPropertyValue("--cjk").trim() || "sans-serif";
  const AGG_NODES = 300; // bodies drawn at most in the aggregated view (busiest first)
  const AGG_EDGES = 1500; // strongest links drawn at most
  const AGENCY_VIEW_LIMIT = 1200;
  const RESULTS_SHOWN = 100;

  // ---------------------------------------------------------------- indexes
  const entity = new Map(); // id -> {type, i}
  D.plans.forEach((p, i) => entity.set(p.id, { type: "plan", i }));
  D.sections.forEach((s, i) => entity.set(s.id, { type: "section", i }));
  D.tasks.forEach((t, i) => entity.set(t.id, { type: "task", i }));
  D.agencies.forEach((a, i) => entity.set(a.id, { type: a.type, i }));
  D.sectors.forEach((s, i) => entity.set(s.id, { type: "sector", i }));
  D.targets.forEach((q, i) => entity.set(q.id, { type: "target", i }));
  const tasksOfAgency = D.agencies.map(() => []);
  const tasksOfSector = D.sectors.map(() => []);
  const tasksOfPlan = D.plans.map(() => []);
  const children = new Map(); // parent id -> child ids (sections and tasks)
  function addChild(parent, id) {
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(id);
  }
  D.sections.forEach((s) => addChild(s.parent, s.id));
  D.tasks.forEach((t, ti) => {
    addChild(t.parent, t.id);
    tasksOfPlan[t.plan].push(ti);
    const seen = new Set();
    t.units.forEach((u) => {
      if (!seen.has(u[0])) tasksOfAgency[u[0]].push(ti);
      seen.add(u[0]);
    });
    t.sectors.forEach((s) => tasksOfSector[s].push(ti));
  });

  function typeOf(id) { const e = entity.get(id); return e ? e.type : ""; }
  function obj(id) {
    const e = entity.get(id);
    if (!e) return null;
    const list = { plan: D.plans, section: D.sections, task: D.tasks, agency: D.agencies, group: D.agencies,
                   sector: D.sectors, target: D.targets }[e.type];
    return list[e.i];
  }
  function nameOf(id) {
    const o = obj(id), type = typeOf(id);
    if (!o) return id;
    if (type === "plan") return o.title;
    if (type === "section") return o.path + " " + o.title;
    if (type === "task") return o.title || o.path;
    if (type === "agency" || type === "group") return o.name;
    if (type === "sector") return o.label;
    return o.text;
  }
  const haystack = new Map();
  function hay(id) {
    if (haystack.has(id)) return haystack.get(id);
    const o = obj(id), type = typeOf(id);
    let s = nameOf(id);
    if (type === "plan") s += " " + o.doc + " " + o.number + " " + o.juris;
    if (type === "task") s += " " + o.path + " " + o.text;
    if (type === "agency" || type === "group") s += " " + o.aliases.join(" ");
    s = s.toLowerCase();
    haystack.set(id, s);
    return s;
  }

  // ---------------------------------------------------------------- DOM helpers
  function $(id) { return document.getElementById(id); }
  function el(tag, props, ...kids) {
    const e = document.createElement(tag);
    for (const k in props || {}) {
      if (k === "class") e.className = props[k];
      else if (k === "on") for (const ev in props.on) e.addEventListener(ev, props.on[ev]);
      else if (k === "style") e.style.cssText = props[k];
      else e.setAttribute(k, props[k]);
    }
    for (const kid of kids) {
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function short(s, n) { s = String(s || ""); return s.length > n ? s.slice(0, n) + "…" : s; }
  function tag(type) { return el("span", { class: "tag", style: "background:" + T[type].colour }, T[type].zh); }
  function roleTag(role) { return el("span", { class: "tag role-" + role }, ROLE[role]); }
  function link(id, text) {
    return el("span", { class: "link", tabindex: "0", "data-id": id,
                        on: { click: () => select(id), keydown: (ev) => { if (ev.key === "Enter") select(id); } } },
              text === undefined ? nameOf(id) : text);
  }

  // ---------------------------------------------------------------- state
  const state = {
    view: D.defaultView, plan: "", juris: "", sector: "",
    roles: new Set(ROLE_ORDER), agency: D.ranking.length ? D.ranking[0] : -1, query: "",
  };

  function taskPasses(t) {
    if (state.plan !== "" && t.plan !== Number(state.plan)) return false;
    if (state.juris !== "" && D.plans[t.plan].juris !== state.juris) return false;
    if (state.sector !== "" && t.sectors.indexOf(Number(state.sector)) < 0) return false;
    return true;
  }
  function filteredTasks() {
    const out = [];
    D.tasks.forEach((t, i) => { if (taskPasses(t)) out.push(i); });
    return out;
  }
  function shownUnits(t) {
    // one entry per body, its strongest shown role first
    const best = new Map();
    for (const u of t.units) {
      if (!state.roles.has(u[1])) continue;
      const prev = best.get(u[0]);
      if (!prev || ROLE_ORDER.indexOf(u[1]) < ROLE_ORDER.indexOf(prev[1])) best.set(u[0], u);
    }
    return Array.from(best.values());
  }

  // ---------------------------------------------------------------- node and edge styles
  function style(type) {
    const c = T[type].colour;
    const font = { face: FONT, size: 13, color: "#1d2733", strokeWidth: 3, strokeColor: "#ffffff" };
    switch (type) {
      case "plan":
        return { shape: "box", margin: 8, borderWidth: 1,
                 color: { background: c, border: "#0f2f4d", highlight: { background: "#2d6da8", border: "#0f2f4d" },
                          hover: { background: "#2d6da8", border: "#0f2f4d" } },
                 font: { face: FONT, size: 22, color: "#ffffff", strokeWidth: 0, bold: { color: "#ffffff" } } };
      case "section":
        return { shape: "dot", size: 7, color: { background: c, border: "#6b7f94" },
                 font: Object.assign({}, font, { size: 11, color: "#4a5868" }) };
      case "task":
        return { shape: "dot", color: { background: c, border: "#23683c" }, font: font,
                 scaling: { min: 7, max: 16, label: { enabled: false } } };
      case "agency":
        return { shape: "diamond", color: { background: c, border: "#9c4f0e" },
                 font: Object.assign({}, font, { size: 14 }),
                 scaling: { min: 10, max: 40, label: { enabled: true, min: 13, max: 22, drawThreshold: 6 } } };
      case "group":
        return { shape: "triangle", color: { background: c, border: "#5f3a72" }, font: font,
                 scaling: { min: 9, max: 30, label: { enabled: true, min: 12, max: 18, drawThreshold: 6 } } };
      case "sector":
        return { shape: "hexagon", color: { background: c, border: "#0e6262" },
                 font: Object.assign({}, font, { size: 14 }), scaling: { min: 10, max: 34 } };
      default:
        return { shape: "square", size: 8, color: { background: c, border: "#86103e" }, font: font };
    }
  }
  function node(id, type, label, extra) {
    const tooltip = T[type].zh + "：" + nameOf(id);
    const n = Object.assign({ id: id, label: label, title: tooltip, kgType: type }, style(type), extra || {});
    if (!n.color.highlight) {
      // selected or hovered: the type's own colour with a dark ring, not vis-network's default blue
      const ring = { background: n.color.background, border: "#1d2733" };
      n.color = Object.assign({}, n.color, { highlight: ring, hover: ring });
    }
    return n;
  }
  function edgeColour(colour, opacity) {
    return { color: colour, highlight: colour, hover: colour, opacity: opacity };
  }
  function roleEdge(from, to, role, extra) {
    return Object.assign({ from: from, to: to, color: edgeColour(ROLE_COLOUR[role], 0.85),
                           width: role === "lead" ? 3 : role === "responsible" ? 1.5 : 1.2,
                           dashes: role === "cooperate" ? [5, 4] : false, title: ROLE[role], kgRole: role }, extra || {});
  }
  function plainEdge(from, to, colour, extra) {
    return Object.assign({ from: from, to: to, color: edgeColour(colour, 0.7), width: 1 }, extra || {});
  }

  // ---------------------------------------------------------------- the three graph views
  function buildFull() {
    const tasks = filteredTasks();
    const nodes = new Map(), edges = [], load = new Map();
    const add = (n) => { if (!nodes.has(n.id)) nodes.set(n.id, n); };
    const plansShown = new Set();
    for (const ti of tasks) {
      const t = D.tasks[ti];
      plansShown.add(t.plan);
      add(node(t.id, "task", short(t.title || t.path, 12), { value: Math.max(1, t.units.length) }));
      let child = t.id, parent = t.parent;
      while (parent && entity.has(parent)) {
        const ptype = typeOf(parent);
        edges.push(plainEdge(child, parent, "#b8c4d2", { kgPart: true }));
        if (nodes.has(parent)) break;
        if (ptype === "plan") { add(node(parent, "plan", short(nameOf(parent), 18))); break; }
        if (ptype === "section") {
          const s = obj(parent);
          add(node(parent, "section", short(s.path.split("/").pop() + " " + s.title, 10)));
          child = parent; parent = s.parent;
        } else if (ptype === "task") {
          const pt = obj(parent);
          add(node(parent, "task", short(pt.title || pt.path, 12), { value: Math.max(1, pt.units.length) }));
          child = parent; parent = pt.parent;
        } else break;
      }
      for (const u of shownUnits(t)) {
        load.set(u[0], (load.get(u[0]) || 0) + 1);
        edges.push(roleEdge(t.id, D.agencies[u[0]].id, u[1]));
      }
      for (const s of t.sectors) {
        add(node(D.sectors[s].id, "sector", D.sectors[s].label, { value: tasksOfSector[s].length }));
        edges.push(plainEdge(t.id, D.sectors[s].id, T.sector.colour, { dashes: [2, 3] }));
      }
      for (const q of t.targets) {
        add(node(D.targets[q].id, "target", short(D.targets[q].text, 10)));
        edges.push(plainEdge(D.targets[q].id, t.id, T.target.colour));
      }
    }
    for (const pi of plansShown) {
      for (const q of D.plans[pi].targets) {
        add(node(D.targets[q].id, "target", short(D.targets[q].text, 10)));
        edges.push(plainEdge(D.targets[q].id, D.plans[pi].id, T.target.colour));
      }
    }
    for (const [ai, n] of load) {
      const a = D.agencies[ai];
      add(node(a.id, a.type, short(a.name, 14), { value: n, title: a.name + "\n" + workloadLine(a) }));
    }
    return { nodes: Array.from(nodes.values()), edges: edges };
  }

  function buildAgg() {
    const tasks = filteredTasks();
    const load = new Map(), pairs = new Map(), sectorLinks = new Map(), sectorLoad = new Map();
    for (const ti of tasks) {
      const t = D.tasks[ti];
      const bodies = shownUnits(t).map((u) => u[0]).sort((a, b) => a - b);
      for (const a of bodies) load.set(a, (load.get(a) || 0) + 1);
      for (let i = 0; i < bodies.length; i++) {
        for (let j = i + 1; j < bodies.length; j++) {
          const k = bodies[i] + "|" + bodies[j];
          pairs.set(k, (pairs.get(k) || 0) + 1);
        }
      }
      for (const s of t.sectors) {
        sectorLoad.set(s, (sectorLoad.get(s) || 0) + 1);
        for (const a of bodies) { const k = a + "|" + s; sectorLinks.set(k, (sectorLinks.get(k) || 0) + 1); }
      }
    }
    let bodies = Array.from(load.keys()).sort((a, b) => load.get(b) - load.get(a) || a - b);
    let notice = "协同网络：两单位共同承担任务即相连，线越粗共同任务越多；节点大小为任务数。";
    if (bodies.length > AGG_NODES) {
      notice = "共 " + bodies.length + " 个单位，只显示任务最多的 " + AGG_NODES + " 个；用计划、辖区或行业筛选缩小范围。";
      bodies = bodies.slice(0, AGG_NODES);
    }
    const keep = new Set(bodies);
    const nodes = bodies.map((ai) => {
      const a = D.agencies[ai];
      return node(a.id, a.type, short(a.name, 14), { value: load.get(ai), title: a.name + "\n本视图任务 " + load.get(ai) + " 项" });
    });
    let links = [];
    for (const [k, w] of pairs) {
      const [a, b] = k.split("|").map(Number);
      if (keep.has(a) && keep.has(b)) links.push([w, a, b]);
    }
    links.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
    if (links.length > AGG_EDGES) links = links.slice(0, AGG_EDGES);
    const edges = links.map(([w, a, b]) => plainEdge(D.agencies[a].id, D.agencies[b].id, "#8aa1b8",
      { width: Math.min(12, 1 + Math.log2(w) * 1.6), value: w, title: "共同承担 " + w + " 项任务", kgWeight: w }));
    for (const [s, n] of sectorLoad) {
      nodes.push(node(D.sectors[s].id, "sector", D.sectors[s].label, { value: n }));
    }
    for (const [k, w] of sectorLinks) {
      const [a, s] = k.split("|").map(Number);
      if (keep.has(a)) edges.push(plainEdge(D.agencies[a].id, D.sectors[s].id, T.sector.colour,
        { dashes: [2, 3], width: Math.min(8, 1 + Math.log2(w)), title: w + " 项任务" }));
    }
    return { nodes: nodes, edges: edges, notice: notice };
  }

  function buildAgency() {
    const ai = state.agency;
    if (ai < 0) return { nodes: [], edges: [], notice: "请在左侧“单位”中选择一个单位。" };
    const me = D.agencies[ai];
    const nodes = new Map(), edges = [];
    const add = (n) => { if (!nodes.has(n.id)) nodes.set(n.id, n); };
    add(node(me.id, me.type, me.name, { value: 30, font: { face: FONT, size: 20, color: "#1d2733",
                                                            strokeWidth: 4, strokeColor: "#ffffff" } }));
    let tasks = tasksOfAgency[ai].filter((ti) => taskPasses(D.tasks[ti]));
    let notice = me.name + "：" + workloadLine(me) + "。粗红线为牵头。";
    if (tasks.length > AGENCY_VIEW_LIMIT) {
      notice += " 只显示前 " + AGENCY_VIEW_LIMIT + " 项任务。";
      tasks = tasks.slice(0, AGENCY_VIEW_LIMIT);
    }
    for (const ti of tasks) {
      const t = D.tasks[ti], p = D.plans[t.plan];
      add(node(p.id, "plan", short(p.title, 18)));
      add(node(t.id, "task", short(t.title || t.path, 12), { value: Math.max(1, t.units.length) }));
      edges.push(plainEdge(t.id, p.id, "#b8c4d2", { kgPart: true }));
      for (const u of shownUnits(t)) {
        const a = D.agencies[u[0]];
        if (u[0] !== ai) add(node(a.id, a.type, short(a.name, 14), { value: 3 }));
        edges.push(roleEdge(t.id, a.id, u[1]));
      }
    }
    return { nodes: Array.from(nodes.values()), edges: edges, notice: notice };
  }

  function workloadLine(a) {
    return "牵头 " + a.lead + " · 责任 " + a.responsible + " · 配合 " + a.cooperate + "，共 " + a.tasks +
           " 项任务，" + a.plans + " 个计划";
  }

  // ---------------------------------------------------------------- drawing
  const container = $("graph");
  let network = null, nodesDS = null, edgesDS = null, original = new Map(), renderSeq = 0;

  function options(n) {
    return {
      autoResize: true,
      layout: { randomSeed: 20240531, improvedLayout: n <= 150 },
      physics: {
        enabled: n > 0, solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -48, centralGravity: 0.012, springLength: 70,
                            springConstant: 0.08, damping: 0.55, avoidOverlap: 0.25 },
        maxVelocity: 50, minVelocity: 1.0, timestep: 0.4,
        stabilization: { enabled: true, iterations: n > 1500 ? 250 : n > 500 ? 500 : 900, updateInterval: 25, fit: true },
      },
      interaction: { hover: true, tooltipDelay: 250, hideEdgesOnDrag: n > 600, hideEdgesOnZoom: n > 1500,
                     navigationButtons: false, keyboard: false, multiselect: false },
      nodes: { font: { face: FONT }, borderWidthSelected: 3 },
      edges: { smooth: false, selectionWidth: 2, hoverWidth: 0.5 },
    };
  }

  function settled() {
    $("progress").hidden = true;
    window.kgSettled = { ms: Math.round(performance.now()), seq: renderSeq, view: state.view,
                         nodes: nodesDS ? nodesDS.length : 0, edges: edgesDS ? edgesDS.length : 0 };
    document.body.dataset.settled = String(renderSeq);
  }

  function showNotice(text) {
    const n = $("notice");
    n.hidden = !text;
    n.textContent = text || "";
  }

  function render() {
    renderSeq += 1;
    document.body.dataset.settled = "";
    document.querySelectorAll("#views button").forEach((b) => b.classList.toggle("on", b.dataset.view === state.view));
    $("stats").hidden = state.view !== "stats";
    if (state.view === "stats") { showStats(); settled(); return; }
    let g;
    if (state.view === "agg") g = buildAgg();
    else if (state.view === "agency") g = buildAgency();
    else g = buildFull();
    showNotice(g.notice || "");
    if (state.view === "full" && g.nodes.length > D.fullViewLimit * 2) {
      showNotice("当前筛选有 " + g.nodes.length + " 个节点，任务图过大；请先选择计划或辖区，或改用“协同网络”。");
      g = { nodes: [], edges: [] };
    }
    nodesDS = new vis.DataSet(g.nodes);
    edgesDS = new vis.DataSet(g.edges);
    original = new Map(g.nodes.map((n) => [n.id, { id: n.id, color: n.color, font: n.font, borderWidth: n.borderWidth || 1,
                                                       borderWidthSelected: 3 }]));
    const opts = options(g.nodes.length);
    $("progress").hidden = g.nodes.length === 0;
    $("progress-bar").style.width = "0";
    if (!network) {
      network = new vis.Network(container, { nodes: nodesDS, edges: edgesDS }, opts);
      network.on("stabilizationProgress", (p) => { $("progress-bar").style.width = Math.round(100 * p.iterations / p.total) + "%"; });
      network.on("stabilizationIterationsDone", () => {
        network.setOptions({ physics: { enabled: false } });
        // a small graph fitted to the window would be drawn huge: keep it at reading size
        if (network.getScale() > 1.1) network.moveTo({ scale: 1.1 });
        settled();
      });
      network.on("click", (p) => { if (p.nodes.length) showPanel(p.nodes[0]); });
      network.on("doubleClick", (p) => {
        if (!p.nodes.length) return;
        const e = entity.get(p.nodes[0]);
        if (e && (e.type === "agency" || e.type === "group")) openAgency(e.i);
      });
    } else {
      network.setOptions(opts);
      network.setData({ nodes: nodesDS, edges: edgesDS });
    }
    if (g.nodes.length === 0) settled();
    applySearch();
  }

  function setView(view) {
    state.view = view;
    render();
  }
  function openAgency(ai) {
    state.agency = ai;
    $("agency-select").value = String(ai);
    setView("agency");
    showPanel(D.agencies[ai].id);
  }

  // ---------------------------------------------------------------- search
  let searchTimer = 0;
  function search(q) {
    state.query = q;
    applySearch();
  }
  function matches(q) {
    const out = [];
    const order = [["agency", D.agencies], ["plan", D.plans], ["task", D.tasks], ["section", D.sections],
                   ["sector", D.sectors], ["target", D.targets]];
    for (const [, list] of order) for (const o of list) if (hay(o.id).indexOf(q) >= 0) out.push(o.id);
    return out;
  }
  function applySearch() {
    const q = state.query.trim().toLowerCase();
    const list = clear($("search-results"));
    if (!q) {
      $("search-count").textContent = "";
      if (nodesDS) nodesDS.update(Array.from(original.values()));
      if (edgesDS) edgesDS.update(edgesDS.get().map((e) => ({ id: e.id, hidden: false })));
      return;
    }
    const found = matches(q);
    const inView = nodesDS ? found.filter((id) => original.has(id)) : [];
    $("search-count").textContent = found.length ? "找到 " + found.length + " 个，图中高亮 " + inView.length + " 个" : "没有找到";
    found.slice(0, RESULTS_SHOWN).forEach((id) => {
      const type = typeOf(id);
      list.append(el("li", { tabindex: "0", class: original.has(id) ? "" : "out", "data-id": id, title: nameOf(id),
                             on: { click: () => select(id), keydown: (ev) => { if (ev.key === "Enter") select(id); } } },
                     tag(type), nameOf(id)));
    });
    if (!nodesDS) return;
    const hit = new Set(inView);
    nodesDS.update(Array.from(original.values()).map((o) => {
      if (hit.has(o.id)) {
        return { id: o.id, borderWidth: 4, borderWidthSelected: 4, color: Object.assign({}, o.color, { border: "#f1c40f" }),
                 font: Object.assign({}, o.font || {}, { background: "#fff3b0" }) };
      }
      return { id: o.id, borderWidth: 1, borderWidthSelected: 3, color: { background: "rgba(190,198,208,0.25)", border: "rgba(190,198,208,0.35)" },
               font: Object.assign({}, o.font || {}, { color: "rgba(60,70,80,0.25)", strokeWidth: 0 }) };
    }));
    edgesDS.update(edgesDS.get().map((e) => ({ id: e.id, hidden: !(hit.has(e.from) || hit.has(e.to)) })));
  }

  // ---------------------------------------------------------------- selection and the side panel
  function select(id) {
    showPanel(id);
    if (network && nodesDS && nodesDS.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 250 } });
    }
  }

  function dl(pairs) {
    const d = el("dl");
    for (const [k, v] of pairs) {
      if (v === "" || v === null || v === undefined || (Array.isArray(v) && !v.length)) continue;
      d.append(el("dt", null, k), el("dd", null, v));
    }
    return d;
  }
  function unitList(units) {
    const ul = el("ul");
    const sorted = units.slice().sort((a, b) => ROLE_ORDER.indexOf(a[1]) - ROLE_ORDER.indexOf(b[1]));
    for (const u of sorted) {
      const a = D.agencies[u[0]];
      ul.append(el("li", null, roleTag(u[1]), link(a.id), u[2] && u[2] !== a.name ? el("span", { class: "muted" }, "（原文：" + u[2] + "）") : null));
    }
    return ul;
  }
  function taskList(tis, withRoleOf) {
    const ul = el("ul");
    for (const ti of tis) {
      const t = D.tasks[ti];
      let role = null, others = 0;
      if (withRoleOf !== undefined) {
        const mine = t.units.filter((u) => u[0] === withRoleOf).map((u) => u[1]);
        role = ROLE_ORDER.find((r) => mine.indexOf(r) >= 0);
        others = new Set(t.units.map((u) => u[0]).filter((a) => a !== withRoleOf)).size;
      }
      ul.append(el("li", null, role ? roleTag(role) : null, link(t.id, t.path + " " + t.title),
                   withRoleOf !== undefined ? el("span", { class: "muted" }, others ? " 与 " + others + " 个单位共同" : " 独立承担") : null));
    }
    return ul;
  }

  function showPanel(id) {
    const type = typeOf(id), o = obj(id);
    if (!o) return;
    const body = clear($("panel-body"));
    $("panel").hidden = false;
    body.dataset.id = id;
    body.append(tag(type), el("h2", null, nameOf(id)));
    if (type === "task") {
      const p = D.plans[o.plan];
      body.append(dl([["计划", link(p.id)], ["编号", o.path], ["上级", o.parent !== p.id && entity.has(o.parent) ? link(o.parent) : ""],
                      ["文件", p.doc], ["行", String(o.line)], ["文号", p.number]]));
      body.append(el("h3", null, "责任说明（原文）"));
      if (o.notes.length) o.notes.forEach((n) => body.append(el("p", { class: "note" }, n)));
      else body.append(el("p", { class: "muted" }, "本任务没有责任说明。"));
      body.append(el("h3", null, "责任单位" + (o.etc ? "（原文列举后有“等”）" : "")), unitList(o.units));
      body.append(el("h3", null, "全文"), el("p", { class: "text" }, o.text));
      if (o.sectors.length) {
        body.append(el("h3", null, "行业领域"), el("ul", null, ...o.sectors.map((s) => el("li", null, link(D.sectors[s].id)))));
      }
      if (o.targets.length) {
        body.append(el("h3", null, "目标指标"), el("ul", null, ...o.targets.map((q) => el("li", null, link(D.targets[q].id)))));
      }
    } else if (type === "agency" || type === "group") {
      const ai = entity.get(id).i;
      body.append(dl([["类型", o.kindZh], ["辖区", o.juris], ["原文写法", o.aliases.join("、")]]));
      body.append(el("h3", null, "工作量"),
                  el("p", null, workloadLine(o) + "；独立承担 " + o.solo + " 项，与其他单位共同承担 " + o.shared + " 项。"),
                  el("p", { class: "muted" }, "协同单位 " + o.partners + " 个，协同强度 " + o.strength + "，度中心性 " + o.degree +
                     "，中介中心性 " + o.betweenness));
      body.append(el("button", { type: "button", class: "act", on: { click: () => openAgency(ai) } }, "在图中只看这个单位"));
      const partners = new Map();
      for (const ti of tasksOfAgency[ai]) {
        for (const b of new Set(D.tasks[ti].units.map((u) => u[0]))) if (b !== ai) partners.set(b, (partners.get(b) || 0) + 1);
      }
      const top = Array.from(partners.entries()).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, 8);
      if (top.length) {
        body.append(el("h3", null, "最常共同承担任务的单位"),
                    el("ul", null, ...top.map(([b, w]) => el("li", null, link(D.agencies[b].id), el("span", { class: "muted" }, " " + w + " 项")))));
      }
      const byPlan = new Map();
      for (const ti of tasksOfAgency[ai]) {
        const pi = D.tasks[ti].plan;
        if (!byPlan.has(pi)) byPlan.set(pi, []);
        byPlan.get(pi).push(ti);
      }
      body.append(el("h3", null, "各计划中的任务"));
      for (const [pi, tis] of byPlan) {
        body.append(el("p", null, link(D.plans[pi].id), el("span", { class: "muted" }, " " + tis.length + " 项")), taskList(tis, ai));
      }
    } else if (type === "plan") {
      body.append(dl([["文号", o.number], ["日期", o.date], ["辖区", o.juris], ["期限", o.period],
                      ["发文机关", o.issuers.join("、")], ["印发通知", o.notice], ["文件", o.doc],
                      ["类型", o.genre === "news" ? "新闻报道" : "计划"]]));
      if (o.units.length) body.append(el("h3", null, "统筹单位（全文责任说明）"), unitList(o.units));
      if (o.targets.length) {
        body.append(el("h3", null, "目标指标"), el("ul", null, ...o.targets.map((q) => el("li", null, link(D.targets[q].id)))));
      }
      const pi = entity.get(id).i;
      body.append(el("h3", null, "任务（" + tasksOfPlan[pi].length + " 项）"), taskList(tasksOfPlan[pi]));
    } else if (type === "section") {
      const p = D.plans[o.plan];
      body.append(dl([["计划", link(p.id)], ["编号", o.path], ["文件", p.doc], ["行", String(o.line)]]));
      const under = [];
      const walk = (pid) => (children.get(pid) || []).forEach((c) => { if (typeOf(c) === "task") under.push(entity.get(c).i); walk(c); });
      walk(id);
      body.append(el("h3", null, "下属任务（" + under.length + " 项）"), taskList(under));
    } else if (type === "sector") {
      const si = entity.get(id).i;
      body.append(el("h3", null, "任务（" + tasksOfSector[si].length + " 项）"), taskList(tasksOfSector[si]));
    } else if (type === "target") {
      const p = D.plans[o.plan];
      body.append(dl([["类别", o.kind], ["数值", o.value], ["单位", o.unit], ["比较", o.comparator], ["年份", o.year],
                      ["任务", o.task >= 0 ? link(D.tasks[o.task].id) : ""], ["计划", link(p.id)], ["文件", p.doc]]));
      body.append(el("h3", null, "原文"), el("p", { class: "text" }, o.text));
    }
    if (type !== "plan" && type !== "agency" && type !== "group") {
      body.append(el("p", { class: "muted" }, "标识：" + id));
    }
  }

  // ---------------------------------------------------------------- statistics view
  let statsBuilt = false;
  function showStats() {
    if (statsBuilt) return;
    statsBuilt = true;
    const box = clear($("stats"));
    const max = Math.max(1, ...D.agencies.map((a) => a.tasks));
    const limit = 500;
    box.append(el("h2", null, "单位工作量与协同"),
               el("p", { class: "muted" }, "任务按单位在该任务中的最高角色计（牵头 > 责任 > 配合），三者之和为任务数。" +
                  "协同单位：共同承担过任务的单位数；中介中心性：在协同网络中连接其他单位的程度。" +
                  (D.ranking.length > limit ? " 只列出前 " + limit + " 个单位，完整表见 agency_workload.csv。" : "")));
    const table = el("table");
    table.append(el("thead", null, el("tr", null, ...["单位", "辖区", "牵头", "责任", "配合", "任务数", "计划数", "协同单位",
      "协同强度", "中介中心性", ""].map((h) => el("th", null, h)))));
    const tb = el("tbody");
    for (const ai of D.ranking.slice(0, limit)) {
      const a = D.agencies[ai];
      const bar = el("span", null, ...ROLE_ORDER.map((r) => el("span", { class: "bar role-" + r, style: "width:" + Math.round(160 * a[r] / max) + "px" })));
      tb.append(el("tr", null, el("td", null, el("span", { class: "link", on: { click: () => openAgency(ai) } }, a.name)),
                   el("td", null, a.juris), el("td", null, a.lead), el("td", null, a.responsible), el("td", null, a.cooperate),
                   el("td", null, a.tasks), el("td", null, a.plans), el("td", null, a.partners), el("td", null, a.strength),
                   el("td", null, a.betweenness.toFixed(4)), el("td", null, bar)));
    }
    table.append(tb);
    box.append(table);
    // the strongest co-responsibility pairs
    const pairs = new Map();
    for (const t of D.tasks) {
      const b = Array.from(new Set(t.units.map((u) => u[0]))).sort((x, y) => x - y);
      for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
        const k = b[i] + "|" + b[j];
        pairs.set(k, (pairs.get(k) || 0) + 1);
      }
    }
    const top = Array.from(pairs.entries()).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 30);
    const t2 = el("table");
    t2.append(el("thead", null, el("tr", null, el("th", null, "单位"), el("th", null, "单位"), el("th", null, "共同任务"))));
    const tb2 = el("tbody");
    for (const [k, w] of top) {
      const [a, b] = k.split("|").map(Number);
      tb2.append(el("tr", null, el("td", null, D.agencies[a].name), el("td", null, D.agencies[b].name), el("td", null, w)));
    }
    t2.append(tb2);
    box.append(el("h2", null, "共同承担任务最多的单位组合"), t2);
  }

  // ---------------------------------------------------------------- controls, legend, counts
  function shapeIcon(type) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "18"); svg.setAttribute("height", "18"); svg.setAttribute("viewBox", "0 0 18 18");
    const shape = T[type].shape;
    let e;
    if (shape === "dot") { e = document.createElementNS(ns, "circle"); e.setAttribute("cx", "9"); e.setAttribute("cy", "9"); e.setAttribute("r", type === "section" ? "4.5" : "7"); }
    else if (shape === "box" || shape === "square") {
      e = document.createElementNS(ns, "rect");
      const w = shape === "box" ? 16 : 12;
      e.setAttribute("x", String((18 - w) / 2)); e.setAttribute("y", shape === "box" ? "4" : "3");
      e.setAttribute("width", String(w)); e.setAttribute("height", shape === "box" ? "10" : "12"); e.setAttribute("rx", "2");
    } else {
      e = document.createElementNS(ns, "polygon");
      const pts = { diamond: "9,1 17,9 9,17 1,9", triangle: "9,2 17,16 1,16", hexagon: "5,2 13,2 17,9 13,16 5,16 1,9" }[shape];
      e.setAttribute("points", pts);
    }
    e.setAttribute("fill", T[type].colour);
    svg.append(e);
    return svg;
  }
  function lineIcon(colour, width, dash) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "26"); svg.setAttribute("height", "10");
    const l = document.createElementNS(ns, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", colour); l.setAttribute("stroke-width", String(width));
    if (dash) l.setAttribute("stroke-dasharray", dash);
    svg.append(l);
    return svg;
  }

  function setup() {
    const count = { plan: D.plans.length, section: D.sections.length, task: D.tasks.length,
                    agency: D.agencies.filter((a) => a.type === "agency").length,
                    group: D.agencies.filter((a) => a.type === "group").length,
                    sector: D.sectors.length, target: D.targets.length };
    const parts = [count.plan + " 个计划", count.task + " 项任务", (count.agency + count.group) + " 个单位"];
    if (count.sector) parts.push(count.sector + " 个行业领域");
    if (count.target) parts.push(count.target + " 个目标指标");
    $("counts").textContent = parts.join(" · ");
    const legend = $("legend");
    for (const type of Object.keys(T)) {
      legend.append(el("li", { class: count[type] ? "" : "absent" }, shapeIcon(type), T[type].zh,
                       count[type] ? el("span", { class: "muted" }, " " + count[type]) : el("span", { class: "muted" }, "（本语料暂无）")));
    }
    const le = $("legend-edges");
    le.append(el("li", null, lineIcon(ROLE_COLOUR.lead, 3), "牵头"),
              el("li", null, lineIcon(ROLE_COLOUR.responsible, 1.5), "责任"),
              el("li", null, lineIcon(ROLE_COLOUR.cooperate, 1.2, "5,4"), "配合"),
              el("li", null, lineIcon("#b8c4d2", 1), "隶属（任务→章节→计划）"),
              el("li", null, lineIcon("#8aa1b8", 4), "协同网络：共同承担任务"));

    const fp = $("f-plan");
    D.plans.forEach((p, i) => fp.append(new Option(short(p.title, 40), String(i))));
    const fj = $("f-juris");
    D.jurisdictions.forEach((j) => fj.append(new Option(j, j)));
    const fs = $("f-sector");
    D.sectors.forEach((s, i) => fs.append(new Option(s.label, String(i))));
    $("f-sector-wrap").hidden = D.sectors.length === 0;
    const as = $("agency-select");
    D.ranking.forEach((ai) => as.append(new Option(D.agencies[ai].name + "（" + D.agencies[ai].tasks + "）", String(ai))));

    fp.addEventListener("change", () => { state.plan = fp.value; render(); });
    fj.addEventListener("change", () => { state.juris = fj.value; render(); });
    fs.addEventListener("change", () => { state.sector = fs.value; render(); });
    as.addEventListener("change", () => { if (as.value !== "") openAgency(Number(as.value)); });
    document.querySelectorAll("#f-roles input").forEach((box) => box.addEventListener("change", () => {
      if (box.checked) state.roles.add(box.value); else state.roles.delete(box.value);
      render();
    }));
    document.querySelectorAll("#views button").forEach((b) => b.addEventListener("click", () => setView(b.dataset.view)));
    const input = $("search");
    input.addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => search(input.value), 120);
    });
    $("panel-close").addEventListener("click", () => { $("panel").hidden = true; });
  }

  setup();
  render();
  // for tests, benchmarks and the curious: the page's own API
  window.kg = { data: D, state: state, network: () => network, nodes: () => nodesDS, edges: () => edgesDS,
                select: select, search: search, setView: setView, openAgency: openAgency, render: render };
})();
