import { ResourceGroup as ResourceGroupResource } from "@cdktf/provider-azurerm/lib/resource-group";
import { describe, expect, it } from "vitest";
import { ResourceGroup, type ResourceGroupProps } from "../../../constructs/azure/resource-group";
import { Testing } from "../../../constructs/core";
import { errorOf, idsOf, problem } from "./azure-fixtures";

const props: ResourceGroupProps = { name: "acme-prod", location: "westeurope" };

function synth(overrides: Partial<ResourceGroupProps> = {}): string {
  return Testing.synthScope((scope) => new ResourceGroup(scope, "Group", { ...props, ...overrides }));
}

describe("ResourceGroup", () => {
  it("creates the group in the region with its tags, and no lock", () => {
    const out = synth({ tags: { environment: "prod" } });
    expect(out).toHaveResourceWithProperties(ResourceGroupResource, {
      name: "acme-prod",
      location: "westeurope",
      tags: { environment: "prod" },
    });
    expect(idsOf(out, "azurerm_management_lock")).toEqual([]);
  });

  it("exposes the name as a reference and the location as a literal", () => {
    Testing.synthScope((scope) => {
      const group = new ResourceGroup(scope, "Group", props);
      expect(group.resourceGroupName).toMatch(/^\$\{TfToken\[/);
      expect(group.location).toBe("westeurope");
    });
  });

  it("rejects a bad name and a display-name region together", () => {
    const message = errorOf(() => synth({ name: "acme prod.", location: "West Europe" }));
    expect(message).toContain("ResourceGroup stack/Group: 3 invalid prop(s)");
    expect(message).toContain(
      problem("name", "acme prod.", "letters, digits, underscores, dashes, dots and parentheses only"),
    );
    expect(message).toContain(problem("name", "acme prod.", "a name that does not end with a dot"));
    expect(message).toContain(
      problem("location", "West Europe", "a programmatic region name such as westeurope"),
    );
  });
});
