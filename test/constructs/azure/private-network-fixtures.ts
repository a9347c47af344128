/**
 * What the Azure network hands to the key vault, blob storage and private endpoint tests, as literal ids
 * (the AzureNetwork construct itself is tested in network.test.ts).
 */
import type { IPrivateEndpointNetwork } from "../../../constructs/azure/private-endpoint";

export const RG_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod";
export const RESOURCE_GROUP = { resourceGroupName: "acme-prod", location: "westeurope" } as const;

export const zoneId = (name: string) => `${RG_ID}/providers/Microsoft.Network/privateDnsZones/${name}`;

export const TEST_NETWORK: IPrivateEndpointNetwork = {
  location: "westeurope",
  privateEndpointSubnetId: `${RG_ID}/providers/Microsoft.Network/virtualNetworks/acme-prod-vnet/subnets/endpoints`,
  privateDnsZoneIds: {
    vault: zoneId("privatelink.vaultcore.azure.net"),
    blob: zoneId("privatelink.blob.core.windows.net"),
    redisEnterprise: zoneId("privatelink.redis.azure.net"),
    registry: zoneId("privatelink.azurecr.io"),
    postgres: zoneId("acme-prod.private.postgres.database.azure.com"),
  },
};

export const TENANT_ID = "11111111-2222-3333-4444-555555555555";
export const DEPLOYER_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const IDENTITY_ID = "99999999-8888-7777-6666-555555555555";
