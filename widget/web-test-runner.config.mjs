// Component tests in Debian's Chromium (never a downloaded browser). The dev server doubles as a
// fake CIM server: /widget/frame serves the iframe page from source and /widget/api/* answers
// from an in-memory fake, so the element can be tested across two real origins
// (http://localhost:PORT hosts the test page, http://127.0.0.1:PORT is "CIM").
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fakeCim } from './scripts/fake-cim-plugin.ts';
import { frameCommands } from './scripts/frame-commands.ts';

const cim = fakeCim();

export default {
  rootDir: '..',
  files: ['src/**/*.test.ts'],
  // Lit's production build, as the bundles ship: no dev-mode banner or warnings in the test logs.
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  // Per test: a cross-origin frame built from source, typed into through the browser's automation, on a loaded 2-core machine.
  testFramework: { config: { timeout: 30000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }), cim.plugin, frameCommands()],
  middleware: [cim.middleware],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
};
