import path from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const here = path.dirname(fileURLToPath(import.meta.url))

/**
 * The dev server (PATCHLANE_DEV_URL in Electron, or `vite` alone) needs what the production page
 * must not allow: React Refresh's inline preamble script and the HMR websocket. Relax the `<meta>`
 * policy of index.html for `vite serve` only; `vite build` keeps it strict, exactly as written.
 */
function devContentSecurityPolicy(): Plugin {
  return {
    name: 'patchlane-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(/(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/, (_match, start: string, policy: string) => {
        const relaxed = policy
          .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
          .replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:* ws://localhost:*")
        return `${start}${relaxed}"`
      })
    },
  }
}

// The renderer: one page, loaded by Electron from file:// (hence relative `base`) and served by
// the loopback bridge from out/renderer. No inline scripts are emitted, so the CSP can keep
// `script-src 'self'`.
export default defineConfig({
  root: path.join(here, 'src-renderer'),
  base: './',
  plugins: [react(), devContentSecurityPolicy()],
  server: { host: '127.0.0.1', strictPort: false },
  build: {
    outDir: path.join(here, 'out', 'renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // Fluent UI is one large vendor chunk; the warning is about web download size, not ours.
    chunkSizeWarningLimit: 2000,
  },
})
