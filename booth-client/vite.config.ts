import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the app server under /booth/.
export default defineConfig({
  base: '/booth/',
  plugins: [react()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  // The preview analysis worker (src/call/photo/face-preview.worker.ts) is an ES module; its name
  // starts with face-preview so the server gives it, and only it, 'wasm-unsafe-eval' (decision 0038).
  worker: { format: 'es', rollupOptions: { output: { entryFileNames: 'assets/face-preview-[hash].js' } } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
