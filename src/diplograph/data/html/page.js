/* diplograph page script. Article text is untrusted: it reaches the DOM through textContent only,
   and a link's address only through the href property, for http(s) addresses checked at export. */
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
  function button(text, onClick, cls) {
    var b = el("button", text, cls); b.type = "button"; b.addEventListener("click", onClick); return b;
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
  // the document's title, as a link to the article (new tab, no opener) when the input gave its address
  function docTitle(i, tag) {
    var d = data.documents[i], box = el(tag || "span");
    if (!d) { box.textContent = "(document inconnu)"; return box; }
    if (d.url) {
      var a = el("a", d.title); a.href = d.url; a.target = "_blank"; a.rel = "noopener noreferrer"; a.className = "src";
      box.appendChild(a);
    } else box.appendChild(el("span", d.title));
    var extra = (d.date ? " · " + d.date : "") + (d.title !== d.file ? " · " + d.file : "");
    if (extra) box.appendChild(el("span", extra, "muted"));
    return box;
  }
  function relLabel(e) { return e.type === "post" ? e.title : (relTypes[e.type] || {label: e.type}).label; }
  function pct(x) { return Math.round(x * 100) + " %"; }
  function edgeConfidence(e) {
    if (e.confidence !== undefined) return e.confidence;
    var best; e.evidence.forEach(function (ev) { if (ev.confidence !== undefined && (best === undefined || ev.confidence > best)) best = ev.confidence; });
    return best;
  }

  // ---- dates: "YYYY", "YYYY-MM" or "YYYY-MM-DD", compared as the days they cover -----------
  function lowDay(d) { return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d; }
  function highDay(d) { return d.length === 4 ? d + "-12-31" : d.length === 7 ? d + "-31" : d; }
  function inRange(d) {
    if (!state.from && !state.to) return true;
    if (!d) return false;
    return (!state.to || lowDay(d) <= state.to) && (!state.from || highDay(d) >= state.from);
  }

  // ---- state of the filters ------------------------------------------------------------------
  var state = {
    types: new Set(data.types.map(function (t) { return t.id; })),
    rels: new Set(data.relation_types.map(function (t) { return t.id; })),
    mods: new Set(data.modalities.map(function (m) { return m.id; })),
    docs: new Set(data.documents.map(function (_d, i) { return i; })),
    from: "", to: "", minConfidence: 0,
    showIsolated: false,
    view: settings.view  // how many of the best-connected entities are shown; 0: all
  };
  var confidences = data.edges.map(edgeConfidence);
  if (!data.edges.length) state.showIsolated = true;  // nothing is linked: show what there is

  // which nodes and edges the filters let through
  function visibility() {
    var allDocs = state.docs.size === data.documents.length, dated = !!(state.from || state.to);
    var docOk = function (d) { return (allDocs || state.docs.has(d)) && (!dated || inRange((data.documents[d] || {}).date || "")); };
    var okNodes = new Set();
    data.nodes.forEach(function (n) {
      if (state.types.has(n.type) && (allDocs && !dated || n.docs.some(docOk))) okNodes.add(n.id);
    });
    var passing = [], touched = new Set();
    data.edges.forEach(function (e, i) {
      if (!state.rels.has(e.type) || !state.mods.has(e.modality) || !okNodes.has(e.from) || !okNodes.has(e.to)) return;
      if (state.minConfidence > 0 && confidences[i] !== undefined && confidences[i] < state.minConfidence) return;
      if ((!allDocs || dated) && !e.evidence.some(function (ev) {
        return (allDocs || state.docs.has(ev.doc)) && (!dated || inRange(ev.date));
      })) return;
      passing.push(e); touched.add(e.from); touched.add(e.to);
    });
    var linked = Array.from(touched);
    if (state.view && linked.length > state.view) {
      linked.sort(function (a, b) { return nodeById[a].rank - nodeById[b].rank; });
      linked = linked.slice(0, state.view);
    }
    var kept = new Set(linked), keep = new Set(), edgesOut = new Set();
    passing.forEach(function (e) {  // an entity of the view whose partners are all outside it is left out too
      if (kept.has(e.from) && kept.has(e.to)) { edgesOut.add(e.id); keep.add(e.from); keep.add(e.to); }
    });
    var isolated = 0;
    okNodes.forEach(function (id) { if (!touched.has(id)) { isolated++; if (state.showIsolated) keep.add(id); } });
    // a pair with BUNDLE_AT edges shown or more (two in a crowded view) is drawn as one edge that stands for them all
    var byPair = {}, bundles = {}, drawn = new Set(edgesOut), least = edgesOut.size > CROWDED ? 2 : BUNDLE_AT;
    edgesOut.forEach(function (id) { var e = edgeById[id]; (byPair[e._pair] = byPair[e._pair] || []).push(e); });
    Object.keys(byPair).forEach(function (key) {
      var list = byPair[key];
      if (list.length < least) return;
      list.sort(function (a, b) { return a.rank - b.rank; });
      bundles[list[0].id] = list;
      for (var i = 1; i < list.length; i++) drawn.delete(list[i].id);
    });
    return {nodes: keep, edges: edgesOut, drawn: drawn, bundles: bundles, isolated: isolated, linked: touched.size};
  }

  // ---- vis items -------------------------------------------------------------------------
  // a dense pair is drawn as one edge (see visibility); the other parallel edges curve apart
  var BUNDLE_AT = 4, CROWDED = 100;
  // parallel edges curve apart, unless the graph is so large that curves would slow every frame of the whole of it
  var CURVES = data.edges.length <= 3000;
  data.edges.forEach(function (e) { e._pair = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from; });
  function edgeText(e) { return relLabel(e) + (MOD_STYLE[e.modality] || MOD_STYLE.asserted).mark; }
  function bundleText(list) {
    var names = [];
    list.forEach(function (x) { var l = relLabel(x); if (names.indexOf(l) < 0) names.push(l); });
    return list.length + " relations" + (names.length === 1 ? " : " + names[0] : "");
  }
  function nodeItem(n) {
    var t = types[n.type] || {color: "#999999", shape: "dot"};
    var item = {id: n.id, label: n.label, shape: t.shape, value: n.value,
      color: {background: t.color, border: t.color, highlight: {background: t.color, border: "#000"}},
      font: {color: "#222"}, title: n.label + " — " + (t.label || n.type)};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }
  // an edge as vis draws it: on its own, or standing for the `bundle` of its pair
  function edgeItem(e, labelled, bundle) {
    var color = (relTypes[e.type] || {color: "#999999"}).color, mod = MOD_STYLE[e.modality] || MOD_STYLE.asserted;
    var arrows = {to: {enabled: false}, middle: {enabled: false}};
    if (e.directed) arrows.to = {enabled: true, scaleFactor: 0.6};
    if (e.modality === "negated") arrows.middle = {enabled: true, type: "bar", scaleFactor: 1.2};
    var item = {id: e.id, from: e.from, to: e.to, arrows: arrows, dashes: mod.dashes,
      width: e.type === "post" ? 1 : 1.5 + Math.min(3, e.evidence.length - 1),
      color: {color: color, highlight: color, hover: color, opacity: mod.opacity},
      title: nodeById[e.from].label + " → " + relLabel(e) + " → " + nodeById[e.to].label + " · " +
        (modalities[e.modality] || {label: e.modality}).label + " · " + e.evidence.length + " source(s)",
      label: labelled ? edgeText(e) : "",
      smooth: {enabled: false}};
    if (bundle) {
      var one = bundle.every(function (x) { return x.type === e.type; }), c = one ? color : "#555555";
      item.arrows = {to: {enabled: false}, middle: {enabled: false}}; item.dashes = false;
      item.width = 2 + Math.min(6, bundle.length / 2);
      item.color = {color: c, highlight: c, hover: c, opacity: 0.9};
      item.label = labelled ? bundleText(bundle) : "";
      item.title = nodeById[e.from].label + " — " + nodeById[e.to].label + " · " + bundle.length + " relations (cliquez pour la liste)";
    } else if (e.rank > 0 && CURVES) {
      var side = (e.rank % 2 === 1) !== (e.from > e.to);
      item.smooth = {enabled: true, type: side ? "curvedCW" : "curvedCCW", roundness: Math.min(0.8, 0.18 * Math.ceil(e.rank / 2))};
    }
    return item;
  }
  function drawnState(e, view) { return view.bundles[e.id] ? "b" + view.bundles[e.id].length : "n"; }
  var shown = visibility();
  var labelled = shown.drawn.size <= settings.edge_labels_max;
  // only what is shown is handed to vis (a large graph opens with a small part of it drawn);
  // the filters add and remove items, and update those whose drawing changes
  var nodes = new vis.DataSet(data.nodes.filter(function (n) { return shown.nodes.has(n.id); }).map(function (n) { return nodeItem(n); }));
  var edges = new vis.DataSet(data.edges.filter(function (e) { return shown.drawn.has(e.id); }).map(function (e) {
    var item = edgeItem(e, labelled, shown.bundles[e.id]);
    if (!item.label) delete item.label;
    return item;
  }));
  var placed = {};  // positions of nodes taken out, for a live layout to put them back where they were

  function recompute(refit) {
    var next = visibility(), addNodes = [], dropNodes = [], addEdges = [], dropEdges = [], changeEdges = [];
    var nextLabelled = next.drawn.size <= settings.edge_labels_max;
    data.nodes.forEach(function (n) {
      var was = shown.nodes.has(n.id), is = next.nodes.has(n.id);
      if (was && !is) dropNodes.push(n.id);
      else if (is && !was) {
        var item = nodeItem(n);
        if (placed[n.id]) { item.x = placed[n.id].x; item.y = placed[n.id].y; }
        addNodes.push(item);
      }
    });
    data.edges.forEach(function (e) {
      var was = shown.drawn.has(e.id), is = next.drawn.has(e.id);
      if (was && !is) dropEdges.push(e.id);
      else if (is && !was) addEdges.push(edgeItem(e, nextLabelled, next.bundles[e.id]));
      else if (is && (drawnState(e, shown) !== drawnState(e, next) || nextLabelled !== labelled)) {
        changeEdges.push(edgeItem(e, nextLabelled, next.bundles[e.id]));
      }
    });
    if (settings.physics && dropNodes.length) {
      var at = network.getPositions(dropNodes);
      Object.keys(at).forEach(function (id) { placed[id] = at[id]; });
    }
    shown = next; labelled = nextLabelled;
    // vis draws a frame at each change of its data (seconds, for a whole large graph): one frame for all of them
    network.body.emitter.emit("_blockRedraw");
    try {
      if (dropEdges.length) edges.remove(dropEdges);
      if (dropNodes.length) nodes.remove(dropNodes);
      if (addNodes.length) nodes.add(addNodes);
      if (addEdges.length) edges.add(addEdges);
      if (changeEdges.length) edges.update(changeEdges);
    } finally {
      network.body.emitter.emit("_allowRedraw");
    }
    if (focus && !shown.nodes.has(focus.centre)) unhighlight();
    showStatus();
    if (refit) fitVisible(); else redraw();
  }
  function showStatus() {
    document.getElementById("status").textContent = shown.nodes.size + " nœuds, " + shown.edges.size + " liens affichés" +
      (Object.keys(shown.bundles).length ? " (" + Object.keys(shown.bundles).length + " paires denses regroupées)" : "") +
      (state.view && shown.linked > state.view ? " (les " + state.view + " entités les mieux reliées sur " + shown.linked + ")" : "");
    document.getElementById("isolated-label").textContent = "Montrer les entités sans relation (" + shown.isolated + ")";
  }

  // ---- the network -------------------------------------------------------------------------
  var options = {
    autoResize: true,
    layout: {improvedLayout: !settings.big, randomSeed: 7},
    physics: settings.physics ? {enabled: true, solver: "forceAtlas2Based", stabilization: {iterations: 250, fit: true},
      forceAtlas2Based: {gravitationalConstant: -110, springLength: 170, springConstant: 0.05, avoidOverlap: 0.6}} : {enabled: false},
    interaction: {hover: !settings.big, tooltipDelay: 250, hideEdgesOnDrag: settings.big, hideEdgesOnZoom: settings.big,
      navigationButtons: false, keyboard: false},
    nodes: {scaling: {min: 7, max: 30, label: {enabled: true, min: 13, max: 22, drawThreshold: 5}},
      font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"}, borderWidth: 1},
    // edge labels appear once zoomed in enough to read them (font size x zoom >= 7 px): a dense view stays legible
    edges: {smooth: false, selectionWidth: 2, font: {size: 10, align: "middle", strokeWidth: 3, strokeColor: "#ffffff"},
      scaling: {label: {enabled: false, drawThreshold: 8}}, color: {inherit: false}}
  };
  var container = document.getElementById("graph");
  performance.mark("dg:data");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  performance.mark("dg:network");
  // vis animates by frame count, not time: on a large graph each frame is slow, so no animation there
  var ANIMATION = settings.big ? false : {duration: 400, easingFunction: "easeInOutQuad"};
  function fitVisible() {
    var ids = Array.from(shown.nodes);
    if (ids.length) network.fit({nodes: ids, animation: ANIMATION, maxZoomLevel: 1.6});
  }
  network.on("beforeDrawing", function (ctx) {  // an opaque background, so the PNG export is readable
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
  });
  network.once("afterDrawing", function () {
    if (!settings.physics) fitVisible();  // again, now that the canvas has its final size
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
    var drawn = function (item) { return item && !item.options.hidden; };
    focus.edges.forEach(function (id) { var e = body.edges[id]; if (drawn(e)) { e.draw(ctx); e.drawArrows(ctx); } });
    focus.nodes.forEach(function (id) {
      var n = body.nodes[id]; if (!drawn(n)) return;
      var out = n.draw(ctx);  // shapes with the label outside hand back a callback for it
      if (out && out.drawExternalLabel) out.drawExternalLabel();
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
    var es = incident(id).filter(function (e) { return shown.drawn.has(e.id); });
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
    if (n.wikidata) {
      var wd = el("a", "Wikidata"); wd.href = n.wikidata; wd.target = "_blank"; wd.rel = "noopener noreferrer"; wd.className = "src wikidata";
      parts.push(append(el("p", "Fiche : ", "muted"), [wd]));
    }
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
        li.appendChild(el("span", " " + e.evidence.length + " phrase(s)", "count"));
        if (e.contradicts) li.appendChild(el("span", " contredite", "badge m-negated"));
        if (!shown.edges.has(e.id)) li.appendChild(el("span", " (masquée par les filtres)", "muted"));
        return li;
      })));
      parts.push(box);
    });
    if (!order.length && !held.length && !holders.length) parts.push(el("p", "Aucune relation extraite.", "muted"));
    parts.push(el("h3", "Documents (" + n.docs.length + ")"));
    var list = el("ul");
    var dated = n.docs.slice().sort(function (a, b) {  // the most recent articles first
      var x = (data.documents[a] || {}).date || "", y = (data.documents[b] || {}).date || "";
      return x < y ? 1 : x > y ? -1 : a - b;
    });
    dated.slice(0, 30).forEach(function (d) { list.appendChild(docTitle(d, "li")); });
    if (n.docs.length > 30) list.appendChild(el("li", "… et " + (n.docs.length - 30) + " autres", "muted"));
    parts.push(list);
    parts.push(el("p", n.mentions + " mention(s)", "muted"));
    if (!shown.nodes.has(id)) parts.push(el("p", "Ce nœud est masqué par les filtres actuels.", "warn"));
    show(parts);
  }
  // the sentence with the names of the relation's two ends marked (offsets from the export)
  function sentence(ev) {
    var q = el("blockquote"), at = 0, text = ev.text;
    (ev.hl || []).forEach(function (span) {
      if (span[0] < at || span[1] > text.length) return;
      if (span[0] > at) q.appendChild(document.createTextNode(text.slice(at, span[0])));
      q.appendChild(el("mark", text.slice(span[0], span[1]), span[2]));
      at = span[1];
    });
    if (at < text.length) q.appendChild(document.createTextNode(text.slice(at)));
    return q;
  }
  function meta(e, ev, repeats) {
    var line = el("p", undefined, "meta");
    if (ev.speaker) line.appendChild(el("span", "propos de " + ev.speaker));
    line.appendChild(el("span", e.type === "post" ? "poste" : (modalities[e.modality] || {label: e.modality}).label));
    var c = ev.confidence !== undefined ? ev.confidence : e.confidence;
    if (c !== undefined) line.appendChild(el("span", "confiance " + pct(c)));
    if (ev.date) line.appendChild(el("span", ev.date + (ev.event_date ? " (date de l'événement)" : "")));
    if (repeats > 1) line.appendChild(el("span", "× " + repeats + " dans ce document"));
    return line;
  }
  // evidence grouped by document (most recent first), identical sentences once, a page of groups at a time
  function evidenceGroups(e) {
    var groups = {}, order = [];
    e.evidence.forEach(function (ev) {
      var g = groups[ev.doc];
      if (!g) { g = groups[ev.doc] = {doc: ev.doc, items: [], seen: {}}; order.push(g); }
      if (g.seen[ev.text]) { g.seen[ev.text].n++; return; }
      g.seen[ev.text] = {ev: ev, n: 1}; g.items.push(g.seen[ev.text]);
    });
    var dateOf = function (g) { return (data.documents[g.doc] || {}).date || ""; };
    order.sort(function (a, b) { return dateOf(b) < dateOf(a) ? -1 : dateOf(b) > dateOf(a) ? 1 : a.doc - b.doc; });
    return order;
  }
  var evidencePage = {edge: null, page: 0};
  function showEdge(id, page) {
    var e = edgeById[id]; if (!e) return;
    var arrow = e.directed ? " → " : " ↔ ";
    var parts = [append(el("h2"), [nodeLink(e.from), document.createTextNode(" — " + relLabel(e) + arrow), nodeLink(e.to)])];
    var line = append(el("p"), [e.type === "post" ? el("span", "poste / affiliation", "badge m-asserted") : modalityBadge(e.modality)]);
    if (e.attributed.length) line.appendChild(document.createTextNode(" selon " + e.attributed.join(", ")));
    var c = edgeConfidence(e);
    if (c !== undefined) line.appendChild(el("span", " · confiance " + pct(c), "muted"));
    parts.push(line);
    parts.push(el("p", e.sources + " document(s) · " + e.speakers + " locuteur(s) · " + e.evidence.length + " phrase(s)" +
      (e.rule ? " · règle " + e.rule : ""), "muted"));
    if (e.modality !== "asserted") {
      parts.push(el("p", "Relation non affirmée comme un fait (" + (modalities[e.modality] || {label: e.modality}).label +
        ") : lisez les sources avant de la citer.", "warn"));
    }
    if (e.contradicts && e.contradicts.length) {
      var box = el("p", "Contradiction : ", "contra");
      e.contradicts.forEach(function (other, i) {
        var o = edgeById[other]; if (!o) return;
        if (i) box.appendChild(document.createTextNode(", "));
        box.appendChild(edgeLink(o, relLabel(o) + " (" + (modalities[o.modality] || {label: o.modality}).label + ", " + o.evidence.length + " phrase(s))"));
      });
      parts.push(box);
    }
    // pages of `evidence_page` distinct sentences; a document's group may go on over the next page
    var groups = evidenceGroups(e), rows = [];
    groups.forEach(function (g) { g.items.forEach(function (item) { rows.push({group: g, item: item}); }); });
    var size = settings.evidence_page, pages = Math.max(1, Math.ceil(rows.length / size));
    page = Math.max(0, Math.min(pages - 1, page || 0));
    evidencePage = {edge: id, page: page};
    parts.push(el("h3", "Sources (" + groups.length + " document(s), " + rows.length + " phrase(s) distincte(s))"));
    var section = null;
    rows.slice(page * size, page * size + size).forEach(function (row) {
      if (!section || section._group !== row.group) {
        section = el("section", undefined, "group"); section._group = row.group;
        section.setAttribute("data-doc", String(row.group.doc));
        section.appendChild(docTitle(row.group.doc, "h4"));
        parts.push(section);
      }
      var quote = sentence(row.item.ev), line = meta(e, row.item.ev, row.item.n);
      if ((state.from || state.to) && !inRange(row.item.ev.date)) {  // outside the chosen dates: shown, but dimmed
        quote.classList.add("out"); line.appendChild(el("span", "hors de la période choisie", "warn"));
      }
      section.appendChild(quote); section.appendChild(line);
    });
    if (pages > 1) {
      var prev = button("‹ Précédent", function () { showEdge(id, page - 1); }, "prev");
      var next = button("Suivant ›", function () { showEdge(id, page + 1); }, "next");
      prev.disabled = page === 0; next.disabled = page === pages - 1;
      parts.push(append(el("div", undefined, "pager"), [prev, el("span", "page " + (page + 1) + " / " + pages, "pageno"), next]));
    }
    show(parts);
  }
  function clearPanel() { show([el("p", "Cliquez sur un nœud ou une relation pour voir ses sources.", "muted")]); }

  // ---- selection ---------------------------------------------------------------------------
  var status = document.getElementById("status");
  function focusNode(id) {
    if (!nodeById[id]) return;
    showNode(id);
    if (!shown.nodes.has(id)) { status.textContent = "« " + nodeById[id].label + " » est masqué par les filtres"; return; }
    network.selectNodes([id]);
    highlightNode(id);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: ANIMATION});
  }
  function selectEdge(id) {
    var e = edgeById[id]; if (!e) return;
    showEdge(id, 0);
    if (shown.drawn.has(id)) { network.selectEdges([id]); highlight([e.from, e.to], [id], e.from); }
    else if (shown.edges.has(id)) highlight([e.from, e.to], [], e.from);  // drawn within its pair's bundle
  }
  function showPair(id) {
    var list = shown.bundles[id], e = edgeById[id]; if (!list) return showEdge(id, 0);
    var parts = [append(el("h2"), [nodeLink(e.from), document.createTextNode(" — "), nodeLink(e.to)]),
      el("p", list.length + " relations entre ces deux entités (dessinées comme une seule) :", "muted")];
    parts.push(append(el("ul"), list.map(function (x) {
      var li = append(el("li"), [edgeLink(x, (x.from === e.from ? "→ " : "← ") + relLabel(x))]);
      if (x.modality !== "asserted") { li.appendChild(document.createTextNode(" ")); li.appendChild(modalityBadge(x.modality)); }
      li.appendChild(el("span", " " + x.evidence.length + " phrase(s)", "count"));
      if (x.contradicts) li.appendChild(el("span", " contredite", "badge m-negated"));
      return li;
    })));
    show(parts);
  }
  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) { showNode(params.nodes[0]); highlightNode(params.nodes[0]); }
    else if (params.edges && params.edges.length && shown.bundles[params.edges[0]]) {
      var rep = edgeById[params.edges[0]]; showPair(rep.id); highlight([rep.from, rep.to], [rep.id], rep.from);
    }
    else if (params.edges && params.edges.length) { selectEdge(params.edges[0]); }
    else { unhighlight(); clearPanel(); }
  });

  // ---- search: entities by name or alias, then relations by a word of their sentences -------
  var index = data.nodes.map(function (n) {
    return {id: n.id, names: [n.label].concat(n.aliases, n.iso3 ? [n.iso3] : []).map(fold)};
  });
  var evidenceText = null;  // folded sentences of each edge, built at the first search
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
    return scored.slice(0, 12).map(function (s) { return s.id; });
  }
  function sentenceMatches(query) {
    var q = fold(query).trim(); if (q.length < 3) return [];
    if (!evidenceText) evidenceText = data.edges.map(function (e) { return e.evidence.map(function (ev) { return fold(ev.text); }); });
    var found = [];
    for (var i = 0; i < data.edges.length && found.length < 8; i++) {
      var texts = evidenceText[i];
      for (var j = 0; j < texts.length; j++) {
        if (texts[j].indexOf(q) >= 0) { found.push({edge: data.edges[i], ev: data.edges[i].evidence[j], at: texts[j].indexOf(q)}); break; }
      }
    }
    return found;
  }
  function snippet(text, at, length) {
    var start = Math.max(0, at - 30);
    return (start ? "…" : "") + text.slice(start, Math.min(text.length, at + length + 60)) + (at + length + 60 < text.length ? "…" : "");
  }
  function renderResults() {
    var found = matches(search.value), sentences = sentenceMatches(search.value), items = [];
    active = 0;
    found.forEach(function (id) {
      var n = nodeById[id], li = el("li");
      li.setAttribute("data-id", id); li.setAttribute("role", "option");
      li.appendChild(el("span", n.label));
      li.appendChild(el("span", " — " + (types[n.type] || {label: n.type}).label, "muted"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(id); });
      items.push(li);
    });
    if (sentences.length) items.push(el("li", "Dans les sources", "section"));
    sentences.forEach(function (hit) {
      var e = hit.edge, li = el("li");
      li.setAttribute("data-edge", e.id); li.setAttribute("role", "option");
      li.appendChild(el("span", nodeById[e.from].label + " — " + relLabel(e) + " — " + nodeById[e.to].label));
      li.appendChild(el("span", snippet(hit.ev.text, hit.at, fold(search.value).trim().length), "snippet"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); chooseEdge(e.id); });
      items.push(li);
    });
    results.replaceChildren.apply(results, items);
    var first = results.querySelector("li[data-id], li[data-edge]");
    if (first) first.classList.add("active");
    if (search.value.trim() && !items.length) results.replaceChildren(el("li", "Aucune entité trouvée", "muted"));
  }
  function choose(id) { results.replaceChildren(); search.value = nodeById[id].label; focusNode(id); }
  function chooseEdge(id) { results.replaceChildren(); selectEdge(id); }
  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", function (ev) {
    var items = results.querySelectorAll("li[data-id], li[data-edge]");
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!items.length) return;
      ev.preventDefault();
      items[active].classList.remove("active");
      active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
      items[active].classList.add("active");
    } else if (ev.key === "Enter" && items.length) {
      var item = items[active];
      if (item.hasAttribute("data-id")) choose(item.getAttribute("data-id")); else chooseEdge(item.getAttribute("data-edge"));
    } else if (ev.key === "Escape") { results.replaceChildren(); }
  });
  search.addEventListener("blur", function () { setTimeout(function () { results.replaceChildren(); }, 150); });

  // ---- legend and filter controls ---------------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function lineSwatch(color, modality) {
    var box = svg("svg", {width: 34, height: 10}), mod = MOD_STYLE[modality];
    var line = svg("line", {x1: 1, y1: 5, x2: 33, y2: 5, stroke: color, "stroke-width": 2.5, "stroke-opacity": mod.opacity});
    if (mod.dashes) line.setAttribute("stroke-dasharray", mod.dashes.join(","));
    box.appendChild(line);
    if (modality === "negated") box.appendChild(svg("line", {x1: 17, y1: 0, x2: 17, y2: 10, stroke: color, "stroke-width": 2}));
    return box;
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

  function checkbox(key, item, set) {
    var input = el("input"); input.type = "checkbox"; input.checked = set.has(item.value); input._value = item.value;
    input.setAttribute("data-filter", key); input.setAttribute("data-value", String(item.value));
    input.addEventListener("change", function () { if (input.checked) set.add(item.value); else set.delete(item.value); recompute(true); });
    var label = append(el("label"), [input, item.swatch, el("span", " " + item.label + " "), el("span", "(" + item.count + ")", "count")]);
    label.title = item.label;
    return label;
  }
  function filterOptions(boxId, items, set, key) {
    var box = document.getElementById(boxId); box.className = "opts";
    var all = el("div", undefined, "all"), yes = el("a", "tout"), no = el("a", "rien");
    var boxes = function () { return Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]")); };
    yes.addEventListener("click", function () { boxes().forEach(function (b) { b.checked = true; set.add(b._value); }); recompute(true); });
    no.addEventListener("click", function () { boxes().forEach(function (b) { b.checked = false; set.delete(b._value); }); recompute(true); });
    if (items.length > 2) box.appendChild(append(all, [yes, no]));
    items.forEach(function (item) { box.appendChild(checkbox(key, item, set)); });
    if (!items.length) box.appendChild(el("p", "—", "muted"));
  }
  filterOptions("f-types", presentTypes.map(function (t) { return {value: t.id, label: t.label, count: typeCount[t.id], swatch: glyphOf(t)}; }), state.types, "type");
  filterOptions("f-relations", data.relation_types.map(function (r) { return {value: r.id, label: r.label, count: relCount[r.id] || 0, swatch: lineSwatch(r.color, "asserted")}; }), state.rels, "relation");
  filterOptions("f-modalities", data.modalities.map(function (m) { return {value: m.id, label: m.label, count: modCount[m.id] || 0, swatch: lineSwatch("#555555", m.id)}; }), state.mods, "modality");

  // documents: a search box and the date range narrow the list; "tout"/"rien" act on what is listed
  var DOC_LIST_MAX = 100;
  var docCount = {}, docFold = data.documents.map(function (d) { return fold(d.title + " " + d.file); });
  data.nodes.forEach(function (n) { n.docs.forEach(function (d) { docCount[d] = (docCount[d] || 0) + 1; }); });
  var docBox = document.getElementById("f-documents"), docSearch = document.getElementById("doc-search");
  function listedDocs() {
    var q = fold(docSearch.value).trim(), out = [];
    data.documents.forEach(function (d, i) { if ((!q || docFold[i].indexOf(q) >= 0) && inRange(d.date)) out.push(i); });
    return out;
  }
  function renderDocs() {
    var listed = listedDocs(), all = el("div", undefined, "all"), yes = el("a", "tout"), no = el("a", "rien");
    yes.addEventListener("click", function () { listed.forEach(function (i) { state.docs.add(i); }); renderDocs(); recompute(true); });
    no.addEventListener("click", function () { listed.forEach(function (i) { state.docs.delete(i); }); renderDocs(); recompute(true); });
    docBox.className = "opts";
    var children = [append(all, [yes, no, el("span", listed.length + " document(s)", "count")])];
    listed.slice(0, DOC_LIST_MAX).forEach(function (i) {
      children.push(checkbox("document", {value: i, label: docLabel(i), count: docCount[i] || 0, swatch: null}, state.docs));
    });
    if (listed.length > DOC_LIST_MAX) children.push(el("p", "… " + (listed.length - DOC_LIST_MAX) + " de plus : affinez la recherche", "muted"));
    docBox.replaceChildren.apply(docBox, children);
  }
  docSearch.addEventListener("input", renderDocs);
  renderDocs();
  document.getElementById("show-isolated").checked = state.showIsolated;
  document.getElementById("show-isolated").addEventListener("change", function (ev) { state.showIsolated = ev.target.checked; recompute(true); });

  // confidence: relations with no confidence recorded always pass
  var confBox = document.getElementById("confidence-box"), conf = document.getElementById("confidence");
  if (!settings.confidence) {
    confBox.classList.add("off"); conf.disabled = true;
    confBox.appendChild(el("div", "aucune confiance enregistrée dans ce graphe", "muted"));
  }
  conf.addEventListener("input", function () {
    state.minConfidence = Number(conf.value);
    document.getElementById("confidence-value").textContent = pct(state.minConfidence);
    recompute(true);
  });
  document.getElementById("confidence-value").textContent = pct(0);

  // ---- the view: the N best-connected entities, or all -------------------------------------
  var viewSelect = document.getElementById("view"), linkedCount = data.nodes.filter(function (n) { return n.degree; }).length;
  [settings.view, 25, 50, 100, 250, 500, 1000].filter(function (v, i, all) {
    return v > 0 && v < linkedCount && all.indexOf(v) === i;
  }).sort(function (a, b) { return a - b; }).forEach(function (v) {
    var o = el("option", v + " mieux reliées" + (v === settings.view ? " (défaut)" : "")); o.value = String(v);
    viewSelect.appendChild(o);
  });
  var allOption = el("option", "toutes les " + linkedCount + " reliées"); allOption.value = "0";
  viewSelect.appendChild(allOption);
  viewSelect.value = String(settings.view && settings.view < linkedCount ? settings.view : 0);
  state.view = Number(viewSelect.value);
  viewSelect.addEventListener("change", function () { state.view = Number(viewSelect.value); recompute(true); });

  // ---- time: a date range and a timeline of relations per period ---------------------------
  var dateFrom = document.getElementById("date-from"), dateTo = document.getElementById("date-to");
  var span = settings.dates || [];
  if (span.length) {
    dateFrom.min = dateTo.min = lowDay(span[0]); dateFrom.max = dateTo.max = highDay(span[1]);
  }
  function setDates(from, to) {
    state.from = from || ""; state.to = to || "";
    dateFrom.value = state.from; dateTo.value = state.to;
    renderDocs(); drawTimeline(); recompute(true);
    if (evidencePage.edge && panel.querySelector(".group")) showEdge(evidencePage.edge, evidencePage.page);
  }
  function onDateInput() {
    var from = dateFrom.value, to = dateTo.value;
    if (from && to && from > to) { var t = from; from = to; to = t; }
    setDates(from, to);
  }
  dateFrom.addEventListener("change", onDateInput);
  dateTo.addEventListener("change", onDateInput);
  document.getElementById("date-clear").addEventListener("click", function () { setDates("", ""); });
  // periods: months over a span of up to three years, else years
  var monthly = span.length && Number(span[1].slice(0, 4)) - Number(span[0].slice(0, 4)) < 3;
  function periodOf(d) { return monthly ? (d.length >= 7 ? d.slice(0, 7) : null) : d.slice(0, 4); }
  function periods() {
    if (!span.length) return [];
    var out = [], y = Number(span[0].slice(0, 4)), m = monthly ? Number(span[0].slice(5, 7) || "1") : 1;
    var lastY = Number(span[1].slice(0, 4)), lastM = monthly ? Number(span[1].slice(5, 7) || "12") : 1;
    while (y < lastY || (y === lastY && m <= lastM)) {
      out.push(monthly ? y + "-" + (m < 10 ? "0" : "") + m : String(y));
      if (monthly && m < 12) m++; else { y++; m = 1; }
    }
    return out;
  }
  var timelinePeriods = periods(), perPeriod = {};
  data.edges.forEach(function (e) {
    var seen = {};
    e.evidence.forEach(function (ev) {
      var p = ev.date && periodOf(ev.date);
      if (p && !seen[p]) { seen[p] = 1; perPeriod[p] = (perPeriod[p] || 0) + 1; }
    });
  });
  var timeline = document.getElementById("timeline");
  function drawTimeline() {
    if (!timelinePeriods.length) { timeline.replaceChildren(el("span", "aucune date dans ce graphe", "muted")); return; }
    var width = 1000, height = 44, n = timelinePeriods.length, slot = width / n;
    var top = Math.max.apply(null, timelinePeriods.map(function (p) { return perPeriod[p] || 0; }).concat([1]));
    var box = svg("svg", {viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", role: "img"});
    var labelEvery = Math.max(1, Math.ceil(n / 12));
    timelinePeriods.forEach(function (p, i) {
      var c = perPeriod[p] || 0, h = c ? 4 + (height - 16) * c / top : 1;
      var on = (state.from || state.to) && inRange(p);
      var bar = svg("rect", {x: i * slot + 1, y: height - 12 - h, width: Math.max(1, slot - 2), height: h, "class": "bar" + (on ? " on" : ""),
        "data-period": p});
      var tip = svg("title", {}); tip.textContent = p + " : " + c + " relation(s)"; bar.appendChild(tip);
      bar.addEventListener("click", function (ev) {
        if (ev.shiftKey && (state.from || state.to)) {
          setDates(state.from && state.from < lowDay(p) ? state.from : lowDay(p), state.to && state.to > highDay(p) ? state.to : highDay(p));
        } else setDates(lowDay(p), highDay(p));
      });
      box.appendChild(bar);
      if (i % labelEvery === 0) { var t = svg("text", {x: i * slot + 1, y: height - 2}); t.textContent = p; box.appendChild(t); }
    });
    timeline.replaceChildren(box);
  }
  drawTimeline();

  // ---- toolbar -----------------------------------------------------------------------------
  var s = data.summary;
  document.getElementById("summary").textContent = s.documents + " documents · " + s.entities + " entités · " +
    s.relations + " relations (dont " + s.asserted + " affirmées) · " + s.posts + " postes" +
    (span.length ? " · " + span[0] + " → " + span[1] : "");
  var physicsOn = settings.physics, physicsButton = document.getElementById("physics");
  function physicsText() { physicsButton.textContent = physicsOn ? "Figer la disposition" : "Relancer la physique"; }
  physicsText();
  showStatus();
  physicsButton.addEventListener("click", function () {
    physicsOn = !physicsOn; network.setOptions({physics: {enabled: physicsOn}}); physicsText();
  });
  document.getElementById("fit").addEventListener("click", fitVisible);
  document.getElementById("png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas"), a = el("a");
    a.href = canvas.toDataURL("image/png"); a.download = "diplograph.png";
    document.body.appendChild(a); a.click(); a.remove();
  });

  performance.mark("dg:ui");
  window.diplograph = {
    network: network, data: data, focusNode: focusNode, selectEdge: selectEdge, showEdge: showEdge, readyAt: null,
    showNode: showNode, highlightNode: highlightNode, unhighlight: unhighlight, options: options, state: state,
    setDates: setDates, fit: fitVisible,
    visibleNodeIds: function () { return nodes.getIds({filter: function (n) { return !n.hidden; }}); },
    visibleEdgeIds: function () { return edges.getIds({filter: function (e) { return !e.hidden; }}); },
    shownEdgeIds: function () { return Array.from(shown.edges); },  // drawn, or within a drawn pair's bundle
    bundles: function () { var out = {}; Object.keys(shown.bundles).forEach(function (k) { out[k] = shown.bundles[k].map(function (e) { return e.id; }); }); return out; },
    focused: function () { return focus ? Array.from(focus.nodes) : []; }
  };
})();
