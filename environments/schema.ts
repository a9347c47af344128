/**
 * The single source of truth for an environment's settings. Every stack and construct reads its
 * configuration from a value of {@link Environment}, parsed through {@link EnvironmentSchema}.
 *
 * Field rules live on the fields; rules that span fields live in `rules.ts`, limits in `limits.ts`. Every
 * problem is reported with its path, the value, what is allowed and a hint (see `errors.ts`).
 */
import { z } from "zod";
import {
  CACHE_SNAPSHOT_RETENTION,
  EKS_NAME_MAX,
  EKS_VERSIONS,
  LOG_RETENTION_DAYS,
  POSTGRES_VERSIONS,
  RDS_BACKUP_RETENTION,
  REDIS_VERSIONS,
} from "../constructs/aws/limits";
import { isCidr } from "../constructs/cidr";
import { MAX_NAME_LENGTH as SERVICE_NAME_MAX } from "../constructs/k8s/web-service-validation";
import { isTimezone } from "../slo/alertmanager-options";
import { AzureSchema } from "./azure-schema";
import { EdgeSchema } from "./edge-schema";
import { blocks, RULE_GROUPS, type RuleGroup } from "./rules";

export * from "../constructs/aws/limits";

/**
 * Environment name: it names the EKS cluster (prod's colors append `-blue`/`-green`), whose IAM role
 * and node-group names are derived from it, so the cluster's limit applies (see tierRules).
 */
const name = z
  .string()
  .min(1, "must not be empty")
  .max(EKS_NAME_MAX, `at most ${EKS_NAME_MAX} characters (the EKS cluster name it becomes)`)
  .regex(
    /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/,
    "must be lower-case letters, digits and single dashes, starting with a letter",
  );
const awsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as eu-west-1");
const cidr = z.string().refine(isCidr, {
  message: "must be an IPv4 network in CIDR notation with no host bits set, such as 10.0.1.0/24",
});
/** Counts and sizes: positive, and within the int32 that Kubernetes and the AWS APIs take. */
const positiveInt = z.number().int().positive().max(2_147_483_647);
const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "must be a Kubernetes quantity such as 250m or 256Mi");
const duration = z.string().regex(/^\d+(m|h|d|w|y)$/, "must be a Prometheus duration such as 30d");

const nodeGroup = z.strictObject({
  /** EC2 instance type, e.g. t3.medium. */
  instanceType: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as t3.large"),
  minSize: z.number().int().nonnegative(),
  desiredSize: z.number().int().nonnegative(),
  maxSize: positiveInt,
});

const applicationNodeGroup = nodeGroup.extend({
  /** Share of application capacity on spot, in percent. */
  spotPercent: z.number().min(0).max(100),
  /**
   * Share of application capacity, in percent of its nodes, that Savings Plans or Reserved
   * Instances cover: the predictable on-demand baseline. They are purchases, not resources:
   * Terraform makes none; `npm run capacity` prints what this share represents. At most
   * `100 - spotPercent`.
   */
  reservedPercent: z.number().int().min(0).max(100),
  /** Instance types the spot group may draw from (diversity lowers interruption rates). */
  spotInstanceTypes: z.array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/)).min(1),
});

const canaryStep = z.strictObject({
  weightPercent: z.number().int().min(1).max(100),
  pauseMinutes: z.number().int().nonnegative(),
});

const dnsName = z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a DNS name");
const resources = z.strictObject({ cpu: quantity, memory: quantity });

/** What a service's namespace may hold and what a container gets when it asks for nothing. */
const namespaceLimits = z.strictObject({
  quota: z.strictObject({ cpu: quantity, memory: quantity, pods: positiveInt }),
  defaultRequest: resources,
  defaultLimit: resources,
});

/** A service name: its namespace, workload, database role, registry repository and SLO spec. */
export const serviceName = z
  .string()
  .min(1, "must not be empty")
  .max(
    SERVICE_NAME_MAX,
    `at most ${SERVICE_NAME_MAX} characters (its workload and object names derive from it)`,
  )
  .regex(
    /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$/,
    "must be lower-case letters, digits and single dashes, starting with a letter",
  );

