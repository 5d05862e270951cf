import { expect, it } from "vitest";
import * as cli from "../src/index.js";

it("@npyio/cli exports exactly its public API", () => {
  expect(Object.keys(cli).sort()).toMatchInlineSnapshot(`
    [
      "EXIT",
      "StatsAccumulator",
      "formatArray",
      "runCli",
    ]
  `);
});
