import { describe, expect, it } from "vitest";
import {
  PRIVATE_LINK_ZONES,
  PrivateDnsZones,
  postgresPrivateDnsZoneName,
} from "../../../constructs/azure/private-dns-zones";
import { Testing } from "../../../constructs/core";
import { byId, idsOf, refTo } from "./azure-fixtures";

const VNET =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod/providers/Microsoft.Network/virtualNetworks/acme-prod-vnet";

describe("PrivateDnsZones", () => {
  const out = Testing.synthScope(
    (scope) =>
      new PrivateDnsZones(scope, "Zones", {
        name: "acme-prod",
        resourceGroup: { resourceGroupName: "acme-prod", location: "westeurope" },
        virtualNetworkId: VNET,
      }),
  );

  it("uses the Private Link zone of each sub-resource (Managed Redis, not Azure Cache for Redis)", () => {
    expect(PRIVATE_LINK_ZONES).toEqual({
      vault: "privatelink.vaultcore.azure.net",
      blob: "privatelink.blob.core.windows.net",
      redisEnterprise: "privatelink.redis.azure.net",
      registry: "privatelink.azurecr.io",
    });
  });

  it("gives VNet-integrated PostgreSQL a zone that no server name can clash with", () => {
    expect(postgresPrivateDnsZoneName("acme-prod")).toBe("acme-prod.private.postgres.database.azure.com");
    expect(byId(out, "azurerm_private_dns_zone", "Zones_Postgres").name).toBe(
      "acme-prod.private.postgres.database.azure.com",
    );
  });

  it("links every zone to the VNet without auto-registration, under fixed logical ids", () => {
    expect(idsOf(out, "azurerm_private_dns_zone")).toEqual([
      "Zones_Blob",
      "Zones_ContainerRegistry",
      "Zones_KeyVault",
      "Zones_ManagedRedis",
      "Zones_Postgres",
    ]);
    for (const zone of ["Blob", "ContainerRegistry", "KeyVault", "ManagedRedis", "Postgres"]) {
      expect(byId(out, "azurerm_private_dns_zone_virtual_network_link", `Zones_${zone}Link`)).toEqual({
        name: "acme-prod-vnet",
        resource_group_name: "acme-prod",
        private_dns_zone_name: refTo(out, "azurerm_private_dns_zone", `Zones_${zone}`, "name"),
        virtual_network_id: VNET,
        registration_enabled: false,
      });
    }
  });
});
