import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { EksCluster } from "../constructs/aws/eks-cluster";
import type { PostgresDatabase } from "../constructs/aws/postgres-database";
import type { Construct } from "../constructs/core";
import type { INetwork } from "../constructs/interfaces";
import { AppNamespace } from "../constructs/k8s/app-namespace";
import { controlPlaneTargetsOf } from "../constructs/k8s/chart-release";
import { DatabaseUrlSecret } from "../constructs/k8s/database-url-secret";
import { KubernetesPlatform } from "../constructs/k8s/kubernetes-platform";
import type { KubernetesObject } from "../constructs/k8s/raw-manifests";
import { systemPodsOf } from "../constructs/k8s/system-pods";
import { waitForServiceWebhook } from "../constructs/k8s/wait-for-cluster";
import { WebService } from "../constructs/k8s/web-service";
import type { Environment } from "../environments/schema";
// The SLO compiler's parts, not its index: the synth needs no promtool-test generation.
import { compileAlertmanagerConfig } from "../slo/alertmanager";
import { compileAnalysisTemplates } from "../slo/analysis-template";
import { compileDashboards } from "../slo/dashboard";
import { compilePrometheusRules } from "../slo/prometheus-rule";
import { builtInSpecs, userServiceSpec } from "../slo/specs";

/** The first workload; its namespace must be listed in the environment's `namespaces`. */
export const USER_SERVICE = "user-service";

/**
 * Maps an environment onto the cluster's platform layer and its first workload. The SLO specs feed
 * the PrometheusRules, the dashboards, the Alertmanager routing and the canary analysis.
 */
export interface PlatformInputs {
  readonly env: Environment;
  readonly stackName: string;
  readonly cluster: EksCluster;
  readonly network: INetwork;
  readonly database: PostgresDatabase;
  /** Hosts the gateway serves; a prod color adds its own `<color>.<zone>`. */
  readonly hosts: readonly string[];
  /** A prod color publishes its gateway as `recordName` in the foundation's zone. */
  readonly dns?: { readonly zoneName: string; readonly zoneId: string; readonly recordName: string };
}

export function platformOf(scope: Construct, inputs: PlatformInputs): KubernetesPlatform {
  const { env, stackName, cluster, network, database, hosts, dns } = inputs;
  const secret = env.platform.alertmanagerSecret;
  const platform = new KubernetesPlatform(scope, "Platform", {
    clusterName: cluster.clusterName,
    region: env.aws.region,
    vpcId: network.networkId,
    kubernetesVersion: env.kubernetes.version,
    autoscalerRoleArn: cluster.clusterAutoscalerRoleArn,
    loadBalancerControllerRoleArn: cluster.loadBalancerControllerRoleArn,
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
    storageClass: cluster.storageClassName,
    mesh: {
      meshId: stackName,
      samplingPercent: env.platform.meshSamplingPercent,
      hosts,
      tlsCredentialName: env.platform.tlsCredentialName,
    },
    dns: dns && { ...dns, oidcProviderArn: cluster.oidcProviderArn, oidcIssuerUrl: cluster.oidcIssuerUrl },
    applications: [{ name: stackName, destinationNamespace: USER_SERVICE, ...env.platform.gitops }],
    monitoringObjects: [
      ...compilePrometheusRules(builtInSpecs, { namespace: "monitoring" }),
      ...compileDashboards(builtInSpecs, { namespace: "monitoring" }),
    ] as unknown as KubernetesObject[],
  });

  const namespaces = new Map(
    env.namespaces.map((ns) => [
      ns.name,
      // Keyed by the namespace's own name: renaming a namespace replaces it anyway.
      new AppNamespace(scope, `Namespace-${ns.name}`, {
        ...ns,
        ingressPrincipals: [platform.mesh.gatewayPrincipal],
        istioCrdRelease: platform.mesh.baseRelease,
      }),
    ]),
  );
  const namespace = namespaces.get(USER_SERVICE)!;
  // The service's own database role, reached with IAM authentication through its workload identity:
  // no password in any color stack, and master rotation never touches the app.
  const dbUser = USER_SERVICE.replaceAll("-", "_");
  const databaseUrl = new DatabaseUrlSecret(scope, "UserServiceDatabaseUrl", {
    name: `${USER_SERVICE}-database`,
    namespace: namespace.namespaceName,
    username: dbUser,
    host: database.endpoint,
    port: database.port,
    dependsOn: namespace.ready,
  });
  const connect = new DataAwsIamPolicyDocument(scope, "UserServiceDatabaseConnect", {
    statement: [
      {
        sid: "ConnectAsOwnRole",
        effect: "Allow",
        actions: ["rds-db:connect"],
        resources: database.iamConnectArns(dbUser),
      },
    ],
  });
  const identity = cluster.workloadIdentity(scope, "UserServiceIdentity", {
    namespace: USER_SERVICE,
    serviceAccount: USER_SERVICE,
    policyJson: connect.json,
  });
  const w = env.workload;
  const canary = w.strategy === "canary";
  const analysisTemplates = canary
    ? (compileAnalysisTemplates([userServiceSpec], {
        namespace: USER_SERVICE,
      }) as unknown as KubernetesObject[])
    : [];
  new WebService(scope, "UserService", {
    name: USER_SERVICE,
    namespace,
    image: w.image,
    replicas: w.replicas,
    maxReplicas: w.maxReplicas,
    requests: w.requests,
    limits: w.limits,
    env: { LOG_LEVEL: w.logLevel, DEBUG: String(w.debug) },
    databaseUrlSecret: { name: databaseUrl.secretName, key: databaseUrl.key, createdBy: databaseUrl.secret },
    serviceAccountAnnotations: identity,
    strategy: w.strategy,
    canarySteps: w.canarySteps,
    analysisTemplates,
    hosts,
    gateway: platform.mesh.gatewayRef,
    istioCrdRelease: platform.mesh.baseRelease,
    rolloutsRelease: platform.rollouts.release,
    monitoringCrdRelease: platform.monitoring.crdRelease,
    highAvailability: env.tier === "production",
  });
  // The control plane must reach every webhook and aggregated API that the releases register.
  for (const target of controlPlaneTargetsOf(scope)) cluster.allowControlPlaneTo(target.port, target.what);
  // Everything the releases pin to the system nodes, with their DaemonSets, must fit there.
  cluster.fitSystemPods(systemPodsOf(scope));
  // The controller's Service webhook (failurePolicy Fail) refuses every Service until it serves.
  waitForServiceWebhook(scope, platform.loadBalancerController.release.release, cluster.beforeNodes);
  return platform;
}
