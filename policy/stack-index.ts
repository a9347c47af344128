/**
 * Builds the read-only view of a synthesized stack that rules receive.
 */
import { isObject } from "./lib/values.js";
import type { JsonObject, ResourceView, StackDoc, StackIndex } from "./types.js";

function constructPathOf(values: JsonObject): string | undefined {
  const comment = values["//"];
  if (!isObject(comment) || !isObject(comment.metadata)) return undefined;
  const path = comment.metadata.path;
  return typeof path === "string" ? path : undefined;
}

/** Lists every resource of a stack document as a `ResourceView`, in document order. */
export function resourcesOf(doc: StackDoc): ResourceView[] {
  const views: ResourceView[] = [];
  for (const [type, byName] of Object.entries(doc.resource ?? {})) {
    if (!isObject(byName)) continue;
    for (const [name, values] of Object.entries(byName)) {
      if (!isObject(values)) continue;
      const constructPath = constructPathOf(values);
      views.push({
        type,
        name,
        address: `${type}.${name}`,
        values,
        ...(constructPath === undefined ? {} : { constructPath }),
      });
    }
  }
  return views;
}

/** Indexes a stack document for rules. */
export function indexStack(doc: StackDoc): StackIndex {
  const all = resourcesOf(doc);
  const byType = new Map<string, ResourceView[]>();
  const byAddress = new Map<string, ResourceView>();
  for (const view of all) {
    byType.set(view.type, [...(byType.get(view.type) ?? []), view]);
    byAddress.set(view.address, view);
  }
  return {
    all,
    ofType: (type) => byType.get(type) ?? [],
    byAddress: (address) => byAddress.get(address),
    data: (type, name) => {
      const values = doc.data?.[type]?.[name];
      return isObject(values) ? values : undefined;
    },
  };
}
