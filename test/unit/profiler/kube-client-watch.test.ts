/** The agent's watch stream against a real local HTTPS server that sends what we tell it to. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { KubeClient, type WatchEvent } from '../../../bpf-profiler/agent/kube-client.js';
import { WatchDecodeError } from '../../../bpf-profiler/agent/api-status-error.js';

describe('KubeClient.watch', () => {
  let server: Server;
  let client: KubeClient;
  let lines: string[] = [];

  before(async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
    server = createServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(lines.map((l) => `${l}\n`).join(''));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new KubeClient({ server: `https://127.0.0.1:${port}`, insecureSkipTlsVerify: true });
  });

  after(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('hands each event to the callback in order and resolves when the stream ends', async () => {
    lines = [
      JSON.stringify({ type: 'ADDED', object: { metadata: { uid: 'a' } } }),
      '',
      JSON.stringify({ type: 'DELETED', object: { metadata: { uid: 'a' } } }),
    ];
    const seen: WatchEvent[] = [];
    await client.watch('/api/v1/pods?watch=true', (e) => seen.push(e)).done;
    assert.deepEqual(
      seen.map((e) => e.type),
      ['ADDED', 'DELETED'],
    );
  });

  const malformed: [string, string][] = [
    ['a line that is not JSON', '{"type":"ADDED","object":'],
    ['JSON that is not a watch event', '{"kind":"Status","code":500}'],
  ];
  for (const [name, bad] of malformed) {
    it(`ends the watch with a WatchDecodeError on ${name}, after the events before it`, async () => {
      lines = [
        JSON.stringify({ type: 'ADDED', object: {} }),
        bad,
        JSON.stringify({ type: 'MODIFIED', object: {} }),
      ];
      const seen: string[] = [];
      await assert.rejects(
        client.watch('/api/v1/pods?watch=true', (e) => seen.push(e.type)).done,
        (error) =>
          error instanceof WatchDecodeError &&
          error.message === `watch /api/v1/pods?watch=true: not a JSON watch event: ${bad}`,
      );
      assert.deepEqual(seen, ['ADDED']);
    });
  }
});
