#!/usr/bin/env node
// Part of `npm test`: validates openapi/sentrail.openapi.yaml against the official OpenAPI 3.1 JSON
// schema, a second, schema-exact validator beside Redocly's linter (which checks style and references but
// let an `allowReserved` on a path parameter through). Exits 1 with every schema error.
import { Validator } from "@seriousme/openapi-schema-validator";

const spec = new URL(process.argv[2] ?? "../openapi/sentrail.openapi.yaml", import.meta.url).pathname;
const validator = new Validator();
const result = await validator.validate(spec);
if (validator.version !== "3.1") {
  console.error(`✖ expected an OpenAPI 3.1 document, read ${validator.version ?? "no version"}`);
  process.exit(1);
}
if (!result.valid) {
  for (const error of [result.errors].flat()) console.error(`✖ ${JSON.stringify(error)}`);
  process.exit(1);
}
// Every method the gateway forwards can meet an upstream that answers 204 No Content.
const problems = [];
for (const [path, item] of Object.entries(validator.specification.paths ?? {})) {
  if (!path.includes("/gateway-proxy/") || path.includes("/status/")) continue;
  for (const method of ["post", "put", "patch", "delete"]) {
    const responses = item[method]?.responses;
    if (responses && !("204" in responses)) problems.push(`${method.toUpperCase()} ${path} declares no 204`);
  }
}
for (const problem of problems) console.error(`✖ ${problem}`);
if (problems.length > 0) process.exit(1);
console.log("openapi: valid against the OpenAPI 3.1 schema; every gateway write declares the upstream's 204");
