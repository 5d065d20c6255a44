/**
 * The Node flags every process of the app is started with (package.json scripts, the
 * Dockerfile, bin/kpi.js, the benchmark's and the tests' child processes, vitest's forks).
 *
 * --no-memory-protection-keys: on CPUs with memory protection keys (AMD EPYC, Intel Xeon:
 * Linux shows `pku` in /proc/cpuinfo), V8's ThreadIsolation write-protects JIT pages with
 * them, and its process-wide JIT page map can miss a page while worker threads compile and
 * free code: the process aborts with "Check failed: jit_page.has_value()" (V8 bug, in the V8
 * of Node 18 to 24; archestra-ai/archestra#6177 diagnoses it, rubyjs/libv8-node#53 disables
 * the keys for the same reason). This app runs ingests, snapshot rebuilds and queries on
 * worker threads, and the abort was seen here once in the suite on such a CPU. The flag turns
 * the protection off for the process (V8 checks it when the process starts: it cannot be set
 * later, nor through NODE_OPTIONS, which refuses it).
 */
export const NODE_FLAGS: readonly string[] = ['--no-memory-protection-keys'];
