/** Construction-time checks for {@link AksCluster}: every problem, collected into one error. */
import { Token } from "../core";
import { Validator } from "../validation";
import { checkPools, peakNodes } from "./aks-capacity";
import type { AksClusterProps, MaintenanceWindow, ResolvedAks } from "./aks-cluster-props";
import {
  AKS_NAME_MAX,
  AKS_OUTBOUND_TYPES,
  AKS_SKU_TIERS,
  AKS_VERSIONS,
  AKS_ZONES,
  IMAGE_CLEANER_INTERVAL_HOURS,
  LOG_ANALYTICS_RETENTION_DAYS,
  MAINTENANCE_DURATION_HOURS,
  WEEK_DAYS,
} from "./aks-limits";
import { checkAddressPlan, checkApiAccess } from "./aks-network-checks";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const literal = (value: string) => !Token.isUnresolved(value);

function checkWindow(v: Validator, field: string, w: MaintenanceWindow): void {
  v.check(
    (WEEK_DAYS as readonly string[]).includes(w.dayOfWeek),
    `${field}.dayOfWeek`,
    w.dayOfWeek,
    `one of ${WEEK_DAYS.join(", ")}`,
    "windows are weekly",
  );
  v.check(
    /^([01]\d|2[0-3]):[0-5]\d$/.test(w.startTime),
    `${field}.startTime`,
    w.startTime,
    "HH:mm, 00:00..23:59",
    "the start in the window's utcOffset, e.g. 01:00",
  );
  v.check(
    /^[+-](0\d|1[0-4]):[0-5]\d$/.test(w.utcOffset ?? "+00:00"),
    `${field}.utcOffset`,
    w.utcOffset,
    "an offset such as +00:00 or -05:00",
    "leave it out for UTC",
  );
  const hours = w.durationHours ?? MAINTENANCE_DURATION_HOURS.min;
  v.check(
    Number.isInteger(hours) &&
      hours >= MAINTENANCE_DURATION_HOURS.min &&
      hours <= MAINTENANCE_DURATION_HOURS.max,
    `${field}.durationHours`,
    w.durationHours,
    `an integer ${MAINTENANCE_DURATION_HOURS.min}..${MAINTENANCE_DURATION_HOURS.max}`,
    "AKS asks for four hours or more when auto-upgrade uses the window",
  );
}

