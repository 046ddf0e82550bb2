import { NotFoundError } from '../../errors.ts';
import type { ForwardTemplateRecord, ForwardTemplateStore } from '../types.ts';
import { insertOrDuplicate, toBytes, type Executor } from './executor.ts';

interface Row {
  merchant_id: string;
  id: string;
  name: string | null;
  method: ForwardTemplateRecord['method'];
  url: string;
  body_type: ForwardTemplateRecord['bodyType'];
  template_ct: Uint8Array;
  key_version: number;
  created_at: string;
}

const fromRow = (r: Row): ForwardTemplateRecord => ({
  merchantId: r.merchant_id,
  id: r.id,
  name: r.name,
  method: r.method,
  url: r.url,
  bodyType: r.body_type,
  templateCt: toBytes(r.template_ct),
  keyVersion: r.key_version,
  createdAt: r.created_at,
});

export function sqliteForwardTemplates(x: Executor): ForwardTemplateStore {
  const { db } = x;
  return {
    insert: (t) =>
      x.write(() =>
        insertOrDuplicate(
          () =>
            db.run(
              'INSERT INTO forward_templates (merchant_id, id, name, method, url, body_type, template_ct, key_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
              t.merchantId, t.id, t.name, t.method, t.url, t.bodyType, t.templateCt, t.keyVersion, t.createdAt,
            ),
          'conflict',
          'A forward template with this id already exists.',
        ),
      ),
    get: async (merchantId, id) => {
      const row = db.get<Row>('SELECT * FROM forward_templates WHERE merchant_id = ? AND id = ?', merchantId, id);
      return row ? fromRow(row) : null;
    },
    list: async (merchantId) => db.all<Row>('SELECT * FROM forward_templates WHERE merchant_id = ? ORDER BY created_at, id', merchantId).map(fromRow),
    delete: (merchantId, id) =>
      x.write(() => {
        if (db.run('DELETE FROM forward_templates WHERE merchant_id = ? AND id = ?', merchantId, id).changes === 0) throw new NotFoundError('Forward template');
      }),
  };
}
