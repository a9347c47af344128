import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { describe, expect, it } from "vitest";
import {
  ContainerRegistry,
  type ContainerRegistryProps,
  ECR_PULL_ACTIONS,
} from "../../../constructs/aws/container-registry";
import { Testing } from "../../../constructs/core";
import {
  type Attrs,
  errorOf,
  logicalIds,
  problem,
  resourceById,
  resourcesOf,
  statementsOf,
} from "../../helpers";

const NODE_ROLE = "arn:aws:iam::123456789012:role/acme-prod-nodes";
const props: ContainerRegistryProps = {
  name: "acme",
  services: ["user-service", "order-service"],
  pullPrincipalArns: [NODE_ROLE],
  drRegion: "eu-central-1",
};

function synth(overrides: Partial<ContainerRegistryProps> = {}): string {
  return Testing.synthScope((scope) => new ContainerRegistry(scope, "Registry", { ...props, ...overrides }));
}

const repo = (out: string, id: string) => resourceById(out, "aws_ecr_repository", `Registry_${id}`);
const lifecycleOf = (out: string, id: string) =>
  JSON.parse(String(resourceById(out, "aws_ecr_lifecycle_policy", `Registry_${id}`).policy)) as {
    rules: Attrs[];
  };

describe("ContainerRegistry", () => {
  const out = synth();

  it("creates one repository per service, named <name>/<service>, keyed by the service name", () => {
    expect(logicalIds(out, "aws_ecr_repository")).toEqual([
      "Registry_Replica-order-service",
      "Registry_Replica-user-service",
      "Registry_Repository-order-service",
      "Registry_Repository-user-service",
    ]);
    expect(repo(out, "Repository-user-service").name).toBe("acme/user-service");
    expect(repo(out, "Replica-order-service").name).toBe("acme/order-service");
  });

  it("keeps the other services' logical IDs when a service is added or removed", () => {
    const fewer = synth({ services: ["order-service"] });
    expect(logicalIds(fewer, "aws_ecr_repository")).toEqual([
      "Registry_Replica-order-service",
      "Registry_Repository-order-service",
    ]);
    expect(Object.keys(resourcesOf(fewer, "aws_ecr_repository"))).toEqual(
      expect.arrayContaining(
        Object.keys(resourcesOf(out, "aws_ecr_repository")).filter((k) => k.includes("order-service")),
      ),
    );
  });

  it.each([
    ["Repository-user-service", "Registry_Key", undefined],
    ["Replica-user-service", "Registry_DrKey", "eu-central-1"],
  ])("makes %s immutable, KMS-encrypted with its own key, scanned on push and never force-deleted", (id, key, region) => {
    const r = repo(out, id);
    expect(r).toMatchObject({
      image_tag_mutability: "IMMUTABLE",
      encryption_configuration: [
        {
          encryption_type: "KMS",
          kms_key: expect.stringMatching(new RegExp(`aws_kms_key\\.${key}_[0-9A-F]{8}\\.arn`)),
        },
      ],
      image_scanning_configuration: { scan_on_push: true },
      force_delete: false,
    });
    expect(r.region).toBe(region);
  });

  it("creates the primary key and a DR key in the DR region, with ECR aliases", () => {
    expect(resourceById(out, "aws_kms_key", "Registry_Key").region).toBeUndefined();
    expect(resourceById(out, "aws_kms_key", "Registry_DrKey")).toMatchObject({
      region: "eu-central-1",
      enable_key_rotation: true,
    });
    expect(resourceById(out, "aws_kms_alias", "Registry_Key_Alias").name).toBe("alias/acme/ecr");
    expect(resourceById(out, "aws_kms_alias", "Registry_DrKey_Alias").name).toBe("alias/acme/ecr-dr");
  });

  it("expires untagged images after 14 days and keeps every tagged image by default", () => {
    expect(lifecycleOf(out, "LifecyclePolicy-user-service")).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images 14 days after their push",
          selection: {
            tagStatus: "untagged",
            countType: "sinceImagePushed",
            countUnit: "days",
            countNumber: 14,
          },
          action: { type: "expire" },
        },
      ],
    });
    const policy = resourceById(out, "aws_ecr_lifecycle_policy", "Registry_LifecyclePolicy-user-service");
    expect(policy.repository).toMatch(
      /aws_ecr_repository\.Registry_Repository-user-service_[0-9A-F]{8}\.name/,
    );
  });

  it("keeps the last M tagged images when asked, on the primary and the replica", () => {
    const custom = synth({ untaggedImageExpiryDays: 3, keepTaggedImages: 30 });
    for (const id of ["LifecyclePolicy-order-service", "ReplicaLifecyclePolicy-order-service"]) {
      expect(lifecycleOf(custom, id).rules).toEqual([
        expect.objectContaining({ rulePriority: 1, selection: expect.objectContaining({ countNumber: 3 }) }),
        {
          rulePriority: 2,
          description: "Keep the last 30 tagged images",
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["*"],
            countType: "imageCountMoreThan",
            countNumber: 30,
          },
          action: { type: "expire" },
        },
      ]);
    }
    expect(
      resourceById(custom, "aws_ecr_lifecycle_policy", "Registry_ReplicaLifecyclePolicy-order-service")
        .region,
    ).toBe("eu-central-1");
  });

  it("lets only the given node roles pull, with exactly the three pull actions", () => {
    for (const id of ["RepositoryPolicy-user-service", "ReplicaRepositoryPolicy-user-service"]) {
      const policy = resourceById(out, "aws_ecr_repository_policy", `Registry_${id}`);
      expect(statementsOf(out, policy.policy)).toEqual([
        {
          sid: "NodePull",
          effect: "Allow",
          principals: [{ type: "AWS", identifiers: [NODE_ROLE] }],
          actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        },
      ]);
    }
    expect([...ECR_PULL_ACTIONS]).toEqual([
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
      "ecr:BatchCheckLayerAvailability",
    ]);
  });

  it("lets the DR node roles pull from the replicas, and accepts role ARN tokens", () => {
    const DR_ROLE = "arn:aws:iam::123456789012:role/acme-dr-nodes";
    const s = Testing.synthScope((scope) => {
      const role = new IamRole(scope, "Nodes", { assumeRolePolicy: "{}" });
      new ContainerRegistry(scope, "Registry", {
        ...props,
        pullPrincipalArns: [role.arn],
        drPullPrincipalArns: [DR_ROLE],
      });
    });
    const principals = (id: string) =>
      statementsOf(s, resourceById(s, "aws_ecr_repository_policy", `Registry_${id}`).policy)[0]!.principals;
    expect(principals("RepositoryPolicy-user-service")).toEqual([
      { type: "AWS", identifiers: [expect.stringMatching(/^\$\{aws_iam_role\.Nodes\.arn\}$/)] },
    ]);
    expect(principals("ReplicaRepositoryPolicy-user-service")).toEqual([
      { type: "AWS", identifiers: [DR_ROLE] },
    ]);
  });

  it("scans with Amazon Inspector: continuously for its repositories, on push for every other", () => {
    expect(
      resourceById(out, "aws_ecr_registry_scanning_configuration", "Registry_ScanningConfiguration"),
    ).toEqual({
      scan_type: "ENHANCED",
      rule: [
        { scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] },
        {
          scan_frequency: "CONTINUOUS_SCAN",
          repository_filter: [{ filter: "acme/*", filter_type: "WILDCARD" }],
        },
      ],
    });
  });

  it("scans on push only with basic scanning", () => {
    const basic = synth({ scanType: "BASIC" });
    expect(
      resourceById(basic, "aws_ecr_registry_scanning_configuration", "Registry_ScanningConfiguration"),
    ).toEqual({
      scan_type: "BASIC",
      rule: [
        { scan_frequency: "SCAN_ON_PUSH", repository_filter: [{ filter: "*", filter_type: "WILDCARD" }] },
      ],
    });
  });

  it("replicates the <name>/ repositories to the DR region of this account, after the replicas exist", () => {
    const replication = resourceById(
      out,
      "aws_ecr_replication_configuration",
      "Registry_ReplicationConfiguration",
    );
    expect(replication.replication_configuration).toEqual({
      rule: [
        {
          destination: [
            {
              region: "eu-central-1",
              registry_id: expect.stringContaining("data.aws_caller_identity.CallerIdentity.account_id"),
            },
          ],
          repository_filter: [{ filter: "acme/", filter_type: "PREFIX_MATCH" }],
        },
      ],
    });
    expect(replication.depends_on).toEqual([
      expect.stringMatching(/^aws_ecr_repository\.Registry_Replica-user-service_[0-9A-F]{8}$/),
      expect.stringMatching(/^aws_ecr_repository\.Registry_Replica-order-service_[0-9A-F]{8}$/),
    ]);
  });

  it.each([
    [true, { prevent_destroy: true }],
    [false, undefined],
  ])("sets prevent_destroy on every repository and key when preventDestroy is %s", (preventDestroy, lifecycle) => {
    const s = synth({ preventDestroy });
    const stateful = [
      ...Object.values(resourcesOf(s, "aws_ecr_repository")),
      ...Object.values(resourcesOf(s, "aws_kms_key")),
    ];
    expect(stateful).toHaveLength(6);
    for (const r of stateful) expect(r.lifecycle).toEqual(lifecycle);
  });

  it("exposes resolved defaults and the repository URL of each service", () => {
    Testing.synthScope((scope) => {
      const registry = new ContainerRegistry(scope, "Registry", props);
      expect(registry).toMatchObject({
        untaggedImageExpiryDays: 14,
        keepTaggedImages: undefined,
        scanType: "ENHANCED",
        preventDestroy: false,
        drPullPrincipalArns: [NODE_ROLE],
      });
      expect(Object.keys(registry.repositoryUrls)).toEqual(["user-service", "order-service"]);
      expect(registry.repositoryUrl("user-service")).toBe(registry.repositoryUrls["user-service"]);
      expect(() => registry.repositoryUrl("billing")).toThrow(
        /no repository for service "billing"; have user-service, order-service/,
      );
    });
  });

  describe("validation", () => {
    it.each<[string, Partial<ContainerRegistryProps>, string, unknown, string]>([
      [
        "an uppercase name",
        { name: "Acme" },
        "name",
        "Acme",
        "2 to 64 lowercase letters and digits, single - or _ between them",
      ],
      [
        "a name with a dot (invalid in a KMS alias)",
        { name: "acme.io" },
        "name",
        "acme.io",
        "2 to 64 lowercase letters and digits, single - or _ between them",
      ],
      [
        "a malformed DR region",
        { drRegion: "frankfurt" },
        "drRegion",
        "frankfurt",
        "an AWS region such as eu-central-1",
      ],
      ["no services", { services: [] }, "services", [], "at least one service"],
      [
        "a service with a slash",
        { services: ["team/api"] },
        "services[0]",
        "team/api",
        "lowercase letters and digits, single . _ or - between them (an ECR repository name component)",
      ],
      [
        "a service with a double hyphen",
        { services: ["user--service"] },
        "services[0]",
        "user--service",
        "lowercase letters and digits, single . _ or - between them (an ECR repository name component)",
      ],
      [
        "a repository name over 256 characters",
        { services: ["a".repeat(252)] },
        "services[0]",
        "a".repeat(252),
        "a repository name <name>/<service> of at most 256 characters",
      ],
      ["a duplicate service", { services: ["api", "api"] }, "services[1]", "api", "each service once"],
      ["no pull principals", { pullPrincipalArns: [] }, "pullPrincipalArns", [], "at least one IAM role ARN"],
      [
        "a pull principal that is not a role ARN",
        { pullPrincipalArns: [NODE_ROLE, "arn:aws:iam::123456789012:user/ci"] },
        "pullPrincipalArns[1]",
        "arn:aws:iam::123456789012:user/ci",
        "an IAM role ARN (arn:aws:iam::<account>:role/<name>) or a token",
      ],
      [
        "no DR pull principals",
        { drPullPrincipalArns: [] },
        "drPullPrincipalArns",
        [],
        "at least one IAM role ARN",
      ],
      [
        "a DR pull principal that is not an ARN",
        { drPullPrincipalArns: ["acme-dr-nodes"] },
        "drPullPrincipalArns[0]",
        "acme-dr-nodes",
        "an IAM role ARN (arn:aws:iam::<account>:role/<name>) or a token",
      ],
      [
        "zero untagged expiry days",
        { untaggedImageExpiryDays: 0 },
        "untaggedImageExpiryDays",
        0,
        "an integer >= 1",
      ],
      [
        "fractional untagged expiry days",
        { untaggedImageExpiryDays: 1.5 },
        "untaggedImageExpiryDays",
        1.5,
        "an integer >= 1",
      ],
      [
        "keeping zero tagged images",
        { keepTaggedImages: 0 },
        "keepTaggedImages",
        0,
        "an integer >= 1, or unset to keep every tagged image",
      ],
      [
        "an unknown scan type",
        { scanType: "DEEP" as ContainerRegistryProps["scanType"] },
        "scanType",
        "DEEP",
        '"ENHANCED" or "BASIC"',
      ],
    ])("rejects %s", (_case, overrides, field, value, allowed) => {
      expect(errorOf(() => synth(overrides))).toContain(problem(field, value, allowed));
    });

    it("names the fix in each message", () => {
      expect(errorOf(() => synth({ services: ["api", "api"] }))).toContain("hint: remove the duplicate");
    });

    it("reports every problem at once", () => {
      expect(errorOf(() => synth({ services: [], drRegion: "", pullPrincipalArns: [] }))).toMatch(
        /^ContainerRegistry .*Registry: 3 invalid prop\(s\)/,
      );
    });
  });
});

