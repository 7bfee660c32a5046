// Parses every clause's cite.bib, cite.ris and cite.json with citation-js
// and checks that the three describe the same record: title, record ID,
// date and URL. Usage: node check.mjs PUBLIC_DIR
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Cite } from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import "@citation-js/plugin-ris";
import "@citation-js/plugin-csl";

const root = process.argv[2];
if (!root) {
  console.error("usage: node check.mjs PUBLIC_DIR");
  process.exit(2);
}

function* clauseDirs(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      yield* clauseDirs(p);
    } else if (name === "cite.bib") {
      yield dir;
    }
  }
}

function summary(item) {
  const d = (item.issued && item.issued["date-parts"] && item.issued["date-parts"][0]) || [];
  return {
    title: item.title,
    id: item.number || item.id || item["citation-key"],
    date: d.slice(0, 3).join("-"),
    url: item.URL,
  };
}

let files = 0;
const failures = [];
for (const dir of clauseDirs(join(root, "platform"))) {
  const parsed = {};
  for (const f of ["cite.bib", "cite.ris", "cite.json"]) {
    const text = readFileSync(join(dir, f), "utf8");
    try {
      const data = new Cite(f === "cite.json" ? JSON.parse(text) : text).data;
      if (data.length !== 1) throw new Error(`${data.length} items`);
      parsed[f] = summary(data[0]);
      files++;
    } catch (e) {
      failures.push(`${dir}/${f}: does not parse: ${e.message}`);
    }
  }
  const twin = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  const want = { title: twin.title, id: twin.id, date: twin.last_verified.split("-").map(Number).join("-"), url: twin.url };
  for (const [f, got] of Object.entries(parsed)) {
    for (const k of Object.keys(want)) {
      if (String(got[k]) !== String(want[k])) {
        failures.push(`${dir}/${f}: ${k} is ${JSON.stringify(got[k])}, the record says ${JSON.stringify(want[k])}`);
      }
    }
  }
}
for (const f of failures) console.error(f);
console.log(`citations: ${files} files parsed, ${failures.length} problems`);
process.exit(failures.length || files === 0 ? 1 : 0);
