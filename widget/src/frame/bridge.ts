import { decodeHostMessage, type FrameMessage, type HostMessage } from '@cim/shared';

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
      parent.postMessage(message, parentOrigin);
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
