/**
 * Exact decimal arithmetic for objectives, error budgets and thresholds.
 *
 * `100 - 99.9` in binary floating point is `0.09999999999999432`, so a budget computed with plain
 * numbers leaks float drift into rule expressions (`vector(0.0010000000000000009)`). Every value here
 * is a BigInt of units at a decimal scale, so `99.9 -> 0.001` and `14.4 * 0.001 -> 0.0144` are exact.
 */

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** An exact decimal value: `units * 10^-scale`. Immutable. */
export class Decimal {
  private constructor(
    /** The value scaled to an integer. */
    readonly units: bigint,
    /** The number of decimal places `units` is scaled by (>= 0). */
    readonly scale: number,
  ) {}

  /** Parses a plain or exponent decimal string (`"99.9"`, `"1e-3"`). Throws on anything else. */
  static parse(text: string): Decimal {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match) throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
    const [, sign, whole, fraction = "", exponentText = "0"] = match;
    const exponent = Number(exponentText);
    const digits = BigInt(`${whole}${fraction}`) * (sign === "-" ? -1n : 1n);
    const scale = fraction.length - exponent;
    return scale >= 0 ? new Decimal(digits, scale) : new Decimal(digits * 10n ** BigInt(-scale), 0);
  }

  /**
   * Converts a JS number through its shortest round-trip string, which is the literal the spec author
   * wrote (`99.9` stays `99.9`, not `99.900000000000005684...`).
   */
  static fromNumber(value: number): Decimal {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return Decimal.parse(String(value));
  }

  /** `this + other`, exact. */
  plus(other: Decimal): Decimal {
    const [a, b, scale] = align(this, other);
    return new Decimal(a + b, scale).normalized();
  }

  /** `this - other`, exact. */
  minus(other: Decimal): Decimal {
    const [a, b, scale] = align(this, other);
    return new Decimal(a - b, scale).normalized();
  }

  /** `this * other`, exact. */
  times(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale).normalized();
  }

  /** `this / 10^power`, exact (used for percent -> ratio). */
  shiftLeft(power: number): Decimal {
    return new Decimal(this.units, this.scale + power).normalized();
  }

  /** -1, 0 or 1 as `this` is less than, equal to or greater than `other`. */
  compare(other: Decimal): -1 | 0 | 1 {
    const [a, b] = align(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** The smaller of the two values. */
  min(other: Decimal): Decimal {
    return this.compare(other) <= 0 ? this : other;
  }

  /** Plain decimal notation without trailing zeros: `"0.001"`, `"14.4"`, `"0"`. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, "0");
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = digits.slice(digits.length - this.scale).replace(/0+$/, "");
    const text = fraction ? `${whole}.${fraction}` : whole;
    return negative && text !== "0" ? `-${text}` : text;
  }

  /** The nearest JS number (only for output that is compared approximately, never for arithmetic). */
  toNumber(): number {
    return Number(this.toString());
  }

  private normalized(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % 10n === 0n) {
      units /= 10n;
      scale -= 1;
    }
    return new Decimal(units, scale);
  }
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** Shorthand for {@link Decimal.parse} / {@link Decimal.fromNumber}. */
export function dec(value: string | number): Decimal {
  return typeof value === "number" ? Decimal.fromNumber(value) : Decimal.parse(value);
}
