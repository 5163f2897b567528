import path from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))

// The renderer: one page, loaded by Electron from file:// (hence relative `base`) and served by
// the loopback bridge from out/renderer. No inline scripts are emitted, so the CSP can keep
// `script-src 'self'`.
export default defineConfig({
  root: path.join(here, 'src-renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(here, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // Fluent UI is one large vendor chunk; the warning is about web download size, not ours.
    chunkSizeWarningLimit: 2000,
  },
})
