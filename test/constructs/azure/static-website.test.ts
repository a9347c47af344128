import { describe, expect, it } from "vitest";
import {
  AzureStaticWebsite,
  type AzureStaticWebsiteProps,
  STORAGE_IP_RULES_MAX,
} from "../../../constructs/azure/static-website";
import { CLOUDFLARE_IPV4_RANGES } from "../../../constructs/cloudflare/edge-ip-ranges";
import { Testing } from "../../../constructs/core";
import { byId, errorOf, idsOf, policyFindings, problem, refTo } from "./azure-fixtures";
import { DEPLOYER_ID, RESOURCE_GROUP } from "./private-network-fixtures";

const props: AzureStaticWebsiteProps = {
  accountName: "prodstaticweb",
  resourceGroup: RESOURCE_GROUP,
  edgeSourceCidrs: CLOUDFLARE_IPV4_RANGES,
  deployerCidrs: ["203.0.113.0/28", "198.51.100.7/32"],
  deployerObjectId: DEPLOYER_ID,
};

function synth(overrides: Partial<AzureStaticWebsiteProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AzureStaticWebsite(scope, "Static", { ...props, ...overrides });
  });
}

const accountOf = (out: string) => byId(out, "azurerm_storage_account", "Static_Account");

describe("AzureStaticWebsite", () => {
  const out = synth();

  it("admits only the edge's ranges and the deployer's: default Deny, no bypass, /32 as an address", () => {
    expect(accountOf(out).network_rules).toEqual({
      default_action: "Deny",
      bypass: ["None"],
      ip_rules: [...CLOUDFLARE_IPV4_RANGES, "203.0.113.0/28", "198.51.100.7"],
      virtual_network_subnet_ids: [],
    });
    // Off would close the web endpoint too: the firewall keeps the public out, not this switch.
    expect(accountOf(out).public_network_access_enabled).toBe(true);
  });

  it("serves no public containers, takes no shared keys, speaks HTTPS and TLS 1.2 only, and is geo-redundant", () => {
    expect(accountOf(out)).toMatchObject({
      account_kind: "StorageV2",
      account_replication_type: "GZRS",
      lifecycle: { prevent_destroy: true },
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      https_traffic_only_enabled: true,
      min_tls_version: "TLS1_2",
      blob_properties: {
        versioning_enabled: false,
        delete_retention_policy: { days: 7, permanent_delete_enabled: false },
      },
    });
  });

  it("turns on the static website with an index and a 404 page, through the separate resource", () => {
    expect(byId(out, "azurerm_storage_account_static_website", "Static_Website")).toEqual({
      storage_account_id: refTo(out, "azurerm_storage_account", "Static_Account", "id"),
      index_document: "index.html",
      error_404_document: "404.html",
    });
    expect(accountOf(out).static_website).toBeUndefined();
  });

  it("grants the deployer Storage Blob Data Contributor on $web only, and writes the health blob only when asked", () => {
    expect(byId(out, "azurerm_role_assignment", "Static_DeployerBlobDataContributor")).toMatchObject({
      principal_id: DEPLOYER_ID,
      role_definition_name: "Storage Blob Data Contributor",
      scope: `${refTo(out, "azurerm_storage_account", "Static_Account", "id")}/blobServices/default/containers/$web`,
    });
    // No lifecycle policy: Azure's lifecycle management skips $web, so it would do nothing.
    expect(idsOf(out, "azurerm_storage_management_policy")).toEqual([]);
    expect(idsOf(out, "azurerm_storage_blob")).toEqual([]);
    const later = synth({ writeHealthBlob: true });
    const blob = byId(later, "azurerm_storage_blob", "Static_HealthBlob");
    expect(blob).toMatchObject({
      name: ".well-known/edge-health",
      storage_container_name: "$web",
      type: "Block",
      content_type: "text/plain",
      cache_control: "no-store",
    });
    // After the website (which creates $web) and the role that lets Terraform write it.
    expect(blob.depends_on).toEqual([
      expect.stringContaining("azurerm_storage_account_static_website."),
      expect.stringContaining("azurerm_role_assignment.Static_DeployerBlobDataContributor"),
    ]);
  });

  it("passes the production policy rules", async () => {
    expect(await policyFindings(synth({ writeHealthBlob: true }), "production")).toEqual([]);
  });

  describe("validation", () => {
    it.each([
      ["no edge ranges", { edgeSourceCidrs: [] }, problem("edgeSourceCidrs", [], "at least one range")],
      [
        "an IPv6 edge range",
        { edgeSourceCidrs: ["2400:cb00::/32"] },
        problem(
          "edgeSourceCidrs[0]",
          "2400:cb00::/32",
          "a public IPv4 range (Azure's IP rules take no IPv6 and no private ranges)",
        ),
      ],
      [
        "a private deployer range",
        { deployerCidrs: ["10.0.0.0/24"] },
        problem(
          "deployerCidrs[0]",
          "10.0.0.0/24",
          "a public IPv4 range (Azure's IP rules take no IPv6 and no private ranges)",
        ),
      ],
      [
        "a /31, which Azure refuses",
        { deployerCidrs: ["203.0.113.8/31"] },
        problem("deployerCidrs[0]", "203.0.113.8/31", "a /1 to /30 range, or one address as /32"),
      ],
      [
        "the whole internet",
        { edgeSourceCidrs: ["0.0.0.0/0"] },
        problem("edgeSourceCidrs[0]", "0.0.0.0/0", "a /1 to /30 range, or one address as /32"),
      ],
      [
        "a deployer range repeating an edge range",
        { deployerCidrs: [CLOUDFLARE_IPV4_RANGES[0]!] },
        problem(
          "deployerCidrs",
          [CLOUDFLARE_IPV4_RANGES[0]!],
          "each range once (an edge range repeated is refused by Azure)",
        ),
      ],
      [
        "more IP rules than Azure takes",
        {
          deployerCidrs: Array.from(
            { length: STORAGE_IP_RULES_MAX },
            (_, i) => `203.${i >> 8}.${i & 255}.0/30`,
          ),
        },
        problem(
          "edgeSourceCidrs",
          STORAGE_IP_RULES_MAX + CLOUDFLARE_IPV4_RANGES.length,
          `at most ${STORAGE_IP_RULES_MAX} IP rules in all`,
        ),
      ],
      [
        "no way for the deployer through the firewall",
        { deployerCidrs: [], deployerSubnetIds: [] },
        problem("deployerCidrs", [], "a deployer range or subnet (deployerCidrs or deployerSubnetIds)"),
      ],
      ["an account name with a dash", { accountName: "prod-static" }, 'accountName: got "prod-static"'],
      [
        "a deployer that is not an object id",
        { deployerObjectId: "ci-runner" },
        problem("deployerObjectId", "ci-runner", "an Entra object id (a lower-case GUID)"),
      ],
      [
        "a health blob path with a leading slash",
        { healthBlobName: "/health" },
        problem("healthBlobName", "/health", "a blob path without a leading /"),
      ],
      ["no soft delete", { retentionDays: 0 }, problem("retentionDays", 0, "an integer from 1 to 365")],
    ] as const)("rejects %s", (_case, overrides, message) => {
      expect(errorOf(() => synth(overrides as Partial<AzureStaticWebsiteProps>))).toContain(message);
    });
  });
});
