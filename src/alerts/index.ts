/** The alerts area's public surface: rules, the pure state machine, notification, Slack wiring. */
export type { AlertActionDeps } from './actions.ts';
export { registerAlertActions } from './actions.ts';
export { ALERT_ACTIONS } from './blocks.ts';
export { alertHomeLines, createAlertsCommandHandler, describeRule } from './commands.ts';
export type { AlertAction, AlertState, Evaluation, EvaluationRule, Observation } from './evaluate.ts';
export { evaluate, INITIAL_STATE } from './evaluate.ts';
export type { MeasureContext, SourceAge } from './measure.ts';
export { measure } from './measure.ts';
export type { AlertNotifier, AlertNotifierOptions, NotifyOutcome } from './notify.ts';
export { ALERT_EVENT, createAlertNotifier } from './notify.ts';
export type {
  AlertRule,
  ConfigRule,
  LeadCollapseRule,
  MetricRule,
  StaleSourceRule,
  Threshold,
} from './rules.ts';
export { builtinRules, ruleFromConfig, ruleFromSpec, scopeKey } from './rules.ts';
export { startAlertSchedule } from './schedule.ts';
export type { AlertService, AlertServiceDeps, EvaluationReport } from './service.ts';
export { createAlertService } from './service.ts';
