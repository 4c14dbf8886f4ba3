import { crc32, deflateRawSync } from 'node:zlib';

/** One file of a hand-made zip: its packed bytes and what the directory will say about it. */
export interface ZipPart {
  name: string;
  packed: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** The size the directory declares, which a bomb may lie about. */
  declaredSize: number;
  /** Points this entry at an earlier part's data instead of its own (overlapping entries). */
  sharesDataOf?: number;
}

/** A part packed honestly with deflate. */
export function deflated(name: string, content: string | Uint8Array): ZipPart {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, packed: deflateRawSync(bytes, { level: 9 }), method: 8, crc: crc32(bytes), declaredSize: bytes.length };
}

/**
 * Writes a zip archive exactly as described, lies included: what decompression bombs are made
 * of, and what no zip library will write.
 */
export function zipArchive(parts: readonly ZipPart[]): Uint8Array {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  parts.forEach((part, i) => {
    if (part.sharesDataOf !== undefined) {
      offsets.push(offsets[part.sharesDataOf]!);
      return;
    }
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.packed.length, 18);
    local.writeUInt32LE(part.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    offsets[i] = offset;
    chunks.push(local, name, Buffer.from(part.packed));
    offset += local.length + name.length + part.packed.length;
  });
  const directoryOffset = offset;
  parts.forEach((part, i) => {
    const source = part.sharesDataOf === undefined ? part : parts[part.sharesDataOf]!;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(source.method, 10);
    central.writeUInt32LE(source.crc >>> 0, 16);
    central.writeUInt32LE(source.packed.length, 20);
    central.writeUInt32LE(part.declaredSize, 24);
    const listed = Buffer.from(part.name);
    central.writeUInt16LE(listed.length, 28);
    central.writeUInt32LE(offsets[i]!, 42);
    chunks.push(central, listed);
    offset += central.length + listed.length;
  });
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(offset - directoryOffset, 12);
  end.writeUInt32LE(directoryOffset, 16);
  chunks.push(end);
  return new Uint8Array(Buffer.concat(chunks));
}

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** The parts every Word file has besides its text. */
export function wordPackaging(): ZipPart[] {
  return [
    deflated(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    deflated(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
  ];
}

/** A document.xml whose body is one paragraph of `paragraphText` (XML-safe), `repeat` times over. */
export function documentXml(paragraphText: string, repeat = 1): Uint8Array {
  const paragraph = `<w:p><w:r><w:t xml:space="preserve">${paragraphText}</w:t></w:r></w:p>`;
  const head = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${WORD_NS}"><w:body>`;
  const tail = '</w:body></w:document>';
  const unit = Buffer.from(paragraph);
  const out = Buffer.alloc(head.length + unit.length * repeat + tail.length);
  out.write(head, 0);
  for (let i = 0; i < repeat; i++) unit.copy(out, head.length + i * unit.length);
  out.write(tail, head.length + unit.length * repeat);
  return new Uint8Array(out);
}
