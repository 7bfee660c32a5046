#!/usr/bin/env node
// Structured data and site files of the built atlas.
//
//   node site-files.mjs jsonld    SITE   every JSON-LD block parses and has the
//                                        required properties for its type; clause
//                                        pages carry the citable work, FAQ and
//                                        breadcrumbs; canonical URLs map to pages
//   node site-files.mjs sitemap   SITE   sitemap.xml (or a sitemap index) valid
//                                        against the sitemaps.org schema (xmllint),
//                                        every URL maps to a built file, every
//                                        indexable page is listed
//   node site-files.mjs feeds     SITE   every Atom feed (*.xml / *.atom with a
//                                        <feed> root) well-formed (xmllint) and
//                                        with RFC 4287's required elements
//
// Each prints one line per finding, then
//   SUMMARY state=ok|FAIL|absent <counts>
// and exits 0 (ok or absent) or 1 (findings).

import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sax from 'sax';

const here = path.dirname(fileURLToPath(import.meta.url));
const [cmd, siteArg] = process.argv.slice(2);
if (!['jsonld', 'sitemap', 'feeds'].includes(cmd) || !siteArg) {
  console.error('usage: node site-files.mjs jsonld|sitemap|feeds SITE_DIR');
  process.exit(2);
}
const site = path.resolve(siteArg);
const findings = [];
const problem = (where, msg) => findings.push(`${where}: ${msg}`);

// ---- the site's files and URLs -------------------------------------------

function walk(dir, out = []) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
const files = walk(site).sort();
const rel = (f) => path.relative(site, f).split(path.sep).join('/');
const htmlFiles = files.filter((f) => f.endsWith('.html'));

// The page's own URL path: dir/index.html -> /dir/, x.html -> /x.html.
function pagePath(file) {
  const r = rel(file);
  if (r === 'index.html') return '/';
  if (r.endsWith('/index.html')) return `/${r.slice(0, -'index.html'.length)}`;
  return `/${r}`;
}

function canonicalOf(html) {
  const m = /<link\b[^>]*\brel=["']?canonical["']?[^>]*>/i.exec(html);
  if (!m) return null;
  const h = /\bhref=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[0]);
  return h ? (h[1] ?? h[2] ?? h[3]) : null;
}

// The production base URL: the home page's canonical, or ATLAS_BASE_URL.
function siteBase() {
  if (process.env.ATLAS_BASE_URL) return new URL(process.env.ATLAS_BASE_URL);
  const home = path.join(site, 'index.html');
  if (fs.existsSync(home)) {
    const c = canonicalOf(fs.readFileSync(home, 'utf8'));
    if (c) { try { return new URL(c); } catch { /* fall through */ } }
  }
  return null;
}
const BASE = siteBase();

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    return String.fromCodePoint(parseInt(k.slice(1), 10));
  });
}

// Map a URL of the site to the built file that the CDN would serve for it.
// Returns {file, redirect?} or {error}.
function urlToFile(u) {
  let url;
  try { url = new URL(u); } catch { return { error: `not an absolute URL: ${u}` }; }
  if (!BASE) return { error: 'cannot tell the site base URL (no canonical on the home page; set ATLAS_BASE_URL)' };
  if (url.origin !== BASE.origin) return { external: true };
  const basePath = BASE.pathname.endsWith('/') ? BASE.pathname : `${BASE.pathname}/`;
  if (!url.pathname.startsWith(basePath) && `${url.pathname}/` !== basePath) {
    return { error: `outside the site's base path ${basePath}: ${u}` };
  }
  let p;
  try { p = decodeURIComponent(url.pathname.slice(basePath.length - 1)); } catch { return { error: `bad escape in ${u}` }; }
  const full = path.join(site, p);
  if (path.relative(site, full).startsWith('..')) return { error: `escapes the site: ${u}` };
  const st = fs.statSync(full, { throwIfNoEntry: false });
  if (st?.isFile()) return { file: full };
  if (st?.isDirectory()) {
    const idx = path.join(full, 'index.html');
    if (!fs.existsSync(idx)) return { error: `folder without index.html: ${u}` };
    if (!p.endsWith('/')) return { file: idx, redirect: true };
    return { file: idx };
  }
  if (!p.endsWith('/') && fs.existsSync(`${full}.html`)) return { file: `${full}.html` };
  return { error: `no built file for ${u}` };
}

