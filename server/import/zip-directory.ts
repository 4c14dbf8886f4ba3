import { inflateRawSync } from 'node:zlib';
import { ImportError } from './import-error.ts';

/** One file of a zip archive as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated (the only two a Word file uses, and the only two JSZip reads). */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where its data starts in the archive. */
  dataOffset: number;
}

/** How much an archive may unpack to, and how hard it may be packed. */
export interface ZipBounds {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Unpacked ÷ packed, for entries over `ratioFloorBytes` (small files may be packed harder). */
  maxRatio: number;
  ratioFloorBytes: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const NOT_A_ZIP = 'this file could not be read as a Word (.docx) document';

/**
 * Reads a zip's central directory — names and the sizes it declares — without inflating
 * anything, and refuses what a Word file never is: split or ZIP64 archives, encryption,
 * other compression methods, data before the archive or between its parts. Those refusals
 * also keep this reading the same bytes as JSZip (mammoth's reader) will.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD && at + 22 + u16(at + 20) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new ImportError(NOT_A_ZIP);
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || (eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR)) throw new ImportError(NOT_A_ZIP);
  const count = u16(eocd + 10);
  const directorySize = u32(eocd + 12);
  const directoryOffset = u32(eocd + 16);
  if (count !== u16(eocd + 8) || directoryOffset + directorySize !== eocd) throw new ImportError(NOT_A_ZIP);

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(at) !== CENTRAL) throw new ImportError(NOT_A_ZIP);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const uncompressedSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    const localOffset = u32(at + 42);
    if (next > eocd || flags & 1 || (method !== 0 && method !== 8) || compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) throw new ImportError(NOT_A_ZIP);
    if (localOffset + 30 > directoryOffset || u32(localOffset) !== LOCAL) throw new ImportError(NOT_A_ZIP);
    const dataOffset = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataOffset + compressedSize > directoryOffset) throw new ImportError(NOT_A_ZIP);
    if (method === 0 && compressedSize !== uncompressedSize) throw new ImportError(NOT_A_ZIP);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
    at = next;
  }
  if (at !== eocd) throw new ImportError(NOT_A_ZIP);
  return entries;
}

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Refuses an archive whose declared sizes are over the bounds, before anything is inflated. */
export function checkDeclaredSizes(entries: readonly ZipEntry[], bounds: ZipBounds): void {
  if (entries.length > bounds.maxEntries) throw new ImportError(`the file holds more than ${bounds.maxEntries} parts; a Word document has a few dozen`);
  let total = 0;
  for (const e of entries) {
    if (e.uncompressedSize > bounds.maxEntryBytes) throw new ImportError(`the file is too large when unpacked (${e.name}: over ${megabytes(bounds.maxEntryBytes)})`);
    if (e.uncompressedSize > bounds.ratioFloorBytes && e.uncompressedSize > e.compressedSize * bounds.maxRatio) {
      throw new ImportError(`the file is packed far more tightly than a Word document (${e.name}: over ${bounds.maxRatio} to 1)`);
    }
    total += e.uncompressedSize;
  }
  if (total > bounds.maxTotalBytes) throw new ImportError(`the file is too large when unpacked (over ${megabytes(bounds.maxTotalBytes)} in all)`);
}

/**
 * One entry's bytes, inflated no further than its declared size (which `checkDeclaredSizes`
 * bounds): what a reader of one part of the file (the Word round trip's document.xml) needs.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) return data;
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (error) {
    const tooLarge = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
    throw new ImportError(tooLarge ? `the file unpacks to more than it declares (${entry.name}); it is not a genuine Word document` : NOT_A_ZIP);
  }
  if (inflated.length !== entry.uncompressedSize) throw new ImportError(`the file unpacks to other sizes than it declares (${entry.name}); it is not a genuine Word document`);
  return inflated;
}

/**
 * Inflates every entry, stopping at its declared size: the directory's sizes are only the
 * sender's word, and JSZip checks them only after inflating everything. After this, JSZip
 * inflating the same bytes produces exactly what was declared, within the bounds.
 */
export function checkActualSizes(bytes: Uint8Array, entries: readonly ZipEntry[]): void {
  for (const e of entries) {
    if (e.method !== 8) continue;
    const data = bytes.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    let inflated: number;
    try {
      inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) }).length;
    } catch (error) {
      const tooLarge = (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new ImportError(tooLarge ? `the file unpacks to more than it declares (${e.name}); it is not a genuine Word document` : NOT_A_ZIP);
    }
    if (inflated !== e.uncompressedSize) throw new ImportError(`the file unpacks to other sizes than it declares (${e.name}); it is not a genuine Word document`);
  }
}
