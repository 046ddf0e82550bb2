import type { FrameMessage, HostMessage } from '@cim/shared';
// Hand-written strict decoders: zod's schemas would cost the frame about 6 KB gzipped.
import { decodeHostMessage } from '../protocol/decode-host-message.ts';
import { decodeFrameMessage } from '../protocol/decode-frame-message.ts';

export interface Bridge {
  /** False when there is no element to talk to (opened top-level, or no parent origin). */
  readonly connected: boolean;
  post(message: FrameMessage): void;
  listen(handler: (message: HostMessage) => void): () => void;
}

/**
 * The parent origin comes from the server (`<meta name="cim-parent-origin">`, the session's
 * origin), never from the URL or from a message, so a page of another origin can neither
 * receive our messages nor send us a `submit`.
 */
export function readParentOrigin(doc: Document = document): string | null {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="cim-parent-origin"]')?.content ?? '';
  try {
    const origin = new URL(content).origin;
    return origin === content ? origin : null;
  } catch {
    return null;
  }
}

export function createBridge(parentOrigin: string | null, parent: Window = window.parent): Bridge {
  // Opened top-level (or without a filled-in meta) there is nobody to talk to.
  if (!parentOrigin || parent === window) return { connected: false, post() {}, listen: () => () => {} };
  return {
    connected: true,
    post(message) {
      // Checked against the strict schema at run time too: a field the types did not see (say, from
      // a server answer spread into a payload) must never cross to the merchant's page.
      // Dropped like the element would drop it, but said out loud: it is a bug in this frame.
      const checked = decodeFrameMessage(message);
      if (checked) parent.postMessage(checked, parentOrigin);
      else console.error(`cim frame: not posting a '${message.kind}' message outside the frame protocol`);
    },
    listen(handler) {
      const onMessage = (event: MessageEvent) => {
        if (event.origin !== parentOrigin || event.source !== parent) return;
        const message = decodeHostMessage(event.data);
        if (message) handler(message);
      };
      window.addEventListener('message', onMessage);
      return () => window.removeEventListener('message', onMessage);
    },
  };
}
