/**
 * The cloud contracts, one suite over every cloud's implementation: each cloud's network, cluster,
 * database and registry as the stacks build them (the stacks' own composition functions, from
 * staging's environment file, which has both clouds).
 */
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { describe, expect, it } from "vitest";
import { ContainerRegistry } from "../../constructs/aws/container-registry";
import { Construct, TerraformOutput, type TerraformResource, Testing } from "../../constructs/core";
import type {
  AccessGrant,
  ICache,
  IContainerRegistry,
  IDatabase,
  IKubernetesCluster,
  INetwork,
} from "../../constructs/interfaces";
import { type AwsEnvironment, EnvironmentSchema } from "../../environments/schema";
import stagingJson from "../../environments/staging.json";
import { aksOf, azureDataTierOf, azureNetworkOf } from "../../stacks/azure-parts";
import { clusterOf } from "../../stacks/cluster-of";
import { dataTierOf } from "../../stacks/data-tier";
import { networkOf } from "../../stacks/network-of";
import { errorOf, resourcesOf, waitsFor } from "../helpers";

const staging = EnvironmentSchema.parse(stagingJson);
const azure = staging.azure!;

interface Cloud {
  readonly network: INetwork;
  readonly cluster: IKubernetesCluster;
  readonly database: IDatabase;
  readonly cache: ICache;
  readonly registry: IContainerRegistry;
  /** A grant of this cloud, and one of the other. */
  readonly own: AccessGrant;
  readonly foreign: AccessGrant;
  readonly execCommand: string;
}

const AWS_GRANT: AccessGrant = {
  cloud: "aws",
  statements: [{ sid: "Read", actions: ["s3:GetObject"], resources: ["*"] }],
};
const AZURE_GRANT: AccessGrant = {
  cloud: "azure",
  roleAssignments: [{ scope: "/subscriptions/x", roleDefinitionName: "Reader" }],
};

const CLOUDS: Record<string, (scope: Construct) => Cloud> = {
  aws: (scope) => {
    const onAws = staging as AwsEnvironment;
    const network = networkOf(scope, onAws, false);
    const data = dataTierOf(scope, onAws, network, false);
    const cluster = clusterOf(scope, onAws, "staging", network, data.clients.securityGroupId, false);
    const registry = new ContainerRegistry(scope, "Registry", {
      name: "staging",
      services: ["user-service"],
      pullPrincipalArns: [cluster.nodeRoleArn],
      accountSettings: false,
    });
    return {
      network,
      cluster,
      database: data.database,
      cache: data.cache,
      registry,
      own: AWS_GRANT,
      foreign: AZURE_GRANT,
      execCommand: "aws",
    };
  },
  azure: (scope) => {
    const foundation = azureNetworkOf(scope, staging, azure, {});
    const cluster = aksOf(
      scope,
      staging,
      azure,
      "staging-azure",
      {
        resourceGroupName: foundation.resourceGroup.resourceGroupName,
        location: foundation.resourceGroup.location,
        network: foundation.network,
      },
      {},
    );
    const data = azureDataTierOf(scope, staging, azure, foundation, { preventDestroy: false });
    return {
      network: foundation.network,
      cluster,
      database: data.database,
      cache: data.cache,
      registry: data.registry,
      own: AZURE_GRANT,
      foreign: AWS_GRANT,
      execCommand: "kubelogin",
    };
  },
};

/** Builds a cloud in a fresh stack and runs `check` on it; returns the stack's synthesized JSON. */
function withCloud(name: string, check: (cloud: Cloud, scope: Construct) => void): string {
  return Testing.synthScope((scope) => check(CLOUDS[name]!(scope), scope));
}

