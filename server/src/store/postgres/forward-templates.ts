import { NotFoundError } from '../../errors.ts';
import type { ForwardTemplateRecord, ForwardTemplateStore } from '../types.ts';
import { affected, type Executor } from './database.ts';
import { bytes, iso } from './values.ts';

interface Row {
  merchant_id: string;
  id: string;
  name: string | null;
  method: ForwardTemplateRecord['method'];
  url: string;
  body_type: ForwardTemplateRecord['bodyType'];
  template_ct: Uint8Array;
  key_version: number;
  created_at: Date;
}

const fromRow = (r: Row): ForwardTemplateRecord => ({
  merchantId: r.merchant_id,
  id: r.id,
  name: r.name,
  method: r.method,
  url: r.url,
  bodyType: r.body_type,
  templateCt: bytes(r.template_ct),
  keyVersion: r.key_version,
  createdAt: iso(r.created_at),
});

export function postgresForwardTemplates(x: Executor): ForwardTemplateStore {
  return {
    insert: async (t) => {
      await x.guarded(
        'INSERT INTO forward_templates (merchant_id, id, name, method, url, body_type, template_ct, key_version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [t.merchantId, t.id, t.name, t.method, t.url, t.bodyType, t.templateCt, t.keyVersion, t.createdAt],
        'conflict',
        'A forward template with this id already exists.',
      );
    },
    get: async (merchantId, id) => {
      const [row] = await x.query<Row>('SELECT * FROM forward_templates WHERE merchant_id = $1 AND id = $2', [merchantId, id]);
      return row ? fromRow(row) : null;
    },
    list: async (merchantId) => (await x.query<Row>('SELECT * FROM forward_templates WHERE merchant_id = $1 ORDER BY created_at, id', [merchantId])).map(fromRow),
    delete: async (merchantId, id) => {
      if ((await affected(x, 'DELETE FROM forward_templates WHERE merchant_id = $1 AND id = $2', [merchantId, id])) === 0) throw new NotFoundError('Forward template');
    },
  };
}
