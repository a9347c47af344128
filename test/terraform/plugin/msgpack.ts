/**
 * cty's msgpack encoding (go-cty `cty/msgpack`), the `DynamicValue.msgpack` of the plugin protocol.
 *
 * It is schema-directed: the bytes alone do not say whether an array is a list or a set, so both
 * directions take the cty type. The details, from go-cty v1.16 marshal.go, unmarshal.go, unknown.go
 * and dynamic.go:
 * - null is msgpack nil, for every type.
 * - An unknown value is any msgpack extension. A wholly unknown one is written as fixext1 type 0 with
 *   one zero byte (`d4 00 00`); a refined one as ext type 0x0c whose payload is a msgpack map of
 *   small-integer keys (1 not-null, 2 string prefix, 3/4 number bounds, 5/6 collection length bounds).
 *   Extensions of length 0 or 1 are wholly unknown whatever their type code.
 * - A number is written as an int when it is an exact int64, as a float64 when it is an exact
 *   non-integer float64 (infinities included), else as its decimal text in a msgpack string; all
 *   three must be accepted.
 * - Strings may arrive as msgpack str or bin.
 * - Lists, sets and tuples are arrays; maps are maps; objects are maps with every attribute present,
 *   keys sorted.
 * - A known value in a `dynamic` slot is a 2-element array: the value's type as cty JSON type text
 *   (msgpack bin), then the value encoded with that type.
 */
import {
  BigNumber,
  type CtyType,
  type CtyValue,
  Dynamic,
  inferType,
  isPlainObject,
  parseNumber,
  type Refinements,
  Unknown,
} from "./cty";

/** Encodes a value of type `ty` as cty msgpack. */
export function encode(value: CtyValue, ty: CtyType): Buffer {
  const w = new Writer();
  writeValue(w, value, ty);
  return w.finish();
}

/** Decodes cty msgpack holding a value of type `ty`. */
export function decode(bytes: Uint8Array, ty: CtyType): CtyValue {
  const r = new Reader(bytes);
  const v = readValue(r, ty);
  if (r.pos !== bytes.length) throw new Error(`msgpack: ${bytes.length - r.pos} trailing bytes`);
  return v;
}

// ---- encoding ----

