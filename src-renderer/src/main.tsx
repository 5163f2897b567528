import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { getApi } from './api/get-api'
import { App } from './app'

// Composition root of the renderer: pick the transport once, hand it down.
const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App api={getApi()} />
  </StrictMode>,
)
