import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the app server under /booth/.
export default defineConfig({
  base: '/booth/',
  plugins: [react()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
