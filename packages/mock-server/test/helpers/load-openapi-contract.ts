import { readFileSync } from "node:fs";
// Both come with @stoplight/prism-cli (hoisted in the workspace's node_modules), as Prism itself uses them.
import Ajv2020Import from "ajv/dist/2020.js";
import addFormatsImport from "ajv-formats";
import YAML from "yaml";

type Json = Record<string, unknown>;

/** The OpenAPI document, with the questions the conformance suite asks of it. */
export interface OpenApiContract {
  /** The operation a request reaches, or null when no path matches. */
  findOperation(
    method: string,
    path: string,
  ): { template: string; pointer: string; operation: Json | null; pathItem: Json } | null;
  /** Whether `status` is declared (exactly, as `NXX`, or by `default`) for the request's operation. */
  isDocumented(method: string, path: string, status: number): boolean;
  /**
   * Validates a response the way Prism would: the declared response for `status`, its required headers
   * and its body schema for the response's content type. Returns the problems (empty when valid).
   */
  validateResponse(method: string, path: string, status: number, headers: Headers, body: unknown): string[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Loads `openapi/sentrail.openapi.yaml` for the conformance suite.
 *
 * Path matching follows the document's own rules: literal segments win over parameters
 * (`/gateway-proxy/status/{correlationId}` before `/gateway-proxy/{tool}/{path}`), and a parameter
 * marked `x-sentrail-multi-segment` (the gateway's `{path}`) matches several segments, which Prism's
 * router cannot do.
 *
 * @example
 * const contract = loadOpenApiContract(specPath);
 * contract.isDocumented("POST", "/evaluate-action", 200); // true
 */
export function loadOpenApiContract(specPath: string): OpenApiContract {
  const document = YAML.parse(readFileSync(specPath, "utf8")) as Json;
  const paths = document.paths as Record<string, Json>;
  const Ajv2020 = ((Ajv2020Import as unknown as { default?: unknown }).default ??
    Ajv2020Import) as typeof Ajv2020Import;
  const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ??
    addFormatsImport) as typeof addFormatsImport;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document, "openapi");
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();

  const multiSegmentParameters = new Set<string>();
  for (const [name, parameter] of Object.entries(
    ((document.components as Json)?.parameters ?? {}) as Record<string, Json>,
  )) {
    if (parameter["x-sentrail-multi-segment"] === true || parameter.allowReserved === true) {
      multiSegmentParameters.add(String(parameter.name ?? name));
    }
  }

  const routes = Object.keys(paths)
    .map((template) => {
      const segments = template.split("/").filter(Boolean);
      const pattern = segments
        .map((segment) => {
          const parameter = /^\{(.+)\}$/.exec(segment)?.[1];
          if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          return multiSegmentParameters.has(parameter) ? ".+" : "[^/]+";
        })
        .join("/");
      return {
        template,
        regex: new RegExp(`^/${pattern}/?$`),
        literals: segments.filter((segment) => !segment.startsWith("{")).length,
      };
    })
    .sort((left, right) => right.literals - left.literals);

  function findOperation(method: string, path: string) {
    const pathname = path.split("?")[0] ?? path;
    const route = routes.find((candidate) => candidate.regex.test(pathname));
    if (!route) return null;
    const pathItem = paths[route.template] as Json;
    const operation = (pathItem[method.toLowerCase()] as Json | undefined) ?? null;
    const pointer = `/paths/${escapePointer(route.template)}/${method.toLowerCase()}`;
    return { template: route.template, pointer, operation, pathItem };
  }

  function declaredResponse(operation: Json, status: number): { key: string } | null {
    const responses = (operation.responses ?? {}) as Json;
    for (const key of [String(status), `${Math.floor(status / 100)}XX`, "default"]) {
      if (key in responses) return { key };
    }
    return null;
  }

  function resolve(value: unknown): { node: Json; pointer: string } | null {
    if (!value || typeof value !== "object") return null;
    const reference = (value as Json).$ref;
    if (typeof reference !== "string" || !reference.startsWith("#/")) return null;
    let node: unknown = document;
    for (const part of reference.slice(2).split("/")) node = (node as Json)[unescapePointer(part)];
    return node && typeof node === "object" ? { node: node as Json, pointer: reference.slice(1) } : null;
  }

  return {
    findOperation,
    isDocumented(method, path, status) {
      const found = findOperation(method, path);
      if (!found) return false;
      if (found.operation) return declaredResponse(found.operation, status) !== null;
      // A method the path does not define (405): documented when the path's operations declare it.
      return METHODS.some((name) => {
        const operation = found.pathItem[name] as Json | undefined;
        return operation?.responses ? declaredResponse(operation, status) !== null : false;
      });
    },
    validateResponse(method, path, status, headers, body) {
      const found = findOperation(method, path);
      if (!found?.operation) return [`no operation for ${method} ${path}`];
      const declared = declaredResponse(found.operation, status);
      if (!declared) return [`status ${status} is not documented for ${method} ${found.template}`];
      let response = (found.operation.responses as Json)[declared.key] as Json;
      let responsePointer = `${found.pointer}/responses/${escapePointer(declared.key)}`;
      const resolved = resolve(response);
      if (resolved) {
        response = resolved.node;
        responsePointer = resolved.pointer;
      }
      const problems: string[] = [];
      for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
        const definition = resolve(header)?.node ?? header;
        if (definition.required === true && !headers.has(name))
          problems.push(`missing required header ${name}`);
      }
      const content = (response.content ?? {}) as Record<string, Json>;
      const contentType = (headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
      if (Object.keys(content).length === 0) return problems;
      const mediaKey =
        Object.keys(content).find((key) => key === contentType) ?? (contentType ? null : "application/json");
      if (!mediaKey) {
        problems.push(
          `content type ${contentType || "(none)"} is not declared (${Object.keys(content).join(", ")})`,
        );
        return problems;
      }
      const media = content[mediaKey] as Json;
      if (!media.schema || mediaKey !== "application/json") return problems;
      const reference = `openapi#${responsePointer}/content/${escapePointer(mediaKey)}/schema`;
      const validate = validators.get(reference) ?? ajv.compile({ $ref: reference });
      validators.set(reference, validate);
      if (!validate(body)) {
        for (const error of validate.errors ?? [])
          problems.push(`body${error.instancePath} ${error.message}`);
      }
      return problems;
    },
  };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
