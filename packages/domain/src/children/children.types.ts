/** A Kubernetes object as the operator applies it (server-side apply body). */
export type ChildObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
  };
  [field: string]: unknown;
};

export type OwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
};

/** Cluster-wide settings that shape the children (from the operator's configuration). */
export type ChildrenConfig = {
  /** `spec.ingressClassName` of every Ingress. */
  ingressClass: string;
  /** cert-manager ClusterIssuer named in the Ingress annotation. */
  clusterIssuer: string;
  /** Namespace of the ingress controller, the only outside source allowed to reach deployments. */
  ingressControllerNamespace: string;
  /** Node label key selecting an org's dedicated nodes when the Tenant names no selector. */
  dedicatedNodeLabel: string;
  /** Taint key on dedicated nodes that the org's pods tolerate. */
  dedicatedTaintKey: string;
  /** When set, secrets are delivered by External Secrets Operator from this ClusterSecretStore. */
  externalSecrets: ExternalSecretsConfig | null;
};

export type ExternalSecretsConfig = {
  /** Name of the ClusterSecretStore. */
  storeName: string;
  /** `external-secrets.io/v1` or `external-secrets.io/v1beta1`, whichever the installed CRDs serve. */
  apiVersion: string;
  refreshInterval: string;
  /** Prefix of the remote key paths (`<prefix>orgs/<org>/…`). */
  keyPrefix: string;
};

/** Annotation carrying a hash of the applied object, so an unchanged object is never written again. */
export const APPLIED_HASH_ANNOTATION = 'k8s-scheduler.io/applied-hash';
/** Pod-template annotations whose change rolls the pods. */
export const RESTARTED_AT_ANNOTATION = 'k8s-scheduler.io/restartedAt';
export const SECRET_CHECKSUM_ANNOTATION = 'k8s-scheduler.io/secret-checksum';
export const CONFIG_CHECKSUM_ANNOTATION = 'k8s-scheduler.io/config-checksum';