function xmllint(argv) {
  const r = spawnSync('xmllint', argv, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { ok: r.status === 0, out: `${r.stdout || ''}${r.stderr || ''}`.trim() };
}

// A small DOM from sax (namespace-aware): {name, local, uri, attrs, children, text}.
function parseXML(text) {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const root = { children: [] };
  const stack = [root];
  parser.onopentag = (t) => {
    const attrs = {};
    for (const [k, a] of Object.entries(t.attributes)) attrs[a.local || k] = a.value;
    const node = { name: t.name, local: t.local, uri: t.uri, attrs, children: [], text: '', line: parser.line + 1 };
    stack[stack.length - 1].children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => { stack.pop(); };
  parser.ontext = (t) => { stack[stack.length - 1].text += t; };
  parser.oncdata = (t) => { stack[stack.length - 1].text += t; };
  parser.write(text).close();
  return root.children[0] || null;
}
const kids = (node, local, uri) => node.children.filter((c) => c.local === local && (!uri || c.uri === uri));

// RFC 3339 date-time, as Atom requires.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// ISO 8601 date or date-time, as schema.org Date/DateTime.
const ISODATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const validDate = (s) => ISODATE.test(s) && !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s));

function finish(state, counts) {
  for (const f of findings) console.log(f);
  const final = findings.length ? 'FAIL' : state;
  console.log(`SUMMARY state=${final} ${counts}${findings.length ? ` findings=${findings.length}` : ''}`);
  process.exit(findings.length ? 1 : 0);
}

// ---- JSON-LD --------------------------------------------------------------

const nonEmpty = (v) => typeof v === 'string' && v.trim() !== '';
const typesOf = (node) => (Array.isArray(node?.['@type']) ? node['@type'] : [node?.['@type']]).filter(Boolean);
const isType = (node, t) => typesOf(node).includes(t);
const CREATIVE_WORK_TYPES = new Set(['CreativeWork', 'Article', 'ScholarlyArticle', 'Report', 'Legislation', 'LegislationObject', 'DigitalDocument', 'Dataset']);

function checkURL(where, what, value, { mustMapToPage = true } = {}) {
  if (!nonEmpty(value)) { problem(where, `${what} must be a non-empty URL`); return; }
  let u;
  try { u = new URL(value); } catch { problem(where, `${what} is not an absolute URL: ${value}`); return; }
  if (!/^https?:$/.test(u.protocol)) { problem(where, `${what} is not http(s): ${value}`); return; }
  if (!mustMapToPage) return;
  const m = urlToFile(value);
  if (m.error) problem(where, `${what}: ${m.error}`);
  else if (m.redirect) problem(where, `${what} lacks its trailing slash (a redirect): ${value}`);
}

function checkFAQPage(where, n) {
  const list = Array.isArray(n.mainEntity) ? n.mainEntity : n.mainEntity ? [n.mainEntity] : [];
  if (!list.length) { problem(where, 'FAQPage: mainEntity must hold at least one Question'); return; }
  list.forEach((q, i) => {
    const at = `FAQPage mainEntity[${i}]`;
    if (!isType(q, 'Question')) problem(where, `${at}: @type must be Question (is ${JSON.stringify(q?.['@type'])})`);
    if (!nonEmpty(q?.name)) problem(where, `${at}: Question needs a non-empty name`);
    const a = Array.isArray(q?.acceptedAnswer) ? q.acceptedAnswer[0] : q?.acceptedAnswer;
    if (!a) { problem(where, `${at}: Question needs an acceptedAnswer`); return; }
    if (!isType(a, 'Answer')) problem(where, `${at}: acceptedAnswer must have @type Answer`);
    if (!nonEmpty(a.text)) problem(where, `${at}: acceptedAnswer needs a non-empty text`);
  });
}

