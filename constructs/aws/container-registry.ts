import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct, Token } from "../core";
import { Validator } from "../validation";
import { accountOf } from "./account";
import { KmsKey } from "./kms-key";

/** What a node needs to pull an image: the manifest, the layer URLs and the layer check. */
export const ECR_PULL_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchCheckLayerAvailability",
] as const;

/** Scan types of the registry scanning configuration. */
export type EcrScanType = "ENHANCED" | "BASIC";

export interface ContainerRegistryProps {
  /**
   * Registry name: the namespace of every repository (`<name>/<service>`) and of the key aliases
   * (`alias/<name>/ecr`, `alias/<name>/ecr-dr`), e.g. `acme`.
   */
  readonly name: string;
  /**
   * Services, one repository each (`<name>/<service>`). A service's name is its repository's identity:
   * the logical ID is `Repository-<service>`, so adding or removing a service never touches the others.
   */
  readonly services: readonly string[];
  /**
   * IAM role ARNs (the clusters' node roles) the repository policy lets pull; tokens allowed.
   * @default [] (then `pullRoleNamePrefixes` must name some)
   */
  readonly pullPrincipalArns?: readonly string[];
  /**
   * Name prefixes of same-account roles the repository policy lets pull (`aws:PrincipalArn` like
   * `arn:<partition>:iam::<account>:role/<prefix>*`): the node roles of clusters in other stacks,
   * which the registry's stack cannot reference without a cycle, e.g. `prod-blue-node-`.
   * @default []
   */
  readonly pullRoleNamePrefixes?: readonly string[];
  /**
   * Region that receives a replica of every repository (`<name>/` prefix), e.g. `eu-central-1`.
   * @default - no replicas (an environment that is not recovered in another region)
   */
  readonly drRegion?: string;
  /**
   * Whether this registry owns the account region's registry-wide settings: the scanning
   * configuration (scan on push for every repository, continuous scanning for `<name>/*`) and the
   * replication configuration. Exactly one stack per account region may own them; the others keep
   * per-repository scan on push.
   * @default true
   */
  readonly accountSettings?: boolean;
  /**
   * Role ARNs allowed to pull from the DR replicas (the DR cluster's node roles).
   * @default - `pullPrincipalArns`
   */
  readonly drPullPrincipalArns?: readonly string[];
  /**
   * Days after its push that an untagged image (a superseded build, a failed push) expires.
   * @default 14
   */
  readonly untaggedImageExpiryDays?: number;
  /**
   * Tagged images each repository keeps; older tagged images expire.
   * @default - no limit: tagged images are kept
   */
  readonly keepTaggedImages?: number;
  /**
   * Registry scanning: `ENHANCED` is Amazon Inspector (OS and language packages, rescanned continuously
   * as new CVEs appear); `BASIC` is ECR's own scan on push, OS packages only, with no charge.
   * @default "ENHANCED"
   */
  readonly scanType?: EcrScanType;
  /**
   * Add `lifecycle.prevent_destroy` to the repositories (primary and DR) and their keys.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** One path component of an ECR repository name (the API pattern without `/`). */
const SEGMENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** A name usable as a repository namespace and inside a KMS alias (which has no dots). */
const NAME = /^[a-z0-9]+(?:[_-][a-z0-9]+)*$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** ECR limits a repository name to 256 characters. */
const MAX_REPOSITORY_NAME = 256;

/**
 * ECR repositories for a set of services, with their registry settings: immutable tags, KMS
 * encryption, a registry scanning configuration, a lifecycle policy, a pull policy for the node roles,
 * and replication into pre-created, equally hardened repositories in the DR region.
 *
 * The scanning and replication configurations are registry-wide: an account region has one of each,
 * and a second ContainerRegistry in the same account region would overwrite the first one's. Create one
 * per account region and list every service in it.
 *
 * The repository policy is an Allow for the node roles; it does not deny anyone. Principals of the same
 * account whose IAM policies grant ECR reads (CI, administrators) can still pull.
 */
export class ContainerRegistry extends Construct {
  /** Repository URL by service (`<account>.dkr.ecr.<region>.amazonaws.com/<name>/<service>`). */
  public readonly repositoryUrls: Readonly<Record<string, string>>;
  public readonly repositoryArns: Readonly<Record<string, string>>;
  /** Replica ARN by service; empty without a DR region. */
  public readonly drRepositoryArns: Readonly<Record<string, string>>;
  public readonly kmsKeyArn: string;
  /** The DR replicas' key; undefined without a DR region. */
  public readonly drKmsKeyArn?: string;
  /** The lifecycle policy document every repository gets, as JSON. */
  public readonly lifecyclePolicy: string;
  public readonly untaggedImageExpiryDays: number;
  public readonly keepTaggedImages: number | undefined;
  public readonly scanType: EcrScanType;
  public readonly preventDestroy: boolean;
  public readonly drPullPrincipalArns: readonly string[];

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    this.untaggedImageExpiryDays = props.untaggedImageExpiryDays ?? 14;
    this.keepTaggedImages = props.keepTaggedImages;
    this.scanType = props.scanType ?? "ENHANCED";
    this.preventDestroy = props.preventDestroy ?? false;
    this.drPullPrincipalArns = props.drPullPrincipalArns ?? props.pullPrincipalArns ?? [];
    this.validate(props);
    const { name, drRegion } = props;
    this.lifecyclePolicy = JSON.stringify(this.lifecycleDocument());

