import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { serviceWorkerPlugin } from './build/service-worker-plugin.js';

export default defineConfig({
  plugins: [react(), serviceWorkerPlugin()],
  // Workspace packages are bundled from their TypeScript sources (the "source"
  // export condition), so the app never depends on their dist being fresh.
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // SQLite WASM finds its .wasm next to its module; pre-bundling would move it.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
