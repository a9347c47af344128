import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AzureStateAccount } from "../constructs/azure/state-account";
import { type Construct, LocalBackend, TerraformOutput, TerraformStack } from "../constructs/core";
import type { AzureSettings } from "../environments/azure-schema";
import { requireTerraform } from "./terraform-version";

export interface AzureBootstrapStackProps {
  readonly azure: AzureSettings;
  readonly tags: Record<string, string>;
}

/** Beside BOOTSTRAP_STATE_PATH, for the same reason: outside `cdktf.out`, git-ignored. */
export const AZURE_BOOTSTRAP_STATE_PATH = "../../../terraform.bootstrap-azure.tfstate";

/**
 * Creates the storage account every Azure stack keeps its state in. Like `bootstrap`, it keeps its
 * own state in a local file until the README's first apply moves it into the account.
 */
export class AzureBootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AzureBootstrapStackProps) {
    super(scope, id);
    requireTerraform(this);
    new LocalBackend(this, { path: AZURE_BOOTSTRAP_STATE_PATH });
    new AzurermProvider(this, "Azurerm", {
      subscriptionId: props.azure.subscriptionId,
      tenantId: props.azure.tenantId,
      storageUseAzuread: true,
      // No data-plane polling: the deployer holds Blob Data Contributor only.
      features: [{ storage: [{ dataPlaneAvailable: false }] }],
    });
    const account = new AzureStateAccount(this, "StateAccount", {
      resourceGroupName: props.azure.state.resourceGroupName,
      storageAccountName: props.azure.state.storageAccountName,
      location: props.azure.location,
      deployerObjectId: props.azure.deployerObjectId,
      allowedIpRanges: props.azure.kubernetes.authorizedIpRanges,
      runnerSubnetIds: props.azure.state.runnerSubnetIds,
      tags: { ...props.tags, stack: id },
    });
    new TerraformOutput(this, "StateAccountId", { value: account.storageAccountId });
  }
}
