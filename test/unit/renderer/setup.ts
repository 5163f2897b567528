import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// jsdom has no layout, hence no ResizeObserver; Fluent's Textarea observes its size. An observer
// that never fires is what a layout-less document would report anyway.
if (!('ResizeObserver' in globalThis)) {
  class NoLayoutResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.assign(globalThis, { ResizeObserver: NoLayoutResizeObserver })
}

// jsdom has no matchMedia either: the theme hook then follows "light", as a browser without a
// preference would.
afterEach(() => {
  cleanup()
  window.location.hash = ''
})
