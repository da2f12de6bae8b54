import * as XLSX from 'xlsx'

/**
 * An .xlsx as Excel saves it with a password to open: an OLE2 container holding EncryptionInfo
 * and EncryptedPackage (and the DataSpaces storage). The contents need not decrypt: the import
 * refuses such a file by its stream names, before any parser opens it.
 */
export function encryptedXlsx(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new()
  XLSX.CFB.utils.cfb_add(cfb, '/\u0006DataSpaces/Version', Buffer.alloc(76, 1))
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.alloc(248, 2))
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(9000, 3))
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
}

/** Another Office file in an OLE2 container (a Word document renamed .xls): no workbook stream. */
export function wordDocument(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new()
  XLSX.CFB.utils.cfb_add(cfb, '/WordDocument', Buffer.alloc(5000, 4))
  XLSX.CFB.utils.cfb_add(cfb, '/1Table', Buffer.alloc(5000, 5))
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
}

/**
 * A BIFF8 .xls with a password to open, as Excel 97–2003 writes it: a FILEPASS record right
 * after the workbook stream's BOF (XOR obfuscation here; SheetJS refuses every kind alike).
 */
export function passwordXls(xls: Buffer): Buffer {
  const cfb = XLSX.CFB.read(xls, { type: 'buffer' })
  const entry = XLSX.CFB.find(cfb, 'Workbook')
  if (!entry?.content) throw new Error('no Workbook stream')
  const stream = Buffer.from(entry.content as Uint8Array)
  const bofLength = 4 + stream.readUInt16LE(2)
  const filePass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56])
  entry.content = Buffer.concat([stream.subarray(0, bofLength), filePass, stream.subarray(bofLength)])
  entry.size = entry.content.length
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
}
