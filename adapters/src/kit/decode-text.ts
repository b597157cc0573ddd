/** The encodings a source file is read in: what plant systems export (Chinese Windows tools write GB18030/GBK). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

const SAMPLE_BYTES = 64 * 1024;

/**
 * The encoding of a file from its first bytes: a byte-order mark says it; otherwise bytes that are not valid
 * UTF-8 are GB18030 (a superset of GBK and GB2312, which decodes any byte sequence Chinese tools write).
 */
export function detectEncoding(sample: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: isUtf8(sample) ? 'utf-8' : 'gb18030', bomLength: 0 };
}

/** Valid UTF-8, allowing a sequence cut off at the end of the sample. */
function isUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0) return false;
    for (let k = 1; k < length; k += 1) {
      if (i + k >= bytes.length) return true;
      if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    }
    i += length;
  }
  return true;
}

/**
 * Decodes a byte stream to text chunks, in the encoding its first 64 KiB show, with any byte-order mark dropped.
 * Characters split across chunks are decoded whole; memory stays at one chunk whatever the file's size.
 */
export async function* decodeText(input: AsyncIterable<Uint8Array>, onEncoding?: (encoding: TextEncoding) => void): AsyncGenerator<string> {
  let head: Uint8Array[] = [];
  let headBytes = 0;
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  const start = (bytes: Uint8Array): string => {
    const { encoding, bomLength } = detectEncoding(bytes);
    onEncoding?.(encoding);
    decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
    return decoder.decode(bytes.subarray(bomLength), { stream: true });
  };
  for await (const chunk of input) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= SAMPLE_BYTES) {
      yield start(Buffer.concat(head));
      head = [];
    }
  }
  if (!decoder) {
    if (headBytes === 0) return;
    yield start(Buffer.concat(head));
  }
  const tail = decoder!.decode();
  if (tail) yield tail;
}
