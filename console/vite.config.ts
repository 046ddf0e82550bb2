import { defineConfig } from 'vite';

/** The console page. The CIM server serves it at /console/ and its bundles at /console/assets/*, hence `base`. */
export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    rollupOptions: { input: { index: 'index.html' } },
  },
});
