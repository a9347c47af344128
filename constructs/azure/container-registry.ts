import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { Construct } from "../core";
import { Validator } from "../validation";
import { checkResourceId, checkUuid } from "./data-validation";

/** The private DNS zone a registry's private endpoint registers in (Azure public cloud). */
export const ACR_PRIVATE_DNS_ZONE = "privatelink.azurecr.io";

/** Defender for Containers extensions (`Microsoft.Security/pricings/Containers`). */
export const DEFENDER_CONTAINERS_EXTENSIONS = [
  "ContainerRegistriesVulnerabilityAssessments",
  "AgentlessDiscoveryForKubernetes",
  "ContainerSensor",
  "ContainerIntegrityContribution",
] as const;
export type DefenderContainersExtension = (typeof DEFENDER_CONTAINERS_EXTENSIONS)[number];

/**
 * Kubelet identities allowed to pull, keyed by a PascalCase label such as `Blue`. The label names the
 * role assignment's logical ID (`AcrPull<Label>`), so adding a cluster never renames the others.
 * Values are Entra object ids (`kubelet_identity[0].object_id`), tokens allowed.
 */
export type KubeletObjectIds = Readonly<Record<string, string>>;

export interface AzureContainerRegistryProps {
  /** Registry name, 5 to 50 letters and digits, unique across Azure (`<name>.azurecr.io`). */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Home region (programmatic name, e.g. `westeurope`); the private endpoint is created here too. */
  readonly location: string;
  /** Region of the geo-replica, e.g. `northeurope`; must differ from `location`. */
  readonly drLocation: string;
  /** Production: the defaults below turn on protection, and a CanNotDelete lock is added. */
  readonly production: boolean;
  /** Subnet of the private endpoint, in a VNet of `location`. */
  readonly privateEndpointSubnetId: string;
  /** Id of the `privatelink.azurecr.io` private DNS zone the endpoint registers its records in. */
  readonly privateDnsZoneId: string;
  /**
   * Kubelet identities (object ids) granted AcrPull, keyed by a PascalCase label. Clusters in other
   * stacks grant themselves instead (an `azurerm_role_assignment` on `registryId` in their own stack),
   * so that this stack never refers to a color.
   * @default {}
   */
  readonly kubeletObjectIds?: KubeletObjectIds;
  /**
   * Days an untagged manifest is kept before the retention policy purges it, 1 to 365.
   * @default 14
   */
  readonly untaggedRetentionDays?: number;
  /**
   * Quarantine pushed images until a scanner marks them as passed. Only turn this on with a scanner that
   * writes the quarantine state (Defender for Containers does not): a quarantined image cannot be pulled.
   * @default false
   */
  readonly quarantinePolicyEnabled?: boolean;
  /**
   * Turn on Microsoft Defender for Containers (tier Standard) for the whole subscription: it scans every
   * registry's images, and is billed per vCore of every cluster in the subscription. One stack per
   * subscription may set this.
   * @default false
   */
  readonly defenderForContainers?: boolean;
  /**
   * Defender for Containers extensions to turn on with `defenderForContainers`; Azure turns off every
   * extension not listed.
   * @default ["ContainerRegistriesVulnerabilityAssessments"]
   */
  readonly defenderExtensions?: readonly DefenderContainersExtension[];
  /**
   * Add `lifecycle.prevent_destroy` to the registry.
   * @default production
   */
  readonly preventDestroy?: boolean;
}

const LOCATION = /^[a-z][a-z0-9]+$/;

/**
 * A Premium Azure Container Registry reachable only through a private endpoint: zone redundant,
 * geo-replicated to `drLocation`, admin user and anonymous pull off, no export, untagged manifests
 * purged, AcrPull for the given kubelet identities, and optionally Defender for Containers. In
 * production: `prevent_destroy` and a CanNotDelete lock (which also blocks removing the geo-replica).
 *
 * Encryption at rest uses platform-managed keys. The one private endpoint sits in `location` and serves
 * the replica's data endpoint too; clusters in the DR region need their own endpoint there.
 */
export class AzureContainerRegistry extends Construct {
  public readonly registryId: string;
  /** `<name>.azurecr.io`. */
  public readonly loginServer: string;
  public readonly untaggedRetentionDays: number;
  public readonly quarantinePolicyEnabled: boolean;
  public readonly defenderForContainers: boolean;
  public readonly defenderExtensions: readonly DefenderContainersExtension[];
  public readonly preventDestroy: boolean;
  /** True in production: a CanNotDelete management lock on the registry. */
  public readonly deleteLock: boolean;

