/**
 * A web-test-runner plugin that lets a component test act inside the element's cross-origin
 * iframe, as a shopper (typing, clicking) or an inspector (reading the frame's DOM), through the
 * browser's own automation: the test page itself cannot reach into another origin, by design.
 * Test side: `executeServerCommand('cim-frame', {action, …})` (src/testing/frame-commands.ts).
 */

// The little of puppeteer's Page and Frame used here (the launcher's puppeteer is not our dependency).
interface Frame {
  url(): string;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  $eval(selector: string, fn: (el: Element) => void): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}
interface Page {
  frames(): Frame[];
  keyboard: { press(key: string): Promise<void> };
}

export type FrameCommand =
  | { action: 'type'; selector: string; text: string }
  | { action: 'click'; selector: string }
  | { action: 'press'; key: string }
  | { action: 'clear'; selector: string }
  | { action: 'eval'; expression: string };

interface CommandContext {
  command: string;
  payload: unknown;
  session: { id: string; browser: { getPage(id: string): Page } };
}

/** The newest CIM frame on the page (each test mounts a fresh element). */
async function cimFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().filter((f) => f.url().includes('/widget/frame')).at(-1);
    if (frame) return frame;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('No CIM frame on the page.');
}

export function frameCommands() {
  return {
    name: 'cim-frame-commands',
    async executeCommand({ command, payload, session }: CommandContext): Promise<unknown> {
      if (command !== 'cim-frame') return undefined;
      const page = session.browser.getPage(session.id);
      const frame = await cimFrame(page);
      const p = payload as FrameCommand;
      switch (p.action) {
        case 'type':
          await frame.type(p.selector, p.text);
          return true;
        case 'click':
          await frame.click(p.selector);
          return true;
        case 'press':
          await page.keyboard.press(p.key);
          return true;
        case 'clear':
          await frame.$eval(p.selector, (el) => {
            (el as HTMLInputElement).value = '';
            el.dispatchEvent(new Event('input', { bubbles: true }));
          });
          return true;
        case 'eval':
          // JSON round trip: only plain data comes back to the test.
          return JSON.parse(JSON.stringify((await frame.evaluate(p.expression)) ?? null));
      }
    },
  };
}
