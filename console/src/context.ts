import type { ConsoleSessionView } from '@cim/shared';
import type { ConsoleApi } from './api.ts';

/** What every page gets from the app: the API, who is signed in, and a way to speak to screen readers. */
export interface PageContext {
  api: ConsoleApi;
  session: ConsoleSessionView;
  /** Puts a message in the page's polite live region (and on screen). */
  announce(message: string, tone?: 'info' | 'error'): void;
}

const RANK = { viewer: 0, operator: 1, admin: 2 } as const;
export const can = (ctx: PageContext, role: keyof typeof RANK) => RANK[ctx.session.staff.role] >= RANK[role];
