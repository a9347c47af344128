import { describe, expect, it } from "vitest";
import type { PlanJson } from "../../scripts/preview/plan";
import { renderPlanText, UNKNOWN } from "../../scripts/preview/plan-text";
import { fixturePlan, PLANTED_SECRETS } from "./fixtures";

const text = (plan: PlanJson) => renderPlanText(plan).join("\n");

describe("renderPlanText", () => {
  const lines = renderPlanText(fixturePlan("prod-change"));

  it("prints one header per change with Terraform's symbols, and no no-op", () => {
    const headers = lines.filter((l) => !l.startsWith(" "));
    expect(headers).toEqual([
      "~ aws_db_instance.Database_Primary_1B138CD9",
      "~ aws_eks_node_group.Cluster_NodeGroups_ApplicationSpotNodeGroup_898A5F39",
      "+ aws_nat_gateway.Network_NatGatewayB_5E3A7C21",
      "+ aws_eip.Network_NatEipB_2C4D6E8F",
      "- aws_s3_bucket.Storage_Logs_Bucket_F246DA3E (no longer in the configuration; stateful)",
      "-/+ aws_elasticache_replication_group.Cache_ReplicationGroup_BFE59FF3 (replace, forced by at_rest_encryption_enabled; stateful)",
      "~ helm_release.Platform_Monitoring_Release_7A1B2C3D",
      "~ aws_secretsmanager_secret_version.Database_MasterSecret_Version_0F1E2D3C",
      "~ kubernetes_secret_v1.Platform_AlertingSecret_5B6C7D8E",
      "~ kubernetes_config_map_v1.Platform_GatewayCa_9E8D7C6B",
      "-/+ tls_private_key.Platform_GatewayKey_1A2B3C4D (replace, forced by rsa_bits)",
      "<= data.aws_caller_identity.Current (configuration known only after apply)",
    ]);
  });

  it("lists changed leaves as path: old -> new", () => {
    expect(lines).toContain('    instance_class: "db.t4g.medium" -> "db.r6g.large"');
    expect(lines).toContain("    scaling_config[0].desired_size: 2 -> 4");
    expect(lines).toContain('    tags.cost-center: (absent) -> "platform"');
    expect(lines).toContain('    data["ca.key"]: (absent) -> (redacted private key)');
  });

  it("marks values only known after apply", () => {
    expect(lines).toContain(`    id: "prod" -> ${UNKNOWN}`);
    expect(lines).toContain(`    private_key_pem: (sensitive value) -> ${UNKNOWN}`);
  });

  it("compares JSON inside strings (Helm values) leaf by leaf", () => {
    expect(lines).toContain("    values[0].<json>.grafana.replicas: 1 -> 2");
    expect(lines).toContain(
      '    values[0].<json>.datasource.url: "postgresql://grafana:(redacted)@db.internal:5432/grafana" -> "postgresql://grafana:(redacted)@db2.internal:5432/grafana"',
    );
  });

  it("prints sensitive values as (sensitive value), whole subtrees included", () => {
    expect(lines).toContain("    secret_string: (sensitive value) -> (sensitive value)");
    expect(lines).toContain("    data: (sensitive value) -> (sensitive value)");
    expect(lines).toContain('    metadata[0].labels.team: (absent) -> "platform"');
  });

  it("never prints a planted secret", () => {
    const out = lines.join("\n");
    for (const secret of PLANTED_SECRETS) expect(out).not.toContain(secret);
  });

  it("prints only the address for creates, deletes and reads", () => {
    expect(text(fixturePlan("edge-create"))).toBe(
      [
        "+ aws_eks_cluster.Cluster_3DA9CCBA",
        "+ aws_launch_template.Cluster_NodeGroups_SystemLaunchTemplate_D40BEE21",
        "+ aws_eks_node_group.Cluster_NodeGroups_SystemNodeGroup_65C2A26C",
        "+ aws_db_instance.Database_Primary_1B138CD9",
        "+ aws_cloudwatch_log_group.Cluster_Logs_8B82AC0A",
        "+ aws_globalaccelerator_accelerator.Edge_Accelerator_11AA22BB",
      ].join("\n"),
    );
  });

  it("shows create-before-destroy replacements as +/-, and redacts secret-named strings", () => {
    const plan: PlanJson = {
      format_version: "1.2",
      resource_changes: [
        {
          address: "aws_instance.web",
          type: "aws_instance",
          name: "web",
          change: {
            actions: ["create", "delete"],
            before: { ami: "ami-1", user_password: "plain-text-pw-1" },
            after: { ami: "ami-2", user_password: "plain-text-pw-2" },
          },
        },
      ],
    };
    expect(renderPlanText(plan)).toEqual([
      "+/- aws_instance.web (replace)",
      '    ami: "ami-1" -> "ami-2"',
      "    user_password: (redacted) -> (redacted)",
    ]);
  });

  it("cuts long values and long attribute lists", () => {
    const long = "x".repeat(500);
    const before = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`a${i}`, i]));
    const after = {
      ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`a${i}`, i + 1])),
      big: long,
    };
    const plan: PlanJson = {
      format_version: "1.2",
      resource_changes: [
        { address: "x.y", type: "x", name: "y", change: { actions: ["update"], before, after } },
      ],
    };
    const out = renderPlanText(plan, { maxAttributesPerResource: 10, maxValueLength: 20 });
    expect(out).toHaveLength(12);
    expect(out.at(-1)).toBe("    … 41 more changed attributes");
    const big = renderPlanText(plan, { maxValueLength: 20, maxAttributesPerResource: 100 }).find((l) =>
      l.includes("big:"),
    );
    expect(big).toBe(`    big: (absent) -> "${"x".repeat(20)}"… (500 chars)`);
  });
});
