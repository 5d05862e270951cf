import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { browserAliases } from "../../vitest.config.js";

// `npyio` and the @npyio packages resolve to their TypeScript sources, so `pnpm start` needs no build.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { alias: browserAliases },
  // uplot and fflate ship ES modules: serving them as they are avoids the dev server's mid-session
  // "new dependencies optimized, reloading" that a worker import would otherwise trigger
  optimizeDeps: { noDiscovery: true, include: [] },
  worker: { format: "es" },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  build: { target: "es2022" },
});
