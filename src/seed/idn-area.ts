// Synchronous reader of the Kemendagri area codes shipped as CSV files inside the npm package idn-area-data.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface AreaRow {
  code: string;
  parent: string;
  name: string;
}

export interface RegencyAreas {
  regency: { code: string; name: string };
  districts: AreaRow[];
  villages: AreaRow[];
}

const dataDir = join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data');

/** Splits one CSV record into fields (RFC 4180 quoting: "a ""b""" → a "b"). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

/** Rows of one CSV file of the package whose code starts with `prefix`, as objects keyed by the header. */
function readRows(file: string, prefix: string): Record<string, string>[] {
  const lines = readFileSync(join(dataDir, file), 'utf8').split(/\r?\n/);
  const header = parseCsvLine(lines[0] ?? '');
  const rows: Record<string, string>[] = [];
  for (const line of lines.slice(1)) {
    if (!line.startsWith(prefix)) continue;
    const values = parseCsvLine(line);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
  }
  return rows;
}

/** "UJUNG BULU" → "Ujung Bulu"; names already in mixed case are kept as the package spells them. */
export function titleCase(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s\-(/'])(\p{L})/gu, (_m, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** Districts (kecamatan) and villages (desa/kelurahan) of one regency, e.g. "73.02". */
export function readRegencyAreas(regencyCode: string): RegencyAreas {
  const regency = readRows('regencies.csv', `${regencyCode},`)[0];
  if (!regency) throw new Error(`idn-area-data has no regency ${regencyCode}`);
  const districts = readRows('districts.csv', `${regencyCode}.`).map((r) => ({
    code: r.code ?? '',
    parent: r.regency_code ?? '',
    name: titleCase(r.name ?? ''),
  }));
  const villages = readRows('villages.csv', `${regencyCode}.`).map((r) => ({
    code: r.code ?? '',
    parent: r.district_code ?? '',
    name: titleCase(r.name ?? ''),
  }));
  return { regency: { code: regency.code ?? '', name: titleCase(regency.name ?? '') }, districts, villages };
}
