/**
 * One known-bad variant of a real synthesized stack per required rule: `mutate` edits a deep copy of
 * the stack's `cdk.tf.json` (from the test run's synth) the way a careless change to a construct
 * would, and `test/policy/teeth.test.ts` checks that the policy run then fails naming the rule.
 * Resources are found by the construct id part of their logical name, so the cases follow renames of
 * the hash suffix but fail loudly when a construct disappears.
 */

import { ContainerRegistry } from "../../constructs/aws/container-registry";
import { AzureContainerRegistry } from "../../constructs/azure/container-registry";
import { EdgeLoadBalancer } from "../../constructs/cloudflare/edge-load-balancer";
import { EdgeMonitor } from "../../constructs/cloudflare/edge-monitor";
import { EdgePool } from "../../constructs/cloudflare/edge-pool";
import { EdgeZone } from "../../constructs/cloudflare/edge-zone";
import { type Construct, Testing } from "../../constructs/core";
import { ref } from "../../policy/lib/fixture.js";

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped; the cases poke at it freely
type Json = any;

/** One mutation. */
export interface TeethCase {
  /** A stack of the app (`cdktf.out/manifest.json`), which also fixes the tier the policy applies. */
  stack: string;
  /** What the variant does wrong, for the test name. */
  what: string;
  mutate(doc: Json): void;
}

/** The logical name of the one resource (or data source) of `type` whose name contains `part`. */
function nameOf(section: Json, type: string, part: string): string {
  const names = Object.keys(section?.[type] ?? {}).filter((n) => n.includes(part));
  if (names.length !== 1) throw new Error(`expected one ${type} named *${part}*, found ${names.length}`);
  return names[0]!;
}

/** The attributes of the one resource of `type` whose name contains `part` (edit them in place). */
export function resource(doc: Json, type: string, part = ""): Json {
  return doc.resource[type][nameOf(doc.resource, type, part)];
}

/** The attributes of the one data source of `type` whose name contains `part`. */
function data(doc: Json, type: string, part: string): Json {
  return doc.data[type][nameOf(doc.data, type, part)];
}

/** Removes the one resource of `type` whose name contains `part`. */
function remove(doc: Json, type: string, part: string): void {
  delete doc.resource[type][nameOf(doc.resource, type, part)];
}

/** Adds a resource (a construct someone added). */
function add(doc: Json, type: string, name: string, values: Json): void {
  doc.resource[type] ??= {};
  doc.resource[type][name] = values;
}

/** Edits the first values document of a helm release (JSON, as the stacks write it). */
function editValues(doc: Json, part: string, edit: (values: Json) => void): void {
  const release = resource(doc, "helm_release", part);
  const values = JSON.parse(release.values[0]);
  edit(values);
  release.values[0] = JSON.stringify(values, null, 2);
}

/** Edits the user-service Rollout (delivered through a RawManifests release). */
function editRollout(doc: Json, edit: (podSpec: Json, container: Json) => void): void {
  editValues(doc, "UserService_Delivery_Objects", (values) => {
    const rollout = values.manifests.find((m: Json) => m.kind === "Rollout");
    edit(rollout.spec.template.spec, rollout.spec.template.spec.containers[0]);
  });
}

const nodeGroupRule = (port: number, protocol = "tcp"): Json => ({
  description: "debugging from anywhere",
  security_group_id: ref("aws_security_group.Cluster_SecurityGroups_NodeSecurityGroup_D0AB8094.id"),
  ip_protocol: protocol,
  ...(protocol === "-1" ? {} : { from_port: port, to_port: port }),
  cidr_ipv4: "0.0.0.0/0",
});

const PG = "aws_db_instance";
const REDIS = "aws_elasticache_replication_group";
const LT = "aws_launch_template";

/** A stateless Azure resource group reference, for the Azure resources the cases add to a real stack. */
const RG = ref("azurerm_resource_group.Platform.name");

const aks = (overrides: Json): Json => ({
  name: "aks",
  resource_group_name: RG,
  role_based_access_control_enabled: true,
  azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
  network_profile: { network_plugin: "azure", network_policy: "cilium" },
  local_account_disabled: true,
  ...overrides,
});

