export type { CommandContext } from './grammar.ts';
export { MAX_COMMAND_LENGTH, parseCommand } from './grammar.ts';
export type { HelpSection } from './help.ts';
export { HELP_EXAMPLES, helpSections, renderHelpText } from './help.ts';
export { DEFAULT_METRICS, FUNNEL_METRICS } from './metrics.ts';
export type {
  AlertOp,
  AlertRuleSpec,
  AlertThreshold,
  ChannelRef,
  Command,
  CommandErrorCode,
  DigestTarget,
  IsoWeek,
  UserRef,
  Weekday,
} from './types.ts';
export { CommandError, WEEKDAYS } from './types.ts';
export type { Vocabulary } from './vocabulary.ts';
export { vocabularyFrom } from './vocabulary.ts';
