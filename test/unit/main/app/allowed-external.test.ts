import { describe, expect, it } from 'vitest'
import { ALLOWED_EXTERNAL_HOSTS, isAllowedExternal } from '../../../../src-main/app/allowed-external'

describe('isAllowedExternal', () => {
  it('allows https pages on each allow-listed Microsoft host', () => {
    const urls = [
      'https://support.microsoft.com/help/5034441',
      'https://learn.microsoft.com/en-us/windows/deployment/update/',
      'https://www.catalog.update.microsoft.com/Search.aspx?q=KB5034441',
      'https://catalog.update.microsoft.com/Search.aspx?q=KB5034441',
      'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2024-21338',
      'https://SUPPORT.Microsoft.com/kb/5034441#section',
    ]
    for (const url of urls) expect(isAllowedExternal(url), url).toBe(true)
    expect(ALLOWED_EXTERNAL_HOSTS.size).toBe(5)
  })

  it('refuses other schemes, even on allowed hosts', () => {
    for (const url of [
      'http://support.microsoft.com/help/5034441',
      'file:///C:/Windows/System32/calc.exe',
      'ms-settings:windowsupdate',
      'smb://support.microsoft.com/share',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
    ]) {
      expect(isAllowedExternal(url), url).toBe(false)
    }
  })

  it('refuses look-alike hosts, credentials, ports and garbage', () => {
    for (const url of [
      'https://support.microsoft.com.evil.example/help',
      'https://evil-support.microsoft.com/help',
      'https://microsoft.com/',
      'https://www.microsoft.com/',
      'https://support.microsoft.com./help',
      'https://user:pw@support.microsoft.com/help',
      'https://support.microsoft.com@evil.example/help',
      'https://support.microsoft.com:8443/help',
      'https://xn--support-microsoft-com.example/',
      'not a url',
      '',
      `https://support.microsoft.com/${'a'.repeat(3000)}`,
    ]) {
      expect(isAllowedExternal(url), url).toBe(false)
    }
  })
})
