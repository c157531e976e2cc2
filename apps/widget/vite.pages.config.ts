import { defineConfig } from 'vite';

// dist/chat.html (the full-page chat, served at /chat) and dist/demo.html; assets under /widget/.
export default defineConfig({
  root: import.meta.dirname,
  base: '/widget/',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    rolldownOptions: {
      input: {
        chat: `${import.meta.dirname}/chat.html`,
        demo: `${import.meta.dirname}/demo.html`,
      },
    },
  },
});
