import type { Isolation } from '@k8s-scheduler/crds';
import type { ChildObject } from './children.types';

/** Private (RFC 1918) ranges: pod and service IPs live there, so "internet" egress excludes them. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

type Rule = Record<string, unknown>;

export function dnsEgressRule(): Rule {
  return {
    to: [
      {
        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ],
    ports: [
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ],
  };
}

export function internetEgressRule(): Rule {
  return { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }] };
}

function policy(name: string, namespace: string, labels: Record<string, string>, spec: Rule): ChildObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, labels },
    spec,
  };
}

/**
 * The namespace-wide default policies of a tenant (`namespace` and `dedicated` isolation; `shared`
 * has none: its deployments share a namespace and each carries its own policy instead).
 * Security: default-deny first, then only DNS; `namespace` may also reach the public internet,
 * `dedicated` restricts egress to DNS and its own deployments (PRODUCT.md §3).
 */
export function tenantNetworkPolicies(
  isolation: Isolation,
  namespace: string,
  labels: Record<string, string>,
): ChildObject[] {
  if (isolation === 'shared') return [];
  const policies = [
    policy('ks-default-deny', namespace, labels, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('ks-allow-dns', namespace, labels, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dnsEgressRule()],
    }),
  ];
  if (isolation === 'namespace') {
    policies.push(
      policy('ks-allow-internet-egress', namespace, labels, {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [internetEgressRule()],
      }),
    );
  }
  return policies;
}

/**
 * The policy of one deployment: its pods accept traffic only from pods of the same deployment and
 * from the ingress controller, and may talk to pods of the same deployment. In the shared
 * namespace, where no namespace defaults exist, it also carries the egress rules (DNS, internet).
 */
export function deploymentNetworkPolicy(options: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  podSelector: Record<string, string>;
  isolation: Isolation;
  ingressControllerNamespace: string;
}): ChildObject {
  const sameDeployment = { podSelector: { matchLabels: options.podSelector } };
  const egress: Rule[] = [{ to: [sameDeployment] }];
  if (options.isolation === 'shared') egress.push(dnsEgressRule(), internetEgressRule());
  return policy(options.name, options.namespace, options.labels, {
    podSelector: { matchLabels: options.podSelector },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      { from: [sameDeployment] },
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { [NAMESPACE_NAME_LABEL]: options.ingressControllerNamespace },
            },
          },
        ],
      },
    ],
    egress,
  });
}