function checkBreadcrumbList(where, n) {
  const list = n.itemListElement;
  if (!Array.isArray(list) || !list.length) { problem(where, 'BreadcrumbList: itemListElement must be a non-empty array'); return; }
  list.forEach((li, i) => {
    const at = `BreadcrumbList itemListElement[${i}]`;
    if (!isType(li, 'ListItem')) problem(where, `${at}: @type must be ListItem`);
    if (li?.position !== i + 1) problem(where, `${at}: position must be the integer ${i + 1} (is ${JSON.stringify(li?.position)})`);
    const item = li?.item;
    const name = li?.name ?? (typeof item === 'object' ? item?.name : undefined);
    if (!nonEmpty(name)) problem(where, `${at}: needs a non-empty name`);
    const itemURL = typeof item === 'object' && item ? (item['@id'] || item.url) : item;
    if (itemURL === undefined) {
      if (i !== list.length - 1) problem(where, `${at}: needs an item URL (only the last crumb may omit it)`);
    } else checkURL(where, `${at}.item`, itemURL);
  });
}

function checkCreativeWork(where, n, pageCanonical) {
  const t = typesOf(n).join(',');
  if (!nonEmpty(n.name) && !nonEmpty(n.headline)) problem(where, `${t}: needs a non-empty name`);
  else if (!nonEmpty(n.name)) problem(where, `${t}: needs a non-empty name (headline alone is not enough)`);
  const id = n.identifier;
  const idOK = nonEmpty(id) || (id && typeof id === 'object' && (nonEmpty(id.value) || typeof id.value === 'number'))
    || (Array.isArray(id) && id.length > 0);
  if (!idOK) problem(where, `${t}: needs an identifier (text or PropertyValue with a value)`);
  checkURL(where, `${t}.url`, n.url);
  if (pageCanonical && n.url && n.url !== pageCanonical) problem(where, `${t}.url ${n.url} differs from the page's canonical ${pageCanonical}`);
  for (const k of ['datePublished', 'dateModified']) {
    if (!nonEmpty(n[k])) problem(where, `${t}: needs ${k}`);
    else if (!validDate(n[k])) problem(where, `${t}: ${k} is not an ISO 8601 date: ${n[k]}`);
  }
  if (validDate(n.datePublished || '') && validDate(n.dateModified || '') && Date.parse(n.dateModified) < Date.parse(n.datePublished)) {
    problem(where, `${t}: dateModified ${n.dateModified} is before datePublished ${n.datePublished}`);
  }
}

function checkWebSite(where, n) {
  if (!nonEmpty(n.name)) problem(where, 'WebSite: needs a non-empty name');
  checkURL(where, 'WebSite.url', n.url);
}

