/** The Show Results view as text: a header with the totals, then one aligned row per request —
 *  its line, custom_id, status, the start of its prompt and of its reply, its tokens — and where
 *  each row links to (its input line; a result no request has, its result line). Pure: the
 *  server's answer in, text and link ranges out. */
import { formatCount, plural } from '../../../common/src/plural';
import type { ResultsAnswer } from '../../../common/src/protocol';
import type { ResultRow } from '../../../common/src/results';

export interface TableLink {
  /** Where the link is in the view: 0-based line and character range. */
  line: number;
  start: number;
  end: number;
  /** What it opens: a file at a 0-based line. */
  target: { uri: string; line: number };
}

export interface RenderedResults {
  text: string;
  links: TableLink[];
}

export interface RenderOptions {
  failuresOnly: boolean;
  /** The names the header uses for the input and the result files. */
  nameOf: (uri: string) => string;
  /** Digits grouped as the user reads them (VS Code's display language). */
  locale?: string;
}

/** The widest a custom_id column gets; longer ids are cut with `…`. */
const MAX_ID_WIDTH = 36;
const MAX_STATUS_WIDTH = 36;

/** Columns a character takes in a monospace editor: 2 for wide East Asian characters and most
 *  emoji, 0 for combining marks, else 1. */
function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** `text` cut to `width` columns (with `…`) and padded to them. */
function cell(text: string, width: number): string {
  let shown = text;
  if (displayWidth(shown) > width) {
    let cut = '';
    let used = 0;
    for (const char of shown) {
      const w = charWidth(char.codePointAt(0) ?? 0);
      if (used + w > width - 1) break;
      cut += char;
      used += w;
    }
    shown = `${cut}…`;
  }
  return shown + ' '.repeat(Math.max(0, width - displayWidth(shown)));
}

function statusText(row: ResultRow): string {
  if (row.status === 'succeeded') return `✓ ${row.statusCode ?? 200}`;
  if (row.status === 'not run') return '· not run';
  return `✗ ${row.statusCode !== null ? `${row.statusCode} ` : ''}${row.error ?? 'failed'}`;
}

/** Text flattened to one line: a prompt or reply never breaks a row. */
function flat(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}

export function renderResults(answer: ResultsAnswer, options: RenderOptions): RenderedResults {
  const n = (value: number) => formatCount(value, options.locale);
  const { totals } = answer;
  const lines: string[] = [];
  const links: TableLink[] = [];
  const subject = answer.inputUri ?? answer.resultUris[0];
  lines.push(`Results of ${subject ? options.nameOf(subject) : 'a batch'}`);
  if (answer.resultUris.length === 0) {
    lines.push(
      '',
      'No results found: download the batch’s output beside its input (Download Output saves run.output.jsonl beside run.jsonl),',
      'or point the input to its output file with Link Results File….',
    );
    return { text: `${lines.join('\n')}\n`, links };
  }
  const counts = [
    plural(totals.requests, 'request', undefined, options.locale),
    `${n(totals.succeeded)} succeeded`,
    `${n(totals.failed)} failed`,
    `${n(totals.notRun)} not run`,
  ];
  const tokens =
    totals.tokens.total > 0 ? ` · ${n(totals.tokens.total)} tokens (${n(totals.tokens.input)} in, ${n(totals.tokens.output)} out)` : '';
  lines.push(`${counts.join(' · ')}${tokens}`);
  lines.push(
    `From ${answer.resultUris.map(options.nameOf).join(', ')}${answer.inputUri ? '' : ' (the input file is not known: Link Results File… on it)'}`,
  );
  const notes: string[] = [];
  if (totals.unmatched > 0)
    notes.push(`${plural(totals.unmatched, 'result', undefined, options.locale)} for custom_ids no request has (at the end)`);
  if (totals.unreadableLines > 0)
    notes.push(`${plural(totals.unreadableLines, 'line', undefined, options.locale)} of the result files skipped: not result lines`);
  if (notes.length > 0) lines.push(`Note: ${notes.join('; ')}.`);
  lines.push(
    options.failuresOnly
      ? `Failures only: ${plural(answer.rows.length, 'request', undefined, options.locale)} that failed or did not run.`
      : 'All requests. Each row opens its request line (Ctrl+click the line number or the custom_id).',
  );
  lines.push('');

  const rows = answer.rows;
  if (rows.length === 0) {
    lines.push(options.failuresOnly ? 'Every request succeeded.' : 'No requests.');
    return { text: `${lines.join('\n')}\n`, links };
  }
  const lineNumbers = rows.map((row) => (row.line === null ? '—' : n(row.line + 1)));
  const statuses = rows.map(statusText);
  const tokenCells = rows.map((row) => (row.tokens ? n(row.tokens.total) : ''));
  const widths = {
    line: Math.max(4, ...lineNumbers.map(displayWidth)),
    id: Math.min(MAX_ID_WIDTH, Math.max(9, ...rows.map((row) => displayWidth(row.customId)))),
    status: Math.min(MAX_STATUS_WIDTH, Math.max(6, ...statuses.map(displayWidth))),
    prompt: Math.max(6, ...rows.map((row) => displayWidth(flat(row.prompt)))),
    reply: Math.max(5, ...rows.map((row) => displayWidth(flat(row.reply)))),
    tokens: Math.max(6, ...tokenCells.map(displayWidth)),
  };
  const gap = '  ';
  const header = [
    'line'.padStart(widths.line),
    cell('custom_id', widths.id),
    cell('status', widths.status),
    cell('prompt', widths.prompt),
    cell('reply', widths.reply),
    'tokens'.padStart(widths.tokens),
  ].join(gap);
  lines.push(header.trimEnd());
  rows.forEach((row, i) => {
    const lineCell = lineNumbers[i].padStart(widths.line);
    const idCell = cell(row.customId, widths.id);
    const text = [
      lineCell,
      idCell,
      cell(statuses[i], widths.status),
      cell(flat(row.prompt), widths.prompt),
      cell(flat(row.reply), widths.reply),
      tokenCells[i].padStart(widths.tokens),
    ]
      .join(gap)
      .trimEnd();
    const target = row.line !== null && answer.inputUri ? { uri: answer.inputUri, line: row.line } : row.result;
    if (target) {
      const at = lines.length;
      const lineStart = lineCell.length - lineCell.trimStart().length;
      links.push({ line: at, start: lineStart, end: lineCell.length, target });
      const idStart = lineCell.length + gap.length;
      links.push({ line: at, start: idStart, end: idStart + idCell.trimEnd().length, target });
    }
    lines.push(text);
  });
  return { text: `${lines.join('\n')}\n`, links };
}
