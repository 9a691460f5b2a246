/**
 * Poster renderer benchmark: 1,000 distinct A4 posters streamed into one PDF file, plus SVG and PNG
 * throughput, with memory sampled along the way to show the streamed PDF stays flat.
 *
 *   npx tsx bench/posters.ts            # PDF 1,000, SVG 1,000, PNG 200
 *   POSTERS=1000 PNG_POSTERS=1000 npx tsx bench/posters.ts
 *
 * `main()` returns the figures so a report script can collect them.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { renderPosterPng, renderPosterSvg, streamPosterPdf, type PosterInput } from '../server/posters/render.js';

export interface MemorySample {
  at: string;
  rssMb: number;
  heapUsedMb: number;
}

export interface PosterBenchFigures {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; platform: string };
  pdf: {
    posters: number;
    pages: number;
    seconds: number;
    postersPerSecond: number;
    fileMb: number;
    memory: MemorySample[];
  };
  svg: { posters: number; seconds: number; postersPerSecond: number; averageKb: number };
  png: {
    posters: number;
    dpi: number;
    concurrency: number;
    seconds: number;
    postersPerSecond: number;
    averageKb: number;
  };
}

const KINDS = ['Trường Mầm non', 'Trường Tiểu học', 'Trường THCS', 'Trường THPT', 'Trung tâm GDNN-GDTX', 'UBND phường'];
const NAMES = [
  'Nguyễn Bỉnh Khiêm',
  'Lê Quý Đôn',
  'Trưng Vương',
  'Chu Văn An',
  'Hoa Sữa',
  'Nguyễn Thị Minh Khai',
  'Võ Thị Sáu',
  'Lương Thế Vinh',
  'Trần Hưng Đạo',
  'Đinh Tiên Hoàng',
  'Hùng Vương',
  'Phan Bội Châu',
  'Quang Trung',
  'Ngô Quyền',
  'Bế Văn Đàn',
  'Đoàn Thị Điểm',
  'Nguyễn Du',
  'Hồ Xuân Hương',
  'Tô Hiến Thành',
  'Lý Thường Kiệt',
];
const WARDS = ['phường Đống Đa', 'xã Đắk Hà', 'đặc khu Côn Đảo', 'phường Hải Châu', 'xã Ea Kao', 'phường Ngũ Hành Sơn'];
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';

function code(i: number): string {
  let n = i * 7919 + 104729;
  let s = '';
  for (let j = 0; j < 8; j++) {
    s += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length) + j * 31;
  }
  return s;
}

export function benchInput(i: number): PosterInput {
  const kind = KINDS[i % KINDS.length] ?? '';
  const name = NAMES[Math.floor(i / KINDS.length) % NAMES.length] ?? '';
  const ward = WARDS[Math.floor(i / (KINDS.length * NAMES.length)) % WARDS.length] ?? '';
  const c = code(i);
  return {
    url: `https://hailong.sogd.example.vn/f/${c}`,
    shortUrl: `hailong.sogd.example.vn/f/${c}`,
    unitName: `${kind} ${name}${i % 3 === 0 ? `, ${ward}` : ''} (số ${i + 1})`,
    surveyTitle: i % 2 ? 'Khảo sát sự hài lòng của cha mẹ học sinh' : 'Khảo sát sự hài lòng về thủ tục hành chính',
  };
}

/** A full GC before each sample, so heap figures show what is retained, not what awaits collection. */
const gc = ((): (() => void) | undefined => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

function memory(at: string): MemorySample {
  gc?.();
  const m = process.memoryUsage();
  return { at, rssMb: Math.round(m.rss / 2 ** 20), heapUsedMb: Math.round(m.heapUsed / 2 ** 20) };
}

const round = (v: number, digits = 2): number => Math.round(v * 10 ** digits) / 10 ** digits;

export async function main(
  opts: { posters?: number; pngPosters?: number; dpi?: number; log?: (line: string) => void } = {},
): Promise<PosterBenchFigures> {
  const posters = opts.posters ?? Number(process.env.POSTERS ?? 1000);
  const pngPosters = opts.pngPosters ?? Number(process.env.PNG_POSTERS ?? 200);
  const dpi = opts.dpi ?? 150;
  const log = opts.log ?? ((line: string) => console.log(line));
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const date = new Date().toISOString();
  log(`Poster benchmark — ${date}`);
  log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, Node ${machine.node}, ${machine.platform}`,
  );

  // Warm up: fonts, pdfkit, resvg.
  await renderPosterPng(benchInput(0), 'A4', { dpi: 72 });
  await renderPosterSvg(benchInput(0), 'A4');

  // 1. Streamed PDF to a temp file.
  const dir = await mkdtemp(join(os.tmpdir(), 'hailong-posters-bench-'));
  const file = join(dir, 'posters-a4.pdf');
  const samples: MemorySample[] = [memory('before')];
  const checkpoints = new Set([0.25, 0.5, 0.75].map((f) => Math.round(posters * f)));
  async function* rows(): AsyncGenerator<PosterInput> {
    for (let i = 0; i < posters; i++) {
      if (checkpoints.has(i)) samples.push(memory(String(i)));
      yield benchInput(i);
    }
    samples.push(memory(String(posters)));
  }
  let t0 = performance.now();
  const { pages } = await streamPosterPdf(rows(), 'A4', createWriteStream(file));
  const pdfSeconds = (performance.now() - t0) / 1000;
  const fileMb = round((await stat(file)).size / 2 ** 20);
  await rm(dir, { recursive: true, force: true });
  samples.push(memory('after'));
  const pdf = {
    posters,
    pages,
    seconds: round(pdfSeconds),
    postersPerSecond: round(posters / pdfSeconds, 1),
    fileMb,
    memory: samples,
  };
  log(
    `PDF: ${pages} A4 pages streamed to one file (${fileMb} MB) in ${pdf.seconds} s — ${pdf.postersPerSecond} posters/s`,
  );
  for (const s of samples) log(`  memory at ${s.at.padStart(6)}: rss ${s.rssMb} MB, heap ${s.heapUsedMb} MB`);

  // 2. SVG (standalone, fonts embedded).
  let svgBytes = 0;
  t0 = performance.now();
  for (let i = 0; i < posters; i++) svgBytes += (await renderPosterSvg(benchInput(i), 'A4')).length;
  const svgSeconds = (performance.now() - t0) / 1000;
  const svg = {
    posters,
    seconds: round(svgSeconds),
    postersPerSecond: round(posters / svgSeconds, 1),
    averageKb: round(svgBytes / posters / 1024, 1),
  };
  log(
    `SVG: ${posters} A4 posters in ${svg.seconds} s — ${svg.postersPerSecond} posters/s (${svg.averageKb} KB each, fonts embedded)`,
  );

  // 3. PNG, rendered off the main thread, as many at once as there are cores.
  const concurrency = Math.max(1, machine.cores);
  let pngBytes = 0;
  let next = 0;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < pngPosters) {
        const i = next++;
        pngBytes += (await renderPosterPng(benchInput(i), 'A4', { dpi })).length;
      }
    }),
  );
  const pngSeconds = (performance.now() - t0) / 1000;
  const png = {
    posters: pngPosters,
    dpi,
    concurrency,
    seconds: round(pngSeconds),
    postersPerSecond: round(pngPosters / pngSeconds, 1),
    averageKb: round(pngBytes / Math.max(1, pngPosters) / 1024, 1),
  };
  log(
    `PNG: ${pngPosters} A4 posters at ${dpi} dpi in ${png.seconds} s — ${png.postersPerSecond} posters/s (${concurrency} at a time, ${png.averageKb} KB each)`,
  );
  log(`Memory after all: ${JSON.stringify(memory('end'))}`);

  return { date, machine, pdf, svg, png };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
