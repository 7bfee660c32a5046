// Shared helpers for the browser tests: a static server for a built site
// that behaves like the CDN (folders serve index.html, misses get
// 404.html, the site's own _headers apply, so the Content-Security-Policy
// is enforced), and Debian's Chromium driven by playwright-core.
import { createServer } from "node:http";
import { readFile, stat, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, extname, normalize } from "node:path";
import { chromium } from "playwright-core";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
  ".atom": "application/atom+xml", ".csv": "text/csv; charset=utf-8", ".bib": "text/plain; charset=utf-8",
  ".ris": "text/plain; charset=utf-8",
};

// headerRules parses Netlify's _headers: a path pattern, then indented
// "Name: value" lines.
function headerRules(text) {
  const rules = [];
  let cur = null;
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      cur = { pattern: line.trim(), headers: [] };
      rules.push(cur);
    } else if (cur) {
      const i = line.indexOf(":");
      if (i > 0) cur.headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}

function matches(pattern, path) {
  if (pattern.endsWith("*")) return path.startsWith(pattern.slice(0, -1));
  return path === pattern;
}

// serve serves dir on 127.0.0.1 and returns its base URL, a close
// function and the list of requests made (path, status, bytes).
export async function serve(dir) {
  let rules = [];
  try {
    rules = headerRules(await readFile(join(dir, "_headers"), "utf8"));
  } catch {}
  const log = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    let file = normalize(join(dir, path));
    let status = 200;
    if (!file.startsWith(normalize(dir))) file = join(dir, "404.html");
    try {
      let st = await stat(file);
      if (st.isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { Location: path + "/" + url.search });
          res.end();
          return;
        }
        file = join(file, "index.html");
        st = await stat(file);
      }
    } catch {
      status = 404;
      file = join(dir, "404.html");
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      body = Buffer.from("not found");
    }
    const headers = { "Content-Type": TYPES[extname(file)] || "application/octet-stream" };
    for (const r of rules) {
      if (matches(r.pattern, path)) for (const [k, v] of r.headers) headers[k] = v;
    }
    delete headers["Strict-Transport-Security"];
    // upgrade-insecure-requests would send http://127.0.0.1 subresources to https.
    if (headers["Content-Security-Policy"]) {
      headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(/;?\s*upgrade-insecure-requests/, "");
    }
    log.push({ path, status, bytes: body.length });
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, log, close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// browser starts Chromium with a fresh profile. It returns the context
// and a close function that also removes the profile.
export async function browser(options = {}) {
  const dir = await mkdtemp(join(tmpdir(), "atlas-chromium-"));
  const launch = () => chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  let context;
  try {
    context = await launch();
  } catch (e) {
    // A busy machine occasionally loses a browser at start-up; one retry.
    console.error("chromium did not start, retrying: " + e.message.split("\n")[0]);
    context = await launch();
  }
  return {
    context,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// watch collects a page's script errors, warnings (search.js reports a
// failed query as one) and CSP violations.
export function watch(page) {
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning" || /Content Security Policy|Refused to/.test(m.text())) problems.push("console: " + m.text());
  });
  return problems;
}

export function siteDir() {
  const dir = process.env.SITE_DIR;
  if (!dir) throw new Error("SITE_DIR is not set: run .ci/browser/run.sh, or build the site and set it");
  return dir;
}
