import { defineConfig } from 'vite';

/**
 * The npm package (`@cim/widget` from a tarball): the element as ES modules for a shop's own
 * bundler, @cim/shared's few constants inlined (it is not published), nothing minified so a shop's
 * bundler and devtools see readable code. Types come from tsconfig.lib.json; the frame and the
 * loader the CIM server serves are the other two builds.
 */
export default defineConfig({
  build: {
    outDir: 'lib',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    lib: { entry: { index: 'src/index.ts', define: 'src/define.ts' }, formats: ['es'] },
    rollupOptions: {
      output: { chunkFileNames: '[name].js' },
      treeshake: { moduleSideEffects: (id) => !id.includes('/shared/src/') },
    },
  },
});
