import { describe, expect, it } from 'vitest'
import { buildInvocation } from '../../../../src-main/powershell/invocation'

describe('buildInvocation', () => {
  it('keeps hostile values out of the PowerShell source', () => {
    const hostile = `pc1'; Remove-Item -Recurse C:\\ #`
    const command = buildInvocation(`C:\\Program Files\\Patchlane\\scripts\\Get-X.ps1`, { ComputerName: hostile, Port: 5985 })
    expect(command).not.toContain('Remove-Item')
    expect(command).not.toContain('Program Files')
    expect(command.split('\n')).toHaveLength(1)
    const literals = [...command.matchAll(/FromBase64String\('([^']*)'\)/g)].map((m) => m[1] ?? '')
    expect(literals).toHaveLength(2)
    for (const literal of literals) expect(literal).toMatch(/^[A-Za-z0-9+/=]*$/)
    expect(JSON.parse(Buffer.from(literals[1] ?? '', 'base64').toString('utf8'))).toEqual({ ComputerName: hostile, Port: 5985 })
  })

  it('refuses parameter names that are not identifiers', () => {
    expect(() => buildInvocation('x.ps1', { 'a;b': 1 })).toThrow(/bad PowerShell parameter name/)
  })
})
