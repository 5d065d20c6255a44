import cron from 'node-cron';
import { z } from 'zod';
import { parseSpanText } from '../command/period-span.ts';
import { DEFAULT_STAGE_LAG_DAYS } from '../digest/types.ts';
import { BREAKDOWN_FIELDS, grainKey, parseGrain } from '../ingest/level.ts';
import { ColumnMappingSchema } from '../ingest/map.ts';
import { REPORT_LEVELS } from '../ingest/preset.ts';
import { METRIC_IDS, type PeriodSpec, RELATIVE_PERIODS } from '../kpi/query.ts';
import { DIMENSIONS, type Dimension } from '../model/dimension.ts';
import { CurrencySchema } from '../model/money.ts';
import { canonicalTimeZone } from '../shared/time-zone.ts';

// Any zone the runtime knows, aliases such as CET included, kept under its canonical name.
const TimeZone = z.string().transform((zone, ctx) => {
  const canonical = canonicalTimeZone(zone);
  if (canonical === null) {
    ctx.addIssue({ code: 'custom', message: 'an IANA time zone such as Europe/Paris' });
    return z.NEVER;
  }
  return canonical;
});
const Positive = z.number().positive();
const Share = z.number().gt(0).lt(1);
const DateOrder = z.enum(['dmy', 'mdy', 'ymd']);
const Name = z.string().trim().min(1);

// The platform as cost rows name it (`source`): google, bing, facebook, linkedin; common names too.
const PLATFORM_ALIASES: Readonly<Record<string, string>> = {
  meta: 'facebook',
  'meta-ads': 'facebook',
  instagram: 'facebook',
  microsoft: 'bing',
  'microsoft-ads': 'bing',
  'google-ads': 'google',
  adwords: 'google',
};
const Platform = z
  .string()
  .trim()
  .min(1)
  .transform((p) => PLATFORM_ALIASES[p.toLowerCase()] ?? p.toLowerCase());
// A level, optionally with the breakdowns it is split by: ad_group, ad_set, ad+age+gender.
const Grain = z.string().transform((text, ctx) => {
  const grain = parseGrain(text);
  if (grain === null) {
    ctx.addIssue({
      code: 'custom',
      message: `a report level (${REPORT_LEVELS.join(', ')}; ad_set for Meta), optionally with breakdowns (${BREAKDOWN_FIELDS.join(', ')}) as ad+age+gender`,
    });
    return z.NEVER;
  }
  return grainKey(grain);
});

const Workspace = z.strictObject({
  timeZone: TimeZone.default('Europe/Paris'),
  currency: CurrencySchema.default('EUR'),
  locale: z.enum(['en', 'fr']).default('en'),
  /** Rates to the workspace currency: `{ USD: 0.92 }` multiplies USD amounts by 0.92. */
  rates: z.record(CurrencySchema, Positive).optional(),
  /**
   * The report level to keep per ad platform when files downloaded at different levels cover
   * the same spend (a campaign report and an ad-group report of the same days), e.g.
   * `{ google: ad_group, facebook: campaign }`. Without it such a file is refused.
   */
  keepLevel: z.record(Platform, Grain).optional(),
});

const ClvModel = z.union([
  z
    .strictObject({ averageOrderValue: Positive.optional(), purchaseFrequency: Positive, lifetime: Positive })
    .transform((m) => ({ kind: 'frequency' as const, ...m })),
  z
    .strictObject({ margin: Positive, churn: z.number().gt(0).max(1) })
    .transform((m) => ({ kind: 'margin' as const, ...m })),
]);

const Targets = z.strictObject({
  clv: Positive.optional(),
  clvModel: ClvModel.optional(),
  ltvCacRatio: Positive.default(3),
});

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `90s`, `30m`, `2h`, `1d`, `1w` (or `0`) as milliseconds. */
const Duration = z
  .union([
    z.literal(0),
    z.string().regex(/^\d+(\.\d+)?[smhdw]$/, { message: 'a duration such as 30m, 2h or 1d' }),
  ])
  .transform((v) => (v === 0 ? 0 : Number(v.slice(0, -1)) * UNIT_MS[v.slice(-1) as keyof typeof UNIT_MS]));

/**
 * When a source is read again by itself: a cron expression (node-cron, 5 or 6 fields, in the
 * workspace time zone) or `on-change` (files and folders: read when a file appears or changes).
 */
const Refresh = z.union([
  z.literal('on-change'),
  z.literal('off'),
  z
    .string()
    .refine((v) => cron.validate(v), { message: 'a cron expression such as "0 * * * *", or on-change' }),
]);

/** The days a source's files cover (campaign grids with no date per row): `2026-02`, `from=… to=…`. */
const SpanPeriod = z.string().refine((v) => parseSpanText(v, 'en') !== null, {
  message: 'a period such as 2026-02, 2026-W05, 2026-Q1 or "from=2026-01-27 to=2026-02-23"',
});