const storage = (overrides: Json): Json => ({
  name: "acmeplatformprod",
  resource_group_name: RG,
  account_replication_type: "GZRS",
  min_tls_version: "TLS1_2",
  allow_nested_items_to_be_public: false,
  blob_properties: { delete_retention_policy: { days: 30 } },
  lifecycle: { prevent_destroy: true },
  ...overrides,
});

const redisCache = (overrides: Json): Json => ({
  name: "redis",
  resource_group_name: RG,
  minimum_tls_version: "1.2",
  lifecycle: { prevent_destroy: true },
  ...overrides,
});

/**
 * Adds what a construct synthesizes on its own (its resources and data sources) to a real stack, for
 * constructs the stacks do not compose yet (the container registries).
 */
function addSynthesized(doc: Json, build: (scope: Construct) => void): void {
  const out = JSON.parse(Testing.synthScope(build));
  for (const section of ["resource", "data"] as const) {
    for (const [type, blocks] of Object.entries(out[section] ?? {})) {
      doc[section] ??= {};
      doc[section][type] = { ...doc[section][type], ...(blocks as Json) };
    }
  }
}

/** A production ContainerRegistry (ECR) with one service, `user-service`. */
const addEcr = (doc: Json): void =>
  addSynthesized(doc, (scope) => {
    new ContainerRegistry(scope, "Registry", {
      name: "acme",
      services: ["user-service"],
      pullPrincipalArns: ["arn:aws:iam::123456789012:role/acme-prod-nodes"],
      drRegion: "eu-central-1",
      preventDestroy: true,
    });
  });

/** The primary ECR repository of `user-service` (edit it in place). */
const ecrRepository = (doc: Json): Json =>
  resource(doc, "aws_ecr_repository", "Registry_Repository-user-service");

/** A production AzureContainerRegistry; returns its registry (edit it in place). */
const addAcr = (doc: Json): Json => {
  const sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod/providers";
  addSynthesized(doc, (scope) => {
    new AzureContainerRegistry(scope, "Acr", {
      name: "acmeprodacr",
      resourceGroupName: "acme-prod",
      location: "westeurope",
      drLocation: "northeurope",
      production: true,
      privateEndpointSubnetId: `${sub}/Microsoft.Network/virtualNetworks/acme-prod/subnets/endpoints`,
      privateDnsZoneId: `${sub}/Microsoft.Network/privateDnsZones/privatelink.azurecr.io`,
      kubeletObjectIds: { Blue: "11111111-2222-3333-4444-555555555555" },
    });
  });
  return resource(doc, "azurerm_container_registry", "Acr_Registry");
};

/**
 * A CloudFlare edge as the edge stack composes it (zone with its settings and a proxied record, a
 * monitor, a pool, a load balancer); returns the attributes of one resource of it (edit in place).
 */
const addEdge = (doc: Json, type: string, part: string): Json => {
  const account = "0123456789abcdef0123456789abcdef";
  const zoneId = "00112233445566778899aabbccddeeff";
  const hostname = "api.platform.acme.example";
  addSynthesized(doc, (scope) => {
    const zone = new EdgeZone(scope, "Edge", {
      accountId: account,
      zoneId,
      zoneName: "platform.acme.example",
      zoneType: "partial",
      records: [{ name: "static", type: "CNAME", content: "acme-static.s3.amazonaws.com", proxied: true }],
    });
    const monitor = new EdgeMonitor(scope, "EdgeMonitor", { accountId: account, hostname });
    const pool = new EdgePool(scope, "EdgePool", {
      accountId: account,
      name: "prod-aws-blue",
      originAddress: "blue.platform.acme.example",
      hostname,
      monitorId: monitor.monitorId,
    });
    new EdgeLoadBalancer(scope, "EdgeLb", {
      zoneId: zone.zoneId,
      hostname,
      pools: { "aws-blue": pool.poolId },
      steering: { kind: "failover", order: ["aws-blue"] },
      fallbackPool: "aws-blue",
    });
  });
  return resource(doc, type, part);
};

