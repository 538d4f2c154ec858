import * as assert from 'node:assert/strict';
import { BatchDocument, isBatchFile } from '../../server/src/core';
import { validBatchFile } from '../helpers/requests';

const fineTuning = [
  {
    messages: [
      { role: 'system', content: 'Marv is sarcastic.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Oh, hello.' },
    ],
  },
  {
    messages: [
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris.' },
    ],
  },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

describe('which files are batch files', () => {
  it('treats fine-tuning data as another kind of JSON Lines', () => {
    const document = new BatchDocument(fineTuning);
    assert.equal(isBatchFile(document.model, 'file:///data/train.jsonl', 'auto'), false);
  });

  it('is not fooled by a url, method or body field in other data', () => {
    for (const lines of [
      [
        { url: 'https://example.com/a', title: 'A' },
        { url: 'https://example.com/b', title: 'B' },
      ],
      [{ method: 'GET', path: '/x', status: 200 }],
      [{ body: 'hello', label: 1 }],
    ]) {
      const document = new BatchDocument(lines.map((l) => JSON.stringify(l)).join('\n'));
      assert.equal(isBatchFile(document.model, 'file:///data/data.jsonl', 'auto'), false, JSON.stringify(lines[0]));
    }
  });

  it('recognises a request still missing its custom_id', () => {
    const document = new BatchDocument('{"method": "POST", "url": "/v1/chat/completions"}');
    assert.equal(isBatchFile(document.model, 'file:///data/x.jsonl', 'auto'), true);
  });

  it('recognises batch requests by their content', () => {
    const document = new BatchDocument(validBatchFile('/v1/chat/completions', 2));
    assert.equal(isBatchFile(document.model, 'file:///data/requests.jsonl', 'auto'), true);
  });

  it('recognises a broken line that still has a custom_id', () => {
    const document = new BatchDocument('{"custom_id": "a", "method": ');
    assert.equal(isBatchFile(document.model, 'file:///data/x.jsonl', 'auto'), true);
  });

  it('treats an empty file named like a batch file as one', () => {
    const document = new BatchDocument('');
    assert.equal(isBatchFile(document.model, 'file:///data/my%20batch.jsonl', 'auto'), true);
    assert.equal(isBatchFile(document.model, 'file:///data/notes.jsonl', 'auto'), false);
  });

  it('lets the content win over a name that says batch', () => {
    const document = new BatchDocument(fineTuning);
    assert.equal(isBatchFile(document.model, 'file:///data/not-a-batch-finetune.jsonl', 'auto'), false);
  });

  it("leaves a batch's output and error files alone", () => {
    const results = [
      { id: 'batch_req_1', custom_id: 'a', response: { status_code: 200, request_id: 'r', body: {} }, error: null },
      { id: 'batch_req_2', custom_id: 'b', response: null, error: { code: 'batch_expired', message: 'expired' } },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    assert.equal(isBatchFile(new BatchDocument(results).model, 'file:///data/batch-input.output.jsonl', 'auto'), false);
  });

  it('lets the user force either way', () => {
    const document = new BatchDocument(fineTuning);
    assert.equal(isBatchFile(document.model, 'file:///train.jsonl', 'always'), true);
    assert.equal(isBatchFile(new BatchDocument(validBatchFile('/v1/embeddings', 2)).model, 'file:///b.jsonl', 'never'), false);
  });
});
