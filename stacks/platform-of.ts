import { type Construct, type TerraformResource, TerraformStack } from "../constructs/core";
import type {
  DnsPublication,
  IContainerRegistry,
  IDatabase,
  IKubernetesCluster,
} from "../constructs/interfaces";
import { controlPlaneTargetsOf } from "../constructs/k8s/chart-release";
import { DatabaseRoles } from "../constructs/k8s/database-roles";
import { KubernetesPlatform } from "../constructs/k8s/kubernetes-platform";
import type { KubernetesObject } from "../constructs/k8s/raw-manifests";
import { systemPodsOf } from "../constructs/k8s/system-pods";
import type { Environment } from "../environments/schema";
// The SLO compiler's parts, not its index: the synth needs no promtool-test generation.
import { compileAlertmanagerConfig } from "../slo/alertmanager";
import { compileDashboards } from "../slo/dashboard";
import { compilePrometheusRules } from "../slo/prometheus-rule";
import type { SloSpec } from "../slo/spec-types";
import { builtInSpecs } from "../slo/specs";
import { DATABASE_ROLES_NAMESPACE, imageOf, serviceOf, specOf } from "./service-of";

/**
 * Maps an environment onto the cluster's platform layer and its services (`services`, one entry each). The SLO specs feed
 * the PrometheusRules, the dashboards, the Alertmanager routing and the canary analysis.
 */
export interface PlatformInputs {
  readonly env: Environment;
  readonly stackName: string;
  readonly cluster: IKubernetesCluster;
  readonly database: IDatabase;
  /**
   * Hosts a service answers besides its own `hosts`: a prod color routes the live hostname and its
   * `<color>.<zone>` to `production.hostnameService`.
   * @default - none
   */
  readonly extraHosts?: Readonly<Record<string, readonly string[]>>;
  /**
   * The SLO specs the services name (`services.<name>.slo`).
   * @default builtInSpecs
   */
  readonly specs?: readonly SloSpec[];
  /** Where each service's image comes from: `<repository>:<imageTag>`. */
  readonly registry: IContainerRegistry;
  /** A prod color publishes its gateway as `recordName` in the foundation's zone. */
  readonly dns?: DnsPublication;
  /**
   * What a pod pulling the services' images waits for, e.g. the AKS kubelet's AcrPull assignment.
   * @default []
   */
  readonly imagePullReady?: readonly TerraformResource[];
}

export function platformOf(scope: Construct, inputs: PlatformInputs): KubernetesPlatform {
  const { env, stackName, cluster, database, dns, extraHosts, registry, specs = builtInSpecs } = inputs;
  const services = Object.entries(env.services);
  const hosts = services.flatMap(([name, svc]) => [...svc.hosts, ...(extraHosts?.[name] ?? [])]);
  const deployed = services.map(([name, svc]) => specOf(name, svc, specs));
  const secret = env.platform.alertmanagerSecret;
  const platform = new KubernetesPlatform(scope, "Platform", {
    cluster,
    highAvailability: env.tier !== "development",
    monitoring: {
      prometheusRetention: env.monitoring.prometheusRetention,
      prometheusStorage: env.monitoring.prometheusStorage,
      alertmanagerConfig: compileAlertmanagerConfig({
        timezone: env.monitoring.alertTimezone,
        secretsDir: `/etc/alertmanager/secrets/${secret}`,
      }),
      alertmanagerSecrets: [secret],
    },
    logRetentionDays: env.monitoring.logRetentionDays,
    mesh: {
      meshId: stackName,
      samplingPercent: env.platform.meshSamplingPercent,
      hosts,
      tlsCredentialName: env.platform.tlsCredentialName,
    },
    dns,
    applications: services.map(([name, svc]) => ({
      name,
      repoUrl: env.platform.gitops.repoUrl,
      targetRevision: env.platform.gitops.targetRevision,
      path: svc.gitopsPath ?? `${env.platform.gitops.path}/${name}`,
      destinationNamespace: name,
    })),
    monitoringObjects: [
      ...compilePrometheusRules(deployed, { namespace: "monitoring" }),
      ...compileDashboards(deployed, { namespace: "monitoring" }),
    ] as unknown as KubernetesObject[],
  });

  const databaseRoles = services.some(([, svc]) => svc.database)
    ? databaseRolesOf(scope, cluster, database)
    : undefined;
  for (const [name, settings] of Object.entries(env.services)) {
    serviceOf(scope, {
      env,
      name,
      settings,
      spec: specOf(name, settings, specs),
      platform,
      cluster,
      database,
      databaseRoles,
      imagePullReady: inputs.imagePullReady,
      hosts: [...settings.hosts, ...(extraHosts?.[name] ?? [])],
      image: imageOf(registry.repositoryUrl(name), settings.imageTag),
    });
  }
  // The control plane must reach every webhook and aggregated API that the releases register.
  for (const target of controlPlaneTargetsOf(scope)) cluster.allowControlPlaneTo(target.port, target.what);
  // Everything the releases pin to the system nodes, with their DaemonSets, must fit there.
  cluster.fitSystemPods(systemPodsOf(scope));
  // Every in-cluster resource waits for the cluster and its cloud's webhooks.
  cluster.settle(scope);
  return platform;
}

/**
 * The Job that creates the services' database roles as the database's administrator, with an
 * identity of its own in this cluster (see {@link DatabaseRoles}); each service adds its roles.
 */
function databaseRolesOf(scope: Construct, cluster: IKubernetesCluster, database: IDatabase): DatabaseRoles {
  const administration = database.administration();
  const identity = cluster.workloadIdentity(scope, "DatabaseRolesIdentity", {
    namespace: DATABASE_ROLES_NAMESPACE,
    serviceAccount: DATABASE_ROLES_NAMESPACE,
    grants: administration.grants,
  });
  return new DatabaseRoles(scope, "DatabaseRoles", {
    administration,
    identity,
    authorization: [
      // IAM and Entra are eventually consistent: the pod starts once its identity's grants exist.
      ...identity.ready,
      ...administration.authorize(scope, "DatabaseRolesAdministrator", identity),
      // The foundation's are applied before a color's stack; a dependency across stacks is not one.
      ...administration.ready.filter((r) => TerraformStack.of(r) === TerraformStack.of(scope)),
    ],
    serviceAccount: DATABASE_ROLES_NAMESPACE,
    namespace: DATABASE_ROLES_NAMESPACE,
    host: database.endpoint,
    port: database.port,
    database: database.databaseName,
    tolerations: cluster.workloadTolerations,
  });
}