/**
 * One service of the platform. Everything the platform does for it follows from this entry: its
 * namespace, workload, routes and DNS names, Argo CD destination, canary analysis from its SLO spec,
 * PodMonitor, database access and registry repository.
 */
const service = z.strictObject({
  /**
   * The image the service runs, from its repository in the environment's registry
   * (`<registry>/<service>`): a tag other than `latest`, or a digest `sha256:<64 hex>`.
   */
  imageTag: z
    .string()
    .regex(
      /^([A-Za-z0-9_][A-Za-z0-9._-]{0,127}|sha256:[a-f0-9]{64})$/,
      "must be an image tag or a sha256: digest",
    )
    .refine((v) => v !== "latest", { message: "must not be the latest tag" }),
  /** Port the container serves HTTP (and metrics) on; also the Service port. */
  port: z.number().int().min(1024).max(65535),
  /** Replicas at rest: the HPA's minimum. */
  replicas: positiveInt,
  /** The HPA's maximum. */
  maxReplicas: positiveInt,
  requests: resources,
  limits: resources,
  /** Non-secret settings the pods read. */
  debug: z.boolean(),
  logLevel: z.enum(["debug", "info", "warn", "error"]),
  strategy: z.enum(["rolling", "canary"]),
  canarySteps: z.array(canaryStep).min(1),
  /** External names the gateway routes to this service; published in the environment's zone. */
  hosts: z.array(dnsName).min(1),
  /** The service reaches PostgreSQL as its own role, with IAM authentication. */
  database: z.boolean(),
  /**
   * The service's versioned schema migration, run from the release's image before the new version
   * takes traffic, as the service's migrator role. Needs `database`.
   * @default - none
   */
  migration: z
    .strictObject({
      /** The idempotent migration command, e.g. ["/app/migrate", "up"]. */
      command: z.array(z.string().min(1)).min(1),
    })
    .optional(),
  /** Name of the service's SLO spec (`slo/specs/`), compiled into rules, alerts and canary analysis. */
  slo: serviceName,
  /**
   * Folder of the service's manifests in the GitOps repository.
   * @default - `<platform.gitops.path>/<service>`
   */
  gitopsPath: z.string().min(1).optional(),
  namespace: namespaceLimits,
});

export type ServiceSettings = z.infer<typeof service>;

