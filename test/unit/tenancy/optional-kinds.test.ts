import { crdName } from '../../../src/tenancy/optional-kinds.ts';

it('names the CRD of a kind the way Kubernetes guesses a plural', () => {
  expect(crdName('monitoring.coreos.com', 'ServiceMonitor')).toBe(
    'servicemonitors.monitoring.coreos.com',
  );
  expect(crdName('monitoring.coreos.com', 'PrometheusRule')).toBe(
    'prometheusrules.monitoring.coreos.com',
  );
  expect(crdName('gateway.networking.k8s.io', 'HTTPRoute')).toBe(
    'httproutes.gateway.networking.k8s.io',
  );
  expect(crdName('networking.istio.io', 'VirtualService')).toBe(
    'virtualservices.networking.istio.io',
  );
  expect(crdName('example.test', 'Policy')).toBe('policies.example.test');
  expect(crdName('example.test', 'Gateway')).toBe('gateways.example.test');
  expect(crdName('example.test', 'Ingress')).toBe('ingresses.example.test');
});