function jsonld() {
  const blockRe = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
  let blocks = 0;
  const typeCounts = {};
  let clausePages = 0;
  for (const file of htmlFiles) {
    const where = pagePath(file);
    const html = fs.readFileSync(file, 'utf8');
    const canonical = canonicalOf(html);
    const is404 = rel(file) === '404.html';
    // Canonical: absolute, on the site, the page's own URL.
    if (!canonical) { if (!is404) problem(where, 'no <link rel="canonical">'); } else {
      const c = decodeEntities(canonical);
      const m = urlToFile(c);
      if (m.error || m.external) problem(where, `canonical ${c} does not map to a built page${m.error ? ` (${m.error})` : ' (other host)'}`);
      else if (m.file !== file && !is404) {
        // A redirect stub (meta refresh) names its target as canonical.
        const refresh = /<meta\b[^>]*http-equiv=["']?refresh["']?[^>]*>/i.exec(html);
        const target = refresh && /content=["']?\s*\d+\s*;\s*url=([^"'>\s]+)/i.exec(refresh[0]);
        if (!target) problem(where, `canonical ${c} points to /${rel(m.file)}, not to this page`);
        else {
          let abs = null;
          try { abs = new URL(decodeEntities(target[1]), BASE).href; } catch { /* reported below */ }
          const t = abs ? urlToFile(abs) : { error: 'bad URL' };
          if (t.file !== m.file) problem(where, `redirect page: canonical ${c} and meta refresh target ${target[1]} differ`);
        }
      }
    }
    const found = [];
    for (const m of html.matchAll(blockRe)) {
      const typeAttr = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1]);
      if (!typeAttr || typeAttr[1].toLowerCase() !== 'application/ld+json') continue;
      blocks++;
      let data;
      try { data = JSON.parse(m[2]); } catch (err) {
        problem(where, `JSON-LD block ${found.length + 1} is not valid JSON: ${err.message}`);
        found.push(null);
        continue;
      }
      const nodes = [];
      const top = Array.isArray(data) ? data : [data];
      for (const t of top) {
        if (!t || typeof t !== 'object') { problem(where, 'JSON-LD block holds a non-object'); continue; }
        const ctx = t['@context'];
        const ctxOK = (c) => typeof c === 'string' && /^https?:\/\/schema\.org\/?$/.test(c);
        if (!(ctxOK(ctx) || (Array.isArray(ctx) && ctx.some(ctxOK)) || (ctx && typeof ctx === 'object' && ctxOK(ctx['@vocab'])))) {
          problem(where, `JSON-LD @context must be https://schema.org (is ${JSON.stringify(ctx)})`);
        }
        if (Array.isArray(t['@graph'])) nodes.push(...t['@graph']); else nodes.push(t);
      }
      for (const n of nodes) {
        const types = typesOf(n);
        if (!types.length) { problem(where, 'JSON-LD node without @type'); continue; }
        for (const ty of types) typeCounts[ty] = (typeCounts[ty] || 0) + 1;
        found.push(n);
        const at = where;
        if (isType(n, 'FAQPage')) checkFAQPage(at, n);
        else if (isType(n, 'BreadcrumbList')) checkBreadcrumbList(at, n);
        else if (types.some((ty) => CREATIVE_WORK_TYPES.has(ty))) checkCreativeWork(at, n, canonical && decodeEntities(canonical));
        else if (isType(n, 'WebSite')) checkWebSite(at, n);
        else console.log(`note: ${where}: no rules for JSON-LD type ${types.join(',')} (parsed OK)`);
      }
    }
    // Clause pages (/platform/<p>/<d>/<c>/) carry all three.
    if (/^platform\/[^/]+\/[^/]+\/[^/]+\/index\.html$/.test(rel(file))) {
      clausePages++;
      const has = (pred) => found.some((n) => n && pred(n));
      if (!has((n) => typesOf(n).some((ty) => CREATIVE_WORK_TYPES.has(ty)))) problem(where, 'clause page without its citable work (CreativeWork JSON-LD)');
      if (!has((n) => isType(n, 'FAQPage'))) problem(where, 'clause page without FAQPage JSON-LD');
      if (!has((n) => isType(n, 'BreadcrumbList'))) problem(where, 'clause page without BreadcrumbList JSON-LD');
    }
  }
  const types = Object.entries(typeCounts).sort().map(([k, v]) => `${k}:${v}`).join(',');
  finish('ok', `pages=${htmlFiles.length} blocks=${blocks} clause_pages=${clausePages} types=${types || 'none'}`);
}

// ---- sitemap --------------------------------------------------------------

