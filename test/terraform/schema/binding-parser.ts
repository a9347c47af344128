/**
 * Parses one module of generated cdktf provider bindings (the TypeScript that @cdktf/provider-generator
 * writes) into the facts a Terraform schema needs. The generator's output is regular, so a line-oriented
 * reading is enough; each fact comes from one of four places:
 *
 * - `export interface X { readonly name?: T }` — what can be set, whether it may be left out, and the
 *   schema's description (a nested block is described as "<name> block", which tells it from an attribute);
 * - `export function xToHclTerraform(...)` and `synthesizeHclAttributes()` — for each settable argument
 *   the mapper that serializes it (`cdktf.listMapperHcl(inner, isBlock)`, `cdktf.hashMapperHcl(inner)`,
 *   `fooToHclTerraform`, `cdktf.stringToHclTerraform`, …) and its outer collection kind;
 * - `// name - computed: a, optional: b, required: c` above each attribute of a resource, data source,
 *   provider or `XOutputReference` class — the schema flags, verbatim, for every attribute;
 * - the getter or stored class after that comment — the type of attributes that cannot be set.
 */

export interface Flags {
  computed: boolean;
  optional: boolean;
  required: boolean;
}

/** One attribute of a class, from its `// name - computed: …` comment and what follows it. */
export interface Member {
  name: string;
  flags: Flags;
  /** The getter's return expression, e.g. `this.getStringAttribute('arn')`. */
  getter?: string;
  /** For attributes held in a stored class: its class, e.g. `EksClusterCertificateAuthorityList`. */
  storedClass?: string;
  /** The stored class's `wrapsSet` argument (true when the attribute is a set). */
  wrapsSet?: boolean;
}

/** One property of a generated interface. */
export interface Prop {
  name: string;
  optional: boolean;
  description?: string;
}

/** One argument in a `...ToHclTerraform` function or `synthesizeHclAttributes()`. */
export interface HclEntry {
  value: string;
  /** Outer kind as the generator labels it: "simple", "list", "set", "map" or "struct". */
  type: string;
  storageClassType: string;
}

/** Everything known about one generated struct (a nested block or an object-valued attribute). */
export interface StructInfo {
  members?: Member[];
  props?: Map<string, Prop>;
  hcl?: Map<string, HclEntry>;
}

export interface BindingModule {
  /** The Terraform type (`aws_vpc`), or the provider's name for a provider module. */
  tfType: string;
  providerVersion?: string;
  rootKind: "resource" | "data" | "provider";
  root: { members: Member[]; props: Map<string, Prop>; hcl: Map<string, HclEntry> };
  structs: Map<string, StructInfo>;
}

const FLAGS_LINE =
  /^[ \t]*\/\/ (\S+) - computed: (true|false), optional: (true|false), required: (true|false)[ \t]*$/gm;
const HCL_ENTRY =
  /^[ \t]*"?([\w-]+)"?: \{[ \t]*\n[ \t]*value: (.+),[ \t]*\n[ \t]*isBlock: (?:true|false),[ \t]*\n[ \t]*type: "(\w+)",[ \t]*\n[ \t]*storageClassType: "([^"]+)",[ \t]*\n[ \t]*\},/gm;
const INTERFACE_PROP = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/[ \t]*\n[ \t]*readonly (\w+)(\??):/g;
const ROOT_BASES: Record<string, BindingModule["rootKind"]> = {
  TerraformResource: "resource",
  TerraformDataSource: "data",
  TerraformProvider: "provider",
};

/** Splits the module into top-level `export interface|function|class` declarations. */
function declarations(source: string): { keyword: string; name: string; header: string; body: string }[] {
  const result: { keyword: string; name: string; header: string; body: string }[] = [];
  const starts = [...source.matchAll(/^export (interface|function|class) (\w+)([^\n]*)$/gm)];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.index : source.length;
    result.push({ keyword: m[1]!, name: m[2]!, header: m[3]!, body: source.slice(m.index, end) });
  });
  return result;
}