    const key = (keyId: string, alias: string, description: string, region?: string) =>
      new KmsKey(this, keyId, { description, alias, region, preventDestroy: this.preventDestroy }).keyArn;
    this.kmsKeyArn = key("Key", `alias/${name}/ecr`, `${name} container images (ECR)`);
    this.drKmsKeyArn =
      drRegion === undefined
        ? undefined
        : key(
            "DrKey",
            `alias/${name}/ecr-dr`,
            `${name} container image replicas (ECR) in ${drRegion}`,
            drRegion,
          );
    const prefixes = props.pullRoleNamePrefixes ?? [];
    const pullPolicy = this.pullPolicy("PullPolicy", props.pullPrincipalArns ?? [], prefixes);
    const drPullPolicy =
      props.drPullPrincipalArns === undefined
        ? pullPolicy
        : this.pullPolicy("DrPullPolicy", props.drPullPrincipalArns, prefixes);

    const urls: Record<string, string> = {};
    const arns: Record<string, string> = {};
    const drArns: Record<string, string> = {};
    const replicas: EcrRepository[] = [];
    for (const service of props.services) {
      const primary = this.repository(`${name}/${service}`, service, "", this.kmsKeyArn, pullPolicy);
      urls[service] = primary.repositoryUrl;
      arns[service] = primary.arn;
      if (drRegion !== undefined && this.drKmsKeyArn !== undefined) {
        const replica = this.repository(
          `${name}/${service}`,
          service,
          "Replica",
          this.drKmsKeyArn,
          drPullPolicy,
          drRegion,
        );
        drArns[service] = replica.arn;
        replicas.push(replica);
      }
    }
    this.repositoryUrls = urls;
    this.repositoryArns = arns;
    this.drRepositoryArns = drArns;
    if (props.accountSettings === false) return;

    new EcrRegistryScanningConfiguration(this, "ScanningConfiguration", {
      scanType: this.scanType,
      rule: [
        // Every repository of the registry is scanned on push, ours and any created outside this construct.
        { scanFrequency: "SCAN_ON_PUSH", repositoryFilter: [{ filter: "*", filterType: "WILDCARD" }] },
        ...(this.scanType === "ENHANCED"
          ? [
              {
                scanFrequency: "CONTINUOUS_SCAN",
                repositoryFilter: [{ filter: `${name}/*`, filterType: "WILDCARD" }],
              },
            ]
          : []),
      ],
    });
    if (drRegion === undefined) return;
    // ECR replicates into an existing repository of the same name, so the replicas above (immutable,
    // KMS, lifecycle, pull policy) must exist first; otherwise ECR would create mutable AES256 ones.
    new EcrReplicationConfiguration(this, "ReplicationConfiguration", {
      replicationConfiguration: {
        rule: [
          {
            destination: [{ region: drRegion, registryId: accountOf(this).accountId }],
            repositoryFilter: [{ filter: `${name}/`, filterType: "PREFIX_MATCH" }],
          },
        ],
      },
      dependsOn: replicas,
    });
  }

  /** The repository URL of one service; throws for a service this registry does not hold. */
  repositoryUrl(service: string): string {
    const url = this.repositoryUrls[service];
    if (url === undefined) {
      throw new Error(
        `ContainerRegistry ${this.node.path}: no repository for service ${JSON.stringify(service)}; ` +
          `have ${Object.keys(this.repositoryUrls).join(", ")}`,
      );
    }
    return url;
  }

  private repository(
    repositoryName: string,
    service: string,
    prefix: "" | "Replica",
    kmsKeyArn: string,
    policy: DataAwsIamPolicyDocument,
    region?: string,
  ): EcrRepository {
    const repo = new EcrRepository(this, `${prefix || "Repository"}-${service}`, {
      name: repositoryName,
      imageTagMutability: "IMMUTABLE",
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: kmsKeyArn }],
      // Registry-level scanning rules decide in the primary region; this keeps basic scan on push for
      // the DR replicas, whose region has no scanning configuration of ours.
      imageScanningConfiguration: { scanOnPush: true },
      forceDelete: false,
      region,
      lifecycle: this.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new EcrLifecyclePolicy(this, `${prefix}LifecyclePolicy-${service}`, {
      repository: repo.name,
      policy: this.lifecyclePolicy,
      region,
    });
    new EcrRepositoryPolicy(this, `${prefix}RepositoryPolicy-${service}`, {
      repository: repo.name,
      policy: policy.json,
      region,
    });
    return repo;
  }

