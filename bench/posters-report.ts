/**
 * Runs the poster renderer's benchmark (bench/posters.ts) and writes its figures into
 * docs/benchmarks.md. Goal: 1,000 posters in under 10 s with flat memory.
 *
 *   npx tsx bench/posters-report.ts
 */
import { pathToFileURL } from 'node:url';
import { main as posters } from './posters.js';
import { machineLine, writeSection } from './report.js';

async function main() {
  const f = await posters();
  const mem = f.pdf.memory;
  const heap = mem.map((s) => s.heapUsedMb);
  const rss = mem.map((s) => s.rssMb);
  const met = f.pdf.posters >= 1000 && f.pdf.seconds < 10;
  await writeSection(
    'posters',
    `## QR posters (bench/posters.ts)

Measured ${f.date.slice(0, 10)} on ${machineLine()}. Distinct A4 posters (Vietnamese unit names, QR code,
embedded Be Vietnam Pro), rendered by server/posters/render.ts as \`GET /api/v1/posters.pdf\` does.

| Output | Posters | Time | Rate | Size |
| --- | ---: | ---: | ---: | ---: |
| One PDF, streamed page by page to a file | ${f.pdf.posters} | ${f.pdf.seconds} s | ${f.pdf.postersPerSecond}/s | ${f.pdf.fileMb} MB |
| SVG (fonts embedded), one by one | ${f.svg.posters} | ${f.svg.seconds} s | ${f.svg.postersPerSecond}/s | ${f.svg.averageKb} KB each |
| PNG at ${f.png.dpi} dpi, ${f.png.concurrency} at a time | ${f.png.posters} | ${f.png.seconds} s | ${f.png.postersPerSecond}/s | ${f.png.averageKb} KB each |

Memory while streaming the PDF (after a full GC at each sample): heap ${Math.min(...heap)}–${Math.max(...heap)} MB,
RSS ${Math.min(...rss)}–${Math.max(...rss)} MB (${mem.map((s) => `${s.at}: ${s.heapUsedMb}`).join(', ')} MB heap).

Goal 1,000 posters in under 10 s with flat memory: **${met ? 'met' : 'NOT met'}** (${f.pdf.seconds} s).
`,
  );
  console.log('docs/benchmarks.md updated (section posters)');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
