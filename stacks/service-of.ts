import type { Construct, TerraformResource } from "../constructs/core";
import type { IDatabase, IKubernetesCluster } from "../constructs/interfaces";
import { AppNamespace } from "../constructs/k8s/app-namespace";
import { DatabaseMigration } from "../constructs/k8s/database-migration";
import type { DatabaseRoles } from "../constructs/k8s/database-roles";
import { DatabaseUrlSecret } from "../constructs/k8s/database-url-secret";
import type { KubernetesPlatform } from "../constructs/k8s/kubernetes-platform";
import type { KubernetesObject } from "../constructs/k8s/raw-manifests";
import { ServiceConfig } from "../constructs/k8s/service-config";
import { WebService } from "../constructs/k8s/web-service";
import type { Environment, ServiceSettings } from "../environments/schema";
import { compileAnalysisTemplates } from "../slo/analysis-template";
import type { SloSpec } from "../slo/spec-types";

/** `user-service` → `UserService`: the construct ID prefix of everything a service owns. */
export function serviceId(name: string): string {
  return name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** A service's database role: its name with dashes as underscores (`user_service`). */
export function databaseRoleOf(name: string): string {
  return name.replaceAll("-", "_");
}

/** The namespace and service account of the Job that creates the services' database roles. */
export const DATABASE_ROLES_NAMESPACE = "database-roles";

/**
 * The service accounts that log in to the environment's database: each database service's app and
 * (with a migration) its migrator, and the role Job. On Azure the database maps a role to each one's
 * identity, so the foundation owns those identities and every cluster federates into them.
 */
export function databaseAccountsOf(env: Environment): { namespace: string; serviceAccount: string }[] {
  const services = Object.entries(env.services).filter(([, svc]) => svc.database);
  if (services.length === 0) return [];
  return [
    { namespace: DATABASE_ROLES_NAMESPACE, serviceAccount: DATABASE_ROLES_NAMESPACE },
    ...services.flatMap(([name, svc]) => [
      { namespace: name, serviceAccount: name },
      ...(svc.migration ? [{ namespace: name, serviceAccount: `${name}-migrator` }] : []),
    ]),
  ];
}

/** `<repository>:<tag>`, or `<repository>@sha256:<hex>` for a digest. */
export function imageOf(repositoryUrl: string, imageTag: string): string {
  return imageTag.startsWith("sha256:") ? `${repositoryUrl}@${imageTag}` : `${repositoryUrl}:${imageTag}`;
}

/** The SLO spec a service names, or an error that lists the known ones. */
export function specOf(name: string, svc: ServiceSettings, specs: readonly SloSpec[]): SloSpec {
  const spec = specs.find((s) => s.service === svc.slo);
  if (!spec) {
    throw new Error(
      `services.${name}.slo: got ${JSON.stringify(svc.slo)}; allowed: ${specs.map((s) => s.service).join(", ")}; ` +
        "hint: add the service's spec under slo/specs/ and list it in slo/specs/index.ts",
    );
  }
  return spec;
}

export interface ServiceInputs {
  readonly env: Environment;
  readonly name: string;
  readonly settings: ServiceSettings;
  readonly spec: SloSpec;
  readonly platform: KubernetesPlatform;
  readonly cluster: IKubernetesCluster;
  readonly database: IDatabase;
  /** The Job that creates the services' database roles; required when the service uses the database. */
  readonly databaseRoles?: DatabaseRoles;
  /** What a pod pulling the service's image waits for (the registry's pull grant). @default [] */
  readonly imagePullReady?: readonly TerraformResource[];
  /** Hosts the gateway routes to this service (its own, plus a prod color's live and color names). */
  readonly hosts: readonly string[];
  /** The image reference, `<repository>:<tag>` or `<repository>@sha256:<digest>`. */
  readonly image: string;
}

/**
 * One service of the environment: its namespace, its database access (its own role, IAM
 * authentication through its workload identity: no password in any stack), and its workload with
 * routes, autoscaling, monitor and, for a canary, the analysis compiled from its SLO spec.
 */
export function serviceOf(scope: Construct, inputs: ServiceInputs): WebService {
  const { env, name, settings: svc, spec, platform, cluster, database, databaseRoles, hosts, image } = inputs;
  const id = serviceId(name);
  // Keyed by the namespace's own name: renaming a namespace replaces it anyway.
  const namespace = new AppNamespace(scope, `Namespace-${name}`, {
    name,
    ...svc.namespace,
    ingressPrincipals: [platform.mesh.gatewayPrincipal],
    istioCrdRelease: platform.mesh.baseRelease,
  });
  const config = new ServiceConfig(scope, `${id}Config`, {
    name: `${name}-config`,
    namespace: namespace.namespaceName,
    settings: { LOG_LEVEL: svc.logLevel, DEBUG: String(svc.debug) },
    dependsOn: namespace.ready,
  });
  let databaseUrlSecret: { name: string; key: string; createdBy: DatabaseUrlSecret["secret"] } | undefined;
  let serviceAccountAnnotations: Record<string, string> | undefined;
  let migration: DatabaseMigration | undefined;
  let podLabels: Readonly<Record<string, string>> = {};
  // What the delivery release waits for besides its own objects.
  const prerequisites: TerraformResource[] = [...(inputs.imagePullReady ?? [])];
  if (svc.database) {
    if (!databaseRoles) {
      throw new Error(
        `services.${name}.database: the stack creates no database roles; hint: pass databaseRoles`,
      );
    }
    const role = databaseRoleOf(name);
    const access = (accessId: string, account: string, login: string) => {
      const url = new DatabaseUrlSecret(scope, `${id}${accessId}DatabaseUrl`, {
        name: `${account}-database`,
        namespace: namespace.namespaceName,
        username: login,
        host: database.endpoint,
        port: database.port,
        database: database.databaseName,
        dependsOn: namespace.ready,
      });
      const identity = cluster.workloadIdentity(scope, `${id}${accessId}Identity`, {
        namespace: name,
        serviceAccount: account,
        grants: [database.clientGrant(login)],
      });
      return { secret: { name: url.secretName, key: url.key, createdBy: url.secret }, identity };
    };
    // The app's own role; IDs keep their first names (`UserServiceDatabaseUrl`, ...).
    const app = access("", name, role);
    databaseUrlSecret = app.secret;
    serviceAccountAnnotations = app.identity.serviceAccountAnnotations;
    podLabels = app.identity.podLabels;
    // The migrator owns the schema; the app's role only uses it.
    const migrator = svc.migration && access("Migrator", `${name}-migrator`, `${role}_migrator`);
    // The roles exist before the release's migration hook or pods log in as them.
    prerequisites.push(...app.identity.ready, ...(migrator?.identity.ready ?? []));
    prerequisites.push(
      databaseRoles.add({
        role,
        identity: app.identity,
        migrator: migrator && { role: `${role}_migrator`, identity: migrator.identity },
      }),
    );
    if (svc.migration && migrator) {
      migration = new DatabaseMigration(scope, `${id}Migration`, {
        service: name,
        namespace: namespace.namespaceName,
        image,
        command: svc.migration.command,
        databaseUrlSecret: migrator.secret,
        serviceAccountAnnotations: migrator.identity.serviceAccountAnnotations,
        tolerations: cluster.workloadTolerations,
        extraPodLabels: migrator.identity.podLabels,
        dependsOn: namespace.ready,
      });
    }
  }
  const analysisTemplates =
    svc.strategy === "canary"
      ? (compileAnalysisTemplates([spec], { namespace: name }) as unknown as KubernetesObject[])
      : [];
  return new WebService(scope, id, {
    name,
    namespace,
    image,
    port: svc.port,
    replicas: svc.replicas,
    maxReplicas: svc.maxReplicas,
    requests: svc.requests,
    limits: svc.limits,
    config: { configMapName: config.configMapName, checksum: config.checksum, createdBy: config.configMap },
    databaseUrlSecret,
    migration: migration && { job: migration.job, prerequisites: migration.prerequisites },
    prerequisites: prerequisites.length > 0 ? prerequisites : undefined,
    serviceAccountAnnotations,
    extraPodLabels: podLabels,
    tolerations: cluster.workloadTolerations,
    strategy: svc.strategy,
    canarySteps: svc.canarySteps,
    analysisTemplates,
    hosts,
    gateway: platform.mesh.gatewayRef,
    istioCrdRelease: platform.mesh.baseRelease,
    rolloutsRelease: platform.rollouts.release,
    monitoringCrdRelease: platform.monitoring.crdRelease,
    verticalPodAutoscalingRelease: platform.verticalAutoscaling.release,
    highAvailability: env.tier === "production",
  });
}

/** Every service's own hosts, in file order. */
export function serviceHostsOf(env: Environment): string[] {
  return Object.values(env.services).flatMap((svc) => svc.hosts);
}

/** Production's user-facing name, `<production.hostname>.<production.zoneName>`. */
export function liveHostnameOf(production: NonNullable<Environment["production"]>): string {
  return `${production.hostname}.${production.zoneName}`;
}
