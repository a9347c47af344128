import { PrivateEndpoint as PrivateEndpointResource } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { describe, expect, it } from "vitest";
import type { PrivateLinkSubresource } from "../../../constructs/azure/private-dns-zones";
import { PrivateEndpoint, type PrivateEndpointProps } from "../../../constructs/azure/private-endpoint";
import { Testing } from "../../../constructs/core";
import { errorOf, problem } from "./azure-fixtures";
import { RESOURCE_GROUP, RG_ID, TEST_NETWORK, zoneId as zone } from "./private-network-fixtures";

const VAULT = `${RG_ID}/providers/Microsoft.KeyVault/vaults/acme-prod-kv`;
const props: PrivateEndpointProps = {
  name: "acme-prod-kv-vault",
  resourceGroup: RESOURCE_GROUP,
  network: TEST_NETWORK,
  targetResourceId: VAULT,
  subresource: "vault",
};

function synth(overrides: Partial<PrivateEndpointProps> = {}): string {
  return Testing.synthScope((scope) => new PrivateEndpoint(scope, "Endpoint", { ...props, ...overrides }));
}

describe("PrivateEndpoint", () => {
  it("connects the sub-resource from the endpoints subnet, auto-approved, and registers in its zone", () => {
    expect(synth()).toHaveResourceWithProperties(PrivateEndpointResource, {
      name: "acme-prod-kv-vault",
      resource_group_name: "acme-prod",
      location: "westeurope",
      subnet_id: TEST_NETWORK.privateEndpointSubnetId,
      custom_network_interface_name: "acme-prod-kv-vault-nic",
      private_service_connection: {
        name: "acme-prod-kv-vault",
        private_connection_resource_id: VAULT,
        subresource_names: ["vault"],
        is_manual_connection: false,
      },
      private_dns_zone_group: {
        name: "default",
        private_dns_zone_ids: [TEST_NETWORK.privateDnsZoneIds.vault],
      },
    });
  });

  it.each([
    ["blob", "privatelink.blob.core.windows.net"],
    ["redisEnterprise", "privatelink.redis.azure.net"],
    ["registry", "privatelink.azurecr.io"],
  ] as [PrivateLinkSubresource, string][])("picks the zone of %s", (subresource, zoneName) => {
    expect(synth({ subresource })).toHaveResourceWithProperties(PrivateEndpointResource, {
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [zone(zoneName)] },
    });
    Testing.synthScope((scope) => {
      const e = new PrivateEndpoint(scope, "Endpoint", { ...props, subresource });
      expect(e.privateDnsZoneName).toBe(zoneName);
    });
  });

  it("rejects a bad name, an unknown sub-resource and a target that is not a resource id, together", () => {
    const message = errorOf(() =>
      synth({
        name: "-kv",
        subresource: "sqlServer" as PrivateLinkSubresource,
        targetResourceId: "acme-prod-kv",
      }),
    );
    expect(message).toContain("PrivateEndpoint stack/Endpoint: 3 invalid prop(s)");
    expect(message).toContain(
      problem(
        "name",
        "-kv",
        "2 to 64 letters, digits, underscores, dots and dashes, starting with a letter or digit and ending with a letter, digit or underscore",
      ),
    );
    expect(message).toContain(
      problem("subresource", "sqlServer", "one of vault, blob, redisEnterprise, registry"),
    );
    expect(message).toContain(
      problem("targetResourceId", "acme-prod-kv", "an Azure resource id (or a reference)"),
    );
  });

  it("rejects a name longer than 64 characters", () => {
    expect(errorOf(() => synth({ name: "a".repeat(65) }))).toContain(`name: got "${"a".repeat(65)}"`);
  });
});
