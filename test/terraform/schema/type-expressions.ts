/**
 * Reads value types out of generated binding code: the mapper expression of a settable argument
 * (`cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._x)`), or, for an attribute that cannot
 * be set, its getter (`this.getStringMapAttribute('x')`) or stored class (`new cdktf.StringMap(this, "x")`).
 */
import type { Member } from "./binding-parser";

export type TypeExpr =
  | { kind: "primitive"; cty: "string" | "number" | "bool" | "dynamic" }
  | { kind: "list" | "set" | "map"; element: TypeExpr; isBlock: boolean }
  | { kind: "struct"; name: string };

const PRIMITIVE_MAPPERS: Record<string, "string" | "number" | "bool" | "dynamic"> = {
  "cdktf.stringToHclTerraform": "string",
  "cdktf.numberToHclTerraform": "number",
  "cdktf.booleanToHclTerraform": "bool",
  "cdktf.anyToHclTerraform": "dynamic",
};

const DYNAMIC: TypeExpr = { kind: "primitive", cty: "dynamic" };

/** The generator renders cty "dynamic" as a map of `any`; turn that back into "dynamic". */
function collection(kind: "list" | "set" | "map", element: TypeExpr, isBlock = false): TypeExpr {
  if (kind === "map" && element.kind === "primitive" && element.cty === "dynamic") return DYNAMIC;
  return { kind, element, isBlock };
}

/** Splits `a, f(b, c), d` at top-level commas. */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
}

/** Index of the `(` that opens the call ending at the last character of `text`. */
function openingParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ")") depth++;
    else if (text[i] === "(" && --depth === 0) return i;
  }
  return -1;
}

function parseMapper(mapper: string): TypeExpr {
  const primitive = PRIMITIVE_MAPPERS[mapper];
  if (primitive) return { kind: "primitive", cty: primitive };
  const call = /^cdktf\.(listMapperHcl|hashMapperHcl)\(([\s\S]*)\)$/.exec(mapper);
  if (call) {
    const [inner, isBlock] = splitArgs(call[2]!);
    const element = parseMapper(inner!);
    return call[1] === "hashMapperHcl"
      ? collection("map", element)
      : collection("list", element, isBlock === "true");
  }
  const struct = /^(\w+)ToHclTerraform$/.exec(mapper);
  if (struct) return { kind: "struct", name: struct[1]!.charAt(0).toUpperCase() + struct[1]!.slice(1) };
  throw new Error(`unrecognized mapper in generated bindings: ${mapper}`);
}

/**
 * The type of a settable argument from its `value:` expression, e.g.
 * `cdktf.listMapperHcl(fooToHclTerraform, true)(this._foo.internalValue)`. A custom default
 * (`x === undefined ? null : mapper(x)`) is skipped. `outer` is the generator's label for the outermost
 * collection ("list" or "set"), which the mapper itself does not record.
 */
export function typeOfHclValue(value: string, outer: string): TypeExpr {
  const ternary = value.lastIndexOf(" : ");
  const expr = value.includes(" ? ") && ternary >= 0 ? value.slice(ternary + 3) : value;
  const open = openingParen(expr);
  if (open <= 0) throw new Error(`unrecognized value in generated bindings: ${value}`);
  const type = parseMapper(expr.slice(0, open));
  return type.kind === "list" && outer === "set" ? { ...type, kind: "set" } : type;
}

const STORED_PRIMITIVES: Record<string, "string" | "number" | "bool" | "dynamic"> = {
  String: "string",
  Number: "number",
  Boolean: "bool",
  Any: "dynamic",
};

/** `StringMapList` → list(map(string)); `FooList` → list(Foo) when Foo is a known struct. */
function typeOfStoredClass(className: string, wrapsSet: boolean | undefined, structs: Set<string>): TypeExpr {
  let name = className.replace(/^cdktf\./, "");
  if (name.endsWith("OutputReference") && structs.has(name.slice(0, -15))) {
    return { kind: "struct", name: name.slice(0, -15) };
  }
  const wrappers: ("list" | "map")[] = [];
  let base: TypeExpr | undefined;
  while (!base) {
    if (structs.has(name)) base = { kind: "struct", name };
    else if (STORED_PRIMITIVES[name]) base = { kind: "primitive", cty: STORED_PRIMITIVES[name] };
    else if (name.endsWith("List")) wrappers.push("list");
    else if (name.endsWith("Map")) wrappers.push("map");
    else return DYNAMIC;
    if (!base) name = name.slice(0, -(wrappers.at(-1) === "list" ? 4 : 3));
  }
  let type = base;
  for (let i = wrappers.length - 1; i >= 0; i--) {
    type = collection(i === 0 && wrappers[i] === "list" && wrapsSet ? "set" : wrappers[i]!, type);
  }
  return type;
}

/** The type of an attribute that cannot be set, from its getter or stored class. */
export function typeOfMember(member: Member, structs: Set<string>): TypeExpr {
  if (member.storedClass) return typeOfStoredClass(member.storedClass, member.wrapsSet, structs);
  const getter = member.getter ?? "";
  const asSet = getter.includes("cdktf.Fn.tolist(");
  const simple = /this\.get(String|Number|Boolean)Attribute\(/.exec(getter);
  if (simple) return { kind: "primitive", cty: STORED_PRIMITIVES[simple[1]!]! };
  const list = /this\.get(Number)?ListAttribute\(/.exec(getter);
  if (list) {
    return collection(asSet ? "set" : "list", { kind: "primitive", cty: list[1] ? "number" : "string" });
  }
  const map = /this\.get(String|Number|Boolean|Any)MapAttribute\(/.exec(getter);
  if (map) return collection("map", { kind: "primitive", cty: STORED_PRIMITIVES[map[1]!]! });
  return DYNAMIC;
}