/** Throws one error listing every problem with the props and the resolved defaults. */
export function validateAksCluster(construct: string, props: AksClusterProps, r: ResolvedAks): void {
  const v = new Validator(construct);
  v.check(
    /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/.test(props.name) && props.name.length <= AKS_NAME_MAX,
    "name",
    props.name,
    `2..${AKS_NAME_MAX} lower-case letters, digits and single dashes, starting with a letter`,
    "it is also the API server's DNS prefix and names the identities and the workspace; e.g. prod-blue",
  );
  v.check(
    !literal(props.location) || /^[a-z][a-z0-9]*$/.test(props.location),
    "location",
    props.location,
    "an Azure region name such as westeurope",
    "use the region's programmatic name (az account list-locations), not its display name",
  );
  v.check(
    !literal(props.resourceGroupName) || /^[\w\-.()]{1,89}[\w\-()]$/.test(props.resourceGroupName),
    "resourceGroupName",
    props.resourceGroupName,
    "1..90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'",
    "pass the resource group's name (a reference to it is fine)",
  );
  v.check(
    (AKS_VERSIONS as readonly string[]).includes(props.kubernetesVersion),
    "kubernetesVersion",
    props.kubernetesVersion,
    `one of ${AKS_VERSIONS.join(", ")}`,
    "a minor in AKS standard support on which AzureLinux is Azure Linux 3; add new ones to AKS_VERSIONS",
  );
  v.check(
    r.nodeSubnetId !== undefined && r.nodeSubnetId !== "",
    "nodeSubnetId",
    r.nodeSubnetId,
    "a subnet id (or network.privateSubnetIds[0])",
    "the nodes and, for a private cluster, the API endpoint join this subnet",
  );
  r.adminGroupObjectIds.forEach((id, i) => {
    v.check(
      !literal(id) || UUID.test(id),
      `adminGroupObjectIds[${i}]`,
      id,
      "an Entra group object id (a UUID)",
      "use the group's object id, not its name or a user",
    );
  });
  v.check(
    props.tenantId === undefined || !literal(props.tenantId) || UUID.test(props.tenantId),
    "tenantId",
    props.tenantId,
    "an Entra tenant id (a UUID)",
    "leave it out to use the subscription's tenant",
  );
  v.check(
    r.zones.length >= 1 &&
      new Set(r.zones).size === r.zones.length &&
      r.zones.every((z) => (AKS_ZONES as readonly string[]).includes(z)),
    "zones",
    r.zones,
    `distinct zones from ${AKS_ZONES.join(", ")}`,
    "spread every pool over the region's zones",
  );
  v.check(
    !r.production || r.zones.length === AKS_ZONES.length,
    "zones",
    r.zones,
    `all of ${AKS_ZONES.join(", ")} in production`,
    "production survives the loss of a zone",
  );
  v.check(
    (AKS_OUTBOUND_TYPES as readonly string[]).includes(r.outboundType),
    "outboundType",
    r.outboundType,
    `one of ${AKS_OUTBOUND_TYPES.join(", ")}`,
    "loadBalancer unless the node subnet has a NAT gateway",
  );
  v.check(
    (AKS_SKU_TIERS as readonly string[]).includes(r.skuTier) && !(r.production && r.skuTier === "Free"),
    "skuTier",
    r.skuTier,
    r.production ? "Standard or Premium in production" : `one of ${AKS_SKU_TIERS.join(", ")}`,
    "Free has no uptime SLA for the API server",
  );
  v.check(
    props.logAnalyticsWorkspaceId !== undefined ||
      (Number.isInteger(r.logRetentionDays) &&
        r.logRetentionDays >= LOG_ANALYTICS_RETENTION_DAYS.min &&
        r.logRetentionDays <= LOG_ANALYTICS_RETENTION_DAYS.max),
    "logRetentionDays",
    r.logRetentionDays,
    `an integer ${LOG_ANALYTICS_RETENTION_DAYS.min}..${LOG_ANALYTICS_RETENTION_DAYS.max}`,
    "Log Analytics keeps data for 30 to 730 days",
  );
  v.check(
    Number.isInteger(r.imageCleanerIntervalHours) &&
      r.imageCleanerIntervalHours >= IMAGE_CLEANER_INTERVAL_HOURS.min &&
      r.imageCleanerIntervalHours <= IMAGE_CLEANER_INTERVAL_HOURS.max,
    "imageCleanerIntervalHours",
    r.imageCleanerIntervalHours,
    `an integer ${IMAGE_CLEANER_INTERVAL_HOURS.min}..${IMAGE_CLEANER_INTERVAL_HOURS.max}`,
    "Image Cleaner runs between daily and every three months; 168 is weekly",
  );
  checkWindow(v, "upgradeWindow", r.upgradeWindow);
  checkWindow(v, "nodeOsUpgradeWindow", r.nodeOsUpgradeWindow);
  checkPools(v, props.systemPool, props.applicationPool, r);
  const vnetCidr = props.network.cidr;
  checkAddressPlan(v, {
    vnetCidr,
    connectedCidrs: r.connectedCidrs,
    podCidr: r.podCidr,
    serviceCidr: r.serviceCidr,
    dnsServiceIp: r.dnsServiceIp,
    peakNodes: peakNodes(props.systemPool, props.applicationPool, r.maxSurge),
  });
  checkApiAccess(v, {
    vnetCidr,
    connectedCidrs: r.connectedCidrs,
    authorizedIpRanges: r.authorizedIpRanges,
    privateDeployerCidrs: r.privateDeployerCidrs,
  });
  v.throwIfAny();
}
