// Clause Atlas: progressive enhancement only. Every page works without it.
(function () {
  "use strict";

  // Copy button for citation records. The citation text stays selectable
  // without JavaScript; the button adds today's date as the access date.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function copy(text, done) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    done(false);
  }
  var blocks = document.querySelectorAll("[data-citation]");
  for (var i = 0; i < blocks.length; i++) {
    (function (block) {
      var source = block.querySelector(".cite-text");
      if (!source) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy citation";
      var status = document.createElement("span");
      status.className = "meta";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var text = source.textContent.trim() + " Accessed " + today() + ".";
        copy(text, function (ok) {
          status.textContent = ok ? " Copied, with today's date as the access date." : " Select the text above to copy it.";
        });
      });
      var p = document.createElement("p");
      p.appendChild(button);
      p.appendChild(status);
      source.parentNode.insertBefore(p, source.nextSibling);
    })(blocks[i]);
  }
})();

// Search: the header box loads static/search.js the first time a reader
// reaches for it, so pages that are only read never download it.
(function () {
  "use strict";
  var form = document.querySelector("form.search[data-search-js]");
  if (!form || document.querySelector("[data-search-page]")) { return; }
  var loaded = false;
  function load() {
    if (loaded) { return; }
    loaded = true;
    var s = document.createElement("script");
    s.src = form.getAttribute("data-search-js");
    s.async = true;
    document.head.appendChild(s);
  }
  form.addEventListener("focusin", load);
  form.addEventListener("pointerenter", load);
  if (form.contains(document.activeElement)) { load(); }
})();

// Comparison tables (table[data-sortable]): sort by the columns whose
// header has data-sort (platform, severity, date), and filter rows by
// severity and sector. Without this script the table is a plain table.
(function () {
  "use strict";
  var RANK = { high: 3, medium: 2, low: 1 };
  var LABEL = { platform: ["A to Z", "Z to A"], severity: ["low to high", "high to low"], date: ["oldest first", "newest first"] };
  var tables = document.querySelectorAll("table[data-sortable]");
  for (var i = 0; i < tables.length; i++) { enhance(tables[i], i); }

  // A plain comparison: localeCompare would load the browser's collation
  // data, a long task on a slow phone, for names that sort fine without.
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function enhance(table, n) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (r, k) { r.setAttribute("data-order", k); });
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    var heads = table.tHead.querySelectorAll("th[data-sort]");
    Array.prototype.forEach.call(heads, function (th) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort-button";
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener("click", function () {
        var key = th.getAttribute("data-sort");
        var cur = th.getAttribute("aria-sort");
        // First click: names A to Z, severity high first, dates newest first.
        var dir = cur ? (cur === "ascending" ? -1 : 1) : (key === "platform" ? 1 : -1);
        sort(key, dir);
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        status.textContent = "Sorted by " + b.textContent.trim().toLowerCase() + ", " + LABEL[key][dir > 0 ? 0 : 1] + ".";
      });
    });
    var plat = table.tHead.querySelector("th[data-sort=platform]");
    if (plat) { plat.setAttribute("aria-sort", "ascending"); } // the order the page is built in

    function value(r, key) {
      if (key === "severity") { return RANK[r.getAttribute("data-severity")] || 0; }
      if (key === "date") { return r.getAttribute("data-date") || ""; }
      return (r.cells[0] ? r.cells[0].textContent : "").trim().toLowerCase();
    }
    function sort(key, dir) {
      rows.sort(function (a, b) {
        var x = value(a, key), y = value(b, key);
        var c = x < y ? -1 : x > y ? 1 : 0;
        if (key === "platform" && typeof x === "string") { c = cmp(x.toLowerCase(), y.toLowerCase()); }
        return c * dir || a.getAttribute("data-order") - b.getAttribute("data-order");
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }

    // Filters, built from the values the rows carry.
    var controls = document.createElement("div");
    controls.className = "table-controls";
    var filters = {};
    function select(name, label, attr, text) {
      var seen = {}, opts = [];
      rows.forEach(function (r) {
        var v = r.getAttribute(attr);
        if (v && !seen[v]) { seen[v] = true; opts.push([v, text(r, v)]); }
      });
      if (opts.length < 2) { return; }
      if (name === "severity") { opts.sort(function (a, b) { return RANK[b[0]] - RANK[a[0]]; }); }
      else { opts.sort(function (a, b) { return cmp(a[1], b[1]); }); }
      var l = document.createElement("label");
      l.textContent = label + " ";
      var s = document.createElement("select");
      s.name = name;
      s.id = "table-" + n + "-" + name;
      s.appendChild(new Option("All", ""));
      opts.forEach(function (o) { s.appendChild(new Option(o[1], o[0])); });
      s.addEventListener("change", function () { filters[attr] = s.value; apply(); });
      l.appendChild(s);
      controls.appendChild(l);
    }
    select("severity", "Severity", "data-severity", function (r, v) {
      var b = r.querySelector(".badge");
      return b ? b.textContent.trim() : v;
    });
    select("sector", "Sector", "data-sector", function (r, v) {
      return r.cells[3] ? r.cells[3].textContent.trim() : v;
    });
    var count = document.createElement("p");
    count.className = "meta";
    count.setAttribute("role", "status");
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var ok = Object.keys(filters).every(function (a) { return !filters[a] || r.getAttribute(a) === filters[a]; });
        r.hidden = !ok;
        if (ok) { shown++; }
      });
      count.textContent = shown === rows.length ? "" : "Showing " + shown + " of " + rows.length + " rows.";
    }
    controls.appendChild(count);
    var wrap = table.closest(".table-wrap") || table;
    if (controls.querySelector("select")) { wrap.parentNode.insertBefore(controls, wrap); }
    wrap.parentNode.insertBefore(status, wrap);
  }
})();
