export { createBridge, DEFAULT_MAX_BODY_BYTES, type Bridge, type BridgeOptions } from './create-bridge'
export { PRODUCTION_CSP } from './csp'
export { TOKEN_COOKIE, TOKEN_HEADER } from './request-guard'
