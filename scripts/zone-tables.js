// `npm run build`, after tsc: tabulates every time zone this Node's ICU lists, for the
// years SHIPPED_YEARS names, with etiq's own tabulation (dist/core/calendar/zones.js), into
// dist/zones/<node>-<icu>-<tz>.json (format: src/adapters/zone-tables.ts). A run on the same
// Node, ICU and tz data then reads its zones' offsets from there on a first read of a
// calendar, instead of starting ICU (~20 ms and ~8 MB) and sampling each year (issue 13).
//
// ~5 s, so the file is made again only when it is missing, when the tabulating code
// (zones.js) or the years changed, or with --force; files of other platforms are removed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const zonesJs = path.join(root, 'dist', 'core', 'calendar', 'zones.js');
const { IanaZone, freshZoneTables } = await import(zonesJs);
const { SHIPPED_YEARS, readShippedHeader, shippedZonesFile, writeShippedZones } = await import(path.join(root, 'dist', 'adapters', 'zone-tables.js'));

const file = shippedZonesFile(root);
const [from, to] = SHIPPED_YEARS;
const code = createHash('sha256').update(fs.readFileSync(zonesJs)).digest('hex');

const old = readShippedHeader(file);
if (!process.argv.includes('--force') && old && old.header.code === code && old.header.years[0] === from && old.header.years[1] === to) process.exit(0);

// A Node without ICU's time zones (built --with-intl=none) gets no file, and etiq asks
// what it can at run time, as on any other platform without one.
if (typeof Intl === 'undefined' || typeof Intl.supportedValuesOf !== 'function') {
  console.log('zone tables: this Node lists no time zones (Intl.supportedValuesOf); none made');
  process.exit(0);
}

const started = Date.now();
const names = {};
for (const name of Intl.supportedValuesOf('timeZone')) {
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  if (canonical !== name) names[name] = canonical;
  const zone = new IanaZone(name);
  // A lookup in the middle of a year makes that year's table (IanaZone#tableOf).
  for (let year = from; year <= to; year++) zone.offsetMs(Date.UTC(year, 6, 1));
}
const tables = freshZoneTables() ?? {};
writeShippedZones(file, tables, names, code, SHIPPED_YEARS);
for (const other of fs.readdirSync(path.dirname(file))) {
  if (other !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), other), { force: true });
}
const size = fs.statSync(file).size;
console.log(`zone tables: ${Object.keys(tables).length} zones, ${from}-${to}, ${(size / 1e6).toFixed(1)} MB in ${path.relative(root, file)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
