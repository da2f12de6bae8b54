import { describe, expect, it } from 'vitest'
import { searchForm, searchTerms, searchText, TERM_MAX, termChanges, termPrefix, wordStartNeedles } from '@shared/text/search-terms'

describe('search terms', () => {
  it('folds names, IDs and the code into one text with a term for every word start', () => {
    const text = searchText('HGD-000123', [
      { fullName: 'Nguyễn Văn An', citizenId: '020123456789' },
      { fullName: 'Đặng  Thị-Bé', citizenId: '' },
    ])
    expect(text).toBe('|nguyen van an|dang thi be|020123456789|hgd 000123|')
    expect(searchTerms(text).sort()).toEqual(
      ['nguyen van an', 'van an', 'an', 'dang thi be', 'thi be', 'be', '020123456789', 'hgd 000123', '000123'].sort(),
    )
  })

  it('finds by word start what a clerk types, however accented, and nothing mid-word', () => {
    const text = searchText('HGD-1', [{ fullName: 'Nguyễn Văn An', citizenId: '020123456789' }])
    const finds = (typed: string) => {
      const s = searchForm(typed)
      return searchTerms(text).some((t) => t.startsWith(s)) && wordStartNeedles(s).some((n) => text.includes(n))
    }
    for (const typed of ['nguyen van a', 'NGUYỄN', 'văn an', 'an', '0201', 'hgd-1', '1']) expect(finds(typed), typed).toBe(true)
    for (const typed of ['guyen', 'van b', 'an nguyen', '201']) expect(finds(typed), typed).toBe(false)
  })

  it('cuts long terms at TERM_MAX and repeats none', () => {
    const long = 'a'.repeat(30) + ' ' + 'b'.repeat(30)
    const terms = searchTerms(
      searchText('X', [
        { fullName: long, citizenId: '' },
        { fullName: long, citizenId: '' },
      ]),
    )
    expect(terms).toEqual([`${'a'.repeat(30)} ${'b'.repeat(9)}`, 'b'.repeat(30), 'x'])
    expect(Math.max(...terms.map((t) => t.length))).toBe(TERM_MAX)
  })

  it('cuts a term and a search alike: never in a space nor inside a surrogate pair', () => {
    // The 40th character of this folded name is a space.
    const name = searchForm('Nguyễn Thị Phương Thảo Hoàng Lan Anh Mi Bích')
    expect(name[TERM_MAX - 1]).toBe(' ')
    const first = searchTerms(searchText('X', [{ fullName: name, citizenId: '' }]))[0]!
    expect(first).toBe(name.slice(0, TERM_MAX - 1))
    expect(termPrefix(name)).toBe(first)
    expect(termPrefix(`${name}x`)).toBe(first)
    // An astral letter (CJK Ext-B, two UTF-16 units) straddling the cut is left out whole.
    const astral = `${'a'.repeat(TERM_MAX - 1)}𠀀`
    expect(termPrefix(astral)).toBe('a'.repeat(TERM_MAX - 1))
    expect(termPrefix(`${'a'.repeat(TERM_MAX - 2)}𠀀`)).toBe(`${'a'.repeat(TERM_MAX - 2)}𠀀`)
  })

  it('changes only the terms that differ', () => {
    const before = searchTerms(searchText('HGD-1', [{ fullName: 'Nguyễn Văn An', citizenId: '' }]))
    const after = searchTerms(searchText('HGD-1', [{ fullName: 'Nguyễn Văn Anh', citizenId: '' }]))
    const { remove, add } = termChanges(before, after)
    expect(remove.sort()).toEqual(['an', 'nguyen van an', 'van an'])
    expect(add.sort()).toEqual(['anh', 'nguyen van anh', 'van anh'])
    expect(termChanges(after, after)).toEqual({ remove: [], add: [] })
    expect(termChanges([], after).add.length).toBe(after.length)
  })
})
