// What the tests of batch files over 50 MB share (16-big-files, 23-big-file-first): such a file,
// written into the workspace, and its tab (VS Code gives extensions no document for it).
import * as fs from 'fs';
import * as vscode from 'vscode';
import { codeOf } from './helpers';

export const MB = 1 << 20;
/** Past the API's 50,000 requests, in about 62 MB: over what VS Code syncs to extensions. */
export const REQUESTS = 52_000;
/** The API's limit: the request after it (0-based: this line) is one too many. */
export const API_LIMIT = 50_000;
/** A line near the end, cut short (0-based). */
export const BROKEN_LINE = 51_990;
export const BROKEN = '{"custom_id": "broken", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini"';
/** Long enough for the server to read it from disk on a busy machine. */
export const FROM_DISK_MS = 60_000;

/** A request of about 1.2 KB. */
export function request(i: number): string {
  const content = `Summarise review ${i}: ${'The parcel came on time and the fit is as described. '.repeat(20)}`;
  return JSON.stringify({
    custom_id: `review-${i}`,
    method: 'POST',
    url: '/v1/chat/completions',
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content }], max_completion_tokens: 200 },
  });
}

/** REQUESTS requests, BROKEN_LINE cut short. */
export function writeHugeFile(file: string): void {
  const out = fs.openSync(file, 'w');
  try {
    for (let from = 0; from < REQUESTS; from += 1000) {
      const lines: string[] = [];
      for (let i = from; i < Math.min(REQUESTS, from + 1000); i++) lines.push(i === BROKEN_LINE ? BROKEN : request(i + 1));
      fs.writeSync(out, lines.join('\n') + '\n');
    }
  } finally {
    fs.closeSync(out);
  }
}

export function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
}

/** `line:code` of each diagnostic (0-based lines), sorted. */
export const summary = (diagnostics: readonly vscode.Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.range.start.line}:${codeOf(d)}`).sort();
