import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster every test file of this vitest run shares (each file makes its own database in it). */
    postgresUrl: string;
    /** Its data directory, for tests that scan what reached the disk. */
    postgresDataDir: string;
  }
}

/** vitest globalSetup: one PostgreSQL cluster per run, removed at the end. */
export default async function setup(project: TestProject) {
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  project.provide('postgresDataDir', cluster.dataDir);
  return async () => {
    await cluster.remove();
  };
}
