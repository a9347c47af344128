import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AzurermBackend, type Construct, TerraformStack } from "../constructs/core";
import type { AzureSettings } from "../environments/azure-schema";
import type { Environment } from "../environments/schema";
import type { SloSpec } from "../slo/spec-types";
import { requireTerraform } from "./terraform-version";

export interface AzureStackProps {
  readonly env: Environment;
  /**
   * The SLO specs the environment's services name.
   * @default builtInSpecs
   */
  readonly specs?: readonly SloSpec[];
}

/**
 * Base for every Azure stack: the azurerm provider (Entra authentication to storage, since shared keys
 * are disabled; no data-plane polling of private accounts) and an azurerm backend in the state account
 * that `bootstrap-azure` creates, with Entra authentication and its blob lease as the lock. Azure's
 * state lives in Azure, so an AWS outage never blocks operating Azure, and the other way round.
 */
export class AzureStack extends TerraformStack {
  public readonly env: Environment;
  public readonly azure: AzureSettings;

  constructor(scope: Construct, id: string, props: AzureStackProps) {
    super(scope, id);
    if (!props.env.azure) throw new Error(`${id}: environment ${props.env.name} has no azure section`);
    this.env = props.env;
    this.azure = props.env.azure;
    requireTerraform(this);
    new AzurermProvider(this, "Azurerm", {
      subscriptionId: this.azure.subscriptionId,
      tenantId: this.azure.tenantId,
      storageUseAzuread: true,
      features: [
        {
          keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
    });
    new AzurermBackend(this, {
      resourceGroupName: this.azure.state.resourceGroupName,
      storageAccountName: this.azure.state.storageAccountName,
      containerName: "tfstate",
      key: `stacks/${id}/terraform.tfstate`,
      useAzureadAuth: true,
    });
  }

  /** True where data must survive a destroy: staging and production. */
  get protectsData(): boolean {
    return this.env.tier !== "development";
  }

  /** Tags every Azure resource of the stack carries. */
  get tags(): Record<string, string> {
    return { ...this.env.tags, stack: this.node.id, cloud: "azure" };
  }
}
