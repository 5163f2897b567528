/**
 * Builds the one line of PowerShell that runs a script file with parameters.
 *
 * Nothing a user typed ever becomes PowerShell source: the script path and the parameters travel
 * as base64 of UTF-8 JSON, whose alphabet (A-Z a-z 0-9 + / =) cannot close a string or start a
 * statement, and are splatted by name inside the shell. A host name such as
 * `pc1'; Remove-Item C:\ -Recurse #` reaches the script as one string parameter and nothing else.
 */
export function buildInvocation(scriptPath: string, params: Readonly<Record<string, unknown>>): string {
  for (const name of Object.keys(params)) {
    // Parameter names come from our own zod schemas; refuse anything that is not a plain identifier.
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`bad PowerShell parameter name: ${name}`)
  }
  const defined = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined))
  const path = toBase64(scriptPath)
  const json = toBase64(JSON.stringify(defined))
  return (
    `& { param($s, $j) $h = @{}; ` +
    `foreach ($p in (ConvertFrom-Json -InputObject $j).PSObject.Properties) { $h[$p.Name] = $p.Value }; ` +
    `& $s @h } ` +
    `([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${path}'))) ` +
    `([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${json}')))`
  )
}

function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64')
}
