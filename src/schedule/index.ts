/** The schedule area's public surface: digest subscriptions, exactly-once posting, triggers. */
export {
  createDigestCommandHandler,
  createDigestPreview,
  digestHomeLines,
  resolveTarget,
} from './commands.ts';
export type { DigestAlerts, DigestAlertsDeps } from './compose.ts';
export { configRules, createDigestAlerts, digestSettings } from './compose.ts';
export type { DigestRendererDeps } from './digest-render.ts';
export { createDigestRenderer } from './digest-render.ts';
export type { DueRun, IsoWeek, Schedule } from './due.ts';
export { cronExpression, digestRunKey, dueRuns, isoWeekOf, scheduledInstants } from './due.ts';
export type { PostHooks, SlackClient, SlackMessage } from './post-once.ts';
export { findOwnMessage, postOnce } from './post-once.ts';
export type {
  DigestContent,
  DigestPoster,
  DigestPosterOptions,
  PostOutcome,
  RenderDigest,
} from './poster.ts';
export { createDigestPoster, DIGEST_EVENT } from './poster.ts';
export type { Run, RunStatus, RunStore } from './runs.ts';
export { createRunStore } from './runs.ts';
export type { Scheduler, SchedulerDeps } from './scheduler.ts';
export { createScheduler, DEFAULT_GRACE_MS, startScheduler } from './scheduler.ts';
export type { DigestTarget, SubscribeRequest, Subscription, SubscriptionService } from './subscriptions.ts';
export { createSubscriptionService, subscriptionId } from './subscriptions.ts';
