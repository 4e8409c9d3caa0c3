/**
 * `blueRetention` and `observability`.
 */
import * as z from 'zod';
import { doc } from './docs.ts';
import { dnsLabel, duration, httpUrl } from './fields.ts';
import { alertsSchema } from './alerts.ts';

export const blueRetentionSchema = doc(
  'What happens to the old color once the new one has all the traffic: `keep-warm` keeps `replicas` pods of the old version (instant rollback), `warm-backup` updates them to the new version, `delete` removes it (recreated by the next deploy)',
  z.discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('keep-warm'),
      replicas: doc(
        'Blue pods kept running for an instant rollback',
        z
          .int({ error: 'expected a whole number' })
          .min(1, { error: 'expected 1 or more' })
          .default(1),
      ),
      delay: duration('Wait before scaling blue down', { allowZero: true }).prefault('10m'),
    }),
    z.strictObject({
      mode: z.literal('warm-backup'),
      replicas: doc(
        'Pods of the old color, updated to the new version: a warm backup of it (a rollback to the previous version then redeploys it)',
        z
          .int({ error: 'expected a whole number' })
          .min(1, { error: 'expected 1 or more' })
          .default(1),
      ),
      delay: duration('Wait before updating the old color', { allowZero: true }).prefault('10m'),
    }),
    z.strictObject({
      mode: z.literal('delete'),
      delay: duration('Wait before deleting blue', { allowZero: true }).prefault('10m'),
    }),
  ]),
);

export const observabilitySchema = doc(
  'Where metrics and alerts go',
  z.strictObject({
    prometheus: doc(
      'Prometheus queried by `prometheus` and `compare` checks',
      z
        .strictObject({
          url: httpUrl('Prometheus base URL, reached from the runner').optional(),
          service: doc(
            "Prometheus's Service in the cluster, reached through the API server's service proxy (the deployer needs `get` on `services/proxy` in that namespace)",
            z.strictObject({
              namespace: dnsLabel('Namespace of the Service'),
              name: dnsLabel('Name of the Service'),
              port: doc(
                'Port number or name of the Service',
                z.union([
                  z.int().min(1).max(65535),
                  z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
                ]),
              ).default(9090),
              scheme: z.enum(['http', 'https']).default('http'),
            }),
          ).optional(),
          tokenEnv: doc(
            'Environment variable holding a bearer token for Prometheus (never written in the config)',
            z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
              error: 'expected an environment variable name',
            }),
          ).optional(),
        })
        .superRefine((p, ctx) => {
          if ((p.url === undefined) === (p.service === undefined))
            ctx.addIssue({
              code: 'custom',
              message:
                p.url === undefined
                  ? 'expected `url` or `service`, found neither'
                  : 'expected `url` or `service`, found both',
              params: {
                hint: 'give `url: http://prometheus.monitoring:9090` when the runner reaches it, or `service: { namespace: monitoring, name: prometheus }` to go through the API server',
              },
            });
        }),
    ).optional(),
    pushgateway: doc(
      'Pushgateway receiving deployment metrics',
      z.strictObject({ url: httpUrl('Pushgateway base URL') }),
    ).optional(),
    alertReceivers: doc(
      'Webhooks notified of deployments and failed gates',
      z.array(
        z.strictObject({
          name: dnsLabel('Receiver name, unique'),
          webhookUrl: httpUrl('Webhook URL'),
        }),
      ),
    ).optional(),
    alerts: alertsSchema.optional(),
  }),
);

/** The input side of the schema (before defaults and transforms); also the JSON Schema. */
