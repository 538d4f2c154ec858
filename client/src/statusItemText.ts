/** What the language status item of a JSON Lines file says: for a batch file its request count
 *  and model at a glance (and the estimated cost once counted), the endpoint, tokens and estimate
 *  in its detail, a sentence for screen readers, and the action that fits the file. Pure. */
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
  if (output === null || total === null) return `${usd(input)} + output`;
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
      text: 'JSON Lines',
      detail: 'not a batch file',
      accessibilityLabel: 'JSON Lines: not a batch file, so Batch Studio does not check it',
      action: 'treatAsBatch',
    };
  const requests = plural(status.requests, 'request', undefined, locale);
  const price = cost ? shortCost(cost) : undefined;
  const text = ['$(layers) ' + requests, status.model, price].filter(Boolean).join(' · ');
  const estimate = cost ? `${describeTokens(cost)}; ${describeEstimate(cost, status.model)}` : 'counting tokens…';
  // The model is in the text already; the detail says where the requests go and what they cost.
  const detail = [status.endpoint ?? 'no endpoint yet', ...(status.model ? [] : ['no model yet']), estimate].join(' · ');
  const problems = [
    status.errors > 0 ? plural(status.errors, 'error', undefined, locale) : undefined,
    status.warnings > 0 ? plural(status.warnings, 'warning', undefined, locale) : undefined,
  ].filter(Boolean);
  const accessibilityLabel = [
    `Batch file: ${requests}`,
    status.endpoint ? `to ${status.endpoint}` : 'no endpoint yet',
    status.model ? `model ${status.model}` : 'no model yet',
    cost ? describeEstimate(cost, status.model) : undefined,
    problems.length > 0 ? problems.join(' and ') : 'no problems',
  ]
    .filter(Boolean)
    .join(', ');
  return { text, detail, accessibilityLabel, action: problems.length > 0 ? 'showProblems' : 'submit' };
}
