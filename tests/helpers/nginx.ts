import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

export function nginxBinary(): string | undefined {
  return ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
}

export interface Nginx {
  base: string;
  stop(): Promise<void>;
}

/**
 * Runs the shipped deploy/nginx.conf on loopback: only the upstream addresses, the listen port, the trusted
 * edge address (the test plays Caddy from 127.0.0.1) and the file paths are rewritten.
 */
export async function startNginx(upstreams: string[], port: number): Promise<Nginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error('nginx is not installed (apt-get install -y nginx; .ci/run does it)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hailong-nginx-'));
  let conf = await readFile(path.join(root, 'deploy', 'nginx.conf'), 'utf8');
  const servers = upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`).join('\n');
  conf = conf
    .replace(/( {4}server app:3000[^\n]*\n)( {4}server app2:3000[^\n]*\n)/, `${servers}\n`)
    .replace('listen 8080;', `listen 127.0.0.1:${port};`)
    .replace('set_real_ip_from 172.31.240.10;', 'set_real_ip_from 127.0.0.1;')
    .replace('worker_processes auto;', 'worker_processes 1;')
    .replaceAll('/tmp/nginx', path.join(dir, 'nginx'));
  if (!conf.includes(upstreams[0]!)) throw new Error('deploy/nginx.conf: upstream block not found');
  // Running as root, nginx would switch its workers to `nobody`, who cannot write the temp folder.
  if (process.getuid?.() === 0) conf = `user root;\n${conf}`;
  const file = path.join(dir, 'nginx.conf');
  await writeFile(file, conf);
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', file, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${output}`);
    const up = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 100) throw new Error(`nginx did not answer: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGQUIT');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
