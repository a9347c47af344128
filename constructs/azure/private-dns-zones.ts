import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { Construct } from "../core";
import type { IResourceGroup } from "./resource-group";

/**
 * Private Link zones (Azure public cloud) for the services the platform reaches through a private
 * endpoint, keyed by the endpoint's sub-resource. Source: "Azure Private Endpoint private DNS zone
 * values" (Azure Managed Redis is `Microsoft.Cache/redisEnterprise`, sub-resource `redisEnterprise`;
 * Azure Cache for Redis would be `privatelink.redis.cache.windows.net`, a different zone).
 */
export const PRIVATE_LINK_ZONES = {
  vault: "privatelink.vaultcore.azure.net",
  blob: "privatelink.blob.core.windows.net",
  redisEnterprise: "privatelink.redis.azure.net",
  registry: "privatelink.azurecr.io",
} as const;

/** A sub-resource a {@link PrivateEndpoint} connects to; it decides the DNS zone. */
export type PrivateLinkSubresource = keyof typeof PRIVATE_LINK_ZONES;

/** Ids of the zones, by sub-resource, plus the PostgreSQL zone of VNet-integrated servers. */
export type PrivateDnsZoneIds = Readonly<Record<PrivateLinkSubresource, string>> & {
  readonly postgres: string;
};

/**
 * The zone a VNet-integrated PostgreSQL flexible server registers in. "Private access (VNet
 * integration)" wants a zone ending in `.postgres.database.azure.com` that is not
 * `<server>.postgres.database.azure.com`; `privatelink.postgres.database.azure.com` is the zone of the
 * other mode (public access with a private endpoint). `<name>.private.postgres.database.azure.com`
 * can clash with no server name.
 */
export function postgresPrivateDnsZoneName(name: string): string {
  return `${name}.private.postgres.database.azure.com`;
}

export interface PrivateDnsZonesProps {
  /** Name prefix of the links and the PostgreSQL zone, e.g. `acme-prod`. */
  readonly name: string;
  readonly resourceGroup: IResourceGroup;
  /** The VNet every zone is linked to. */
  readonly virtualNetworkId: string;
}

const LOGICAL_IDS: Readonly<Record<keyof PrivateDnsZoneIds, string>> = {
  postgres: "Postgres",
  vault: "KeyVault",
  blob: "Blob",
  redisEnterprise: "ManagedRedis",
  registry: "ContainerRegistry",
};

/**
 * The private DNS zones of the network, each linked to the VNet without auto-registration, so a
 * private endpoint's zone group (or a VNet-integrated server) writes the A records that make the
 * service's public name resolve to its private address inside the VNet.
 */
export class PrivateDnsZones extends Construct {
  public readonly zoneIds: PrivateDnsZoneIds;
  /** Zone names by the same keys as {@link zoneIds}. */
  public readonly zoneNames: Readonly<Record<keyof PrivateDnsZoneIds, string>>;
  /** Each zone's link to the VNet: what resolves names in it, for resources that must wait for it. */
  public readonly links: Readonly<Record<keyof PrivateDnsZoneIds, PrivateDnsZoneVirtualNetworkLink>>;

  constructor(scope: Construct, id: string, props: PrivateDnsZonesProps) {
    super(scope, id);
    this.zoneNames = { ...PRIVATE_LINK_ZONES, postgres: postgresPrivateDnsZoneName(props.name) };
    const ids: Partial<Record<keyof PrivateDnsZoneIds, string>> = {};
    const links: Partial<Record<keyof PrivateDnsZoneIds, PrivateDnsZoneVirtualNetworkLink>> = {};
    for (const [key, zoneName] of Object.entries(this.zoneNames) as [keyof PrivateDnsZoneIds, string][]) {
      const logicalId = LOGICAL_IDS[key];
      const zone = new PrivateDnsZone(this, logicalId, {
        name: zoneName,
        resourceGroupName: props.resourceGroup.resourceGroupName,
      });
      links[key] = new PrivateDnsZoneVirtualNetworkLink(this, `${logicalId}Link`, {
        name: `${props.name}-vnet`,
        resourceGroupName: props.resourceGroup.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: props.virtualNetworkId,
        registrationEnabled: false,
      });
      ids[key] = zone.id;
    }
    this.zoneIds = ids as PrivateDnsZoneIds;
    this.links = links as Record<keyof PrivateDnsZoneIds, PrivateDnsZoneVirtualNetworkLink>;
  }
}
