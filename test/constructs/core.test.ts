import { afterEach, describe, expect, it } from "vitest";
import {
  escapeTemplateSequences,
  Fn,
  Lazy,
  TerraformOutput,
  TerraformStack,
  Testing,
  withoutTokenTraces,
} from "../../constructs/core";

const tokenTrace = () => Lazy.anyValue({ produce: () => 1 }).creationStack;
const savedDebug = process.env.DEBUG;

describe("withoutTokenTraces", () => {
  afterEach(() => {
    if (savedDebug === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = savedDebug;
  });

  it("drops cdktf's per-token traces inside and only inside", () => {
    delete process.env.DEBUG;
    expect(tokenTrace().length).toBeGreaterThan(0);
    expect(withoutTokenTraces(tokenTrace)).toEqual([]);
    expect(tokenTrace().length).toBeGreaterThan(0);
  });

  it("keeps the stack of an Error thrown inside", () => {
    delete process.env.DEBUG;
    const error = withoutTokenTraces(() => new TypeError("bad field"));
    expect(error.stack).toMatch(/^TypeError: bad field\n {4}at /);
    expect(error.stack).toContain("core.test.ts");
  });

  it("keeps the token traces when DEBUG is set", () => {
    process.env.DEBUG = "1";
    expect(withoutTokenTraces(tokenTrace).length).toBeGreaterThan(0);
  });

  it("restores the previous formatter even when the callback throws", () => {
    delete process.env.DEBUG;
    const before = Error.prepareStackTrace;
    expect(() =>
      withoutTokenTraces(() => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Error.prepareStackTrace).toBe(before);
  });
});

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
