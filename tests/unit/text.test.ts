import { describe, expect, it } from 'vitest'
import { fold, viCollator } from '@shared/text/fold'
import { formatDate, formatVnd, parseViDate, formatDecimal } from '@shared/text/format'

describe('fold', () => {
  it('drops diacritics, case and đ so unaccented typing finds accented names', () => {
    expect(fold('Nguyễn Văn A')).toBe('nguyen van a')
    expect(fold('ĐẶNG Thị Hường')).toBe('dang thi huong')
    expect(fold('  Bản   Nà Phặc ')).toBe('ban na phac')
  })
  it('treats precomposed and decomposed input the same', () => {
    expect(fold('Tr\u01b0\u01a1\u0300ng')).toBe(fold('Trường'))
  })
})

describe('Vietnamese collation', () => {
  it('sorts đ after d and accented vowels after the plain ones', () => {
    const names = ['Đức', 'Dũng', 'Ánh', 'An', 'Bình']
    expect([...names].sort(viCollator.compare)).toEqual(['An', 'Ánh', 'Bình', 'Dũng', 'Đức'])
  })
})

describe('vi-VN formats', () => {
  it('writes money with dots and the đồng sign', () => {
    expect(formatVnd(1500000)).toBe('1.500.000 đ')
    expect(formatDecimal(12.5, 1)).toBe('12,5')
  })
  it('writes and reads dates as dd/mm/yyyy', () => {
    expect(formatDate('2026-06-15')).toBe('15/06/2026')
    expect(parseViDate('5/6/2026')).toBe('2026-06-05')
    expect(parseViDate('31/02/2026')).toBeNull()
    expect(parseViDate('2026-06-05')).toBeNull()
  })
})
