/**
 * The vault-migration file inside the envelope: CSV with a header row, or JSON (an array of
 * objects, or `{"rows": [...]}`), with these columns. Unknown columns are ignored.
 */
export const COLUMNS = [
  'customer_id', 'email', 'card_number', 'exp_month', 'exp_year',
  'first_name', 'last_name', 'company', 'address', 'city', 'state', 'zip', 'country', 'phone_number',
  // A bank account (eCheck) instead of a card: a row carries card_number or account_number.
  'account_type', 'routing_number', 'account_number', 'name_on_account', 'bank_name',
] as const;
export type Column = (typeof COLUMNS)[number];
/** One record as read: every value text (or absent). `expiry` (MM/YY, MM/YYYY or YYYY-MM) may stand for exp_month/exp_year. */
export type MigrationRow = Partial<Record<Column | 'expiry', string>>;

export type DataFormat = 'csv' | 'json';

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** The records of a decrypted file; row 1 is the first record (after the CSV header). */
export function parseRows(plaintext: Uint8Array): { format: DataFormat; rows: MigrationRow[] } {
  const body = Buffer.from(plaintext).toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*[[{]/.test(body)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new Error('The decrypted file starts like JSON but is not valid JSON.');
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown }).rows;
    if (!Array.isArray(list)) throw new Error('A JSON migration file is an array of records, or {"rows": [...]}.');
    const rows = list.map((item): MigrationRow => {
      const row: MigrationRow = {};
      if (item && typeof item === 'object') for (const key of [...COLUMNS, 'expiry'] as const) {
        const value = text((item as Record<string, unknown>)[key]);
        if (value !== undefined) row[key] = value;
      }
      return row;
    });
    return { format: 'json', rows };
  }
  const [header, ...records] = parseCsv(body);
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  if (!names.includes('card_number') && !names.includes('account_number')) throw new Error('A CSV migration file starts with a header row naming its columns (customer_id, card_number, exp_month, exp_year, … or account_number, routing_number, …).');
  const rows = records.map((values) => {
    const row: MigrationRow = {};
    names.forEach((name, i) => {
      if ((COLUMNS as readonly string[]).includes(name) || name === 'expiry') row[name as Column] = values[i] ?? '';
    });
    return row;
  });
  return { format: 'csv', rows };
}

const csvField = (v: string) => (/[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The file cim export writes (and cim import reads). */
export function serializeRows(rows: MigrationRow[], format: DataFormat): Uint8Array {
  if (format === 'json') return Buffer.from(JSON.stringify(rows.map((r) => Object.fromEntries(COLUMNS.filter((c) => r[c] !== undefined).map((c) => [c, r[c]])))), 'utf8');
  const lines = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => csvField(r[c] ?? '')).join(','))];
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}
