#!/usr/bin/env node
// Launcher for `npx kpi`: Node >= 22.18 runs the TypeScript sources directly (type stripping).
import '../src/cli/kpi.ts';
