// A bundler writes one `import { NpyError } from "@npyio/header"` per module that names the package;
// the modules here take NpyError from this one, so a bundle of @npyio/dtype imports it once.
export { NpyError } from "@npyio/header";
