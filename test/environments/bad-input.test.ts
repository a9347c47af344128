/**
 * Invalid configurations, run through the same synth entry as `npm run synth`: each must fail with
 * exit code 1 and one message naming the path, the value, what is allowed and a hint, and must leave
 * a previous output folder exactly as it was.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synth } from "../../scripts/synth";
import { tempDir } from "../helpers";
import { type EnvName, type Json, setPath, writeEnvironments } from "./fixtures";

type Edit = (envs: Record<EnvName, Json>) => Record<string, Json | string> | undefined;
const set =
  (env: EnvName, path: string, value: unknown): Edit =>
  (envs) => {
    setPath(envs[env], path, value);
    return undefined;
  };

const CASES: [string, Edit, RegExp][] = [
  [
    "overlapping subnets",
    set("dev", "aws.network.privateSubnetCidrs.1", "10.0.1.0/24"),
    /privateSubnetCidrs\.1: got "10\.0\.1\.0\/24"; allowed: a block that does not overlap/,
  ],
  [
    "a subnet outside the VPC",
    set("prod", "aws.network.publicSubnetCidrs.0", "192.168.1.0/24"),
    /prod\.json: aws\.network\.publicSubnetCidrs\.0: .*a subnet inside 10\.0\.0\.0\/16/,
  ],
  [
    "an AZ count that doesn't fit the subnets",
    set("staging", "aws.availabilityZones", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
    /one subnet per availability zone \(3/,
  ],
  [
    "min > max",
    set("dev", "aws.kubernetes.applicationNodeGroup.minSize", 25),
    /applicationNodeGroup\.minSize: got 25; allowed: at most maxSize \(20\)/,
  ],
  [
    "desired outside [min, max]",
    set("dev", "aws.kubernetes.systemNodeGroup.desiredSize", 1),
    /systemNodeGroup\.desiredSize: got 1; allowed: between minSize and maxSize \(2\.\.5\)/,
  ],
  [
    "a negative node count",
    set("dev", "aws.kubernetes.systemNodeGroup.minSize", -1),
    /systemNodeGroup\.minSize: got -1; allowed: at least 0; hint/,
  ],
  [
    "a zero max node count",
    set("dev", "aws.kubernetes.applicationNodeGroup.maxSize", 0),
    /applicationNodeGroup\.maxSize: got 0; allowed: more than 0; hint/,
  ],
  [
    "a zero system node floor",
    set("dev", "aws.kubernetes.systemNodeGroup", {
      instanceType: "t3.medium",
      minSize: 0,
      desiredSize: 0,
      maxSize: 5,
    }),
    /systemNodeGroup\.minSize: got 0; allowed: at least 1/,
  ],
  [
    "a spot share over 100",
    set("prod", "aws.kubernetes.applicationNodeGroup.spotPercent", 150),
    /spotPercent: got 150; allowed: at most 100; hint/,
  ],
  [
    "an instance class without db.",
    set("prod", "aws.database.instanceClass", "r6g.large"),
    /aws\.database\.instanceClass: got "r6g\.large"; allowed: must start with db\./,
  ],
  [
    "a cache node type without cache.",
    set("staging", "aws.cache.nodeType", "r6g.large"),
    /aws\.cache\.nodeType: got "r6g\.large"; allowed: must start with cache\./,
  ],
  [
    "an unsupported PostgreSQL version",
    set("prod", "aws.database.engineVersion", "15.4"),
    /aws\.database\.engineVersion: got "15\.4"; allowed: Invalid option: expected one of "15\.10"/,
  ],
  [
    "an unsupported Kubernetes version",
    set("dev", "aws.kubernetes.version", "1.24"),
    /aws\.kubernetes\.version: got "1\.24"; allowed: Invalid option: expected one of "1\.35"/,
  ],
  [
    "no path from the deployer to the cluster API",
    (envs) => {
      set("prod", "aws.kubernetes.publicEndpointCidrs", [])(envs);
      return set("prod", "aws.kubernetes.privateEndpointCidrs", [])(envs);
    },
    /prod\.json: aws\.kubernetes\.publicEndpointCidrs: got \[\]; allowed: a path from the deployer to the cluster API/,
  ],
  [
    "a world-open public endpoint",
    set("staging", "aws.kubernetes.publicEndpointCidrs", ["0.0.0.0/0"]),
    /aws\.kubernetes\.publicEndpointCidrs\.0: got "0\.0\.0\.0\/0"; allowed: a public IPv4 range of \/8 or narrower/,
  ],
  [
    "a private range on the public endpoint",
    set("staging", "aws.kubernetes.publicEndpointCidrs", ["10.9.0.0/16"]),
    /aws\.kubernetes\.publicEndpointCidrs\.0: got "10\.9\.0\.0\/16"; allowed: a public IPv4 range/,
  ],
  [
    "a public range as a private path",
    set("dev", "aws.kubernetes.privateEndpointCidrs", ["198.51.100.0/24"]),
    /aws\.kubernetes\.privateEndpointCidrs\.0: got "198\.51\.100\.0\/24"; allowed: a private range/,
  ],
  [
    "two prod colors at maximum size with pods in the node subnets",
    (envs) => {
      set("prod", "aws.network.podCidr", undefined)(envs);
      return set("prod", "aws.network.podSubnetCidrs", undefined)(envs);
    },
    /prod\.json: aws\.network\.privateSubnetCidrs\.0: got "10\.0\.10\.0\/24"; allowed: room for \d+ addresses \(2 cluster\(s\) at maximum size, pods included\), 251 usable/,
  ],
  [
    "pod subnets too small for the clusters at maximum size",
    (envs) => {
      set("prod", "aws.network.podCidr", "100.64.0.0/22")(envs);
      return set("prod", "aws.network.podSubnetCidrs", ["100.64.0.0/23", "100.64.2.0/23"])(envs);
    },
    /aws\.network\.podSubnetCidrs\.0: got "100\.64\.0\.0\/23"; allowed: room for \d+ pod addresses/,
  ],
  [
    "a pod range outside the shared address space",
    set("staging", "aws.network.podCidr", "172.16.0.0/16"),
    /aws\.network\.podCidr: got "172\.16\.0\.0\/16"; allowed: a block inside 100\.64\.0\.0\/10/,
  ],
  [
    "a pod subnet outside the pod range",
    set("dev", "aws.network.podSubnetCidrs.1", "100.65.0.0/17"),
    /aws\.network\.podSubnetCidrs\.1: got "100\.65\.0\.0\/17"; allowed: a block inside 100\.64\.0\.0\/16/,
  ],
  [
    "an instance type whose interface limits are unknown",
    set("dev", "aws.kubernetes.systemNodeGroup.instanceType", "x9.huge"),
    /aws\.kubernetes\.systemNodeGroup\.instanceType: got "x9\.huge"; allowed: instance types with known interface limits/,
  ],
  [
    "a prod service hostname outside the zone",
    set("prod", "services.user-service.hosts", ["user.elsewhere.example"]),
    /services\.user-service\.hosts\.0: got "user\.elsewhere\.example"; allowed: a name inside production\.zoneName/,
  ],
  [
    "a staging hostname outside its zone",
    set("staging", "services.user-service.hosts", ["user.elsewhere.example"]),
    /services\.user-service\.hosts\.0: got "user\.elsewhere\.example"; allowed: a name inside aws\.dns\.zoneName \(staging\.platform\.acme\.example\)/,
  ],
  [
    "staging without a DNS zone",
    set("staging", "aws.dns", undefined),
    /staging\.json: aws\.dns: got \(missing\); allowed: a dns block with the zone that holds the services' hosts/,
  ],
  [
    "a dns block in production, whose zone is production.zoneName",
    set("prod", "aws.dns", { zoneName: "platform.acme.example" }),
    /prod\.json: aws\.dns: got \{"zoneName":"platform\.acme\.example"\}; allowed: no dns block in production/,
  ],
  [
    "backup retention of 0",
    set("dev", "aws.database.backupRetentionDays", 0),
    /backupRetentionDays: got 0; allowed: at least 1; hint/,
  ],
  [
    "backup retention over 35",
    set("prod", "aws.database.backupRetentionDays", 40),
    /backupRetentionDays: got 40; allowed: at most 35; hint/,
  ],
  [
    "an RPO the database cannot meet",
    set("prod", "recovery.rpoMinutes.transactional", 2),
    /rpoMinutes\.transactional: got 2; allowed: at least 5/,
  ],
  [
    "an RPO storage cannot meet without replication",
    set("prod", "aws.storage.crossRegionReplication", false),
    /rpoMinutes\.userContent: got 15; allowed: at least 60 with aws\.storage\.crossRegionReplication=false/,
  ],
  [
    "an RTO a single-AZ database cannot meet",
    set("dev", "recovery.rtoMinutes.critical", 15),
    /rtoMinutes\.critical: got 15; allowed: at least 60 without aws\.database\.multiAz/,
  ],
  [
    "a prod config with dev settings",
    (envs) => {
      Object.assign(envs.prod, { deletionProtection: false });
      Object.assign((envs.prod.aws as Json).database as Json, { multiAz: false, deletionProtection: false });
      Object.assign((envs.prod.services as Record<string, Json>)["user-service"]!, { replicas: 1 });
      return undefined;
    },
    /aws\.database\.multiAz: got false; allowed: true in production[\s\S]*aws\.database\.deletionProtection: got false[\s\S]*prod\.json: deletionProtection: got false[\s\S]*services\.user-service\.replicas: got 1; allowed: at least 2 in production/,
  ],
  [
    "a production config without a live color",
    set("prod", "production", undefined),
    /prod\.json: production: got \(missing\); allowed: a production block with liveColor/,
  ],
  [
    "an unknown key (typo)",
    set("dev", "aws.network.vpcCIDR", "10.0.0.0/16"),
    /dev\.json: aws\.network\.vpcCIDR: got "10\.0\.0\.0\/16"; allowed: no such key; hint: remove "vpcCIDR"/,
  ],
  [
    "an unknown top-level key",
    set("staging", "replicas", 3),
    /staging\.json: replicas: got 3; allowed: no such key/,
  ],
  ["an empty name", set("dev", "name", ""), /dev\.json: name: got ""; allowed: must not be empty/],
  [
    "duplicate stack names",
    set("staging", "name", "dev"),
    /staging\.json: name: got "dev"; allowed: a name whose stacks are unique, but stack "dev" is already used by .*dev\.json/,
  ],
  [
    "a name that collides with a color stack",
    set("dev", "name", "prod-blue"),
    /prod\.json: name: got "prod"; allowed: a name whose stacks are unique, but stack "prod-blue" is already used by .*dev\.json/,
  ],
  [
    "an invalid CIDR string",
    set("dev", "aws.network.vpcCidr", "10.0.0.0/33"),
    /aws\.network\.vpcCidr: got "10\.0\.0\.0\/33"; allowed: must be an IPv4 network in CIDR notation/,
  ],
  [
    "a CIDR with host bits set",
    set("dev", "aws.network.publicSubnetCidrs.0", "10.0.1.7/24"),
    /publicSubnetCidrs\.0: got "10\.0\.1\.7\/24"; allowed: must be an IPv4 network/,
  ],
  [
    "canary weights that don't increase",
    set("staging", "services.user-service.canarySteps.2.weightPercent", 25),
    /canarySteps\.2\.weightPercent: got 25; allowed: more than the previous step \(25\)/,
  ],
  [
    "a canary weight over 100",
    set("staging", "services.user-service.canarySteps.2.weightPercent", 120),
    /canarySteps\.2\.weightPercent: got 120; allowed: at most 100; hint/,
  ],
  [
    "an invalid live color",
    set("prod", "production.liveColor", "purple"),
    /production\.liveColor: got "purple"; allowed: Invalid option: expected one of "blue"\|"green"/,
  ],
  [
    "a wrong value type",
    set("prod", "services.user-service.replicas", "5"),
    /services\.user-service\.replicas: got "5"; allowed: a value of type number; hint/,
  ],
  [
    "a missing required field",
    set("dev", "aws.database.multiAz", undefined),
    /dev\.json: aws\.database\.multiAz: got \(missing\); allowed: a value of type boolean; hint/,
  ],
  [
    "an unpinned image",
    set("dev", "services.user-service.imageTag", "latest"),
    /services\.user-service\.imageTag: got "latest"; allowed: must not be the latest tag/,
  ],
  [
    "an image reference where the tag goes",
    set("dev", "services.user-service.imageTag", "ghcr.io/acme/user-service:1.4.2"),
    /services\.user-service\.imageTag: got "ghcr\.io\/acme\/user-service:1\.4\.2"; allowed: must be an image tag or a sha256: digest/,
  ],
  [
    "an unsupported CloudWatch retention",
    set("prod", "aws.network.flowLogRetentionDays", 100),
    /flowLogRetentionDays: got 100; allowed: one of 1, 3/,
  ],
  [
    "a single cache node in staging",
    set("staging", "aws.cache.nodes", 1),
    /aws\.cache\.nodes: got 1; allowed: at least 2 in staging/,
  ],
  [
    "a different state bucket",
    set("staging", "aws.state.bucket", "other-state-bucket"),
    /staging\.json: aws\.state: .*allowed: the same state location as/,
  ],
  [
    "plain HTTP outside dev",
    set("staging", "platform.tlsCredentialName", undefined),
    /staging\.json: platform\.tlsCredentialName: got \(missing\); allowed: a TLS secret name in staging/,
  ],
  [
    "a non-https GitOps repository",
    set("dev", "platform.gitops.repoUrl", "git@github.com:acme/apps.git"),
    /platform\.gitops\.repoUrl: got "git@github\.com:acme\/apps\.git"; allowed: must be an https:\/\/ Git URL/,
  ],
  [
    "an availability zone of another region",
    set("dev", "aws.availabilityZones.1", "us-east-1b"),
    /aws\.availabilityZones\.1: got "us-east-1b"; allowed: a zone of eu-west-1, such as eu-west-1a/,
  ],
  [
    "the same availability zone twice",
    set("dev", "aws.availabilityZones", ["eu-west-1a", "eu-west-1a"]),
    /aws\.availabilityZones\.1: got "eu-west-1a"; allowed: each zone once/,
  ],
  [
    "a DR region equal to the primary region",
    set("prod", "aws.drRegion", "eu-west-1"),
    /aws\.drRegion: got "eu-west-1"; allowed: a region other than aws\.region \(eu-west-1\)/,
  ],
  [
    "an integer beyond what the APIs take",
    set("dev", "services.user-service.maxReplicas", 99999999999),
    /services\.user-service\.maxReplicas: got 99999999999; allowed: at most 2147483647; hint/,
  ],
  [
    "a tag key with the reserved aws: prefix",
    set("dev", "tags", { "aws:owner": "platform" }),
    /tags\.aws:owner: got "aws:owner"; allowed: a key without the reserved aws: prefix; hint: rename the key/,
  ],
  [
    "a blank tag value",
    set("dev", "tags", { owner: "  " }),
    /tags\.owner: got " {2}"; allowed: a value that is not blank/,
  ],
  [
    "a tag value over 256 characters",
    set("dev", "tags", { owner: "x".repeat(257) }),
    /tags\.owner: got "x+\.\.\.; allowed: at most 256 characters; hint/,
  ],
  [
    "a log retention that CloudWatch does not offer",
    set("dev", "monitoring.logRetentionDays", 100),
    /monitoring\.logRetentionDays: got 100; allowed: one of 1, 3, 5, 7, 14, 30, 60, 90/,
  ],
  [
    "an environment name longer than an EKS cluster name",
    set("dev", "name", "a".repeat(32)),
    /dev\.json: name: got "a{32}"; allowed: at most 23 characters \(the EKS cluster name it becomes\)/,
  ],
  [
    "a production name too long for its colors' clusters",
    set("prod", "name", "p".repeat(20)),
    /prod\.json: name: got "p{20}"; allowed: at most 17 characters in production/,
  ],
  [
    "hourly backups kept longer than daily ones",
    set("prod", "aws.backup.hourlyRetentionDays", 40),
    /aws\.backup\.hourlyRetentionDays: got 40; allowed: at most aws\.backup\.dailyRetentionDays \(30\)/,
  ],
  [
    "a CPU request above its limit",
    set("dev", "services.user-service.requests.cpu", "8"),
    /services\.user-service\.requests\.cpu: got "8"; allowed: at most services\.user-service\.limits\.cpu \(500m\)/,
  ],
  [
    "a host that two services route",
    (envs) => {
      const services = envs.dev.services as Record<string, Json>;
      services.orders = { ...services["user-service"]!, slo: "user-service" };
      return undefined;
    },
    /services\.orders\.hosts\.0: got "user\.dev\.platform\.acme\.example"; allowed: a host no other service has \(services\.user-service\.hosts\.0 has it\)/,
  ],
  [
    "a migration for a service without the database",
    set("dev", "services.user-service.database", false),
    /services\.user-service\.migration: got \{"command":\["\/app\/migrate","up"\]\}; allowed: no migration without services\.user-service\.database/,
  ],
  [
    "an Azure VNet that overlaps AWS's VPC",
    set("staging", "azure.network.addressSpace", "10.0.0.0/16"),
    /azure\.network\.addressSpace: got "10\.0\.0\.0\/16"; allowed: a range that does not overlap aws\.network\.vpcCidr \(10\.0\.0\.0\/16\)/,
  ],
  [
    "an AKS service range that overlaps the VNet's subnets",
    set("prod", "azure.network.serviceCidr", "10.1.0.0/20"),
    /azure\.network\.serviceCidr: got "10\.1\.0\.0\/20"; allowed: a range that does not overlap azure\.network\.addressSpace \(10\.1\.0\.0\/16\)/,
  ],
  [
    "an AKS pod range that overlaps AWS's pod range",
    set("prod", "azure.network.podCidr", "100.64.0.0/16"),
    /azure\.network\.podCidr: got "100\.64\.0\.0\/16"; allowed: a range that does not overlap aws\.network\.podCidr \(100\.64\.0\.0\/16\)/,
  ],
  [
    "a DNS service IP outside the service range",
    set("staging", "azure.network.dnsServiceIp", "10.2.0.10"),
    /azure\.network\.dnsServiceIp: got "10\.2\.0\.10"; allowed: an address inside azure\.network\.serviceCidr \(172\.16\.0\.0\/16\)/,
  ],
  [
    "an AKS API server nobody can reach",
    (envs) => {
      const k = (envs.staging.azure as Json).kubernetes as Json;
      Object.assign(k, { authorizedIpRanges: [], privateDeployerCidrs: [] });
      return undefined;
    },
    /azure\.kubernetes: got \{"version":"1\.35","authorizedIpRanges":\[\],"privateDeployerCidrs":\[\],.*; allowed: authorizedIpRanges or privateDeployerCidrs/,
  ],
  [
    "an AKS VM size whose capacity is unknown",
    set("prod", "azure.kubernetes.systemPool.vmSize", "Standard_X99"),
    /azure\.kubernetes\.systemPool\.vmSize: got "Standard_X99"; allowed: must be a VM size with known capacity/,
  ],
  [
    "an edge split whose weights do not sum to 100",
    set("prod", "edge.split", { blue: 90, green: 20 }),
    /edge\.split: got \{"blue":90,"green":20\}; allowed: weights that sum to 100/,
  ],
  [
    "an edge failover order naming a cloud the environment does not have",
    (envs) => {
      delete (envs.prod as Json).azure;
      return undefined;
    },
    /edge\.cloudOrder\.1: got "azure"; allowed: a cloud this environment has \(aws\)/,
  ],
  [
    "an edge monitor that times out after its interval",
    (envs) => {
      Object.assign((envs.prod.edge as Json).monitor as Json, { intervalSeconds: 10, timeoutSeconds: 10 });
      return undefined;
    },
    /edge\.monitor\.timeoutSeconds: got 10; allowed: less than edge\.monitor\.intervalSeconds/,
  ],
  [
    "an edge whose health alerts reach nobody",
    set("prod", "edge.alerts", { emails: [] }),
    /edge\.alerts: got \{"emails":\[\]\}; allowed: at least one email address or webhook id/,
  ],
  [
    "an edge alert address without a domain",
    set("prod", "edge.alerts.emails", ["oncall"]),
    /edge\.alerts\.emails\.0: got "oncall"; allowed: must be an email address/,
  ],
  [
    "a static-assets hostname that a color already uses",
    set("prod", "edge.static.hostname", "green"),
    /edge\.static\.hostname: got "green"; allowed: a name no color, live hostname or service host uses/,
  ],
  [
    "a static-assets hostname that is the live hostname",
    set("prod", "edge.static.hostname", "app"),
    /edge\.static\.hostname: got "app"; allowed: a name no color, live hostname or service host uses/,
  ],
  [
    "a static-assets hostname that a service already serves",
    set("prod", "edge.static.hostname", "user"),
    /edge\.static\.hostname: got "user"; allowed: a name no color, live hostname or service host uses/,
  ],
  [
    "a static-assets hostname that is not one DNS label",
    set("prod", "edge.static.hostname", "static.cdn"),
    /edge\.static\.hostname: got "static\.cdn"; allowed: must be one DNS label/,
  ],
  [
    "an Azure static origin that is a blob endpoint, not the static website",
    set("prod", "edge.static.azureWebHost", "prodstaticweb.blob.core.windows.net"),
    /edge\.static\.azureWebHost: got "prodstaticweb\.blob\.core\.windows\.net"; allowed: must be a static website host/,
  ],
  [
    "an Azure static origin of another storage account",
    set("prod", "edge.static.azureWebHost", "someoneelse.z6.web.core.windows.net"),
    /edge\.static\.azureWebHost: got "someoneelse\.z6\.web\.core\.windows\.net"; allowed: the host of this environment's static website account \(prodstaticweb\.z<N>/,
  ],
  [
    "an Azure static origin of the derived account when another account name is configured",
    (envs) => {
      Object.assign((envs.prod.edge as Json).static as Json, {
        azureAccountName: "acmeprodassets",
        azureWebHost: "prodstaticweb.z6.web.core.windows.net",
      });
      return undefined;
    },
    /edge\.static\.azureWebHost: got "prodstaticweb\.z6\.web\.core\.windows\.net"; allowed: the host of this environment's static website account \(acmeprodassets\.z<N>/,
  ],
  [
    "a static website account name with a dash",
    set("prod", "edge.static.azureAccountName", "acme-prod-assets"),
    /edge\.static\.azureAccountName: got "acme-prod-assets"; allowed: must be 3 to 24 lower-case letters and digits/,
  ],
  [
    "an Azure static origin when Azure is not in the failover order",
    (envs) => {
      const edge = envs.prod.edge as Json;
      Object.assign(edge, { cloudOrder: ["aws"] });
      Object.assign(edge.static as Json, { azureWebHost: "prodstaticweb.z6.web.core.windows.net" });
      return undefined;
    },
    /edge\.static\.azureWebHost: got "prodstaticweb\.z6\.web\.core\.windows\.net"; allowed: an Azure origin only when edge\.cloudOrder includes azure/,
  ],
  [
    "a static edge TTL beyond CloudFlare's year",
    set("prod", "edge.static.edgeTtlSeconds", 31_536_001),
    /edge\.static\.edgeTtlSeconds: got 31536001/,
  ],
  [
    "an Azure side without the deployer's private range",
    set("staging", "azure.network.trustedClientCidrs", []),
    /azure\.network\.trustedClientCidrs: got \[\]; allowed: must name the deployer's private range/,
  ],
  [
    "a state runner subnet that is not a subnet id",
    set("staging", "azure.state.runnerSubnetIds", ["/subscriptions/x/resourceGroups/ci"]),
    /azure\.state\.runnerSubnetIds\.0: got "\/subscriptions\/x\/resourceGroups\/ci"; allowed: must be a subnet id/,
  ],
  [
    "no services",
    set("dev", "services", {}),
    /dev\.json: services: got \{\}; allowed: must name at least one service/,
  ],
  [
    "a service name that is not a DNS label",
    (envs) => {
      const services = envs.dev.services as Record<string, Json>;
      services.Orders_API = { ...services["user-service"]!, hosts: ["orders.dev.platform.acme.example"] };
      return undefined;
    },
    /services\.Orders_API: got "Orders_API"; allowed: must be lower-case letters, digits and single dashes/,
  ],
  [
    "a live hostname service that does not exist",
    set("prod", "production.hostnameService", "orders"),
    /production\.hostnameService: got "orders"; allowed: a service of this environment \(user-service\)/,
  ],
  [
    "an alert timezone that does not exist",
    set("dev", "monitoring.alertTimezone", "Mars/Olympus"),
    /monitoring\.alertTimezone: got "Mars\/Olympus"; allowed: an IANA timezone name such as "Europe\/Dublin" or "UTC"/,
  ],
  [
    "a file that is not JSON",
    () => ({ broken: "{ not json" }),
    /broken\.json:1:3: \(file\): got "not json"; allowed: valid JSON/,
  ],
  [
    "a key written twice (the last one would win silently)",
    () => ({ twice: '{\n  "name": "x",\n  "name": "y"\n}' }),
    /twice\.json:3:3: name: got "name"; allowed: each key once per object; hint: written twice, on lines 2 and 3/,
  ],
];

function outdirWithPreviousOutput(): { outdir: string; sentinel: string } {
  const outdir = join(tempDir("platform-out"), "cdktf.out");
  mkdirSync(outdir);
  const sentinel = join(outdir, "previous.txt");
  writeFileSync(sentinel, "previous synth");
  return { outdir, sentinel };
}

describe("bad configuration", () => {
  it(`covers at least 30 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)("rejects %s without writing anything", async (_name, edit, message) => {
    const environmentsDir = writeEnvironments(edit);
    const { outdir, sentinel } = outdirWithPreviousOutput();
    const lines: string[] = [];
    const code = await synth({ environmentsDir, outdir, atomic: true, log: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    const [text] = lines;
    expect(text).toMatch(/^Invalid environment configuration: \d+ problem\(s\)\. Nothing was written\./);
    expect(text).toMatch(message);
    for (const line of text!.split("\n").slice(1))
      expect(line).toMatch(/^ {2}- \S+\.json(:\d+:\d+)?: \S+: got .+; allowed: .+; hint: .+/);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readFileSync(sentinel, "utf8")).toBe("previous synth");
    expect(readdirSync(join(outdir, ".."))).toEqual(["cdktf.out"]);
  });

  it("exits the real process non-zero with one message and leaves cdktf.out alone", () => {
    const environmentsDir = writeEnvironments(set("prod", "production.liveColor", "purple"));
    const { outdir, sentinel } = outdirWithPreviousOutput();
    const run = spawnSync(
      "node_modules/.bin/tsx",
      ["main.ts", "--environments", environmentsDir, "--out", outdir],
      {
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/production\.liveColor: got "purple"/);
    expect(run.stderr).toBe("");
    expect(readFileSync(sentinel, "utf8")).toBe("previous synth");
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });

  it("turns an unexpected internal error into a readable message and exit 2", () => {
    const { outdir } = outdirWithPreviousOutput();
    const run = spawnSync(
      "node_modules/.bin/tsx",
      ["main.ts", "--environments", "/nonexistent-dir", "--out", outdir],
      {
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/^Synthesis failed: Error: ENOENT: no such file or directory/);
    expect(run.stdout).not.toMatch(/^\s+at /m);
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
  });
});
