import { describe, expect, it } from "vitest";
import { escapeTemplateSequences, Fn, TerraformOutput, TerraformStack, Testing } from "../../constructs/core";

describe("escapeTemplateSequences", () => {
  it("escapes literal template sequences and keeps cdktf's token markers", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "test");
    const ref = Fn.lower("X");
    expect(ref).toMatch(/^\$\{TfToken\[/);
    const text = escapeTemplateSequences(`uid \${datasource} pw \${ENV} if %{x} ref ${ref}`);
    expect(text).toBe(`uid $\${datasource} pw $\${ENV} if %%{x} ref ${ref}`);
    new TerraformOutput(stack, "text", { value: text });
    const { output } = JSON.parse(Testing.synth(stack)) as { output: { text: { value: string } } };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform JSON, not a JavaScript template
    expect(output.text.value).toBe('uid $${datasource} pw $${ENV} if %%{x} ref ${lower("X")}');
  });
});
