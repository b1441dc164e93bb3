/* analyzer report: sortable tables and the phrase explorer. Inline, offline, no library.
 *
 * Every table.sortable sorts by a click on (or Enter on) a header: numbers by their data-v,
 * text in Chinese collation, empty cells last. The phrase table (#phrase-table) is searched by
 * #phrase-search; choosing a row (click, Enter) shows the phrase's counts per group as a small
 * SVG chart and its contexts, from the JSON payload in #explore-data (see
 * analyzer/report/explore.py for its layout).
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function number(value, digits) {
    return Number(value).toLocaleString("en-US", { maximumFractionDigits: digits || 0 });
  }

  /* -- sortable tables ------------------------------------------------------------------ */

  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return null;
    if (numeric) {
      var raw = cell.getAttribute("data-v");
      return raw === null || raw === "" ? null : Number(raw);
    }
    var text = cell.textContent.trim();
    return text === "" ? null : text;
  }

  function sortBy(table, index, header) {
    var numeric = header.classList.contains("num");
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { row.dataset.order = row.dataset.order || String(i); });
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      if (x === null && y === null) return Number(a.dataset.order) - Number(b.dataset.order);
      if (x === null) return 1;
      if (y === null) return -1;
      var order = numeric ? x - y : collator.compare(x, y);
      if (order === 0) return Number(a.dataset.order) - Number(b.dataset.order);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      th.title = "sort by " + th.textContent;
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, index, th);
        }
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);

  /* -- the phrase explorer ---------------------------------------------------------------- */

  var source = document.getElementById("explore-data");
  var table = document.getElementById("phrase-table");
  if (!source || !table) return;
  var data = JSON.parse(source.textContent);
  var search = document.getElementById("phrase-search");
  var status = document.getElementById("phrase-status");
  var detail = document.getElementById("phrase-detail");
  var more = document.getElementById("phrase-more");
  var shownAtFirst = Number(table.getAttribute("data-shown") || "0");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var showAll = false;
  document.getElementById("explore-controls").hidden = false;

  function filter() {
    var query = search.value.trim();
    var visible = 0, matches = 0;
    rows.forEach(function (row, i) {
      var phrase = row.getAttribute("data-key") || "";
      var match = query === "" ? true : phrase.indexOf(query) >= 0 ||
        (row.textContent || "").indexOf(query) >= 0;
      if (match) matches += 1;
      var show = match && (query !== "" || showAll || !shownAtFirst || Number(row.dataset.rank) < shownAtFirst);
      row.hidden = !show;
      if (show) visible += 1;
    });
    if (query === "") {
      status.textContent = visible + " of " + rows.length + " phrases shown";
    } else if (matches === 0) {
      status.textContent = "no listed phrase contains “" + query + "”; `analyzer kwic PATH... " +
        query + "` finds every occurrence";
    } else {
      status.textContent = matches + " of " + rows.length + " phrases contain “" + query + "”";
    }
    more.hidden = query !== "" || showAll || !shownAtFirst || rows.length <= shownAtFirst;
  }

  function chart(entry) {
    var groups = data.groups;
    var years = groups.length > 0 && groups.every(function (g) { return typeof g === "number"; });
    var width = 640, height = 130, left = 34, right = 8, top = 10, bottom = 22;
    var first = years ? groups[0] : 0, last = years ? groups[groups.length - 1] : groups.length - 1;
    var span = Math.max(last - first, 1);
    var slot = (width - left - right) / (span + 1);
    var peak = 0;
    entry.counts.forEach(function (c) { peak = Math.max(peak, c[2]); });
    peak = peak || 1;
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", "aria-label": "occurrences per 10,000 characters by group", class: "mini" });
    var base = height - bottom;
    root.appendChild(svg("line", { x1: left, x2: width - right, y1: base, y2: base, class: "axis" }));
    root.appendChild(svg("text", { x: left - 4, y: top + 4, "text-anchor": "end" }, number(peak, 1)));
    root.appendChild(svg("text", { x: left - 4, y: base, "text-anchor": "end" }, "0"));
    entry.counts.forEach(function (c) {
      var group = groups[c[0]];
      var x = left + ((years ? group : c[0]) - first) * slot;
      var h = Math.max((c[2] / peak) * (base - top), 1);
      var bar = svg("rect", { x: x + slot * 0.1, y: base - h, width: Math.max(slot * 0.8, 1), height: h,
        class: "bar" });
      bar.appendChild(svg("title", {}, group + ": " + c[1] + " (" + number(c[2], 2) + " per 10,000 chars)"));
      root.appendChild(bar);
    });
    var step = years ? (span > 40 ? 10 : span > 15 ? 5 : span > 6 ? 2 : 1) : Math.ceil(groups.length / 8);
    var labelled = [];
    if (years) {
      for (var year = Math.ceil(first / step) * step; year <= last; year += step) labelled.push(year);
      if (labelled.length < 2) labelled = first === last ? [first] : [first, last];
    } else {
      labelled = groups.filter(function (g, i) { return i % step === 0; });
    }
    labelled.forEach(function (group) {
      var value = years ? group : groups.indexOf(group);
      var x = left + (value - first + 0.5) * slot;
      root.appendChild(svg("text", { x: x, y: height - 6, "text-anchor": "middle" }, group));
    });
    return root;
  }

  function contexts(phrase, entry) {
    var box = el("div", { class: "kwic" });
    if (!entry.lines.length) {
      box.appendChild(el("p", { class: "note" }, "No context in the dated documents."));
      return box;
    }
    var kwic = el("table", { class: "kwic-lines" });
    var head = el("tr");
    ["document", "year", "offset", "left", "term", "right"].forEach(function (name) {
      head.appendChild(el("th", { scope: "col", class: name === "offset" || name === "year" ? "num" : "" }, name));
    });
    kwic.appendChild(el("thead")).appendChild(head);
    var body = kwic.appendChild(el("tbody"));
    entry.lines.slice().reverse().forEach(function (line) {
      var group = data.groups[line[0]];
      line[2].forEach(function (hit) {
        var doc = data.docs[hit[0]];
        var row = el("tr");
        row.appendChild(el("td", { class: "doc" }, doc[0]));
        row.appendChild(el("td", { class: "num" }, doc[1] === null ? "—" : doc[1]));
        row.appendChild(el("td", { class: "num" }, hit[1]));
        row.appendChild(el("td", { class: "left" }, hit[2]));
        row.appendChild(el("td", { class: "term" }, phrase));
        row.appendChild(el("td", { class: "right" }, hit[3]));
        body.appendChild(row);
      });
      var rest = line[1] - line[2].length;
      if (rest > 0) {
        var note = el("tr", { class: "rest" });
        note.appendChild(el("td", { colspan: "6" }, "… " + rest + " more in " + group));
        body.appendChild(note);
      }
    });
    box.appendChild(kwic);
    return box;
  }

  function choose(row) {
    var phrase = row.getAttribute("data-key");
    var entry = data.phrases[phrase];
    if (!entry) return;
    rows.forEach(function (r) { r.classList.toggle("chosen", r === row); r.setAttribute("aria-selected", r === row ? "true" : "false"); });
    detail.textContent = "";
    detail.appendChild(el("h3", {}, phrase));
    var total = 0, groupsWith = 0, hits = 0;
    entry.counts.forEach(function (c) { total += c[1]; groupsWith += 1; });
    entry.lines.forEach(function (line) { hits += line[1]; });
    var unit = data.groups.every(function (g) { return typeof g === "number"; }) ? " years" : " groups";
    detail.appendChild(el("p", { class: "note" }, number(total) + " occurrences in " + groupsWith + " of " +
      data.groups.length + unit + "; bars are occurrences per 10,000 characters (hover for counts). " +
      "Contexts: the first " + data.lines_per_group + " of each group, newest first, with the number of the rest."));
    detail.appendChild(chart(entry));
    detail.appendChild(contexts(phrase, entry));
    detail.hidden = false;
  }

  rows.forEach(function (row, i) {
    row.dataset.rank = String(i);
    row.tabIndex = 0;
    row.classList.add("choosable");
    row.addEventListener("click", function () { choose(row); });
    row.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(row);
      }
    });
  });
  search.addEventListener("input", filter);
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var query = search.value.trim();
    var visible = rows.filter(function (row) { return !row.hidden; });
    var exact = visible.filter(function (row) { return row.getAttribute("data-key") === query; });
    if (exact.length || visible.length) choose((exact.length ? exact : visible)[0]);
  });
  more.addEventListener("click", function () { showAll = true; filter(); });
  filter();
})();
