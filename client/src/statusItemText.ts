/** What the language status item of a JSON Lines file says: for a batch file its request count
 *  and model at a glance (and the estimated cost once counted), the endpoint, tokens and estimate
 *  in its detail, a sentence for screen readers, and the action that fits the file. Pure. */
import * as l10n from '@vscode/l10n';
import { type BatchCost, describeEstimate, describeTokens, usd } from '../../common/src/cost';
import { plural } from '../../common/src/plural';

/** The item as shown for any JSON Lines file (the end-to-end tests' `statusItem()`): what the
 *  user reads and hears, and its action. */
export interface ShownStatusItem {
  text: string;
  detail: string;
  accessibilityLabel: string;
  command: { title: string; command: string } | null;
}

export interface StatusItemText {
  /** With a codicon (`$(layers)`), which screen readers would read out: hence `accessibilityLabel`. */
  text: string;
  detail: string;
  accessibilityLabel: string;
  /** The item's action. */
  action: 'showProblems' | 'submit' | 'treatAsBatch';
}

/** `$0.0012`, `≤ $0.0072` (with the output at its cap), `$0.0012 + output` (no cap); undefined
 *  without a price. */
export function shortCost(cost: BatchCost): string | undefined {
  const { input, output, total } = cost.estimatedCostUsd;
  if (input === null) return undefined;
  if (output === 0) return usd(input);
  if (output === null || total === null) return l10n.t('{0} + output', usd(input));
  return `≤ ${usd(total)}`;
}

/** What the server's status (`BatchStatusParams`) says of the file; declared here so that the
 *  end-to-end suite can import this file's types without the protocol's. */
export interface StatusFacts {
  isBatch: boolean;
  requests: number;
  endpoint: string | null;
  model: string | null;
  errors: number;
  warnings: number;
}

export function statusItemText(status: StatusFacts | undefined, cost: BatchCost | undefined, locale: string): StatusItemText {
  if (!status?.isBatch)
    return {
      text: l10n.t('JSON Lines'),
      detail: l10n.t('not a batch file'),
      accessibilityLabel: l10n.t('JSON Lines: not a batch file, so Batch Studio does not check it'),
      action: 'treatAsBatch',
    };
  const requests = plural(status.requests, l10n.t('request'), l10n.t('requests'), locale);
  const price = cost ? shortCost(cost) : undefined;
  const text = ['$(layers) ' + requests, status.model, price].filter(Boolean).join(' · ');
  const estimate = cost ? `${describeTokens(cost)}; ${describeEstimate(cost, status.model)}` : l10n.t('counting tokens…');
  // The model is in the text already; the detail says where the requests go and what they cost.
  const noEndpoint = l10n.t('no endpoint yet');
  const noModel = l10n.t('no model yet');
  const detail = [status.endpoint ?? noEndpoint, ...(status.model ? [] : [noModel]), estimate].join(' · ');
  const problems = [
    status.errors > 0 ? plural(status.errors, l10n.t('error'), l10n.t('errors'), locale) : undefined,
    status.warnings > 0 ? plural(status.warnings, l10n.t('warning'), l10n.t('warnings'), locale) : undefined,
  ].filter((problem) => problem !== undefined);
  const accessibilityLabel = [
    l10n.t('Batch file: {0}', requests),
    status.endpoint ? l10n.t('to {0}', status.endpoint) : noEndpoint,
    status.model ? l10n.t('model {0}', status.model) : noModel,
    cost ? describeEstimate(cost, status.model) : undefined,
    problems.length === 2 ? l10n.t('{0} and {1}', problems[0], problems[1]) : (problems[0] ?? l10n.t('no problems')),
  ]
    .filter(Boolean)
    .join(', ');
  return { text, detail, accessibilityLabel, action: problems.length > 0 ? 'showProblems' : 'submit' };
}
