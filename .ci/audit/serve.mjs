#!/usr/bin/env node
// A small static server that behaves like the CDN (Netlify) for the audit:
//
//   - /dir/ serves dir/index.html; /dir (an existing folder, no slash) is a
//     301 to /dir/; /page serves page.html when that exists (pretty URLs);
//   - a missing path serves 404.html with status 404 (plain text if absent);
//   - `_headers` (Netlify's format: a path pattern line, then indented
//     "Name: value" lines) is honoured, every matching block applies;
//   - `_redirects` (Netlify's format: "from to [status][!]", with * splats and
//     :placeholders) applies when no file matches, or always with "!";
//   - text responses are compressed (br or gzip) when the client accepts it,
//     as the CDN does; ETag / If-None-Match and HEAD work; `_headers`,
//     `_redirects` and dot-files are never served.
//
// Usage: node serve.mjs SITE_DIR [--port N] [--host 127.0.0.1] [--port-file F]
// Prints "serve: http://HOST:PORT/" once listening (port 0 = any free port).
// Stops on SIGINT/SIGTERM.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';

const args = process.argv.slice(2);
let root = null;
let port = 0;
let host = '127.0.0.1';
let portFile = null;
let quiet = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--port') port = Number(args[++i]);
  else if (a === '--host') host = args[++i];
  else if (a === '--port-file') portFile = args[++i];
  else if (a === '--quiet') quiet = true;
  else if (!root) root = a;
  else { console.error(`serve: unexpected argument ${a}`); process.exit(2); }
}
if (!root) { console.error('usage: node serve.mjs SITE_DIR [--port N] [--host H] [--port-file F]'); process.exit(2); }
root = path.resolve(root);
if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`serve: ${root} is not a folder`); process.exit(2);
}

const TYPES = {
  '.html': 'text/html; charset=UTF-8',
  '.css': 'text/css; charset=UTF-8',
  '.js': 'application/javascript; charset=UTF-8',
  '.mjs': 'application/javascript; charset=UTF-8',
  '.json': 'application/json; charset=UTF-8',
  '.jsonld': 'application/ld+json; charset=UTF-8',
  '.webmanifest': 'application/manifest+json; charset=UTF-8',
  '.xml': 'application/xml; charset=UTF-8',
  '.atom': 'application/atom+xml; charset=UTF-8',
  '.rss': 'application/rss+xml; charset=UTF-8',
  '.xsl': 'application/xml; charset=UTF-8',
  '.txt': 'text/plain; charset=UTF-8',
  '.csv': 'text/csv; charset=UTF-8',
  '.bib': 'application/x-bibtex; charset=UTF-8',
  '.ris': 'application/x-research-info-systems; charset=UTF-8',
  '.md': 'text/markdown; charset=UTF-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
};
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|ld\+json|manifest\+json|xml|atom\+xml|rss\+xml|x-bibtex|x-research-info-systems)|image\/svg\+xml)/;

// ---- _headers -------------------------------------------------------------

function patternToRegExp(pattern) {
  // Netlify: "*" matches anything (splat), ":name" one path segment.
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '(.*)';
    else if (c === ':' && (i === 0 || pattern[i - 1] === '/')) {
      let j = i + 1;
      while (j < pattern.length && /[A-Za-z0-9_]/.test(pattern[j])) j++;
      re += '([^/]+)';
      i = j - 1;
    } else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function loadHeaders() {
  const file = path.join(root, '_headers');
  if (!fs.existsSync(file)) return [];
  const rules = [];
  let cur = null;
  for (const [n, raw] of fs.readFileSync(file, 'utf8').split(/\r?\n/).entries()) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      cur = { pattern: line.trim(), re: patternToRegExp(line.trim()), headers: [] };
      rules.push(cur);
      continue;
    }
    const m = /^\s+([^:\s]+)\s*:\s*(.*)$/.exec(line);
    if (!m || !cur) { console.error(`serve: _headers:${n + 1}: cannot parse "${line}"`); continue; }
    cur.headers.push([m[1], m[2]]);
  }
  return rules;
}

// ---- _redirects -----------------------------------------------------------

function loadRedirects() {
  const file = path.join(root, '_redirects');
  if (!fs.existsSync(file)) return [];
  const rules = [];
  for (const [n, raw] of fs.readFileSync(file, 'utf8').split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    if (parts.length < 2) { console.error(`serve: _redirects:${n + 1}: cannot parse "${line}"`); continue; }
    const [from, to] = parts;
    let status = 301;
    let force = false;
    const st = parts.slice(2).find((p) => /^\d{3}!?$/.test(p));
    if (st) { status = Number(st.slice(0, 3)); force = st.endsWith('!'); }
    const names = [];
    const re = patternToRegExp(from.replace(/\/$/, '') || '/');
    for (const m of from.matchAll(/(\*|:[A-Za-z0-9_]+)/g)) names.push(m[1] === '*' ? 'splat' : m[1].slice(1));
    rules.push({ from, to, status, force, re, names, line: n + 1 });
  }
  return rules;
}

function matchRedirect(rules, pathname, force) {
  const p = pathname.length > 1 ? pathname.replace(/\/$/, '') : pathname;
  for (const r of rules) {
    if (r.force !== force) continue;
    const m = r.re.exec(p) || r.re.exec(pathname);
    if (!m) continue;
    let to = r.to;
    r.names.forEach((name, i) => { to = to.replaceAll(`:${name}`, m[i + 1] ?? ''); });
    return { ...r, target: to };
  }
  return null;
}

