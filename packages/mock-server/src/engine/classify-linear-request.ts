import type { ActionClassification } from "./action-classification.js";
import { linearVerbRisk } from "./linear-action-risk.js";

/**
 * Classifies a Linear GraphQL request body `{ query, variables?, operationName? }` (§6.2):
 *
 * 1. comments are ignored; when the first operation is not a `mutation` → `read`/low;
 * 2. for a mutation, the first selected root field (`issueCreate`, aliases resolved) splits into
 *    `<resource><Verb>` → action `<resource>.<verb>` lowercased (`issue.create`);
 * 3. risk from the verb (`delete`, `archive` → high, otherwise medium);
 * 4. `resourceType` is the resource part, `resourceId` is `variables.id` when it is a string.
 *
 * Returns null when the body is not a GraphQL request (the caller answers
 * `400 "Invalid GraphQL request"`). A hand-written tokenizer, linear in the query length.
 *
 * @example
 * classifyLinearRequest({ query: "mutation { issueCreate(input: {title: \"x\"}) { success } }" });
 * // { action: "issue.create", riskLevel: "medium", resourceType: "issue", resourceId: null }
 */
export function classifyLinearRequest(body: unknown): ActionClassification | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return null;
  const { query, variables } = body as { query?: unknown; variables?: unknown };
  if (typeof query !== "string") return null;
  const rootField = firstMutationField(tokenize(query));
  if (rootField === undefined) return null;
  if (rootField === null) return { action: "read", riskLevel: "low", resourceType: null, resourceId: null };
  const id =
    variables !== null && typeof variables === "object" && !Array.isArray(variables)
      ? (variables as { id?: unknown }).id
      : undefined;
  const resourceId = typeof id === "string" ? id : null;
  const split = splitResourceVerb(rootField);
  if (!split) return { action: rootField.toLowerCase(), riskLevel: "medium", resourceType: null, resourceId };
  const resource = split.resource.toLowerCase();
  return {
    action: `${resource}.${split.verb.toLowerCase()}`,
    riskLevel: linearVerbRisk(split.verb),
    resourceType: resource,
    resourceId,
  };
}

/**
 * The first root field of the first operation when it is a mutation; null for a query or
 * subscription; undefined when the document holds no readable operation.
 */
function firstMutationField(tokens: string[]): string | null | undefined {
  let position = 0;
  while (position < tokens.length) {
    const token = tokens[position];
    if (token === "{" || token === "query" || token === "subscription") return null;
    if (token === "fragment") {
      position = skipBalanced(tokens, tokens.indexOf("{", position));
      if (position < 0) return undefined;
      continue;
    }
    if (token !== "mutation") return undefined;
    position++;
    // Skip the operation name, variable definitions and directives up to the selection set.
    while (position < tokens.length && tokens[position] !== "{") {
      if (tokens[position] === "(") {
        position = skipBalanced(tokens, position);
        if (position < 0) return undefined;
      } else position++;
    }
    const first = tokens[position + 1];
    if (first === undefined || !isName(first)) return undefined;
    if (tokens[position + 2] === ":") {
      const field = tokens[position + 3];
      return field !== undefined && isName(field) ? field : undefined;
    }
    return first;
  }
  return undefined;
}

/** Index just past the bracket group opening at `start` (`{…}` or `(…)`), or -1. */
function skipBalanced(tokens: string[], start: number): number {
  if (start < 0) return -1;
  const open = tokens[start];
  const close = open === "{" ? "}" : ")";
  let depth = 0;
  for (let index = start; index < tokens.length; index++) {
    if (tokens[index] === open) depth++;
    else if (tokens[index] === close && --depth === 0) return index + 1;
  }
  return -1;
}

function isName(token: string): boolean {
  return /^[_A-Za-z][_0-9A-Za-z]*$/.test(token);
}

/** Names and punctuators of a GraphQL document; strings, numbers, commas and comments dropped. */
function tokenize(source: string): string[] {
  const tokens: string[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === "#") {
      while (index < source.length && source[index] !== "\n" && source[index] !== "\r") index++;
    } else if (char === '"') {
      index = skipString(source, index);
    } else if (/[_A-Za-z]/.test(char)) {
      const start = index;
      while (index < source.length && /[_0-9A-Za-z]/.test(source[index] as string)) index++;
      tokens.push(source.slice(start, index));
    } else if ("{}():$@!=[]|".includes(char)) {
      tokens.push(char);
      index++;
    } else {
      index++;
    }
  }
  return tokens;
}

function skipString(source: string, start: number): number {
  if (source.startsWith('"""', start)) {
    const end = source.indexOf('"""', start + 3);
    return end < 0 ? source.length : end + 3;
  }
  let index = start + 1;
  while (index < source.length) {
    const char = source[index];
    if (char === "\\") index += 2;
    else if (char === '"' || char === "\n") return index + 1;
    else index++;
  }
  return index;
}

/** `issueCreate` → issue + Create; `attachmentLinkURL` → attachmentLink + URL; null without a verb. */
function splitResourceVerb(field: string): { resource: string; verb: string } | null {
  const isUpper = (char: string | undefined) => char !== undefined && char >= "A" && char <= "Z";
  let index = field.length - 1;
  while (index > 0 && !isUpper(field[index])) index--;
  while (index > 0 && isUpper(field[index - 1])) index--;
  if (index <= 0) return null;
  return { resource: field.slice(0, index), verb: field.slice(index) };
}
