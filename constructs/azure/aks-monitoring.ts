import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { Construct } from "../core";

export interface AksLogAnalyticsProps {
  /** Literal cluster name: the workspace's name, `log-<name>`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /**
   * An existing workspace to send to instead of creating one.
   * @default - a workspace is created
   */
  readonly workspaceId?: string;
  /** Days the created workspace keeps data, 30..730 (checked by the cluster). */
  readonly retentionDays: number;
  /**
   * Add `lifecycle.prevent_destroy` to the created workspace.
   * @default false
   */
  readonly preventDestroy?: boolean;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * Where Container Insights (`oms_agent`) and Defender for Containers send their data: the given
 * workspace, or a `PerGB2018` workspace created here. A color cluster that blue/green destroys takes a
 * created workspace with it; production should pass a long-lived one in.
 */
export class AksLogAnalytics extends Construct {
  public readonly workspaceId: string;
  /** The created workspace; undefined when one was passed in. */
  public readonly workspace?: LogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: AksLogAnalyticsProps) {
    super(scope, id);
    if (props.workspaceId !== undefined) {
      this.workspaceId = props.workspaceId;
      return;
    }
    this.workspace = new LogAnalyticsWorkspace(this, "Workspace", {
      name: `log-${props.name}`,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: "PerGB2018",
      retentionInDays: props.retentionDays,
      tags: props.tags,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    this.workspaceId = this.workspace.id;
  }
}

/** The streams the Container Insights agent sends with the default (all-tables) profile. */
export const CONTAINER_INSIGHTS_STREAMS = ["Microsoft-ContainerInsights-Group-Default"] as const;

/**
 * The data collection rule that tells the managed-identity Container Insights agent (`oms_agent` with
 * `msi_auth_for_monitoring_enabled`) what to send where, and its association with the cluster.
 * azurerm creates neither (provider issue #23510); without them the agent runs and sends nothing.
 */
export function containerInsightsRule(
  scope: Construct,
  props: {
    readonly name: string;
    readonly resourceGroupName: string;
    readonly location: string;
    readonly workspaceId: string;
    readonly clusterId: string;
    readonly tags?: Record<string, string>;
  },
): MonitorDataCollectionRuleAssociation {
  const rule = new MonitorDataCollectionRule(scope, "ContainerInsightsRule", {
    name: `MSCI-${props.location}-${props.name}`,
    resourceGroupName: props.resourceGroupName,
    location: props.location,
    kind: "Linux",
    destinations: { logAnalytics: [{ name: "workspace", workspaceResourceId: props.workspaceId }] },
    dataFlow: [{ streams: [...CONTAINER_INSIGHTS_STREAMS], destinations: ["workspace"] }],
    dataSources: {
      extension: [
        {
          name: "ContainerInsightsExtension",
          extensionName: "ContainerInsights",
          streams: [...CONTAINER_INSIGHTS_STREAMS],
          extensionJson: JSON.stringify({
            dataCollectionSettings: {
              interval: "1m",
              namespaceFilteringMode: "Off",
              enableContainerLogV2: true,
            },
          }),
        },
      ],
    },
    tags: props.tags,
  });
  return new MonitorDataCollectionRuleAssociation(scope, "ContainerInsightsAssociation", {
    name: "ContainerInsightsExtension",
    targetResourceId: props.clusterId,
    dataCollectionRuleId: rule.id,
    description: "Container Insights for the cluster's managed-identity agent",
  });
}
