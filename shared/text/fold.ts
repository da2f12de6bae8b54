/**
 * Folds Vietnamese text for search and matching: lower case, no diacritics, đ → d, single spaces.
 * "Nguyễn Văn Đặng" → "nguyen van dang". NFD splits the tone and vowel marks off the letters;
 * đ/Đ is a letter of its own in Unicode, so it is mapped by hand.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

/** Vietnamese alphabetical order (a, ă, â, b, … đ after d), for sorting names on screen and in reports. */
export const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true })
