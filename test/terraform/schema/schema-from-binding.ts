/**
 * Turns one parsed binding module into a Terraform schema block. How each part is decided:
 *
 * - flags: `required`/`optional`/`computed` come verbatim from the generator's per-attribute comment;
 * - block or attribute: a struct-valued argument is a nested block when the generator serializes it as
 *   one (`listMapperHcl(…, true)`, or a bare struct mapper on a "list"/"set", which is a block with
 *   max_items 1) or describes it as "<name> block"; otherwise it is an attribute;
 * - nesting: the generator's outer label ("list", "set", "map", "struct" → "single");
 * - min_items: 1 for a required block (the exact minimum is not recorded); max_items: 1 when the binding
 *   treats the block as a single item (larger maxima are not recorded, so none is emitted);
 * - nested attribute or object type: an object-valued attribute is a protocol-6 nested attribute when its
 *   fields carry their own flags or descriptions (object types copy the parent's flags and have none);
 *   when that cannot be told, it follows the rest of the module (nested if any attribute in it clearly
 *   is), since SDKv2 providers never produce nested attributes and framework providers rarely produce
 *   object types.
 */
import type { BindingModule, Flags, HclEntry, Member, Prop, StructInfo } from "./binding-parser";
import { type TypeExpr, typeOfHclValue, typeOfMember } from "./type-expressions";
import type { AttributeJson, BlockJson, BlockTypeJson, CtyType, NestingMode } from "./types";

interface Container {
  members: Member[];
  props: Map<string, Prop>;
  hcl: Map<string, HclEntry>;
}

type Field =
  | { as: "attribute"; type: TypeExpr }
  | { as: "block"; struct: string; nesting: NestingMode; singleItem: boolean }
  | { as: "nested"; struct: string; nesting: NestingMode };

/** Where the builder is: the structs expanded so far (to stop at loops) and the Terraform path (for notes). */
interface Trail {
  structs: string[];
  names: string[];
}

const NO_PROPS = new Map<string, Prop>();
const NO_HCL = new Map<string, HclEntry>();

class SchemaBuilder {
  private readonly structNames: Set<string>;
  /** Whether an object-valued attribute whose fields do not tell is a nested attribute. */
  private readonly nestedByDefault: boolean;
  /** What the bindings could not say, per attribute path; see `SchemaResult.notes`. */
  readonly notes: string[] = [];

  constructor(private readonly mod: BindingModule) {
    this.structNames = new Set(mod.structs.keys());
    this.nestedByDefault = this.moduleUsesNestedAttributes();
  }

  /** A struct's fields: its output class's attributes, or, for provider structs, its interface. */
  private container(name: string): Container {
    const info: StructInfo = this.mod.structs.get(name) ?? {};
    const props = info.props ?? NO_PROPS;
    const members =
      info.members ??
      [...props.values()].map((p) => ({
        name: p.name,
        flags: { computed: false, optional: p.optional, required: !p.optional },
      }));
    return { members, props, hcl: info.hcl ?? NO_HCL };
  }

  private classify(c: Container, member: Member): Field {
    const entry = c.hcl.get(member.name);
    if (!entry) return { as: "attribute", type: typeOfMember(member, this.structNames) };
    const type = typeOfHclValue(entry.value, entry.type);
    const describedAsBlock = c.props.get(member.name)?.description === `${member.name} block`;
    if (type.kind === "struct") {
      if (entry.type === "list" || entry.type === "set") {
        return { as: "block", struct: type.name, nesting: entry.type, singleItem: true };
      }
      if (describedAsBlock) return { as: "block", struct: type.name, nesting: "single", singleItem: false };
      return { as: "nested", struct: type.name, nesting: "single" };
    }
    if (type.kind !== "primitive" && type.element.kind === "struct") {
      const struct = type.element.name;
      if (type.isBlock || describedAsBlock) {
        return { as: "block", struct, nesting: type.kind, singleItem: false };
      }
      return { as: "nested", struct, nesting: type.kind };
    }
    return { as: "attribute", type };
  }

  /** Whether an object-valued attribute's fields show it is a nested attribute; undefined if unclear. */
  private clearlyNested(struct: string, parent: Flags): boolean | undefined {
    const c = this.container(struct);
    const ownFlags = c.members.some(
      (m) =>
        m.flags.optional !== parent.optional ||
        m.flags.required !== parent.required ||
        m.flags.computed !== parent.computed,
    );
    const described = [...c.props.values()].some((p) => p.description !== undefined);
    return ownFlags || described ? true : undefined;
  }

  private moduleUsesNestedAttributes(): boolean {
    const containers = [this.mod.root, ...[...this.mod.structs.keys()].map((s) => this.container(s))];
    return containers.some((c) =>
      c.members.some((m) => {
        const field = this.classify(c, m);
        return field.as === "nested" && this.clearlyNested(field.struct, m.flags) === true;
      }),
    );
  }

  private note(trail: Trail, name: string, what: string): void {
    this.notes.push(`${[...trail.names, name].join(".")}: ${what}`);
  }

