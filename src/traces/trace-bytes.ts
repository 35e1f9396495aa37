/**
 * Encodes JSON texts as UTF-8, one after the other, into one growing buffer: each text is encoded once (no separate
 * byte count), and the result is one exact-size buffer that a worker thread can transfer (no copy between threads)
 * and the main thread can send as it is (an ingest body is these bytes concatenated, not strings joined again).
 */
const NO_BYTES = Buffer.alloc(0);

export class TraceBytesWriter {
  private buf: Buffer;
  private at = 0;
  private sizes: number[] = [];
  /** the size of the buffer taken on the next add, once take() gave the last one away */
  private capacity: number;

  /** `capacity`: the bytes expected (the buffer grows past it as needed) */
  constructor(capacity = 64 * 1024) {
    this.capacity = Math.max(1024, capacity);
    this.buf = Buffer.allocUnsafeSlow(this.capacity);
  }

  /** Appends `text` as UTF-8; its byte size. */
  add(text: string): number {
    // a UTF-16 code unit is at most 3 UTF-8 bytes; near the end of the buffer the exact size decides
    if (this.at + text.length * 3 > this.buf.length && this.at + Buffer.byteLength(text, 'utf8') > this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.capacity, this.at + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    const n = this.buf.write(text, this.at, 'utf8');
    this.at += n;
    this.sizes.push(n);
    return n;
  }

  /**
   * The texts added since the last take, as one buffer of their bytes and each one's size; the writer starts over.
   * The bytes are a view of a buffer of their own (byte offset 0, so its ArrayBuffer can be transferred): the
   * writer's buffer itself when they fill at least 3/4 of it (no copy; the writer takes a new one), else an
   * exact-size copy (the writer keeps its buffer).
   */
  take(): { bytes: Uint8Array; sizes: number[] } {
    let bytes: Uint8Array;
    if (this.at >= 0.75 * this.buf.length) {
      bytes = new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at);
      this.capacity = this.buf.length;
      this.buf = NO_BYTES;
    } else {
      bytes = new Uint8Array(this.at);
      bytes.set(this.buf.subarray(0, this.at));
    }
    const { sizes } = this;
    this.at = 0;
    this.sizes = [];
    return { bytes, sizes };
  }
}

/** Views of each text of `bytes` (written by TraceBytesWriter, `sizes` their sizes in order): no bytes copied. */
export function traceBytesViews(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out = new Array<Uint8Array>(sizes.length);
  let at = bytes.byteOffset;
  for (let i = 0; i < sizes.length; i++) {
    const n = sizes[i]!;
    out[i] = new Uint8Array(bytes.buffer, at, n);
    at += n;
  }
  return out;
}
