import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../environments/errors";
import { JsonSourceError, parseJsonStrict } from "../../environments/json-source";
import { ENVIRONMENTS_DIR, loadEnvironments } from "../../environments/load";
import { writeEnvironments } from "./fixtures";

const problemsOf = (text: string) => {
  try {
    parseJsonStrict(text);
  } catch (e) {
    if (e instanceof JsonSourceError) return e.problems;
    throw e;
  }
  throw new Error("expected a problem");
};

describe("strict JSON reader", () => {
  it("reads every checked-in environment exactly as JSON.parse does", () => {
    for (const name of ["dev", "staging", "prod"]) {
      const text = readFileSync(join(ENVIRONMENTS_DIR, `${name}.json`), "utf8");
      expect(parseJsonStrict(text)).toEqual(JSON.parse(text));
    }
    expect(parseJsonStrict('{"a":[1,-2.5e3,true,null,"x\\"y"],"b":{}}')).toEqual(
      JSON.parse('{"a":[1,-2.5e3,true,null,"x\\"y"],"b":{}}'),
    );
  });

  it("names both lines of a key written twice, at any depth", () => {
    const p = problemsOf(
      '{\n  "production": {\n    "liveColor": "blue",\n    "liveColor": "green"\n  },\n  "x": [{"a": 1, "a": 2}]\n}',
    );
    expect(p).toEqual([
      {
        line: 4,
        column: 5,
        path: "production.liveColor",
        found: "liveColor",
        message: "written twice, on lines 3 and 4; JSON keeps only the last, so delete one",
      },
      expect.objectContaining({ line: 6, path: "x.0.a", message: expect.stringContaining("lines 6 and 6") }),
    ]);
  });

  it.each([
    ['{\n  "a": 1,\n}', 3, 1, /expected a double-quoted property name/],
    ['{"a": 1 "b": 2}', 1, 9, /expected "}"/],
    ['{"a": tru}', 1, 7, /unexpected "t"/],
    ['{"a": 1}\n{}', 2, 1, /after the document/],
    ['{"a": "open', 1, 7, /unterminated string/],
    ["", 1, 1, /end of file/],
  ])("reports a syntax error once, by line and column: %j", (text, line, column, message) => {
    const p = problemsOf(text);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line, column, path: "" });
    expect(p[0]!.message).toMatch(message);
  });

  it("makes each problem one line of the config error, with file:line:column", () => {
    const dir = writeEnvironments(() => ({ broken: '{\n  "name": "x",\n}\n' }));
    let message = "";
    try {
      loadEnvironments(dir);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      message = e.message;
    }
    const lines = message.split("\n").filter((l) => l.includes("broken.json"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /broken\.json:3:1: \(file\): got "}"; allowed: valid JSON; hint: expected a double-quoted/,
    );
  });
});