const FileSource = z.strictObject({
  type: z.literal('file'),
  refresh: Refresh.optional(),
  name: Name,
  /** A file, a folder or a glob; relative to the config file. */
  path: Name,
  preset: Name.optional(),
  dateOrder: DateOrder.optional(),
  currency: CurrencySchema.optional(),
  mapping: ColumnMappingSchema.optional(),
  period: SpanPeriod.optional(),
});

/** A folder watched for exports: each new or changed file is ingested once (keyed by content hash). */
const FolderSource = z.strictObject({
  type: z.literal('folder'),
  name: Name,
  /** The folder; relative to the config file. */
  path: Name,
  /** Which files of the folder are exports (default: csv, tsv and txt files, not in sub-folders). */
  glob: Name.default('*.{csv,tsv,txt}'),
  preset: Name.optional(),
  dateOrder: DateOrder.optional(),
  currency: CurrencySchema.optional(),
  mapping: ColumnMappingSchema.optional(),
  period: SpanPeriod.optional(),
  refresh: Refresh.optional(),
});

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date as YYYY-MM-DD' });

/** HubSpot CRM (private-app token in HUBSPOT_ACCESS_TOKEN). */
const HubSpotSource = z.strictObject({
  type: z.literal('hubspot'),
  name: Name,
  /**
   * Also read the contacts' deals: won amounts become their revenue (and the first won close
   * date their customer date when the lifecycle stage has none), open amounts their pipeline.
   */
  deals: z.boolean().default(false),
  /** Incremental pulls start this long before the last sync (HubSpot's search index lags). */
  overlap: Duration.prefault('1h'),
  /** The portal's company currency when it is not the workspace's (amounts are converted or refused). */
  currency: CurrencySchema.optional(),
  refresh: Refresh.optional(),
});

/** Meta Ads insights of one ad account (token in META_ACCESS_TOKEN). */
const MetaAdsSource = z.strictObject({
  type: z.literal('meta-ads'),
  name: Name,
  accountId: z.string().regex(/^act_\d+$/, { message: 'the ad account id, e.g. act_1234567890' }),
  /** First pull: from this day (default: 90 days back). */
  since: IsoDay.optional(),
  /** Days re-pulled on every refresh, because Meta restates recent days (default 28). */
  restateDays: z.number().int().min(1).max(90).default(28),
  refresh: Refresh.optional(),
});

const SheetRange = z
  .strictObject({
    /** A1 range, e.g. `Leads!A:Z` or a tab name. */
    range: Name,
    preset: Name.optional(),
    mapping: ColumnMappingSchema.optional(),
    dateOrder: DateOrder.optional(),
  })
  .refine((r) => !(r.preset && r.mapping), { message: 'give a preset or a mapping, not both' });

const SheetsSource = z
  .strictObject({
    type: z.literal('sheets'),
    name: Name,
    spreadsheetId: z.string().regex(/^[\w-]{10,}$/, { message: 'the id from the sheet URL (/d/<id>/edit)' }),
    leads: SheetRange.optional(),
    spend: SheetRange.optional(),
    currency: CurrencySchema.optional(),
    /** Service-account key file for this sheet (default: GOOGLE_APPLICATION_CREDENTIALS / ADC). */
    credentials: Name.optional(),
    refresh: Refresh.optional(),
  })
  .refine((s) => s.leads || s.spend, { message: 'a sheets source needs a leads or a spend range' });

// A source without `type` is a file source.
const Source = z.preprocess(
  (v) => (v && typeof v === 'object' && !('type' in v) ? { ...v, type: 'file' } : v),
  z.discriminatedUnion('type', [FileSource, FolderSource, SheetsSource, HubSpotSource, MetaAdsSource]),
);

/** How sources keep fresh (section `refresh`). */
const RefreshSettings = z.strictObject({
  /** Digests and alert evaluations first re-read any source older than this (default 30m). */
  maxAge: Duration.prefault('30m'),
  /** After this many failed refreshes in a row, the admin channel is told (default 3). */
  failuresBeforeAlert: z.number().int().min(1).default(3),
  /** How often watched files and folders are scanned for changes (default 30s). */
  scanEvery: Duration.prefault('30s'),
});

const WEEKDAY = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;
const Day = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']).transform((d) => WEEKDAY[d]);
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'a time as HH:mm (24 h)' });

const Subscription = z
  .strictObject({
    channel: Name.optional(),
    user: Name.optional(),
    day: Day.prefault('mon'),
    time: Time.default('09:00'),
    timeZone: TimeZone.optional(),
    locale: z.enum(['en', 'fr']).optional(),
  })
  .refine((s) => (s.channel === undefined) !== (s.user === undefined), {
    message: 'give a channel or a user',
  })
  .transform(({ channel, user, ...rest }) => ({
    target: channel ? { kind: 'channel' as const, id: channel } : { kind: 'user' as const, id: user ?? '' },
    ...rest,
  }));

