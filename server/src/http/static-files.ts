import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Context } from 'hono';

/** Serving a Vite build (widget/dist, console/dist) from disk: types, safe names, hashed assets. */

export const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.html': 'text/html; charset=utf-8',
};

/** Content-hashed file names only: letters, digits, dot, dash, underscore; no folders. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

export async function readDist(dist: string, file: string): Promise<Buffer | null> {
  try {
    return await readFile(resolve(dist, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * One file of `<dist>/assets`, cached for a year (the build hashes names, so a name never
 * changes meaning); 404 for anything else, or `notBuilt` when the build itself is missing.
 */
export async function assetResponse(c: Context, dist: string, name: string, headers: Record<string, string>, notBuilt: () => Response | Promise<Response>, builtMarker: string): Promise<Response> {
  const type = CONTENT_TYPES[extname(name)];
  const assets = resolve(dist, 'assets');
  const path = resolve(assets, name);
  if (!ASSET_NAME.test(name) || !type || !path.startsWith(assets + sep)) return c.text('Not found', 404);
  const body = await readDist(assets, name);
  if (!body) return (await readDist(dist, builtMarker)) ? c.text('Not found', 404) : notBuilt();
  return c.body(new Uint8Array(body), 200, { ...headers, 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
}
