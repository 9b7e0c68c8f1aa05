/** One root field of a GraphQL operation, with the names its own selection set asks for. */
export interface GraphqlRootField {
  /** The field name (not the alias), e.g. `issueCreate`. */
  name: string;
  /** The key the answer must use: the alias when given, else the name. */
  responseKey: string;
  /** Top-level names selected inside this field (`success`, `issue`, ...); empty for a scalar. */
  selections: GraphqlRootField[];
}

/** The first operation of a GraphQL document, as far as the fake Linear needs it. */
export interface GraphqlOperation {
  kind: "query" | "mutation" | "subscription";
  rootFields: GraphqlRootField[];
}

type Token = { type: "name" | "punctuator"; value: string };

/**
 * Reads the first operation of a GraphQL document: its kind and its selection tree of field names.
 * Arguments, variables, directives, strings and comments are skipped, not interpreted. Returns null
 * for text that is not a readable operation (the fake then answers a GraphQL error).
 *
 * This is a small tokenizer, not a validating parser: it exists so the fake Linear can name the
 * mutation's root field (`issueCreate`) and answer exactly the fields a client selected.
 *
 * @example
 * readGraphqlOperation("mutation { issueCreate(input: {}) { success } }");
 * // → { kind: "mutation", rootFields: [{ name: "issueCreate", responseKey: "issueCreate",
 * //      selections: [{ name: "success", responseKey: "success", selections: [] }] }] }
 */
export function readGraphqlOperation(document: string): GraphqlOperation | null {
  const tokens = tokenize(document);
  let index = 0;
  // Skip fragment definitions before the first operation.
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token) return null;
    if (token.type === "punctuator" && token.value === "{") {
      const parsed = readSelectionSet(tokens, index);
      return parsed ? { kind: "query", rootFields: parsed.fields } : null;
    }
    if (
      token.type === "name" &&
      (token.value === "query" || token.value === "mutation" || token.value === "subscription")
    ) {
      const kind = token.value;
      const open = findNext(tokens, index + 1, "{");
      if (open < 0) return null;
      const parsed = readSelectionSet(tokens, open);
      return parsed ? { kind, rootFields: parsed.fields } : null;
    }
    if (token.type === "name" && token.value === "fragment") {
      const open = findNext(tokens, index + 1, "{");
      if (open < 0) return null;
      const parsed = readSelectionSet(tokens, open);
      if (!parsed) return null;
      index = parsed.end;
      continue;
    }
    return null;
  }
  return null;
}

function readSelectionSet(tokens: Token[], open: number): { fields: GraphqlRootField[]; end: number } | null {
  const fields: GraphqlRootField[] = [];
  let index = open + 1;
  while (index < tokens.length) {
    const token = tokens[index];
    if (!token) return null;
    if (token.type === "punctuator" && token.value === "}") return { fields, end: index + 1 };
    if (token.type === "punctuator" && token.value === "...") {
      // Fragment spread or inline fragment: skip its name / type condition and any selection set.
      index += 1;
      while (tokens[index]?.type === "name") index += 1;
      const next = tokens[index];
      if (next?.type === "punctuator" && next.value === "{") {
        const nested = readSelectionSet(tokens, index);
        if (!nested) return null;
        fields.push(...nested.fields);
        index = nested.end;
      }
      continue;
    }
    if (token.type !== "name") {
      index += 1;
      continue;
    }
    let name = token.value;
    const responseKey = token.value;
    index += 1;
    if (tokens[index]?.value === ":" && tokens[index + 1]?.type === "name") {
      name = tokens[index + 1]?.value ?? name;
      index += 2;
    }
    if (tokens[index]?.value === "(") index = skipBalanced(tokens, index, "(", ")");
    while (tokens[index]?.value === "@") {
      index += 2;
      if (tokens[index]?.value === "(") index = skipBalanced(tokens, index, "(", ")");
    }
    let selections: GraphqlRootField[] = [];
    if (tokens[index]?.value === "{") {
      const nested = readSelectionSet(tokens, index);
      if (!nested) return null;
      selections = nested.fields;
      index = nested.end;
    }
    fields.push({ name, responseKey, selections });
  }
  return null;
}

function findNext(tokens: Token[], from: number, value: string): number {
  for (let index = from; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token?.value === "(") {
      index = skipBalanced(tokens, index, "(", ")") - 1;
      continue;
    }
    if (token?.value === value) return index;
  }
  return -1;
}

function skipBalanced(tokens: Token[], open: number, opener: string, closer: string): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const value = tokens[index]?.value;
    if (value === opener) depth += 1;
    if (value === closer) depth -= 1;
    if (depth === 0) return index + 1;
  }
  return tokens.length;
}

function tokenize(document: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < document.length) {
    const char = document[index] ?? "";
    if (char === "#") {
      while (index < document.length && document[index] !== "\n") index += 1;
      continue;
    }
    if (char === '"') {
      index = skipString(document, index);
      continue;
    }
    if (document.startsWith("...", index)) {
      tokens.push({ type: "punctuator", value: "..." });
      index += 3;
      continue;
    }
    if ("{}():@$!=[]|&".includes(char)) {
      tokens.push({ type: "punctuator", value: char });
      index += 1;
      continue;
    }
    if (/[A-Za-z_]/.test(char)) {
      let end = index + 1;
      while (end < document.length && /[A-Za-z0-9_]/.test(document[end] ?? "")) end += 1;
      tokens.push({ type: "name", value: document.slice(index, end) });
      index = end;
      continue;
    }
    // Whitespace, commas, numbers: not needed to find field names.
    index += 1;
  }
  // `$name` is a variable, never a field: drop the name after each `$`.
  return tokens.filter((token, position) => tokens[position - 1]?.value !== "$" && token.value !== "$");
}

function skipString(document: string, start: number): number {
  if (document.startsWith('"""', start)) {
    const end = document.indexOf('"""', start + 3);
    return end < 0 ? document.length : end + 3;
  }
  let index = start + 1;
  while (index < document.length && document[index] !== '"') {
    index += document[index] === "\\" ? 2 : 1;
  }
  return index + 1;
}
