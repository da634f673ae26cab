/** The informers' Prometheus series, labelled by informer name. */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface InformerMetrics {
  errors: Counter<'informer'>;
  relists: Counter<'informer'>;
  synced: Gauge<'informer'>;
}

export function createInformerMetrics(registry: Registry): InformerMetrics {
  return {
    errors: new Counter({
      name: 'profilegate_informer_errors_total',
      help: 'Failed lists and watches of an informer (each is retried after a backoff)',
      labelNames: ['informer'],
      registers: [registry],
    }),
    relists: new Counter({
      name: 'profilegate_informer_relists_total',
      help: 'Successful full lists of an informer (the first sync and every recovery)',
      labelNames: ['informer'],
      registers: [registry],
    }),
    synced: new Gauge({
      name: 'profilegate_informer_synced',
      help: '1 while the informer follows the API server, 0 while unsynced or stale',
      labelNames: ['informer'],
      registers: [registry],
    }),
  };
}
