import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct, type TerraformResource } from "../core";
import type { AccessGrant, WorkloadIdentity } from "../interfaces";
import { Validator } from "../validation";

/** The token audience of Microsoft Entra Workload ID (AKS "Deploy and configure workload identity"). */
export const WORKLOAD_IDENTITY_AUDIENCE = "api://AzureADTokenExchange";

/**
 * The pod label the workload identity webhook looks for: only labelled pods get the token volume and
 * the `AZURE_*` variables (AKS "Workload identity overview", pod labels; required).
 */
export const WORKLOAD_IDENTITY_POD_LABELS: Readonly<Record<string, string>> = {
  "azure.workload.identity/use": "true",
};

export interface AksWorkloadIdentityProps {
  /** Literal cluster name: the identity's and credential's names. */
  readonly clusterName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The cluster's `oidc_issuer_url`. */
  readonly oidcIssuerUrl: string;
  /** Namespace of the one service account the identity trusts. */
  readonly namespace: string;
  /** Name of the one service account the identity trusts. */
  readonly serviceAccount: string;
  /**
   * Azure RBAC roles the identity gets, e.g. a data store's `clientGrant`.
   * @default [] (grant roles to `principalId` elsewhere)
   */
  readonly roleAssignments?: readonly { readonly scope: string; readonly roleDefinitionName: string }[];
  /** @default {} */
  readonly tags?: Record<string, string>;
  /**
   * A user-assigned identity that lives elsewhere (the environment's foundation), which this
   * cluster's service account federates into instead of getting an identity of its own: what a
   * database maps a role to must be the same for every cluster that serves it.
   * @default - a new identity, `id-<cluster>-<namespace>-<serviceAccount>`
   */
  readonly existing?: SharedIdentity;
}

/** A user-assigned identity's ids and name, for federating a service account into it. */
export interface SharedIdentity {
  readonly identityId: string;
  readonly clientId: string;
  readonly principalId: string;
  /** Its literal name (an Entra administrator's principal name). */
  readonly name: string;
}

/** What a workload needs to use its identity; the caller grants roles to `principalId`. */
export interface WorkloadIdentityGrant extends WorkloadIdentity {
  /** Annotations for the service account: `azure.workload.identity/client-id`. */
  readonly serviceAccountAnnotations: Record<string, string>;
  /** Labels for the pod template: `azure.workload.identity/use: "true"`. */
  readonly podLabels: Record<string, string>;
  readonly clientId: string;
  /** Object id of the identity's service principal: the `principal_id` of its role assignments. */
  readonly principalId: string;
  readonly identityId: string;
}

// DNS-1123 label (namespace) and subdomain (service account), as the Kubernetes API enforces them.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Federated credential names: 3 to 120 letters, digits, dashes and underscores, starting alphanumeric. */
const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * A user-assigned identity that exactly one Kubernetes service account of one cluster can use: a
 * federated credential on the cluster's OIDC issuer with subject
 * `system:serviceaccount:<namespace>:<serviceAccount>` and audience `api://AzureADTokenExchange`
 * (policy rule PLAT-IAM-005 checks both). The Azure counterpart of `IrsaRole`.
 */
export class AksWorkloadIdentity extends Construct implements WorkloadIdentityGrant {
  public readonly subject: string;
  public readonly serviceAccountAnnotations: Record<string, string>;
  public readonly podLabels: Record<string, string>;
  public readonly clientId: string;
  public readonly principalId: string;
  public readonly identityId: string;
  /** The identity's principal: what PostgreSQL maps a role to, and an Entra administrator's entry. */
  public readonly principal: { readonly objectId: string; readonly name: string };
  public readonly roleAssignments: readonly RoleAssignment[];
  /** The federated credential and the role assignments: what a pod using the identity waits for. */
  public readonly ready: readonly TerraformResource[];

