/**
 * A config with every alert set (thresholds other than the defaults, a runbook, a selector)
 * and three tenant units: acme, globex, and the group `starter` (initech and hooli).
 */
export const EVERY_ALERT = `version: 1
app:
  name: shop
  port: 8080
image:
  repository: ghcr.io/acme/shop
rings:
  - name: canary
  - name: main
tenants:
  - { id: acme, ring: canary, tier: standard }
  - { id: globex, ring: main, tier: standard }
  - { id: initech, ring: main, tier: standard, group: starter }
  - { id: hooli, ring: main, tier: standard, group: starter }
isolation:
  tiers:
    standard:
      quota: { cpu: '4', memory: 8Gi, pods: 20 }
      limitRange:
        defaultRequest: { cpu: 100m, memory: 128Mi }
        default: { cpu: 500m, memory: 512Mi }
observability:
  alerts:
    metrics:
      selector: { job: shop }
    errorRate:
      maxRatio: 0.02
      window: 5m
      for: 2m
      severity: critical
      runbookUrl: https://runbooks.example.com/error-rate
    latency: { percentile: 95, max: 500ms, window: 5m, for: 5m, severity: warning }
    availability: { minRatio: 0.5, for: 5m, severity: critical }
    restarts: { max: 2, window: 10m, for: 0s, severity: info }
    quotaSaturation: { maxRatio: 0.8, for: 10m, severity: warning }
`;
