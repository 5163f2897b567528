import {
  ConfidentialityRequiredError,
  InappropriateAuthError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  StrongAuthRequiredError,
} from 'ldapts'
import { CoreError } from '../errors'

/** Node's TLS verification failures that mean "the DC's certificate is not trusted here". */
const UNTRUSTED_CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** Network failures after which the next domain controller is worth trying. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'])

/** True when the error means the server could not be reached at all (so another DC may do). */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as NodeJS.ErrnoException).code
  return (code !== undefined && UNREACHABLE_CODES.has(code)) || error.message === 'Connection timeout'
}

/**
 * Turns an ldapts or socket error into a message an admin can act on, naming the server, the
 * account and the fix. The password never appears in it.
 */
export function describeLdapError(error: unknown, context: { url: string; domain: string; user: string; baseDn: string }): CoreError {
  const { url, domain, user, baseDn } = context
  if (error instanceof CoreError) return error
  if (error instanceof InvalidCredentialsError) {
    return new CoreError(
      'forbidden',
      `The domain controller ${url} refused the user name or password of ${user} (LDAP invalidCredentials). ` +
        `Check the password, and give the account as ${domain.split('.')[0]?.toUpperCase() ?? 'DOMAIN'}\\name or name@${domain}.`,
      { cause: error },
    )
  }
  if (error instanceof StrongAuthRequiredError || error instanceof ConfidentialityRequiredError) {
    return new CoreError(
      'forbidden',
      `The domain controller ${url} requires a signed or encrypted connection for a password bind ` +
        `(LDAP server signing is enforced). Use ldaps://${domain}:636, the default when no URL is given.`,
      { cause: error },
    )
  }
  if (error instanceof InappropriateAuthError) {
    return new CoreError('forbidden', `The domain controller ${url} does not accept a simple bind for ${user}: give a domain account with a password.`, {
      cause: error,
    })
  }
  if (error instanceof NoSuchObjectError) {
    return new CoreError('not-found', `The search base ${baseDn} does not exist on ${url}: check the domain name ${domain}, or give the base DN explicitly.`, {
      cause: error,
    })
  }
  if (error instanceof InsufficientAccessError) {
    return new CoreError('forbidden', `${user} may not read computer objects under ${baseDn} on ${url}: use an account that can read the directory.`, {
      cause: error,
    })
  }
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined
  if (code !== undefined && UNTRUSTED_CERTIFICATE_CODES.has(code)) {
    return new CoreError(
      'network-failed',
      `The certificate of the domain controller ${url} is not trusted here (${code}). ` +
        `Give the domain's CA certificate (PEM) to trust it, or check that the URL names the DC by the name in its certificate.`,
      { cause: error },
    )
  }
  if (isUnreachable(error)) {
    const port = url.startsWith('ldaps:') ? 636 : 389
    return new CoreError(
      'network-failed',
      `Cannot reach the domain controller at ${url} (${code ?? 'connection timed out'}): check that the name resolves and TCP ${port} is open, or give the LDAP server URL explicitly.`,
      { cause: error },
    )
  }
  const message = error instanceof Error ? error.message : String(error)
  return new CoreError('network-failed', `Reading computers from ${domain} on ${url} failed: ${message}`, { cause: error })
}
