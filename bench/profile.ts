/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, and
 * the inclusive time of the project's entry points, as shares of the whole run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Entry points whose inclusive time is worth knowing (function names). */
const ENTRY_POINTS = [
  'ingestFile',
  'runIngest',
  'readCsv',
  'mapRow',
  'upsertRows',
  'loadSnapshot',
  'addLeads',
  'build',
  'parseCommand',
  'runQuery',
  'scan',
  'computeDigest',
];

/**
 * The profiles a run wrote to `dir` (one per thread: Node names them
 * CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile), the main thread's (thread id 0) first,
 * each summarised; the other threads' (the scan thread, the query workers) with fewer lines.
 */
export function summariseProfile(dir: string, top = 20): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) return '(no profile written)';
  const threadOf = (f: string) => Number(f.split('.').at(-3));
  const ordered = files.sort((a, b) => threadOf(a) - threadOf(b) || a.localeCompare(b));
  const [main, ...others] = ordered;
  const parts = [summariseFile(dir, main!, top)];
  for (const file of others) parts.push(`Thread ${threadOf(file)}:\n${summariseFile(dir, file, 8)}`);
  return parts.join('\n\n');
}

function summariseFile(dir: string, file: string, top: number): string {
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const root = process.cwd();
  const where = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    return `${n.callFrame.functionName || '(anonymous)'} ${url ? `${relative(root, url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  const selfBy = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const k = where(n);
    selfBy.set(k, (selfBy.get(k) ?? 0) + t);
  }
  // Inclusive time per function name, counting each call stack once (no double count on recursion).
  const inclusive = new Map<string, number>();
  const subtree = new Map<number, number>();
  const sizeOf = (id: number): number => {
    const cached = subtree.get(id);
    if (cached !== undefined) return cached;
    const n = byId.get(id);
    let t = self.get(id) ?? 0;
    for (const c of n?.children ?? []) t += sizeOf(c);
    subtree.set(id, t);
    return t;
  };
  const walk = (id: number, open: Set<string>) => {
    const n = byId.get(id);
    if (!n) return;
    const name = n.callFrame.functionName;
    const entered = ENTRY_POINTS.includes(name) && !open.has(name);
    if (entered) {
      inclusive.set(name, (inclusive.get(name) ?? 0) + sizeOf(id));
      open.add(name);
    }
    for (const c of n.children ?? []) walk(c, open);
    if (entered) open.delete(name);
  };
  const rootNode = profile.nodes[0];
  if (rootNode) walk(rootNode.id, new Set());
  const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)} %`;
  const out = [
    `Total sampled: ${(total / 1e6).toFixed(1)} s (${file})`,
    '',
    'Inclusive time of the main steps:',
  ];
  for (const name of ENTRY_POINTS) {
    const t = inclusive.get(name);
    if (t) out.push(`  ${pct(t)}  ${(t / 1e3).toFixed(0).padStart(7)} ms  ${name}`);
  }
  out.push('', `Top ${top} functions by self time:`);
  for (const [k, t] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    out.push(`  ${pct(t)}  ${(t / 1e3).toFixed(0).padStart(7)} ms  ${k}`);
  }
  return out.join('\n');
}

if (import.meta.main) {
  console.log(summariseProfile(process.argv[2] ?? 'tmp/bench/run/prof', Number(process.argv[3] ?? 25)));
}
