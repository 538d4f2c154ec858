/** Checks a batch's input file the way the Batch API does before running it, with the project's
 *  own validation core: every error-severity diagnostic becomes one entry of `errors.data`. */
import { analyzeLine, BatchModel, type LineFacts, splitLines } from '../../../server/src/core';

export interface BatchErrorEntry {
  code: string;
  message: string;
  param: string | null;
  /** 1-based line number, or null for problems of the whole batch. */
  line: number | null;
}

/** One request of a valid input file, ready to run. */
export interface InputRequest {
  /** 1-based line number. */
  line: number;
  customId: string;
  body: Record<string, unknown>;
}

export type InputCheck =
  | { ok: true; requests: InputRequest[]; model: string | null }
  | { ok: false; errors: BatchErrorEntry[]; model: string | null };

/** The API stops listing problems at some point; so does the emulator. */
export const MAX_REPORTED_ERRORS = 1000;

export function checkInput(text: string, endpoint: string): InputCheck {
  const lines = splitLines(text);
  const facts: LineFacts[] = lines.map((line) => analyzeLine(line.text));
  const model = new BatchModel();
  model.replace(0, 0, facts.map((f, i) => ({ facts: f, eolBytes: lines[i].eol.length })));
  const summary = model.summary();

  const errors: BatchErrorEntry[] = [];
  for (const diagnostic of model.diagnostics((i) => lines[i]?.text)) {
    if (diagnostic.severity !== 'error') continue;
    // The core compares each line's url with the file's most common endpoint; the API compares
    // it with the endpoint the batch was created for, which is checked below instead.
    if (diagnostic.code === 'invalid_url') continue;
    errors.push({ code: diagnostic.code, message: diagnostic.message, param: diagnostic.param, line: diagnostic.line + 1 });
  }
  facts.forEach((fact, i) => {
    const reported = errors.some((e) => e.line === i + 1 && e.param === 'url');
    if (fact.url !== undefined && fact.url !== endpoint && !reported) {
      errors.push({
        code: 'invalid_url',
        param: 'url',
        line: i + 1,
        message: `This request's url "${fact.url}" does not match the batch's endpoint "${endpoint}": every request of a batch must go to that endpoint.`,
      });
    }
  });
  if (errors.length > 0) {
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS), model: summary.model };
  }

  const requests: InputRequest[] = [];
  lines.forEach((line, i) => {
    if (facts[i].blank) return;
    const row = JSON.parse(line.text.replace(/^\uFEFF/, '')) as { custom_id: string; body: Record<string, unknown> };
    requests.push({ line: i + 1, customId: row.custom_id, body: row.body });
  });
  return { ok: true, requests, model: summary.model };
}
