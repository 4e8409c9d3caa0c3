// What the steps before a `deployment` step output, as the stages write them.

/** health-gate's `checks` output for one failed tenant and one that passed. */
export const gateChecks = {
  acme: {
    verdict: 'fail',
    passed: false,
    reason: '2 failed rounds reached the failure limit 2',
    color: 'green',
    baseline: 'blue',
    versions: { blue: '1.4.0', green: '2.0.0' },
    weight: 10,
    rounds: [
      { index: 1, elapsedMs: 0, status: 'fail', results: [] },
      {
        index: 2,
        elapsedMs: 10_000,
        status: 'fail',
        results: [
          {
            name: 'error ratio',
            kind: 'prometheus',
            status: 'fail',
            summary: 'error ratio 4.1% > 1% | over 5m',
            values: { value: 0.041 },
          },
          {
            name: 'http /healthz',
            kind: 'http',
            status: 'pass',
            summary: '20/20 answered 200',
            values: {},
          },
        ],
      },
    ],
  },
  globex: {
    verdict: 'pass',
    passed: true,
    reason: 'all rounds passed',
    color: 'green',
    baseline: null,
    versions: { green: '2.0.0' },
    weight: 10,
    rounds: [],
  },
};

/** rollback's `tenant-results` after a failed gate: the candidate removed, 1.4.0 still live. */
export const rollbackResults = [
  {
    tenant: 'acme',
    unit: 'acme',
    namespace: 'shop-acme',
    ring: 'canary',
    status: 'ok',
    action: 'candidate-removed',
    live: 'blue',
    version: '1.4.0',
    detail: 'from ghcr.io/acme/shop:2.0.0',
  },
  {
    tenant: 'globex',
    unit: 'globex',
    namespace: 'shop-globex',
    ring: 'main',
    status: 'ok',
    action: 'candidate-removed',
    live: 'blue',
    version: '1.4.0',
    detail: 'from ghcr.io/acme/shop:2.0.0',
  },
];

/** deploy-color's `tenant-results`: 2.0.0 on green beside blue. */
export const deployResults = [
  {
    tenant: 'acme',
    unit: 'acme',
    namespace: 'shop-acme',
    ring: 'canary',
    status: 'ok',
    action: 'deployed',
    live: 'blue',
    color: 'green',
    weight: 0,
    version: '2.0.0',
  },
  {
    tenant: 'globex',
    unit: 'globex',
    namespace: 'shop-globex',
    ring: 'main',
    status: 'ok',
    action: 'deployed',
    live: 'blue',
    color: 'green',
    weight: 0,
    version: '2.0.0',
  },
];
