import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
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
