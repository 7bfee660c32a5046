// Clause Atlas search: queries the static index under /search/ in the
// reader's browser. Progressive enhancement: without this script the
// header form and /search/ still work, showing a browse list.
//
// The text analysis (fold, words, stop words, Porter2 stems) mirrors
// internal/search/text.go and stem.go line for line; the file formats are
// described in internal/search/build.go.
(function () {
  "use strict";
  if (window.ClauseAtlasSearch) { return; }

  // ---- Text analysis ----------------------------------------------------

  var MARKS = /[\u0300-\u036f]/g;
  var HAS_MARK = /[\u0300-\u036f]/;
  var EXTRA = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i", "ς": "σ" };
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var NUMBER = /^\p{N}$/u;
  var MAX_WORD = 40;
  var STOP = new Set(("a about above after again against all am an and any are aren as at be because been before " +
    "being below between both but by can couldn d did didn do does doesn doing don down during each few for from " +
    "further had hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it " +
    "its itself just ll m may me might more most must mustn my myself no nor not now of off on once only or other " +
    "ought our ours ourselves out over own re s same shall shan she should shouldn so some such t than that the " +
    "their theirs them themselves then there these they this those through to too under until up us ve very was " +
    "wasn we were weren what when where which while who whom why will with won would wouldn you your yours " +
    "yourself yourselves").split(" "));

  function foldChar(c) {
    if (c >= "\u0300" && c <= "\u036f") { return ""; }
    var d = c.normalize("NFD");
    if (d !== c && HAS_MARK.test(d)) {
      var out = "";
      for (var x of d.replace(MARKS, "")) { out += foldChar(x.toLowerCase()); }
      return out;
    }
    return EXTRA[c] || c;
  }

  function fold(s) {
    s = s.toLowerCase();
    if (!/[^\x00-\x7f]/.test(s)) { return s; }
    var out = "";
    for (var c of s) { out += c < "\x80" ? c : foldChar(c); }
    return out;
  }

  function words(s) { return fold(s).match(WORD) || []; }

  function runeCount(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xdc00 || c > 0xdfff) { n++; } } return n; }

  function indexed(w) {
    if (STOP.has(w) || runeCount(w) > MAX_WORD) { return false; }
    return runeCount(w) > 1 || NUMBER.test(w);
  }

  function term(w) { return indexed(w) ? stem(w) : ""; }

  // Porter2 (Snowball English), as internal/search/stem.go.
  var EXC1 = {
    skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli",
    early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes"
  };
  var EXC2 = new Set(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);
  var S2 = ["ational", "fulness", "iveness", "ization", "ousness", "biliti", "lessli", "tional", "alism", "aliti",
    "ation", "entli", "fulli", "iviti", "ousli", "abli", "alli", "anci", "ator", "enci", "izer", "bli", "ogi", "li"];
  var S2TO = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize",
    ational: "ate", ation: "ate", ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous",
    ousness: "ous", iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", fulli: "ful", lessli: "less"
  };
  var S3 = ["ational", "tional", "alize", "ative", "icate", "iciti", "ical", "ness", "ful"];
  var S3TO = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var S4 = ["ement", "able", "ance", "ence", "ible", "ment", "ant", "ate", "ent", "ion", "ism", "iti", "ive", "ize",
    "ous", "al", "er", "ic"];

  function isV(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u" || c === "y"; }
  function hasV(w) { for (var i = 0; i < w.length; i++) { if (isV(w[i])) { return true; } } return false; }
  function afterVC(w, from) {
    for (var i = from; i + 1 < w.length; i++) { if (isV(w[i]) && !isV(w[i + 1])) { return i + 2; } }
    return w.length;
  }
  function shortSyl(w, end) {
    if (end >= 3) {
      var c = w[end - 1];
      if (!isV(c) && c !== "w" && c !== "x" && c !== "Y" && isV(w[end - 2]) && !isV(w[end - 3])) { return true; }
    }
    return end === 2 && isV(w[0]) && !isV(w[1]);
  }
  function longest(w, list) {
    for (var i = 0; i < list.length; i++) { if (w.endsWith(list[i])) { return list[i]; } }
    return "";
  }

  function stem(word) {
    if (!/^[a-z']*$/.test(word)) { return word; }
    if (Object.prototype.hasOwnProperty.call(EXC1, word)) { return EXC1[word]; }
    if (word.length < 3) { return word; }
    var w = word[0] === "'" ? word.slice(1) : word;
    var yFound = false;
    var chars = w.split("");
    for (var i = 0; i < chars.length; i++) {
      if (chars[i] === "y" && (i === 0 || isV(chars[i - 1]))) { chars[i] = "Y"; yFound = true; }
    }
    w = chars.join("");
    var p1 = w.length;
    var pre = ["gener", "commun", "arsen"];
    for (i = 0; i < pre.length; i++) { if (w.startsWith(pre[i])) { p1 = pre[i].length; break; } }
    if (p1 === w.length) { p1 = afterVC(w, 0); }
    var p2 = afterVC(w, p1);
    var s, start;

    // Step 1a
    if (w.endsWith("'s'")) { w = w.slice(0, -3); } else if (w.endsWith("'s")) { w = w.slice(0, -2); } else if (w.endsWith("'")) { w = w.slice(0, -1); }
    s = longest(w, ["sses", "ied", "ies", "us", "ss", "s"]);
    if (s === "sses") { w = w.slice(0, -4) + "ss"; }
    else if (s === "ied" || s === "ies") { w = w.slice(0, -3) + (w.length - 3 > 1 ? "i" : "ie"); }
    else if (s === "s" && w.length >= 2 && hasV(w.slice(0, -2))) { w = w.slice(0, -1); }

    if (!EXC2.has(w)) {
      // Step 1b
      s = longest(w, ["eedly", "ingly", "edly", "eed", "ing", "ed"]);
      if (s === "eed" || s === "eedly") {
        if (w.length - s.length >= p1) { w = w.slice(0, -s.length) + "ee"; }
      } else if (s && hasV(w.slice(0, -s.length))) {
        w = w.slice(0, -s.length);
        var n = w.length;
        if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) { w += "e"; }
        else if (n >= 2 && w[n - 1] === w[n - 2] && "bdfgmnprt".indexOf(w[n - 1]) >= 0) { w = w.slice(0, -1); }
        else if (n === p1 && shortSyl(w, n)) { w += "e"; }
      }
      // Step 1c
      n = w.length;
      if (n > 2 && (w[n - 1] === "y" || w[n - 1] === "Y") && !isV(w[n - 2])) { w = w.slice(0, -1) + "i"; }
      // Step 2
      s = longest(w, S2);
      if (s && w.length - s.length >= p1) {
        if (s === "ogi") { if (w.length > 3 && w[w.length - 4] === "l") { w = w.slice(0, -3) + "og"; } }
        else if (s === "li") { if (w.length > 2 && "cdeghkmnrt".indexOf(w[w.length - 3]) >= 0) { w = w.slice(0, -2); } }
        else { w = w.slice(0, -s.length) + S2TO[s]; }
      }
      // Step 3
      s = longest(w, S3);
      start = w.length - s.length;
      if (s && start >= p1) {
        if (s === "ative") { if (start >= p2) { w = w.slice(0, start); } }
        else { w = w.slice(0, start) + S3TO[s]; }
      }
      // Step 4
      s = longest(w, S4);
      start = w.length - s.length;
      if (s && start >= p2) {
        if (s !== "ion" || (start > 0 && (w[start - 1] === "s" || w[start - 1] === "t"))) { w = w.slice(0, start); }
      }
      // Step 5
      start = w.length - 1;
      if (start >= 0) {
        if (w[start] === "e") {
          if (start >= p2 || (start >= p1 && !shortSyl(w, start))) { w = w.slice(0, start); }
        } else if (w[start] === "l") {
          if (start >= p2 && start > 0 && w[start - 1] === "l") { w = w.slice(0, start); }
        }
      }
    }
    return yFound ? w.replace(/Y/g, "y") : w;
  }

  // ---- Index files --------------------------------------------------------

  var DIGIT = new Uint8Array(128);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });

  function decodePostings(s) {
    var ids = [], imps = [], prev = -1;
    for (var i = 0; i < s.length;) {
      var v = 0, c;
      do { c = DIGIT[s.charCodeAt(i++)]; v = v * 32 + (c & 31); } while (c & 32);
      prev += v + 1;
      ids.push(prev);
      imps.push(DIGIT[s.charCodeAt(i++)]);
    }
    return { ids: ids, imps: imps };
  }

  function newBits(n) { return new Uint32Array((n + 31) >>> 5); }
  function setBit(b, i) { b[i >>> 5] |= 1 << (i & 31); }
  function hasBit(b, i) { return (b[i >>> 5] & (1 << (i & 31))) !== 0; }
  function setRange(b, lo, hi) { for (var i = lo; i < hi; i++) { setBit(b, i); } }
  function andInto(a, b) { for (var i = 0; i < a.length; i++) { a[i] &= b[i]; } return a; }
  function orInto(a, b) { for (var i = 0; i < a.length; i++) { a[i] |= b[i]; } return a; }
  function popcount(b) {
    var n = 0;
    for (var i = 0; i < b.length; i++) {
      var v = b[i] - ((b[i] >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }
  function members(b) {
    var out = new Int32Array(popcount(b)), k = 0;
    for (var i = 0; i < b.length; i++) {
      var v = b[i];
      while (v) {
        var t = v & -v;
        out[k++] = (i << 5) + 31 - Math.clz32(t);
        v ^= t;
      }
    }
    return out;
  }

  function decodeSet(s, n) {
    var b = newBits(n), i, k;
    if (s[0] === "b") {
      for (i = 1; i < s.length; i++) {
        var v = DIGIT[s.charCodeAt(i)];
        for (k = 0; k < 6; k++) { if (v & (1 << k)) { setBit(b, (i - 1) * 6 + k); } }
      }
    } else {
      var next = 0, vals = [];
      for (i = 1; i < s.length;) {
        var x = 0, c;
        do { c = DIGIT[s.charCodeAt(i++)]; x = x * 32 + (c & 31); } while (c & 32);
        vals.push(x);
      }
      for (k = 0; k + 1 < vals.length; k += 2) {
        next += vals[k];
        setRange(b, next, next + vals[k + 1]);
        next += vals[k + 1];
      }
    }
    return b;
  }

  function Index(url) {
    this.url = new URL(url, location.href).href;
    this.files = new Map();
    this.bytes = 0;
    this.m = null;
    this.shards = new Map();
  }

  Index.prototype.fetch = function (url) {
    var self = this;
    if (!this.files.has(url)) {
      this.files.set(url, fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.text();
      }).then(function (t) {
        self.bytes += t.length;
        return JSON.parse(t);
      }).catch(function (e) { self.files.delete(url); throw e; }));
    }
    return this.files.get(url);
  };

  Index.prototype.manifest = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.fetch(this.url).then(function (m) {
        if (m.format !== 2) { throw new Error("search index format " + m.format); }
        self.m = m;
        self.base = new URL(m.dir + "/", self.url).href;
        setTimeout(function () { warmUp(m.docs); }, 0);
        return m;
      });
      this.ready.catch(function () { self.ready = null; });
    }
    return this.ready;
  };

  // shardOf returns the dictionary shard that holds term t, if any does.
  Index.prototype.shardOf = function (t) {
    var a = this.m.shards, lo = 0, hi = a.length;
    while (lo < hi) { var mid = (lo + hi) >>> 1; if (a[mid] <= t) { lo = mid + 1; } else { hi = mid; } }
    return Math.max(lo - 1, 0);
  };

  Index.prototype.shard = function (i) {
    var self = this;
    if (!this.shards.has(i)) {
      this.shards.set(i, this.fetch(this.base + "t/" + this.m.termFiles[i] + ".json").then(function (s) {
        var map = new Map();
        s.t.forEach(function (e) { map.set(e[0], e); });
        return { list: s.t, map: map };
      }));
    }
    return this.shards.get(i);
  };

  // entry resolves a dictionary entry to its postings (and set).
  Index.prototype.entry = function (e) {
    var n = this.m.docs;
    if (e.resolved) { return e.resolved; }
    var self = this;
    var p = e.length === 3 ? Promise.resolve({ p: e[2] }) : this.fetch(this.base + "p/" + e[2] + ".json");
    e.resolved = p.then(function (body) {
      var ps = decodePostings(body.p);
      var bits;
      if (body.s) {
        bits = decodeSet(body.s, n);
      } else {
        bits = newBits(n);
        for (var i = 0; i < ps.ids.length; i++) { setBit(bits, ps.ids[i]); }
      }
      return { term: e[0], df: e[1], ids: ps.ids, imps: ps.imps, bits: bits, floor: body.f || 0, full: !body.s };
    });
    e.resolved.catch(function () { e.resolved = null; self.files.delete(self.base + "p/" + e[2] + ".json"); });
    return e.resolved;
  };

  // Most bytes of extra postings one word still being typed may fetch for
  // its completions; exact terms are always fetched.
  var EXPANSION_BYTES = 48 * 1024;

  // group finds the terms of one query word: its own term and, for a word
  // still being typed, up to five frequent terms that start with it and
  // the terms it extends by up to four letters ("trainin" → "train").
  Index.prototype.group = function (word, prefix) {
    var self = this;
    var wanted = []; // [term, weight]
    var t = term(word);
    if (t) { wanted.push([t, 1]); }
    var lookups = [];
    var chars = Array.from(word);
    if (prefix && chars.length >= 2) {
      for (var k = chars.length - 1; k >= Math.max(3, chars.length - 4); k--) { wanted.push([chars.slice(0, k).join(""), 0.8]); }
      lookups.push(this.completions(word));
    }
    return Promise.all([Promise.all(wanted.map(function (w) {
      return self.shard(self.shardOf(w[0])).then(function (s) { return s.map.get(w[0]); });
    }))].concat(lookups)).then(function (res) {
      var seen = new Set(), picked = [], budget = EXPANSION_BYTES;
      res[0].forEach(function (e, i) {
        if (e && !seen.has(e[0])) { seen.add(e[0]); picked.push([e, wanted[i][1]]); }
      });
      (res[1] || []).forEach(function (e) {
        if (seen.has(e[0]) || picked.length >= 8) { return; }
        var cost = e.length === 3 ? 0 : e[3];
        if (cost > budget) { return; }
        budget -= cost;
        seen.add(e[0]);
        picked.push([e, 0.8]);
      });
      return Promise.all(picked.map(function (p) { return self.entry(p[0]); })).then(function (entries) {
        var df = 0, n = self.m.docs;
        entries.forEach(function (e, i) { e.weight = picked[i][1]; df += e.df; });
        df = Math.min(df, n);
        return { word: word, prefix: prefix, entries: entries, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) };
      });
    });
  };

  // completions lists the five most frequent terms that start with word.
  Index.prototype.completions = function (word) {
    var first = this.shardOf(word), last = first;
    while (last + 1 < this.m.shards.length && this.m.shards[last + 1].startsWith(word) && last - first < 2) { last++; }
    var ps = [];
    for (var i = first; i <= last; i++) { ps.push(this.shard(i)); }
    return Promise.all(ps).then(function (shards) {
      var out = [];
      shards.forEach(function (s) {
        var a = s.list, lo = 0, hi = a.length;
        while (lo < hi) { var mid = (lo + hi) >>> 1; if (a[mid][0] < word) { lo = mid + 1; } else { hi = mid; } }
        for (var j = lo; j < a.length && a[j][0].startsWith(word); j++) { out.push(a[j]); }
      });
      out.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
      return out.slice(0, 5);
    }, function () { return []; });
  };

  // filterBits returns the documents that pass the filters, or null.
  Index.prototype.filterBits = function (f) {
    var m = this.m, n = m.docs, self = this, parts = [];
    function index(list, key) { for (var i = 0; i < list.length; i++) { if (list[i][0] === key) { return i; } } return -1; }
    function set(path) { return self.fetch(self.base + path).then(function (b) { return decodeSet(b.s, n); }); }
    if (f.severity) { var s = index(m.severities, f.severity); parts.push(s < 0 ? Promise.resolve(newBits(n)) : set("f/" + m.severities[s][4] + ".json")); }
    if (f.category) { var c = index(m.categories, f.category); parts.push(c < 0 ? Promise.resolve(newBits(n)) : set("f/" + m.categories[c][4] + ".json")); }
    if (f.platform || f.sector) {
      var b = newBits(n), sec = f.sector ? index(m.sectors, f.sector) : -1;
      m.platforms.forEach(function (p) {
        if ((!f.platform || p[0] === f.platform || p[5] === f.platform) && (!f.sector || p[2] === sec)) { setRange(b, p[3], p[4]); }
      });
      parts.push(Promise.resolve(b));
    }
    if (!parts.length) { return Promise.resolve(null); }
    return Promise.all(parts).then(function (bs) { return bs.reduce(andInto); });
  };

  // parse splits a query into words; the last is still being typed unless
  // the query ends in a space.
  function parse(q) {
    var ws = words(q), out = [], open = !/\s$/.test(q);
    ws.forEach(function (w, i) {
      var last = open && i === ws.length - 1;
      if (indexed(w) || (last && runeCount(w) >= 2)) { out.push({ word: w, prefix: last }); }
    });
    return out;
  }

  // search ranks the documents for q: those with every word (or, when none
  // has, those with any), scored by the sum over words of idf × impact.
  Index.prototype.search = function (q, filters, limit) {
    var self = this;
    var t0 = performance.now();
    return this.manifest().then(function (m) {
      var parsed = parse(q);
      if (!parsed.length) { return { total: 0, hits: [], groups: [], mode: "all" }; }
      return Promise.all([
        Promise.all(parsed.map(function (p) { return self.group(p.word, p.prefix); })),
        self.filterBits(filters || {})
      ]).then(function (res) {
        var t1 = performance.now();
        var out = rank(m.docs, res[0], res[1], limit || 20);
        out.ms = performance.now() - t1;
        out.totalMs = performance.now() - t0;
        return out;
      });
    });
  };

  // Scratch space reused by every query: scores by document, and stamps
  // that say which entries belong to the current query (so nothing is
  // cleared between queries).
  var S = { n: 0, score: null, stamp: null, gen: 0, best: null, bstamp: null, bgen: 0 };

  function scratchFor(n) {
    if (S.n < n) {
      S.n = n;
      S.score = new Float64Array(n);
      S.stamp = new Int32Array(n);
      S.best = new Float64Array(n);
      S.bstamp = new Int32Array(n);
    }
    return S;
  }

  // rank scores the documents in every group (or, when none is, in any)
  // and keeps the best `limit`. A group's score for a document is the
  // best of its terms' weight × idf × impact, where a term known by its
  // set gives its floor impact to the documents it does not list.
  function rank(n, groups, filter, limit) {
    var i, k;
    for (i = 0; i < groups.length; i++) {
      var g = groups[i];
      g.bits = newBits(n);
      for (k = 0; k < g.entries.length; k++) { orInto(g.bits, g.entries[k].bits); }
    }
    var cand = groups[0].bits.slice();
    for (i = 1; i < groups.length; i++) { andInto(cand, groups[i].bits); }
    if (filter) { andInto(cand, filter); }
    var total = popcount(cand), any = false;
    if (groups.length > 1 && total === 0) {
      any = true;
      cand = newBits(n);
      for (i = 0; i < groups.length; i++) { orInto(cand, groups[i].bits); }
      if (filter) { andInto(cand, filter); }
      total = popcount(cand);
    }
    var hits = !total ? [] : any ? rankAny(n, groups, cand, limit) : rankAll(n, groups, cand, limit);
    return {
      total: total,
      mode: any ? "any" : "all",
      groups: groups.map(function (g) { return { word: g.word, prefix: g.prefix, terms: g.entries.map(function (e) { return e.term; }) }; }),
      hits: hits
    };
  }

  // rankAll ranks documents that have every group. Every such document
  // gets at least its groups' floors, so scores are kept relative to
  // them: only documents whose score differs are touched, and the rest,
  // tied, follow in document order. This keeps a query over tens of
  // thousands of documents to the few thousand postings it lists.
  function rankAll(n, groups, cand, limit) {
    var s = scratchFor(n), score = s.score, stamp = s.stamp, gen = ++s.gen;
    var touched = [], i, j, k, d, e, w, v;
    function add(doc, delta) {
      if (stamp[doc] !== gen) { stamp[doc] = gen; score[doc] = 0; touched.push(doc); }
      score[doc] += delta;
    }
    for (i = 0; i < groups.length; i++) {
      var g = groups[i];
      if (!g.entries.length) { continue; }
      if (g.entries.length === 1) {
        e = g.entries[0];
        w = e.weight * g.idf;
        var base = w * e.floor;
        for (j = 0; j < e.ids.length; j++) {
          d = e.ids[j];
          if (cand[d >>> 5] & (1 << (d & 31))) { add(d, w * e.imps[j] - base); }
        }
        continue;
      }
      // A word being typed: its terms, best floor first. The first term's
      // documents sit at its floor F; the group's score is taken relative
      // to F for the others.
      var es = g.entries.slice().sort(function (a, b) { return b.weight * b.floor - a.weight * a.floor; });
      var best = s.best, bstamp = s.bstamp, bgen = ++s.bgen, mine = [];
      var F = es[0].weight * g.idf * es[0].floor;
      var assigned = newBits(n);
      if (F) { for (k = 0; k < assigned.length; k++) { assigned[k] = es[0].bits[k] & cand[k]; } }
      for (k = 1; k < es.length; k++) {
        var fv = es[k].weight * g.idf * es[k].floor;
        if (!fv) { continue; }
        var bits = es[k].bits;
        for (j = 0; j < cand.length; j++) {
          var nb = bits[j] & cand[j] & ~assigned[j];
          if (!nb) { continue; }
          assigned[j] |= nb;
          while (nb) {
            var t = nb & -nb;
            d = (j << 5) + 31 - Math.clz32(t);
            nb ^= t;
            bstamp[d] = bgen; best[d] = fv; mine.push(d);
          }
        }
      }
      for (k = 0; k < es.length; k++) {
        e = es[k];
        w = e.weight * g.idf;
        for (j = 0; j < e.ids.length; j++) {
          d = e.ids[j];
          if (!(cand[d >>> 5] & (1 << (d & 31)))) { continue; }
          v = w * e.imps[j];
          if (bstamp[d] !== bgen) {
            bstamp[d] = bgen;
            best[d] = (assigned[d >>> 5] & (1 << (d & 31))) ? F : 0;
            mine.push(d);
          }
          if (v > best[d]) { best[d] = v; }
        }
      }
      for (j = 0; j < mine.length; j++) { d = mine[j]; if (best[d] !== F) { add(d, best[d] - F); } }
    }
    // Positive scores first, best first; then the untouched documents and
    // those back at zero, in document order; then the negative ones.
    var pos = [], neg = [], zero = [];
    for (j = 0; j < touched.length; j++) {
      d = touched[j];
      v = Math.round(score[d] * 1e6) / 1e6;
      score[d] = v;
      if (v > 0) { pos.push(d); } else if (v < 0) { neg.push(d); } else { zero.push(d); }
    }
    var out = top(score, pos, limit);
    if (out.length < limit) {
      zero.sort(function (a, b) { return a - b; });
      var zi = 0;
      for (j = 0; j < cand.length && out.length < limit; j++) {
        var word = cand[j];
        while (word && out.length < limit) {
          var tb = word & -word;
          d = (j << 5) + 31 - Math.clz32(tb);
          word ^= tb;
          while (zi < zero.length && zero[zi] < d && out.length < limit) { out.push(zero[zi++]); }
          if (out.length < limit && stamp[d] !== gen) { out.push(d); }
        }
      }
      while (zi < zero.length && out.length < limit) { out.push(zero[zi++]); }
    }
    if (out.length < limit) { out = out.concat(top(score, neg, limit - out.length)); }
    return out.map(function (d) { return { id: d, score: stamp[d] === gen ? score[d] : 0 }; });
  }

  // rankAny ranks documents that have some of the groups: more groups
  // first, then by score.
  function rankAny(n, groups, cand, limit) {
    var ids = members(cand), m = ids.length, s = scratchFor(n), score = s.score, best = s.best, i, j, k, d, e;
    for (j = 0; j < m; j++) { score[ids[j]] = 0; }
    for (i = 0; i < groups.length; i++) {
      var g = groups[i];
      for (j = 0; j < m; j++) { best[ids[j]] = 0; }
      for (k = 0; k < g.entries.length; k++) {
        e = g.entries[k];
        var w = e.weight * g.idf, fv = w * e.floor;
        if (fv) {
          for (j = 0; j < m; j++) { d = ids[j]; if (fv > best[d] && hasBit(e.bits, d)) { best[d] = fv; } }
        }
        for (j = 0; j < e.ids.length; j++) {
          d = e.ids[j];
          if (hasBit(cand, d) && w * e.imps[j] > best[d]) { best[d] = w * e.imps[j]; }
        }
      }
      for (j = 0; j < m; j++) { d = ids[j]; if (hasBit(g.bits, d)) { score[d] += best[d] + 1000; } }
    }
    for (j = 0; j < m; j++) { d = ids[j]; score[d] = Math.round(score[d] * 1e6) / 1e6; }
    return top(score, ids, limit).map(function (d) { return { id: d, score: score[d] }; });
  }

  // warmUp runs the ranking once on a made-up query while the reader is
  // still typing, so the scratch space exists and the code is compiled
  // before the first real query.
  function warmUp(n) {
    var bits = newBits(n);
    setBit(bits, 0);
    setBit(bits, n - 1);
    var e = { term: "", df: 2, ids: [0], imps: [9], bits: bits, floor: 1, weight: 1 };
    var f = { term: "", df: 2, ids: [n - 1], imps: [9], bits: bits, floor: 2, weight: 0.8 };
    rank(n, [{ word: "", prefix: false, entries: [e], idf: 1 }, { word: "", prefix: true, entries: [e, f], idf: 1 }], null, 20);
    rank(n, [{ word: "", prefix: false, entries: [e], idf: 1 }, { word: "", prefix: false, entries: [f], idf: 1 }], bits, 20);
  }

  // top returns the best `limit` of docs by score, then document number.
  function top(score, docs, limit) {
    var heap = new Int32Array(Math.min(limit, docs.length)), size = 0, j, d;
    for (j = 0; j < docs.length; j++) {
      d = docs[j];
      if (size < heap.length) {
        var c = size++;
        heap[c] = d;
        while (c > 0) {
          var p = (c - 1) >> 1;
          if (!worse(score, heap[c], heap[p])) { break; }
          var t = heap[c]; heap[c] = heap[p]; heap[p] = t; c = p;
        }
      } else if (size && worse(score, heap[0], d)) {
        heap[0] = d;
        siftDown(score, heap, size);
      }
    }
    var out = Array.prototype.slice.call(heap, 0, size);
    out.sort(function (a, b) { return worse(score, a, b) ? 1 : worse(score, b, a) ? -1 : 0; });
    return out;
  }

  // worse orders hits: lower score, then higher document number.
  function worse(score, a, b) { return score[a] < score[b] || (score[a] === score[b] && a > b); }

  function siftDown(score, h, size) {
    for (var x = 0; ;) {
      var l = 2 * x + 1, r = l + 1, m = x;
      if (l < size && worse(score, h[l], h[m])) { m = l; }
      if (r < size && worse(score, h[r], h[m])) { m = r; }
      if (m === x) { return; }
      var t = h[x]; h[x] = h[m]; h[m] = t; x = m;
    }
  }

  // docs fetches the display rows of the given document numbers.
  Index.prototype.docs = function (ids) {
    var self = this, per = this.m.docsPerShard, m = this.m;
    return Promise.all(ids.map(function (id) {
      var shard = Math.floor(id / per);
      return self.fetch(self.base + "d/" + m.docBlocks[Math.floor(shard / m.shardsPerBlock)] + "/" + shard + ".json").then(function (s) {
        if (!s.urls) {
          var prev = "";
          s.urls = s.d.map(function (r) { prev = prev.slice(0, r[2]) + r[3]; return prev; });
        }
        var r = s.d[id - shard * per];
        return {
          id: id, kind: m.kinds[r[0]], title: r[1], url: s.urls[id - shard * per],
          platform: r[4] >= 0 ? m.platforms[r[4]][1] : "",
          severity: r[5] >= 0 ? m.severities[r[5]] : null,
          type: r[6] >= 0 ? m.types[r[6]][1] : "",
          snippet: r[7]
        };
      });
    }));
  };

  // ---- Display ------------------------------------------------------------

  var KIND = { clause: "Clause", platform: "Platform", document: "Document", type: "Clause type", category: "Category", regulation: "Regulation", agency: "Agency" };

  // highlight appends text to el with the words that match the query in
  // <mark>: words whose term is one the query found, or that start with
  // the word still being typed.
  function highlight(el, text, groups) {
    var terms = new Set(), prefixes = [];
    groups.forEach(function (g) {
      g.terms.forEach(function (t) { terms.add(t); });
      if (g.prefix) { prefixes.push(g.word); }
    });
    var last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var w = fold(m[0]), hit = terms.has(term(w));
      for (var i = 0; !hit && i < prefixes.length; i++) { hit = w.startsWith(prefixes[i]); }
      if (!hit) { continue; }
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function span(cls, text) {
    var s = document.createElement("span");
    s.className = cls;
    if (text) { s.textContent = text; }
    return s;
  }

  var optionSeq = 0;

  function option(doc, groups, compact) {
    var li = document.createElement("li");
    li.setAttribute("role", "none");
    var a = document.createElement("a");
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.tabIndex = -1;
    a.id = "search-option-" + (++optionSeq);
    a.href = doc.url;
    a.className = "search-option";
    var title = span("search-title");
    highlight(title, doc.title, groups);
    a.appendChild(title);
    var meta = span("search-meta");
    var bits = [KIND[doc.kind] || doc.kind];
    if (doc.platform && doc.kind !== "platform") { bits.push(doc.platform); }
    if (doc.type && doc.kind === "clause") { bits.push(doc.type); }
    meta.textContent = bits.join(" · ");
    if (doc.severity) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(span("badge sev-" + doc.severity[0], doc.severity[1]));
    }
    a.appendChild(meta);
    if (!compact && doc.snippet) {
      var sn = span("search-snippet");
      highlight(sn, doc.snippet, groups);
      a.appendChild(sn);
    }
    li.appendChild(a);
    return li;
  }

  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many); }

  function statusText(res, q, filtered) {
    if (!res.total) { return "No results for “" + q.trim() + "”" + (filtered ? " with these filters." : "."); }
    var s = plural(res.total, "result", "results") + " for “" + q.trim() + "”" + (filtered ? " with these filters" : "");
    if (res.mode === "any") { s = "No page has every word. " + s + ", matching some of the words"; }
    return s + ".";
  }

  function debounce(fn, ms) {
    var t;
    return function () { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // Combobox wires the ARIA 1.2 combobox pattern onto an input and a
  // listbox: arrows move the active option (aria-activedescendant), Enter
  // opens it, Escape closes the list or clears the input.
  function Combobox(input, list, onEnter) {
    this.input = input;
    this.list = list;
    this.active = -1;
    var self = this;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    list.setAttribute("role", "listbox");
    input.addEventListener("keydown", function (ev) {
      var opts = self.options();
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!opts.length) { return; }
        ev.preventDefault();
        self.open(true);
        var d = ev.key === "ArrowDown" ? 1 : -1;
        self.move(self.active < 0 ? (d > 0 ? 0 : opts.length - 1) : (self.active + d + opts.length) % opts.length);
      } else if (ev.key === "Enter" && self.active >= 0 && opts[self.active]) {
        ev.preventDefault();
        location.href = opts[self.active].href;
      } else if (ev.key === "Enter" && onEnter) {
        onEnter(ev);
      } else if (ev.key === "Escape") {
        if (self.isOpen() && self.closable) { ev.preventDefault(); self.open(false); }
        else if (input.value) { ev.preventDefault(); input.value = ""; input.dispatchEvent(new Event("input")); }
      }
    });
    list.addEventListener("mousedown", function (ev) { ev.preventDefault(); }); // keep focus in the input
  }
  Combobox.prototype.options = function () { return this.list.querySelectorAll("[role=option]"); };
  Combobox.prototype.isOpen = function () { return this.input.getAttribute("aria-expanded") === "true"; };
  Combobox.prototype.open = function (on) {
    on = on && this.options().length > 0;
    this.input.setAttribute("aria-expanded", on ? "true" : "false");
    if (this.onToggle) { this.onToggle(on); }
    if (!on) { this.move(-1); }
  };
  Combobox.prototype.move = function (i) {
    var opts = this.options();
    if (this.active >= 0 && opts[this.active]) { opts[this.active].setAttribute("aria-selected", "false"); }
    this.active = i;
    if (i >= 0 && opts[i]) {
      opts[i].setAttribute("aria-selected", "true");
      this.input.setAttribute("aria-activedescendant", opts[i].id);
      opts[i].scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };
  Combobox.prototype.fill = function (nodes) {
    this.move(-1);
    this.list.textContent = "";
    var self = this;
    nodes.forEach(function (n) { self.list.appendChild(n); });
  };

  function readFilters(box) {
    var f = {};
    if (!box) { return f; }
    box.querySelectorAll("select[name]").forEach(function (s) { if (s.value) { f[s.name] = s.value; } });
    return f;
  }

  // ---- The /search/ page ------------------------------------------------

  function page(root) {
    var idx = new Index(root.getAttribute("data-index"));
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var filters = root.querySelector("[data-filters]");
    var status = root.querySelector("[data-status]");
    var list = root.querySelector("[data-results]");
    var more = root.querySelector("[data-more]");
    var browse = root.querySelector("[data-browse]");
    var box = new Combobox(input, list, function (ev) { ev.preventDefault(); run(true); });
    var limit = 20, seq = 0;

    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    if (filters) {
      filters.hidden = false;
      filters.querySelectorAll("select[name]").forEach(function (s) {
        var v = params.get(s.name);
        if (v) { s.value = v; }
        s.addEventListener("change", function () { limit = 20; run(true); });
      });
    }

    function syncURL() {
      var p = new URLSearchParams();
      if (input.value.trim()) { p.set("q", input.value.trim()); }
      var f = readFilters(filters);
      Object.keys(f).forEach(function (k) { p.set(k, f[k]); });
      var qs = p.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }

    function run(now) {
      var q = input.value, my = ++seq, f = readFilters(filters);
      if (now) { syncURL(); }
      if (!parse(q).length) {
        box.fill([]);
        box.open(false);
        list.hidden = true;
        more.hidden = true;
        browse.hidden = false;
        status.textContent = q.trim() ? "Type a longer word to search." : "";
        return;
      }
      if (!list.childElementCount) { status.textContent = "Searching…"; }
      idx.search(q, f, limit).then(function (res) {
        return idx.docs(res.hits.map(function (h) { return h.id; })).then(function (docs) {
          if (my !== seq) { return; }
          root.setAttribute("data-ms", res.ms.toFixed(2));
          box.fill(docs.map(function (d) { return option(d, res.groups, false); }));
          list.hidden = !docs.length;
          box.open(docs.length > 0);
          browse.hidden = docs.length > 0;
          more.hidden = res.total <= docs.length;
          status.textContent = statusText(res, q, Object.keys(f).length > 0);
        });
      }).catch(function (err) {
        if (my !== seq) { return; }
        status.textContent = "Search is not available right now. Browse the atlas below instead.";
        browse.hidden = false;
        if (window.console) { console.warn(err); }
      });
    }

    var later = debounce(function () { limit = 20; run(false); syncURL(); }, 120);
    input.addEventListener("input", later);
    form.addEventListener("submit", function (ev) { ev.preventDefault(); limit = 20; run(true); });
    more.addEventListener("click", function () { limit += 20; run(false); });
    box.closable = false;
    if (input.value || Object.keys(readFilters(filters)).length) { run(false); } else { idx.manifest().catch(function () {}); }
    return idx;
  }

  // ---- The header box on every page ------------------------------------

  function header(form) {
    var input = form.querySelector("input[name=q]");
    if (!input) { return null; }
    var idx = new Index(new URL("index.json", form.action).href);
    var pop = document.createElement("div");
    pop.className = "search-popup";
    pop.hidden = true;
    var list = document.createElement("ul");
    list.id = input.id + "-results";
    list.className = "search-results compact";
    list.setAttribute("aria-label", "Search suggestions");
    pop.appendChild(list);
    var status = span("visually-hidden");
    status.setAttribute("role", "status");
    form.appendChild(status);
    form.appendChild(pop);
    var box = new Combobox(input, list, null);
    box.closable = true;
    box.onToggle = function (on) { pop.hidden = !on; };
    var seq = 0;

    function run() {
      var q = input.value, my = ++seq;
      if (!parse(q).length) { box.fill([]); box.open(false); status.textContent = ""; return; }
      idx.search(q, null, 8).then(function (res) {
        return idx.docs(res.hits.map(function (h) { return h.id; })).then(function (docs) {
          if (my !== seq) { return; }
          var nodes = docs.map(function (d) { return option(d, res.groups, true); });
          if (res.total) {
            var all = option({ kind: "", title: "All " + plural(res.total, "result", "results") + " for “" + q.trim() + "”", url: form.action + "?q=" + encodeURIComponent(q.trim()) }, [], true);
            all.firstChild.classList.add("search-all");
            all.firstChild.removeChild(all.firstChild.lastChild); // no meta line
            nodes.push(all);
          }
          box.fill(nodes);
          box.open(document.activeElement === input && nodes.length > 0);
          status.textContent = statusText(res, q, false);
        });
      }).catch(function (err) {
        if (my !== seq) { return; }
        box.fill([]);
        box.open(false);
        if (window.console) { console.warn(err); }
      });
    }

    input.addEventListener("input", debounce(run, 120));
    input.addEventListener("focus", function () { idx.manifest().catch(function () {}); if (input.value) { run(); } });
    form.addEventListener("focusout", function (ev) {
      if (!form.contains(ev.relatedTarget)) { box.open(false); }
    });
    if (document.activeElement === input && input.value) { run(); }
    idx.manifest().catch(function () {});
    return idx;
  }

  var pageRoot = document.querySelector("[data-search-page]");
  var api = { fold: fold, words: words, term: term, stem: stem, Index: Index };
  if (pageRoot) {
    api.index = page(pageRoot);
  } else {
    var hf = document.querySelector("form.search[role=search]");
    if (hf) { api.index = header(hf); }
  }
  // A small handle for tests and measurements.
  window.ClauseAtlasSearch = api;
})();