/** A Terraform interpolation, as the synthesized JSON spells it. */
const tf = (expr: string) => ["$", "{", expr, "}"].join("");

describe("ContainerRegistry for clusters in other stacks, and for a self-contained environment", () => {
  it("lets same-account roles pull by name prefix, through aws:PrincipalArn", () => {
    const arn = (rest: string) =>
      `arn:${tf("data.aws_partition.Partition.partition")}:iam::${tf("data.aws_caller_identity.CallerIdentity.account_id")}:${rest}`;
    const out = synth({
      pullPrincipalArns: undefined,
      pullRoleNamePrefixes: ["prod-blue-node-", "prod-green-node-"],
    });
    const policy = resourceById(out, "aws_ecr_repository_policy", "Registry_RepositoryPolicy-user-service");
    const [statement] = statementsOf(out, policy.policy);
    expect(statement).toMatchObject({
      sid: "NodePullByRoleName",
      effect: "Allow",
      actions: [...ECR_PULL_ACTIONS],
      principals: [
        {
          type: "AWS",
          identifiers: [arn("root")],
        },
      ],
      condition: [
        {
          test: "ArnLike",
          variable: "aws:PrincipalArn",
          values: [arn("role/prod-blue-node-*"), arn("role/prod-green-node-*")],
        },
      ],
    });
  });

  it("without a DR region and registry settings, holds only the repositories and their key", () => {
    const out = synth({ drRegion: undefined, accountSettings: false });
    expect(logicalIds(out, "aws_ecr_repository")).toEqual([
      "Registry_Repository-order-service",
      "Registry_Repository-user-service",
    ]);
    expect(resourcesOf(out, "aws_ecr_replication_configuration")).toEqual({});
    expect(resourcesOf(out, "aws_ecr_registry_scanning_configuration")).toEqual({});
    expect(Object.keys(resourcesOf(out, "aws_kms_key"))).toHaveLength(1);
    // Each repository still scans on push.
    expect(repo(out, "Repository-user-service").image_scanning_configuration).toEqual({ scan_on_push: true });
  });

  it("owns the scanning configuration but replicates nothing without a DR region", () => {
    const out = synth({ drRegion: undefined });
    expect(Object.keys(resourcesOf(out, "aws_ecr_registry_scanning_configuration"))).toHaveLength(1);
    expect(resourcesOf(out, "aws_ecr_replication_configuration")).toEqual({});
  });

  it("rejects no pull principals at all, and a bad role name prefix", () => {
    expect(errorOf(() => synth({ pullPrincipalArns: [] }))).toContain(
      problem("pullPrincipalArns", [], "at least one IAM role ARN"),
    );
    expect(errorOf(() => synth({ pullRoleNamePrefixes: ["prod blue/*"] }))).toContain(
      problem("pullRoleNamePrefixes[0]", "prod blue/*", "a role name prefix (letters, digits and +=,.@_-)"),
    );
  });
});
