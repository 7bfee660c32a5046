// One page of every kind of the built atlas, found in the site folder.
// Preferred pages (the reference clause and its platform, document and
// clause type) are used when they exist; otherwise the first in sort order.
import fs from 'node:fs';
import path from 'node:path';

export const REFERENCE = {
  platform: '/platform/aws-bedrock/',
  document: '/platform/aws-bedrock/aws-service-terms/',
  clause: '/platform/aws-bedrock/aws-service-terms/prohibition-on-training-competing-models-with-bedrock-outputs/',
  type: '/provisions/competing-model-training-ban/',
};

function hasIndex(site, urlPath) {
  return fs.existsSync(path.join(site, urlPath, 'index.html'));
}

function firstChild(site, urlPath) {
  const dir = path.join(site, urlPath);
  if (!fs.existsSync(dir)) return null;
  const kids = fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.html')))
    .map((d) => d.name).sort();
  return kids.length ? `${urlPath}${kids[0]}/` : null;
}

function pick(site, preferred, parent) {
  if (preferred && hasIndex(site, preferred)) return preferred;
  return parent ? firstChild(site, parent) : null;
}

// Returns [{kind, path, status}] where status is the expected HTTP status;
// path is null when the site has no page of that kind.
export function pagesOfEveryKind(site) {
  const platform = pick(site, REFERENCE.platform, '/platform/');
  const document = pick(site, REFERENCE.document, platform);
  const clause = pick(site, REFERENCE.clause, document);
  const fixed = (p) => (hasIndex(site, p) ? p : null);
  return [
    { kind: 'home', path: fixed('/') },
    { kind: 'platform', path: platform },
    { kind: 'document', path: document },
    { kind: 'clause', path: clause },
    { kind: 'clause type', path: pick(site, REFERENCE.type, '/provisions/') },
    { kind: 'category', path: pick(site, null, '/categories/') },
    { kind: 'regulation', path: pick(site, null, '/regulations/') },
    { kind: 'agency', path: pick(site, null, '/agencies/') },
    { kind: 'changes', path: fixed('/changes/') },
    { kind: 'list: platforms', path: fixed('/platforms/') },
    { kind: 'list: provisions', path: fixed('/provisions/') },
    { kind: 'list: categories', path: fixed('/categories/') },
    { kind: 'list: regulations', path: fixed('/regulations/') },
    { kind: 'list: agencies', path: fixed('/agencies/') },
    { kind: 'about', path: fixed('/about/') },
    { kind: 'search', path: fixed('/search/') },
    { kind: 'search results', path: hasIndex(site, '/search/') ? '/search/?q=training' : null },
    { kind: '404', path: fs.existsSync(path.join(site, '404.html')) ? '/audit-no-such-page/' : null, status: 404 },
  ].map((p) => ({ status: 200, ...p }));
}
