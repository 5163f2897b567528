# The shared set-up of the collector's Pester files (PatchlaneCollector.*.Tests.ps1): test helpers,
# the fixture machines built from real captures, the CIM and COM mocks, and the module under test.
# Dot-source it from a file's BeforeAll; pair it with `AfterAll { Remove-PlCollectorUnderTest }`.
. (Join-Path $PSScriptRoot 'TestHelpers.ps1')
. (Join-Path $PSScriptRoot 'fixtures' 'Machines.ps1')
. (Join-Path $PSScriptRoot 'CimMocks.ps1')
Import-PlCollectorUnderTest
