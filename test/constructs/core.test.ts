import { resolve as resolveWithCdktf } from "cdktf/lib/_tokens";
import { afterEach, describe, expect, it } from "vitest";
import {
  dependencyOn,
  dependOn,
  escapeTemplateSequences,
  Fn,
  Lazy,
  resolveLikeCdktf,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
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

describe("resolveLikeCdktf", () => {
  /** A fresh app each time, so a cross-stack reference registers its output once per resolution. */
  function scene() {
    const app = Testing.app();
    const origin = new TerraformStack(app, "origin");
    const stack = new TerraformStack(app, "test");
    const local = new TerraformResource(stack, "Local", { terraformResourceType: "null_resource" });
    const remote = new TerraformResource(origin, "Remote", { terraformResourceType: "null_resource" });
    return { stack, local, remote };
  }

  class Box {
    constructor(readonly inside: unknown) {}
  }

  /** Each case builds its value in a fresh scene; the two resolutions must agree exactly. */
  const cases: Record<string, (s: ReturnType<typeof scene>) => unknown> = {
    "plain data, undefined entries dropped": () => ({
      a: "text",
      b: 1.5,
      c: true,
      d: null,
      e: undefined,
      f: [1, undefined, "x", [undefined], {}],
      g: { h: { i: undefined, j: [] } },
    }),
    "literal template sequences and look-alikes": () => ({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform template text, not JavaScript
      dollar: "a ${b} and %{c}",
      escaped: "$${x}",
      plus: "1e+5 one+e+two",
      number: 1e300,
    }),
    "a reference inside a string": ({ local }) => ({ s: `id=${local.getStringAttribute("id")}` }),
    "a reference as a key": ({ local }) => ({ [local.getStringAttribute("id")]: 1 }),
    "a number token and its text": ({ local }) => {
      const n = local.getNumberAttribute("n");
      return { n, text: `port ${n}`, list: [1, n] };
    },
    "a list token in an array": ({ local }) => ({ l: local.getListAttribute("ids") }),
    "a map token": ({ local }) => ({ m: local.getStringMapAttribute("tags") }),
    "a lazy value producing undefined and tokens": ({ local }) => ({
      lazy: Lazy.anyValue({ produce: () => ({ a: undefined, b: local.getStringAttribute("id") }) }),
    }),
    "a Terraform function": ({ local }) => ({ f: Fn.join(",", [local.getStringAttribute("id"), "b"]) }),
    "a cross-stack reference": ({ remote }) => ({ r: [remote.getStringAttribute("arn")] }),
    "a class instance": () => ({ box: new Box({ a: undefined, b: 1 }) }),
    "a Date": () => ({ when: new Date(0) }),
  };

  for (const preparing of [true, false]) {
    for (const [name, build] of Object.entries(cases)) {
      it(`gives what cdktf's resolve gives (${preparing ? "preparing" : "writing"}): ${name}`, () => {
        const a = scene();
        const b = scene();
        expect(resolveLikeCdktf(a.stack, build(a), preparing)).toStrictEqual(
          resolveWithCdktf(b.stack, build(b), preparing),
        );
      });
    }
  }

  it("returns a subtree with nothing to change as the same object", () => {
    const { stack, local } = scene();
    const plain = { nested: { list: [1, "two"] } };
    const value = { plain, ref: local.getStringAttribute("id") };
    const out = resolveLikeCdktf(stack, value, true) as typeof value;
    expect(out).not.toBe(value);
    expect(out.plain).toBe(plain);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Terraform JSON, not a JavaScript template
    expect(out.ref).toBe("${null_resource.Local.id}");
  });

  it("fails where cdktf fails, with cdktf's message", () => {
    const { stack } = scene();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const { local } = scene();
    let deep: unknown = "leaf";
    for (let i = 0; i < 205; i++) deep = [deep];
    // A list token next to other elements (cdktf wants Fn.concat), a function, a cycle, a plain
    // value past the depth limit, what cdktf takes for a construct, and a map token read entry by
    // entry (its values are sentinels cdktf refuses in a scalar context).
    for (const bad of [
      { l: ["a", ...local.getListAttribute("ids")] },
      { f: () => 1 },
      { deep: [{ inside: { f: () => 1 } }] },
      circular,
      { deep },
      { c: { _children: {}, _metadata: [] } },
      {
        tags: Object.entries(local.getStringMapAttribute("tags")).map(([key, value]) => ({ key, value })),
      },
      { s: Token.STRING_MAP_TOKEN_VALUE },
      { a: [Token.ANY_MAP_TOKEN_VALUE] },
      { n: Token.NUMBER_MAP_TOKEN_VALUE },
      { ns: [1, Token.NUMBER_MAP_TOKEN_VALUE] },
    ]) {
      let expected: unknown;
      try {
        resolveWithCdktf(stack, bad, true);
      } catch (e) {
        expected = e;
      }
      expect(expected).toBeInstanceOf(Error);
      expect(() => resolveLikeCdktf(stack, bad, true)).toThrow((expected as Error).message);
    }
    expect(() => resolveLikeCdktf(stack, { s: Token.asString(stack) }, true)).toThrow();
  });
});

describe("dependencyOn", () => {
  it("writes the address within a stack, cdktf's token across stacks, and locks the logical ID", () => {
    const app = Testing.app();
    const one = new TerraformStack(app, "one");
    const two = new TerraformStack(app, "two");
    const target = new TerraformResource(one, "Target", { terraformResourceType: "null_resource" });
    const here = new TerraformResource(one, "Here", { terraformResourceType: "null_resource" });
    const there = new TerraformResource(two, "There", { terraformResourceType: "null_resource" });
    expect(dependencyOn(target, here)).toBe("null_resource.Target");
    expect(dependencyOn(target, there)).toMatch(/^\$\{TfToken\[/);
    expect(() => target.overrideLogicalId("Renamed")).toThrow(/may not be overridden/);
    here.dependsOn = [dependencyOn(target, here)];
    const doc = JSON.parse(Testing.synth(one)) as {
      resource: Record<string, Record<string, { depends_on?: string[] }>>;
    };
    expect(doc.resource.null_resource?.Here?.depends_on).toEqual([
      `null_resource.${target.friendlyUniqueId}`,
    ]);
  });
});

describe("dependOn", () => {
  it("appends one entry per target after the resource's own, and nothing for none", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "one");
    const a = new TerraformResource(stack, "A", { terraformResourceType: "null_resource" });
    const b = new TerraformResource(stack, "B", { terraformResourceType: "null_resource" });
    const c = new TerraformResource(stack, "C", { terraformResourceType: "null_resource", dependsOn: [a] });
    dependOn(c, [b]);
    dependOn(c, []);
    const doc = JSON.parse(Testing.synth(stack)) as {
      resource: Record<string, Record<string, { depends_on?: string[] }>>;
    };
    expect(doc.resource.null_resource?.C?.depends_on).toEqual(["null_resource.A", "null_resource.B"]);
    expect(doc.resource.null_resource?.B?.depends_on).toBeUndefined();
  });
});
