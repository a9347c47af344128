/**
 * A strict JSON reader for the environment files that says where things are: a syntax error names
 * its line and column, and a key written twice in one object is an error naming both lines.
 * (`JSON.parse` keeps the last of two equal keys silently, so `"liveColor": "blue", "liveColor":
 * "green"` would move traffic to green while a reviewer reads blue.)
 */

/** One problem in a JSON text, 1-based line and column. */
export interface JsonProblem {
  readonly line: number;
  readonly column: number;
  /** JSON path of the duplicate key, dot-separated; "" for syntax errors. */
  readonly path: string;
  /** What was found there: the duplicate key, or the unexpected text. */
  readonly found: string;
  readonly message: string;
}

export class JsonSourceError extends Error {
  constructor(public readonly problems: readonly JsonProblem[]) {
    super(problems.map((p) => `line ${p.line}, column ${p.column}: ${p.message}`).join("; "));
  }
}

/** Parses `text`; throws {@link JsonSourceError} with every duplicate key, or the first syntax error. */
export function parseJsonStrict(text: string): unknown {
  let i = 0;
  const duplicates: JsonProblem[] = [];
  const where = (at: number) => {
    const before = text.slice(0, at);
    const line = before.split("\n").length;
    return { line, column: at - before.lastIndexOf("\n") };
  };
  const fail = (message: string, at = i): never => {
    const found = at < text.length ? text.slice(at, at + 12).split("\n")[0]! : "end of file";
    throw new JsonSourceError([{ ...where(at), path: "", found, message }]);
  };
  const skip = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch)
      fail(
        `expected ${JSON.stringify(ch)}, found ${text[i] === undefined ? "the end" : JSON.stringify(text[i])}`,
      );
    i++;
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i++;
      if (text[i] === "\n") fail("unterminated string", start);
      i++;
    }
    if (i >= text.length) fail("unterminated string", start);
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail("invalid escape in string", start);
    }
  };
  const value = (path: string): unknown => {
    skip();
    const ch = text[i];
    if (ch === "{") {
      i++;
      const out: Record<string, unknown> = {};
      const lines = new Map<string, number>();
      skip();
      if (text[i] === "}") {
        i++;
        return out;
      }
      for (;;) {
        skip();
        if (text[i] !== '"')
          fail(`expected a double-quoted property name, found ${JSON.stringify(text[i] ?? "the end")}`);
        const at = i;
        const key = string();
        const line = where(at).line;
        const first = lines.get(key);
        if (first !== undefined) {
          duplicates.push({
            ...where(at),
            path: path ? `${path}.${key}` : key,
            found: key,
            message: `written twice, on lines ${first} and ${line}; JSON keeps only the last, so delete one`,
          });
        } else lines.set(key, line);
        expect(":");
        out[key] = value(path ? `${path}.${key}` : key);
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        expect("}");
        return out;
      }
    }
    if (ch === "[") {
      i++;
      const out: unknown[] = [];
      skip();
      if (text[i] === "]") {
        i++;
        return out;
      }
      for (;;) {
        out.push(value(`${path}.${out.length}`));
        skip();
        if (text[i] === ",") {
          i++;
          continue;
        }
        expect("]");
        return out;
      }
    }
    if (ch === '"') return string();
    const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (!literal) return fail(`unexpected ${ch === undefined ? "end of file" : JSON.stringify(ch)}`);
    i += literal[0].length;
    return JSON.parse(literal[0]);
  };
  const result = value("");
  skip();
  if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the document`);
  if (duplicates.length > 0) throw new JsonSourceError(duplicates);
  return result;
}
