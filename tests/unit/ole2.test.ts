import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { ole2EntryNames, Ole2Error } from '../../electron/main/services/households/import/ole2'

const reader = (b: Buffer) => async (position: number, length: number) => b.subarray(position, position + length)

function container(streams: Record<string, Buffer>): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new()
  for (const [name, data] of Object.entries(streams)) XLSX.CFB.utils.cfb_add(cfb, `/${name}`, data)
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
}

describe('OLE2 directory names', () => {
  it('lists the streams of a small container and of one large enough to need DIFAT sectors', async () => {
    const small = container({ Workbook: Buffer.alloc(6000, 1) })
    expect(await ole2EntryNames(reader(small), small.length)).toEqual(expect.arrayContaining(['Root Entry', 'Workbook']))
    // Past 109 FAT sectors (about 7 MB with 512-byte sectors) the FAT's locations continue in the DIFAT chain.
    const written = container({ Workbook: Buffer.alloc(9 * 1024 * 1024, 2), EncryptedPackage: Buffer.alloc(10, 3) })
    expect(written.readUInt32LE(0x2c)).toBeGreaterThan(109)
    // Move the directory to a new last sector, whose FAT entry is in a FAT sector that only the DIFAT lists.
    const last = written.length / 512 - 1
    const large = Buffer.concat([written, written.subarray((written.readUInt32LE(0x30) + 1) * 512, (written.readUInt32LE(0x30) + 2) * 512)])
    const fatSector = Math.floor(last / 128)
    expect(fatSector).toBeGreaterThanOrEqual(109)
    const difat = large.readUInt32LE(0x44)
    const fatLocation = large.readUInt32LE((difat + 1) * 512 + (fatSector - 109) * 4)
    large.writeUInt32LE(0xfffffffe, (fatLocation + 1) * 512 + (last % 128) * 4)
    large.writeUInt32LE(last, 0x30)
    expect(await ole2EntryNames(reader(large), large.length)).toEqual(expect.arrayContaining(['Workbook', 'EncryptedPackage']))
  })

  it('refuses a bad sector size, a directory chain that loops, and a file cut short', async () => {
    const good = container({ Workbook: Buffer.alloc(6000, 1) })
    const badShift = Buffer.from(good)
    badShift.writeUInt16LE(20, 0x1e)
    await expect(ole2EntryNames(reader(badShift), badShift.length)).rejects.toThrow(Ole2Error)

    // Point the directory's FAT entry back at itself.
    const loop = Buffer.from(good)
    const dir = loop.readUInt32LE(0x30)
    const fat = loop.readUInt32LE(0x4c)
    loop.writeUInt32LE(dir, (fat + 1) * 512 + dir * 4)
    await expect(ole2EntryNames(reader(loop), loop.length)).rejects.toThrow(/loop|too long/)

    const cut = good.subarray(0, 1024)
    await expect(ole2EntryNames(reader(cut), cut.length)).rejects.toThrow(Ole2Error)
  })
})
