import { describe, expect, it } from 'vitest'
import { isPorticoError } from '../../../errors/index.js'
import { parseSearch, type SearchExpr } from './index.js'

const term = (value: string): SearchExpr => ({ kind: 'term', value })
const phrase = (value: string): SearchExpr => ({ kind: 'phrase', value })
const and = (...operands: SearchExpr[]): SearchExpr => ({ kind: 'and', operands })
const or = (...operands: SearchExpr[]): SearchExpr => ({ kind: 'or', operands })
const not = (operand: SearchExpr): SearchExpr => ({ kind: 'not', operand })

describe('parseSearch', () => {
  it.each([
    ['bike', term('bike')],
    ['"mountain bike"', phrase('mountain bike')],
    ['blue green', and(term('blue'), term('green'))],
    ['blue AND green', and(term('blue'), term('green'))],
    ['blue OR green', or(term('blue'), term('green'))],
    ['NOT clothing', not(term('clothing'))],
    ['NOT NOT a', not(not(term('a')))],
    ['(mountain OR bike) AND NOT clothing', and(or(term('mountain'), term('bike')), not(term('clothing')))],
    ['a OR b c', or(term('a'), and(term('b'), term('c')))],
    ['a b OR c', or(and(term('a'), term('b')), term('c'))],
    ['NOT a b', and(not(term('a')), term('b'))],
    ['a OR b OR c', or(term('a'), term('b'), term('c'))],
    ['(a b) c', and(and(term('a'), term('b')), term('c'))],
    ['a and b', and(term('a'), term('and'), term('b'))],
    ['NOTE ORacle ANDroid', and(term('NOTE'), term('ORacle'), term('ANDroid'))],
    ["C++ don't 50% x/y é", and(term('C++'), term("don't"), term('50%'), term('x/y'), term('é'))],
    [' ( a ) ', term('a')],
    ['"a (b) OR c"', phrase('a (b) OR c')],
  ])('%s', (text, expected) => {
    expect(parseSearch(text)).toEqual(expected)
  })

  it.each([
    ['"unterminated', 'unterminated search phrase at position 1'],
    ['""', 'a search phrase needs at least one character'],
    ['a OR', 'expected whitespace at the end'],
    ['(a', 'expected ")" at the end (position 3)'],
    ["'quoted'", 'at position 1'],
    ['AND a', 'at position 1'],
    ['a;b', 'expected'],
  ])('%s is an error', (text, message) => {
    try {
      parseSearch(text)
      throw new Error('parsed')
    } catch (error) {
      expect(isPorticoError(error) && error.code).toBe('ODATA_SYNTAX')
      expect((error as Error).message).toContain(message)
    }
  })
})
