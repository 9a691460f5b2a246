import net from 'node:net';

/**
 * The submit bench's open-loop client (#10.2): request i leaves at start + i/rate whatever happened to the
 * ones before it, and its latency counts from that planned moment. Each request is one HTTP/1.1 POST on a
 * keep-alive connection, one at a time per connection as a phone's browser sends it (no pipelining); when
 * every connection is busy a new one opens, so a slow answer never holds back the next planned one.
 *
 * Written on raw sockets with every request's bytes built before the clock starts, because the load
 * generator shares the two cores with the app and PostgreSQL: Node's http client spent about 0.4 ms of CPU
 * per request here (a fifth of a core at 500 req/s), this about a tenth of that. The bench reports it.
 */
export interface OpenLoopResult {
  /** Planned moment (performance.now()) and latency in ms of each answer, in completion order. */
  answered: Array<{ planned: number; ms: number; status: number }>;
  errors: number;
  elapsedMs: number;
  /** This process's CPU per request sent, ms. */
  cpuMsPerRequest: number;
}

/** The bytes of one POST of `body` (JSON) to `url`. */
export function postBytes(url: URL, body: string): Buffer {
  const payload = Buffer.from(body);
  const head =
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), payload]);
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One keep-alive connection: one request at a time, the answer read by its Content-Length. */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private onAnswer: ((status: number) => void) | undefined;
  private onError: ((err: Error) => void) | undefined;
  readonly socket: net.Socket;
  closed = false;

  constructor(url: URL) {
    this.socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    this.socket.on('data', (chunk) => this.read(chunk));
    const fail = (err: Error) => {
      this.closed = true;
      const onError = this.onError;
      this.onAnswer = this.onError = undefined;
      onError?.(err);
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('connection closed')));
  }

  send(bytes: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.onAnswer = resolve;
      this.onError = reject;
      this.socket.write(bytes);
    });
  }

  private read(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < end + 4 + length) return;
    const status = Number(head.slice(9, 12));
    this.buffer = this.buffer.subarray(end + 4 + length);
    const onAnswer = this.onAnswer;
    this.onAnswer = this.onError = undefined;
    onAnswer?.(status);
  }
}

/** Sends `requests` (built with postBytes) at `rate` per second, open loop; resolves when all are answered. */
export async function openLoop(
  url: URL,
  requests: Buffer[],
  rate: number,
  options: { connections?: number } = {},
): Promise<OpenLoopResult> {
  // Keep-alive connections opened before the clock starts, as a load generator's are: the measurement is of
  // steady traffic, not of a burst of handshakes in its first second. More open when all of them are busy.
  const all = Array.from({ length: options.connections ?? 16 }, () => new Connection(url));
  // A connection that fails instead is marked closed and never used.
  await Promise.all(all.map((c) => new Promise((resolve) => c.socket.once('connect', resolve).once('error', resolve))));
  const idle: Connection[] = [...all];
  const answered: OpenLoopResult['answered'] = [];
  let errors = 0;
  let sent = 0;
  const pending: Array<Promise<void>> = [];
  const send = (bytes: Buffer, planned: number) => {
    let connection = idle.pop();
    while (connection?.closed) connection = idle.pop();
    if (!connection) {
      connection = new Connection(url);
      all.push(connection);
    }
    const c = connection;
    pending.push(
      c.send(bytes).then(
        (status) => {
          answered.push({ planned, ms: performance.now() - planned, status });
          idle.push(c);
        },
        () => {
          errors++;
        },
      ),
    );
  };
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(requests.length, Math.floor(((performance.now() - start) / 1000) * rate));
      while (sent < due) {
        const i = sent++;
        send(requests[i]!, start + (i * 1000) / rate);
      }
      if (sent >= requests.length) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(pending);
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  for (const c of all) c.socket.destroy();
  return { answered, errors, elapsedMs, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, sent) };
}