export const EnvironmentSchema = z
  .strictObject({
    /** Stack name; prod also yields `<name>-blue` and `<name>-green`. */
    name,
    tier: z.enum(["development", "staging", "production"]),
    /**
     * The environment's AWS side: region and zones, the S3 state, network, EKS, the data tier and
     * (outside production) the Route 53 zone. Its stacks: `<name>-registry` and `<name>` (non-production),
     * or `<name>` and one per color.
     * @default - no AWS side: the environment runs on Azure alone
     */
    aws: z
      .strictObject({
        region: awsRegion,
        /** Region that receives replicas, backup copies and replicated objects. */
        drRegion: awsRegion,
        availabilityZones: z
          .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/))
          .min(2)
          .max(3),
        state: z.strictObject({
          bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid S3 bucket name"),
          region: awsRegion,
        }),
        network: z.strictObject({
          vpcCidr: cidr,
          publicSubnetCidrs: z.array(cidr).min(2),
          privateSubnetCidrs: z.array(cidr).min(2),
          databaseSubnetCidrs: z.array(cidr).min(2),
          /**
           * Secondary VPC range for pod addresses (VPC CNI custom networking), inside 100.64.0.0/10; with
           * one pod subnet per zone. Without it pods take addresses from the private subnets.
           */
          podCidr: cidr.optional(),
          podSubnetCidrs: z.array(cidr).optional(),
          natGateways: z.enum(["single", "one-per-az"]),
          flowLogRetentionDays: z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d))),
        }),
        kubernetes: z.strictObject({
          version: z.enum(EKS_VERSIONS),
          /**
           * The deployer's path to the API (see the README's "First apply"); at least one of the two
           * lists is non-empty. Public source ranges (a CI runner's egress) allowed to reach the public
           * endpoint; empty keeps the endpoint private-only.
           */
          publicEndpointCidrs: z.array(cidr),
          /**
           * Private ranges admitted to the private endpoint on 443: a self-hosted runner in the VPC, or
           * in a network reached through peering, VPN or Transit Gateway.
           */
          privateEndpointCidrs: z.array(cidr),
          /** IAM roles given cluster admin through EKS access entries (CI's deploy role at least). */
          adminRoleArns: z
            .array(
              z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, "must be an IAM role ARN"),
            )
            .min(1),
          systemNodeGroup: nodeGroup,
          applicationNodeGroup,
        }),
        database: z.strictObject({
          engineVersion: z.enum(POSTGRES_VERSIONS),
          instanceClass: z
            .string()
            .regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must start with db. such as db.r6g.large"),
          allocatedStorageGiB: z.number().int().min(20).max(65536),
          maxAllocatedStorageGiB: z.number().int().min(20).max(65536),
          multiAz: z.boolean(),
          readReplicas: z.number().int().min(0).max(5),
          backupRetentionDays: z.number().int().min(RDS_BACKUP_RETENTION.min).max(RDS_BACKUP_RETENTION.max),
          deletionProtection: z.boolean(),
          /** Replicate automated backups to the DR region (cross-region point-in-time recovery). */
          crossRegionBackups: z.boolean(),
        }),
        cache: z.strictObject({
          engineVersion: z.enum(REDIS_VERSIONS),
          nodeType: z
            .string()
            .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must start with cache. such as cache.r6g.large"),
          /** Primary plus replicas. */
          nodes: z.number().int().min(1).max(6),
          snapshotRetentionDays: z
            .number()
            .int()
            .min(CACHE_SNAPSHOT_RETENTION.min)
            .max(CACHE_SNAPSHOT_RETENTION.max),
        }),
        storage: z.strictObject({
          /** Globally unique prefix for bucket names: `<prefix>-assets`, `<prefix>-backups`, `<prefix>-logs`. */
          bucketPrefix: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$/, "must be 3-42 lower-case letters, digits and dashes"),
          noncurrentVersionExpirationDays: positiveInt,
          /** Replicate buckets to the DR region with S3 Replication Time Control. */
          crossRegionReplication: z.boolean(),
        }),
        backup: z.strictObject({
          /** AWS Backup plan with daily and hourly rules and a DR-region copy. */
          enabled: z.boolean(),
          dailyRetentionDays: positiveInt,
          hourlyRetentionDays: positiveInt,
        }),
        /**
         * Development and staging: the public DNS zone the environment's stack owns, where ExternalDNS
         * publishes every ingress host at the gateway's load balancer. Production's zone is
         * `production.zoneName`. The zone's name servers are a stack output, to delegate from its parent.
         */
        dns: z
          .strictObject({
            zoneName: z
              .string()
              .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a DNS zone such as dev.example.com"),
          })
          .optional(),
      })
      .superRefine((aws, ctx) => {
        // A zone is its region's name plus one letter; a zone of another region fails at apply.
        aws.availabilityZones.forEach((zone, i) => {
          if (zone.slice(0, -1) !== aws.region) {
            ctx.addIssue({
              code: "custom",
              path: ["availabilityZones", i],
              input: zone,
              message: `a zone of ${aws.region}, such as ${aws.region}a`,
              params: { hint: "availability zones belong to aws.region" },
            });
          }
        });
        const seen = new Set<string>();
        aws.availabilityZones.forEach((zone, i) => {
          if (seen.has(zone)) {
            ctx.addIssue({
              code: "custom",
              path: ["availabilityZones", i],
              input: zone,
              message: "each zone once",
              params: { hint: "a duplicate zone puts two subnets in one zone" },
            });
          }
          seen.add(zone);
        });
        if (aws.drRegion === aws.region) {
          ctx.addIssue({
            code: "custom",
            path: ["drRegion"],
            input: aws.drRegion,
            message: `a region other than aws.region (${aws.region})`,
            params: { hint: "disaster recovery needs a second region" },
          });
        }
      })
      .optional(),
    /** AWS tag rules: keys 1-128 characters without the reserved `aws:` prefix, values 1-256. */
    tags: z.record(
      z
        .string()
        .min(1)
        .max(128)
        .refine((k) => !k.toLowerCase().startsWith("aws:"), "a key without the reserved aws: prefix"),
      z
        .string()
        .max(256)
        .refine((v) => v.trim() !== "", "a value that is not blank"),
    ),
    monitoring: z.strictObject({
      prometheusRetention: duration,
      prometheusStorage: z.string().regex(/^\d+(Gi|Ti)$/, "must be a size such as 100Gi"),
      /** CloudWatch Logs retention of the stacks' log groups: one of CloudWatch's fixed values. */
      logRetentionDays: z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d))),
      /** Where business hours are for warning alerts: an IANA timezone. */
      alertTimezone: z
        .string()
        .min(1)
        .refine(isTimezone, 'an IANA timezone name such as "Europe/Dublin" or "UTC"'),
    }),
    /** The services the clusters run, keyed by name; at least one. */
    services: z
      .record(serviceName, service)
      .refine((m) => Object.keys(m).length > 0, { message: "must name at least one service" }),
    platform: z.strictObject({
      /** Share of requests Istio traces, in percent. */
      meshSamplingPercent: z.number().min(0).max(100),
      /** Kubernetes TLS secret for the gateway; without it the gateway serves plain HTTP (dev only). */
      tlsCredentialName: z.string().min(1).optional(),
      /** Argo CD Application for this environment. */
      gitops: z.strictObject({
        repoUrl: z.string().regex(/^https:\/\/\S+$/, "must be an https:// Git URL"),
        targetRevision: z.string().min(1),
        path: z.string().min(1),
      }),
      /** Secret with the Alertmanager receivers' credentials (mounted as files). */
      alertmanagerSecret: name,
    }),
    recovery: z.strictObject({
      rtoMinutes: z.strictObject({ critical: positiveInt, standard: positiveInt, nonCritical: positiveInt }),
      rpoMinutes: z.strictObject({
        transactional: positiveInt,
        userContent: positiveInt,
        analytics: positiveInt,
      }),
    }),
    deletionProtection: z.boolean(),
    /**
     * The environment's Azure side (its own stacks: `<name>-azure`, and in production one per color).
     * @default - AWS only
     */
    azure: AzureSchema.optional(),
    /**
     * Production only: the CloudFlare edge in front of both clouds (its own stack, `<name>-edge`).
     * @default - no edge: the live color is a Route 53 record in the foundation
     */
    edge: EdgeSchema.optional(),
    /** Production only: which color serves traffic. */
    production: z
      .strictObject({
        liveColor: z.enum(["blue", "green"]),
        /** Public DNS zone the prod foundation owns; each color publishes `<color>.<zone>`. */
        zoneName: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a DNS zone such as example.com"),
        /** The user-facing name inside the zone that points at the live color. */
        hostname: z.string().regex(/^[a-z0-9-]+$/, "must be a single DNS label such as app"),
        /** The service that `<hostname>.<zone>` and each color's `<color>.<zone>` route to. */
        hostnameService: serviceName,
      })
      .optional(),
  })
  .check(...RULE_GROUPS.map(whenValid));

/**
 * A rule group as a zod check that runs whenever the settings it reads parsed, whatever else in the
 * file failed. zod skips refinements of an object with any issue unless the check says `when`;
 * `superRefine` takes no such option, so it is set on the check's definition.
 */
function whenValid(group: RuleGroup) {
  const check = z.superRefine<Environment>((env, ctx) => group.rule(env, ctx));
  check._zod.def.when = (payload) =>
    typeof payload.value === "object" &&
    payload.value !== null &&
    !payload.issues.some((i) => group.reads.some((read) => blocks(i.path ?? [], read)));
  return check;
}

export type Environment = z.infer<typeof EnvironmentSchema>;
export type EnvironmentInput = z.input<typeof EnvironmentSchema>;
export type Tier = Environment["tier"];
export type Color = NonNullable<Environment["production"]>["liveColor"];

/** The AWS section of an environment. */
export type AwsSettings = NonNullable<Environment["aws"]>;
/** An environment with an AWS side: what the AWS stacks are built from. */
export type AwsEnvironment = Environment & { readonly aws: AwsSettings };

/** Whether the environment has an AWS side. */
export function hasAws(env: Environment): env is AwsEnvironment {
  return env.aws !== undefined;
}