  private pullPolicy(
    policyId: string,
    principals: readonly string[],
    prefixes: readonly string[],
  ): DataAwsIamPolicyDocument {
    const account = prefixes.length > 0 ? accountOf(this) : undefined;
    return new DataAwsIamPolicyDocument(this, policyId, {
      statement: [
        ...(principals.length > 0
          ? [
              {
                sid: "NodePull",
                effect: "Allow",
                principals: [{ type: "AWS", identifiers: [...principals] }],
                actions: [...ECR_PULL_ACTIONS],
              },
            ]
          : []),
        ...(account
          ? [
              {
                sid: "NodePullByRoleName",
                effect: "Allow",
                principals: [{ type: "AWS", identifiers: [account.rootArn] }],
                actions: [...ECR_PULL_ACTIONS],
                condition: [
                  {
                    test: "ArnLike",
                    variable: "aws:PrincipalArn",
                    values: prefixes.map(
                      (p) => `arn:${account.partition}:iam::${account.accountId}:role/${p}*`,
                    ),
                  },
                ],
              },
            ]
          : []),
      ],
    });
  }

  private lifecycleDocument(): { rules: object[] } {
    const rules: object[] = [
      {
        rulePriority: 1,
        description: `Expire untagged images ${this.untaggedImageExpiryDays} days after their push`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: this.untaggedImageExpiryDays,
        },
        action: { type: "expire" },
      },
    ];
    if (this.keepTaggedImages !== undefined) {
      rules.push({
        rulePriority: 2,
        description: `Keep the last ${this.keepTaggedImages} tagged images`,
        selection: {
          tagStatus: "tagged",
          tagPatternList: ["*"],
          countType: "imageCountMoreThan",
          countNumber: this.keepTaggedImages,
        },
        action: { type: "expire" },
      });
    }
    return { rules };
  }

  private validate(props: ContainerRegistryProps): void {
    const v = new Validator(`ContainerRegistry ${this.node.path}`);
    v.check(
      props.name.length >= 2 && props.name.length <= 64 && NAME.test(props.name),
      "name",
      props.name,
      "2 to 64 lowercase letters and digits, single - or _ between them",
      "it prefixes every repository (<name>/<service>) and the key aliases; use e.g. the company or platform name",
    ).check(
      props.drRegion === undefined || REGION.test(props.drRegion),
      "drRegion",
      props.drRegion,
      "an AWS region such as eu-central-1",
      "set aws.drRegion",
    );
    v.check(
      props.services.length > 0,
      "services",
      props.services,
      "at least one service",
      "list the services whose images the registry holds, or do not create it",
    );
    const seen = new Set<string>();
    props.services.forEach((service, i) => {
      const full = `${props.name}/${service}`;
      v.check(
        SEGMENT.test(service),
        `services[${i}]`,
        service,
        "lowercase letters and digits, single . _ or - between them (an ECR repository name component)",
        "use the service's Kubernetes name, e.g. user-service",
      )
        .check(
          full.length <= MAX_REPOSITORY_NAME,
          `services[${i}]`,
          service,
          `a repository name <name>/<service> of at most ${MAX_REPOSITORY_NAME} characters`,
          `shorten the service or registry name (${full.length} characters)`,
        )
        .check(!seen.has(service), `services[${i}]`, service, "each service once", "remove the duplicate");
      seen.add(service);
    });
    const principals = (field: string, arns: readonly string[]) => {
      v.check(
        arns.length > 0,
        field,
        arns,
        "at least one IAM role ARN",
        "pass the node role ARNs of the clusters that run the services",
      );
      arns.forEach((arn, i) => {
        v.check(
          Token.isUnresolved(arn) || ROLE_ARN.test(arn),
          `${field}[${i}]`,
          arn,
          "an IAM role ARN (arn:aws:iam::<account>:role/<name>) or a token",
          "pass the node role's arn attribute",
        );
      });
    };
    const prefixes = props.pullRoleNamePrefixes ?? [];
    if (prefixes.length === 0) principals("pullPrincipalArns", props.pullPrincipalArns ?? []);
    prefixes.forEach((prefix, i) => {
      v.check(
        /^[\w+=,.@-]{1,60}$/.test(prefix),
        `pullRoleNamePrefixes[${i}]`,
        prefix,
        "a role name prefix (letters, digits and +=,.@_-)",
        "pass the node role's name prefix, e.g. prod-blue-node-",
      );
    });
    if (props.drPullPrincipalArns !== undefined) principals("drPullPrincipalArns", props.drPullPrincipalArns);
    const days = this.untaggedImageExpiryDays;
    v.check(
      Number.isInteger(days) && days >= 1,
      "untaggedImageExpiryDays",
      days,
      "an integer >= 1",
      "ECR lifecycle rules count whole days since the push",
    );
    const keep = this.keepTaggedImages;
    v.check(
      keep === undefined || (Number.isInteger(keep) && keep >= 1),
      "keepTaggedImages",
      keep,
      "an integer >= 1, or unset to keep every tagged image",
      "keep at least the image that is deployed, plus a few to roll back to",
    ).check(
      this.scanType === "ENHANCED" || this.scanType === "BASIC",
      "scanType",
      this.scanType,
      '"ENHANCED" or "BASIC"',
      "ENHANCED (Amazon Inspector) unless the account cannot use Inspector",
    );
    v.throwIfAny();
  }
}
