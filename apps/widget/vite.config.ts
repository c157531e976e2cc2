import { defineConfig } from 'vite';

// dist/widget.js: the embed script, one self-contained IIFE (no chunks, no CSS file: styles are in the script).
export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false, // vite.pages.config.ts builds chat.html and demo.html into the same folder first
    target: 'es2019',
    lib: {
      entry: 'src/widget.ts',
      name: 'KefuWidgetBundle',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