  constructor(scope: Construct, id: string, props: AzureContainerRegistryProps) {
    super(scope, id);
    this.untaggedRetentionDays = props.untaggedRetentionDays ?? 14;
    this.quarantinePolicyEnabled = props.quarantinePolicyEnabled ?? false;
    this.defenderForContainers = props.defenderForContainers ?? false;
    this.defenderExtensions = props.defenderExtensions ?? ["ContainerRegistriesVulnerabilityAssessments"];
    this.preventDestroy = props.preventDestroy ?? props.production;
    this.deleteLock = props.production;
    this.validate(props);

    const registry = new ContainerRegistry(this, "Registry", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "Premium",
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: false,
      // Trusted Azure services (Defender's image scanning among them) still reach the private registry.
      networkRuleBypassOption: "AzureServices",
      // No `az acr import`/pipeline export out of the registry; needs public network access off.
      exportPolicyEnabled: false,
      zoneRedundancyEnabled: true,
      georeplications: [{ location: props.drLocation, zoneRedundancyEnabled: true }],
      retentionPolicyInDays: this.untaggedRetentionDays,
      quarantinePolicyEnabled: this.quarantinePolicyEnabled,
      // Docker Content Trust is retiring (2028-03-31) and cannot be enabled on new registries; sign
      // with Notation (Notary Project) instead.
      trustPolicyEnabled: false,
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });
    this.registryId = registry.id;
    this.loginServer = registry.loginServer;

    new PrivateEndpoint(this, "PrivateEndpoint", {
      name: `${props.name}-registry`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      subnetId: props.privateEndpointSubnetId,
      privateServiceConnection: {
        name: `${props.name}-registry`,
        privateConnectionResourceId: registry.id,
        subresourceNames: ["registry"],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "registry", privateDnsZoneIds: [props.privateDnsZoneId] },
    });

    for (const [label, objectId] of Object.entries(props.kubeletObjectIds ?? {})) {
      new RoleAssignment(this, `AcrPull${label}`, {
        scope: registry.id,
        roleDefinitionName: "AcrPull",
        principalId: objectId,
        principalType: "ServicePrincipal",
        // A kubelet identity created in the same apply may not have replicated in Entra yet.
        skipServicePrincipalAadCheck: true,
        description: `${label} kubelet pulls images from ${props.name}`,
      });
    }

    if (this.defenderForContainers) {
      new SecurityCenterSubscriptionPricing(this, "DefenderForContainers", {
        tier: "Standard",
        resourceType: "Containers",
        extension: this.defenderExtensions.map((name) => ({ name })),
      });
    }

    if (this.deleteLock) {
      new ManagementLock(this, "DeleteLock", {
        name: `${props.name}-no-delete`,
        scope: registry.id,
        lockLevel: "CanNotDelete",
        notes: "Production container registry: remove this lock deliberately before any delete.",
      });
    }
  }

  /** The image repository of one service in this registry, `<name>.azurecr.io/<service>`. */
  repositoryUrl(service: string): string {
    return `${this.loginServer}/${service}`;
  }

  private validate(props: AzureContainerRegistryProps): void {
    const v = new Validator(`AzureContainerRegistry ${this.node.path}`);
    v.check(
      /^[A-Za-z0-9]{5,50}$/.test(props.name),
      "name",
      props.name,
      "5 to 50 letters and digits (no dashes)",
      "it becomes <name>.azurecr.io, unique across Azure: prefix the organisation, e.g. acmeprodacr",
    );
    for (const field of ["location", "drLocation"] as const) {
      v.check(
        LOCATION.test(props[field]),
        field,
        props[field],
        "an Azure region name such as westeurope",
        "use the programmatic name (az account list-locations), not the display name",
      );
    }
    v.check(
      props.drLocation !== props.location,
      "drLocation",
      props.drLocation,
      `a region other than location (${props.location})`,
      "the geo-replica is the DR copy: put it in the paired region",
    );
    checkResourceId(v, "privateEndpointSubnetId", props.privateEndpointSubnetId);
    checkResourceId(
      v,
      "privateDnsZoneId",
      props.privateDnsZoneId,
      `/privateDnsZones/${ACR_PRIVATE_DNS_ZONE}`,
    );
    const ids = props.kubeletObjectIds ?? {};
    const labels = Object.keys(ids);
    for (const label of labels) {
      v.check(
        /^[A-Z][A-Za-z0-9]*$/.test(label),
        `kubeletObjectIds.${label}`,
        label,
        "a PascalCase label such as Blue",
        "the label becomes the role assignment's logical ID; use a fixed literal",
      );
      checkUuid(v, `kubeletObjectIds.${label}`, ids[label]!, "pass kubelet_identity[0].object_id");
    }
    const days = this.untaggedRetentionDays;
    v.check(
      Number.isInteger(days) && days >= 1 && days <= 365,
      "untaggedRetentionDays",
      days,
      "an integer 1..365",
      "ACR keeps untagged manifests 0 to 365 days; 0 would purge them at once",
    );
    v.check(
      this.defenderExtensions.every((e) => DEFENDER_CONTAINERS_EXTENSIONS.includes(e)) &&
        this.defenderExtensions.includes("ContainerRegistriesVulnerabilityAssessments"),
      "defenderExtensions",
      this.defenderExtensions,
      `extensions of ${DEFENDER_CONTAINERS_EXTENSIONS.join(", ")}, ContainerRegistriesVulnerabilityAssessments among them`,
      "without ContainerRegistriesVulnerabilityAssessments Defender does not scan the registry's images",
    );
    v.throwIfAny();
  }
}
