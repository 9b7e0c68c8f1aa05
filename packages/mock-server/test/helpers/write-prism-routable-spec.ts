import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";

type Json = Record<string, unknown>;

/** A copy of the OpenAPI document that Prism can route real multi-segment paths with. */
export interface PrismRoutableSpec {
  /** The JSON file to hand to `prism proxy`. */
  path: string;
  /** The templates added for each multi-segment path, e.g. `/gateway-proxy/{tool}/{path}/{path_2}`. */
  addedTemplates: string[];
  /** Deletes the file and its temporary folder. */
  remove(): void;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Writes a copy of the document in which every path ending in a multi-segment parameter (one marked
 * `x-sentrail-multi-segment`, the gateway's `{path}`) is also declared with 2 to `maxSegments`
 * segments: `/gateway-proxy/{tool}/{path}/{path_2}/…/{path_n}`, the same path item and operations
 * (operation ids suffixed `_n`), with the added segments as required string path parameters.
 *
 * Prism's router matches one template segment against one path segment, so it cannot route
 * `/gateway-proxy/github/repos/o/r/issues` against `/gateway-proxy/{tool}/{path}`; with this copy it
 * routes the real multi-segment path to the gateway operation, validates the request and the response
 * against that operation's schemas and forwards the path unchanged. So the conformance suite sends
 * paths as clients do, never with percent-encoded slashes (issue 17 item 7). Only the routing
 * changes: every operation, schema and response is the document's own.
 *
 * Fails when a multi-segment parameter is not the path's last segment (the copy could not express it).
 *
 * @example
 * const spec = writePrismRoutableSpec(SPEC, { maxSegments: 10 });
 * const prism = await startPrismProxy(spec.path, server.baseUrl, { errors: true });
 */
export function writePrismRoutableSpec(
  specPath: string,
  options: { maxSegments: number },
): PrismRoutableSpec {
  const document = YAML.parse(readFileSync(specPath, "utf8")) as Json;
  const paths = document.paths as Record<string, Json>;
  const parameters = ((document.components as Json | undefined)?.parameters ?? {}) as Record<string, Json>;
  const multiSegment = new Set(
    Object.entries(parameters)
      .filter(([, parameter]) => parameter["x-sentrail-multi-segment"] === true)
      .map(([key, parameter]) => String(parameter.name ?? key)),
  );

  const expanded: Record<string, Json> = {};
  const addedTemplates: string[] = [];
  for (const [template, pathItem] of Object.entries(paths)) {
    expanded[template] = pathItem;
    const segments = template.split("/");
    const multi = segments.findIndex((segment) => multiSegment.has(/^\{(.+)\}$/.exec(segment)?.[1] ?? ""));
    if (multi < 0) continue;
    if (multi !== segments.length - 1) {
      throw new Error(`${template}: a multi-segment parameter must be the last segment`);
    }
    const name = /^\{(.+)\}$/.exec(segments[multi] ?? "")?.[1] ?? "";
    for (let count = 2; count <= options.maxSegments; count += 1) {
      const extra = Array.from({ length: count - 1 }, (_, index) => `${name}_${index + 2}`);
      const added = `${template}/${extra.map((parameter) => `{${parameter}}`).join("/")}`;
      const copy: Json = {
        ...pathItem,
        parameters: [
          ...((pathItem.parameters as unknown[] | undefined) ?? []),
          ...extra.map((parameter) => ({
            name: parameter,
            in: "path",
            required: true,
            description: `Segment ${parameter.slice(name.length + 1)} of the multi-segment {${name}}.`,
            schema: { type: "string", minLength: 1 },
          })),
        ],
      };
      for (const method of METHODS) {
        const operation = pathItem[method] as Json | undefined;
        if (!operation) continue;
        copy[method] = {
          ...operation,
          ...(typeof operation.operationId === "string"
            ? { operationId: `${operation.operationId}_${count}` }
            : {}),
        };
      }
      expanded[added] = copy;
      addedTemplates.push(added);
    }
  }

  const folder = mkdtempSync(join(tmpdir(), "sentrail-prism-spec-"));
  const path = join(folder, "sentrail.openapi.json");
  writeFileSync(path, JSON.stringify({ ...document, paths: expanded }, null, 2));
  return {
    path,
    addedTemplates,
    remove() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
