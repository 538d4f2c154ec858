/** The emulator reads input files with the project's one line splitter and validation entry: lines
 *  end at \r\n, \n or a lone \r, exactly as in the editor and the CLI. Also the upload's multipart
 *  reading (busboy). */
import * as assert from 'node:assert/strict';
import { requestLine } from '../../helpers/requests';
import { checkInput, firstLineProblem, firstModel } from '../src/validate';
import { type Emulator, startEmulator } from '../src/server';

const chat = (id: string, model = 'gpt-4o-mini') =>
  requestLine(id, '/v1/chat/completions', { model, messages: [{ role: 'user', content: id }] });

describe('emulator input files', () => {
  describe('validation (checkInput)', () => {
    it('splits at a lone \\r, \\r\\n and \\n alike, and runs every request', async () => {
      for (const eol of ['\n', '\r\n', '\r']) {
        const check = await checkInput(Buffer.from([chat('a'), chat('b'), chat('c')].join(eol) + eol), '/v1/chat/completions');
        assert.ok(check.ok, `${JSON.stringify(eol)}: ${JSON.stringify(check)}`);
        assert.deepEqual(
          check.requests.map((r) => [r.line, r.customId]),
          [
            [1, 'a'],
            [2, 'b'],
            [3, 'c'],
          ],
          JSON.stringify(eol),
        );
      }
    });

    it('numbers lines as the editor does in a file with lone \\r line ends', async () => {
      const text = [chat('a'), chat('a'), '', chat('b', 'gpt-4o')].join('\r');
      const check = await checkInput(text, '/v1/chat/completions');
      assert.equal(check.ok, false);
      if (check.ok) return;
      assert.deepEqual(
        check.errors.map((e) => [e.line, e.code]),
        [
          [2, 'duplicate_custom_id'],
          [4, 'mismatched_model'],
        ],
        'warnings (the blank line) do not fail a batch',
      );
    });

    it("reports requests to another endpoint than the batch's, and bytes that are not UTF-8", async () => {
      const other = requestLine('e', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'x' });
      const bad = Buffer.concat([Buffer.from(`${chat('a')}\r${other}\r{"custom_id": "caf`), Buffer.from([0xe9]), Buffer.from('"}\r')]);
      const check = await checkInput(bad, '/v1/chat/completions');
      assert.equal(check.ok, false);
      if (check.ok) return;
      const found = check.errors.map((e) => `${e.line}:${e.code}:${e.param}`);
      assert.ok(found.includes('2:invalid_url:url'), found.join(' '));
      assert.ok(found.includes('3:invalid_json_line:null'), found.join(' '));
      assert.match(check.errors.find((e) => e.code === 'invalid_json_line')!.message, /not valid UTF-8/);
    });
  });

  it('checks the first line of an upload by the same rules', () => {
    assert.equal(firstLineProblem(Buffer.from(`${chat('a')}\r{not json`)), undefined, 'the first line ends at the \\r');
    assert.equal(firstLineProblem(Buffer.from(`{not json\r${chat('a')}`)), 'its first line is not JSON');
    assert.equal(firstLineProblem(Buffer.from(`\uFEFF${chat('a')}\r\n`)), undefined);
    assert.equal(firstLineProblem(Buffer.from(' \r\n\r')), 'the file is empty');
    assert.equal(firstModel(Buffer.from(`{broken\r${chat('a', 'gpt-4.1')}\r`)), 'gpt-4.1');
  });

  describe('uploads (multipart/form-data)', () => {
    let emulator: Emulator;
    before(async () => (emulator = await startEmulator({ speed: 50 })));
    after(() => emulator?.close());

    async function upload(parts: string[], boundary = 'b0undary'): Promise<{ status: number; body: Record<string, unknown> }> {
      const body = Buffer.from(`${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('')}--${boundary}--\r\n`);
      const response = await fetch(`${emulator.url}/files`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': `multipart/form-data; boundary="${boundary}"` },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }
    const purpose = 'Content-Disposition: form-data; name="purpose"\r\n\r\nbatch';

    it('stores the file part byte for byte, with its name (UTF-8, or RFC 5987 filename*)', async () => {
      const content = `${chat('a')}\r\n${chat('b')}\r`;
      const plain = await upload([
        purpose,
        `Content-Disposition: form-data; name="file"; filename="données.jsonl"\r\nContent-Type: application/octet-stream\r\n\r\n${content}`,
      ]);
      assert.equal(plain.status, 200, JSON.stringify(plain.body));
      assert.deepEqual([plain.body.filename, plain.body.bytes], ['données.jsonl', Buffer.byteLength(content)]);
      const stored = await fetch(`${emulator.url}/files/${String(plain.body.id)}/content`, { headers: { authorization: 'Bearer k' } });
      assert.equal(await stored.text(), content);
      const extended = await upload([
        purpose,
        `Content-Disposition: form-data; name="file"; filename="x.jsonl"; filename*=UTF-8''r%C3%A9sum%C3%A9.jsonl\r\n\r\n${chat('a')}`,
      ]);
      assert.equal(extended.body.filename, 'résumé.jsonl');
    });

    it('treats a file field without a file name as a file with no name, and refuses a part without a name', async () => {
      const nameless = await upload([purpose, `Content-Disposition: form-data; name="file"\r\n\r\n${chat('a')}`]);
      assert.equal(nameless.status, 400);
      assert.match((nameless.body.error as { message: string }).message, /'\(no file name\)' is not a \.jsonl file/);
      const noName = await upload([purpose, `Content-Disposition: form-data\r\n\r\nx`]);
      assert.equal(noName.status, 400);
      assert.match((noName.body.error as { message: string }).message, /could not be read: a multipart part has no name/);
      const unterminated = await fetch(`${emulator.url}/files`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'multipart/form-data; boundary=zz' },
        body: `--zz\r\n${purpose}\r\n--zz\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n\r\n{}`,
      });
      assert.equal(unterminated.status, 400);
    });
  });
});