  constructor(scope: Construct, id: string, props: AksWorkloadIdentityProps) {
    super(scope, id);
    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;
    const name = `${props.clusterName}-${props.namespace}-${props.serviceAccount.replace(/\./g, "-")}`;
    new Validator(`AksWorkloadIdentity ${this.node.path}`)
      .check(
        DNS_LABEL.test(props.namespace) && props.namespace.length <= 63,
        "namespace",
        props.namespace,
        "a DNS-1123 label (lower-case letters, digits, dashes; at most 63)",
        "use the Kubernetes namespace exactly, e.g. shop",
      )
      .check(
        DNS_SUBDOMAIN.test(props.serviceAccount) && props.serviceAccount.length <= 253,
        "serviceAccount",
        props.serviceAccount,
        "a DNS-1123 subdomain (lower-case letters, digits, dashes, dots)",
        "use the service account name exactly, e.g. api",
      )
      .check(
        CREDENTIAL_NAME.test(name),
        "clusterName/namespace/serviceAccount",
        name,
        "together at most 120 characters (<cluster>-<namespace>-<serviceAccount>)",
        "the federated credential is named after all three; shorten the service account name",
      )
      .throwIfAny();

    const identity: SharedIdentity =
      props.existing ??
      sharedIdentityOf(this, "Identity", `id-${name}`, props.resourceGroupName, props.location, props.tags);
    const credential = new FederatedIdentityCredential(this, "FederatedCredential", {
      name,
      // The identity's group: the cluster's, which is the foundation's where the identity is shared.
      resourceGroupName: props.resourceGroupName,
      parentId: identity.identityId,
      issuer: props.oidcIssuerUrl,
      subject: this.subject,
      audience: [WORKLOAD_IDENTITY_AUDIENCE],
    });
    this.clientId = identity.clientId;
    this.principalId = identity.principalId;
    this.identityId = identity.identityId;
    this.principal = { objectId: identity.principalId, name: identity.name };
    this.serviceAccountAnnotations = { "azure.workload.identity/client-id": this.clientId };
    this.podLabels = { ...WORKLOAD_IDENTITY_POD_LABELS };
    // Named after the role (a second use of one role gets a number), not the list position.
    const seen = new Map<string, number>();
    this.roleAssignments = (props.roleAssignments ?? []).map((grant) => {
      const base = `Role${grant.roleDefinitionName.replace(/[^A-Za-z0-9]/g, "")}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return new RoleAssignment(this, n === 1 ? base : `${base}${n}`, {
        scope: grant.scope,
        roleDefinitionName: grant.roleDefinitionName,
        principalId: this.principalId,
        principalType: "ServicePrincipal",
        // The identity is created in the same apply: skip the Entra lookup that fails until it replicates.
        skipServicePrincipalAadCheck: true,
        description: `${this.subject} in ${props.clusterName}`,
      });
    });
    this.ready = [credential, ...this.roleAssignments];
  }
}

/**
 * The Azure role assignments of a workload's grants. Throws on another cloud's grant, and on none at
 * all (a workload without grants needs no identity), naming `owner` and the identity `id`.
 */
/** A user-assigned identity named `name`, as a {@link SharedIdentity}. */
export function sharedIdentityOf(
  scope: Construct,
  id: string,
  name: string,
  resourceGroupName: string,
  location: string,
  tags?: Record<string, string>,
): SharedIdentity {
  const identity = new UserAssignedIdentity(scope, id, { name, resourceGroupName, location, tags });
  return { identityId: identity.id, clientId: identity.clientId, principalId: identity.principalId, name };
}

export function azureRoleAssignments(
  owner: string,
  id: string,
  grants: readonly AccessGrant[],
): { readonly scope: string; readonly roleDefinitionName: string }[] {
  const roles = grants.flatMap((grant) => {
    if (grant.cloud !== "azure") {
      throw new Error(
        `${owner}: ${id} was granted access in ${grant.cloud}; an AKS workload takes Azure grants only`,
      );
    }
    return grant.roleAssignments;
  });
  // An Entra-only grant (PostgreSQL maps the identity to a role inside the database) needs the
  // identity but no Azure role; only no grants at all means no identity is needed.
  if (grants.length === 0)
    throw new Error(`${owner}: ${id} has no grants; a workload without any needs no identity`);
  return roles;
}
