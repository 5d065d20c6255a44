import { CATALOGUE } from '../kpi/catalogue.ts';

const UNIT_TEXT = { count: 'count', percent: '%', money: 'money', ratio: 'ratio', days: 'days' } as const;
const GOOD_TEXT = { up: 'higher', down: 'lower', neutral: '—' } as const;

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/**
 * The README's KPI table, generated from the catalogue so the documentation cannot drift from
 * what the engine computes (a test compares the two; `node src/docs/kpi-table.ts` prints it).
 */
export function kpiTableMarkdown(): string {
  const lines = [
    '| id | short (en / fr) | name (en / fr) | formula | unit | better |',
    '|---|---|---|---|---|---|',
    ...CATALOGUE.map(
      (m) =>
        `| \`${m.id}\` | ${cell(m.short.en)} / ${cell(m.short.fr)} | ${cell(m.name.en)} / ${cell(m.name.fr)} | ${cell(m.formula.en)} | ${UNIT_TEXT[m.unit]} | ${GOOD_TEXT[m.good]} |`,
    ),
  ];
  return lines.join('\n');
}

if (import.meta.main) console.log(kpiTableMarkdown());
