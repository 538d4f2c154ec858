/** Checks a batch's input file the way the Batch API does, with the project's own validation
 *  entry (the core's validateLines over the uploaded bytes, so lines end where the editor and the
 *  CLI say: \r\n, \n or a lone \r): every error-severity diagnostic becomes one entry of
 *  `errors.data`. Also the quick first-line check of an upload. */
import { splitLines } from '../../../common/src/lineSplitter';
import { bytesLineSource, textLineSource, validateLines } from '../../../server/src/core';

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
  { ok: true; requests: InputRequest[]; model: string | null } | { ok: false; errors: BatchErrorEntry[]; model: string | null };

/** The API stops listing problems at some point; so does the emulator. */
export const MAX_REPORTED_ERRORS = 1000;

/** `content`: the uploaded file's bytes (or its text, in tests). */
export async function checkInput(content: Uint8Array | string, endpoint: string): Promise<InputCheck> {
  const source = typeof content === 'string' ? textLineSource('input.jsonl', content) : bytesLineSource('input.jsonl', content);
  const lines: { text: string; url?: string; blank: boolean }[] = [];
  const { diagnostics, summary } = await validateLines(source, {
    detection: 'always',
    // The core compares each line's url with the file's most common endpoint; the API compares it
    // with the endpoint the batch was created for, which is checked below instead.
    severity: { invalid_url: 'off' },
    maxProblems: Infinity,
    onLine: (line, _index, facts) => void lines.push({ text: line.text, url: facts.url, blank: facts.blank }),
  });

  const errors: BatchErrorEntry[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity !== 'error') continue;
    errors.push({ code: diagnostic.code, message: diagnostic.message, param: diagnostic.param, line: diagnostic.line + 1 });
  }
  lines.forEach(({ url }, i) => {
    const reported = errors.some((e) => e.line === i + 1 && e.param === 'url');
    if (url !== undefined && url !== endpoint && !reported) {
      errors.push({
        code: 'invalid_url',
        param: 'url',
        line: i + 1,
        message: `This request's url "${url}" does not match the batch's endpoint "${endpoint}": every request of a batch must go to that endpoint.`,
      });
    }
  });
  if (errors.length > 0) {
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { ok: false, errors: errors.slice(0, MAX_REPORTED_ERRORS), model: summary.model };
  }

  const requests: InputRequest[] = [];
  lines.forEach(({ text, blank }, i) => {
    if (blank) return;
    const row = JSON.parse(text.replace(/^\uFEFF/, '')) as { custom_id: string; body: Record<string, unknown> };
    requests.push({ line: i + 1, customId: row.custom_id, body: row.body });
  });
  return { ok: true, requests, model: summary.model };
}

/** Why an upload is not a JSON Lines file at first sight (the API looks at the first line only),
 *  or undefined: an empty file, or a first line that is not JSON, is refused at once (the rest
 *  waits for the batch's validation). Reads at most the first megabyte. */
export function firstLineProblem(data: Uint8Array): string | undefined {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 1 << 20));
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return 'the file is empty';
  const [first, ...rest] = splitLines(text);
  // A first line longer than 1 MB: leave it to validation.
  if (rest.length === 0 && data.length > 1 << 20) return undefined;
  if (first.text.trim() === '') return undefined;
  try {
    JSON.parse(first.text);
    return undefined;
  } catch {
    return 'its first line is not JSON';
  }
}

/** The model named by the first line that names one, read cheaply before validation. */
export function firstModel(content: Uint8Array): string | undefined {
  const text = Buffer.from(content.buffer, content.byteOffset, Math.min(content.length, 1 << 20)).toString('utf8');
  for (const { text: line } of splitLines(text).slice(0, 20)) {
    try {
      const model = (JSON.parse(line) as { body?: { model?: unknown } })?.body?.model;
      if (typeof model === 'string') return model;
    } catch {
      // not JSON: try the next line
    }
  }
  return undefined;
}
