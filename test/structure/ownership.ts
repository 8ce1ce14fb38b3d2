import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ownerOf, type Table } from '../kit/tables.js';

export { discoverTables, type Table } from '../kit/tables.js';

/**
 * Checks of data ownership and tenancy (ARCHITECTURE.md: "Every table has one owner",
 * "Tenancy"), as pure functions of the tables and the source text, so each can be tried on
 * planted violations. test/structure/tables.test.ts runs them over the real tree.
 */

export const root = fileURLToPath(new URL('../..', import.meta.url));

export type SourceFile = { path: string; text: string };

/** A table read where it should not be, or a repository method that reads a tenant table without its place. */
export type Violation = { file: string; table?: string; method?: string; how: string };

const isTestFile = (file: string) => file.endsWith('.test.ts') || /(^|\/)test\//.test(file);

/** Every `.ts` file under `dir` (repository-relative), tests excluded. */
export function sourceFiles(dir = 'src'): SourceFile[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !isTestFile(f))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(path.join(root, f), 'utf8') }));
}

/** Tenant tables without a `place_id` column (global tables are named in `globalTables`). */
export function tablesWithoutPlace(tables: Table[], globalTables: ReadonlyMap<string, string>): Violation[] {
  return tables
    .filter((t) => !globalTables.has(t.name) && !t.columns.includes('place_id'))
    .map((t) => ({ file: t.schemaFile, table: t.name, how: 'tenant table without place_id' }));
}

const tenant = (t: Table) => t.columns.includes('place_id');

// ---------------------------------------------------------------------------------------------
// Which tables a piece of source refers to.

const resolveImport = (from: string, specifier: string) =>
  path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '.ts');

/** Local names bound to table objects by the file's (value) imports, with the table each names. */
function tableImports(file: SourceFile, source: ts.SourceFile, tables: Table[]): Map<string, Table> {
  const bound = new Map<string, Table>();
  for (const stmt of source.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const clause = stmt.importClause;
    if (
      !clause ||
      clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
      !clause.namedBindings ||
      !ts.isNamedImports(clause.namedBindings)
    )
      continue;
    if (!stmt.moduleSpecifier.text.startsWith('.')) continue;
    const target = resolveImport(file.path, stmt.moduleSpecifier.text);
    for (const el of clause.namedBindings.elements) {
      if (el.isTypeOnly) continue;
      const exported = (el.propertyName ?? el.name).text;
      // Either the schema file itself or an aggregate that re-exports every schema.
      const table = tables.find(
        (t) => t.exportName === exported && (t.schemaFile === target || !target.endsWith('.schema.ts')),
      );
      if (table && (target.endsWith('.schema.ts') || target === 'src/platform/schema.ts'))
        bound.set(el.name.text, table);
    }
  }
  return bound;
}

const SQL_TABLE = /\b(?:from|join|into|update|table)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi;

/** Table names in SQL text (string and template literals). */
function sqlTableNames(text: string, tableNames: Set<string>): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(SQL_TABLE)) {
    const name = m[1]!.toLowerCase();
    if (tableNames.has(name)) found.push(name);
  }
  return found;
}

/** The literal text of every string and template literal under `node`. */
function literalTexts(node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) {
      out.push([n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ? '));
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** Identifiers used under `node` (not property names after a dot). */
function identifiersIn(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n)) out.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

const parse = (file: SourceFile) => ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);

// ---------------------------------------------------------------------------------------------
// Check: no source file of one owner reads another owner's table.

/**
 * Another owner's tables read by a file: through Drizzle table objects imported from a schema
 * (only a `*.schema.ts` may, for foreign keys), or named in SQL text. Test files are out of
 * scope (a test may assert on any table); so is SQL in migrations, which is not TypeScript.
 * `readModels` are tables an ADR names as read by other owners.
 */
export function foreignTableReads(
  files: SourceFile[],
  tables: Table[],
  readModels: ReadonlyMap<string, unknown> = new Map(),
): Violation[] {
  const names = new Set(tables.map((t) => t.name));
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: Violation[] = [];
  for (const file of files) {
    if (isTestFile(file.path)) continue;
    const owner = ownerOf(file.path);
    const source = parse(file);
    const seen = new Set<string>();
    const add = (table: Table, how: string) => {
      if (table.owner === owner || readModels.has(table.name) || seen.has(table.name)) return;
      seen.add(table.name);
      out.push({ file: file.path, table: table.name, how });
    };
    if (!file.path.endsWith('.schema.ts'))
      for (const table of tableImports(file, source, tables).values()) add(table, 'imports the table');
    for (const text of literalTexts(source))
      for (const name of sqlTableNames(text, names)) add(byName.get(name)!, 'names the table in SQL');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Check: every repository method that touches a tenant table uses the place.

type Method = { name: string; body: ts.Node };

/** The methods of the object a `create*Repository` function returns. */
function repositoryMethods(source: ts.SourceFile): { methods: Method[]; locals: Map<string, ts.Node> } {
  const methods: Method[] = [];
  const locals = new Map<string, ts.Node>();
  const factories: ts.FunctionLikeDeclaration[] = [];
  for (const stmt of source.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name && /^create\w*Repository$/.test(stmt.name.text))
      factories.push(stmt);
    if (ts.isVariableStatement(stmt))
      for (const d of stmt.declarationList.declarations)
        if (ts.isIdentifier(d.name) && /^create\w*Repository$/.test(d.name.text) && d.initializer)
          if (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
            factories.push(d.initializer);
  }
  const addMembers = (obj: ts.ObjectLiteralExpression) => {
    for (const p of obj.properties) {
      const name = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (!name) continue;
      if (ts.isMethodDeclaration(p) && p.body) methods.push({ name, body: p.body });
      else if (ts.isPropertyAssignment(p)) methods.push({ name, body: functionBody(p.initializer) });
      else if (ts.isShorthandPropertyAssignment(p)) methods.push({ name, body: p.name });
    }
  };
  for (const f of factories) {
    // Helpers declared in the factory itself (not inside its methods).
    if (f.body && ts.isBlock(f.body))
      for (const stmt of f.body.statements) {
        if (ts.isFunctionDeclaration(stmt) && stmt.name) locals.set(stmt.name.text, stmt);
        if (ts.isVariableStatement(stmt))
          for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) locals.set(d.name.text, d);
      }
    const visit = (n: ts.Node) => {
      if (ts.isReturnStatement(n) && n.expression && ts.isObjectLiteralExpression(n.expression)) {
        // Only the factory's own return, not one inside a method.
        let p: ts.Node = n.parent;
        while (!ts.isFunctionLike(p)) p = p.parent;
        if (p === f) addMembers(n.expression);
      }
      ts.forEachChild(n, visit);
    };
    if (f.body && ts.isObjectLiteralExpression(f.body)) addMembers(f.body);
    else if (f.body && ts.isParenthesizedExpression(f.body) && ts.isObjectLiteralExpression(f.body.expression))
      addMembers(f.body.expression);
    else if (f.body) visit(f.body);
  }
  const exported = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const stmt of source.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      locals.set(stmt.name.text, stmt);
      // Exported query helpers of a repository file (shared by its repositories) are checked too.
      if (exported(stmt) && stmt.body && !factories.includes(stmt))
        methods.push({ name: stmt.name.text, body: stmt.body });
    }
    if (ts.isVariableStatement(stmt))
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        locals.set(d.name.text, d);
        if (exported(stmt) && d.initializer && !factories.includes(d.initializer as ts.FunctionLikeDeclaration))
          if (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
            methods.push({ name: d.name.text, body: d.initializer.body });
      }
  }
  return { methods, locals };
}

