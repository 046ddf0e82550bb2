/** The test side of scripts/frame-commands.ts: act and look inside the element's cross-origin iframe. */
import { executeServerCommand } from '@web/test-runner-commands';
import type { FrameCommand } from '../../scripts/frame-commands.ts';

const run = <T>(command: FrameCommand) => executeServerCommand<T, FrameCommand>('cim-frame', command);

export const inFrame = {
  /** Focuses the field and types, key by key, as a shopper does. */
  type: (selector: string, text: string) => run<boolean>({ action: 'type', selector, text }),
  click: (selector: string) => run<boolean>({ action: 'click', selector }),
  press: (key: string) => run<boolean>({ action: 'press', key }),
  clear: (selector: string) => run<boolean>({ action: 'clear', selector }),
  /** Evaluates an expression in the frame and returns its value as plain data. */
  eval: <T>(expression: string) => run<T>({ action: 'eval', expression }),
};
