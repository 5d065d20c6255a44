import { foldLabel } from '../model/channel.ts';

/** A funnel stage a CRM's stage or status text implies. */
export type ImpliedStage = 'mql' | 'sql' | 'opportunity' | 'customer' | 'lost';

// HubSpot lifecycle stages, Salesforce lead statuses and opportunity stages, Pipedrive deal
// statuses (won / lost / open), in English and French (and Pipedrive's pt-BR statuses), folded
// with foldLabel.
const STAGES: ReadonlyMap<string, ImpliedStage> = new Map(
  Object.entries({
    'marketing qualified lead': 'mql',
    marketingqualifiedlead: 'mql',
    mql: 'mql',
    'lead qualifie marketing': 'mql',
    'sales qualified lead': 'sql',
    salesqualifiedlead: 'sql',
    sql: 'sql',
    'lead qualifie commercial': 'sql',
    qualified: 'sql',
    qualifie: 'sql',
    'working contacted': 'sql',
    'closed converted': 'opportunity',
    opportunity: 'opportunity',
    opportunite: 'opportunity',
    open: 'opportunity',
    prospecting: 'opportunity',
    qualification: 'opportunity',
    'needs analysis': 'opportunity',
    'value proposition': 'opportunity',
    'id decision makers': 'opportunity',
    'perception analysis': 'opportunity',
    'proposal price quote': 'opportunity',
    'negotiation review': 'opportunity',
    customer: 'customer',
    client: 'customer',
    evangelist: 'customer',
    won: 'customer',
    'closed won': 'customer',
    gagne: 'customer',
    // Salesforce opportunity stages in French ("Fermée gagnée", "Fermée/Gagnée").
    'fermee gagnee': 'customer',
    'fermee perdue': 'lost',
    // Pipedrive's deal status in a pt-BR export.
    aberto: 'opportunity',
    ganho: 'customer',
    perdido: 'lost',
    lost: 'lost',
    'closed lost': 'lost',
    'closed not converted': 'lost',
    perdu: 'lost',
  } satisfies Record<string, ImpliedStage>),
);

/** The stage a `stage` / `status` cell implies, or null (subscriber, lead, unknown text). */
export function impliedStage(raw: string | null): ImpliedStage | null {
  if (raw === null) return null;
  // A stage column holds a handful of texts on every row: each is folded once.
  let stage = IMPLIED.get(raw);
  if (stage === undefined) {
    if (IMPLIED.size > 10_000) IMPLIED.clear();
    stage = STAGES.get(foldLabel(raw)) ?? null;
    IMPLIED.set(raw, stage);
  }
  return stage;
}
const IMPLIED = new Map<string, ImpliedStage | null>();

const STAGE_FIELD: Readonly<Record<ImpliedStage, string>> = {
  mql: 'mqlAt',
  sql: 'sqlAt',
  opportunity: 'opportunityAt',
  customer: 'customerAt',
  lost: 'lostAt',
};

/**
 * Dates the stage a row's stage or status implies when its own date is missing (no column, or
 * an empty cell): won / lost use the close date, else the last update, else the creation date;
 * earlier stages use the last update, else the creation date. Only the implied stage is dated:
 * stages before it are not invented. Returns the field it filled, or null.
 */
export function inferStageDate(values: Record<string, unknown>, stageText: string | null): string | null {
  const stage = impliedStage(stageText);
  if (stage === null) return null;
  const field = STAGE_FIELD[stage];
  if (values[field] != null) return null;
  const closing = stage === 'customer' || stage === 'lost';
  const when = (closing ? values.closedAt : null) ?? values.updatedAt ?? values.createdAt;
  if (typeof when !== 'number') return null;
  values[field] = when;
  return field;
}