/** A function's body; any other expression as it is. */
function functionBody(node: ts.Node): ts.Node {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) ? node.body : node;
}

// A Drizzle insert carries place_id in its row: the column is NOT NULL, so the database refuses a row without it.
const INSERT_ONLY = (text: string) =>
  /\.insert\(/.test(text) && !/\.(select|selectDistinct|update|delete|execute|from)\(|\bsql`/.test(text);

/**
 * Repository methods that touch a tenant table (directly or through a helper in the same file)
 * and never mention the place. `acrossPlaces` names methods that legitimately do, as `file#method`.
 */
export function unscopedRepositoryMethods(
  files: SourceFile[],
  tables: Table[],
  acrossPlaces: ReadonlyMap<string, string>,
): Violation[] {
  const names = new Set(tables.map((t) => t.name));
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: Violation[] = [];
  for (const file of files.filter((f) => f.path.endsWith('.repository.ts'))) {
    const source = parse(file);
    const imported = tableImports(file, source, tables);
    const { methods, locals } = repositoryMethods(source);

    // The tenant tables a node touches, following helpers declared in the file.
    const touches = (node: ts.Node, visiting = new Set<ts.Node>()): Set<string> => {
      const found = new Set<string>();
      if (visiting.has(node)) return found;
      visiting.add(node);
      for (const text of literalTexts(node)) for (const n of sqlTableNames(text, names)) found.add(n);
      for (const id of identifiersIn(node)) {
        const table = imported.get(id);
        if (table) found.add(table.name);
        const local = locals.get(id);
        if (local && local !== node && !isAncestor(local, node)) for (const t of touches(local, visiting)) found.add(t);
      }
      return new Set([...found].filter((n) => tenant(byName.get(n)!)));
    };

    for (const method of methods) {
      if (acrossPlaces.has(`${file.path}#${method.name}`)) continue;
      const touched = touches(method.body);
      if (touched.size === 0) continue;
      const local = ts.isIdentifier(method.body) ? locals.get(method.body.text) : undefined;
      const body = !local
        ? method.body
        : ts.isFunctionDeclaration(local) && local.body
          ? local.body
          : ts.isVariableDeclaration(local) && local.initializer
            ? functionBody(local.initializer)
            : local;
      if (usesPlace(body, imported) || INSERT_ONLY(body.getText())) continue;
      out.push({
        file: file.path,
        method: method.name,
        how: `touches ${[...touched].sort().join(', ')} without the place`,
      });
    }
  }
  return out;
}

function isAncestor(a: ts.Node, b: ts.Node): boolean {
  for (let p = b.parent; !ts.isSourceFile(p); p = p.parent) if (p === a) return true;
  return false;
}

/**
 * Whether a method uses a place: a `placeId` value (a parameter, `ctx.placeId`, a row's
 * `placeId`) or `place_id` in its SQL. A table's own column (`t.placeId` in a join) does not count.
 */
function usesPlace(node: ts.Node, tables: Map<string, Table>): boolean {
  // Set inside the visitor, which the type checker does not follow.
  const state = { found: false };
  const visit = (n: ts.Node) => {
    if (state.found) return;
    if (ts.isIdentifier(n) && n.text === 'placeId') {
      const parent = n.parent;
      const isTableColumn =
        ts.isPropertyAccessExpression(parent) &&
        parent.name === n &&
        ts.isIdentifier(parent.expression) &&
        tables.has(parent.expression.text);
      if (!isTableColumn) state.found = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return state.found || literalTexts(node).some((t) => /\bplace_id\b/.test(t));
}
