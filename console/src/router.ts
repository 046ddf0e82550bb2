/** The console's pages live in the URL fragment, so the server serves one page and links are bookmarkable. */
export type Route =
  | { page: 'customers'; q: string }
  | { page: 'customer'; id: string }
  | { page: 'audit'; query: URLSearchParams }
  | { page: 'expiring' }
  | { page: 'settings' }
  | { page: 'webhooks' }
  | { page: 'staff' }
  | { page: 'password' };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const query = new URLSearchParams(search);
  const [first, second] = path.split('/');
  if (first === 'customers' && second) return { page: 'customer', id: decodeURIComponent(second) };
  if (first === 'audit') return { page: 'audit', query };
  if (first === 'expiring') return { page: 'expiring' };
  if (first === 'settings') return { page: 'settings' };
  if (first === 'webhooks') return { page: 'webhooks' };
  if (first === 'staff') return { page: 'staff' };
  if (first === 'password') return { page: 'password' };
  return { page: 'customers', q: query.get('q') ?? '' };
}

export const href = {
  customers: (q = '') => (q ? `#/customers?${new URLSearchParams({ q })}` : '#/customers'),
  customer: (id: string) => `#/customers/${encodeURIComponent(id)}`,
  audit: (query?: URLSearchParams) => (query && query.size > 0 ? `#/audit?${query}` : '#/audit'),
  expiring: () => '#/expiring',
  settings: () => '#/settings',
  webhooks: () => '#/webhooks',
  staff: () => '#/staff',
  password: () => '#/password',
};
