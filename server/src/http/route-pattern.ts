/**
 * The shape of a request path for the audit log, never the path itself: literal route
 * words stay, everything else (ids, and whatever an attacker typed) becomes `:param`.
 * `/v1/4556/7375/8689/9855` is recorded as `/v1/:param/:param/:param/:param`.
 */
export function routePattern(method: string, url: string): string {
  const path = new URL(url).pathname;
  const segments = path
    .split('/')
    .slice(0, 12)
    .map((s, i) => (i === 0 || /^(?:[a-z][a-z.-]{0,39}|v1)$/.test(s) ? s : ':param'));
  const verb = /^[A-Z]{1,10}$/.test(method) ? method : 'OTHER';
  return `${verb} ${segments.join('/')}`;
}
