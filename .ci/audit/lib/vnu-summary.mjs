#!/usr/bin/env node
// Summarise the Nu HTML Checker's JSON output (vnu --format json writes it to
// stderr). Prints every error, then every warning, then
//   SUMMARY errors=N warnings=N files=N
// and exits 1 when there is any error. "The first occurrence of ID … was
// here" notes belong to their duplicate-ID error and are not counted.
import fs from 'node:fs';
import path from 'node:path';

const [jsonPath, siteArg] = process.argv.slice(2);
const site = siteArg ? path.resolve(siteArg) : null;
let data;
try {
  data = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
} catch (err) {
  console.log(`vnu output is not JSON (${err.message}); see ${jsonPath}`);
  console.log('SUMMARY errors=1 warnings=0 files=0');
  process.exit(1);
}
const where = (m) => {
  let u = m.url || '';
  if (u.startsWith('file:')) u = decodeURIComponent(u.replace(/^file:(\/\/)?/, ''));
  if (site && u.startsWith(site)) u = u.slice(site.length + 1);
  return `${u}${m.lastLine ? `:${m.lastLine}` : ''}${m.firstColumn ? `.${m.firstColumn}` : ''}`;
};
const errors = [];
const warnings = [];
const files = new Set();
for (const m of data.messages || []) {
  if (m.url) files.add(m.url);
  const text = `${where(m)}: ${m.message}${m.extract ? `  [${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}]` : ''}`;
  if (m.type === 'error' || m.type === 'non-document-error') errors.push(text);
  else if (m.type === 'info' && m.subType === 'warning') {
    if (/^The first occurrence of ID/.test(m.message)) continue;
    warnings.push(text);
  }
}
// Grouped view (same file and message, IDs and numbers folded) for the summary.
const groups = new Map();
for (const [kind, list] of [['error', errors], ['warning', warnings]]) {
  for (const t of list) {
    const [file] = t.split(':');
    const msg = t.slice(t.indexOf(': ') + 2).replace(/\s+\[.*$/, '').replace(/“[^”]*”/g, (q) => (/\d/.test(q) ? '“…”' : q));
    const key = `${kind}\t${file}\t${msg}`;
    groups.set(key, (groups.get(key) || 0) + 1);
  }
}
if (process.env.VNU_GROUPS) {
  fs.writeFileSync(process.env.VNU_GROUPS, [...groups].map(([k, n]) => {
    const [kind, file, msg] = k.split('\t');
    return `${kind}: ${n}× ${file}: ${msg}`;
  }).join('\n') + (groups.size ? '\n' : ''));
}
for (const e of errors) console.log(`error: ${e}`);
for (const w of warnings) console.log(`warning: ${w}`);
console.log(`SUMMARY errors=${errors.length} warnings=${warnings.length} files_with_messages=${files.size}`);
process.exit(errors.length ? 1 : 0);
