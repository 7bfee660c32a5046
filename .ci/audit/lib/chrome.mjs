// Chromium path and flags shared by the browser checks (axe, Lighthouse,
// self-test). Debian's chromium is used; no browser is ever downloaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A fresh --user-data-dir under the audit's temp folder (or the OS temp dir).
export function freshProfile(prefix = 'chromium-profile-') {
  const base = process.env.AUDIT_TMP || os.tmpdir();
  return fs.mkdtempSync(path.join(base, prefix));
}
