import { describe, expect, it } from 'vitest';
import { createLogger, scrub } from './logger.ts';

describe('scrub', () => {
  it('masks a card number wherever it sits in the text, not only between word boundaries', () => {
    for (const text of ['4111111111111111', 'card 4111 1111 1111 1111 here', 'x4111111111111111', '4111111111111111abc', 'pan_4111-1111-1111-1111_end', 'line\\n4111111111111111']) {
      expect(scrub(text), text).not.toMatch(/4111.?1111.?1111.?1111/);
    }
  });

  it('leaves ids, amounts and timestamps alone', () => {
    for (const text of ['1234567890', '2026-06-15T12:00:00.000Z', 'amount 99999999.99', 'c011c947-5411-4653-8e95-d44f715e2848']) expect(scrub(text)).toBe(text);
  });

  it('keeps a card number out of a logged error stack (JSON escapes its newline as \\n, a letter before the digits)', () => {
    const lines: string[] = [];
    const logger = createLogger('debug', (line) => lines.push(line));
    logger.error('unhandled error', { stack: 'Error: bad input\n4111111111111111\n    at somewhere' });
    expect(lines.join('')).not.toContain('4111111111111111');
  });
});