describe.each(Object.keys(CLOUDS))("the %s implementation of the contracts", (name) => {
  it("INetwork: a CIDR and subnets for load balancers, nodes and data", () => {
    withCloud(name, ({ network }) => {
      expect(network.cidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
      for (const subnets of [network.publicSubnetIds, network.privateSubnetIds, network.databaseSubnetIds])
        expect(subnets.length).toBeGreaterThan(0);
    });
  });

  it("IKubernetesCluster: connects with an exec credential at apply time, nothing stored", () => {
    withCloud(name, ({ cluster, execCommand }) => {
      expect(cluster.connection.exec.command).toBe(execCommand);
      expect(cluster.connection.exec.args.length).toBeGreaterThan(0);
      expect(cluster.connection.host).toMatch(/\$\{/);
      expect(cluster.storageClassName).toMatch(/^[a-z0-9-]+$/);
      expect(cluster.ready.length).toBeGreaterThan(0);
    });
  });

  it("IKubernetesCluster: gives a service account an identity with its own cloud's grants only", () => {
    withCloud(name, ({ cluster, own, foreign }, scope) => {
      const identity = cluster.workloadIdentity(scope, "Reader", {
        namespace: "apps",
        serviceAccount: "reader",
        grants: [own],
      });
      expect(Object.keys(identity.serviceAccountAnnotations).length).toBeGreaterThan(0);
      expect(
        errorOf(() =>
          cluster.workloadIdentity(scope, "Foreign", {
            namespace: "apps",
            serviceAccount: "x",
            grants: [foreign],
          }),
        ),
      ).toMatch(new RegExp(`granted access in ${foreign.cloud}`));
      expect(
        errorOf(() =>
          cluster.workloadIdentity(scope, "None", { namespace: "apps", serviceAccount: "y", grants: [] }),
        ),
      ).toMatch(/has no grants/);
    });
  });

  it("IKubernetesCluster: its add-ons tell the platform what the gateway needs", () => {
    withCloud(name, ({ cluster }, scope) => {
      const platform = new Construct(scope, "Platform");
      const addOns = cluster.installAddOns(platform, { highAvailability: true });
      // A controller to wait for (EKS), or load balancer annotations (AKS): the gateway gets one or both.
      expect(
        addOns.gatewayDependsOn.length + Object.keys(addOns.gatewayServiceAnnotations).length,
      ).toBeGreaterThan(0);
    });
  });

  it("IKubernetesCluster: settle makes every in-cluster resource wait for ready", () => {
    let ready: string[] = [];
    const out = withCloud(name, ({ cluster }, scope) => {
      const apps = new Construct(scope, "Apps");
      new NamespaceV1(apps, "Namespace", { metadata: { name: "apps" } });
      cluster.settle(apps);
      ready = cluster.ready.map((r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
    });
    const [namespace] = Object.keys(resourcesOf(out, "kubernetes_namespace_v1"));
    expect(ready.length).toBeGreaterThan(0);
    expect([...waitsFor(out, `kubernetes_namespace_v1.${namespace}`)]).toEqual(expect.arrayContaining(ready));
  });

  it("IDatabase: an endpoint, a port, and a client grant of the cluster's cloud", () => {
    withCloud(name, ({ cluster, database }, scope) => {
      expect(database.port).toBeGreaterThan(0);
      expect(database.endpoint).toMatch(/\$\{/);
      const grant = database.clientGrant("user_service");
      expect(grant.cloud).toBe(name);
      expect(() =>
        cluster.workloadIdentity(scope, "App", { namespace: "apps", serviceAccount: "app", grants: [grant] }),
      ).not.toThrow();
    });
  });

  it("IDatabase: an administrator's login for the role Job, through the cluster's own identity", () => {
    const out = withCloud(name, ({ cluster, database }, scope) => {
      const admin = database.administration();
      expect(admin.grants.every((g) => g.cloud === name)).toBe(true);
      const identity = cluster.workloadIdentity(scope, "Roles", {
        namespace: "database-roles",
        serviceAccount: "database-roles",
        grants: admin.grants,
      });
      // The step writes the password or token where the psql container reads it.
      expect(admin.credentialStep.script).toContain('> "$CREDENTIALS_DIR/password"');
      expect(admin.credentialStep.image).toMatch(/^[a-z0-9.-]+\/[a-z0-9/._-]+:\d+\.\d+\.\d+$/);
      expect(admin.loginRole(identity)).toMatch(/^[a-z][a-z0-9_-]+$/);
      admin.authorize(scope, "RolesAdministrator", identity);
      const sql = admin.createLoginRoleSql("user_service", identity);
      expect(sql).toMatch(/user_service/);
      expect(sql).not.toMatch(/password/i);
    });
    // AWS reads the master secret (no administrator entry); Azure makes the identity an Entra administrator.
    const admins = resourcesOf(out, "azurerm_postgresql_flexible_server_active_directory_administrator");
    expect(Object.keys(admins).includes("RolesAdministrator")).toBe(name === "azure");
  });

  it.each([
    "database",
    "cache",
  ] as const)("%s allowFrom: one rule per private range, on the store's port", (kind) => {
    let port = 0;
    const out = withCloud(name, (cloud) => {
      const store = cloud[kind];
      port = store.port;
      store.allowFrom("OtherCloudSubnet", { cidr: "10.0.100.0/24" });
      expect(errorOf(() => store.allowFrom("OtherCloudSubnet", { cidr: "10.0.101.0/24" }))).toMatch(
        /label: got "OtherCloudSubnet"; allowed: a PascalCase label not used yet/,
      );
      expect(errorOf(() => store.allowFrom("Internet", { cidr: "0.0.0.0/0" }))).toMatch(
        /a private IPv4 CIDR/,
      );
      expect(errorOf(() => store.allowFrom("lower", { cidr: "10.0.102.0/24" }))).toMatch(/PascalCase/);
      // Azure's NSGs take address ranges; a security group is AWS's alone.
      if (name === "azure") {
        expect(errorOf(() => store.allowFrom("Group", { securityGroupId: "sg-0123" }))).toMatch(
          /got a security group; allowed: \{ cidr \}/,
        );
      }
    });
    const rules =
      name === "aws"
        ? Object.values(resourcesOf(out, "aws_vpc_security_group_ingress_rule")).filter(
            (r) => r.cidr_ipv4 === "10.0.100.0/24",
          )
        : Object.values(resourcesOf(out, "azurerm_network_security_rule")).filter(
            (r) => r.source_address_prefix === "10.0.100.0/24",
          );
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    if (name === "aws") expect([rule.from_port, rule.to_port]).toEqual([port, port]);
    else {
      expect(rule.destination_port_range).toBe(String(port));
      expect(rule.access).toBe("Allow");
      // Above the tier's DenyVirtualNetwork (4000), which would otherwise drop the VPN's traffic.
      expect(rule.priority as number).toBeLessThan(4000);
    }
  });

  it("ICache: a private endpoint and a TLS port", () => {
    withCloud(name, ({ cache }) => {
      expect(cache.primaryEndpoint).toMatch(/\$\{/);
      expect([6379, 10000]).toContain(cache.port);
    });
  });

  it("IContainerRegistry: a repository per service, and an error for any other", () => {
    const out = withCloud(name, ({ registry }, scope) => {
      new TerraformOutput(scope, "Url", { value: registry.repositoryUrl("user-service") });
      if (name === "aws")
        expect(() => registry.repositoryUrl("orders")).toThrow(/no repository for service "orders"/);
    });
    const url = (JSON.parse(out) as { output: { Url: { value: string } } }).output.Url.value;
    expect(url).toMatch(/user-service/);
  });
});