/** Teeth cases by rule id (`REQUIRED_RULE_IDS` lists the same ids). */
export const TEETH_CASES: Readonly<Record<string, TeethCase>> = {
  "PLAT-ACR-001": {
    stack: "prod",
    what: "a container registry with the admin user on",
    mutate: (doc) => {
      addAcr(doc).admin_enabled = true;
    },
  },
  "PLAT-ACR-002": {
    stack: "prod",
    what: "a container registry open to the internet",
    mutate: (doc) => {
      addAcr(doc).public_network_access_enabled = true;
    },
  },
  "PLAT-ACR-003": {
    stack: "prod",
    what: "a container registry allowing anonymous pulls",
    mutate: (doc) => {
      addAcr(doc).anonymous_pull_enabled = true;
    },
  },
  "PLAT-AKS-001": {
    stack: "prod",
    what: "an AKS cluster with Kubernetes RBAC off",
    mutate: (doc) =>
      add(doc, "azurerm_kubernetes_cluster", "Aks", aks({ role_based_access_control_enabled: false })),
  },
  "PLAT-AKS-002": {
    stack: "prod",
    what: "an AKS cluster without a network policy",
    mutate: (doc) =>
      add(doc, "azurerm_kubernetes_cluster", "Aks", aks({ network_profile: { network_plugin: "azure" } })),
  },
  "PLAT-AKS-003": {
    stack: "prod",
    what: "an AKS cluster with local accounts",
    mutate: (doc) => add(doc, "azurerm_kubernetes_cluster", "Aks", aks({ local_account_disabled: false })),
  },
  "PLAT-AZKV-001": {
    stack: "prod",
    what: "a key vault without purge protection",
    mutate: (doc) =>
      add(doc, "azurerm_key_vault", "Vault", {
        name: "kv",
        purge_protection_enabled: false,
        lifecycle: { prevent_destroy: true },
      }),
  },
  "PLAT-AZPG-001": {
    stack: "prod",
    what: "an Azure PostgreSQL server without geo-redundant backups",
    mutate: (doc) =>
      add(doc, "azurerm_postgresql_flexible_server", "Pg", {
        name: "pg",
        geo_redundant_backup_enabled: false,
        lifecycle: { prevent_destroy: true },
      }),
  },
  "PLAT-AZPG-002": {
    stack: "prod",
    what: "an Azure PostgreSQL firewall rule for the whole internet",
    mutate: (doc) =>
      add(doc, "azurerm_postgresql_flexible_server_firewall_rule", "All", {
        server_id: ref("azurerm_postgresql_flexible_server.Pg.id"),
        start_ip_address: "0.0.0.0",
        end_ip_address: "255.255.255.255",
      }),
  },
  "PLAT-AZREDIS-001": {
    stack: "prod",
    what: "an Azure Redis cache accepting TLS 1.0",
    mutate: (doc) => add(doc, "azurerm_redis_cache", "Redis", redisCache({ minimum_tls_version: "1.0" })),
  },
  "PLAT-AZREDIS-002": {
    stack: "prod",
    what: "an Azure Redis cache with the plaintext port open",
    mutate: (doc) => add(doc, "azurerm_redis_cache", "Redis", redisCache({ non_ssl_port_enabled: true })),
  },
  "PLAT-AZREDIS-003": {
    stack: "prod",
    what: "an Azure Cache for Redis (retired) instead of Azure Managed Redis",
    mutate: (doc) => add(doc, "azurerm_redis_cache", "Redis", redisCache({})),
  },
  "PLAT-AZST-001": {
    stack: "prod",
    what: "a storage account accepting plain HTTP",
    mutate: (doc) =>
      add(doc, "azurerm_storage_account", "Sa", storage({ https_traffic_only_enabled: false })),
  },
  "PLAT-AZST-002": {
    stack: "prod",
    what: "a storage account accepting TLS 1.0",
    mutate: (doc) => add(doc, "azurerm_storage_account", "Sa", storage({ min_tls_version: "TLS1_0" })),
  },
  "PLAT-AZST-003": {
    stack: "prod",
    what: "a storage account allowing public blobs",
    mutate: (doc) =>
      add(doc, "azurerm_storage_account", "Sa", storage({ allow_nested_items_to_be_public: true })),
  },
  "PLAT-AZST-004": {
    stack: "prod",
    what: "a storage account without blob soft delete",
    mutate: (doc) => add(doc, "azurerm_storage_account", "Sa", storage({ blob_properties: {} })),
  },
  "PLAT-AZST-005": {
    stack: "prod",
    what: "a locally redundant production storage account",
    mutate: (doc) => add(doc, "azurerm_storage_account", "Sa", storage({ account_replication_type: "LRS" })),
  },
  "PLAT-CF-001": {
    stack: "prod",
    what: 'an edge zone with ssl "full" (origin certificate not validated)',
    mutate: (doc) => {
      addEdge(doc, "cloudflare_zone_setting", "Edge_Ssl").value = "full";
    },
  },
  "PLAT-CF-002": {
    stack: "prod",
    what: "an edge zone accepting TLS 1.0",
    mutate: (doc) => {
      addEdge(doc, "cloudflare_zone_setting", "Edge_MinTlsVersion").value = "1.0";
    },
  },
  "PLAT-CF-003": {
    stack: "prod",
    what: "an edge zone that serves plain HTTP",
    mutate: (doc) => {
      addEdge(doc, "cloudflare_zone_setting", "Edge_AlwaysUseHttps").value = "off";
    },
  },
  "PLAT-CF-004": {
    stack: "prod",
    what: "a proxied record left without content",
    mutate: (doc) => {
      addEdge(doc, "cloudflare_dns_record", "Edge_Record-CNAME-static").content = "";
    },
  },
  "PLAT-CF-005": {
    stack: "prod",
    what: "a load balancer pool without a monitor",
    mutate: (doc) => {
      delete addEdge(doc, "cloudflare_load_balancer_pool", "EdgePool").monitor;
    },
  },
  "PLAT-CF-006": {
    stack: "prod",
    what: "a pool whose origin is the load balancer's own proxied hostname",
    mutate: (doc) => {
      const pool = addEdge(doc, "cloudflare_load_balancer_pool", "EdgePool");
      pool.origins[0].address = "api.platform.acme.example";
    },
  },
  "PLAT-CF-007": {
    stack: "prod-edge",
    what: "a pool left out of the edge's health alert",
    mutate: (doc) => {
      const policy = resource(doc, "cloudflare_notification_policy", "PoolHealthAlert");
      policy.filters.pool_id = policy.filters.pool_id.slice(1);
    },
  },
  "PLAT-DATA-001": {
    stack: "staging",
    what: "the primary database without prevent_destroy",
    mutate: (doc) => {
      delete resource(doc, PG, "Primary").lifecycle;
    },
  },
  "PLAT-ECACHE-001": {
    stack: "staging",
    what: "Redis without encryption at rest",
    mutate: (doc) => {
      resource(doc, REDIS).at_rest_encryption_enabled = "false";
    },
  },
  "PLAT-ECACHE-002": {
    stack: "staging",
    what: "Redis without TLS",
    mutate: (doc) => {
      resource(doc, REDIS).transit_encryption_enabled = false;
    },
  },
  "PLAT-ECACHE-003": {
    stack: "staging",
    what: "Redis without an auth token",
    mutate: (doc) => {
      delete resource(doc, REDIS).auth_token;
    },
  },
  "PLAT-ECACHE-004": {
    stack: "staging",
    what: "Redis without automatic failover",
    mutate: (doc) => {
      resource(doc, REDIS).automatic_failover_enabled = false;
    },
  },
  "PLAT-ECACHE-005": {
    stack: "staging",
    what: "Redis without snapshots",
    mutate: (doc) => {
      resource(doc, REDIS).snapshot_retention_limit = 0;
    },
  },
  "PLAT-ECR-001": {
    stack: "prod",
    what: "a service repository with mutable tags",
    mutate: (doc) => {
      addEcr(doc);
      ecrRepository(doc).image_tag_mutability = "MUTABLE";
    },
  },
  "PLAT-ECR-002": {
    stack: "prod",
    what: "a service repository without scan on push and no registry scanning configuration",
    mutate: (doc) => {
      addEcr(doc);
      ecrRepository(doc).image_scanning_configuration.scan_on_push = false;
      delete doc.resource.aws_ecr_registry_scanning_configuration;
    },
  },
  "PLAT-ECR-003": {
    stack: "prod",
    what: "a service repository on AES256 instead of its KMS key",
    mutate: (doc) => {
      addEcr(doc);
      ecrRepository(doc).encryption_configuration = [{ encryption_type: "AES256" }];
    },
  },
  "PLAT-EKS-001": {
    stack: "prod-blue",
    what: "a cluster without secrets encryption",
    mutate: (doc) => {
      delete resource(doc, "aws_eks_cluster").encryption_config;
    },
  },
  "PLAT-EKS-002": {
    stack: "prod-blue",
    what: "a cluster API open to the internet",
    mutate: (doc) => {
      resource(doc, "aws_eks_cluster").vpc_config.public_access_cidrs = ["0.0.0.0/0"];
    },
  },
  "PLAT-EKS-003": {
    stack: "prod-blue",
    what: "a cluster without audit logs",
    mutate: (doc) => {
      resource(doc, "aws_eks_cluster").enabled_cluster_log_types = ["api"];
    },
  },
  "PLAT-EKS-004": {
    stack: "prod-blue",
    what: "a cluster on an unsupported version",
    mutate: (doc) => {
      resource(doc, "aws_eks_cluster").version = "1.29";
    },
  },
  "PLAT-EKS-005": {
    stack: "prod-blue",
    what: "cluster-admin for a role outside kubernetes.adminRoleArns",
    mutate: (doc) => {
      resource(doc, "aws_eks_access_policy_association", "AdminAccessPolicy").for_each = ref(
        'toset(["arn:aws:iam::111122223333:role/platform-deployer", "arn:aws:iam::111122223333:role/developer"])',
      );
    },
  },
  "PLAT-IAM-001": {
    stack: "staging",
    what: "the flow-log role allowed every action",
    mutate: (doc) => {
      data(doc, "aws_iam_policy_document", "Network_FlowLogWrite").statement[0].actions = ["*"];
    },
  },
  "PLAT-IAM-002": {
    stack: "staging",
    what: "the autoscaler allowed autoscaling:* on its own groups",
    mutate: (doc) => {
      const policy = data(doc, "aws_iam_policy_document", "ClusterAutoscalerPolicy");
      const scale = policy.statement.find((s: Json) => s.actions.includes("autoscaling:SetDesiredCapacity"));
      scale.actions = ["autoscaling:*"];
    },
  },
  "PLAT-IAM-003": {
    stack: "staging",
    what: "the backup role given AdministratorAccess",
    mutate: (doc) => {
      const attachment = resource(doc, "aws_iam_role_policy_attachment", "Backup_BackupPolicy");
      attachment.policy_arn = `arn:${ref("data.aws_partition.Partition.partition")}:iam::aws:policy/AdministratorAccess`;
    },
  },
  "PLAT-IAM-004": {
    stack: "staging",
    what: "the flow-log role assumable by anyone",
    mutate: (doc) => {
      resource(doc, "aws_iam_role", "Network_FlowLogRole").assume_role_policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "*" } }],
      });
    },
  },
  "PLAT-IAM-005": {
    stack: "staging",
    what: "the user-service IRSA trust for any service account of its namespace",
    mutate: (doc) => {
      const trust = data(doc, "aws_iam_policy_document", "UserServiceIdentity_Trust");
      const sub = trust.statement[0].condition.find((c: Json) => c.variable.endsWith(":sub"));
      sub.test = "StringLike";
      sub.values = ["system:serviceaccount:user-service:*"];
    },
  },
  "PLAT-IAM-006": {
    stack: "staging",
    what: "the flow-log policy allowing everything but one log group",
    mutate: (doc) => {
      const statement = data(doc, "aws_iam_policy_document", "Network_FlowLogWrite").statement[0];
      statement.not_resources = statement.resources;
      delete statement.resources;
    },
  },
  "PLAT-K8S-001": {
    stack: "prod-blue",
    what: "user-service without a liveness probe",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        delete c.livenessProbe;
      }),
  },
  "PLAT-K8S-002": {
    stack: "prod-blue",
    what: "user-service without a readiness probe",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        delete c.readinessProbe;
      }),
  },
  "PLAT-K8S-003": {
    stack: "prod-blue",
    what: "user-service without a CPU request",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        delete c.resources.requests.cpu;
      }),
  },
  "PLAT-K8S-004": {
    stack: "prod-blue",
    what: "user-service without a CPU limit",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        delete c.resources.limits.cpu;
      }),
  },
  "PLAT-K8S-005": {
    stack: "prod-blue",
    what: "user-service without a memory request",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        delete c.resources.requests.memory;
      }),
  },
  "PLAT-K8S-006": {
    stack: "prod-blue",
    what: "user-service without a memory limit",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        delete c.resources.limits.memory;
      }),
  },
  "PLAT-K8S-007": {
    stack: "prod-blue",
    what: "user-service allowing privilege escalation",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        c.securityContext.allowPrivilegeEscalation = true;
      }),
  },
  "PLAT-K8S-008": {
    stack: "prod-blue",
    what: "user-service running as root",
    mutate: (doc) =>
      editRollout(doc, (pod, c) => {
        c.securityContext.runAsNonRoot = false;
        pod.securityContext.runAsNonRoot = false;
      }),
  },
  "PLAT-K8S-009": {
    stack: "prod-blue",
    what: "user-service with a writable root filesystem",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        c.securityContext.readOnlyRootFilesystem = false;
      }),
  },
  "PLAT-K8S-010": {
    stack: "prod-blue",
    what: "user-service keeping all capabilities",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        c.securityContext.capabilities.drop = [];
      }),
  },
  "PLAT-K8S-011": {
    stack: "prod-blue",
    what: "user-service on the latest tag",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        c.image = "ghcr.io/acme/user-service:latest";
      }),
  },
  "PLAT-K8S-012": {
    stack: "prod-blue",
    what: "user-service autoscaled down to one replica",
    mutate: (doc) => {
      resource(doc, "kubernetes_horizontal_pod_autoscaler_v2", "UserService").spec.min_replicas = 1;
    },
  },
  "PLAT-K8S-013": {
    stack: "prod-blue",
    what: "user-service without its PodDisruptionBudget",
    mutate: (doc) => remove(doc, "kubernetes_pod_disruption_budget_v1", "UserService"),
  },
  "PLAT-K8S-014": {
    stack: "prod-blue",
    what: "a privileged user-service container",
    mutate: (doc) =>
      editRollout(doc, (_pod, c) => {
        c.securityContext.privileged = true;
      }),
  },
  "PLAT-K8S-015": {
    stack: "prod-blue",
    what: "user-service on the host network",
    mutate: (doc) =>
      editRollout(doc, (pod) => {
        pod.hostNetwork = true;
      }),
  },
  "PLAT-K8S-016": {
    stack: "prod-blue",
    what: "user-service without seccomp",
    mutate: (doc) =>
      editRollout(doc, (pod, c) => {
        c.securityContext.seccompProfile.type = "Unconfined";
        pod.securityContext.seccompProfile.type = "Unconfined";
      }),
  },
  "PLAT-KMS-001": {
    stack: "staging",
    what: "the database key without rotation",
    mutate: (doc) => {
      resource(doc, "aws_kms_key", "Database_Key_").enable_key_rotation = false;
    },
  },
  "PLAT-KMS-002": {
    stack: "staging",
    what: "the database key administered by anyone",
    mutate: (doc) => {
      data(doc, "aws_iam_policy_document", "Database_Key_Policy").statement[0].principals[0].identifiers = [
        "*",
      ];
    },
  },
  "PLAT-KMS-003": {
    stack: "staging",
    what: "the database key deletable after 5 days",
    mutate: (doc) => {
      resource(doc, "aws_kms_key", "Database_Key_").deletion_window_in_days = 5;
    },
  },
  "PLAT-LT-001": {
    stack: "prod-blue",
    what: "application nodes allowing IMDSv1",
    mutate: (doc) => {
      resource(doc, LT, "Application").metadata_options.http_tokens = "optional";
    },
  },
  "PLAT-LT-002": {
    stack: "prod-blue",
    what: "application nodes whose metadata pods can reach",
    mutate: (doc) => {
      resource(doc, LT, "Application").metadata_options.http_put_response_hop_limit = 2;
    },
  },
  "PLAT-LT-003": {
    stack: "prod-blue",
    what: "application nodes with public IPs",
    mutate: (doc) => {
      resource(doc, LT, "Application").network_interfaces[0].associate_public_ip_address = "true";
    },
  },
  "PLAT-LT-004": {
    stack: "prod-blue",
    what: "application nodes with an unencrypted root volume",
    mutate: (doc) => {
      resource(doc, LT, "Application").block_device_mappings[0].ebs.encrypted = "false";
    },
  },
  "PLAT-RDS-001": {
    stack: "staging",
    what: "an unencrypted primary database",
    mutate: (doc) => {
      resource(doc, PG, "Primary").storage_encrypted = false;
    },
  },
  "PLAT-RDS-002": {
    stack: "staging",
    what: "a publicly accessible primary database",
    mutate: (doc) => {
      resource(doc, PG, "Primary").publicly_accessible = true;
    },
  },
  "PLAT-RDS-003": {
    stack: "staging",
    what: "a single-AZ primary database",
    mutate: (doc) => {
      resource(doc, PG, "Primary").multi_az = false;
    },
  },
  "PLAT-RDS-004": {
    stack: "staging",
    what: "one day of backups",
    mutate: (doc) => {
      resource(doc, PG, "Primary").backup_retention_period = 1;
    },
  },
  "PLAT-RDS-005": {
    stack: "staging",
    what: "a primary database without deletion protection",
    mutate: (doc) => {
      resource(doc, PG, "Primary").deletion_protection = false;
    },
  },
  "PLAT-RDS-006": {
    stack: "staging",
    what: "a primary database without IAM authentication",
    mutate: (doc) => {
      resource(doc, PG, "Primary").iam_database_authentication_enabled = false;
    },
  },
  "PLAT-RDS-007": {
    stack: "staging",
    what: "a primary database without Performance Insights",
    mutate: (doc) => {
      resource(doc, PG, "Primary").performance_insights_enabled = false;
    },
  },
  "PLAT-RDS-008": {
    stack: "staging",
    what: "a primary database exporting no logs",
    mutate: (doc) => {
      resource(doc, PG, "Primary").enabled_cloudwatch_logs_exports = [];
    },
  },
  "PLAT-RDS-009": {
    stack: "staging",
    what: "a primary database without Enhanced Monitoring",
    mutate: (doc) => {
      resource(doc, PG, "Primary").monitoring_interval = 0;
    },
  },
  "PLAT-RDS-010": {
    stack: "staging",
    what: "a parameter group that no longer forces TLS",
    mutate: (doc) => {
      const group = resource(doc, "aws_db_parameter_group");
      group.parameter = group.parameter.filter((p: Json) => p.name !== "rds.force_ssl");
    },
  },
  "PLAT-RDS-011": {
    stack: "staging",
    what: "a primary database on the default parameter group",
    mutate: (doc) => {
      delete resource(doc, PG, "Primary").parameter_group_name;
    },
  },
  "PLAT-RDS-012": {
    stack: "staging",
    what: "snapshots without tags",
    mutate: (doc) => {
      resource(doc, PG, "Primary").copy_tags_to_snapshot = false;
    },
  },
  "PLAT-RDS-013": {
    stack: "staging",
    what: "no final snapshot on delete",
    mutate: (doc) => {
      resource(doc, PG, "Primary").skip_final_snapshot = true;
    },
  },
  "PLAT-RDS-014": {
    stack: "staging",
    what: "no automatic minor upgrades",
    mutate: (doc) => {
      resource(doc, PG, "Primary").auto_minor_version_upgrade = false;
    },
  },
  "PLAT-S3-001": {
    stack: "staging",
    what: "versioning suspended on the assets bucket",
    mutate: (doc) => {
      resource(doc, "aws_s3_bucket_versioning", "Storage_Assets").versioning_configuration.status =
        "Suspended";
    },
  },
  "PLAT-S3-002": {
    stack: "staging",
    what: "the assets bucket on SSE-S3",
    mutate: (doc) => {
      const sse = resource(doc, "aws_s3_bucket_server_side_encryption_configuration", "Storage_Assets");
      sse.rule[0].apply_server_side_encryption_by_default = { sse_algorithm: "AES256" };
    },
  },
  "PLAT-S3-003": {
    stack: "staging",
    what: "the assets bucket without a public access block",
    mutate: (doc) => remove(doc, "aws_s3_bucket_public_access_block", "Storage_Assets"),
  },
  "PLAT-S3-004": {
    stack: "staging",
    what: "public ACLs accepted on the assets bucket",
    mutate: (doc) => {
      resource(doc, "aws_s3_bucket_public_access_block", "Storage_Assets").block_public_acls = false;
    },
  },
  "PLAT-S3-005": {
    stack: "staging",
    what: "public policies accepted on the assets bucket",
    mutate: (doc) => {
      resource(doc, "aws_s3_bucket_public_access_block", "Storage_Assets").block_public_policy = false;
    },
  },
  "PLAT-S3-006": {
    stack: "staging",
    what: "public ACLs honoured on the assets bucket",
    mutate: (doc) => {
      resource(doc, "aws_s3_bucket_public_access_block", "Storage_Assets").ignore_public_acls = false;
    },
  },
  "PLAT-S3-007": {
    stack: "staging",
    what: "public policies honoured on the assets bucket",
    mutate: (doc) => {
      resource(doc, "aws_s3_bucket_public_access_block", "Storage_Assets").restrict_public_buckets = false;
    },
  },
  "PLAT-S3-008": {
    stack: "prod",
    what: "the assets bucket no longer replicated",
    mutate: (doc) => remove(doc, "aws_s3_bucket_replication_configuration", "Storage_Assets"),
  },
  "PLAT-S3-009": {
    stack: "staging",
    what: "the assets bucket without access logs",
    mutate: (doc) => remove(doc, "aws_s3_bucket_logging", "Storage_Assets"),
  },
  "PLAT-S3-010": {
    stack: "staging",
    what: "the assets bucket without a lifecycle configuration",
    mutate: (doc) => remove(doc, "aws_s3_bucket_lifecycle_configuration", "Storage_Assets"),
  },
  "PLAT-S3-011": {
    stack: "staging",
    what: "incomplete multipart uploads kept forever",
    mutate: (doc) => {
      const lifecycle = resource(doc, "aws_s3_bucket_lifecycle_configuration", "Storage_Assets");
      for (const rule of lifecycle.rule) delete rule.abort_incomplete_multipart_upload;
    },
  },
  "PLAT-S3-012": {
    stack: "staging",
    what: "force_destroy on the backups bucket",
    mutate: (doc) => {
      resource(doc, "aws_s3_bucket", "Storage_Backups").force_destroy = true;
    },
  },
  "PLAT-S3-013": {
    stack: "staging",
    what: "the assets bucket readable by anyone from one VPC endpoint",
    mutate: (doc) =>
      data(doc, "aws_iam_policy_document", "Storage_Assets_PolicyDocument").statement.push({
        sid: "PublicRead",
        effect: "Allow",
        actions: ["s3:GetObject"],
        principals: [{ type: "*", identifiers: ["*"] }],
        resources: [`${ref("aws_s3_bucket.Storage_Assets_Bucket_2AADA67F.arn")}/*`],
        condition: [{ test: "StringEquals", variable: "aws:SourceVpce", values: ["vpce-0123"] }],
      }),
  },
  "PLAT-SECRET-001": {
    stack: "staging",
    what: "the Grafana admin password written into the Secret",
    mutate: (doc) => {
      resource(doc, "kubernetes_secret_v1", "GrafanaAdminSecret").data["admin-password"] = "correct-horse";
    },
  },
  "PLAT-SG-001": {
    stack: "staging",
    what: "SSH to the nodes from anywhere",
    mutate: (doc) => add(doc, "aws_vpc_security_group_ingress_rule", "NodeSsh", nodeGroupRule(22)),
  },
  "PLAT-SG-002": {
    stack: "staging",
    what: "RDP to the nodes from anywhere",
    mutate: (doc) => add(doc, "aws_vpc_security_group_ingress_rule", "NodeRdp", nodeGroupRule(3389)),
  },
  "PLAT-SG-003": {
    stack: "staging",
    what: "every port of the nodes open to anywhere",
    mutate: (doc) => add(doc, "aws_vpc_security_group_ingress_rule", "NodeAll", nodeGroupRule(0, "-1")),
  },
  "PLAT-SG-004": {
    stack: "staging",
    what: "a database ingress rule without a description",
    mutate: (doc) => {
      delete resource(doc, "aws_vpc_security_group_ingress_rule", "Database_IngressDataClients").description;
    },
  },
  "PLAT-SG-005": {
    stack: "staging",
    what: "PostgreSQL open to the internet instead of the data-clients group",
    mutate: (doc) => {
      const rule = resource(doc, "aws_vpc_security_group_ingress_rule", "Database_IngressDataClients");
      delete rule.referenced_security_group_id;
      rule.cidr_ipv4 = "0.0.0.0/0";
    },
  },
  "PLAT-SG-006": {
    stack: "staging",
    what: "Redis admitting ports 0-6379 from the data clients",
    mutate: (doc) => {
      resource(doc, "aws_vpc_security_group_ingress_rule", "Cache_IngressDataClients").from_port = 0;
    },
  },
};
