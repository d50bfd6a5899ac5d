/**
 * Self time per function and per file of V8 CPU profiles (from bench/cpu-profile-hook.mjs or
 * `node --cpu-prof`), largest first.
 *
 *   node bin/run-ts.js bench/profile-summary.ts <file.cpuprofile>... [--top 25]
 */
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const ROOT = `${path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')}/`;

function summarise(file: string, top: number): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const micros = profile.timeDeltas[index] ?? 0;
    const where = frame.url.replace('file://', '').replace(ROOT, '') || frame.functionName;
    const name = `${frame.functionName || '(anonymous)'}  ${where}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byFile.set(where, (byFile.get(where) ?? 0) + micros);
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${String(Math.round(micros / 1000)).padStart(8)} ms  ${name}`)
      .join('\n');
  const totalMs = Math.round((profile.endTime - profile.startTime) / 1000);
  return `${file}: ${totalMs} ms\n-- self time by function\n${list(byFunction)}\n-- by file\n${list(byFile)}\n`;
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
const files = args.filter((arg, index) => arg !== '--top' && index !== topAt + 1);
if (files.length === 0) {
  console.error('usage: profile-summary.ts <file.cpuprofile>... [--top N]');
  process.exitCode = 2;
}
for (const file of files) console.log(summarise(file, top));
