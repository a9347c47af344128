import { PrivateEndpoint as PrivateEndpointResource } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "../core";
import { Validator } from "../validation";
import { checkResourceId } from "./data-validation";
import { PRIVATE_LINK_ZONES, type PrivateDnsZoneIds, type PrivateLinkSubresource } from "./private-dns-zones";
import type { IResourceGroup } from "./resource-group";

/** What a private endpoint needs from the network: where it goes and which zones it registers in. */
export interface IPrivateEndpointNetwork {
  /** Region of the VNet; an endpoint is created in its VNet's region. */
  readonly location: string;
  /** The subnet that holds private endpoints. */
  readonly privateEndpointSubnetId: string;
  readonly privateDnsZoneIds: PrivateDnsZoneIds;
}

export interface PrivateEndpointProps {
  /** Endpoint name, e.g. `acme-prod-kv-vault`; also names its connection and network interface. */
  readonly name: string;
  /** The group the endpoint is created in (usually the target's). */
  readonly resourceGroup: IResourceGroup;
  readonly network: IPrivateEndpointNetwork;
  /** Id of the resource the endpoint connects to. */
  readonly targetResourceId: string;
  /** The target's sub-resource (group id); it picks the private DNS zone. */
  readonly subresource: PrivateLinkSubresource;
}

/** Azure's rule for private endpoint names (Microsoft.Network/privateEndpoints: 2 to 64 characters). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$/;

/**
 * A private endpoint for one sub-resource of a target, in the network's endpoints subnet, auto-approved
 * (same tenant), with a DNS zone group that writes the A record into the sub-resource's
 * `privatelink.*` zone, so the service's usual host name resolves to the private address in the VNet.
 */
export class PrivateEndpoint extends Construct {
  public readonly privateEndpointId: string;
  /** The private IP address the endpoint takes in the endpoints subnet. */
  public readonly privateIpAddress: string;
  /** The zone the A record goes to, e.g. `privatelink.vaultcore.azure.net`. */
  public readonly privateDnsZoneName: string;
  /** The endpoint resource, for `dependsOn` (a client that must wait for the private route). */
  public readonly endpoint: PrivateEndpointResource;

  constructor(scope: Construct, id: string, props: PrivateEndpointProps) {
    super(scope, id);
    const v = new Validator(`PrivateEndpoint ${this.node.path}`);
    v.check(
      NAME.test(props.name),
      "name",
      props.name,
      "2 to 64 letters, digits, underscores, dots and dashes, starting with a letter or digit and ending with a letter, digit or underscore",
      "derive it from the target's name, e.g. <vault>-vault",
    ).check(
      Object.hasOwn(PRIVATE_LINK_ZONES, props.subresource),
      "subresource",
      props.subresource,
      `one of ${Object.keys(PRIVATE_LINK_ZONES).join(", ")}`,
      "add the sub-resource and its privatelink zone to PRIVATE_LINK_ZONES and the network's zones",
    );
    checkResourceId(v, "targetResourceId", props.targetResourceId);
    v.throwIfAny();

    this.privateDnsZoneName = PRIVATE_LINK_ZONES[props.subresource];
    this.endpoint = new PrivateEndpointResource(this, "Endpoint", {
      name: props.name,
      resourceGroupName: props.resourceGroup.resourceGroupName,
      location: props.network.location,
      subnetId: props.network.privateEndpointSubnetId,
      customNetworkInterfaceName: `${props.name}-nic`,
      privateServiceConnection: {
        name: props.name,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [props.subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: {
        name: "default",
        privateDnsZoneIds: [props.network.privateDnsZoneIds[props.subresource]],
      },
    });
    this.privateEndpointId = this.endpoint.id;
    this.privateIpAddress = this.endpoint.privateServiceConnection.privateIpAddress;
  }
}
