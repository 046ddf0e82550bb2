import { join } from 'node:path';
import { ensureDemoMerchant } from './launcher/demo-merchant.ts';
import { assertPortFree, startNode, stop, waitForHttp, type Child } from './launcher/processes.ts';
import { seedReturningShopper } from './launcher/seed-shopper.ts';
import { readSettings } from './launcher/settings.ts';
import { ensureConsoleBuilt, ensureWidgetBuilt } from './launcher/widget-build.ts';
import { openShopDb } from './shop/db.ts';

/**
 * `pnpm start`: the whole product on one machine. The CIM server (embedded SQLite in ./data) and
 * the demo shop, on two origins as in production. First start creates the demo merchant and seeds
 * its returning shopper; later starts reuse ./data. Ctrl-C stops both.
 */
const log = (line: string) => process.stdout.write(`[start] ${line}\n`);
const settings = readSettings();

const cimEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CIM_PORT: String(settings.cimPort),
  CIM_PUBLIC_URL: settings.cimUrl,
  CIM_DATA_DIR: settings.dataDir,
  CIM_DATABASE_URL: process.env.CIM_DATABASE_URL || `sqlite:${join(settings.dataDir, 'cim.db')}`,
};

const children: Child[] = [];
let stopping = false;

async function shutdown(code: number): Promise<never> {
  stopping = true;
  // Stop the shop first: it is the one talking to CIM.
  for (const child of [...children].reverse()) await stop(child);
  log(code === 0 ? 'Stopped CIM and the shop.' : 'Stopped.');
  process.exit(code);
}

function supervise(child: Child): Child {
  children.push(child);
  void child.exited.then((code) => {
    if (stopping) return;
    log(`${child.name} stopped unexpectedly (exit code ${code}); stopping everything.`);
    void shutdown(1);
  });
  return child;
}

// Ctrl-C in a terminal signals the whole process group, children included; both servers close
// their databases cleanly on SIGINT/SIGTERM, and we wait for them before exiting.
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  await assertPortFree(settings.cimPort, 'CIM_PORT');
  await assertPortFree(settings.shopPort, 'DEMO_PORT');
  ensureWidgetBuilt(settings.root, log);
  ensureConsoleBuilt(settings.root, log);
  const { keys, created } = ensureDemoMerchant(settings, cimEnv, log);
  if (created) log(`Created the demo merchant ${keys.id}; its keys are in ${settings.merchantKeysFile} (mode 0600).`);

  const cim = supervise(startNode('cim', [join(settings.root, 'server/src/cli/main.ts'), 'serve'], { cwd: settings.root, env: cimEnv }));
  await waitForHttp(`${settings.cimUrl}/health`, cim);

  const db = openShopDb(settings.shopDbFile);
  try {
    await seedReturningShopper(settings.cimUrl, keys, db);
  } finally {
    db.close();
  }

  const shop = supervise(
    // `source`: inside this repository @cim/verify resolves to its TypeScript source (its package.json
    // "source" export), so the shop imports it exactly as an installed merchant would, built or not.
    startNode('shop', ['--conditions=source', join(settings.root, 'demo/src/shop/main.ts')], {
      cwd: settings.root,
      env: {
        ...process.env,
        // Colours only when a person is watching; piped output stays plain text.
        ...(!process.stdout.isTTY && { NO_COLOR: '1' }),
        CIM_URL: settings.cimUrl,
        DEMO_PORT: String(settings.shopPort),
        DEMO_DB: settings.shopDbFile,
        DEMO_MERCHANT_KEYS: settings.merchantKeysFile,
      },
    }),
  );
  await waitForHttp(settings.shopUrl, shop);

  process.stdout.write(
    [
      '',
      `  CIM (vault, API, widget)   ${settings.cimUrl}`,
      `  Demo shop                  ${settings.shopUrl}   ← open this`,
      '',
      `  Data: ${settings.dataDir}. Ctrl-C stops both.`,
      '',
    ].join('\n') + '\n',
  );
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  await shutdown(1);
}