function sitemap() {
  const sitemapXSD = path.join(here, 'node_modules', 'sitemap', 'schema', 'sitemap.xsd');
  const indexXSD = path.join(here, 'schema', 'siteindex.xsd');
  const rootMap = path.join(site, 'sitemap.xml');
  const robots = path.join(site, 'robots.txt');
  const declared = [];
  if (fs.existsSync(robots)) {
    for (const m of fs.readFileSync(robots, 'utf8').matchAll(/^\s*sitemap:\s*(\S+)/gim)) declared.push(m[1]);
  }
  if (!fs.existsSync(rootMap) && !declared.length) {
    console.log('note: not present: no sitemap.xml and no Sitemap: line in robots.txt (skipped)');
    console.log('SUMMARY state=absent files=0');
    process.exit(0);
  }
  if (!fs.existsSync(rootMap)) problem('sitemap.xml', 'not present, though robots.txt names a sitemap');
  const queue = [];
  if (fs.existsSync(rootMap)) queue.push({ file: rootMap, from: 'site root' });
  for (const d of declared) {
    const m = urlToFile(d);
    if (m.error || m.external) problem('robots.txt', `Sitemap: ${d} does not map to a built file${m.error ? ` (${m.error})` : ''}`);
    else if (!queue.some((q) => q.file === m.file)) queue.push({ file: m.file, from: 'robots.txt' });
  }
  const listed = new Map(); // page file -> url
  let files = 0;
  let urls = 0;
  let schemaErrors = 0;
  const seenMaps = new Set();
  while (queue.length) {
    const { file, from } = queue.shift();
    if (seenMaps.has(file)) continue;
    seenMaps.add(file);
    files++;
    const where = rel(file);
    const size = fs.statSync(file).size;
    if (size > 50 * 1024 * 1024) problem(where, `${size} bytes: over the protocol's 50 MB limit`);
    const wf = xmllint(['--noout', '--nonet', file]);
    if (!wf.ok) { problem(where, `not well-formed XML: ${wf.out}`); schemaErrors++; continue; }
    const root = parseXML(fs.readFileSync(file, 'utf8'));
    const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
    if (!root || root.uri !== NS || !['urlset', 'sitemapindex'].includes(root.local)) {
      problem(where, `root element must be urlset or sitemapindex in ${NS} (is ${root?.name} in ${root?.uri || 'no namespace'})`);
      continue;
    }
    const isIndex = root.local === 'sitemapindex';
    if (isIndex && from === 'sitemap index') problem(where, 'a sitemap index may not list another sitemap index');
    const v = xmllint(['--noout', '--nonet', '--schema', isIndex ? indexXSD : sitemapXSD, file]);
    if (!v.ok) {
      const lines = v.out.split('\n').filter((l) => !/validates$|fails to validate$/.test(l));
      schemaErrors += lines.length || 1;
      for (const l of lines.slice(0, 20)) problem(where, `schema: ${l.replace(file, where)}`);
      if (lines.length > 20) problem(where, `schema: … ${lines.length - 20} more`);
    }
    const entries = kids(root, isIndex ? 'sitemap' : 'url', NS);
    if (entries.length > 50000) problem(where, `${entries.length} entries: over the protocol's 50,000 limit`);
    const seen = new Set();
    for (const e of entries) {
      const loc = kids(e, 'loc', NS)[0]?.text.trim();
      if (!loc) continue; // the schema reports it
      if (seen.has(loc)) problem(where, `line ${e.line}: ${loc} listed twice`);
      seen.add(loc);
      const m = urlToFile(loc);
      if (m.external) { problem(where, `line ${e.line}: ${loc} is not on the site's host ${BASE.host}`); continue; }
      if (m.error) { problem(where, `line ${e.line}: ${m.error}`); continue; }
      if (m.redirect) problem(where, `line ${e.line}: ${loc} lacks its trailing slash (the CDN redirects it)`);
      if (isIndex) { queue.push({ file: m.file, from: 'sitemap index' }); continue; }
      urls++;
      listed.set(m.file, loc);
      if (m.file.endsWith('.html')) {
        const html = fs.readFileSync(m.file, 'utf8');
        if (/<meta\b[^>]*name=["']?robots["']?[^>]*content=["']?[^"'>]*noindex/i.test(html)) problem(where, `line ${e.line}: ${loc} is marked noindex but listed`);
        const c = canonicalOf(html);
        if (c && decodeEntities(c) !== loc) problem(where, `line ${e.line}: ${loc} is not its page's canonical URL (${decodeEntities(c)})`);
      }
    }
  }
  // Every indexable page is listed.
  let missing = 0;
  for (const f of htmlFiles) {
    if (rel(f) === '404.html' || listed.has(f)) continue;
    const html = fs.readFileSync(f, 'utf8');
    if (/<meta\b[^>]*name=["']?robots["']?[^>]*content=["']?[^"'>]*noindex/i.test(html)) continue;
    const c = canonicalOf(html);
    if (c) { const m = urlToFile(decodeEntities(c)); if (m.file && m.file !== f) continue; } // canonicalised elsewhere
    missing++;
    if (missing <= 20) problem(pagePath(f), 'indexable page missing from the sitemap');
  }
  if (missing > 20) problem('sitemap', `… ${missing - 20} more indexable pages missing`);
  finish('ok', `files=${files} urls=${urls} schema_errors=${schemaErrors} unlisted_pages=${missing}`);
}

// ---- Atom feeds -----------------------------------------------------------

function feeds() {
  const ATOM = 'http://www.w3.org/2005/Atom';
  const candidates = files.filter((f) => /\.(xml|atom)$/i.test(f));
  const feedFiles = candidates.filter((f) => {
    const head = fs.readFileSync(f, 'utf8').slice(0, 4096);
    return /<(?:[\w-]+:)?feed[\s>]/.test(head);
  });
  if (!feedFiles.length) {
    console.log(`note: not present: no Atom feed among ${candidates.length} .xml/.atom file(s) (skipped)`);
    console.log('SUMMARY state=absent feeds=0');
    process.exit(0);
  }
  let entries = 0;
  for (const file of feedFiles) {
    const where = rel(file);
    const wf = xmllint(['--noout', '--nonet', file]);
    if (!wf.ok) { problem(where, `not well-formed XML: ${wf.out.replace(file, where)}`); continue; }
    const feed = parseXML(fs.readFileSync(file, 'utf8'));
    if (!feed || feed.local !== 'feed' || feed.uri !== ATOM) { problem(where, `root must be <feed> in ${ATOM} (is ${feed?.name} in ${feed?.uri || 'no namespace'})`); continue; }
    const one = (node, name, at) => {
      const k = kids(node, name, ATOM);
      if (k.length !== 1) { problem(where, `${at} must have exactly one <${name}> (has ${k.length})`); return null; }
      return k[0];
    };
    const textOf = (node, name, at) => {
      const n = one(node, name, at);
      if (n && !n.text.trim() && !n.children.length) problem(where, `${at} <${name}> is empty`);
      return n ? n.text.trim() : null;
    };
    const dateOf = (node, name, at, required = true) => {
      const k = kids(node, name, ATOM);
      if (!required && !k.length) return;
      const v = textOf(node, name, at);
      if (v && (!RFC3339.test(v) || Number.isNaN(Date.parse(v)))) problem(where, `${at} <${name}> is not an RFC 3339 date-time: ${v}`);
    };
    const checkLinks = (node, at, needAlternate, needSelf) => {
      const links = kids(node, 'link', ATOM);
      for (const l of links) {
        if (!l.attrs.href) { problem(where, `${at} has a <link> without href`); continue; }
        let abs;
        try { abs = new URL(l.attrs.href, BASE || undefined).href; } catch { problem(where, `${at} link href is not a URL: ${l.attrs.href}`); continue; }
        const m = urlToFile(abs);
        if (m.error) problem(where, `${at} link rel=${l.attrs.rel || 'alternate'}: ${m.error}`);
        else if (m.redirect) problem(where, `${at} link ${abs} lacks its trailing slash (a redirect)`);
        else if ((l.attrs.rel === 'self') && m.file && m.file !== file) problem(where, `${at} rel=self ${abs} is not this feed (/${rel(m.file)})`);
      }
      const alt = links.filter((l) => !l.attrs.rel || l.attrs.rel === 'alternate');
      if (needAlternate && !alt.length) problem(where, `${at} needs a <link rel="alternate" href="…">`);
      if (needSelf && !links.some((l) => l.attrs.rel === 'self')) problem(where, `${at} needs a <link rel="self" href="…">`);
      const altKeys = alt.map((l) => `${l.attrs.type || ''}|${l.attrs.hreflang || ''}`);
      if (new Set(altKeys).size !== altKeys.length) problem(where, `${at} has more than one rel=alternate link with the same type and hreflang`);
    };
    const hasAuthor = (node) => kids(node, 'author', ATOM).some((a) => kids(a, 'name', ATOM).some((n) => n.text.trim()));
    textOf(feed, 'id', '<feed>');
    textOf(feed, 'title', '<feed>');
    dateOf(feed, 'updated', '<feed>');
    checkLinks(feed, '<feed>', true, true);
    const es = kids(feed, 'entry', ATOM);
    entries += es.length;
    const ids = new Set();
    es.forEach((e, i) => {
      const at = `<entry> ${i + 1} (line ${e.line})`;
      const id = textOf(e, 'id', at);
      if (id) { if (ids.has(id)) problem(where, `${at} repeats the id ${id}`); ids.add(id); }
      textOf(e, 'title', at);
      dateOf(e, 'updated', at);
      dateOf(e, 'published', at, false);
      checkLinks(e, at, true, false);
      if (!kids(e, 'content', ATOM).length && !kids(e, 'summary', ATOM).length) problem(where, `${at} has neither <content> nor <summary>`);
      if (!hasAuthor(feed) && !hasAuthor(e)) problem(where, `${at} has no <author><name> and neither has the feed`);
    });
  }
  finish('ok', `feeds=${feedFiles.length} entries=${entries}`);
}

({ jsonld, sitemap, feeds })[cmd]();
