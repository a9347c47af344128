import { ContainerRegistry } from "../constructs/aws/container-registry";
import { nodeRoleNamePrefix } from "../constructs/aws/eks-node-groups";
import { type Construct, TerraformOutput } from "../constructs/core";
import { PlatformStack, type PlatformStackProps } from "./platform-stack";

export interface RegistryStackProps extends PlatformStackProps {
  /** The cluster whose nodes pull from the registry: its node roles are matched by name. */
  readonly clusterName: string;
}

/**
 * A self-contained environment's container registry (`dev-registry`, `staging-registry`): one ECR
 * repository per service, in a stack of its own that is applied before the environment. The
 * environment's first apply runs each service's migration and pods from its image, so the image
 * must be in the registry by then: apply this stack, push the images, then apply the environment.
 * The nodes' roles are created by the environment's stack later, so the pull policy matches them
 * by name (`<cluster>-node-*`). The account's scanning and replication settings belong to
 * production's foundation; each repository here still scans on push.
 */
export class RegistryStack extends PlatformStack {
  public readonly registry: ContainerRegistry;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);
    this.registry = new ContainerRegistry(this, "Registry", {
      name: props.env.name,
      services: Object.keys(props.env.services),
      pullRoleNamePrefixes: [nodeRoleNamePrefix(props.clusterName)],
      accountSettings: false,
      preventDestroy: this.protectsData,
    });
    for (const service of Object.keys(props.env.services)) {
      new TerraformOutput(this, `RepositoryUrl-${service}`, { value: this.registry.repositoryUrl(service) });
    }
  }
}
