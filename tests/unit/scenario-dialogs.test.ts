import { describe, expect, it } from 'vitest'
import { dialogQueue } from '../helpers/dialogs'
import { uiPattern } from '../helpers/scenario'

// The e2e fixture's own rules: a test that relies on them must be able to trust them.
describe('the e2e dialog queue', () => {
  it('answers dialogs in the order queued, in the scenario folder, and records where things were saved', async () => {
    const q = dialogQueue('/tmp/scenario')
    q.open('a.xlsx', '/media/usb/b.zip')
    q.save()
    q.save('bao-cao.pdf', null)
    expect(await q.ports.chooseOpenFile({ title: 'Mở', extensions: [] })).toBe('/tmp/scenario/a.xlsx')
    expect(await q.ports.chooseOpenFile({ title: 'Mở', extensions: [] })).toBe('/media/usb/b.zip')
    expect(await q.ports.chooseSaveFile({ title: 'Lưu', defaultName: 'mau.xlsx', extensions: [] })).toBe('/tmp/scenario/mau.xlsx')
    expect(await q.ports.chooseSaveFile({ title: 'Lưu', defaultName: 'x.pdf', extensions: [] })).toBe('/tmp/scenario/bao-cao.pdf')
    expect(await q.ports.chooseSaveFile({ title: 'Lưu', defaultName: 'y.pdf', extensions: [] })).toBeNull()
    expect(q.saved).toEqual(['/tmp/scenario/mau.xlsx', '/tmp/scenario/bao-cao.pdf'])
    expect(q.leftovers()).toEqual([])
  })

  it('reports a dialog that opened with nothing queued, and answers never used', async () => {
    const q = dialogQueue('/tmp/scenario')
    q.folder('/media/usb')
    expect(await q.ports.chooseOpenFile({ title: 'Chọn tệp Excel', extensions: [] })).toBeNull()
    expect(q.leftovers()).toEqual(['open dialog "Chọn tệp Excel" opened with no answer queued', 'folder answer never used: /media/usb'])
  })
})

describe('catalogue patterns', () => {
  it('match the message with its placeholders filled, and nothing else', () => {
    const p = uiPattern('households.imp.summary', { created: 2, updated: 0, rejected: 3 })
    expect('Xem trước: 2 hộ mới, 0 hộ cập nhật, 3 dòng lỗi.').toMatch(p)
    expect('Xem trước: 2 hộ mới, 0 hộ cập nhật, 13 dòng lỗi.').not.toMatch(p)
    expect('Xem trước: 20000 hộ mới, 1 hộ cập nhật, 0 dòng lỗi.').toMatch(uiPattern('households.imp.summary', { created: 20000 }))
  })
})
