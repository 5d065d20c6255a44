// Preloaded with `node --import` by bench/startup/run.ts: prints one line on stderr the first
// time the chart stack (vega, vega-lite, resvg) is resolved, so the bench can tell whether
// start-up loaded it. Uses Node's synchronous module hooks (Node >= 22.15).
import { registerHooks } from 'node:module';

const CHART = /^(vega|vega-lite|@resvg\/resvg-js)$/;
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (CHART.test(specifier) && !seen.has(specifier)) {
      seen.add(specifier);
      process.stderr.write(`chart-stack-loaded ${specifier} at ${Math.round(performance.now())} ms\n`);
    }
    return next(specifier, context);
  },
});
