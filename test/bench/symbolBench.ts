/** `npm run bench`: the Outline of the 50,000-request file: document symbols from the core, and
 *  through the server over stdio as an editor asks for them. */
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { BatchDocument, requestSymbols } from '../../server/src/core';
import { TestClient } from '../helpers/lspClient';

const ROUNDS = 5;

export interface SymbolBench {
  symbols: number;
  /** Best of ROUNDS, the model already analysed. */
  coreMs: number;
  /** Median of ROUNDS: request sent -> symbols received. */
  serverMs: number;
  /** The size of the answer as JSON. */
  megabytes: number;
}

export async function symbolBench(text: string): Promise<SymbolBench> {
  const document = new BatchDocument(text);
  document.diagnostics(); // analysed, as an open document is when the Outline asks
  const coreTimes: number[] = [];
  let symbols = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    symbols = requestSymbols(document.model, document.lineText).length;
    coreTimes.push(performance.now() - started);
  }
  let megabytes = 0;

  const client = await TestClient.start({ settings: { validation: { delayMs: 0 } } });
  const serverTimes: number[] = [];
  try {
    const uri = 'file:///bench/symbols.jsonl';
    client.open(uri, text);
    await client.waitForDiagnostics(uri, undefined, 60_000);
    // Timed once the server is idle again: after opening it counts the file's tokens.
    await client.waitForStatus(uri, (status) => status.cost !== undefined);
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const answer = await client.connection.sendRequest<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } });
      serverTimes.push(performance.now() - started);
      if (answer?.length !== symbols) throw new Error(`the server listed ${answer?.length} symbols, the core ${symbols}`);
      megabytes = Buffer.byteLength(JSON.stringify(answer)) / (1024 * 1024);
    }
  } finally {
    await client.stop();
  }
  serverTimes.sort((a, b) => a - b);
  return { symbols, coreMs: Math.min(...coreTimes), serverMs: serverTimes[Math.floor(ROUNDS / 2)], megabytes };
}
