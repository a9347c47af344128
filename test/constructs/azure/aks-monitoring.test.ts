import { describe, expect, it } from "vitest";
import { AksLogAnalytics } from "../../../constructs/azure/aks-monitoring";
import { Testing } from "../../../constructs/core";
import { resourcesOf } from "../../helpers";

const base = { name: "prod-blue", resourceGroupName: "acme-prod", location: "westeurope", retentionDays: 90 };

describe("AksLogAnalytics", () => {
  it("creates a pay-per-GB workspace with the retention given, protected when asked", () => {
    const out = Testing.synthScope(
      (scope) => new AksLogAnalytics(scope, "Logs", { ...base, preventDestroy: true }),
    );
    const [workspace] = Object.values(resourcesOf(out, "azurerm_log_analytics_workspace"));
    expect(workspace).toMatchObject({
      name: "log-prod-blue",
      sku: "PerGB2018",
      retention_in_days: 90,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("uses a workspace that is passed in, and creates none", () => {
    let id = "";
    const out = Testing.synthScope((scope) => {
      id = new AksLogAnalytics(scope, "Logs", { ...base, workspaceId: "/subscriptions/x/workspaces/shared" })
        .workspaceId;
    });
    expect(id).toBe("/subscriptions/x/workspaces/shared");
    expect(resourcesOf(out, "azurerm_log_analytics_workspace")).toEqual({});
  });
});

describe("Container Insights with managed-identity auth", () => {
  it("gets a data collection rule to the workspace and its association with the cluster", async () => {
    const { containerInsightsRule } = await import("../../../constructs/azure/aks-monitoring");
    const out = Testing.synthScope((scope) => {
      containerInsightsRule(scope, {
        ...base,
        workspaceId: "/subscriptions/x/workspaces/w",
        clusterId: "/subscriptions/x/clusters/c",
      });
    });
    const [rule] = Object.values(resourcesOf(out, "azurerm_monitor_data_collection_rule"));
    expect(rule).toMatchObject({
      kind: "Linux",
      destinations: {
        log_analytics: [{ name: "workspace", workspace_resource_id: "/subscriptions/x/workspaces/w" }],
      },
      data_flow: [{ streams: ["Microsoft-ContainerInsights-Group-Default"], destinations: ["workspace"] }],
    });
    expect(JSON.stringify(rule)).toContain('"extension_name":"ContainerInsights"');
    const [association] = Object.values(resourcesOf(out, "azurerm_monitor_data_collection_rule_association"));
    expect(association).toMatchObject({ target_resource_id: "/subscriptions/x/clusters/c" });
  });
});
