import { createRequire } from 'node:module';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { releaseClient } from './client.js';

// pg's own parameter serialisation (not in its type declarations).
const { prepareValue } = createRequire(import.meta.url)('pg/lib/utils') as {
  prepareValue: (value: unknown) => unknown;
};

/**
 * Streaming a query's result with `COPY (SELECT …) TO STDOUT` (pg-copy-streams): PostgreSQL sends rows as
 * fast as the socket takes them, with TCP backpressure and no per-batch round trip or row objects, so memory
 * stays flat and the rate is close to a raw COPY.
 *
 * The query selects exactly one text column: the bytes to send for that row, already formatted. COPY runs in
 * binary format so those bytes arrive as they are (the text format would escape backslashes, tabs and line
 * breaks, which we would then have to undo byte by byte).
 */

/**
 * COPY takes no bind parameters: inline each $n as a quoted literal. Values go through pg's own
 * serialisation (arrays, dates, JSON) and escapeLiteral, the same text pg would send as a parameter, so an
 * inlined literal is read exactly as the parameter would have been.
 */
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)\b/g, (_m, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= parameters.length) throw new Error(`no value for $${n}`);
    const value = prepareValue(parameters[index]) as string | Buffer | null;
    if (value === null) return 'null';
    if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'::bytea`;
    return pg.escapeLiteral(value);
  });
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Decodes COPY's binary format for a one-column result into the concatenated column values. */
class SingleColumnDecoder extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  private headerRead = false;
  private trailerRead = false;

  constructor(private prefix: Buffer) {
    super();
  }

  private sendPrefix(): void {
    if (this.prefix.length > 0) this.push(this.prefix);
    this.prefix = Buffer.alloc(0);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.sendPrefix();
    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let pos = 0;
    if (!this.headerRead) {
      // Signature (11 bytes), flags (4), header extension length (4) and the extension.
      if (buf.length < 19 || buf.length < 19 + buf.readUInt32BE(15)) {
        this.pending = buf;
        return callback();
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) return callback(new Error('not a binary COPY stream'));
      pos = 19 + buf.readUInt32BE(15);
      this.headerRead = true;
    }
    const out: Buffer[] = [];
    while (!this.trailerRead && buf.length - pos >= 2) {
      const fields = buf.readInt16BE(pos);
      if (fields === -1) {
        this.trailerRead = true;
        pos += 2;
        break;
      }
      if (fields !== 1) return callback(new Error(`expected one column, got ${fields}`));
      if (buf.length - pos < 6) break;
      const length = buf.readInt32BE(pos + 2);
      const size = Math.max(length, 0);
      if (buf.length - pos < 6 + size) break;
      if (length > 0) out.push(buf.subarray(pos + 6, pos + 6 + length));
      pos += 6 + size;
    }
    // Copy the unparsed tail so the (large) chunk it came from can be collected.
    this.pending = pos >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
    if (out.length > 0) this.push(out.length === 1 ? out[0] : Buffer.concat(out));
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.sendPrefix();
    callback(this.trailerRead ? undefined : new Error('COPY stream ended before its trailer'));
  }
}

/**
 * Runs `COPY (query) TO STDOUT (FORMAT binary)` on a pooled client and returns a stream of the column's
 * bytes, `prefix` first. It resolves only once the first data (or the end) has arrived, so a query that
 * fails (a bad value, a dead connection) fails before the caller sends a byte; after that, a failure can
 * only end the stream early. The client goes back to the pool when the COPY has finished; if the stream is
 * destroyed before (the client went away) or fails, the connection is destroyed instead, which also ends
 * the COPY on the server.
 */
export async function copyOut(pool: pg.Pool, query: string, prefix: Buffer | string = ''): Promise<Readable> {
  const client = await pool.connect();
  let settled = false;
  const settle = (err?: Error) => {
    if (settled) return;
    settled = true;
    releaseClient(client, err);
  };
  let source: Readable;
  try {
    source = client.query(copyTo(`copy (${query}) to stdout (format binary)`));
  } catch (err) {
    settle(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
  const decoder = new SingleColumnDecoder(typeof prefix === 'string' ? Buffer.from(prefix) : prefix);
  source.on('end', () => settle());
  let handedOut = false;
  source.on('error', (err) => {
    settle(err);
    // Before the stream is handed out, the caller gets the error from the promise below; an 'error' on a
    // stream nobody listens to yet would crash the process.
    decoder.destroy(handedOut ? err : undefined);
  });
  decoder.on('close', () => {
    // Destroyed before the COPY ended: drop the connection rather than drain what is left.
    if (!settled) {
      settle(new Error('export stream closed before the end of COPY'));
      source.destroy();
    }
  });

  // Wait for the first bytes, the end, or an error.
  const first = await new Promise<Buffer | null>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      cleanup();
      source.pause();
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
  });
  handedOut = true;
  if (first === null) {
    decoder.end();
  } else {
    decoder.write(first);
    source.pipe(decoder);
  }
  return decoder;
}
