/**
 * AKS limits and allowlists, next to the constructs that enforce them (`AksCluster` and its parts).
 * Each value names the Microsoft document it comes from, so a change upstream is a one-line edit here.
 */

/**
 * Kubernetes minors this repo runs on AKS. Both are in AKS standard support on 2026-12-02 (AKS
 * "Supported Kubernetes versions", release calendar: 1.35 until Mar 2027, 1.36 until Jun 2027), and
 * both run Azure Linux 3.0 under `os_sku = "AzureLinux"` ("Upgrade OS versions": Azure Linux 3.0 is the
 * default for `AzureLinux` in Kubernetes 1.32 to 1.36). 1.37 is left out until the default OS of
 * `AzureLinux` on it is documented.
 */
export const AKS_VERSIONS = ["1.35", "1.36"] as const;

/** A Kubernetes minor this repo allows on AKS. */
export type AksVersion = (typeof AKS_VERSIONS)[number];

/**
 * Longest cluster name: it is also the DNS prefix of the API server, which AKS limits to 54
 * characters (`dns_prefix`, azurerm `kubernetes_cluster`).
 */
export const AKS_NAME_MAX = 54;

/**
 * The AKS Microsoft Entra server application: every token for an AKS API server is issued for it
 * (AKS "Use kubelogin to authenticate", `--server-id`).
 */
export const AKS_SERVER_APP_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** Pods per node with Azure CNI Overlay: 10 to 250 ("Azure CNI Overlay", maximum pods per node). */
export const AKS_MAX_PODS = { min: 10, max: 250 } as const;

/** Nodes per node pool with the cluster autoscaler (azurerm `min_count`/`max_count`: up to 1000). */
export const AKS_POOL_MAX_NODES = 1000;

/** API server authorized IP ranges: at most 200 (AKS "API server authorized IP ranges", limitations). */
export const AKS_AUTHORIZED_RANGES_MAX = 200;

/** Shortest prefix allowed for an authorized range: anything wider is most of the internet. */
export const AKS_AUTHORIZED_RANGE_MIN_PREFIX = 8;

/**
 * The Kubernetes service range must be smaller than a /12 ("Azure CNI Overlay", Kubernetes service
 * address range), so its prefix is at least 13.
 */
export const AKS_SERVICE_CIDR_MIN_PREFIX = 13;

/** Each node takes one /24 of the overlay pod range ("Azure CNI Overlay", pods). */
export const AKS_NODE_POD_PREFIX = 24;

/** Log Analytics retention, 30 to 730 days (azurerm `log_analytics_workspace.retention_in_days`). */
export const LOG_ANALYTICS_RETENTION_DAYS = { min: 30, max: 730 } as const;

/** Image Cleaner interval, 24 hours to 90 days (AKS "Use Image Cleaner", `--image-cleaner-interval-hours`). */
export const IMAGE_CLEANER_INTERVAL_HOURS = { min: 24, max: 2160 } as const;

/** A maintenance window lasts 4 to 24 hours (azurerm `maintenance_window_*.duration`). */
export const MAINTENANCE_DURATION_HOURS = { min: 4, max: 24 } as const;

export const WEEK_DAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** Outbound types this construct supports (see the README for the choice). */
export const AKS_OUTBOUND_TYPES = ["loadBalancer", "userAssignedNATGateway"] as const;
export type AksOutboundType = (typeof AKS_OUTBOUND_TYPES)[number];

/** AKS tiers (azurerm `sku_tier`); production refuses `Free`, which has no uptime SLA. */
export const AKS_SKU_TIERS = ["Free", "Standard", "Premium"] as const;
export type AksSkuTier = (typeof AKS_SKU_TIERS)[number];

/** Availability zones a pool may use. */
export const AKS_ZONES = ["1", "2", "3"] as const;
