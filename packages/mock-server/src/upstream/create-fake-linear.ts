import { jsonUpstreamResponse } from "./json-upstream-response.js";
import { type GraphqlRootField, readGraphqlOperation } from "./read-graphql-operation.js";
import type { FakeUpstream } from "./upstream-types.js";

type JsonObject = Record<string, unknown>;

/**
 * Creates the built-in fake Linear GraphQL API (mock-server.md §5), used for Linear connections whose
 * `config.base_url` is null. Every call is treated as a GraphQL POST whatever its path.
 *
 * - a mutation answers `200 { "data": { "<rootField>": { "success": true } } }`; when the client also
 *   selects other fields (`issue { id identifier url }`), those are filled in plausibly, as GraphQL would;
 * - a query answers `200 { "data": ... }` shaped by its selection set (`nodes` lists hold two items);
 * - a body that is not `{ "query": "<GraphQL>" }` answers `400 { "errors": [...] }`, as Linear does.
 *
 * Created entities take increasing numbers (`ENG-1`, `ENG-2`, ...) per fake, so answers are deterministic.
 *
 * @example
 * const linear = createFakeLinear();
 * linear.answer({ tool: "linear", method: "POST", url: "https://api.linear.app/graphql", headers: {},
 *   body: JSON.stringify({ query: "mutation { issueCreate(input: {}) { success } }" }), useFake: true });
 * // → 200 {"data":{"issueCreate":{"success":true}}}
 */
export function createFakeLinear(): FakeUpstream {
  let nextNumber = 1;

  return {
    answer(request) {
      const parsed = parseGraphqlBody(request.body);
      if (!parsed) return graphqlError("Invalid GraphQL request: expected a JSON body with a query string");
      const operation = readGraphqlOperation(parsed.query);
      if (!operation) return graphqlError("Syntax Error: could not read the GraphQL operation");

      const data: JsonObject = {};
      if (operation.kind === "mutation") {
        for (const field of operation.rootFields) {
          const entity = { number: nextNumber++, title: inputTitle(parsed.variables) };
          const payload: JsonObject = { success: true };
          for (const selection of field.selections) {
            if (selection.name === "success") continue;
            payload[selection.responseKey] = buildValue(selection, entity);
          }
          data[field.responseKey] = payload;
        }
      } else {
        for (const field of operation.rootFields) {
          data[field.responseKey] = buildValue(field, { number: 1, title: null });
        }
      }
      return jsonUpstreamResponse(200, { data });
    },
  };
}

interface EntitySeed {
  number: number;
  title: string | null;
}

function buildValue(field: GraphqlRootField, entity: EntitySeed): unknown {
  if (field.selections.length === 0) return leafValue(field.name, entity);
  const object: JsonObject = {};
  for (const selection of field.selections) {
    if (selection.name === "nodes") {
      object[selection.responseKey] = [1, 2].map((number) =>
        buildValue({ ...selection, name: "node" }, { number, title: null }),
      );
    } else if (selection.name === "edges") {
      object[selection.responseKey] = [1, 2].map((number) => buildValue(selection, { number, title: null }));
    } else {
      object[selection.responseKey] = buildValue(selection, entity);
    }
  }
  return object;
}

function leafValue(name: string, entity: EntitySeed): unknown {
  const identifier = `ENG-${entity.number}`;
  switch (name) {
    case "__typename":
      return "Issue";
    case "id":
      return `00000000-0000-4000-8000-${entity.number.toString(16).padStart(12, "0")}`;
    case "identifier":
      return identifier;
    case "number":
      return entity.number;
    case "title":
      return entity.title ?? `Example issue ${entity.number}`;
    case "name":
      return `Example ${entity.number}`;
    case "key":
      return "ENG";
    case "email":
      return "agent@example.com";
    case "url":
      return `https://linear.app/sentrail-mock/issue/${identifier}`;
    case "success":
      return true;
    case "lastSyncId":
      return entity.number;
    case "priority":
      return 0;
    case "hasNextPage":
    case "hasPreviousPage":
      return false;
    case "createdAt":
    case "updatedAt":
      // A fixed instant: the fake has no clock, and answers must not depend on when a test runs.
      return "2025-01-01T00:00:00.000Z";
    default:
      return null;
  }
}

function inputTitle(variables: unknown): string | null {
  if (variables === null || typeof variables !== "object") return null;
  const input = (variables as JsonObject).input;
  if (input !== null && typeof input === "object") {
    const title = (input as JsonObject).title;
    if (typeof title === "string") return title;
  }
  const title = (variables as JsonObject).title;
  return typeof title === "string" ? title : null;
}

function parseGraphqlBody(body: string | null): { query: string; variables: unknown } | null {
  if (!body) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    const { query, variables } = parsed as JsonObject;
    return typeof query === "string" ? { query, variables } : null;
  } catch {
    return null;
  }
}

function graphqlError(message: string) {
  return jsonUpstreamResponse(400, { errors: [{ message, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] });
}