/** Days a lead has to reach a stage after the one before, for the digest's stage conversions. */
const LagDays = z.number().int().min(1).max(365);
const StageLagDays = z.strictObject({
  mql: LagDays.default(DEFAULT_STAGE_LAG_DAYS.mql),
  sql: LagDays.default(DEFAULT_STAGE_LAG_DAYS.sql),
  customer: LagDays.default(DEFAULT_STAGE_LAG_DAYS.customer),
});

const Digest = z.strictObject({
  subscriptions: z.array(Subscription).default([]),
  dropThreshold: Share.default(0.2),
  alpha: Share.default(0.05),
  minVolume: z.number().int().nonnegative().default(30),
  baselineWeeks: z.number().int().min(1).max(52).default(4),
  graceHours: z.number().nonnegative().default(6),
  /** How long a replica's claim on a digest or alert post holds: a crashed post is adopted after it. */
  runLeaseMinutes: z.number().min(0.5).max(120).default(10),
  adminChannel: Name.optional(),
  staleAfterHours: Positive.default(48),
  /** valid → MQL, MQL → SQL and SQL → customer: a stage counts as converted within this many days. */
  stageLagDays: StageLagDays.prefault({}),
});

/** `7d` (the last 7 days) or a relative period name (`last-week`, `mtd`, …). */
const Window = z
  .string()
  .refine((v) => /^\d+d$/.test(v) || (RELATIVE_PERIODS as readonly string[]).includes(v), {
    message: `7d (last N days) or one of ${RELATIVE_PERIODS.join(', ')}`,
  })
  .transform(
    (v): PeriodSpec =>
      /^\d+d$/.test(v)
        ? { kind: 'last-days', days: Number(v.slice(0, -1)) }
        : { kind: 'relative', name: v as (typeof RELATIVE_PERIODS)[number] },
  );

const Filters = z.partialRecord(z.enum(DIMENSIONS), z.union([Name, z.array(Name).min(1)])).transform((f) =>
  Object.entries(f).map(([dimension, v]) => ({
    dimension: dimension as Dimension,
    values: Array.isArray(v) ? v : [v],
  })),
);

const Threshold = z.union([
  z.number(),
  z.strictObject({ relative: z.number(), baseline: z.enum(['previous']).default('previous') }),
  z.strictObject({ target: z.literal('clv_ratio') }),
]);

const Rule = z.strictObject({
  id: Name.optional(),
  metric: z.enum(METRIC_IDS),
  op: z.enum(['>', '>=', '<', '<=']),
  threshold: Threshold,
  filters: Filters.prefault({}),
  window: Window.prefault('7d'),
  channel: Name,
  renotify: Duration.prefault('24h'),
  pendingFor: Duration.prefault(0),
  minVolume: z.number().int().nonnegative().default(30),
});

const LeadCollapse = z.union([
  z.boolean().transform((enabled) => ({ enabled, ratio: 0.2, weeks: 4, minBaseline: 10 })),
  z
    .strictObject({
      ratio: Share.default(0.2),
      weeks: z.number().int().min(1).default(4),
      minBaseline: z.number().int().nonnegative().default(10),
    })
    .transform((c) => ({ enabled: true, ...c })),
]);

const Alerts = z.strictObject({
  rules: z.array(Rule).default([]),
  builtIn: z
    .strictObject({
      /** Where built-in alerts post (default: digest.adminChannel). */
      channel: Name.optional(),
      staleSourceHours: Positive.default(48),
      leadCollapse: LeadCollapse.prefault(true),
    })
    .prefault({}),
});

const Editors = z.strictObject({
  users: z.array(Name).optional(),
  usergroups: z.array(Name).optional(),
});

const Access = z.strictObject({
  channels: z.array(Name).optional(),
  users: z.array(Name).optional(),
  usergroups: z.array(Name).optional(),
  /**
   * Who may change data and configuration: import, refresh, alert rules, channel subscriptions,
   * undo. Absent: the workspace's owners and admins.
   */
  editors: Editors.optional(),
});

/** The trail of changes (`/kpi history`). */
const History = z.strictObject({
  /** How long changes (and the previous row values that make an import undoable) are kept. */
  keepDays: z.number().int().positive().default(400),
});

/** Imports through Slack (a DM upload, `/kpi import`). */
const Imports = z.strictObject({
  /** The largest file downloaded from Slack, in MB (default 200). */
  maxFileMb: z.number().positive().default(200),
  /**
   * An import that would change more than this share of the stored rows of its origin, or more
   * than `confirmStageDates` stage dates, first asks an editor to confirm (Apply / Cancel, 24 h).
   */
  confirmShare: Share.default(0.2),
  confirmStageDates: z.number().int().nonnegative().default(100),
});

/** The YAML config file (kpi.yaml). Every object is strict: an unknown key is an error. */
export const ConfigSchema = z.strictObject({
  workspace: Workspace.prefault({}),
  targets: Targets.prefault({}),
  sources: z.array(Source).default([]),
  refresh: RefreshSettings.prefault({}),
  digest: Digest.prefault({}),
  alerts: Alerts.prefault({}),
  access: Access.prefault({}),
  imports: Imports.prefault({}),
  history: History.prefault({}),
});
