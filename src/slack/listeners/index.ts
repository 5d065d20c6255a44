import type { App } from '@slack/bolt';
import type { SlackDeps } from '../deps.ts';
import { registerAnswerActions } from './actions.ts';
import { registerKpiCommand } from './command.ts';
import { registerFileImport } from './files.ts';
import { registerHome } from './home.ts';
import { registerImportConfirm } from './import-confirm.ts';
import { registerModal } from './modal.ts';

/** Every listener, registered in one place (plus the extensions' own, e.g. alert buttons). */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerKpiCommand(app, deps);
  registerAnswerActions(app, deps);
  registerModal(app, deps);
  registerHome(app, deps);
  registerFileImport(app, deps);
  registerImportConfirm(app, deps);
  deps.extensions.register?.(app, {
    refuse: (...args) => deps.editors.refuse(...args),
    record: (change) => deps.services.recordChange(change),
  });
}