function parseMembers(body: string): Member[] {
  const marks = [...body.matchAll(FLAGS_LINE)];
  return marks.map((m, i) => {
    const sectionEnd = i + 1 < marks.length ? marks[i + 1]!.index : body.length;
    const section = body.slice(m.index, sectionEnd).split(/^[ \t]*\/\/ =+$/m)[0]!;
    const stored = /private _\w+ = new ([\w.]+)\(this, "[^"]*"(?:, (true|false))?\)/.exec(section);
    const getter = /public get \w+\(\)[^{]*\{\s*return ([^;]+);/.exec(section);
    return {
      name: m[1]!,
      flags: { computed: m[2] === "true", optional: m[3] === "true", required: m[4] === "true" },
      getter: getter?.[1]?.trim(),
      storedClass: stored?.[1],
      wrapsSet: stored?.[2] === undefined ? undefined : stored[2] === "true",
    };
  });
}

function parseHcl(body: string): Map<string, HclEntry> {
  const entries = new Map<string, HclEntry>();
  for (const m of body.matchAll(HCL_ENTRY)) {
    entries.set(m[1]!, { value: m[2]!.trim(), type: m[3]!, storageClassType: m[4]! });
  }
  return entries;
}

function parseProps(body: string): Map<string, Prop> {
  const props = new Map<string, Prop>();
  for (const m of body.matchAll(INTERFACE_PROP)) {
    const lines = m[1]!.split("\n").map((l) => l.replace(/^\s*\*\s?/, "").trimEnd());
    const link = lines.findIndex((l) => l.startsWith("Docs at Terraform Registry:"));
    const tfName = /#(\S+) \S+\}/.exec(lines[link] ?? "")?.[1] ?? toSnakeCase(m[2]!);
    const description = lines
      .slice(0, link < 0 ? lines.length : link)
      .join("\n")
      .trim();
    props.set(tfName, { name: tfName, optional: m[3] === "?", description: description || undefined });
  }
  return props;
}

function toSnakeCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Parses the generated TypeScript of one resource, data source or provider module. */
export function parseBindingModule(source: string): BindingModule {
  const structs = new Map<string, StructInfo>();
  const struct = (name: string) => {
    let s = structs.get(name);
    if (!s) {
      s = {};
      structs.set(name, s);
    }
    return s;
  };
  let root: { kind: BindingModule["rootKind"]; body: string } | undefined;
  const interfaces = new Map<string, Map<string, Prop>>();

  for (const decl of declarations(source)) {
    if (decl.keyword === "interface") {
      interfaces.set(decl.name, parseProps(decl.body));
    } else if (decl.keyword === "function") {
      const name = /^(\w+)ToHclTerraform$/.exec(decl.name)?.[1];
      if (name) struct(upperFirst(name)).hcl = parseHcl(decl.body);
    } else {
      const base = /extends cdktf\.(\w+)/.exec(decl.header)?.[1] ?? "";
      const kind = ROOT_BASES[base];
      if (kind) root = { kind, body: decl.body };
      else if (base === "ComplexObject" && decl.name.endsWith("OutputReference")) {
        struct(decl.name.slice(0, -"OutputReference".length)).members = parseMembers(decl.body);
      }
    }
  }
  if (!root) throw new Error("no resource, data source or provider class in this module");

  const tfType = /static readonly tfResourceType = "([^"]+)"/.exec(root.body)?.[1];
  const configName = /public constructor\(scope: Construct, id: string, config\??: (\w+)/.exec(
    root.body,
  )?.[1];
  if (!tfType || !configName) throw new Error("cannot find tfResourceType or the config interface");
  for (const [name, props] of interfaces) if (name !== configName) struct(name).props = props;
  const synth = root.body.indexOf("synthesizeHclAttributes()");
  return {
    tfType,
    providerVersion: /providerVersion: '([^']+)'/.exec(root.body)?.[1],
    rootKind: root.kind,
    root: {
      members: parseMembers(root.body.slice(0, synth < 0 ? undefined : synth)),
      props: interfaces.get(configName) ?? new Map(),
      hcl: synth < 0 ? new Map() : parseHcl(root.body.slice(synth)),
    },
    structs,
  };
}
