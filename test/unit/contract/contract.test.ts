import { describe, expect, it } from 'vitest'
import { contract, events } from '../../../src-main/contract/contract'
import { EVENT_NAMES, METHOD_NAMES, channelOf, isMethodName } from '../../../src-main/contract/methods'

describe('the contract', () => {
  it('lists exactly the methods it has schemas for', () => {
    expect(Object.keys(contract).sort()).toEqual([...METHOD_NAMES].sort())
  })

  it('lists exactly the events it has schemas for', () => {
    expect(Object.keys(events).sort()).toEqual([...EVENT_NAMES].sort())
  })

  it('prefixes channels and recognises only its own method names', () => {
    expect(channelOf('getAppInfo')).toBe('patchlane:getAppInfo')
    expect(isMethodName('getAppInfo')).toBe(true)
    expect(isMethodName('constructor')).toBe(false)
    expect(isMethodName('__proto__')).toBe(false)
  })
})
