import * as assert from 'node:assert/strict';
import { BatchDocument, validateText } from '../../server/src/core';
import { bodyMakers, validBatchFile } from '../helpers/requests';

describe('valid generated files', () => {
  for (const url of Object.keys(bodyMakers)) {
    it(`${url}: 200 varied requests give no problems`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const problems = validateText(validBatchFile(url, 200, seed));
        assert.deepEqual(problems, [], `seed ${seed}: ${problems[0]?.message}`);
      }
    });
  }

  it('accepts CRLF line endings and a file without a final line break', () => {
    assert.deepEqual(validateText(validBatchFile('/v1/chat/completions', 20, 3, '\r\n')), []);
    assert.deepEqual(validateText(validBatchFile('/v1/moderations', 5).trimEnd()), []);
  });

  it('summarises the file for the status item', () => {
    const document = new BatchDocument(validBatchFile('/v1/embeddings', 7));
    const summary = document.model.summary();
    assert.equal(summary.requests, 7);
    assert.equal(summary.endpoint, '/v1/embeddings');
    assert.equal(summary.model, 'text-embedding-3-small');
    assert.equal(summary.bytes, Buffer.byteLength(document.getText()));
  });
});
