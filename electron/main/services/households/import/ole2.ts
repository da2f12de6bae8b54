/**
 * The names in an OLE2 (Compound File) container's directory, read with a few bounded reads and
 * no parser library. An OLE2 file is either a legacy .xls (a "Workbook" or "Book" stream) or an
 * .xlsx that Excel encrypted with a password ("EncryptionInfo" + "EncryptedPackage"); telling
 * them apart here keeps encrypted files away from SheetJS altogether.
 */

/** Reads `length` bytes at `position`; fewer at the end of the file. */
export type ReadAt = (position: number, length: number) => Promise<Buffer>

const END_OF_CHAIN = 0xfffffffe
const FREE = 0xffffffff
/** Far more directory sectors than any workbook has (each holds 4 or 32 entries). */
const MAX_DIRECTORY_SECTORS = 4096

export class Ole2Error extends Error {}

export async function ole2EntryNames(read: ReadAt, size: number): Promise<string[]> {
  const header = await read(0, 512)
  if (header.length < 512) throw new Ole2Error('header cut short')
  const shift = header.readUInt16LE(0x1e)
  if (shift !== 9 && shift !== 12) throw new Ole2Error(`sector shift ${shift}`)
  const sectorSize = 1 << shift
  const perSector = sectorSize / 4
  // Sector n starts right after the header block, which is one sector long. Some writers leave
  // the last sector short: it is read as if padded with zeros.
  const sectorCount = Math.ceil(size / sectorSize) - 1
  const sector = async (n: number) => {
    if (n >= sectorCount) throw new Ole2Error(`sector ${n} past the end`)
    const b = await read((n + 1) * sectorSize, sectorSize)
    return b.length < sectorSize ? Buffer.concat([b, Buffer.alloc(sectorSize - b.length)]) : b
  }

  // Where the FAT's own sectors are: 109 in the header, the rest in the DIFAT chain.
  const fatSectorCount = header.readUInt32LE(0x2c)
  if (fatSectorCount > sectorCount) throw new Ole2Error('FAT larger than the file')
  const fatSectors: number[] = []
  for (let i = 0; i < 109 && fatSectors.length < fatSectorCount; i++) fatSectors.push(header.readUInt32LE(0x4c + 4 * i))
  let difat = header.readUInt32LE(0x44)
  for (let hops = 0; fatSectors.length < fatSectorCount && difat !== END_OF_CHAIN && difat !== FREE; hops++) {
    if (hops > sectorCount) throw new Ole2Error('DIFAT chain loops')
    const b = await sector(difat)
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatSectorCount; i++) fatSectors.push(b.readUInt32LE(4 * i))
    difat = b.readUInt32LE(sectorSize - 4)
  }
  const fatCache = new Map<number, Buffer>()
  const next = async (n: number) => {
    const k = Math.floor(n / perSector)
    const location = fatSectors[k]
    if (location === undefined) throw new Ole2Error(`no FAT entry for sector ${n}`)
    let fat = fatCache.get(k)
    if (!fat) fatCache.set(k, (fat = await sector(location)))
    return fat.readUInt32LE((n % perSector) * 4)
  }

  // Directory entries are 128 bytes: a UTF-16 name (64 bytes), its byte length with the NUL, the type.
  const names: string[] = []
  let dir = header.readUInt32LE(0x30)
  for (let hops = 0; dir !== END_OF_CHAIN; hops++) {
    if (hops >= Math.min(sectorCount, MAX_DIRECTORY_SECTORS)) throw new Ole2Error('directory chain too long or looping')
    const b = await sector(dir)
    for (let p = 0; p < sectorSize; p += 128) {
      const type = b[p + 0x42]
      const nameBytes = Math.min(64, b.readUInt16LE(p + 0x40))
      // 1 storage, 2 stream, 5 root; 0 is an unused slot.
      if ((type === 1 || type === 2 || type === 5) && nameBytes >= 2) names.push(b.toString('utf16le', p, p + nameBytes - 2))
    }
    dir = await next(dir)
  }
  if (!names.length) throw new Ole2Error('empty directory')
  return names
}
