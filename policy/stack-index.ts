/**
 * Builds the read-only view of a synthesized stack that rules receive.
 */
import { blocks as blocksOf, isObject } from "./lib/values.js";
import type { JsonObject, ResourceView, StackDoc, StackIndex } from "./types.js";

function constructPathOf(values: JsonObject): string | undefined {
  const comment = values["//"];
  if (!isObject(comment) || !isObject(comment.metadata)) return undefined;
  const path = comment.metadata.path;
  return typeof path === "string" ? path : undefined;
}

function view(type: string, name: string, address: string, values: JsonObject): ResourceView {
  const constructPath = constructPathOf(values);
  return { type, name, address, values, ...(constructPath === undefined ? {} : { constructPath }) };
}

/** Views of a `{ <type>: { <name>: attrs } }` section (resources or data sources), in document order. */
function sectionViews(section: unknown, prefix: string): ResourceView[] {
  if (!isObject(section)) return [];
  return Object.entries(section).flatMap(([type, byName]) =>
    isObject(byName)
      ? Object.entries(byName).flatMap(([name, values]) =>
          isObject(values) ? [view(`${prefix}${type}`, name, `${prefix}${type}.${name}`, values)] : [],
        )
      : [],
  );
}

/** Provider configurations: `provider.<name>`, or `provider.<name>.<alias>` for aliased ones. */
function providerViews(section: unknown): ResourceView[] {
  if (!isObject(section)) return [];
  return Object.entries(section).flatMap(([name, configs]) =>
    blocksOf(configs).map((values) => {
      const alias = typeof values.alias === "string" ? `.${values.alias}` : "";
      return view("provider", `${name}${alias}`, `provider.${name}${alias}`, values);
    }),
  );
}

/**
 * Variables (`var.<name>`, the variable block with `default`, `sensitive`, ...) or outputs
 * (`output.<name>`, with `value`, `sensitive`, ...).
 */
function namedViews(section: unknown, type: "variable" | "output", prefix: string): ResourceView[] {
  if (!isObject(section)) return [];
  return Object.entries(section).flatMap(([name, values]) =>
    isObject(values) ? [view(type, name, `${prefix}.${name}`, values)] : [],
  );
}

/** Lists every resource of a stack document as a `ResourceView`, in document order. */
export function resourcesOf(doc: StackDoc): ResourceView[] {
  return sectionViews(doc.resource, "");
}

/** Indexes a stack document for rules. */
export function indexStack(doc: StackDoc): StackIndex {
  const all = resourcesOf(doc);
  const data = sectionViews(doc.data, "data.");
  const settings = isObject(doc.terraform)
    ? [view("terraform", "terraform", "terraform", doc.terraform)]
    : [];
  const blocks = [
    ...all,
    ...data,
    ...providerViews(doc.provider),
    ...namedViews(doc.variable, "variable", "var"),
    ...namedViews(doc.output, "output", "output"),
    ...settings,
  ];
  const byType = new Map<string, ResourceView[]>();
  const byAddress = new Map<string, ResourceView>();
  for (const v of [...all, ...data]) {
    byType.set(v.type, [...(byType.get(v.type) ?? []), v]);
    byAddress.set(v.address, v);
  }
  return {
    all,
    blocks,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
    data: (type, name) => {
      const values = doc.data?.[type]?.[name];
      return isObject(values) ? values : undefined;
    },
  };
}