  private enter(trail: Trail, struct: string, name: string): Trail {
    return { structs: [...trail.structs, struct], names: [...trail.names, name] };
  }

  block(c: Container, trail: Trail, skip: (name: string) => boolean = () => false): BlockJson {
    const attributes: Record<string, AttributeJson> = {};
    const blockTypes: Record<string, BlockTypeJson> = {};
    for (const member of c.members) {
      if (skip(member.name)) continue;
      const field = this.classify(c, member);
      if (field.as === "block") {
        if (trail.structs.includes(field.struct)) {
          this.note(trail, member.name, "left out: the bindings fold this repeated shape into a loop");
          continue;
        }
        const blockType: BlockTypeJson = {
          nesting_mode: field.nesting,
          block: this.block(this.container(field.struct), this.enter(trail, field.struct, member.name)),
        };
        const counted = field.nesting === "list" || field.nesting === "set";
        if (member.flags.required && counted) blockType.min_items = 1;
        if (field.singleItem) blockType.max_items = 1;
        blockTypes[member.name] = blockType;
      } else {
        attributes[member.name] = this.attribute(c, member, field, trail);
      }
    }
    const block: BlockJson = { description_kind: "plain" };
    if (Object.keys(attributes).length > 0) block.attributes = attributes;
    if (Object.keys(blockTypes).length > 0) block.block_types = blockTypes;
    return block;
  }

  private attribute(c: Container, member: Member, field: Field, trail: Trail): AttributeJson {
    const attr: AttributeJson = { description_kind: "plain" };
    const here = { ...trail, names: [...trail.names, member.name] };
    if (field.as === "nested") {
      const nested = this.clearlyNested(field.struct, member.flags) ?? this.nestedByDefault;
      if (nested && !trail.structs.includes(field.struct)) {
        const inner = this.container(field.struct);
        const innerTrail = this.enter(trail, field.struct, member.name);
        const attributes: Record<string, AttributeJson> = {};
        for (const m of inner.members) {
          attributes[m.name] = this.attribute(inner, m, this.classify(inner, m), innerTrail);
        }
        attr.nested_type = { attributes, nesting_mode: field.nesting };
      } else {
        const object = this.objectType(field.struct, here);
        attr.type = field.nesting === "single" ? object : [field.nesting, object];
      }
    } else if (field.as === "attribute") {
      const entry = c.hcl.get(member.name);
      const skipped = entry
        ? entry.storageClassType === "any"
        : !member.storedClass && member.getter?.startsWith("this.interpolationForAttribute(");
      if (skipped) {
        this.note(trail, member.name, "dynamic: the bindings replace this argument's whole tree with `any`");
      }
      attr.type = this.cty(field.type, here);
    } else {
      this.note(
        trail,
        member.name,
        "a block inside a nested attribute; emitted as an object-typed attribute",
      );
      attr.type = [field.nesting === "single" ? "list" : field.nesting, this.objectType(field.struct, here)];
    }
    const description = c.props.get(member.name)?.description;
    if (description && description !== `${member.name} block`) attr.description = description;
    if (member.flags.required) attr.required = true;
    else if (member.flags.optional || !member.flags.computed) attr.optional = true;
    if (member.flags.computed) attr.computed = true;
    return attr;
  }

  /** `trail.names` ends with the attribute whose type this is. */
  private cty(type: TypeExpr, trail: Trail): CtyType {
    if (type.kind === "primitive") return type.cty;
    if (type.kind === "struct") return this.objectType(type.name, trail);
    return [type.kind, this.cty(type.element, trail)];
  }

  private objectType(struct: string, trail: Trail): CtyType {
    if (trail.structs.includes(struct)) {
      this.notes.push(
        `${trail.names.join(".")}: dynamic: the bindings fold this repeated object shape into a loop`,
      );
      return "dynamic";
    }
    const c = this.container(struct);
    const fields: Record<string, CtyType> = {};
    for (const m of c.members) {
      const entry = c.hcl.get(m.name);
      const type = entry ? typeOfHclValue(entry.value, entry.type) : typeOfMember(m, this.structNames);
      fields[m.name] = this.cty(type, {
        structs: [...trail.structs, struct],
        names: [...trail.names, m.name],
      });
    }
    return ["object", fields];
  }
}

export interface SchemaResult {
  block: BlockJson;
  /** Places where the bindings lose information and a default was chosen, as "path: what". */
  notes: string[];
}

/**
 * The schema block of one module. For a provider, `alias` is dropped: the generator adds it to every
 * provider's config, but it is a Terraform meta-argument, not part of the provider's schema.
 */
export function blockFromBinding(mod: BindingModule): SchemaResult {
  const skip = mod.rootKind === "provider" ? (name: string) => name === "alias" : undefined;
  const builder = new SchemaBuilder(mod);
  const block = builder.block(mod.root, { structs: [], names: [] }, skip);
  return { block, notes: builder.notes };
}
