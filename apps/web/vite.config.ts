import { defineConfig } from 'vite';

// No React plugin needed: Vite's built-in Oxc transform compiles TSX with the automatic JSX runtime.
const target = process.env.KEFU_API ?? 'http://localhost:3000';
export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; meaningless in this SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    // The Host header stays the dev server's, so it matches the page's Origin: kefu refuses cookie requests from other sites.
    proxy: {
      '/api': { target, changeOrigin: false },
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true, changeOrigin: false },
    },
  },
});
