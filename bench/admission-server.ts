/**
 * The benchmark's server process: the real webhook wiring on 127.0.0.1 with one extra
 * route, POST /noop, that parses the same JSON body and answers "allowed" without any
 * policy work. It prints the port as JSON on stdout and serves until killed.
 */
import { pino } from 'pino';
import { parseConfig } from '../src/config/parse-config.js';
import { startWebhook } from '../webhook/start-webhook.js';

const certDir = process.argv[2] ?? '.cache/bench-cert';
const config = parseConfig(
  {
    server: { host: '127.0.0.1', port: 0, tls: { devCertDir: certDir }, metrics: { port: 0 } },
    bundle: { watch: false },
  },
  'bench',
);
const webhook = await startWebhook(config, pino({ level: 'warn' }), {
  extraRoutes: (app, json) => {
    app.post('/noop', json, (req, res) => {
      const uid = (req.body as { request?: { uid?: string } }).request?.uid ?? '';
      res.json({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid, allowed: true },
      });
    });
  },
});
process.stdout.write(`${JSON.stringify({ benchPort: webhook.port })}\n`);