class Writer {
  private chunks: Buffer[] = [];
  byte(...b: number[]): void {
    this.chunks.push(Buffer.from(b));
  }
  bytes(b: Uint8Array): void {
    this.chunks.push(Buffer.from(b));
  }
  uint(prefix8: number, n: number, size: 1 | 2 | 4): void {
    const b = Buffer.alloc(1 + size);
    b[0] = prefix8;
    if (size === 1) b.writeUInt8(n, 1);
    else if (size === 2) b.writeUInt16BE(n, 1);
    else b.writeUInt32BE(n, 1);
    this.chunks.push(b);
  }
  finish(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(w: Writer, v: CtyValue, ty: CtyType) {
  if (v instanceof Unknown) return writeUnknown(w, v);
  if (ty === "dynamic" && v !== null) {
    // A typed null or unknown keeps its type in the wrapper; only a wholly dynamic one goes bare.
    const dyn = v instanceof Dynamic ? v : new Dynamic(inferType(v), v);
    if (dyn.type === "dynamic")
      return dyn.value instanceof Unknown ? writeUnknown(w, dyn.value) : w.byte(0xc0);
    w.byte(0x92);
    writeBin(w, Buffer.from(JSON.stringify(dyn.type)));
    return writeValue(w, dyn.value, dyn.type);
  }
  if (v instanceof Dynamic) return writeValue(w, v.value, ty);
  if (v === null) return w.byte(0xc0);
  if (ty === "string") return writeString(w, expect(v, "string", ty));
  if (ty === "bool") return w.byte(expect(v, "boolean", ty) ? 0xc3 : 0xc2);
  if (ty === "number") return writeNumber(w, v);
  const [kind, inner] = ty as [string, unknown];
  if (kind === "list" || kind === "set" || kind === "tuple") {
    if (!Array.isArray(v)) throw new Error(`msgpack: ${kind} needs an array, got ${describe(v)}`);
    writeLength(w, v.length, 0x90, 0xdc);
    v.forEach((e, i) => {
      writeValue(w, e, kind === "tuple" ? (inner as CtyType[])[i]! : (inner as CtyType));
    });
    return;
  }
  if (!isPlainObject(v)) throw new Error(`msgpack: ${kind} needs an object, got ${describe(v)}`);
  if (kind === "map") {
    const keys = Object.keys(v).sort();
    writeLength(w, keys.length, 0x80, 0xde);
    for (const k of keys) {
      writeString(w, k);
      writeValue(w, v[k]!, inner as CtyType);
    }
    return;
  }
  const attrs = inner as Record<string, CtyType>;
  const names = Object.keys(attrs).sort();
  writeLength(w, names.length, 0x80, 0xde);
  for (const k of names) {
    writeString(w, k);
    writeValue(w, v[k] ?? null, attrs[k]!);
  }
}

function writeUnknown(w: Writer, u: Unknown) {
  const raw = u.raw ?? refinementBytes(u.refinements);
  if (raw.length === 0) return w.byte(0xd4, 0x00, 0x00);
  // As vmihailenco/msgpack writes an extension header: fixext for 1/2/4/8/16 bytes, else ext8/16.
  const fix = [1, 2, 4, 8, 16].indexOf(raw.length);
  if (fix >= 0) w.byte(0xd4 + fix);
  else if (raw.length <= 0xff) w.byte(0xc7, raw.length);
  else w.uint(0xc8, raw.length, 2);
  w.byte(0x0c);
  w.bytes(raw);
}

/** The refinement map payload, keys in go-cty's order; empty when there is nothing to say. */
function refinementBytes(r: Refinements): Uint8Array {
  const w = new Writer();
  const entries: [number, () => void][] = [];
  if (r.notNull !== undefined) entries.push([1, () => w.byte(r.notNull ? 0xc2 : 0xc3)]);
  if (r.stringPrefix) entries.push([2, () => writeString(w, r.stringPrefix!)]);
  const bound: CtyType = ["tuple", ["number", "bool"]];
  if (r.numberMin) entries.push([3, () => writeValue(w, r.numberMin!, bound)]);
  if (r.numberMax) entries.push([4, () => writeValue(w, r.numberMax!, bound)]);
  if (r.lengthMin !== undefined) entries.push([5, () => writeInt(w, r.lengthMin!)]);
  if (r.lengthMax !== undefined) entries.push([6, () => writeInt(w, r.lengthMax!)]);
  if (entries.length === 0) return new Uint8Array();
  writeLength(w, entries.length, 0x80, 0xde);
  for (const [key, value] of entries) {
    w.byte(key);
    value();
  }
  return w.finish();
}

function writeNumber(w: Writer, v: CtyValue) {
  if (v instanceof BigNumber) return writeString(w, v.text);
  if (typeof v === "bigint") {
    if (v < -(1n << 63n) || v >= 1n << 64n) return writeString(w, v.toString());
    const b = Buffer.alloc(9);
    b[0] = v >= 0n ? 0xcf : 0xd3;
    if (v >= 0n) b.writeBigUInt64BE(v, 1);
    else b.writeBigInt64BE(v, 1);
    return w.bytes(b);
  }
  if (typeof v !== "number" || Number.isNaN(v))
    throw new Error(`msgpack: number needs a number, got ${describe(v)}`);
  if (Number.isSafeInteger(v)) return writeInt(w, v);
  const b = Buffer.alloc(9);
  b[0] = 0xcb;
  b.writeDoubleBE(v, 1);
  w.bytes(b);
}

/** As vmihailenco/msgpack's EncodeInt: the shortest of fixint, (u)int8, 16, 32 and 64. */
function writeInt(w: Writer, n: number) {
  if (n >= 0 && n < 0x80) return w.byte(n);
  if (n < 0 && n >= -32) return w.byte(n & 0xff);
  const b = Buffer.alloc(9);
  if (n >= 0) {
    if (n <= 0xff) return w.uint(0xcc, n, 1);
    if (n <= 0xffff) return w.uint(0xcd, n, 2);
    if (n <= 0xffffffff) return w.uint(0xce, n, 4);
    b[0] = 0xcf;
    b.writeBigUInt64BE(BigInt(n), 1);
  } else {
    if (n >= -0x80) return w.byte(0xd0, n & 0xff);
    if (n >= -0x8000) return w.uint(0xd1, n & 0xffff, 2);
    if (n >= -0x80000000) return w.uint(0xd2, n >>> 0, 4);
    b[0] = 0xd3;
    b.writeBigInt64BE(BigInt(n), 1);
  }
  w.bytes(b);
}

function writeString(w: Writer, s: string) {
  const b = Buffer.from(s, "utf8");
  if (b.length < 32) w.byte(0xa0 | b.length);
  else if (b.length <= 0xff) w.uint(0xd9, b.length, 1);
  else if (b.length <= 0xffff) w.uint(0xda, b.length, 2);
  else w.uint(0xdb, b.length, 4);
  w.bytes(b);
}

function writeBin(w: Writer, b: Uint8Array) {
  if (b.length <= 0xff) w.uint(0xc4, b.length, 1);
  else if (b.length <= 0xffff) w.uint(0xc5, b.length, 2);
  else w.uint(0xc6, b.length, 4);
  w.bytes(b);
}

function writeLength(w: Writer, n: number, fix: number, prefix16: number) {
  if (n < 16) w.byte(fix | n);
  else if (n <= 0xffff) w.uint(prefix16, n, 2);
  else w.uint(prefix16 + 1, n, 4);
}

function expect<T extends "string" | "boolean">(v: CtyValue, js: T, ty: CtyType) {
  if (typeof v !== js) throw new Error(`msgpack: ${String(ty)} needs a ${js}, got ${describe(v)}`);
  return v as T extends "string" ? string : boolean;
}

function describe(v: CtyValue): string {
  return v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "object"
        ? v.constructor.name
        : typeof v;
}

// ---- decoding ----

class Reader {
  pos = 0;
  private view: DataView;
  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  peek(): number {
    if (this.pos >= this.buf.length) throw new Error("msgpack: unexpected end of input");
    return this.buf[this.pos]!;
  }
  u8(): number {
    const b = this.peek();
    this.pos += 1;
    return b;
  }
  uint(size: 1 | 2 | 4 | 8): number | bigint {
    this.need(size);
    const at = this.pos;
    this.pos += size;
    if (size === 1) return this.view.getUint8(at);
    if (size === 2) return this.view.getUint16(at);
    if (size === 4) return this.view.getUint32(at);
    return this.view.getBigUint64(at);
  }
  int(size: 1 | 2 | 4 | 8): number | bigint {
    this.need(size);
    const at = this.pos;
    this.pos += size;
    if (size === 1) return this.view.getInt8(at);
    if (size === 2) return this.view.getInt16(at);
    if (size === 4) return this.view.getInt32(at);
    return this.view.getBigInt64(at);
  }
  float(size: 4 | 8): number {
    this.need(size);
    const at = this.pos;
    this.pos += size;
    return size === 4 ? this.view.getFloat32(at) : this.view.getFloat64(at);
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Error("msgpack: unexpected end of input");
  }
}

const isExt = (c: number) => (c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9);

function readValue(r: Reader, ty: CtyType): CtyValue {
  const c = r.peek();
  if (isExt(c)) return readUnknown(r);
  if (c === 0xc0) {
    r.u8();
    return null;
  }
  if (ty === "dynamic") {
    if (readArrayLength(r) !== 2) throw new Error("msgpack: a dynamic value must be a 2-element array");
    const inner = JSON.parse(Buffer.from(readBytes(r)).toString("utf8")) as CtyType;
    return new Dynamic(inner, readValue(r, inner));
  }
  if (ty === "string") return Buffer.from(readBytes(r)).toString("utf8");
  if (ty === "bool") {
    const b = r.u8();
    if (b !== 0xc2 && b !== 0xc3) throw new Error(`msgpack: bool is required, got 0x${b.toString(16)}`);
    return b === 0xc3;
  }
  if (ty === "number") return readNumber(r);
  const [kind, inner] = ty as [string, unknown];
  if (kind === "list" || kind === "set" || kind === "tuple") {
    const n = readArrayLength(r);
    const out: CtyValue[] = [];
    for (let i = 0; i < n; i++)
      out.push(readValue(r, kind === "tuple" ? (inner as CtyType[])[i]! : (inner as CtyType)));
    return out;
  }
  const n = readMapLength(r);
  const out: { [key: string]: CtyValue } = {};
  const attrs = inner as Record<string, CtyType>;
  for (let i = 0; i < n; i++) {
    const key = Buffer.from(readBytes(r)).toString("utf8");
    const ety = kind === "map" ? (inner as CtyType) : attrs[key];
    if (ety === undefined) throw new Error(`msgpack: unsupported attribute "${key}"`);
    out[key] = readValue(r, ety);
  }
  if (kind === "object") for (const k of Object.keys(attrs)) if (!(k in out)) out[k] = null;
  return out;
}

function readUnknown(r: Reader): Unknown {
  const c = r.u8();
  let len: number;
  if (c >= 0xd4 && c <= 0xd8) len = 1 << (c - 0xd4);
  else len = Number(r.uint(c === 0xc7 ? 1 : c === 0xc8 ? 2 : 4));
  const code = r.u8();
  const body = r.take(len);
  if (len <= 1) return new Unknown();
  if (code !== 0x0c)
    throw new Error(`msgpack: unsupported extension type 0x${code.toString(16)} with len ${len}`);
  return new Unknown(readRefinements(body), Uint8Array.from(body));
}

function readRefinements(body: Uint8Array): Refinements {
  const r = new Reader(body);
  const n = readMapLength(r);
  const out: Refinements = {};
  for (let i = 0; i < n; i++) {
    const key = Number(readNumber(r));
    switch (key) {
      case 1:
        out.notNull = r.u8() === 0xc2;
        break;
      case 2:
        out.stringPrefix = Buffer.from(readBytes(r)).toString("utf8");
        break;
      case 3:
      case 4: {
        const bound = readValue(r, ["tuple", ["number", "bool"]]) as [CtyValue, boolean];
        if (key === 3) out.numberMin = bound;
        else out.numberMax = bound;
        break;
      }
      case 5:
      case 6:
        if (key === 5) out.lengthMin = Number(readNumber(r));
        else out.lengthMax = Number(readNumber(r));
        break;
      default:
        // Unknown keys are for future refinements; go-cty ignores them, and so do we (the rest of
        // the payload is kept raw, so nothing is lost when the value is written back).
        return out;
    }
  }
  return out;
}

function readNumber(r: Reader): number | bigint | BigNumber {
  const c = r.u8();
  if (c < 0x80) return c;
  if (c >= 0xe0) return c - 0x100;
  const small = (n: number | bigint) =>
    typeof n === "bigint" && Number.isSafeInteger(Number(n)) ? Number(n) : n;
  switch (c) {
    case 0xcc:
      return r.uint(1);
    case 0xcd:
      return r.uint(2);
    case 0xce:
      return r.uint(4);
    case 0xcf:
      return small(r.uint(8));
    case 0xd0:
      return r.int(1);
    case 0xd1:
      return r.int(2);
    case 0xd2:
      return r.int(4);
    case 0xd3:
      return small(r.int(8));
    case 0xca:
      return r.float(4);
    case 0xcb:
      return r.float(8);
  }
  r.pos -= 1;
  return parseNumber(Buffer.from(readBytes(r)).toString("utf8"));
}

/** A msgpack str or bin body. */
function readBytes(r: Reader): Uint8Array {
  const c = r.u8();
  if (c >= 0xa0 && c <= 0xbf) return r.take(c & 0x1f);
  if (c === 0xd9 || c === 0xc4) return r.take(Number(r.uint(1)));
  if (c === 0xda || c === 0xc5) return r.take(Number(r.uint(2)));
  if (c === 0xdb || c === 0xc6) return r.take(Number(r.uint(4)));
  throw new Error(`msgpack: string is required, got 0x${c.toString(16)}`);
}

function readArrayLength(r: Reader): number {
  const c = r.u8();
  if (c >= 0x90 && c <= 0x9f) return c & 0x0f;
  if (c === 0xdc) return Number(r.uint(2));
  if (c === 0xdd) return Number(r.uint(4));
  throw new Error(`msgpack: an array is required, got 0x${c.toString(16)}`);
}

function readMapLength(r: Reader): number {
  const c = r.u8();
  if (c >= 0x80 && c <= 0x8f) return c & 0x0f;
  if (c === 0xde) return Number(r.uint(2));
  if (c === 0xdf) return Number(r.uint(4));
  throw new Error(`msgpack: a map is required, got 0x${c.toString(16)}`);
}
