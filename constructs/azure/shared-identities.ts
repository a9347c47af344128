import { Construct } from "../core";
import { Validator } from "../validation";
import { type SharedIdentity, sharedIdentityOf } from "./aks-workload-identity";

/** A Kubernetes service account, by namespace and name. */
export interface ServiceAccountRef {
  readonly namespace: string;
  readonly serviceAccount: string;
}

/** Finds the shared identity of a service account, if there is one. */
export interface SharedIdentities {
  find(account: ServiceAccountRef): SharedIdentity | undefined;
}

export interface AzureSharedIdentitiesProps {
  /** Name prefix, e.g. the foundation stack `prod-azure`: identities are `id-<name>-<namespace>-<serviceAccount>`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** The service accounts that get an identity here. */
  readonly accounts: readonly ServiceAccountRef[];
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/** Entra limits a PostgreSQL role (an administrator's principal name) to 63 characters. */
const MAX_PRINCIPAL_NAME = 63;

/**
 * User-assigned identities that outlive any one cluster, in the environment's foundation: one per
 * service account that a database maps a role to (each service's app and migrator, the role Job).
 * Every cluster that serves the environment (both production colors) federates its own service
 * account into the same identity (`AksCluster` `sharedIdentities`), so the database's role keeps
 * pointing at the identity whichever color applies first or is rebuilt: Entra-mapped roles cannot
 * be remapped, only dropped and created again.
 */
export class AzureSharedIdentities extends Construct implements SharedIdentities {
  private readonly identities = new Map<string, SharedIdentity>();

  constructor(scope: Construct, id: string, props: AzureSharedIdentitiesProps) {
    super(scope, id);
    const v = new Validator(`AzureSharedIdentities ${this.node.path}`);
    for (const account of props.accounts) {
      const key = keyOf(account);
      const name = `id-${props.name}-${account.namespace}-${account.serviceAccount.replace(/\./g, "-")}`;
      v.check(
        !this.identities.has(key),
        "accounts",
        key,
        "each service account once",
        "list a service account once; its clusters federate into one identity",
      );
      v.check(
        /^[a-z0-9-]+$/.test(name) && name.length <= MAX_PRINCIPAL_NAME,
        `accounts.${key}`,
        name,
        `an identity name of lower-case letters, digits and dashes, at most ${MAX_PRINCIPAL_NAME} characters`,
        "the name becomes a PostgreSQL role (an Entra administrator's principal name); shorten the namespace or service account",
      );
      if (this.identities.has(key)) continue;
      const pascal = key.replace(/(^|[-/.])([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
      this.identities.set(
        key,
        sharedIdentityOf(this, pascal, name, props.resourceGroupName, props.location, props.tags),
      );
    }
    v.throwIfAny();
  }

  public find(account: ServiceAccountRef): SharedIdentity | undefined {
    return this.identities.get(keyOf(account));
  }

  /** Every identity, keyed `<namespace>/<serviceAccount>`. */
  public get all(): ReadonlyMap<string, SharedIdentity> {
    return this.identities;
  }
}

function keyOf(account: ServiceAccountRef): string {
  return `${account.namespace}/${account.serviceAccount}`;
}
