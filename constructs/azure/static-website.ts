import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageAccountStaticWebsiteA } from "@cdktf/provider-azurerm/lib/storage-account-static-website";
import { StorageBlob } from "@cdktf/provider-azurerm/lib/storage-blob";
import { isPublic, parseCidr } from "../cidr";
import { Construct } from "../core";
import { Validator } from "../validation";
import { storageAccountNameProblems } from "./azure-names";
import type { IResourceGroup } from "./resource-group";
import { STORAGE_ACCOUNT_BASELINE } from "./storage-account-baseline";

/** Azure's cap on a storage account's IP rules (Azure subscription limits, "Storage limits"). */
export const STORAGE_IP_RULES_MAX = 400;

/** The container Azure creates for a static website, and serves from the web endpoint. */
export const STATIC_WEBSITE_CONTAINER = "$web";

export interface AzureStaticWebsiteProps {
  /** The storage account's name, 3 to 24 lower-case letters and digits, unique across Azure. */
  readonly accountName: string;
  readonly resourceGroup: IResourceGroup;
  /**
   * Public IPv4 ranges of the edge (CloudFlare's, `CLOUDFLARE_IPV4_RANGES`): the only readers of the
   * web endpoint. Azure's IP rules take public IPv4 only, /30 or wider (a single address without its
   * prefix); its firewall covers the web endpoint too.
   */
  readonly edgeSourceCidrs: readonly string[];
  /**
   * Public IPv4 ranges of the deployer (CI runner): Terraform configures the website and writes the
   * health blob through the data plane, past the same firewall. A /32 is written as its address.
   * @default []
   */
  readonly deployerCidrs?: readonly string[];
  /**
   * Subnets of a runner inside Azure (IP rules do not apply to clients in the account's own region;
   * they need a VNet rule and the `Microsoft.Storage` service endpoint).
   * @default []
   */
  readonly deployerSubnetIds?: readonly string[];
  /** Object id of the principal that runs Terraform: Storage Blob Data Contributor on `$web`. */
  readonly deployerObjectId: string;
  /**
   * Write the health blob. Leave it off on the first apply: the deployer's data role can take minutes
   * to reach the data plane, so the blob comes with the next apply (the one that gives the edge its
   * `azureWebHost`), when the role has long been in effect.
   * @default false
   */
  readonly writeHealthBlob?: boolean;
  /**
   * Key of the health blob the edge's monitor GETs (under `$web`).
   * @default ".well-known/edge-health"
   */
  readonly healthBlobName?: string;
  /**
   * Days a deleted blob (a bad publish's removals) stays recoverable, 1 to 365. No versions are kept:
   * lifecycle management skips `$web`, so old versions could never expire, and the build re-publishes.
   * @default 7
   */
  readonly retentionDays?: number;
  /**
   * `lifecycle.prevent_destroy` on the account. Its content is re-published from the build, but a new
   * account gets a new web host, which the edge only learns from the environment file.
   * @default true
   */
  readonly preventDestroy?: boolean;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The Azure origin of the static-assets CDN: a GZRS StorageV2 account whose static website (`$web`,
 * `index.html`, `404.html`) is readable only from the edge's ranges (and the deployer's): network rules
 * default Deny, no bypass, public network access on (off would close the web endpoint too), no public
 * containers, Entra ID only (no shared keys), HTTPS and TLS 1.2, soft delete of blobs and containers
 * (no versioning: lifecycle management does not reach `$web`, so versions would pile up for good; the
 * build re-publishes instead). The web endpoint's host (`primaryWebHost`,
 * `<account>.z<N>.web.core.windows.net`) is assigned by Azure at creation; the edge learns it from the
 * environment file, not from Azure's API.
 *
 * The static website resource and the health blob use the data plane: the deployer must pass the
 * firewall (`deployerCidrs` or `deployerSubnetIds`) and hold Storage Account Contributor (website) and
 * Storage Blob Data Contributor on `$web` (granted here, on that container only).
 */
export class AzureStaticWebsite extends Construct {
  public readonly accountName: string;
  public readonly storageAccountId: string;
  /** The web endpoint's host, known after the first apply (`StaticWebHost` output). */
  public readonly primaryWebHost: string;
  /** The health blob's path on the web endpoint, e.g. `/.well-known/edge-health`. */
  public readonly healthPath: string;
  /** The account's IP rules, as written. */
  public readonly ipRules: readonly string[];
  public readonly retentionDays: number;

