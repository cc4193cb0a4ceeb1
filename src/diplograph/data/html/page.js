/* diplograph page script. Article text is untrusted: it reaches the DOM through textContent only. */
(function () {
  "use strict";
  performance.mark("dg:start");
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  performance.mark("dg:parsed");
  var settings = data.settings;

  // ---- small helpers ---------------------------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function append(parent, children) { children.forEach(function (c) { if (c) parent.appendChild(c); }); return parent; }
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[\u2019\u02bc]/g, "'").toLowerCase();
  }
  function byId(list) { var m = {}; list.forEach(function (x) { m[x.id] = x; }); return m; }
  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16 & 255) + "," + (n >> 8 & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  var types = byId(data.types), relTypes = byId(data.relation_types), modalities = byId(data.modalities);
  var nodeById = byId(data.nodes), edgeById = byId(data.edges);
  var MOD_STYLE = {
    asserted: {dashes: false, opacity: 1, mark: ""},
    reported: {dashes: [9, 5], opacity: 0.8, mark: " (rapportée)"},
    hypothetical: {dashes: [2, 5], opacity: 0.55, mark: " (?)"},
    negated: {dashes: [5, 4], opacity: 0.55, mark: " (niée)"}
  };
  function docLabel(i) {
    var d = data.documents[i];
    if (!d) return "(document inconnu)";
    return d.title + (d.date ? " (" + d.date + ")" : "") + (d.title !== d.file ? " · " + d.file : "");
  }
  function relLabel(e) { return e.type === "post" ? e.title : (relTypes[e.type] || {label: e.type}).label; }

  // ---- vis items -------------------------------------------------------------------------
  function nodeItem(n) {
    var t = types[n.type] || {color: "#999999", shape: "dot"};
    var item = {id: n.id, label: n.label, shape: t.shape, value: n.value,
      color: {background: t.color, border: t.color, highlight: {background: t.color, border: "#000"}},
      font: {color: "#222"}, title: n.label + " — " + (t.label || n.type)};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  function edgeItem(e) {
    var color = (relTypes[e.type] || {color: "#999999"}).color, mod = MOD_STYLE[e.modality] || MOD_STYLE.asserted;
    var arrows = {};
    if (e.directed) arrows.to = {enabled: true, scaleFactor: 0.6};
    if (e.modality === "negated") arrows.middle = {enabled: true, type: "bar", scaleFactor: 1.2};
    var item = {id: e.id, from: e.from, to: e.to, arrows: arrows, dashes: mod.dashes,
      width: e.type === "post" ? 1 : 1.5 + Math.min(3, e.evidence.length - 1),
      color: {color: color, highlight: color, hover: color, opacity: mod.opacity},
      title: nodeById[e.from].label + " → " + relLabel(e) + " → " + nodeById[e.to].label + " · " +
        (modalities[e.modality] || {label: e.modality}).label + " · " + e.evidence.length + " source(s)"};
    if (settings.edge_labels) item.label = relLabel(e) + mod.mark;
    if (!settings.big && e.rank > 0) {
      var side = (e.rank % 2 === 1) !== (e.from > e.to);
      item.smooth = {enabled: true, type: side ? "curvedCW" : "curvedCCW", roundness: 0.3 * Math.ceil(e.rank / 2)};
    }
    return item;
  }
  var baseNodes = data.nodes.map(nodeItem), baseEdges = data.edges.map(edgeItem);
  var nodes = new vis.DataSet(baseNodes), edges = new vis.DataSet(baseEdges);

  // ---- filters -----------------------------------------------------------------------------
  var state = {
    types: new Set(data.types.map(function (t) { return t.id; })),
    rels: new Set(data.relation_types.map(function (t) { return t.id; })),
    mods: new Set(data.modalities.map(function (m) { return m.id; })),
    docs: new Set(data.documents.map(function (_d, i) { return i; })),
    hideIsolated: false
  };
  var shownNodes = new Set(data.nodes.map(function (n) { return n.id; }));
  var shownEdges = new Set(data.edges.map(function (e) { return e.id; }));
  // filters flip the `hidden` flag of the items whose visibility changes, in one update each
  function recompute() {
    var allDocs = state.docs.size === data.documents.length;
    var inDocs = function (list) { return allDocs || list.some(function (d) { return state.docs.has(d); }); };
    var okNodes = new Set();
    data.nodes.forEach(function (n) { if (state.types.has(n.type) && inDocs(n.docs)) okNodes.add(n.id); });
    var nextEdges = new Set(), touched = new Set();
    data.edges.forEach(function (e) {
      if (state.rels.has(e.type) && state.mods.has(e.modality) && okNodes.has(e.from) && okNodes.has(e.to) &&
          inDocs(e.evidence.map(function (ev) { return ev.doc; }))) {
        nextEdges.add(e.id); touched.add(e.from); touched.add(e.to);
      }
    });
    var nextNodes = state.hideIsolated ? touched : okNodes;
    var nodeChanges = [], edgeChanges = [];
    data.nodes.forEach(function (n) { if (nextNodes.has(n.id) !== shownNodes.has(n.id)) nodeChanges.push({id: n.id, hidden: !nextNodes.has(n.id)}); });
    data.edges.forEach(function (e) { if (nextEdges.has(e.id) !== shownEdges.has(e.id)) edgeChanges.push({id: e.id, hidden: !nextEdges.has(e.id)}); });
    shownNodes = nextNodes; shownEdges = nextEdges;
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    if (focus && !focus.nodes.has(focus.centre)) unhighlight();
    document.getElementById("status").textContent = shownNodes.size + " nœuds, " + shownEdges.size + " liens affichés";
  }

  // ---- the network -------------------------------------------------------------------------
  var options = {
    autoResize: true,
    layout: {improvedLayout: !settings.big, randomSeed: 7},
    physics: settings.physics ? {enabled: true, solver: "forceAtlas2Based", stabilization: {iterations: 250, fit: true},
      forceAtlas2Based: {gravitationalConstant: -110, springLength: 170, springConstant: 0.05, avoidOverlap: 0.6}} : {enabled: false},
    interaction: {hover: !settings.big, tooltipDelay: 250, hideEdgesOnDrag: settings.big, hideEdgesOnZoom: settings.big,
      navigationButtons: false, keyboard: false},
    nodes: {scaling: {min: 7, max: 30, label: {enabled: true, min: 11, max: 22, drawThreshold: 6}},
      font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}, borderWidth: 1},
    edges: {smooth: false, selectionWidth: 2, font: {size: 10, align: "middle", strokeWidth: 3, strokeColor: "#ffffff"},
      color: {inherit: false}}
  };
  var container = document.getElementById("graph");
  performance.mark("dg:data");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  performance.mark("dg:network");
  network.on("beforeDrawing", function (ctx) {  // an opaque background, so the PNG export is readable
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
  });
  network.once("afterDrawing", function () {
    performance.mark("dg:drawn");
    window.diplograph.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // ---- highlight of a neighbourhood --------------------------------------------------------
  // Drawn over the finished frame (a white veil, then the neighbourhood again), so a selection
  // costs the size of the neighbourhood, not an update of every item of a large graph.
  var focus = null;
  network.on("afterDrawing", function (ctx) {
    if (!focus) return;
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "rgba(255,255,255,0.78)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
    var body = network.body;
    var shown = function (item) { return item && !item.options.hidden; };
    focus.edges.forEach(function (id) { var e = body.edges[id]; if (shown(e)) { e.draw(ctx); e.drawArrows(ctx); } });
    focus.nodes.forEach(function (id) {
      var n = body.nodes[id]; if (!shown(n)) return;
      var drawn = n.draw(ctx);  // shapes with the label outside hand back a callback for it
      if (drawn && drawn.drawExternalLabel) drawn.drawExternalLabel();
    });
  });
  function highlight(nodeIds, edgeIds, centre) {
    focus = {nodes: new Set(nodeIds), edges: new Set(edgeIds), centre: centre};
    redraw();
  }
  function unhighlight() { if (focus) { focus = null; redraw(); } }
  // a redraw on the next frame, merged with the one vis asks for on the same click
  function redraw() { network.body.emitter.emit("_requestRedraw"); }
  var incidentOf = {};
  data.edges.forEach(function (e) {
    (incidentOf[e.from] = incidentOf[e.from] || []).push(e);
    if (e.to !== e.from) (incidentOf[e.to] = incidentOf[e.to] || []).push(e);
  });
  function incident(id) { return incidentOf[id] || []; }
  function highlightNode(id) {
    var es = incident(id).filter(function (e) { return shownEdges.has(e.id); });
    var ns = [id];
    es.forEach(function (e) { ns.push(e.from, e.to); });
    highlight(ns, es.map(function (e) { return e.id; }), id);
  }

  // ---- side panel --------------------------------------------------------------------------
  var panel = document.getElementById("panel");
  function show(children) { panel.replaceChildren.apply(panel, children.filter(Boolean)); panel.scrollIntoView({block: "nearest"}); }
  function modalityBadge(m) { return el("span", (modalities[m] || {label: m}).label, "badge m-" + m); }
  function nodeLink(id) {
    var a = el("a", nodeById[id] ? nodeById[id].label : id, "rel");
    a.addEventListener("click", function () { focusNode(id); });
    return a;
  }
  function edgeLink(e, text) {
    var a = el("a", text, "rel");
    a.addEventListener("click", function () { selectEdge(e.id); });
    return a;
  }
  function showNode(id) {
    var n = nodeById[id]; if (!n) return;
    var t = types[n.type] || {label: n.type, color: "#999", glyph: "●"};
    var glyph = el("span", t.glyph, "glyph"); glyph.style.color = t.color;
    var parts = [el("h2", n.label), append(el("p"), [glyph, document.createTextNode(" " + t.label)])];
    if (n.aliases.length) parts.push(el("p", "Aussi appelé : " + n.aliases.join(" · ")));
    if (n.iso3) parts.push(el("p", "Code ISO 3166 : " + n.iso3, "muted"));
    var mine = incident(id);
    var held = mine.filter(function (e) { return e.type === "post" && e.from === id; });
    var holders = mine.filter(function (e) { return e.type === "post" && e.to === id; });
    if (held.length) {
      parts.push(el("h3", "Postes"));
      parts.push(append(el("ul"), held.map(function (e) { return append(el("li"), [document.createTextNode(e.title + " — "), nodeLink(e.to)]); })));
    }
    if (holders.length) {
      parts.push(el("h3", "Titulaires et membres"));
      parts.push(append(el("ul"), holders.map(function (e) { return append(el("li"), [nodeLink(e.from), document.createTextNode(" — " + e.title)]); })));
    }
    var groups = {};
    mine.forEach(function (e) { if (e.type !== "post") (groups[e.type] = groups[e.type] || []).push(e); });
    var order = data.relation_types.map(function (r) { return r.id; }).filter(function (r) { return groups[r]; });
    if (order.length) parts.push(el("h3", "Relations"));
    order.forEach(function (type) {
      var box = el("div");
      box.appendChild(el("strong", (relTypes[type] || {label: type}).label + " (" + groups[type].length + ")"));
      box.appendChild(append(el("ul"), groups[type].map(function (e) {
        var other = e.from === id ? e.to : e.from;
        var arrow = !e.directed ? "↔ " : (e.from === id ? "→ " : "← ");
        var li = append(el("li"), [edgeLink(e, arrow + (nodeById[other] ? nodeById[other].label : other))]);
        if (e.modality !== "asserted") { li.appendChild(document.createTextNode(" ")); li.appendChild(modalityBadge(e.modality)); }
        if (!shownEdges.has(e.id)) li.appendChild(el("span", " (masquée par les filtres)", "muted"));
        return li;
      })));
      parts.push(box);
    });
    if (!order.length && !held.length && !holders.length) parts.push(el("p", "Aucune relation extraite.", "muted"));
    parts.push(el("h3", "Documents (" + n.docs.length + ")"));
    parts.push(append(el("ul"), n.docs.map(function (d) { return el("li", docLabel(d)); })));
    parts.push(el("p", n.mentions + " mention(s)", "muted"));
    if (!shownNodes.has(id)) parts.push(el("p", "Ce nœud est masqué par les filtres actuels.", "warn"));
    show(parts);
  }
  function showEdge(id) {
    var e = edgeById[id]; if (!e) return;
    var arrow = e.directed ? " → " : " ↔ ";
    var parts = [append(el("h2"), [nodeLink(e.from), document.createTextNode(" — " + relLabel(e) + arrow), nodeLink(e.to)])];
    var line = append(el("p"), [e.type === "post" ? el("span", "poste / affiliation", "badge m-asserted") : modalityBadge(e.modality)]);
    if (e.attributed.length) line.appendChild(document.createTextNode(" selon " + e.attributed.join(", ")));
    parts.push(line);
    if (e.modality !== "asserted") {
      parts.push(el("p", "Relation non affirmée comme un fait (" + (modalities[e.modality] || {label: e.modality}).label +
        ") : lisez les sources avant de la citer.", "warn"));
    }
    parts.push(el("h3", "Sources (" + e.evidence.length + ")"));
    e.evidence.forEach(function (ev) {
      parts.push(el("blockquote", ev.text));
      parts.push(el("p", docLabel(ev.doc) + (ev.speaker ? " · propos de " + ev.speaker : ""), "muted"));
    });
    show(parts);
  }
  function clearPanel() { show([el("p", "Cliquez sur un nœud ou une relation pour voir ses sources.", "muted")]); }

  // vis animates by frame count, not time: on a large graph each frame is slow, so no animation there
  var ANIMATION = settings.big ? false : {duration: 400, easingFunction: "easeInOutQuad"};

  // ---- selection ---------------------------------------------------------------------------
  var status = document.getElementById("status");
  function focusNode(id) {
    if (!nodeById[id]) return;
    showNode(id);
    if (!shownNodes.has(id)) { status.textContent = "« " + nodeById[id].label + " » est masqué par les filtres"; return; }
    network.selectNodes([id]);
    highlightNode(id);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: ANIMATION});
  }
  function selectEdge(id) {
    var e = edgeById[id]; if (!e) return;
    showEdge(id);
    if (shownEdges.has(id)) { network.selectEdges([id]); highlight([e.from, e.to], [id], e.from); }
  }
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) { showNode(params.nodes[0]); highlightNode(params.nodes[0]); }
    else if (params.edges && params.edges.length) { selectEdge(params.edges[0]); }
    else { unhighlight(); clearPanel(); }
  });

  // ---- search ------------------------------------------------------------------------------
  var index = data.nodes.map(function (n) {
    return {id: n.id, label: fold(n.label), names: [n.label].concat(n.aliases, n.iso3 ? [n.iso3] : []).map(fold)};
  });
  var search = document.getElementById("search"), results = document.getElementById("results"), active = 0;
  function matches(query) {
    var q = fold(query).trim(); if (!q) return [];
    var scored = [];
    index.forEach(function (entry) {
      var best = 9;
      entry.names.forEach(function (name, i) {
        var at = name.indexOf(q); if (at < 0) return;
        var score = (name === q ? 0 : at === 0 ? 1 : 2) + (i === 0 ? 0 : 3);
        if (score < best) best = score;
      });
      if (best < 9) scored.push({id: entry.id, score: best});
    });
    scored.sort(function (a, b) { return a.score - b.score || nodeById[b.id].value - nodeById[a.id].value; });
    return scored.slice(0, 15).map(function (s) { return s.id; });
  }
  function renderResults() {
    var found = matches(search.value);
    active = 0;
    results.replaceChildren.apply(results, found.map(function (id, i) {
      var n = nodeById[id], li = el("li");
      li.setAttribute("data-id", id); li.setAttribute("role", "option");
      li.appendChild(el("span", n.label));
      li.appendChild(el("span", " — " + (types[n.type] || {label: n.type}).label, "muted"));
      if (i === 0) li.className = "active";
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      return li;
    }));
    if (search.value.trim() && !found.length) results.replaceChildren(el("li", "Aucune entité trouvée", "muted"));
  }
  function choose(id) { results.replaceChildren(); search.value = nodeById[id].label; focusNode(id); }
  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", function (ev) {
    var items = results.querySelectorAll("li[data-id]");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      items[active].className = "";
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[active].className = "active";
    } else if (ev.key === "Enter" && items.length) {
      choose(items[active].getAttribute("data-id"));
    } else if (ev.key === "Escape") { results.replaceChildren(); }
  });
  search.addEventListener("blur", function () { setTimeout(function () { results.replaceChildren(); }, 150); });

  // ---- legend and filter controls ---------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function lineSwatch(color, modality) {
    var svg = document.createElementNS(SVG, "svg"), line = document.createElementNS(SVG, "line"), mod = MOD_STYLE[modality];
    svg.setAttribute("width", "34"); svg.setAttribute("height", "10");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", "33"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", color); line.setAttribute("stroke-width", "2.5"); line.setAttribute("stroke-opacity", String(mod.opacity));
    if (mod.dashes) line.setAttribute("stroke-dasharray", mod.dashes.join(","));
    svg.appendChild(line);
    if (modality === "negated") {
      var bar = document.createElementNS(SVG, "line");
      bar.setAttribute("x1", "17"); bar.setAttribute("y1", "0"); bar.setAttribute("x2", "17"); bar.setAttribute("y2", "10");
      bar.setAttribute("stroke", color); bar.setAttribute("stroke-width", "2"); svg.appendChild(bar);
    }
    return svg;
  }
  function glyphOf(t) { var g = el("span", t.glyph, "glyph"); g.style.color = t.color; return g; }
  function count(list, key) { var c = {}; list.forEach(function (x) { c[x[key]] = (c[x[key]] || 0) + 1; }); return c; }
  var typeCount = count(data.nodes, "type"), relCount = count(data.edges, "type"), modCount = count(data.edges, "modality");
  var presentTypes = data.types.filter(function (t) { return typeCount[t.id]; });
  var legend = document.getElementById("legend");
  presentTypes.forEach(function (t) { legend.appendChild(append(el("div", undefined, "legend-row"), [glyphOf(t), el("span", t.label)])); });
  data.relation_types.forEach(function (r) { legend.appendChild(append(el("div", undefined, "legend-row"), [lineSwatch(r.color, "asserted"), el("span", r.label)])); });
  data.modalities.forEach(function (m) { legend.appendChild(append(el("div", undefined, "legend-row"), [lineSwatch("#555555", m.id), el("span", m.label)])); });
  if (!data.relation_types.length) legend.appendChild(el("p", "Aucune relation dans ce graphe.", "muted"));
  legend.appendChild(el("p", "Taille des nœuds : mentions et liens dans le corpus.", "muted"));

  function filterOptions(boxId, items, set, key) {
    var box = document.getElementById(boxId); box.className = "opts";
    var boxes = [];
    var all = el("div", undefined, "all"), yes = el("a", "tout"), no = el("a", "rien");
    yes.addEventListener("click", function () { boxes.forEach(function (b) { b.checked = true; set.add(b._value); }); recompute(); });
    no.addEventListener("click", function () { boxes.forEach(function (b) { b.checked = false; set.delete(b._value); }); recompute(); });
    if (items.length > 2) box.appendChild(append(all, [yes, no]));
    items.forEach(function (item) {
      var input = el("input"); input.type = "checkbox"; input.checked = true; input._value = item.value;
      input.setAttribute("data-filter", key); input.setAttribute("data-value", String(item.value));
      input.addEventListener("change", function () { if (input.checked) set.add(item.value); else set.delete(item.value); recompute(); });
      boxes.push(input);
      var label = append(el("label"), [input, item.swatch, el("span", " " + item.label + " "), el("span", "(" + item.count + ")", "count")]);
      label.title = item.label;
      box.appendChild(label);
    });
    if (!items.length) box.appendChild(el("p", "—", "muted"));
  }
  filterOptions("f-types", presentTypes.map(function (t) { return {value: t.id, label: t.label, count: typeCount[t.id], swatch: glyphOf(t)}; }), state.types, "type");
  filterOptions("f-relations", data.relation_types.map(function (r) { return {value: r.id, label: r.label, count: relCount[r.id] || 0, swatch: lineSwatch(r.color, "asserted")}; }), state.rels, "relation");
  filterOptions("f-modalities", data.modalities.map(function (m) { return {value: m.id, label: m.label, count: modCount[m.id] || 0, swatch: lineSwatch("#555555", m.id)}; }), state.mods, "modality");
  var docCount = {};
  data.nodes.forEach(function (n) { n.docs.forEach(function (d) { docCount[d] = (docCount[d] || 0) + 1; }); });
  filterOptions("f-documents", data.documents.map(function (_d, i) { return {value: i, label: docLabel(i), count: docCount[i] || 0, swatch: null}; }), state.docs, "document");
  document.getElementById("hide-isolated").addEventListener("change", function (ev) { state.hideIsolated = ev.target.checked; recompute(); });

  // ---- toolbar -----------------------------------------------------------------------------
  var s = data.summary;
  document.getElementById("summary").textContent = s.documents + " documents · " + s.entities + " entités · " +
    s.relations + " relations (dont " + s.asserted + " affirmées) · " + s.posts + " postes" + (settings.big ? " · disposition calculée à l'export" : "");
  var physicsOn = settings.physics, physicsButton = document.getElementById("physics");
  function physicsText() { physicsButton.textContent = physicsOn ? "Figer la disposition" : "Relancer la physique"; }
  physicsText();
  recompute();
  physicsButton.addEventListener("click", function () {
    physicsOn = !physicsOn; network.setOptions({physics: {enabled: physicsOn}}); physicsText();
  });
  document.getElementById("fit").addEventListener("click", function () { network.fit({animation: ANIMATION}); });
  document.getElementById("png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas"), a = el("a");
    a.href = canvas.toDataURL("image/png"); a.download = "diplograph.png";
    document.body.appendChild(a); a.click(); a.remove();
  });

  performance.mark("dg:ui");
  window.diplograph = {
    network: network, data: data, focusNode: focusNode, selectEdge: selectEdge, readyAt: null,
    showNode: showNode, highlightNode: highlightNode, unhighlight: unhighlight, options: options,
    visibleNodeIds: function () { return nodes.getIds({filter: function (n) { return !n.hidden; }}); },
    visibleEdgeIds: function () { return edges.getIds({filter: function (e) { return !e.hidden; }}); },
    focused: function () { return focus ? Array.from(focus.nodes) : []; }
  };
})();
