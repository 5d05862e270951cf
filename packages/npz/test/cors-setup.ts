// Global setup of the browser pass: nginx on a second loopback origin, serving the fixtures under
// four CORS policies, for cors.test.ts (the page itself comes from Vitest's server: another origin).
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { missing, NGINX, startNginx } from "../../stream/test/real-servers.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The CORS test server's origin; "" when nginx is missing (outside CI). */
    corsOrigin: string;
  }
}

const preflight = (allow: string) =>
  `if ($request_method = OPTIONS) { add_header Access-Control-Allow-Origin "*"; add_header Access-Control-Allow-Headers "${allow}"; add_header Access-Control-Max-Age 0; return 204; }`;

// not fixtures/index.js: the browser pass aliases that to its browser build
const fixturesDir = fileURLToPath(new URL("../../../fixtures", import.meta.url));

/** Each policy is a directory of the served root (a link to fixtures/) with its own headers. */
const POLICIES = `
    location /origin-only/ { add_header Access-Control-Allow-Origin "*" always; }
    location /no-expose/ { add_header Access-Control-Allow-Origin "*" always; ${preflight("Range")} }
    location /full/ {
      add_header Access-Control-Allow-Origin "*" always;
      add_header Access-Control-Expose-Headers "Content-Range, ETag" always;
      ${preflight("Range, If-Range")}
    }`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (missing(NGINX)) {
    project.provide("corsOrigin", "");
    return async () => {};
  }
  const root = mkdtempSync(join(tmpdir(), "npyio-cors-"));
  for (const policy of ["no-cors", "origin-only", "no-expose", "full"])
    symlinkSync(fixturesDir, join(root, policy));
  const nginx = await startNginx(root, POLICIES);
  project.provide("corsOrigin", nginx.origin);
  return async () => {
    await nginx.close();
    rmSync(root, { recursive: true, force: true });
  };
}