  constructor(scope: Construct, id: string, props: AzureStaticWebsiteProps) {
    super(scope, id);
    this.accountName = props.accountName;
    this.retentionDays = props.retentionDays ?? 7;
    const healthBlobName = props.healthBlobName ?? ".well-known/edge-health";
    this.healthPath = `/${healthBlobName}`;
    this.ipRules = [...props.edgeSourceCidrs, ...(props.deployerCidrs ?? [])].map((r) =>
      r.replace(/\/32$/, ""),
    );
    this.validate(props, healthBlobName);
    const rg = props.resourceGroup;
    const tags = { ...props.tags };

    const account = new StorageAccount(this, "Account", {
      name: this.accountName,
      resourceGroupName: rg.resourceGroupName,
      location: rg.location,
      ...STORAGE_ACCOUNT_BASELINE,
      // Geo-redundant like every production account (PLAT-AZST-005), though the build can re-publish.
      accountReplicationType: "GZRS",
      accessTier: "Hot",
      // The web endpoint is public-network only: the firewall, not this switch, keeps the public out.
      publicNetworkAccessEnabled: true,
      networkRules: {
        defaultAction: "Deny",
        bypass: ["None"],
        ipRules: [...this.ipRules],
        virtualNetworkSubnetIds: [...(props.deployerSubnetIds ?? [])],
      },
      infrastructureEncryptionEnabled: true,
      blobProperties: {
        versioningEnabled: false,
        deleteRetentionPolicy: { days: this.retentionDays, permanentDeleteEnabled: false },
        containerDeleteRetentionPolicy: { days: this.retentionDays },
      },
      tags,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.storageAccountId = account.id;
    this.primaryWebHost = account.primaryWebHost;

    const website = new StorageAccountStaticWebsiteA(this, "Website", {
      storageAccountId: account.id,
      indexDocument: "index.html",
      error404Document: "404.html",
    });
    // $web exists once the website is on; the deployer may write there and nowhere else.
    const writer = new RoleAssignment(this, "DeployerBlobDataContributor", {
      scope: `${account.id}/blobServices/default/containers/${STATIC_WEBSITE_CONTAINER}`,
      roleDefinitionName: "Storage Blob Data Contributor",
      principalId: props.deployerObjectId,
      description: "Terraform writes the static website's health blob with its Entra identity",
      dependsOn: [website],
    });
    if (props.writeHealthBlob) {
      new StorageBlob(this, "HealthBlob", {
        name: healthBlobName,
        storageAccountName: account.name,
        storageContainerName: STATIC_WEBSITE_CONTAINER,
        type: "Block",
        sourceContent: "ok\n",
        contentType: "text/plain",
        // Never cached at the edge or in a browser: it answers for the origin, now.
        cacheControl: "no-store",
        dependsOn: [website, writer],
      });
    }
  }

  private validate(props: AzureStaticWebsiteProps, healthBlobName: string): void {
    const v = new Validator(`AzureStaticWebsite ${this.node.path}`);
    for (const p of storageAccountNameProblems(props.accountName)) {
      v.check(false, "accountName", props.accountName, p.allowed, p.hint);
    }
    v.check(
      props.edgeSourceCidrs.length > 0,
      "edgeSourceCidrs",
      props.edgeSourceCidrs,
      "at least one range",
      "pass CLOUDFLARE_IPV4_RANGES; with none, nothing could read the website",
    );
    const ranges = [
      ...props.edgeSourceCidrs.map((c, i) => [`edgeSourceCidrs[${i}]`, c] as const),
      ...(props.deployerCidrs ?? []).map((c, i) => [`deployerCidrs[${i}]`, c] as const),
    ];
    for (const [field, cidr] of ranges) {
      const parsed = parseCidr(cidr);
      v.check(
        parsed !== undefined && isPublic(parsed),
        field,
        cidr,
        "a public IPv4 range (Azure's IP rules take no IPv6 and no private ranges)",
        "use the edge's or runner's public IPv4 range",
      );
      if (parsed) {
        v.check(
          parsed.prefix !== 31 && parsed.prefix !== 0,
          field,
          cidr,
          "a /1 to /30 range, or one address as /32",
          parsed.prefix === 31
            ? "write the two addresses as two /32s"
            : "never open the account to the internet",
        );
      }
    }
    v.check(
      this.ipRules.length <= STORAGE_IP_RULES_MAX,
      "edgeSourceCidrs",
      this.ipRules.length,
      `at most ${STORAGE_IP_RULES_MAX} IP rules in all`,
      "merge adjacent ranges",
    )
      .check(
        new Set(this.ipRules).size === this.ipRules.length,
        "deployerCidrs",
        props.deployerCidrs,
        "each range once (an edge range repeated is refused by Azure)",
        "remove the repeated range",
      )
      .check(
        (props.deployerCidrs ?? []).length + (props.deployerSubnetIds ?? []).length > 0,
        "deployerCidrs",
        props.deployerCidrs ?? [],
        "a deployer range or subnet (deployerCidrs or deployerSubnetIds)",
        "Terraform sets the website and writes the health blob through the firewall; admit the runner",
      )
      .check(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(props.deployerObjectId),
        "deployerObjectId",
        props.deployerObjectId,
        "an Entra object id (a lower-case GUID)",
        "az ad sp show --id <app id> --query id",
      )
      .check(
        /^[A-Za-z0-9_.~-]+(?:\/[A-Za-z0-9_.~-]+)*$/.test(healthBlobName),
        "healthBlobName",
        healthBlobName,
        "a blob path without a leading /",
        "e.g. .well-known/edge-health",
      )
      .check(
        Number.isInteger(this.retentionDays) && this.retentionDays >= 1 && this.retentionDays <= 365,
        "retentionDays",
        this.retentionDays,
        "an integer from 1 to 365",
        "Azure keeps deleted blobs 1 to 365 days",
      );
    v.throwIfAny();
  }
}
