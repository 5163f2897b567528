/**
 * .NET Framework 4.x version from the `Release` DWORD under
 * `HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full`, using the minimum value of each
 * version that Microsoft documents ("How to: Determine which .NET Framework versions are installed").
 */
const MINIMUM_RELEASE: ReadonlyArray<readonly [number, string]> = [
  [533320, '4.8.1'],
  [528040, '4.8'],
  [461808, '4.7.2'],
  [461308, '4.7.1'],
  [460798, '4.7'],
  [394802, '4.6.2'],
  [394254, '4.6.1'],
  [393295, '4.6'],
  [379893, '4.5.2'],
  [378675, '4.5.1'],
  [378389, '4.5'],
]

/** `4.8` for 528372; null for a value below 4.5's. */
export function dotNetVersionOfRelease(release: number): string | null {
  for (const [minimum, version] of MINIMUM_RELEASE) if (release >= minimum) return version
  return null
}
