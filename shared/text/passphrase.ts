import { fold } from './fold'

/**
 * The minimum strength of a passphrase the clerk sets for backups or for the signing key (never
 * checked when one is typed to open an existing backup or key: an old one must still open). A
 * backup file or a stolen database is attacked offline, so a guessable passphrase is no protection
 * whatever the key derivation costs. The rule is short and explainable in one sentence:
 * at least 8 characters, not a few characters repeated, not a run like 12345678 or qwerty, not a
 * password on every list. A sentence the clerk remembers ("Thôn Đồng Tâm có 120 hộ") passes.
 */
export const MIN_PASSPHRASE_LENGTH = 8
const MIN_DISTINCT = 5

/** What to tell the clerk, for a passphrase of a backup ("sao lưu") or of the signing key ("khóa"). */
export function passphraseProblem(passphrase: string, what: 'sao lưu' | 'khóa'): string | null {
  const reason = weakness(passphrase)
  if (!reason) return null
  return `Mật khẩu ${what} ${reason}. Hãy dùng một câu dễ nhớ với chữ và số, ví dụ "Thôn Đồng Tâm có 120 hộ".`
}

function weakness(passphrase: string): string | null {
  const chars = [...passphrase.normalize('NFC')]
  if (chars.length < MIN_PASSPHRASE_LENGTH) return `phải có ít nhất ${MIN_PASSPHRASE_LENGTH} ký tự`
  // Letters and digits only, without case, marks or spaces: "Mật Khẩu 1" and "matkhau1" are one guess.
  const bare = fold(passphrase).replace(/[^a-z0-9]/g, '')
  if (new Set(chars.map((c) => c.toLowerCase())).size < MIN_DISTINCT || new Set(bare).size < MIN_DISTINCT)
    return 'quá dễ đoán: chỉ gồm vài ký tự lặp lại'
  if (isRun(bare)) return 'quá dễ đoán: là một dãy liền nhau (như 12345678, abcdefgh, qwerty)'
  if (COMMON.has(bare) || COMMON.has(bare.replace(/\d+$/, ''))) return 'quá dễ đoán: là một mật khẩu phổ biến'
  return null
}

const ROWS = ['1234567890', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv', 'qazwsxedcrfvtgb']

/** The whole text is a stretch of one of the rows above, forwards or backwards, possibly repeated. */
function isRun(bare: string): boolean {
  if (bare.length < 4) return false
  const unit = smallestRepeat(bare)
  return ROWS.some((row) => row.includes(unit) || [...row].reverse().join('').includes(unit))
}

/** "abcabcabc" → "abc"; "abcd" → "abcd". */
function smallestRepeat(s: string): string {
  for (let n = 1; n <= s.length / 2; n++) {
    if (s.length % n === 0 && s.slice(0, n).repeat(s.length / n) === s) return s.slice(0, n)
  }
  return s
}

/** Folded (no marks, no spaces, lower case), and with any number at the end left off. */
const COMMON = new Set([
  'password',
  'passw0rd',
  'matkhau',
  'matkhausaoluu',
  'matkhaukhoa',
  'iloveyou',
  'admin',
  'administrator',
  'sogiamngheo',
  'giamngheo',
  'hongheo',
  'ubnd',
  'ubndxa',
  'vietnam',
  'saoluu',
  'letmein',
  'welcome',
  'abc',
  'qwerty',
  'anhyeuem',
  'emyeuanh',
  'conyeume',
])