// ---- files ----------------------------------------------------------------

function inside(file) {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function statFile(file) {
  if (!inside(file)) return null;
  try { return fs.statSync(file); } catch { return null; }
}

// Resolve a URL path the way the CDN does. Returns {file} | {redirect} | null.
function resolvePath(pathname) {
  const segs = pathname.split('/');
  if (segs.some((s) => s === '..' || (s.startsWith('.') && s !== '.well-known') || s === '_headers' || s === '_redirects')) return null;
  const file = path.join(root, pathname);
  const st = statFile(file);
  if (st?.isFile()) return { file };
  if (st?.isDirectory()) {
    if (!pathname.endsWith('/')) return { redirect: `${pathname}/` };
    const idx = path.join(file, 'index.html');
    if (statFile(idx)?.isFile()) return { file: idx };
    return null;
  }
  if (!pathname.endsWith('/') && statFile(`${file}.html`)?.isFile()) return { file: `${file}.html` };
  return null;
}

const headerRules = loadHeaders();
const redirectRules = loadRedirects();
const cache = new Map(); // file -> {mtimeMs, body, etag, br, gzip}

function load(file) {
  const st = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
  const body = fs.readFileSync(file);
  const entry = {
    mtimeMs: st.mtimeMs, size: st.size, body,
    etag: `"${crypto.createHash('sha1').update(body).digest('hex').slice(0, 20)}"`,
  };
  cache.set(file, entry);
  return entry;
}

function send(req, res, status, file, extraHeaders = {}) {
  const ext = path.extname(file).toLowerCase();
  const type = TYPES[ext] || 'application/octet-stream';
  const entry = load(file);
  const urlPath = new URL(req.url, 'http://x').pathname;
  const headers = {
    'Content-Type': type,
    // Netlify's default for files without a _headers rule.
    'Cache-Control': 'public, max-age=0, must-revalidate',
    ETag: entry.etag,
    Vary: 'Accept-Encoding',
    ...extraHeaders,
  };
  const applied = {};
  for (const rule of headerRules) {
    if (!rule.re.test(urlPath)) continue;
    for (const [k, v] of rule.headers) {
      const key = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase()) || k;
      if (applied[key.toLowerCase()]) headers[key] = `${headers[key]}, ${v}`;
      else headers[key] = v;
      applied[key.toLowerCase()] = true;
    }
  }
  if (status === 200 && req.headers['if-none-match'] === entry.etag) {
    res.writeHead(304, headers);
    res.end();
    return 304;
  }
  let body = entry.body;
  const accept = String(req.headers['accept-encoding'] || '');
  if (COMPRESSIBLE.test(type) && body.length > 512) {
    if (/\bbr\b/.test(accept)) {
      entry.br ??= zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
      body = entry.br; headers['Content-Encoding'] = 'br';
    } else if (/\bgzip\b/.test(accept)) {
      entry.gzip ??= zlib.gzipSync(body, { level: 9 });
      body = entry.gzip; headers['Content-Encoding'] = 'gzip';
    }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return status;
}

function notFound(req, res) {
  const page = path.join(root, '404.html');
  if (fs.existsSync(page)) return send(req, res, 404, page);
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' });
  res.end('Not Found\n');
  return 404;
}

function redirect(res, status, location) {
  res.writeHead(status, { Location: location, 'Content-Type': 'text/plain; charset=UTF-8' });
  res.end(`Redirecting to ${location}\n`);
  return status;
}

function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    res.end();
    return 405;
  }
  let url;
  try { url = new URL(req.url, 'http://localhost'); } catch { return notFound(req, res); }
  let pathname;
  try { pathname = decodeURIComponent(url.pathname); } catch { return notFound(req, res); }
  if (pathname.includes('\0')) return notFound(req, res);

  const apply = (rule) => {
    if (!rule) return null;
    if (rule.status >= 300 && rule.status < 400) return redirect(res, rule.status, rule.target + (url.search || ''));
    const target = resolvePath(rule.target.split('?')[0]);
    if (target?.file) return send(req, res, rule.status, target.file);
    return notFound(req, res);
  };
  const forced = apply(matchRedirect(redirectRules, pathname, true));
  if (forced) return forced;
  const r = resolvePath(pathname);
  if (r?.redirect) return redirect(res, 301, r.redirect + (url.search || ''));
  if (r?.file) return send(req, res, 200, r.file);
  const soft = apply(matchRedirect(redirectRules, pathname, false));
  if (soft) return soft;
  return notFound(req, res);
}

const server = http.createServer((req, res) => {
  let status;
  try { status = handle(req, res); } catch (err) {
    console.error(`serve: ${req.url}: ${err.stack || err}`);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
    res.end('Internal error\n');
    status = 500;
  }
  if (!quiet) console.log(`${status} ${req.method} ${req.url}`);
});
server.keepAliveTimeout = 5000;
server.listen(port, host, () => {
  const addr = server.address();
  const base = `http://${host}:${addr.port}/`;
  if (portFile) fs.writeFileSync(portFile, `${addr.port}\n`);
  console.log(`serve: ${base} (root ${root}; _headers rules ${headerRules.length}; _redirects rules ${redirectRules.length})`);
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { server.close(); server.closeAllConnections?.(); process.exit(0); });
}
